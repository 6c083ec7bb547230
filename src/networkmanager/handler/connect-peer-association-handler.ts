import type { ConnectPeerAssociation } from '@aws-sdk/client-networkmanager';
import { ConnectPeerTarget, NetworkManagerApi } from './network-manager-api';
import { isGlobalNetworkNotFound, isValidationException } from './network-manager-errors';
import { accountOfArn, homeRegionIn, partitionOfDeployment } from '../../core/aws-partitions';
import { classifyError, TerminalError } from '../../runtime/errors';
import { idempotencyToken } from '../../runtime/idempotency-token';
import { LifecycleEvent, requireProperty } from '../../runtime/lifecycle-event';
import type { HandlerContext, IsCompleteResult, OnEventResult, ResourceHandler } from '../../runtime/resource-handler';
import { retryBaseDelayMs, retryingCaller, sleep } from '../../runtime/retry';
import {
  CONNECT_PEER_ASSOCIATION_REPLACING_PROPERTIES, CONNECT_PEER_ASSOCIATION_RESOURCE_TYPE, CONNECT_PEER_OWNER_TAG, ConnectPeerAssociationData,
  ConnectPeerAssociationProperties, connectPeerAssociationPhysicalId, NETWORK_MANAGER_HOME_REGIONS,
} from '../connect-peer-association-contract';

/** One client per home region (a Lambda serves one partition, but tests drive several). */
const apis = new Map<string, NetworkManagerApi>();

/** `<global network id>/<connect peer id>`; anything else is a physical id this library did not make. */
const PHYSICAL_ID = /^(global-network-[0-9a-f]{8,17})\/(connect-peer-[0-9a-f]{8,17})$/;
const LIVE_STATES = new Set(['PENDING', 'AVAILABLE']);
/** The association is going or gone: nothing will bring it back by itself. Any other state may still settle. */
const GONE_STATES = new Set(['DELETING', 'DELETED']);
/** Data key from onEvent to isComplete on Delete: whether a disassociation was started, so there is something to wait for. */
const DISASSOCIATING = 'Disassociating';

/**
 * Calls that change the association are retried with bounded backoff: ConflictException (another change
 * to the peer or global network is still running, which the SDK does not retry), throttling, 5xx, and
 * AccessDenied while a new role propagates. A missing global network is a not-found, never retried.
 */
const call = retryingCaller({ alsoRetryOn: ['conflict'], notFoundRules: [isGlobalNetworkNotFound] });
const classify = (err: unknown) => classifyError(err, [isGlobalNetworkNotFound]);

/** Where this deployment's Network Manager lives, or a clear failure in a partition that has none. */
interface Scope {
  readonly api: NetworkManagerApi;
  readonly partition: string;
  readonly account: string;
  /** This stack's and logical id's mark, the value of the owner tag on peers it associated. */
  readonly mark: string;
}

function scopeOf(event: LifecycleEvent): Scope | undefined {
  const partition = partitionOfDeployment(event.stackId, process.env.AWS_REGION);
  const region = homeRegionIn(NETWORK_MANAGER_HOME_REGIONS, partition);
  if (!region) return undefined;
  let api = apis.get(region);
  if (!api) apis.set(region, (api = new NetworkManagerApi(region)));
  return {
    api,
    partition,
    account: accountOfArn(event.stackId) ?? '',
    mark: idempotencyToken(event.stackId, event.logicalResourceId, '', 'connect-peer-owner'),
  };
}

function requireScope(event: LifecycleEvent): Scope {
  const scope = scopeOf(event);
  if (scope) return scope;
  const partition = partitionOfDeployment(event.stackId, process.env.AWS_REGION);
  throw new TerminalError(`AWS Network Manager has no endpoint in partition ${partition} (it has one in ` +
    `${Object.keys(NETWORK_MANAGER_HOME_REGIONS).join(' and ')} only), so this stack cannot manage Cloud WAN ` +
    'Connect-peer associations. Deploy the ConnectPeerAssociation in a stack of a partition where Network Manager is available.');
}

function peerArn(scope: Scope, connectPeerId: string): string {
  return `arn:${scope.partition}:networkmanager::${scope.account}:connect-peer/${connectPeerId}`;
}

