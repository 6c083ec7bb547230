import { describeInterface } from './check-hosted-connection-move';
import { reportBase, requireResolved, GONE_STATES } from './move-check';
import type { MoveReport } from './move-report';
import type { PlannedMove } from './planned-move';
import { removalBehavior } from '../directconnect/handler/association-lifecycle';
import { DirectConnectApi, VirtualInterfaceView } from '../directconnect/handler/direct-connect-api';
import { hostedInterfaceLagRefusal } from '../directconnect/lookup/hosted-interface-lag-refusal';

/** The interfaces on a target that refuse this one (seed 002: "a conflicting VLAN number or a conflicting IP address"). */
function clashes(v: VirtualInterfaceView, onTarget: VirtualInterfaceView[], target: string): string[] {
  const others = onTarget.filter((o) => o.virtualInterfaceId !== v.virtualInterfaceId && !GONE_STATES.has(o.virtualInterfaceState));
  const found: string[] = [];
  const vlan = others.find((o) => o.vlan === v.vlan);
  if (vlan) found.push(`VLAN ${v.vlan} is already in use on ${target} by virtual interface ${vlan.virtualInterfaceId}`);
  for (const [field, address] of [['Amazon', v.amazonAddress], ['customer', v.customerAddress]] as const) {
    const ip = address ? others.find((o) => o.amazonAddress === address || o.customerAddress === address) : undefined;
    if (ip) found.push(`IP address ${address} (its ${field} address) is in use on ${target} by virtual interface ${ip.virtualInterfaceId}`);
  }
  return found;
}

/**
 * A virtual interface's move (AssociateVirtualInterface, seed 002): where it is, VLAN and IP clashes on the
 * target, an interface on a hosted connection sent to a LAG, a target the deploying account does not own, and
 * an owner who must confirm it afterwards.
 */
export async function checkVirtualInterfaceMove(move: PlannedMove, api: DirectConnectApi): Promise<MoveReport> {
  const base = { kind: move.kind, subject: move.properties.VirtualInterfaceId?.value ?? '(unresolved)' };
  const resolved = requireResolved(move, ['VirtualInterfaceId', 'ConnectionId'], base);
  if (resolved.report) return resolved.report;
  const { VirtualInterfaceId: id, ConnectionId: target } = resolved.values;
  const removal = removalBehavior({ RemovalBehavior: move.properties.RemovalBehavior?.value });
  const row = { ...reportBase(move), ...base, to: target };
  row.accounts.push('it must own the interface or the connection it is on, and own the target');
  const blocked = (findings: string[], from?: string, interrupts: string[] = []): MoveReport => ({ ...row, from, verdict: 'blocked', findings, interrupts });

  const v = await api.describeVirtualInterface(id);
  if (!v) {
    return blocked([`Virtual interface ${id} is not visible to this account: it must own the interface or the connection it is on. ` +
      'Deploy the stack in that account, or check the id.']);
  }
  const from = v.connectionId || undefined;
  if (GONE_STATES.has(v.virtualInterfaceState)) return blocked([`Virtual interface ${id} is '${v.virtualInterfaceState}' and cannot be moved.`], from);
  const current = from ? await api.describeConnection(from) : undefined;
  const interrupts = [`${describeInterface(v)}: traffic stops while it moves`];
  if (from === target) {
    return { ...row, from, verdict: 'no-op', findings: [], interrupts: [], onDelete: removal === 'RETAIN' ? `RETAIN: it stays on ${target}` : 'RESTORE: if this stack moved it here, a delete moves it back where it was (the deployed association records it; the preflight reads templates only); otherwise nothing moves' };
  }
  const lagRefusal = await hostedInterfaceLagRefusal(api, id, from, target);
  if (lagRefusal) {
    return blocked([`${lagRefusal} Move the hosted connection with its interfaces (HostedConnectionAssociation) instead, or choose a connection as the target.`],
      from, interrupts);
  }
  const onTarget = await api.listVirtualInterfaces(target);
  if (!onTarget) {
    return blocked([`This account does not own ${target}, and AssociateVirtualInterface needs the requester to own the target connection or LAG. ` +
      'Deploy the stack in the account that owns it, or choose another target.'], from, interrupts);
  }
  const found = clashes(v, onTarget, target);
  if (found.length) return blocked(found.map((f) => `${f}: AssociateVirtualInterface would fail. Free it on the target, or choose another target.`), from, interrupts);

  const targetConnection = await api.describeConnection(target);
  const bandwidth = `bandwidth ${current?.bandwidth ?? '?'} on ${from ?? '?'} becomes ${targetConnection?.bandwidth ?? '?'} on ${target}`;
  interrupts.push(bandwidth);
  const targetOwner = targetConnection?.ownerAccount;
  const findings: string[] = [];
  const accounts = [...row.accounts];
  if (v.ownerAccount && targetOwner && v.ownerAccount !== targetOwner) {
    const type = ['private', 'public', 'transit'].includes(v.virtualInterfaceType ?? '') ? v.virtualInterfaceType : 'private';
    findings.push(`Account ${v.ownerAccount} owns ${id} and must confirm it after the move ` +
      `(aws directconnect confirm-${type}-virtual-interface --virtual-interface-id ${id}); until then it carries no traffic.`);
    accounts.push(`${v.ownerAccount} owns the interface and must confirm it`);
  }
  let onDelete = `RETAIN: it stays on ${target}`;
  if (removal === 'RESTORE') {
    const back = from ? await api.listVirtualInterfaces(from) : undefined;
    onDelete = `RESTORE: it moves back to ${from ?? '(unknown)'}; ` + (back
      ? 'possible now'
      : `not possible: this account does not own ${from ?? 'its connection'}, and the move back needs the requester to own it`);
  }
  return { ...row, from, verdict: findings.length ? 'needs-confirmation' : 'ok', findings, interrupts, onDelete, accounts };
}
