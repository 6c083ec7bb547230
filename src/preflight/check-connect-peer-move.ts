import { reportBase, requireResolved } from './move-check';
import type { MoveReport } from './move-report';
import type { PlannedMove } from './planned-move';
import { CONNECT_PEER_OWNER_TAG } from '../networkmanager/connect-peer-association-contract';
import type { NetworkManagerApi } from '../networkmanager/handler/network-manager-api';
import { isGlobalNetworkNotFound } from '../networkmanager/handler/network-manager-errors';

const LIVE_STATES = new Set(['PENDING', 'AVAILABLE']);

function where(deviceId?: string, linkId?: string): string {
  return `${deviceId ?? '?'}${linkId ? ` / ${linkId}` : ''}`;
}

/**
 * A Connect peer's association (AssociateConnectPeer): the global network and device exist, the link is
 * associated with the device (botocore: "If you specify a link, it must be associated with the specified
 * device"), and whether the peer is already associated, here (no-op) or elsewhere (moved by this library's
 * association, or someone else's: blocked, as the handler's create refuses it).
 */
export async function checkConnectPeerMove(move: PlannedMove, api: NetworkManagerApi): Promise<MoveReport> {
  const base = { kind: move.kind, subject: move.properties.ConnectPeerId?.value ?? '(unresolved)' };
  const names = ['GlobalNetworkId', 'ConnectPeerId', 'DeviceId', ...(move.properties.LinkId ? ['LinkId'] : [])];
  const resolved = requireResolved(move, names, base);
  if (resolved.report) return resolved.report;
  const { GlobalNetworkId: gn, ConnectPeerId: peer, DeviceId: device, LinkId: link } = resolved.values;
  const to = where(device, link);
  const row = { ...reportBase(move), ...base, to, onDelete: 'the association is removed (DisassociateConnectPeer); the peer stays' };
  row.accounts.push(`it must own global network ${gn}`);
  const blocked = (finding: string, from?: string): MoveReport => ({ ...row, from, verdict: 'blocked', findings: [finding], interrupts: [] });

  let current;
  try {
    current = await api.find(gn, peer);
  } catch (err) {
    if (isGlobalNetworkNotFound(err)) return blocked(`Global network ${gn} was not found in the deploying account. Check globalNetworkId, and deploy as the account that owns it.`);
    throw err;
  }
  const live = current && LIVE_STATES.has(current.State ?? '') ? current : undefined;
  const from = live ? where(live.DeviceId, live.LinkId) : undefined;
  if (!await api.deviceExists(gn, device)) return blocked(`Device ${device} is not in global network ${gn}. Check deviceId.`, from);
  if (link) {
    const associations = (await api.linkAssociations(gn, link)).filter((a) => a.LinkAssociationState !== 'DELETED');
    if (!associations.some((a) => a.DeviceId === device)) {
      const on = associations.map((a) => a.DeviceId).filter(Boolean);
      return blocked(`Link ${link} is not associated with device ${device} (${on.length ? `it is on ${on.join(', ')}` : 'it is on no device'}), ` +
        'and AssociateConnectPeer needs a link of the device. Associate the link with the device first, or choose its device.', from);
    }
  }
  if (live && live.DeviceId === device && (live.LinkId ?? '') === (link ?? '')) {
    return { ...row, from, verdict: 'no-op', findings: [], interrupts: [] };
  }
  const interrupts = live ? [`Connect peer ${peer}'s BGP sessions through ${from}: the old association is removed before the new one is made`] : [];
  if (live && !(await api.peerTag(peer, CONNECT_PEER_OWNER_TAG))) {
    return {
      ...row,
      from,
      verdict: 'blocked',
      interrupts,
      findings: [`Connect peer ${peer} is already associated with ${from}, not by this library (it has no ${CONNECT_PEER_OWNER_TAG} tag). ` +
        'A peer has one association at a time: disassociate it first, or set deviceId and linkId to match it.'],
    };
  }
  return { ...row, from, verdict: 'ok', findings: [], interrupts };
}
