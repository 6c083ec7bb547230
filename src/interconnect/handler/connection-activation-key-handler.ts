import { createInterconnectClient, InterconnectApi } from './interconnect-client';
import { classifyError, TerminalError } from '../../runtime/errors';
import { registerSecret } from '../../runtime/redact';
import type { IsCompleteResult, ResourceHandler } from '../../runtime/resource-handler';
import { InvocationRetryStrategy } from '../../runtime/retry-budget';
import {
  activationKeyPhysicalId, CONNECTION_ACTIVATION_KEY_RESOURCE_TYPE, ConnectionActivationKeyAttributes, ConnectionActivationKeyProperties,
} from '../connection-activation-key-contract';

let api: InterconnectApi | undefined;
const client = () => (api ??= createInterconnectClient({ retryStrategy: new InvocationRetryStrategy() }));

const CONNECTION_ID = /^(mcc|lmcc)-[a-z0-9]{8}$/;

/**
 * The lifecycle of `Custom::InterconnectConnectionActivationKey`: the activation key of one connection,
 * read with GetConnection. onEvent only names the resource (no Data: the Provider framework keeps onEvent's
 * result in the waiter's input and every retry payload), and the final isComplete alone returns the key.
 * NoEcho makes the framework log that result redacted and CloudFormation mask the one attribute.
 */
export const connectionActivationKeyHandler: ResourceHandler = {
  resourceType: CONNECTION_ACTIVATION_KEY_RESOURCE_TYPE,
  noEcho: true,
  async onEvent(event) {
    if (event.requestType === 'Delete') {
      // The key lives on the connection; the connection's own resource deletes it.
      return { physicalResourceId: event.physicalResourceId ?? '' };
    }
    const { ConnectionId } = event.properties as ConnectionActivationKeyProperties;
    if (!CONNECTION_ID.test(ConnectionId ?? '')) {
      throw new TerminalError(`ConnectionId '${ConnectionId}' is not an Interconnect connection id (mcc- or lmcc- and 8 letters or digits).`);
    }
    // A replaced connection means a new physical id, so CloudFormation deletes the old key resource (a no-op).
    return { physicalResourceId: activationKeyPhysicalId(ConnectionId) };
  },
  async isComplete(event): Promise<IsCompleteResult> {
    if (event.requestType === 'Delete') return { isComplete: true };
    const { ConnectionId } = event.properties as ConnectionActivationKeyProperties;
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
    const data: ConnectionActivationKeyAttributes = { ActivationKey: key };
    return { isComplete: true, data: { ...data }, progress: `activation key of ${ConnectionId} read` };
  },
};
