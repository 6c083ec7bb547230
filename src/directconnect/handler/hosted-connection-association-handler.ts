import { createAssociationHandler, MoveSpec, Placement, Verdict } from './association-lifecycle';
import { ConnectionView, DirectConnectApi, isHostedConnection } from './direct-connect-api';
import { TerminalError } from '../../runtime/errors';
import {
  HOSTED_CONNECTION_ASSOCIATION_RESOURCE_TYPE, HostedConnectionAssociationData,
} from '../hosted-connection-association-contract';

/** Steady: the move is done. `down` is the link, which the partner and customer own; `ordering` waits on the customer. */
const STEADY = new Set(['available', 'down', 'ordering']);
/** Nothing brings a connection back from these by itself. */
const TERMINAL = new Set(['rejected', 'deleted', 'deleting']);

/**
 * Where a hosted connection is. The Connection shape has no parent field (only `lagId`, which is set for
 * some), so the parent is the interconnect or LAG whose DescribeHostedConnections lists it: the expected
 * one first, then `lagId`, then, when `thorough`, every interconnect and LAG of the account.
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
  const own = await api.describeConnection(connectionId);
  const onLag = await onParent(own?.lagId);
  if (onLag) return onLag;
  if (thorough) {
    for (const parentId of [...await api.listInterconnectIds(), ...await api.listLagIds()]) {
      const found = await onParent(parentId);
      if (found) return found;
    }
  }
  return own ? { subject: own } : undefined;
}

const spec: MoveSpec<ConnectionView> = {
  resourceType: HOSTED_CONNECTION_ASSOCIATION_RESOURCE_TYPE,
  noun: 'hosted connection',
  arnKind: 'dxcon',
  movedIdProperty: 'ConnectionId',
  targetIdProperty: 'ParentConnectionId',
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
