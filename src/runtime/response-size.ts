/**
 * CloudFormation rejects a custom-resource response over 4096 bytes. The Provider framework wraps our Data
 * in an envelope (status, reason, ids); this keeps the whole under the limit, deterministically, by
 * shortening the longest values first.
 */
export const MAX_RESPONSE_BYTES = 4096;

/** Room the Provider framework's envelope can take beyond the ids we know of (reason with log link, keys). */
const ENVELOPE_ALLOWANCE = 700;

export interface ResponseIds {
  readonly physicalResourceId: string;
  readonly stackId: string;
  readonly requestId: string;
  readonly logicalResourceId: string;
}

const byteLength = (s: string) => Buffer.byteLength(s, 'utf8');

export function fitData(data: Record<string, unknown>, ids: ResponseIds): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) {
    if (v === undefined || v === null) continue;
    out[k] = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  const budget = MAX_RESPONSE_BYTES - ENVELOPE_ALLOWANCE
    - byteLength(ids.physicalResourceId) - byteLength(ids.stackId) - byteLength(ids.requestId) - byteLength(ids.logicalResourceId);
  while (byteLength(JSON.stringify(out)) > budget) {
    const keys = Object.keys(out).sort((a, b) => byteLength(out[b]) - byteLength(out[a]) || a.localeCompare(b));
    const longest = keys[0];
    if (longest === undefined) break;
    const value = out[longest];
    if (value.length <= 16) {
      delete out[longest];
      continue;
    }
    const over = byteLength(JSON.stringify(out)) - budget;
    const keep = Math.max(8, value.length - over - 8);
    out[longest] = value.slice(0, keep) + '...';
  }
  return out;
}
