import { activationKeyVersionId, ActivationKeyWrite, writeActivationKey } from './activation-key-secret-writer';
import { createInterconnectClient, InterconnectApi } from './interconnect-client';
import { classifyError, TerminalError } from '../../runtime/errors';
import type { LifecycleEvent } from '../../runtime/lifecycle-event';
import { registerSecret } from '../../runtime/redact';
import type { HandlerContext, IsCompleteResult, ResourceHandler } from '../../runtime/resource-handler';
import { retryingCaller } from '../../runtime/retry';
import { InvocationRetryStrategy } from '../../runtime/retry-budget';
import {
  activationKeyPhysicalId, CONNECTION_ACTIVATION_KEY_RESOURCE_TYPE, ConnectionActivationKeyAttributes, ConnectionActivationKeyProperties,
  SECRET_ARN_PATTERN,
} from '../connection-activation-key-contract';

let api: InterconnectApi | undefined;
const client = () => (api ??= createInterconnectClient({ retryStrategy: new InvocationRetryStrategy() }));

const CONNECTION_ID = /^(mcc|lmcc)-[a-z0-9]{8}$/;

/** Throttling and 5xx are retried on their own; anything else is the poll's to judge. */
const call = retryingCaller();

/**
 * Write the key into the construct's secret. Idempotent: the version id comes from the stack, the
 * resource, the connection and the secret, so every poll and retry of this request (and a later update
 * with nothing changed) lands on one version. Should that version hold another value (the connection's
 * key changed since it was written), the new key is written as a version of this request's own.
 */
async function writeToSecret(event: LifecycleEvent, ctx: HandlerContext, secretArn: string, connectionId: string, key: string): Promise<string> {
  const write: ActivationKeyWrite = { secretArn, stackId: event.stackId, logicalResourceId: event.logicalResourceId, connectionId };
  try {
    return await call(ctx, 'PutSecretValue', () => writeActivationKey(write, key, activationKeyVersionId(write)));
  } catch (err) {
    if ((err as Error).name !== 'ResourceExistsException') throw err;
    return call(ctx, 'PutSecretValue', () => writeActivationKey(write, key, activationKeyVersionId(write, event.requestId)));
  }
}

/**
 * The lifecycle of `Custom::InterconnectConnectionActivationKey`: the activation key of one connection,
 * read with GetConnection. onEvent only names the resource (no Data: the Provider framework keeps onEvent's
 * result in the waiter's input and every retry payload), and the final isComplete alone returns the key.
 * NoEcho makes the framework log that result redacted and CloudFormation mask the one attribute.
 *
 * With `SecretArn` (the construct's `activationKeySecret`), the final isComplete first writes the key into
 * that secret with PutSecretValue, so the partner's tooling can read it from there.
 */
export const connectionActivationKeyHandler: ResourceHandler = {
  resourceType: CONNECTION_ACTIVATION_KEY_RESOURCE_TYPE,
  noEcho: true,
  async onEvent(event) {
    if (event.requestType === 'Delete') {
      // The key lives on the connection; the connection's own resource deletes it. The secret is a
      // resource of the stack's own, which CloudFormation deletes (or keeps) by its removal policy.
      return { physicalResourceId: event.physicalResourceId ?? '' };
    }
    const { ConnectionId, SecretArn } = event.properties as ConnectionActivationKeyProperties;
    if (!CONNECTION_ID.test(ConnectionId ?? '')) {
      throw new TerminalError(`ConnectionId '${ConnectionId}' is not an Interconnect connection id (mcc- or lmcc- and 8 letters or digits).`);
    }
    if (SecretArn && !SECRET_ARN_PATTERN.test(SecretArn)) {
      throw new TerminalError(`SecretArn '${SecretArn}' is not the ARN of a Secrets Manager secret. Give the ARN of the secret to write the key to.`);
    }
    // A replaced connection means a new physical id, so CloudFormation deletes the old key resource (a no-op).
    return { physicalResourceId: activationKeyPhysicalId(ConnectionId) };
  },
  async isComplete(event, ctx): Promise<IsCompleteResult> {
    if (event.requestType === 'Delete') return { isComplete: true };
    const { ConnectionId, SecretArn } = event.properties as ConnectionActivationKeyProperties;
    let key: string | undefined;
    try {
      key = (await client().getConnection({ identifier: ConnectionId })).connection?.activationKey;
    } catch (err) {
      // The connection resource completed before this one started, so a NotFound is eventual consistency.
      if (classifyError(err) === 'notFound') return { isComplete: false, progress: `connection ${ConnectionId} is not visible yet` };
      throw err;
    }
    if (!key) return { isComplete: false, progress: `connection ${ConnectionId} has no activation key yet` };
    registerSecret(key);
    if (SecretArn) {
      try {
        const versionId = await writeToSecret(event, ctx, SecretArn, ConnectionId, key);
        ctx.logger.info('activation key written to its secret', { connectionId: ConnectionId, secretArn: SecretArn, versionId });
      } catch (err) {
        // CloudFormation made the secret just before; until it is visible, this is not yet, bounded by the wait limit.
        const cls = classifyError(err);
        if (cls === 'notFound') return { isComplete: false, progress: `secret ${SecretArn} is not visible yet` };
        // Throttling, 5xx and a just-made role's AccessDenied are the kit's to retry; anything else ends the wait.
        if (cls !== 'terminal' || err instanceof TerminalError) throw err;
        const e = err as Error;
        throw new TerminalError(`Could not write the activation key of ${ConnectionId} to secret ${SecretArn}: ${e.name}: ${e.message} ` +
          'Check that the secret exists in this account and region and is not scheduled for deletion, then deploy again.');
      }
    }
    const data: ConnectionActivationKeyAttributes = { ActivationKey: key };
    return { isComplete: true, data: { ...data }, progress: `activation key of ${ConnectionId} read` };
  },
};
