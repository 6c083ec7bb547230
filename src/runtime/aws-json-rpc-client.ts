import { randomUUID } from 'node:crypto';
import { types } from 'node:util';
import { Sha256 } from '@aws-crypto/sha256-js';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type {
  AwsCredentialIdentity, AwsCredentialIdentityProvider, RetryErrorInfo, RetryErrorType, RetryStrategyV2, RetryToken,
} from '@smithy/types';
import { StandardRetryStrategy } from '@smithy/util-retry';

/**
 * A transport for AWS services that speak the AWS JSON 1.0 / 1.1 RPC protocol: every call is a signed
 * `POST /` naming the operation in `X-Amz-Target`. It exists for services whose SDK v3 client is not on
 * the registry; it behaves like one (endpoint and region resolution, credential chain, standard retries,
 * service exceptions) so the official client can replace it without callers noticing.
 */
export interface AwsJsonRpcClientConfig {
  /** The service id from the API model, e.g. `Interconnect`; names the `AWS_ENDPOINT_URL_<ID>` variable. */
  readonly serviceId: string;
  /** The SigV4 signing name, e.g. `interconnect`; also the first label of the default endpoint. */
  readonly signingName: string;
  /** The `X-Amz-Target` prefix, e.g. `Interconnect`: the target is `<prefix>.<Operation>`. */
  readonly targetPrefix: string;
  readonly jsonVersion: '1.0' | '1.1';
  /** @default AWS_REGION, then AWS_DEFAULT_REGION */
  readonly region?: string;
  /** @default AWS_ENDPOINT_URL_<SERVICE_ID>, then AWS_ENDPOINT_URL, then `https://<signingName>.<region>.api.aws` */
  readonly endpoint?: string;
  /** @default the standard Node credential chain (env, SSO, ini, web identity, container, instance metadata) */
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Attempts in all, first try included. Ignored when `retryStrategy` is given. @default AWS_MAX_ATTEMPTS, then 3 */
  readonly maxAttempts?: number;
  /** @default a StandardRetryStrategy with `maxAttempts`: its token bucket lives as long as this client */
  readonly retryStrategy?: RetryStrategyV2;
  /** The most one attempt may take, headers and body. @default 20000 */
  readonly requestTimeoutMs?: number;
  /** @default 5000 */
  readonly connectionTimeoutMs?: number;
}

export interface ResponseMetadata {
  readonly httpStatusCode?: number;
  readonly requestId?: string;
  readonly attempts?: number;
  readonly totalRetryDelay?: number;
}

export interface MetadataBearer {
  readonly $metadata: ResponseMetadata;
}

/** An error the service returned, shaped like SDK v3's ServiceException: `name` is the AWS error code. */
export class AwsServiceError extends Error {
  public readonly $fault: 'client' | 'server';
  public $metadata: ResponseMetadata;

  constructor(name: string, message: string, fault: 'client' | 'server', metadata: ResponseMetadata) {
    super(message);
    this.name = name;
    this.$fault = fault;
    this.$metadata = metadata;
  }
}

const DEFAULT_MAX_ATTEMPTS = 3;
const DEFAULT_REQUEST_TIMEOUT_MS = 20_000;
const DEFAULT_CONNECTION_TIMEOUT_MS = 5_000;

// The lists @smithy/core's retry middleware classifies by, so retries match the SDK clients'.
const THROTTLING_CODES = new Set([
  'BandwidthLimitExceeded', 'EC2ThrottledException', 'LimitExceededException', 'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException', 'RequestLimitExceeded', 'RequestThrottled', 'RequestThrottledException',
  'SlowDown', 'ThrottledException', 'Throttling', 'ThrottlingException', 'TooManyRequestsException',
  'TransactionInProgressException',
]);
const TRANSIENT_CODES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException']);
const TRANSIENT_STATUS = new Set([500, 502, 503, 504]);
const NETWORK_ERROR_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

export class AwsJsonRpcClient {
  public readonly region: string;
  public readonly endpoint: URL;
  public readonly maxAttempts: number;
  private readonly config: AwsJsonRpcClientConfig;
  private readonly signer: SignatureV4;
  private readonly http: NodeHttpHandler;
  private readonly retryStrategy: RetryStrategyV2;

  constructor(config: AwsJsonRpcClientConfig) {
    this.config = config;
    this.region = resolveRegion(config.region);
    this.endpoint = resolveEndpoint(config, this.region);
    this.maxAttempts = resolveMaxAttempts(config.maxAttempts);
    const credentials = config.credentials ?? defaultProvider();
    this.signer = new SignatureV4({
      service: config.signingName,
      region: this.region,
      credentials: typeof credentials === 'function' ? credentials : async () => credentials,
      sha256: Sha256,
    });
    const requestTimeout = config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.http = new NodeHttpHandler({
      connectionTimeout: config.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
      requestTimeout,
      // Without this the handler only logs a warning when the timeout passes and the call hangs on.
      throwOnRequestTimeout: true,
      // requestTimeout stops counting once headers arrive; this bounds a body that stalls after them.
      socketTimeout: requestTimeout,
      // Keep-alive agents are the handler's default (maxSockets 50): a warm Lambda reuses its connection.
    });
    this.retryStrategy = config.retryStrategy ?? new StandardRetryStrategy(this.maxAttempts);
  }

