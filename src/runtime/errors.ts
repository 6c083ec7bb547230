import { redactString } from './redact';

/**
 * How the kit treats an error from an AWS call.
 * - notFound: the thing is gone (done, on Delete);
 * - throttling, transient: try again later ("not yet" in isComplete);
 * - accessDenied: usually a role still propagating right after deploy; retried for a bounded time;
 * - conflict: another operation is still running on the resource; retried with backoff;
 * - terminal: anything else; fail the resource with a clear reason.
 */
export type ErrorClass = 'notFound' | 'throttling' | 'transient' | 'accessDenied' | 'conflict' | 'terminal';

/** A service-specific rule that recognises a "not found" not spelled as one (Direct Connect's messages). */
export type NotFoundRule = (err: AwsLikeError) => boolean;

export interface AwsLikeError {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly $metadata?: { httpStatusCode?: number };
  readonly $retryable?: unknown;
  readonly $response?: { statusCode?: number };
}

const THROTTLING = new Set([
  'ThrottlingException', 'Throttling', 'ThrottledException', 'TooManyRequestsException', 'RequestLimitExceeded',
  'RequestThrottled', 'RequestThrottledException', 'SlowDown', 'PriorRequestNotComplete', 'EC2ThrottledException',
  'BandwidthLimitExceeded', 'TransactionInProgressException',
]);
const TRANSIENT = new Set([
  'InternalServerException', 'InternalServerError', 'InternalFailure', 'InternalError', 'ServiceUnavailable',
  'ServiceUnavailableException', 'InterconnectServerException', 'DirectConnectServerException',
  'RequestTimeout', 'RequestTimeoutException', 'TimeoutError', 'IDPCommunicationError',
]);
const NETWORK = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED', 'EHOSTUNREACH']);
const NOT_FOUND = new Set(['ResourceNotFoundException', 'NotFoundException', 'NotFound', 'NoSuchEntity', 'NoSuchEntityException']);
const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'UnrecognizedClientException']);

function statusOf(err: AwsLikeError): number | undefined {
  return err.$metadata?.httpStatusCode ?? err.$response?.statusCode;
}

export function classifyError(error: unknown, notFoundRules: NotFoundRule[] = []): ErrorClass {
  // A handler's own verdict; its wording (say, "global network") must not read as a network failure.
  if (error instanceof TerminalError) return 'terminal';
  const err = (error ?? {}) as AwsLikeError;
  const name = err.name ?? '';
  const code = err.code ?? '';
  const status = statusOf(err);
  const message = err.message ?? '';

  if (NOT_FOUND.has(name) || notFoundRules.some((rule) => rule(err))) return 'notFound';
  if (THROTTLING.has(name) || status === 429) return 'throttling';
  if (ACCESS_DENIED.has(name)) return 'accessDenied';
  if (name === 'ConflictException' || status === 409) return 'conflict';
  if (status === 501) return 'terminal';
  if (TRANSIENT.has(name) || NETWORK.has(code) || NETWORK.has(name)) return 'transient';
  if (status !== undefined && status >= 500) return 'transient';
  if (/Deserialization error|Unexpected token|not valid JSON/i.test(message)) return 'transient';
  // Words of a failed connection mean one only when no service answered; a service's own message may say
  // "network" (Network Manager: "global network ... not found") and is then no reason to retry.
  if (status === undefined && /socket hang up|ECONNRESET|network|timed? ?out/i.test(message)) return 'transient';
  if (status === 404) return 'notFound';
  if (status === 403) return 'accessDenied';
  return 'terminal';
}

/** True for errors worth trying again without a change: throttling, 5xx, dropped sockets. */
export function isRetryable(error: unknown, notFoundRules: NotFoundRule[] = []): boolean {
  const cls = classifyError(error, notFoundRules);
  return cls === 'throttling' || cls === 'transient';
}

/**
 * A failure meant for the person reading the CloudFormation events: short, specific, and saying what to do.
 * Handlers throw it for bad states and rejected calls; the kit turns anything else into one.
 */
export class TerminalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TerminalError';
  }
}

/** The longest reason the kit returns; CloudFormation shows it in the stack events. */
export const MAX_REASON_LENGTH = 400;

/** A short, redacted reason for an error, e.g. `ThrottlingException: Rate exceeded`. */
export function describeError(error: unknown): string {
  const err = (error ?? {}) as AwsLikeError;
  const raw = error instanceof TerminalError
    ? error.message
    : `${err.name && err.name !== 'Error' ? `${err.name}: ` : ''}${err.message ?? String(error)}`;
  return shortReason(raw);
}

export function shortReason(text: string): string {
  const clean = redactString(text).replace(/\s+/g, ' ').trim();
  return clean.length > MAX_REASON_LENGTH ? clean.slice(0, MAX_REASON_LENGTH - 1) + '…' : clean;
}