function targetOf(properties: Record<string, any> | undefined): ConnectPeerTarget {
  const p = (properties ?? {}) as ConnectPeerAssociationProperties;
  return {
    globalNetworkId: requireProperty(p, 'GlobalNetworkId'),
    connectPeerId: requireProperty(p, 'ConnectPeerId'),
    deviceId: requireProperty(p, 'DeviceId'),
    linkId: p.LinkId || undefined,
  };
}

function adoptsExisting(properties: Record<string, any>): boolean {
  return String(properties.AdoptExisting ?? '') === 'true';
}

function isTargetOf(association: ConnectPeerAssociation, target: ConnectPeerTarget): boolean {
  return association.DeviceId === target.deviceId && (association.LinkId ?? '') === (target.linkId ?? '');
}

function describeTarget(a: { DeviceId?: string; LinkId?: string }): string {
  return `device ${a.DeviceId ?? '?'}${a.LinkId ? ` and link ${a.LinkId}` : ''}`;
}

function toAssociation(target: ConnectPeerTarget): ConnectPeerAssociation {
  return { GlobalNetworkId: target.globalNetworkId, ConnectPeerId: target.connectPeerId, DeviceId: target.deviceId, LinkId: target.linkId };
}

function attributesOf(a: ConnectPeerAssociation, target: ConnectPeerTarget): ConnectPeerAssociationData {
  return {
    ConnectPeerId: a.ConnectPeerId ?? target.connectPeerId,
    GlobalNetworkId: a.GlobalNetworkId ?? target.globalNetworkId,
    DeviceId: a.DeviceId ?? target.deviceId,
    LinkId: a.LinkId ?? '',
    State: a.State ?? '',
  };
}

function needsReplacement(event: LifecycleEvent): boolean {
  const now = event.properties;
  const before = event.oldProperties ?? {};
  return CONNECT_PEER_ASSOCIATION_REPLACING_PROPERTIES.some((name) => (now[name] ?? '') !== (before[name] ?? ''));
}

function globalNetworkMissing(scope: Scope, globalNetworkId: string): TerminalError {
  return new TerminalError(`Global network ${globalNetworkId} was not found in account ${scope.account || 'of this stack'}. ` +
    'Check globalNetworkId, and deploy the stack to the account that owns the global network.');
}

async function find(ctx: HandlerContext, scope: Scope, globalNetworkId: string, connectPeerId: string) {
  return call(ctx, 'GetConnectPeerAssociations', () => scope.api.find(globalNetworkId, connectPeerId));
}

/** The owner tag's value on the peer, or undefined when it has none or the peer cannot be read. */
async function ownerOf(ctx: HandlerContext, scope: Scope, connectPeerId: string): Promise<string | undefined> {
  try {
    return await call(ctx, 'GetConnectPeer', () => scope.api.peerTag(connectPeerId, CONNECT_PEER_OWNER_TAG));
  } catch (err) {
    if (classify(err) === 'notFound') return undefined;
    throw err;
  }
}

async function claim(ctx: HandlerContext, scope: Scope, connectPeerId: string): Promise<void> {
  await call(ctx, 'TagResource', () => scope.api.tag(peerArn(scope, connectPeerId), CONNECT_PEER_OWNER_TAG, scope.mark));
}

/** Removes this stack's mark; best effort, since the association it describes is already handled. */
async function release(ctx: HandlerContext, scope: Scope, connectPeerId: string): Promise<void> {
  try {
    await call(ctx, 'UntagResource', () => scope.api.untag(peerArn(scope, connectPeerId), CONNECT_PEER_OWNER_TAG));
  } catch (err) {
    ctx.logger.warn('could not remove the owner tag from the Connect peer', { connectPeerId, error: (err as Error)?.name });
  }
}

/** An error the kit classes as a conflict, so the caller's bounded backoff tries again. */
function busy(message: string): Error {
  const err = new Error(message);
  err.name = 'ConflictException';
  return err;
}

/**
 * Associate. A ConflictException (409) or a ValidationException (400, Network Manager's "state is invalid"
 * answer for a busy resource) is read against the real state: our own earlier (lost) attempt counts as
 * success; an association still on its way out is busy, tried again with backoff; anything else fails.
 */
