import { TerminalError } from './errors';

/**
 * CloudFormation rejects a custom-resource response over 4096 bytes. The Provider framework wraps our Data
 * in an envelope (status, reason, ids), so the Data must leave room for it. A response that would not fit
 * fails with a reason naming the attributes that take the room: a shortened value would be a wrong value
 * (an id, an ARN or a key that no longer works), and nobody reading it could tell.
 */
export const MAX_RESPONSE_BYTES = 4096;

/** Room the Provider framework's envelope can take beyond the ids we know of (reason with log link, keys). */
const ENVELOPE_ALLOWANCE = 700;

/** How many of the largest attributes the failure names. */
const NAMED_ATTRIBUTES = 3;

export interface ResponseIds {
  readonly physicalResourceId: string;
  readonly stackId: string;
  readonly requestId: string;
  readonly logicalResourceId: string;
}

const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');

/** A response that CloudFormation would refuse for its size. */
export class ResponseTooLargeError extends TerminalError {
  constructor(message: string, public readonly attributes: readonly string[]) {
    super(message);
    this.name = 'ResponseTooLargeError';
  }
}

/**
 * The response Data as CloudFormation takes it (every value a string, absent values left out), checked to
 * fit in CloudFormation's limit with the framework's envelope. Values are never shortened: a response that
 * does not fit throws a `ResponseTooLargeError` naming the largest attributes and what to do.
 */
export function responseData(data: Record<string, unknown>, ids: ResponseIds): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) {
    if (v === undefined || v === null) continue;
    out[k] = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  const budget = MAX_RESPONSE_BYTES - ENVELOPE_ALLOWANCE
    - byteLength(ids.physicalResourceId) - byteLength(ids.stackId) - byteLength(ids.requestId) - byteLength(ids.logicalResourceId);
  const size = byteLength(JSON.stringify(out));
  if (size <= budget) return out;

  const largest = Object.keys(out)
    .sort((a, b) => byteLength(out[b]) - byteLength(out[a]) || a.localeCompare(b))
    .slice(0, NAMED_ATTRIBUTES);
  const named = largest.map((k) => `${k} (${byteLength(out[k])} bytes)`).join(', ');
  throw new ResponseTooLargeError(
    `This resource's response would be ${size - budget} bytes over CloudFormation's ${MAX_RESPONSE_BYTES}-byte ` +
    `limit for a custom resource (with its ids and envelope). Largest attributes: ${named}. No value is shortened, because a ` +
    'cut value would be wrong. Make the properties these attributes echo shorter (fewer or shorter tags, a shorter description), ' +
    'then deploy again.',
    largest,
  );
}
