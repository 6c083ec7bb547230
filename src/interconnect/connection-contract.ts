/**
 * The contract between `InterconnectConnection` and its handler: the resource type, the property names
 * the construct writes and the attribute names the handler returns. Both sides import this module, so a
 * renamed property or attribute breaks compilation, not a deployment.
 */
export const CONNECTION_RESOURCE_TYPE = 'Custom::InterconnectConnection';

/** How the connection comes to be. */
export type ConnectionMode = 'create' | 'accept';

/** The state a new connection must reach before the resource is complete. */
export type ConnectionWaitFor = 'requested' | 'available';

/** Custom-resource properties, as the construct renders them (CloudFormation turns numbers into strings). */
export interface ConnectionProperties {
  readonly Mode: ConnectionMode;
  /** `directConnectGateway` or `arn`. */
  readonly AttachPointType: string;
  readonly AttachPointValue: string;
  readonly EnvironmentId?: string;
  readonly Bandwidth?: string;
  readonly RemoteAccount?: string;
  /**
   * Accept mode: the secret that holds the proposal's activation key, as the construct was given it (a
   * complete ARN, or a partial one built from a name), which the handler reads; and an optional JSON field in it.
   */
  readonly ActivationKeySecretArn?: string;
  /**
   * Accept mode: the same secret's ARN without Secrets Manager's random suffix, the same for a name and a
   * complete ARN of one secret. This, not `ActivationKeySecretArn`, is what replaces the connection when it
   * changes, so that switching between the two forms updates nothing.
   */
  readonly ActivationKeySecretPartialArn?: string;
  readonly ActivationKeySecretField?: string;
  readonly Description?: string;
  readonly Tags?: Record<string, string>;
  readonly WaitFor: ConnectionWaitFor;
  /** Absent means the provider's default wait (`DEFAULT_WAIT_TIMEOUT_SECONDS`); the provider leaves that value out. */
  readonly WaitTimeoutSeconds?: string | number;
}

/** Properties whose change replaces the connection (a new physical id); the rest update in place. */
export const CONNECTION_REPLACING_PROPERTIES: ReadonlyArray<keyof ConnectionProperties> = [
  'Mode', 'AttachPointType', 'AttachPointValue', 'EnvironmentId', 'RemoteAccount',
  'ActivationKeySecretPartialArn', 'ActivationKeySecretField',
];

/**
 * Attributes the handler returns (custom-resource Data keys). All of them are readable: the resource is
 * not NoEcho. The activation key is the attribute of a resource of its own (`connection-activation-key-contract`).
 */
export interface ConnectionAttributes {
  readonly ConnectionId: string;
  readonly ConnectionArn: string;
  readonly SharedId: string;
  readonly State: string;
  readonly Bandwidth: string;
  readonly EnvironmentId: string;
  readonly Location: string;
  readonly Type: string;
  readonly BillingTier: string;
  readonly OwnerAccount: string;
  readonly CloudServiceProvider: string;
  readonly LastMileProvider: string;
}

export type ConnectionAttributeName = keyof ConnectionAttributes;

/**
 * The tag a create puts on the connection it makes: a hash of the stack, the logical id and the replacing
 * properties. CloudFormation can send a Delete whose physical id this library did not make (it cancelled an
 * in-flight create during a rollback); the handler then finds what that create made by this tag, and only
 * that: the old connection of a replacement differs in a replacing property, so in its tag too.
 */
export const CREATED_BY_TAG_KEY = 'cdk-hybrid-connectivity:created-by';