async function associate(ctx: HandlerContext, scope: Scope, target: ConnectPeerTarget): Promise<ConnectPeerAssociation> {
  // Once the peer was seen busy, a refusal that finds it gone means it just went: try again, not fail.
  let sawBusy = false;
  return call(ctx, 'AssociateConnectPeer', async () => {
    try {
      return (await scope.api.associate(target)) ?? { ...toAssociation(target), State: 'PENDING' };
    } catch (err) {
      const cls = classify(err);
      if (cls !== 'conflict' && !(cls === 'terminal' && isValidationException(err))) throw err;
      const current = await scope.api.find(target.globalNetworkId, target.connectPeerId);
      if (current && LIVE_STATES.has(current.State ?? '') && isTargetOf(current, target)) return current;
      if (current?.State === 'DELETING' || current?.State === 'PENDING') {
        sawBusy = true;
        throw busy(`The association of Connect peer ${target.connectPeerId} is ${current.State}.`);
      }
      if (sawBusy && (!current || current.State === 'DELETED')) throw busy(`The old association of Connect peer ${target.connectPeerId} is gone.`);
      if (current?.State === 'AVAILABLE') {
        throw new TerminalError(`Connect peer ${target.connectPeerId} was associated with ${describeTarget(current)} by someone else ` +
          'while this stack was associating it. Disassociate it, then deploy again.');
      }
      throw err;
    }
  });
}

async function create(event: LifecycleEvent, ctx: HandlerContext): Promise<OnEventResult> {
  const scope = requireScope(event);
  const target = targetOf(event.properties);
  const physicalResourceId = connectPeerAssociationPhysicalId(target.globalNetworkId, target.connectPeerId);
  // No client token exists for this API, so read the state first: a retried create finds its own work.
  let existing: ConnectPeerAssociation | undefined;
  try {
    existing = await find(ctx, scope, target.globalNetworkId, target.connectPeerId);
  } catch (err) {
    if (classify(err) === 'notFound') throw globalNetworkMissing(scope, target.globalNetworkId);
    throw err;
  }
  if (existing && LIVE_STATES.has(existing.State ?? '')) {
    const owner = await ownerOf(ctx, scope, target.connectPeerId);
    if (!isTargetOf(existing, target)) {
      throw new TerminalError(`Connect peer ${target.connectPeerId} is already associated with ${describeTarget(existing)} ` +
        `in global network ${target.globalNetworkId}. A peer has one association at a time: disassociate it first, ` +
        'or set deviceId and linkId to match it.');
    }
    if (owner !== scope.mark) {
      if (!adoptsExisting(event.properties)) {
        throw new TerminalError(`Connect peer ${target.connectPeerId} is already associated with ${describeTarget(existing)}, ` +
          'and this stack did not make that association. Set adoptExisting: true to manage it from this stack (deleting the ' +
          'resource then disassociates it), or disassociate it first.');
      }
      // Adopting makes the association this stack's: it is marked, and deleting the resource removes it.
      await claim(ctx, scope, target.connectPeerId);
      ctx.logger.info('adopting the existing association', { physicalResourceId, state: existing.State });
    } else {
      ctx.logger.info('association already made by this resource', { physicalResourceId, state: existing.State });
    }
    return { physicalResourceId, data: { ...attributesOf(existing, target) } };
  }
  // Marked before associating: a cancelled create that got as far as associating is then recognisable.
  await claim(ctx, scope, target.connectPeerId);
  let association: ConnectPeerAssociation;
  try {
    association = await associate(ctx, scope, target);
  } catch (err) {
    await release(ctx, scope, target.connectPeerId);
    throw err;
  }
  ctx.logger.info('association started', { physicalResourceId, state: association.State });
  return { physicalResourceId, data: { ...attributesOf(association, target) } };
}

/** Waits, within this invocation, until the peer's old association is gone, so the new one can be made. */
async function waitUntilDisassociated(ctx: HandlerContext, scope: Scope, target: ConnectPeerTarget): Promise<void> {
  const interval = Math.max(2 * retryBaseDelayMs(), 1);
  for (;;) {
    const current = await find(ctx, scope, target.globalNetworkId, target.connectPeerId);
    if (!current || current.State === 'DELETED') return;
    if (current.State !== 'DELETING') {
      throw new TerminalError(`The old association of Connect peer ${target.connectPeerId} with ${describeTarget(current)} became ` +
        `${current.State} while this stack was moving it: it was changed outside this stack. Disassociate it, then deploy again.`);
    }
    if (ctx.invocationRemainingMs() < interval + 1000) {
      throw new TerminalError(`The old association of Connect peer ${target.connectPeerId} is still DELETING, so it could not be moved ` +
        `to ${describeTarget(toAssociation(target))} yet. Deploy again once it is gone.`);
    }
    await sleep(interval);
  }
}

