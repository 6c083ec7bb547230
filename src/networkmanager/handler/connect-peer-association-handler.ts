import type { ConnectPeerAssociation } from '@aws-sdk/client-networkmanager';
import { ConnectPeerTarget, NetworkManagerApi } from './network-manager-api';
import { classifyError, TerminalError } from '../../runtime/errors';
import { LifecycleEvent, requireProperty } from '../../runtime/lifecycle-event';
import type { HandlerContext, IsCompleteResult, OnEventResult, ResourceHandler } from '../../runtime/resource-handler';
import { retryingCaller } from '../../runtime/retry';
import {
  CONNECT_PEER_ASSOCIATION_REPLACING_PROPERTIES, CONNECT_PEER_ASSOCIATION_RESOURCE_TYPE, ConnectPeerAssociationData,
  ConnectPeerAssociationProperties, connectPeerAssociationPhysicalId,
} from '../connect-peer-association-contract';

let api: NetworkManagerApi | undefined;
const networkManager = () => (api ??= new NetworkManagerApi());

/** `<global network id>/<connect peer id>`; anything else is a request id left by a failed create. */
const PHYSICAL_ID = /^(.+)\/(connect-peer-[0-9a-f]{8,17})$/;
const LIVE_STATES = new Set(['PENDING', 'AVAILABLE']);
/** The association is going or gone: nothing will bring it back by itself. Any other state may still settle. */
const GONE_STATES = new Set(['DELETING', 'DELETED']);

/**
 * Calls that change the association are retried with bounded backoff: ConflictException (another change
 * to the peer or global network is still running, which the SDK does not retry), throttling, 5xx, and
 * AccessDenied while a new role propagates.
 */
const call = retryingCaller({ alsoRetryOn: ['conflict'] });

function targetOf(properties: Record<string, any> | undefined): ConnectPeerTarget {
  const p = (properties ?? {}) as ConnectPeerAssociationProperties;
  return {
    globalNetworkId: requireProperty(p, 'GlobalNetworkId'),
    connectPeerId: requireProperty(p, 'ConnectPeerId'),
    deviceId: requireProperty(p, 'DeviceId'),
    linkId: p.LinkId || undefined,
  };
}

function isTargetOf(association: ConnectPeerAssociation, target: ConnectPeerTarget): boolean {
  return association.DeviceId === target.deviceId && (association.LinkId ?? '') === (target.linkId ?? '');
}

