/**
 * The contract between `HostedConnectionAssociation` and its handler: the resource type, the property
 * names the construct writes and the attribute names the handler returns. Both sides import this module,
 * so a renamed property or attribute breaks compilation, not a deployment.
 */
export const HOSTED_CONNECTION_ASSOCIATION_RESOURCE_TYPE = 'Custom::DirectConnectHostedConnectionAssociation';

/** Custom-resource properties, as the construct renders them (CloudFormation turns numbers into strings). */
export interface HostedConnectionAssociationProperties {
  /** The hosted connection to move, `dxcon-…`. */
  readonly ConnectionId: string;
  /** The interconnect (`dxcon-…`) or LAG (`dxlag-…`) to move it to. */
  readonly ParentConnectionId: string;
  /** `RETAIN` or `RESTORE`, the values of AssociationRemovalBehavior; absent means `RETAIN`. */
  readonly RemovalBehavior?: string;
  /** Absent means the provider's default wait (`DEFAULT_WAIT_TIMEOUT_SECONDS`). */
  readonly WaitTimeoutSeconds?: string | number;
  /** Where the connection is before the move, when the user knows (a hint the handler confirms); absent otherwise. */
  readonly CurrentParentId?: string;
}

/**
 * Properties whose change makes a new move, and so a new physical id. The rest (removal behavior, wait
 * limit) update in place.
 */
export const HOSTED_CONNECTION_ASSOCIATION_MOVING_PROPERTIES: ReadonlyArray<keyof HostedConnectionAssociationProperties> = [
  'ConnectionId', 'ParentConnectionId',
];

/** Attributes the handler returns (custom-resource Data keys). */
export interface HostedConnectionAssociationData {
  readonly ConnectionId: string;
  readonly ParentConnectionId: string;
  /** Where the connection was before this association moved it; the target itself if it was already there. */
  readonly PreviousParentId: string;
  readonly ConnectionState: string;
  readonly Vlan: string;
  readonly Bandwidth: string;
  readonly Location: string;
}

export type HostedConnectionAssociationDataKey = keyof HostedConnectionAssociationData;