/** An in-place update: moves the association to another device or link, all writes here (isComplete only reads). */
async function move(event: LifecycleEvent, ctx: HandlerContext): Promise<OnEventResult> {
  const scope = requireScope(event);
  const target = targetOf(event.properties);
  const physicalResourceId = event.physicalResourceId!;
  const current = await find(ctx, scope, target.globalNetworkId, target.connectPeerId);
  if (current && LIVE_STATES.has(current.State ?? '') && isTargetOf(current, target)) return { physicalResourceId };
  if (current && LIVE_STATES.has(current.State ?? '')) {
    const before = (event.oldProperties ?? {}) as Partial<ConnectPeerAssociationProperties>;
    const old: ConnectPeerTarget = { ...target, deviceId: String(before.DeviceId ?? ''), linkId: before.LinkId || undefined };
    if (!isTargetOf(current, old)) {
      throw new TerminalError(`Connect peer ${target.connectPeerId} is associated with ${describeTarget(current)}, which this stack ` +
        'did not set: it was changed outside this stack. Disassociate it, then deploy again.');
    }
    // A peer has one association at a time, so the old one goes first.
    ctx.logger.info('moving association: disassociating', { physicalResourceId, from: describeTarget(current), to: describeTarget(toAssociation(target)) });
    await disassociate(ctx, scope, target.globalNetworkId, target.connectPeerId);
  }
  await waitUntilDisassociated(ctx, scope, target);
  const started = await associate(ctx, scope, target);
  ctx.logger.info('moving association: associating', { physicalResourceId, to: describeTarget(toAssociation(target)), state: started.State });
  return { physicalResourceId };
}

/**
 * Disassociate. A ConflictException or ValidationException while the association is still PENDING (or has
 * just become AVAILABLE) is "busy", tried again with backoff; one that finds it already DELETING counts as
 * started, and one that finds it gone as done.
 */
async function disassociate(ctx: HandlerContext, scope: Scope, globalNetworkId: string, connectPeerId: string): Promise<boolean> {
  try {
    return await call(ctx, 'DisassociateConnectPeer', async () => {
      try {
        await scope.api.disassociate(globalNetworkId, connectPeerId);
        return true;
      } catch (err) {
        const cls = classify(err);
        if (cls !== 'conflict' && !(cls === 'terminal' && isValidationException(err))) throw err;
        const current = await scope.api.find(globalNetworkId, connectPeerId);
        if (current?.State === 'DELETING') return true;
        if (!current || current.State === 'DELETED') return false;
        // PENDING, or AVAILABLE by the time it was read again: it was settling; try again.
        if (LIVE_STATES.has(current.State ?? '')) throw busy(`The association of Connect peer ${connectPeerId} was ${current.State}.`);
        throw err;
      }
    });
  } catch (err) {
    if (classify(err) !== 'notFound') throw err;
    ctx.logger.info('association already gone', { globalNetworkId, connectPeerId });
    return false;
  }
}

/**
 * Delete. With this library's physical id, CloudFormation confirms the create succeeded: the association
 * is removed when it still matches the properties and no other stack has marked the peer since. With any
 * other physical id (CloudFormation cancelled the create), it is removed only when the peer carries this
 * stack's mark and the association matches the properties: that is the cancelled create's own work.
 */
