/**
 * The contract between `InterconnectConnection`'s activation-key child resource and its handler.
 *
 * The key has a custom resource of its own because CloudFormation's `NoEcho` masks every attribute of a
 * resource: on the connection it would hide `sharedId`, `state` and the rest too. This resource answers
 * with `NoEcho`, returns nothing in onEvent's Data (which the Provider framework passes into the Step
 * Functions waiter's input and every retry payload), and returns the key from its final isComplete only.
 */
export const CONNECTION_ACTIVATION_KEY_RESOURCE_TYPE = 'Custom::InterconnectConnectionActivationKey';

/** Custom-resource properties, as the construct renders them. */
export interface ConnectionActivationKeyProperties {
  /** The connection whose key to read (the connection resource's `ConnectionId` attribute). */
  readonly ConnectionId: string;
  /** Absent means the provider's default wait (`DEFAULT_WAIT_TIMEOUT_SECONDS`); the provider leaves that value out. */
  readonly WaitTimeoutSeconds?: string | number;
  /**
   * The secret the construct owns to hold the key (`activationKeySecret`), which the handler writes once the
   * key is known; absent when the key is not written to a secret.
   */
  readonly SecretArn?: string;
}

/** An ARN of a Secrets Manager secret, in any partition. */
export const SECRET_ARN_PATTERN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;

/** Attributes the handler returns, from the final isComplete only. */
export interface ConnectionActivationKeyAttributes {
  readonly ActivationKey: string;
}

export type ConnectionActivationKeyAttributeName = keyof ConnectionActivationKeyAttributes;

/** The physical id of the key resource of a connection: a new connection means a new key resource. */
export function activationKeyPhysicalId(connectionId: string): string {
  return `${connectionId}/activation-key`;
}