  /**
   * Call `operation` with `input` and return the parsed response, retrying throttling, transient and 5xx
   * failures (except 501) under the retry strategy. Throws an {@link AwsServiceError} for service errors.
   */
  public async send<I extends object, O extends object = Record<string, unknown>>(operation: string, input: I): Promise<O & MetadataBearer> {
    const body = JSON.stringify(input ?? {});
    const invocationId = randomUUID();
    let token: RetryToken = await this.retryStrategy.acquireInitialRetryToken(this.config.serviceId);
    let totalRetryDelay = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        const { output, metadata } = await this.attempt<O>(operation, body, invocationId, attempt);
        this.retryStrategy.recordSuccess(token);
        return { ...output, $metadata: { ...metadata, attempts: attempt, totalRetryDelay } };
      } catch (err) {
        const error = asError(err);
        try {
          token = await this.retryStrategy.refreshRetryTokenForRetry(token, retryErrorInfo(error));
        } catch {
          // The strategy refused another attempt (not retryable, attempts used up, or bucket empty).
          throw withMetadata(error, { attempts: attempt, totalRetryDelay });
        }
        // @smithy/core's strategies sleep inside refreshRetryTokenForRetry and report it here; older ones
        // return the delay for the caller to wait.
        const waited = (token as { $retryLog?: { acquisitionDelay?: number } }).$retryLog?.acquisitionDelay ?? 0;
        const delay = token.getRetryDelay();
        totalRetryDelay += waited + delay;
        if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /** Closes the pooled connections. */
  public destroy(): void {
    this.http.destroy();
  }

  private async attempt<O>(operation: string, body: string, invocationId: string, attempt: number) {
    const { hostname, port, protocol, pathname } = this.endpoint;
    const request = new HttpRequest({
      method: 'POST',
      protocol,
      hostname,
      port: port ? Number(port) : undefined,
      path: pathname || '/',
      headers: {
        'host': port ? `${hostname}:${port}` : hostname,
        'content-type': `application/x-amz-json-${this.config.jsonVersion}`,
        'content-length': String(Buffer.byteLength(body)),
        'x-amz-target': `${this.config.targetPrefix}.${operation}`,
        'amz-sdk-invocation-id': invocationId,
        'amz-sdk-request': `attempt=${attempt}; max=${this.maxAttempts}`,
        'user-agent': 'cdk-hybrid-connectivity aws-json-rpc-client',
      },
      body,
    });
    // Signed per attempt: the signature carries the time and the attempt header.
    const signed = await this.signer.sign(request);
    const { response } = await this.http.handle(signed as HttpRequest);
    const text = await readBody(response.body);
    const headers = response.headers;
    const metadata: ResponseMetadata = {
      httpStatusCode: response.statusCode,
      requestId: header(headers, 'x-amzn-requestid') ?? header(headers, 'x-amzn-request-id') ?? header(headers, 'x-amz-request-id'),
    };
    if (response.statusCode >= 300) {
      const error = toServiceError(response.statusCode, headers, text, metadata, `${this.config.targetPrefix}.${operation}`);
      const hint = retryAfter(headers);
      if (hint) retryAfterHints.set(error, hint);
      throw error;
    }
    if (text.trim() === '') return { output: {} as O, metadata };
    try {
      const parsed = JSON.parse(text);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      return { output: parsed as O, metadata };
    } catch {
      // The body is never quoted: a successful response can carry an activation key.
      const error = new Error(`Deserialization error: the ${response.statusCode} response to ${this.config.targetPrefix}.${operation} is not a JSON object.`);
      error.name = 'DeserializationError';
      throw Object.assign(error, { $fault: 'server', $metadata: metadata });
    }
  }
}

function resolveRegion(region: string | undefined): string {
  const resolved = region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
  if (!resolved) {
    throw new Error('Region is missing: pass `region` to the client or set AWS_REGION (or AWS_DEFAULT_REGION).');
  }
  return resolved;
}

function resolveEndpoint(config: AwsJsonRpcClientConfig, region: string): URL {
  const envName = `AWS_ENDPOINT_URL_${config.serviceId.split(' ').map((word) => word.toUpperCase()).join('_')}`;
  const ignoreEnv = process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true';
  const candidates: Array<[string, string | undefined]> = [
    ['the endpoint option', config.endpoint],
    [envName, ignoreEnv ? undefined : process.env[envName]],
    ['AWS_ENDPOINT_URL', ignoreEnv ? undefined : process.env.AWS_ENDPOINT_URL],
  ];
  const [source, value] = candidates.find(([, v]) => !!v) ?? ['the default', `https://${config.signingName}.${region}.api.aws`];
  try {
    return new URL(value!);
  } catch {
    throw new Error(`The endpoint from ${source} is not a URL: '${value}'.`);
  }
}

function resolveMaxAttempts(option: number | undefined): number {
  const fromEnv = process.env.AWS_MAX_ATTEMPTS;
  const value = option ?? (fromEnv ? Number(fromEnv) : DEFAULT_MAX_ATTEMPTS);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`maxAttempts must be a whole number of at least 1; got '${option ?? fromEnv}'.`);
  }
  return value;
}

