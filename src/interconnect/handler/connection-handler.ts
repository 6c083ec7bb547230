import { createHash } from 'crypto';
import { createInterconnectClient, InterconnectApi, Connection, AttachPoint, ConnectionSummary } from './interconnect-client';
import { classifyError, TerminalError } from '../../runtime/errors';
import type { LifecycleEvent } from '../../runtime/lifecycle-event';
import { pages } from '../../runtime/pages';
import { registerSecret } from '../../runtime/redact';
import type { HandlerContext, IsCompleteResult, OnEventResult, ResourceHandler } from '../../runtime/resource-handler';
import { retryBaseDelayMs, retryingCaller, sleep } from '../../runtime/retry';
import { InvocationRetryStrategy } from '../../runtime/retry-budget';
import { readSecretValue } from '../../runtime/secret-value';
import {
  CONNECTION_REPLACING_PROPERTIES, CONNECTION_RESOURCE_TYPE, ConnectionAttributes, ConnectionProperties, CREATED_BY_TAG_KEY,
} from '../connection-contract';

let api: InterconnectApi | undefined;
// One client per container (its connections are reused); each invocation gets a retry budget of its own.
const client = () => (api ??= createInterconnectClient({ retryStrategy: new InvocationRetryStrategy() }));

const CONNECTION_ID = /^(mcc|lmcc)-[a-z0-9]{8}$/;
/**
 * States that end a create's wait with a failure: nothing will bring the connection back by itself. The
 * model's ConnectionAvailable waiter fails on `deleted` and `down`; `failed` means "failed to be created".
 * `down` ends only a create's wait: an update of a down connection (tags, description) or a rollback of one
 * is done once the connection leaves `updating`, since waiting cannot bring it up.
 */
const CREATE_TERMINAL_STATES = new Set(['failed', 'down', 'deleted', 'deleting']);
const UPDATE_TERMINAL_STATES = new Set(['failed', 'deleted', 'deleting']);

/**
 * The description UpdateConnection sets when the description is removed from the props. The model's
 * ConnectionDescription is 1 to 255 characters of `[-a-zA-Z0-9_ ]`: there is no empty description to send,
 * so a single space is the nearest to none the API accepts.
 */
export const CLEARED_DESCRIPTION = ' ';

/** Calls are retried on their own (client tokens keep the starting ones idempotent), and while the connection is busy. */
const call = retryingCaller({ alsoRetryOn: ['conflict'] });

function props(event: LifecycleEvent): ConnectionProperties {
  return event.properties as ConnectionProperties;
}

function attachPointOf(p: ConnectionProperties): AttachPoint {
  return p.AttachPointType === 'arn' ? { arn: p.AttachPointValue } : { directConnectGateway: p.AttachPointValue };
}

function tagsOf(p: ConnectionProperties | undefined): Record<string, string> {
  return { ...(p?.Tags ?? {}) };
}

/** The value of the created-by tag: what a cancelled create's Delete can recompute from its own event. */
function createdByTag(event: LifecycleEvent): string {
  const p = props(event) as unknown as Record<string, unknown>;
  const replacing = CONNECTION_REPLACING_PROPERTIES.map((name) => `${name}=${p[name] ?? ''}`);
  return createHash('sha256').update([event.stackId, event.logicalResourceId, ...replacing].join('\u0000')).digest('hex');
}

function attributesOf(c: Connection): ConnectionAttributes {
  // Never returned: the key is the attribute of its own NoEcho resource. Registered so no log or reason shows it.
  registerSecret(c.activationKey);
  return {
    ConnectionId: c.id,
    ConnectionArn: c.arn,
    SharedId: c.sharedId ?? '',
    State: c.state,
    Bandwidth: c.bandwidth ?? '',
    EnvironmentId: c.environmentId ?? '',
    Location: c.location ?? '',
    Type: c.type ?? '',
    BillingTier: c.billingTier === undefined || c.billingTier === null ? '' : String(c.billingTier),
    OwnerAccount: c.ownerAccount ?? '',
    CloudServiceProvider: c.provider?.cloudServiceProvider ?? '',
    LastMileProvider: c.provider?.lastMileProvider ?? '',
  };
}

