import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../local/emulator/emulator';

/** The variables the helper sets or clears, restored afterwards. */
const MANAGED_ENV = [
  'AWS_ENDPOINT_URL',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_MAX_ATTEMPTS',
  'AWS_EC2_METADATA_DISABLED',
  'HYBRID_CONNECTIVITY_RETRY_BASE_MS',
];

/**
 * Runs the local emulator for one test file: started on a free port in `beforeAll`, `reset()` before each
 * test, stopped in `afterAll`. While it runs, the real SDK clients reach it through `AWS_ENDPOINT_URL`
 * with dummy credentials in us-east-1, and retries back off from 5 ms so retry tests stay fast.
 * Service-specific `AWS_ENDPOINT_URL_*` variables are cleared, as they would win over the emulator.
 *
 * ```ts
 * const emulator = useEmulator();
 * it('...', async () => { emulator().faults.add({ ... }); });
 * ```
 */
export function useEmulator(options: EmulatorOptions = {}): () => RunningEmulator {
  let running: RunningEmulator | undefined;
  let saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    running = await startEmulator({ quiet: true, ...options, port: options.port ?? 0 });
    const names = [...MANAGED_ENV, ...Object.keys(process.env).filter(k => k.startsWith('AWS_ENDPOINT_URL_'))];
    saved = Object.fromEntries(names.map(k => [k, process.env[k]]));
    for (const k of names) delete process.env[k];
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: running.url,
      AWS_ACCESS_KEY_ID: 'AKIAEMULATOR00000000',
      AWS_SECRET_ACCESS_KEY: 'emulator-secret-access-key',
      AWS_REGION: 'us-east-1',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_EC2_METADATA_DISABLED: 'true',
      HYBRID_CONNECTIVITY_RETRY_BASE_MS: '5',
    });
  });

  beforeEach(() => {
    running?.reset();
  });

  afterAll(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await running?.stop();
    running = undefined;
  });

  return () => {
    if (!running) throw new Error('The emulator is not running: call the accessor inside a test or hook, not at describe time');
    return running;
  };
}

/** One raw AWS request, for tests that check the wire itself rather than a client's view of it. */
export interface AwsRequest {
  /** `X-Amz-Target` for JSON protocols, e.g. `Interconnect.ListEnvironments`. */
  readonly target?: string;
  /** The SigV4 signing name: `interconnect`, `directconnect`, `networkmanager`, ... */
  readonly signingName: string;
  /** `1.0` or `1.1` for JSON protocols; omit for REST-JSON (`application/json`). */
  readonly jsonVersion?: string;
  /** Serialized as JSON unless already a string. Default `{}` for JSON protocols. */
  readonly body?: unknown;
  /** Default POST. */
  readonly method?: string;
  /** Default `/`. */
  readonly path?: string;
  readonly query?: Record<string, string>;
  /** Default us-east-1. */
  readonly region?: string;
  readonly headers?: Record<string, string>;
  /** Send it without an Authorization header. */
  readonly unsigned?: boolean;
}

export interface AwsReply {
  readonly status: number;
  /** Lower-cased names. */
  readonly headers: Record<string, string>;
  readonly text: string;
  /** The parsed body, or undefined when it is not JSON. */
  readonly json: any;
}

/** Sends one SigV4-signed request (dummy credentials: the emulator does not check signatures) and reads the reply. */
export async function awsRequest(baseUrl: string, request: AwsRequest): Promise<AwsReply> {
  const url = new URL(baseUrl);
  const body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? (request.jsonVersion ? {} : undefined)) ?? '';
  const headers: Record<string, string> = {
    'host': url.host,
    'content-type': request.jsonVersion ? `application/x-amz-json-${request.jsonVersion}` : 'application/json',
    ...(request.target ? { 'x-amz-target': request.target } : {}),
    ...(request.headers ?? {}),
  };
  let signedHeaders = headers;
  if (!request.unsigned) {
    const signer = new SignatureV4({
      credentials: { accessKeyId: 'AKIAEMULATOR00000000', secretAccessKey: 'emulator-secret-access-key' },
      region: request.region ?? 'us-east-1',
      service: request.signingName,
      sha256: Sha256,
    });
    const signed = await signer.sign({
      method: request.method ?? 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: request.path ?? '/',
      query: request.query ?? {},
      headers,
      body,
    });
    signedHeaders = signed.headers as Record<string, string>;
  }
  const query = new URLSearchParams(request.query ?? {}).toString();
  const { host: _host, ...sendHeaders } = signedHeaders;
  const method = request.method ?? 'POST';
  const res = await fetch(`${url.origin}${request.path ?? '/'}${query ? `?${query}` : ''}`, {
    method,
    headers: sendHeaders,
    body: method === 'GET' || method === 'HEAD' ? undefined : body,
  });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: Object.fromEntries(res.headers.entries()), text, json };
}

/** Calls an unsigned `/_emulator/...` control route; rejects on a non-2xx answer. */
export async function emulatorControl(baseUrl: string, method: 'GET' | 'POST', route: string, body?: unknown): Promise<any> {
  const res = await fetch(`${baseUrl}/_emulator/${route}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined,
  });
  const json: any = await res.json();
  if (!res.ok) throw new Error(`${method} /_emulator/${route} -> ${res.status} ${json.__type}: ${json.message}`);
  return json;
}

/**
 * Freezes the emulator's clock and returns a `betweenPolls` for `driveToCompletion` that moves it on by
 * `stepMs` after each poll. A simulated transition of T ms then ends after about T / stepMs polls on any
 * machine, so a test can say the handler waited without racing the wall clock.
 */
export function steppedClock(running: RunningEmulator, stepMs: number): () => void {
  running.clock.freeze();
  return () => running.clock.advance(stepMs);
}
