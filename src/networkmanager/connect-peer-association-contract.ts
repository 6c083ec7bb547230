/**
 * The contract between `ConnectPeerAssociation` and its handler: the resource type, the property names
 * the construct writes and the attribute names the handler returns. Both sides import this module, so a
 * renamed property or attribute breaks compilation, not a deployment.
 */
export const CONNECT_PEER_ASSOCIATION_RESOURCE_TYPE = 'Custom::ConnectPeerAssociation';

/**
 * Network Manager is a global service whose API lives in us-west-2: the handler calls it there whatever
 * region the stack is in, and the construct scopes its IAM statements to the region-less ARNs.
 */
export const NETWORK_MANAGER_REGION = 'us-west-2';

/** Custom-resource properties, as the construct renders them (CloudFormation turns numbers into strings). */
export interface ConnectPeerAssociationProperties {
  readonly GlobalNetworkId: string;
  readonly ConnectPeerId: string;
  readonly DeviceId: string;
  readonly LinkId?: string;
  readonly WaitTimeoutSeconds: string | number;
}

/**
 * Properties whose change replaces the association (a new physical id). A change of DeviceId or LinkId
 * moves the association in place: a peer has one association at a time, so the old one must go first.
 */
export const CONNECT_PEER_ASSOCIATION_REPLACING_PROPERTIES: ReadonlyArray<keyof ConnectPeerAssociationProperties> = [
  'GlobalNetworkId', 'ConnectPeerId',
];

/** Attributes the handler returns (custom-resource Data keys). */
export interface ConnectPeerAssociationData {
  readonly ConnectPeerId: string;
  readonly GlobalNetworkId: string;
  readonly DeviceId: string;
  readonly LinkId: string;
  readonly State: string;
}

export type ConnectPeerAssociationAttributeName = keyof ConnectPeerAssociationData;

/** The physical id: the global network and the peer, which together name the one association. */
export function connectPeerAssociationPhysicalId(globalNetworkId: string, connectPeerId: string): string {
  return `${globalNetworkId}/${connectPeerId}`;
}