async function create(event: LifecycleEvent, ctx: HandlerContext): Promise<OnEventResult> {
  const p = props(event);
  const tags = { ...tagsOf(p), [CREATED_BY_TAG_KEY]: createdByTag(event) };
  const common = {
    attachPoint: attachPointOf(p),
    description: p.Description || undefined,
    tags,
    clientToken: ctx.idempotencyToken('create'),
  };
  let connection: Connection | undefined;
  if (p.Mode === 'accept') {
    if (!p.ActivationKeySecretArn) throw new TerminalError('ActivationKeySecretArn is required to accept a proposal.');
    const activationKey = await call(ctx, 'GetSecretValue', () => readSecretValue(p.ActivationKeySecretArn!, p.ActivationKeySecretField));
    const response = await call(ctx, 'AcceptConnectionProposal', () => client().acceptConnectionProposal({ ...common, activationKey }));
    connection = response.connection;
  } else {
    const response = await call(ctx, 'CreateConnection', () => client().createConnection({
      ...common,
      environmentId: p.EnvironmentId!,
      bandwidth: p.Bandwidth!,
      remoteAccount: p.RemoteAccount ? { identifier: p.RemoteAccount } : undefined,
    }));
    connection = response.connection;
  }
  if (!connection?.id) throw new TerminalError('The Interconnect API returned no connection. Retry the deployment.');
  ctx.logger.info('connection started', { connectionId: connection.id, state: connection.state });
  return { physicalResourceId: connection.id, data: { ...attributesOf(connection) } };
}

function needsReplacement(event: LifecycleEvent): boolean {
  const now = props(event) as unknown as Record<string, unknown>;
  const before = (event.oldProperties ?? {}) as Record<string, unknown>;
  return CONNECTION_REPLACING_PROPERTIES.some((name) => (now[name] ?? '') !== (before[name] ?? ''));
}

/**
 * The connection once no other update of it is running. A rollback Update can arrive while the update it
 * undoes is still `updating` (CloudFormation cancels an in-flight update when another resource fails), and
 * UpdateConnection refuses a connection in that state (assumed, see local/emulator/provenance/interconnect.md),
 * so wait for it here, within this invocation's time, rather than fail the rollback.
 */
async function settledConnection(id: string, ctx: HandlerContext): Promise<Connection> {
  for (let attempt = 0; ; attempt++) {
    const connection = (await call(ctx, 'GetConnection', () => client().getConnection({ identifier: id }))).connection;
    if (!connection) throw new TerminalError(`Connection ${id} was not found. Remove it from the stack or restore it, then deploy again.`);
    if (connection.state !== 'updating') return connection;
    const delay = Math.min(20, 2 ** attempt) * retryBaseDelayMs();
    if (delay >= ctx.invocationRemainingMs()) {
      throw new TerminalError(`Connection ${id} is still updating from an earlier change. Wait until it is available, then retry the deployment.`);
    }
    ctx.logger.info('waiting for an earlier update to finish', { connectionId: id, delayMs: delay });
    await sleep(delay);
  }
}

async function update(event: LifecycleEvent, ctx: HandlerContext): Promise<OnEventResult> {
  const id = event.physicalResourceId!;
  const p = props(event);
  const old = (event.oldProperties ?? {}) as ConnectionProperties;
  const current = await settledConnection(id, ctx);
  registerSecret(current.activationKey);

  const change: { description?: string; bandwidth?: string } = {};
  if ((p.Description ?? '') !== (old.Description ?? '')) change.description = p.Description || CLEARED_DESCRIPTION;
  if ((p.Bandwidth ?? '') !== (old.Bandwidth ?? '') && p.Bandwidth) change.bandwidth = p.Bandwidth;
  if (Object.keys(change).length > 0) {
    await call(ctx, 'UpdateConnection', () => client().updateConnection({ identifier: id, ...change, clientToken: ctx.idempotencyToken('update') }));
  }

  const want = tagsOf(p);
  const had = tagsOf(old);
  // The created-by tag is this library's, not the user's: an update never removes or changes it.
  delete want[CREATED_BY_TAG_KEY];
  delete had[CREATED_BY_TAG_KEY];
  const removed = Object.keys(had).filter((k) => !(k in want));
  const changed = Object.fromEntries(Object.entries(want).filter(([k, v]) => had[k] !== v));
  if (removed.length > 0) {
    await call(ctx, 'UntagResource', () => client().untagResource({ arn: current.arn, tagKeys: removed }));
  }
  if (Object.keys(changed).length > 0) {
    await call(ctx, 'TagResource', () => client().tagResource({ arn: current.arn, tags: changed }));
  }
  ctx.logger.info('connection updated', { connectionId: id, changed: Object.keys(change), tagsAdded: Object.keys(changed).length, tagsRemoved: removed.length });
  return { physicalResourceId: id, data: { ...attributesOf(current) } };
}

/**
 * The connections a create of this very resource made, found by its created-by tag: for a Delete whose
 * physical id is not a connection id (CloudFormation's own, after it cancelled an in-flight create, or a
 * failed create's request id). ListConnections narrows by environment and attach point; the tag decides.
 */
