import { createAssociationHandler, MoveSpec, Verdict } from './association-lifecycle';
import { VirtualInterfaceView } from './direct-connect-api';
import { TerminalError } from '../../runtime/errors';
import { hostedInterfaceLagRefusal } from '../lookup/hosted-interface-lag-refusal';
import {
  VIRTUAL_INTERFACE_ASSOCIATION_RESOURCE_TYPE, VirtualInterfaceAssociationData,
} from '../virtual-interface-association-contract';

/** Nothing brings an interface back from these by itself. */
const TERMINAL = new Set(['rejected', 'deleted', 'deleting']);

function waitsForBgpUp(properties: Record<string, any>): boolean {
  return String(properties.WaitForBgpUp ?? 'false').toLowerCase() === 'true';
}

const spec: MoveSpec<VirtualInterfaceView> = {
  resourceType: VIRTUAL_INTERFACE_ASSOCIATION_RESOURCE_TYPE,
  noun: 'virtual interface',
  movedIdProperty: 'VirtualInterfaceId',
  targetIdProperty: 'ConnectionId',
  whoMayMove: 'the stack deploys in the account that owns the interface or the connection it is on (and owns the target)',
  // DescribeVirtualInterfaces shows an interface to its owner and to the owner of the connection it is on.
  async locate(api, virtualInterfaceId) {
    const subject = await api.describeVirtualInterface(virtualInterfaceId);
    return subject ? { parentId: subject.connectionId || undefined, subject } : undefined;
  },
  // The record of a move of the stack's own interface lives on it, so DescribeVirtualInterfaces carries it (move-record.ts).
  recordOnMoved: { owner: (v) => v.ownerAccount, tags: (v) => v.tags },
  async checkMove(api, placement, targetId) {
    const refusal = await hostedInterfaceLagRefusal(api, placement.subject.virtualInterfaceId, placement.parentId, targetId);
    if (refusal) {
      throw new TerminalError(`${refusal} Nothing was moved. Move the hosted connection ` +
        'with its interfaces (HostedConnectionAssociation) instead, or choose a connection as the target.');
    }
  },
  async associate(api, virtualInterfaceId, connectionId) {
    await api.associateVirtualInterface(virtualInterfaceId, connectionId);
  },
  stateOf: (v) => v.virtualInterfaceState,
  /**
   * `confirming` after a move onto another account's connection: "the virtual interface will remain in this
   * state until it is confirmed by the virtual interface owner" (the VirtualInterfaceState documentation).
   * The stack's account cannot confirm for the owner, so the wait says who must, and how.
   */
  awaitsOwner(v) {
    if (v.virtualInterfaceState !== 'confirming') return undefined;
    const type = ['private', 'public', 'transit'].includes(v.virtualInterfaceType ?? '') ? v.virtualInterfaceType : 'private';
    return `account ${v.ownerAccount ?? '(its owner)'} owns it and must confirm it ` +
      `(aws directconnect confirm-${type}-virtual-interface --virtual-interface-id ${v.virtualInterfaceId}` +
      `${type === 'public' ? '' : ' and its gateway'})`;
  },
  verdict(v, properties): Verdict {
    const state = v.virtualInterfaceState;
    if (TERMINAL.has(state)) return 'terminal';
    // `down` is the interface's BGP-down state: the customer's router may bring it up at any later time.
    const bgpDown = state === 'down' || v.bgpPeers.some((p) => p.bgpStatus === 'down');
    if (state === 'available' || state === 'down') return bgpDown && waitsForBgpUp(properties) ? 'waiting' : 'steady';
    return 'waiting';
  },
  terminalAdvice(state) {
    return state === 'rejected'
      ? 'Its owner declined it, and a rejected interface cannot carry traffic or be moved. Remove this association from the stack.'
      : 'It was deleted outside this stack. Remove this association from the stack, or use the id of another virtual interface.';
  },
  attributes(v, targetId, previousId): Record<string, string> {
    const text = (n: number | undefined) => (n === undefined || n === null ? '' : String(n));
    const attributes: VirtualInterfaceAssociationData = {
      VirtualInterfaceId: v.virtualInterfaceId,
      ConnectionId: v.connectionId || targetId,
      PreviousConnectionId: previousId ?? '',
      VirtualInterfaceState: v.virtualInterfaceState,
      Vlan: text(v.vlan),
      VirtualInterfaceType: v.virtualInterfaceType ?? '',
      Asn: text(v.asn),
      AmazonSideAsn: text(v.amazonSideAsn),
      AmazonAddress: v.amazonAddress ?? '',
      CustomerAddress: v.customerAddress ?? '',
      DirectConnectGatewayId: v.directConnectGatewayId ?? '',
      VirtualGatewayId: v.virtualGatewayId ?? '',
    };
    return { ...attributes };
  },
};

/** The lifecycle of `Custom::DirectConnectVirtualInterfaceAssociation`. */
export const virtualInterfaceAssociationHandler = createAssociationHandler(spec);