async function remove(event: LifecycleEvent, ctx: HandlerContext): Promise<OnEventResult> {
  const physicalResourceId = event.physicalResourceId ?? '';
  const scope = scopeOf(event);
  // In a partition without Network Manager the create failed before making anything.
  if (!scope) return { physicalResourceId };
  const parsed = PHYSICAL_ID.exec(physicalResourceId);
  const ours = !!parsed;
  const p = event.properties as Partial<ConnectPeerAssociationProperties>;
  const globalNetworkId = parsed ? parsed[1] : p.GlobalNetworkId;
  const connectPeerId = parsed ? parsed[2] : p.ConnectPeerId;
  if (!globalNetworkId || !connectPeerId) return { physicalResourceId };
  let current: ConnectPeerAssociation | undefined;
  try {
    current = await find(ctx, scope, globalNetworkId, connectPeerId);
  } catch (err) {
    if (classify(err) !== 'notFound') throw err;
    ctx.logger.info('global network is gone', { physicalResourceId });
    return { physicalResourceId };
  }
  const owner = await ownerOf(ctx, scope, connectPeerId);
  const marked = owner === scope.mark;
  if (!current || GONE_STATES.has(current.State ?? '')) {
    // A cancelled create may have marked the peer without associating it: leave nothing behind.
    if (marked) await release(ctx, scope, connectPeerId);
    ctx.logger.info('association already gone', { physicalResourceId, state: current?.State });
    return { physicalResourceId };
  }
  const matches = !!p.DeviceId && current.DeviceId === p.DeviceId && (current.LinkId ?? '') === (p.LinkId ?? '');
  const mine = matches && (ours ? owner === undefined || marked : marked);
  if (!mine) {
    ctx.logger.warn('the peer\'s association is not this resource\'s to remove; leaving it', {
      physicalResourceId, deviceId: current.DeviceId, markedByThisStack: marked,
    });
    return { physicalResourceId };
  }
  const started = await disassociate(ctx, scope, globalNetworkId, connectPeerId);
  if (marked) await release(ctx, scope, connectPeerId);
  ctx.logger.info(started ? 'disassociation started' : 'association already gone', { physicalResourceId });
  return { physicalResourceId, data: started ? { [DISASSOCIATING]: 'true' } : {} };
}

async function deleteComplete(event: LifecycleEvent): Promise<IsCompleteResult> {
  if (event.data[DISASSOCIATING] !== 'true') return { isComplete: true };
  const scope = scopeOf(event)!;
  const parsed = PHYSICAL_ID.exec(event.physicalResourceId ?? '');
  const globalNetworkId = parsed ? parsed[1] : String(event.properties.GlobalNetworkId);
  const connectPeerId = parsed ? parsed[2] : String(event.properties.ConnectPeerId);
  let current: ConnectPeerAssociation | undefined;
  try {
    current = await scope.api.find(globalNetworkId, connectPeerId);
  } catch (err) {
    if (classify(err) === 'notFound') return { isComplete: true, progress: `global network ${globalNetworkId} is gone` };
    throw err;
  }
  if (!current || current.State === 'DELETED') return { isComplete: true, progress: `peer ${connectPeerId} is disassociated` };
  // Associated again by someone else once ours was gone: not ours to wait on.
  if (current.State !== 'DELETING') return { isComplete: true, progress: `peer ${connectPeerId} is ${current.State} with ${describeTarget(current)}` };
  return { isComplete: false, progress: `association of ${connectPeerId} is ${current.State}` };
}

async function isComplete(event: LifecycleEvent): Promise<IsCompleteResult> {
  if (event.requestType === 'Delete') return deleteComplete(event);
  const scope = requireScope(event);
  const target = targetOf(event.properties);
  const current = await scope.api.find(target.globalNetworkId, target.connectPeerId);
  // Right after AssociateConnectPeer the association may not be listed yet; the wait limit bounds this.
  if (!current) return { isComplete: false, progress: `association of ${target.connectPeerId} is not visible yet` };
  const progress = `association of ${target.connectPeerId} with ${describeTarget(current)} is ${current.State}`;
  if (LIVE_STATES.has(current.State ?? '') && !isTargetOf(current, target)) {
    throw new TerminalError(`Connect peer ${target.connectPeerId} is now associated with ${describeTarget(current)}, not ` +
      `${describeTarget(toAssociation(target))}: it was changed outside this stack. Disassociate it, then deploy again.`);
  }
  if (current.State === 'AVAILABLE') return { isComplete: true, data: { ...attributesOf(current, target) }, progress };
  // PENDING, or a state this handler does not know: poll again, within the wait limit.
  if (!GONE_STATES.has(current.State ?? '')) return { isComplete: false, progress };
  throw new TerminalError(`The association of Connect peer ${target.connectPeerId} became ${current.State} while waiting for AVAILABLE: ` +
    'it was removed outside this stack. Deploy again to associate it anew.');
}

/** The lifecycle of `Custom::ConnectPeerAssociation`. */
export const connectPeerAssociationHandler: ResourceHandler = {
  resourceType: CONNECT_PEER_ASSOCIATION_RESOURCE_TYPE,
  async onEvent(event, ctx) {
    switch (event.requestType) {
      case 'Create':
        return create(event, ctx);
      case 'Update':
        if (needsReplacement(event)) return create(event, ctx);
        return move(event, ctx);
      case 'Delete':
        return remove(event, ctx);
    }
  },
  isComplete,
};