function header(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

async function readBody(body: unknown): Promise<string> {
  if (body === undefined || body === null) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer | string>) {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** `aws.protocols#awsJson1_0#ThrottlingException:http://…` → `ThrottlingException`, as the SDK sanitizes codes. */
function sanitizeErrorCode(raw: unknown): string | undefined {
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  let code = String(raw);
  if (code.includes(',')) code = code.split(',')[0];
  if (code.includes(':')) code = code.split(':')[0];
  if (code.includes('#')) code = code.split('#')[1];
  return code.trim() || undefined;
}

function toServiceError(status: number, headers: Record<string, string>, text: string, metadata: ResponseMetadata, target: string): AwsServiceError {
  let data: Record<string, unknown> | undefined;
  try {
    const parsed = text.trim() ? JSON.parse(text) : undefined;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) data = parsed;
  } catch {
    // An HTML page from a proxy or load balancer: the status still says what happened.
  }
  const code = sanitizeErrorCode(header(headers, 'x-amzn-errortype')) ?? sanitizeErrorCode(data?.code) ?? sanitizeErrorCode(data?.__type);
  const bodyMessage = data?.message ?? data?.Message;
  const message = typeof bodyMessage === 'string' && bodyMessage
    ? bodyMessage
    : data === undefined
      ? `HTTP ${status} from ${target} with a body that is not an AWS JSON error${text.trim() ? ` (${header(headers, 'content-type') ?? 'no content type'})` : ' (empty)'}.`
      : `${code ?? 'Unknown'} (HTTP ${status}) from ${target}.`;
  return new AwsServiceError(code ?? 'Unknown', message, status >= 500 ? 'server' : 'client', metadata);
}

function asError(err: unknown): Error {
  // isNativeError, not instanceof: errors raised by node:http come from another realm under test runners.
  return types.isNativeError(err) || err instanceof Error ? err : Object.assign(new Error(String(err)), { cause: err });
}

function withMetadata(error: Error, extra: ResponseMetadata): Error {
  const target = error as Error & { $metadata?: ResponseMetadata };
  target.$metadata = { ...(target.$metadata ?? {}), ...extra };
  return error;
}

// Kept off the error object so that callers see only what an SDK v3 service exception carries.
const retryAfterHints = new WeakMap<Error, Date>();

/** `Retry-After` in seconds or as an HTTP date, or `x-amz-retry-after` in milliseconds. */
function retryAfter(headers: Record<string, string>): Date | undefined {
  const value = header(headers, 'retry-after')?.trim();
  if (value) {
    if (/^\d+(\.\d+)?$/.test(value)) return new Date(Date.now() + Number(value) * 1000);
    const date = Date.parse(value);
    if (!Number.isNaN(date)) return new Date(date);
  }
  const ms = Number(header(headers, 'x-amz-retry-after'));
  return Number.isFinite(ms) && ms > 0 ? new Date(Date.now() + ms) : undefined;
}

function retryErrorType(error: Error): RetryErrorType {
  const status = (error as { $metadata?: ResponseMetadata }).$metadata?.httpStatusCode;
  const code = (error as { code?: string }).code ?? '';
  if (error.name === 'AbortError') return 'CLIENT_ERROR';
  if (status === 429 || THROTTLING_CODES.has(error.name)) return 'THROTTLING';
  // The SDK counts 500/502/503/504 as transient, which is what makes StandardRetryStrategy retry them;
  // SERVER_ERROR (501, 505, …) is not retried.
  if (TRANSIENT_CODES.has(error.name) || NETWORK_ERROR_CODES.has(code) || (status !== undefined && TRANSIENT_STATUS.has(status))) {
    return 'TRANSIENT';
  }
  if (status !== undefined && status >= 500) return 'SERVER_ERROR';
  return 'CLIENT_ERROR';
}

function retryErrorInfo(error: Error): RetryErrorInfo {
  const info: RetryErrorInfo = { errorType: retryErrorType(error), error: error as RetryErrorInfo['error'] };
  const hint = retryAfterHints.get(error);
  if (hint) info.retryAfterHint = hint;
  return info;
}
