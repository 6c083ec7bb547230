import { reportBase, requireResolved, GONE_STATES } from './move-check';
import type { MoveReport } from './move-report';
import type { PlannedMove } from './planned-move';
import { removalBehavior } from '../directconnect/handler/association-lifecycle';
import { ConnectionView, DirectConnectApi, isHostedConnection, VirtualInterfaceView } from '../directconnect/handler/direct-connect-api';
import { locate, MAX_PARENTS_SEARCHED } from '../directconnect/lookup/hosted-connection-locator';

/** What a virtual interface and its BGP sessions look like, for "interrupts"; never its auth key (the seam strips it). */
export function describeInterface(v: VirtualInterfaceView): string {
  const peers = v.bgpPeers.map((p) => `BGP peer ${p.bgpPeerId ?? '?'} ${p.bgpStatus ?? 'unknown'}`).join(', ');
  return `virtual interface ${v.virtualInterfaceId} (${v.virtualInterfaceType ?? 'unknown type'}, VLAN ${v.vlan ?? '?'}, ` +
    `${v.virtualInterfaceState}${peers ? `; ${peers}` : ''})`;
}

function vlanClash(on: ConnectionView[], subject: ConnectionView): ConnectionView | undefined {
  return on.find((c) => c.connectionId !== subject.connectionId && c.vlan === subject.vlan && !GONE_STATES.has(c.connectionState));
}

/**
 * A hosted connection's move (AssociateHostedConnection, seed 001): where it is (found as the handler finds it,
 * `locate`), a VLAN already in use on the target, a target that is not this partner's interconnect or a LAG that
 * allows hosted connections, and the interfaces that ride along.
 */
export async function checkHostedConnectionMove(move: PlannedMove, api: DirectConnectApi): Promise<MoveReport> {
  const base = { kind: move.kind, subject: move.properties.ConnectionId?.value ?? '(unresolved)' };
  const resolved = requireResolved(move, ['ConnectionId', 'ParentConnectionId'], base);
  if (resolved.report) return resolved.report;
  const { ConnectionId: id, ParentConnectionId: target } = resolved.values;
  const removal = removalBehavior({ RemovalBehavior: move.properties.RemovalBehavior?.value });
  const row = { ...reportBase(move), ...base, to: target };
  row.accounts.push('it must be the Direct Connect Partner that owns the target and the interconnect or LAG the connection is on now');
  const blocked = (finding: string, from?: string): MoveReport => ({ ...row, from, verdict: 'blocked', findings: [finding], interrupts: [] });

  // Found as the handler finds it: the construct's currentParent hint first, when the template has one.
  const hint = move.properties.CurrentParentId?.value;
  const search = countingReads(api);
  const placement = await locate(search.api, id, target, true, undefined, hint);
  if (!placement) {
    return blocked(`Hosted connection ${id} is on none of this account's interconnects and LAGs at the target's location ` +
      `(the first ${MAX_PARENTS_SEARCHED} searched). Deploy the stack as the Direct Connect Partner that owns it, or check the id.`);
  }
  const c = placement.subject;
  if (!isHostedConnection(c)) {
    return blocked(`Connection ${id} is not a hosted connection (it has no VLAN of its own), so AssociateHostedConnection cannot move it. Use the id of a hosted connection.`);
  }
  if (!placement.parentId) {
    return blocked(`This account owns hosted connection ${id} but not the interconnect or LAG it is on, and only that partner can move it. ` +
      'Deploy the stack as the Direct Connect Partner.');
  }
  const from = placement.parentId;
  // The move's own lookup makes the same reads; told where the connection is, it makes one.
  const suggestions = from !== target && hint !== from && search.reads() > 1
    ? [`currentParent: ${from} saves ${search.reads() - 1} calls per move: the search for ${id} took ${search.reads()} reads, ` +
      `and the move reads a correct currentParent once (HostedConnectionAssociation's currentParent, DirectConnectTarget.fromId('${from}')).`]
    : [];
  if (GONE_STATES.has(c.connectionState)) return blocked(`Hosted connection ${id} is '${c.connectionState}' and cannot be moved.`, from);

  const interrupts = [`hosted connection ${id} (${c.bandwidth ?? 'unknown bandwidth'}, VLAN ${c.vlan}, owned by ${c.ownerAccount ?? 'its customer'}) is down while it moves`];
  const vifs = await api.listVirtualInterfaces(id);
  if (vifs) interrupts.push(...(vifs.length ? vifs.map(describeInterface) : ['no virtual interface is on it']));
  else interrupts.push(`the virtual interfaces on it move with it; only its owner ${c.ownerAccount ?? ''} can list them (run the preflight as that account to see them)`.replace('  ', ' '));

  if (from === target) {
    return { ...row, from, verdict: 'no-op', findings: [], interrupts: [], onDelete: removal === 'RETAIN' ? `RETAIN: it stays on ${target}` : 'RESTORE: if this stack moved it here, a delete moves it back where it was (the deployed association records it; the preflight reads templates only); otherwise nothing moves' };
  }
  const parents = [...await api.listInterconnects(), ...await api.listHostedConnectionLags()];
  const onTarget = parents.some((p) => p.id === target) ? await api.listHostedConnections(target) : undefined;
  if (!onTarget) {
    return blocked(`${target} is not an interconnect of this account, or a LAG of it that allows hosted connections, in ${move.stack.region ?? 'this region'}. ` +
      'Choose one of the partner\'s interconnects or LAGs as the target.', from);
  }
  const clash = vlanClash(onTarget, c);
  if (clash) {
    return {
      ...row,
      from,
      verdict: 'blocked',
      interrupts,
      findings: [`VLAN ${c.vlan} is already in use on ${target} by hosted connection ${clash.connectionId}: AssociateHostedConnection would fail. ` +
        'Free the VLAN on the target, or choose another target.'],
    };
  }
  let onDelete = `RETAIN: it stays on ${target}`;
  if (removal === 'RESTORE') {
    const back = (await api.listHostedConnections(from)) ?? [];
    const backClash = vlanClash(back, c);
    onDelete = `RESTORE: it moves back to ${from}; ` + (backClash
      ? `not possible now: VLAN ${c.vlan} on ${from} is in use by ${backClash.connectionId}`
      : `possible now (VLAN ${c.vlan} is free on ${from})`);
  }
  return { ...row, from, verdict: 'ok', findings: [], interrupts, onDelete, ...(suggestions.length ? { suggestions } : {}) };
}

/** The API, counting the lookup's reads (each one call, unless a list runs to more than one page). */
function countingReads(api: DirectConnectApi): { api: DirectConnectApi; reads: () => number } {
  let reads = 0;
  const counted = new Set<PropertyKey>(['listHostedConnections', 'listInterconnects', 'listHostedConnectionLags', 'describeConnection']);
  const proxy = new Proxy(api, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function' || !counted.has(prop)) return value;
      return (...args: unknown[]) => { reads++; return value.apply(obj, args); };
    },
  });
  return { api: proxy, reads: () => reads };
}
