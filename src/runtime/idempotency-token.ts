import { createHash } from 'crypto';

/**
 * A deterministic client token for one request of one resource: a retried handler invocation sends the
 * same token, so the service returns the resource it already made instead of making a second one.
 *
 * 32 hex characters: within every service's token limits (IoT Wireless: 1-64 of [a-zA-Z0-9-_]).
 */
export function idempotencyToken(stackId: string, logicalResourceId: string, requestId: string, purpose = ''): string {
  return createHash('sha256')
    .update([stackId, logicalResourceId, requestId, purpose].join('\u0000'))
    .digest('hex')
    .slice(0, 32);
}
