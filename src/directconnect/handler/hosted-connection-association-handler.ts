import { createAssociationHandler, MoveSpec, Placement, Verdict } from './association-lifecycle';
import { ConnectionView, DirectConnectApi, HostedConnectionParent, isHostedConnection } from './direct-connect-api';
import { TerminalError } from '../../runtime/errors';
import {
  HOSTED_CONNECTION_ASSOCIATION_RESOURCE_TYPE, HostedConnectionAssociationData,
} from '../hosted-connection-association-contract';

/** Steady: the move is done. `down` is the link, which the partner and customer own; `ordering` waits on the customer. */
const STEADY = new Set(['available', 'down', 'ordering']);
/** Nothing brings a connection back from these by itself. */
const TERMINAL = new Set(['rejected', 'deleted', 'deleting']);

/**
 * The most interconnects and LAGs a search for a hosted connection's current parent reads, one
 * DescribeHostedConnections call each. A partner with more at one location deploys the move with RETAIN, or
 * names a parent it can be found on first.
 */
export const MAX_PARENTS_SEARCHED = 50;

/**
 * Where a hosted connection is. The partner that moves it does not own it (its customer does), so it cannot
 * read it with DescribeConnections; the Connection shape has no parent field anyway (only `lagId`). The
 * parent is the interconnect or LAG whose DescribeHostedConnections lists it: the expected one first, then,
 * when the caller owns the connection, its `lagId`, then, when `thorough`, the partner's other interconnects
 * and LAGs at the target's location (a hosted connection moves within its location), at most
 * MAX_PARENTS_SEARCHED of them.
 */
async function locate(api: DirectConnectApi, connectionId: string, expectedParentId: string, thorough: boolean):
Promise<Placement<ConnectionView> | undefined> {
  const checked = new Set<string>();
  const onParent = async (parentId: string | undefined): Promise<Placement<ConnectionView> | undefined> => {
    if (!parentId || checked.has(parentId)) return undefined;
    checked.add(parentId);
    const subject = (await api.listHostedConnections(parentId))?.find((c) => c.connectionId === connectionId);
    return subject ? { parentId, subject } : undefined;
  };

  const onExpected = await onParent(expectedParentId);
  if (onExpected) return onExpected;
  // Only the owner (the customer) reads it here; for the partner this is "Could not find Connection".
  const own = await api.describeConnection(connectionId);
  const onLag = await onParent(own?.lagId);
  if (onLag) return onLag;
  if (thorough) {
    for (const parent of await candidateParents(api, expectedParentId)) {
      const found = await onParent(parent.id);
      if (found) return found;
    }
  }
  return own ? { subject: own } : undefined;
}

/** The partner's interconnects and LAGs a hosted connection bound for `targetId` may be on now. */
async function candidateParents(api: DirectConnectApi, targetId: string): Promise<HostedConnectionParent[]> {
  const all = [...await api.listInterconnects(), ...await api.listHostedConnectionLags()];
  const location = all.find((p) => p.id === targetId)?.location;
  return all.filter((p) => p.id !== targetId && (!location || !p.location || p.location === location)).slice(0, MAX_PARENTS_SEARCHED);
}

const spec: MoveSpec<ConnectionView> = {
  resourceType: HOSTED_CONNECTION_ASSOCIATION_RESOURCE_TYPE,
  noun: 'hosted connection',
  movedIdProperty: 'ConnectionId',
  targetIdProperty: 'ParentConnectionId',
  whoMayMove: 'the stack deploys in the Direct Connect Partner account that owns its interconnect or LAG ' +
    `(only the first ${MAX_PARENTS_SEARCHED} at the target's location are searched)`,
  locate,
  async checkMove(_api, placement) {
    if (!isHostedConnection(placement.subject)) {
      throw new TerminalError(`Connection ${placement.subject.connectionId} is not a hosted connection (it has no VLAN of its own), ` +
        'so AssociateHostedConnection cannot move it. Nothing was moved. Use the id of a hosted connection.');
    }
  },
  async associate(api, connectionId, parentId) {
    await api.associateHostedConnection(connectionId, parentId);
  },
  stateOf: (c) => c.connectionState,
  verdict(c): Verdict {
    if (TERMINAL.has(c.connectionState)) return 'terminal';
    return STEADY.has(c.connectionState) ? 'steady' : 'waiting';
  },
  terminalAdvice(state) {
    return state === 'rejected'
      ? 'Its owner declined it, and a rejected hosted connection cannot carry traffic or be moved. ' +
        'Remove this association from the stack, or allocate a new hosted connection and use its id.'
      : 'It was deleted outside this stack. Remove this association from the stack, or use the id of another hosted connection.';
  },
  attributes(c, targetId, previousId): Record<string, string> {
    const attributes: HostedConnectionAssociationData = {
      ConnectionId: c.connectionId,
      ParentConnectionId: targetId,
      PreviousParentId: previousId ?? '',
      ConnectionState: c.connectionState,
      Vlan: c.vlan === undefined ? '' : String(c.vlan),
      Bandwidth: c.bandwidth ?? '',
      Location: c.location ?? '',
    };
    return { ...attributes };
  },
};

/** The lifecycle of `Custom::DirectConnectHostedConnectionAssociation`. */
export const hostedConnectionAssociationHandler = createAssociationHandler(spec);
