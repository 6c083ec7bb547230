import { createAssociationHandler, MoveSpec, Verdict } from './association-lifecycle';
import { ConnectionView, isHostedConnection } from './direct-connect-api';
import { TerminalError } from '../../runtime/errors';
import {
  HOSTED_CONNECTION_ASSOCIATION_RESOURCE_TYPE, HostedConnectionAssociationData, HostedConnectionAssociationProperties,
} from '../hosted-connection-association-contract';
import { locate, MAX_PARENTS_SEARCHED } from '../lookup/hosted-connection-locator';

/** Steady: the move is done. `down` is the link, which the partner and customer own; `ordering` waits on the customer. */
const STEADY = new Set(['available', 'down', 'ordering']);
/** Nothing brings a connection back from these by itself. */
const TERMINAL = new Set(['rejected', 'deleted', 'deleting']);

const spec: MoveSpec<ConnectionView> = {
  resourceType: HOSTED_CONNECTION_ASSOCIATION_RESOURCE_TYPE,
  noun: 'hosted connection',
  movedIdProperty: 'ConnectionId',
  targetIdProperty: 'ParentConnectionId',
  whoMayMove: 'the stack deploys in the Direct Connect Partner account that owns its interconnect or LAG ' +
    `(only the first ${MAX_PARENTS_SEARCHED} at the target's location are searched)`,
  locate,
  // RESTORE's "is it still on the target": the target's own list, without the owner's lookup after a miss.
  async onParent(api, connectionId, parentId) {
    return (await api.listHostedConnections(parentId))?.find((c) => c.connectionId === connectionId);
  },
  currentParentProperty: 'CurrentParentId' satisfies keyof HostedConnectionAssociationProperties,
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
