/**
 * The contract between `VirtualInterfaceAssociation` and its handler: the resource type, the property
 * names the construct writes and the attribute names the handler returns. Both sides import this module,
 * so a renamed property or attribute breaks compilation, not a deployment.
 */
export const VIRTUAL_INTERFACE_ASSOCIATION_RESOURCE_TYPE = 'Custom::DirectConnectVirtualInterfaceAssociation';

/** Custom-resource properties, as the construct renders them (CloudFormation turns booleans and numbers into strings). */
export interface VirtualInterfaceAssociationProperties {
  /** The virtual interface to move, `dxvif-…`. */
  readonly VirtualInterfaceId: string;
  /** The connection (`dxcon-…`) or LAG (`dxlag-…`) to move it to. */
  readonly ConnectionId: string;
  /** `RETAIN` or `RESTORE`, the values of AssociationRemovalBehavior; absent means `RETAIN`. */
  readonly RemovalBehavior?: string;
  /** `true` to wait for BGP to be up; otherwise (absent included) a BGP-down interface is steady. */
  readonly WaitForBgpUp?: string | boolean;
  /** Absent means the provider's default wait (`DEFAULT_WAIT_TIMEOUT_SECONDS`). */
  readonly WaitTimeoutSeconds?: string | number;
}

/**
 * Properties whose change makes a new move, and so a new physical id. The rest (removal behavior, BGP
 * wait, wait limit) update in place.
 */
export const VIRTUAL_INTERFACE_ASSOCIATION_MOVING_PROPERTIES: ReadonlyArray<keyof VirtualInterfaceAssociationProperties> = [
  'VirtualInterfaceId', 'ConnectionId',
];

/**
 * Attributes the handler returns (custom-resource Data keys). There is deliberately no auth key: the
 * handler strips the BGP authentication key from every API response before anything else sees it.
 */
export interface VirtualInterfaceAssociationData {
  readonly VirtualInterfaceId: string;
  readonly ConnectionId: string;
  /** Where the interface was before this association moved it; the target itself if it was already there. */
  readonly PreviousConnectionId: string;
  readonly VirtualInterfaceState: string;
  readonly Vlan: string;
  readonly VirtualInterfaceType: string;
  readonly Asn: string;
  readonly AmazonSideAsn: string;
  readonly AmazonAddress: string;
  readonly CustomerAddress: string;
  readonly DirectConnectGatewayId: string;
  readonly VirtualGatewayId: string;
}

export type VirtualInterfaceAssociationDataKey = keyof VirtualInterfaceAssociationData;