function describeTarget(a: { DeviceId?: string; LinkId?: string }): string {
  return `device ${a.DeviceId ?? '?'}${a.LinkId ? ` and link ${a.LinkId}` : ''}`;
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

/** An in-place update that points the association at another device or link. */
function isMove(event: LifecycleEvent): boolean {
  if (event.requestType !== 'Update' || needsReplacement(event)) return false;
  const now = targetOf(event.properties);
  const before = event.oldProperties ?? {};
  return now.deviceId !== before.DeviceId || (now.linkId ?? '') !== (before.LinkId || '');
}

async function find(ctx: HandlerContext, target: { globalNetworkId: string; connectPeerId: string }) {
  return call(ctx, 'GetConnectPeerAssociations', () => networkManager().find(target.globalNetworkId, target.connectPeerId));
}

/** Associate, treating a conflict that turns out to be our own earlier (lost) attempt as success. */
async function associate(ctx: HandlerContext, target: ConnectPeerTarget): Promise<ConnectPeerAssociation> {
  return call(ctx, 'AssociateConnectPeer', async () => {
    try {
      return (await networkManager().associate(target)) ?? { ...toAssociation(target), State: 'PENDING' };
    } catch (err) {
      if (classifyError(err) === 'conflict') {
        const current = await networkManager().find(target.globalNetworkId, target.connectPeerId);
        if (current && LIVE_STATES.has(current.State ?? '') && isTargetOf(current, target)) return current;
      }
      throw err;
    }
  });
}

function toAssociation(target: ConnectPeerTarget): ConnectPeerAssociation {
  return { GlobalNetworkId: target.globalNetworkId, ConnectPeerId: target.connectPeerId, DeviceId: target.deviceId, LinkId: target.linkId };
}

async function disassociate(ctx: HandlerContext, globalNetworkId: string, connectPeerId: string): Promise<void> {
  try {
    await call(ctx, 'DisassociateConnectPeer', () => networkManager().disassociate(globalNetworkId, connectPeerId));
  } catch (err) {
    if (classifyError(err) !== 'notFound') throw err;
    ctx.logger.info('association already gone', { globalNetworkId, connectPeerId });
  }
}

async function create(event: LifecycleEvent, ctx: HandlerContext): Promise<OnEventResult> {
  const target = targetOf(event.properties);
  const physicalResourceId = connectPeerAssociationPhysicalId(target.globalNetworkId, target.connectPeerId);
  // No client token exists for this API, so read the state first: a retried create finds its own work.
  const existing = await find(ctx, target);
  let association: ConnectPeerAssociation;
  if (existing && LIVE_STATES.has(existing.State ?? '')) {
    if (!isTargetOf(existing, target)) {
      throw new TerminalError(`Connect peer ${target.connectPeerId} is already associated with ${describeTarget(existing)} ` +
        `in global network ${target.globalNetworkId}. A peer has one association at a time: disassociate it first, ` +
        'or set deviceId and linkId to match it.');
    }
    ctx.logger.info('association already exists; adopting it', { physicalResourceId, state: existing.State });
    association = existing;
  } else {
    association = await associate(ctx, target);
  }
  ctx.logger.info('association started', { physicalResourceId, state: association.State });
  return { physicalResourceId, data: { ...attributesOf(association, target) } };
}

async function move(event: LifecycleEvent, ctx: HandlerContext): Promise<OnEventResult> {
  const target = targetOf(event.properties);
  const physicalResourceId = event.physicalResourceId!;
  const current = await find(ctx, target);
  if (current && LIVE_STATES.has(current.State ?? '') && !isTargetOf(current, target)) {
    // A peer has one association at a time, so the old one goes first; isComplete then associates the new one.
    await disassociate(ctx, target.globalNetworkId, target.connectPeerId);
    ctx.logger.info('moving association: disassociating', { physicalResourceId, from: describeTarget(current), to: describeTarget(toAssociation(target)) });
  }
  return { physicalResourceId };
}

async function remove(event: LifecycleEvent, ctx: HandlerContext): Promise<OnEventResult> {
  const physicalResourceId = event.physicalResourceId ?? '';
  const parsed = PHYSICAL_ID.exec(physicalResourceId);
  if (!parsed) return { physicalResourceId };
  const [, globalNetworkId, connectPeerId] = parsed;
  let current: ConnectPeerAssociation | undefined;
  try {
    current = await find(ctx, { globalNetworkId, connectPeerId });
  } catch (err) {
    if (classifyError(err) !== 'notFound') throw err;
  }
  if (!current || GONE_STATES.has(current.State ?? '')) {
    ctx.logger.info('association already gone', { physicalResourceId, state: current?.State });
    return { physicalResourceId };
  }
  const ours = event.properties.DeviceId;
  if (ours && current.DeviceId !== ours) {
    // Someone associated the peer elsewhere after this stack let go of it: that association is not ours to remove.
    ctx.logger.warn('peer is associated with another device; leaving it', { physicalResourceId, deviceId: current.DeviceId });
    return { physicalResourceId };
  }
  await disassociate(ctx, globalNetworkId, connectPeerId);
  ctx.logger.info('disassociation started', { physicalResourceId });
  return { physicalResourceId };
}

async function deleteComplete(event: LifecycleEvent): Promise<IsCompleteResult> {
  const parsed = PHYSICAL_ID.exec(event.physicalResourceId ?? '');
  if (!parsed) return { isComplete: true };
  const [, globalNetworkId, connectPeerId] = parsed;
  let current: ConnectPeerAssociation | undefined;
  try {
    current = await networkManager().find(globalNetworkId, connectPeerId);
  } catch (err) {
    if (classifyError(err) === 'notFound') return { isComplete: true, progress: `global network ${globalNetworkId} is gone` };
    throw err;
  }
  if (!current || current.State === 'DELETED') return { isComplete: true, progress: `peer ${connectPeerId} is disassociated` };
  const ours = event.properties.DeviceId;
  if (ours && current.DeviceId !== ours && current.State !== 'DELETING') return { isComplete: true };
  return { isComplete: false, progress: `association of ${connectPeerId} is ${current.State}` };
}

async function moveComplete(target: ConnectPeerTarget, ctx: HandlerContext): Promise<IsCompleteResult> {
  const current = await networkManager().find(target.globalNetworkId, target.connectPeerId);
  if (!current || current.State === 'DELETED') {
    try {
      const started = await networkManager().associate(target);
      ctx.logger.info('moving association: associating', { to: describeTarget(toAssociation(target)), state: started?.State });
      return { isComplete: false, progress: `associating ${target.connectPeerId} with ${describeTarget(toAssociation(target))}` };
    } catch (err) {
      // The old association may still be on its way out where Associate looks; poll again.
      if (classifyError(err) === 'conflict') return { isComplete: false, progress: `waiting to associate ${target.connectPeerId}` };
      throw err;
    }
  }
  if (!isTargetOf(current, target)) {
    return { isComplete: false, progress: `old association with ${describeTarget(current)} is ${current.State}` };
  }
  return stableOrWaiting(current, target);
}

function stableOrWaiting(current: ConnectPeerAssociation, target: ConnectPeerTarget): IsCompleteResult {
  const progress = `association of ${target.connectPeerId} with ${describeTarget(current)} is ${current.State}`;
  if (current.State === 'AVAILABLE') return { isComplete: true, data: { ...attributesOf(current, target) }, progress };
  // PENDING, or a state this handler does not know: poll again, within the wait limit.
  if (!GONE_STATES.has(current.State ?? '')) return { isComplete: false, progress };
  throw new TerminalError(`The association of Connect peer ${target.connectPeerId} became ${current.State} while waiting for AVAILABLE: ` +
    'it was removed outside this stack. Deploy again to associate it anew.');
}

async function isComplete(event: LifecycleEvent, ctx: HandlerContext): Promise<IsCompleteResult> {
  if (event.requestType === 'Delete') return deleteComplete(event);
  const target = targetOf(event.properties);
  if (isMove(event)) return moveComplete(target, ctx);
  const current = await networkManager().find(target.globalNetworkId, target.connectPeerId);
  // Right after AssociateConnectPeer the association may not be listed yet; the wait limit bounds this.
  if (!current) return { isComplete: false, progress: `association of ${target.connectPeerId} is not visible yet` };
  if (LIVE_STATES.has(current.State ?? '') && !isTargetOf(current, target)) {
    throw new TerminalError(`Connect peer ${target.connectPeerId} is now associated with ${describeTarget(current)}, not ` +
      `${describeTarget(toAssociation(target))}: it was changed outside this stack. Disassociate it, then deploy again.`);
  }
  return stableOrWaiting(current, target);
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
