/**
 * The contract between `ConnectPeerAssociation` and its handler: the resource type, the property names
 * the construct writes and the attribute names the handler returns. Both sides import this module, so a
 * renamed property or attribute breaks compilation, not a deployment.
 */
export const CONNECT_PEER_ASSOCIATION_RESOURCE_TYPE = 'Custom::ConnectPeerAssociation';

/**
 * Network Manager is a global service with one endpoint per partition. botocore's `endpoints.json` gives
 * it a `partitionEndpoint` in two partitions only: `aws-global` (credential scope `us-west-2`) and
 * `aws-us-gov-global` (credential scope `us-gov-west-1`); `aws-cn` and the other partitions have no
 * `networkmanager` entry. The handler calls the home region of the stack's partition, whatever region the
 * stack is in; the construct fails at synth time in a partition without one.
 */
export const NETWORK_MANAGER_HOME_REGIONS: Readonly<Record<string, string>> = {
  'aws': 'us-west-2',
  'aws-us-gov': 'us-gov-west-1',
};

/**
 * The tag the handler puts on a Connect peer before associating it, naming the stack and logical id that
 * made (or adopted) the association. A Delete whose physical id this library did not make (CloudFormation
 * cancelled the create) undoes an association only when the peer carries this stack's mark.
 */
export const CONNECT_PEER_OWNER_TAG = 'cdk-hybrid-connectivity:connect-peer-association';

/** Custom-resource properties, as the construct renders them (CloudFormation turns numbers into strings). */
export interface ConnectPeerAssociationProperties {
  readonly GlobalNetworkId: string;
  readonly ConnectPeerId: string;
  readonly DeviceId: string;
  readonly LinkId?: string;
  /** `'true'` when an association that already matches may be adopted; anything else refuses one. */
  readonly AdoptExisting?: string | boolean;
  /** Absent means the provider's default wait (`DEFAULT_WAIT_TIMEOUT_SECONDS`); the provider leaves that value out. */
  readonly WaitTimeoutSeconds?: string | number;
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
