import { createInterconnectClient, InterconnectApi, Connection, AttachPoint } from './interconnect-client';
import { classifyError, TerminalError } from '../../runtime/errors';
import type { LifecycleEvent } from '../../runtime/lifecycle-event';
import { registerSecret } from '../../runtime/redact';
import type { HandlerContext, IsCompleteResult, OnEventResult, ResourceHandler } from '../../runtime/resource-handler';
import { retryingCaller } from '../../runtime/retry';
import { InvocationRetryStrategy } from '../../runtime/retry-budget';
import { readSecretValue } from '../../runtime/secret-value';
import {
  CONNECTION_REPLACING_PROPERTIES, CONNECTION_RESOURCE_TYPE, ConnectionAttributes, ConnectionProperties,
} from '../connection-contract';

let api: InterconnectApi | undefined;
// One client per container (its connections are reused); each invocation gets a retry budget of its own.
const client = () => (api ??= createInterconnectClient({ retryStrategy: new InvocationRetryStrategy() }));

const CONNECTION_ID = /^(mcc|lmcc)-[a-z0-9]{8}$/;
/** States that end waiting with a failure: nothing will bring the connection back by itself. */
const TERMINAL_STATES = new Set(['failed', 'down', 'deleted', 'deleting']);

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

function attributesOf(c: Connection): ConnectionAttributes {
  registerSecret(c.activationKey);
  return {
    ConnectionId: c.id,
    ConnectionArn: c.arn,
    ActivationKey: c.activationKey ?? '',
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
  const tags = tagsOf(p);
  const common = {
    attachPoint: attachPointOf(p),
    description: p.Description || undefined,
    tags: Object.keys(tags).length > 0 ? tags : undefined,
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

async function update(event: LifecycleEvent, ctx: HandlerContext): Promise<OnEventResult> {
  const id = event.physicalResourceId!;
  const p = props(event);
  const old = (event.oldProperties ?? {}) as ConnectionProperties;
  const current = (await call(ctx, 'GetConnection', () => client().getConnection({ identifier: id }))).connection;
  if (!current) throw new TerminalError(`Connection ${id} was not found. Remove it from the stack or restore it, then deploy again.`);

  const change: { description?: string; bandwidth?: string } = {};
  if ((p.Description ?? '') !== (old.Description ?? '') && p.Description) change.description = p.Description;
  if ((p.Bandwidth ?? '') !== (old.Bandwidth ?? '') && p.Bandwidth) change.bandwidth = p.Bandwidth;
  if (Object.keys(change).length > 0) {
    await call(ctx, 'UpdateConnection', () => client().updateConnection({ identifier: id, ...change, clientToken: ctx.idempotencyToken('update') }));
  }

  const want = tagsOf(p);
  const had = tagsOf(old);
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

async function remove(event: LifecycleEvent, ctx: HandlerContext): Promise<OnEventResult> {
  const id = event.physicalResourceId ?? '';
  // A failed create leaves CloudFormation holding the request id as physical id: nothing was made.
  if (!CONNECTION_ID.test(id)) return { physicalResourceId: id };
  try {
    await call(ctx, 'DeleteConnection', () => client().deleteConnection({ identifier: id, clientToken: ctx.idempotencyToken('delete') }));
  } catch (err) {
    if (classifyError(err) !== 'notFound') throw err;
    ctx.logger.info('connection already gone', { connectionId: id });
  }
  return { physicalResourceId: id };
}

async function isComplete(event: LifecycleEvent): Promise<IsCompleteResult> {
  const id = event.physicalResourceId ?? '';
  if (event.requestType === 'Delete') {
    if (!CONNECTION_ID.test(id)) return { isComplete: true };
    try {
      const { connection } = await client().getConnection({ identifier: id });
      if (!connection || connection.state === 'deleted') return { isComplete: true };
      return { isComplete: false, progress: `connection ${id} is ${connection.state}` };
    } catch (err) {
      if (classifyError(err) === 'notFound') return { isComplete: true };
      throw err;
    }
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
  if (TERMINAL_STATES.has(state)) {
    throw new TerminalError(`Connection ${id} is '${state}' while waiting for '${waitFor}'. ` +
      (state === 'failed' || state === 'down'
        ? 'Check the connection and the partner side, then delete it or contact the partner; redeploying creates a new one.'
        : 'It was deleted outside this stack; deploy again to create a new connection.'));
  }
  const stable = state !== 'updating' && (waitFor === 'available' ? state === 'available' : ['requested', 'pending', 'available'].includes(state));
  if (!stable) {
    const hint = state === 'requested' ? ' (waiting for acceptance at the partner portal)' : '';
    return { isComplete: false, progress: `connection ${id} is ${state}${hint}` };
  }
  return { isComplete: true, data: { ...attributesOf(connection) }, progress: `connection ${id} is ${state}` };
}

/** The lifecycle of `Custom::InterconnectConnection`. */
export const connectionHandler: ResourceHandler = {
  resourceType: CONNECTION_RESOURCE_TYPE,
  // Data carries the activation key: the Provider framework must not echo it.
  noEcho: true,
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
