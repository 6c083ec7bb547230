import { CfnResource, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  CONNECTION_ACTIVATION_KEY_RESOURCE_TYPE, ConnectionActivationKeyAttributeName, ConnectionActivationKeyProperties,
} from './connection-activation-key-contract';
import { HybridConnectivityProvider } from '../provider/hybrid-connectivity-provider';

/** Props for `ConnectionActivationKey`. */
export interface ConnectionActivationKeyProps {
  /** The connection id: the connection resource's `ConnectionId` attribute. */
  readonly connectionId: string;
  /** The connection's wait limit, in seconds. */
  readonly waitTimeoutSeconds: number;
  /** The secret to write the key into once it is known, if any. */
  readonly secretArn?: string;
}

/**
 * The activation key of an `InterconnectConnection`, as a custom resource of its own so that only the key is
 * masked (NoEcho masks every attribute of a resource) and the connection's other attributes stay readable.
 * Served by the stack's one provider; its handler reads the key with GetConnection, which the connection
 * already grants, and writes it into the connection's activation-key secret when there is one.
 */
export class ConnectionActivationKey extends Construct {
  private readonly resource: CfnResource;

  constructor(scope: Construct, id: string, props: ConnectionActivationKeyProps) {
    super(scope, id);
    const properties: ConnectionActivationKeyProperties = {
      ConnectionId: props.connectionId,
      WaitTimeoutSeconds: props.waitTimeoutSeconds,
      SecretArn: props.secretArn,
    };
    this.resource = HybridConnectivityProvider.of(this).customResource(this, CONNECTION_ACTIVATION_KEY_RESOURCE_TYPE, { ...properties });
  }

  /** The key, a NoEcho attribute. */
  public get value(): string {
    const name: ConnectionActivationKeyAttributeName = 'ActivationKey';
    return Token.asString(this.resource.getAtt(name));
  }
}