async function connectionsCreatedBy(event: LifecycleEvent, ctx: HandlerContext): Promise<ConnectionSummary[]> {
  const p = props(event);
  const tag = createdByTag(event);
  const found: ConnectionSummary[] = [];
  const listing = pages((nextToken) => call(ctx, 'ListConnections', () => client().listConnections({
    attachPoint: attachPointOf(p),
    ...(p.Mode === 'create' && p.EnvironmentId ? { environmentId: p.EnvironmentId } : {}),
    nextToken,
  })), (page) => page.nextToken);
  for await (const page of listing) {
    for (const summary of page.connections ?? []) {
      if (summary.state === 'deleted') continue;
      try {
        const { tags } = await call(ctx, 'ListTagsForResource', () => client().listTagsForResource({ arn: summary.arn }));
        if (tags?.[CREATED_BY_TAG_KEY] === tag) found.push(summary);
      } catch (err) {
        if (classifyError(err) !== 'notFound') throw err;
      }
    }
  }
  return found;
}

async function deleteConnection(id: string, ctx: HandlerContext): Promise<void> {
  try {
    await call(ctx, 'DeleteConnection', () => client().deleteConnection({ identifier: id, clientToken: ctx.idempotencyToken(`delete:${id}`) }));
  } catch (err) {
    if (classifyError(err) !== 'notFound') throw err;
    ctx.logger.info('connection already gone', { connectionId: id });
  }
}

async function remove(event: LifecycleEvent, ctx: HandlerContext): Promise<OnEventResult> {
  const id = event.physicalResourceId ?? '';
  if (CONNECTION_ID.test(id)) {
    await deleteConnection(id, ctx);
    return { physicalResourceId: id };
  }
  // Not an id this library returned: whatever the create of this resource made (if it got that far) is
  // found by its tag and deleted; nothing else is touched. The physical id stays, as the framework requires.
  const made = await connectionsCreatedBy(event, ctx);
  for (const c of made) await deleteConnection(c.id, ctx);
  ctx.logger.info('delete of a physical id this library did not make', { connectionsFound: made.map((c) => c.id) });
  return { physicalResourceId: id };
}

async function deleted(id: string): Promise<{ done: boolean; state?: string }> {
  try {
    const { connection } = await client().getConnection({ identifier: id });
    return !connection || connection.state === 'deleted' ? { done: true } : { done: false, state: connection.state };
  } catch (err) {
    if (classifyError(err) === 'notFound') return { done: true };
    throw err;
  }
}

async function isComplete(event: LifecycleEvent, ctx: HandlerContext): Promise<IsCompleteResult> {
  const id = event.physicalResourceId ?? '';
  if (event.requestType === 'Delete') {
    const ids = CONNECTION_ID.test(id) ? [id] : (await connectionsCreatedBy(event, ctx)).map((c) => c.id);
    for (const each of ids) {
      const { done, state } = await deleted(each);
      if (!done) return { isComplete: false, progress: `connection ${each} is ${state}` };
    }
    return { isComplete: true };
  }

  let connection: Connection | undefined;
  try {
    connection = (await client().getConnection({ identifier: id })).connection;
  } catch (err) {
    // Right after create the connection may not be visible yet; the wait limit bounds this.
    if (classifyError(err) === 'notFound') return { isComplete: false, progress: `connection ${id} is not visible yet` };
    throw err;
  }
  if (!connection) return { isComplete: false, progress: `connection ${id} is not visible yet` };
  const state = connection.state;
  const waitFor = props(event).WaitFor ?? 'requested';
  // A create, a replacement, or an update that now asks to wait for another state waits for that state.
  const creating = event.requestType === 'Create' || needsReplacement(event) || props(event).WaitFor !== event.oldProperties?.WaitFor;
  if ((creating ? CREATE_TERMINAL_STATES : UPDATE_TERMINAL_STATES).has(state)) {
    throw new TerminalError(`Connection ${id} is '${state}' while waiting for '${waitFor}'. ` +
      (state === 'failed' || state === 'down'
        ? 'Check the connection and the partner side, then delete it or contact the partner; redeploying creates a new one.'
        : 'It was deleted outside this stack; deploy again to create a new connection.'));
  }
  const stable = creating
    ? (waitFor === 'available' ? state === 'available' : ['requested', 'pending', 'available'].includes(state))
    // An in-place update waits only for the update itself; the connection's own state is not the stack's to change.
    : state !== 'updating';
  if (!stable) {
    const hint = state === 'requested' ? ' (waiting for acceptance at the partner portal)' : '';
    return { isComplete: false, progress: `connection ${id} is ${state}${hint}` };
  }
  return { isComplete: true, data: { ...attributesOf(connection) }, progress: `connection ${id} is ${state}` };
}

/** The lifecycle of `Custom::InterconnectConnection`. */
export const connectionHandler: ResourceHandler = {
  resourceType: CONNECTION_RESOURCE_TYPE,
  // Not NoEcho: NoEcho would mask every attribute. No secret is in this resource's Data.
  async onEvent(event, ctx) {
    switch (event.requestType) {
      case 'Create':
        return create(event, ctx);
      case 'Update':
        return needsReplacement(event) ? create(event, ctx) : update(event, ctx);
      case 'Delete':
        return remove(event, ctx);
    }
  },
  isComplete,
};
