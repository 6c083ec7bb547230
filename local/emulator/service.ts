/**
 * The seam between the emulator's HTTP server and each emulated AWS service.
 *
 * The server parses the request, checks the SigV4 Authorization header, finds the service whose
 * `matches` says yes, applies fault injection for `service:operation`, records the call, then calls
 * `handle`. A service throws `ServiceError` for an AWS error; the protocol layer renders it in the
 * service's own wire shape (JSON 1.0/1.1: `__type` + `x-amzn-ErrorType`; REST-JSON: `x-amzn-ErrorType`).
 */
export type Protocol = 'json' | 'rest-json';

export interface EmulatorRequest {
  readonly method: string;
  /** Path without the query string, URI-decoded segments left encoded. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Lower-cased header names. */
  readonly headers: Record<string, string | undefined>;
  readonly body: Buffer;
  /** The parsed JSON body, or {} when the body is empty. */
  readonly json: any;
  /** `X-Amz-Target`, e.g. `Interconnect.CreateConnection`. */
  readonly target?: string;
  /** The service and region named in the SigV4 credential scope. */
  readonly signingService?: string;
  readonly region: string;
  /**
   * The account the caller acts as. As LocalStack does, an access key id that is a 12-digit number acts as
   * that account; any other key acts as the emulator's default account (`ServiceContext.accountId`,
   * 123456789012 unless the emulator was started with another).
   */
  readonly accountId: string;
}

export interface EmulatorResponse {
  readonly status: number;
  readonly headers?: Record<string, string>;
  /** Serialized as JSON unless it is already a string or Buffer. */
  readonly body?: unknown;
}

/** What every service gets from the server: the clock, the account, and the transition times. */
export interface ServiceContext {
  /** The default account: the one a request signed with a non-numeric access key id acts as. */
  readonly accountId: string;
  now(): number;
  /** Simulated transition time for a named step, in ms (e.g. `interconnect.pendingToAvailable`). */
  timing(name: string, fallbackMs: number): number;
}

export class ServiceError extends Error {
  constructor(public readonly status: number, public readonly code: string, message: string, public readonly extra: Record<string, unknown> = {}) {
    super(message);
    this.name = code;
  }
}

export interface EmulatorService {
  /** Short name, used in fault rules, call logs and control routes: `interconnect`, `directconnect`, ... */
  readonly name: string;
  readonly protocol: Protocol;
  /** For JSON protocols: the `X-Amz-Target` prefix (`Interconnect`, `OvertureService`, `secretsmanager`). */
  readonly targetPrefix?: string;
  /** For JSON protocols: `1.0` or `1.1`, the content type version of responses. */
  readonly jsonVersion?: string;
  /** For REST-JSON: the SigV4 signing name that routes a request here (`networkmanager`, `iotwireless`). */
  readonly signingName?: string;
  /** The code of the error a rate-limited call gets (HTTP 429). Default `ThrottlingException`. */
  readonly throttlingCode?: string;
  /** Which operation a request is (REST-JSON services route method + path here); undefined if none. */
  operationOf(req: EmulatorRequest): string | undefined;
  handle(operation: string, req: EmulatorRequest, ctx: ServiceContext): Promise<EmulatorResponse> | EmulatorResponse;
  /** Test and partner controls: POST /_emulator/<name>/<action> with a JSON body. */
  control?(action: string, body: any, ctx: ServiceContext): Promise<unknown> | unknown;
  /** Forget everything and seed again. */
  reset(): void;
  /** Everything the service holds now, for checks that nothing was left behind or duplicated. */
  snapshot(): Record<string, unknown[]>;
}
