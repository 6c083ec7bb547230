import {
  ArnFormat, CfnResource, Duration, IResource, ITaggable, Lazy, RemovalPolicy, Resource, Stack, TagManager,
  TagType, Token,
} from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { aws_interconnect as interconnectRefs } from 'aws-cdk-lib/interfaces';
import { Construct } from 'constructs';
import { ActivationKey } from './activation-key';
import { ActivationKeySecretOptions } from './activation-key-secret-options';
import { AttachPoint } from './attach-point';
import { ConnectionActivationKey } from './connection-activation-key';
import {
  CONNECTION_RESOURCE_TYPE, ConnectionAttributeName, ConnectionProperties,
} from './connection-contract';
import {
  BANDWIDTH_PATTERN, CONNECTION_ARN_EXPECTED, CONNECTION_ARN_PATTERN, CONNECTION_ID_PATTERN, DESCRIPTION_PATTERN, REMOTE_ACCOUNT_PATTERN,
} from './interconnect-patterns';
import { secretPartialArn } from './secret-partial-arn';
import { literalArnService, resourceIdFromArn } from '../core/arn-ids';
import { validateExactlyOne, validateLength, validatePattern, validateTags, waitTimeoutSeconds } from '../core/validation';
import { addCheckovSuppressions } from '../provider/checkov-suppressions';
import { HybridConnectivityProvider } from '../provider/hybrid-connectivity-provider';
import { DEFAULT_WAIT_TIMEOUT_SECONDS } from '../provider/provider-contract';


/** The construct id of the activation key's own resource, under the connection. */
const ACTIVATION_KEY_ID = 'ActivationKey';
/** The construct id of the secret the connection owns to hold its activation key (`activationKeySecret`). */
const ACTIVATION_KEY_SECRET_ID = 'ActivationKeySecret';
/** botocore secretsmanager CreateSecretRequest.Name: the characters a secret name may have. */
const SECRET_NAME_PATTERN = /[A-Za-z0-9/_+=.@-]+/;

/** The state a connection must reach before CloudFormation moves on. */
export enum ConnectionWaitFor {
  /**
   * The connection exists and waits for acceptance at the partner's portal. Acceptance is done by a
   * person and can take longer than CloudFormation waits, so this is the default for a new connection.
   */
  REQUESTED = 'requested',
  /** The connection is provisioned on both sides. The default for an accepted proposal. */
  AVAILABLE = 'available',
}

/**
 * An AWS Interconnect connection, created here or imported.
 *
 * It is also an Interconnect `IConnectionRef` (`aws-cdk-lib/interfaces`), so it can be handed to anything
 * that takes one, as an `aws_interconnect.CfnConnection` can.
 */
export interface IInterconnectConnection extends IResource, interconnectRefs.IConnectionRef {
  /**
   * The connection id, such as `mcc-1a2b3c4d`.
   *
   * @attribute
   */
  readonly connectionId: string;

  /**
   * The connection ARN.
   *
   * @attribute
   */
  readonly connectionArn: string;

  /**
   * Grant a principal the given Interconnect actions on this connection.
   *
   * @param grantee the principal.
   * @param actions the actions, such as `interconnect:GetConnection`.
   */
  grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant;

  /**
   * Grant a principal read access to this connection: GetConnection and ListTagsForResource.
   *
   * @param grantee the principal.
   */
  grantRead(grantee: iam.IGrantable): iam.Grant;
}

/** The attributes of an existing connection, for `InterconnectConnection.fromConnectionAttributes`. */
export interface InterconnectConnectionAttributes {
  /**
   * The connection id, such as `mcc-1a2b3c4d`.
   */
  readonly connectionId: string;

  /**
   * The connection ARN.
   *
   * @default - built from the connection id and the stack's partition, region and account.
   */
  readonly connectionArn?: string;
}

/** Props for `InterconnectConnection`. */
export interface InterconnectConnectionProps {
  /**
   * Where the connection attaches inside the AWS network. Changing it replaces the connection.
   */
  readonly attachPoint: AttachPoint;

  /**
   * The environment (partner and location) to request a new connection in, from ListEnvironments.
   * Set it with `bandwidth` to request a new connection; leave it unset to accept a proposal with
   * `activationKey`. Changing it replaces the connection.
   *
   * @default - no new connection is requested; `activationKey` must be set.
   */
  readonly environmentId?: string;

  /**
   * The bandwidth of a requested connection, such as `1Gbps` or `500Mbps`. Updated in place.
   * Required with `environmentId`; an accepted proposal's bandwidth comes from the proposal.
   *
   * @default - none; required when `environmentId` is set.
   */
  readonly bandwidth?: string;

  /**
   * The account or principal at the partner that the partner can verify, for a requested connection.
   * Changing it replaces the connection.
   *
   * @default - no remote account is named.
   */
  readonly remoteAccount?: string;

  /**
   * The activation key of a partner's connection proposal to accept, read from Secrets Manager at deploy
   * time. Set it instead of `environmentId` and `bandwidth`. Changing it replaces the connection.
   *
   * @default - no proposal is accepted; `environmentId` and `bandwidth` must be set.
   */
  readonly activationKey?: ActivationKey;

  /**
   * Write the activation key of the requested connection into a Secrets Manager secret that this construct
   * owns, for handing to the partner's tooling: grant it with `connection.activationKeySecret.grantRead(...)`.
   * The deployment writes the key once the connection has one; it never appears in the template. Only for a
   * requested connection: an accepted proposal's key is already in the secret given as `activationKey`.
   *
   * @default - the key is not written to a secret; read it with the `activationKey` attribute.
   */
  readonly activationKeySecret?: ActivationKeySecretOptions;

  /**
   * A description: up to 255 letters, digits, spaces, dashes and underscores. Updated in place.
   *
   * @default - no description.
   */
  readonly description?: string;

  /**
   * Tags for the connection. `Tags.of(scope).add(...)` reaches the connection too. Updated in place.
   *
   * @default - no tags beyond those applied with `Tags.of`.
   */
  readonly tags?: { [key: string]: string };

  /**
   * The state the connection must reach before the deployment moves on.
   *
   * @default - `ConnectionWaitFor.REQUESTED` for a requested connection, `ConnectionWaitFor.AVAILABLE` for an accepted proposal.
   */
  readonly waitFor?: ConnectionWaitFor;

  /**
   * How long to wait for that state (and for updates and deletion) before failing the deployment.
   * At most 50 minutes, because CloudFormation waits at most one hour for a custom resource.
   *
   * @default Duration.minutes(30)
   */
  readonly waitTimeout?: Duration;

  /**
   * What happens to the connection when it leaves the stack, or when a change replaces it.
   *
   * A connection is stateful in the sense that matters: once the partner has accepted it, it is a
   * provisioned, billed link that a person set up at the partner's portal, and a new one (with a new shared
   * id and a new activation key) needs that person again. So it is retained by default, as the AWS Construct
   * Library's design guidelines ask of stateful resources: removing it from the app, deleting the stack or a
   * change that replaces it (`attachPoint`, `environmentId`, `remoteAccount`, `activationKey`) leaves the old
   * connection in place, still billed, until you delete it yourself. `RemovalPolicy.DESTROY` deletes it
   * instead, which suits connections that are still only requested, or test stacks.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** The default removal policy of a connection: see `InterconnectConnectionProps.removalPolicy`. */
const DEFAULT_REMOVAL_POLICY = RemovalPolicy.RETAIN;

abstract class InterconnectConnectionBase extends Resource implements IInterconnectConnection {
  public abstract readonly connectionId: string;
  public abstract readonly connectionArn: string;

  /** The connection as an Interconnect `IConnectionRef` holds it: its ARN. */
  public get connectionRef(): interconnectRefs.ConnectionReference {
    return { connectionArn: this.connectionArn };
  }

  /**
   * Grant a principal the given Interconnect actions on this connection.
   *
   * @param grantee the principal.
   * @param actions the actions, such as `interconnect:GetConnection`.
   */
  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.connectionArn] });
  }

  /**
   * Grant a principal read access to this connection: GetConnection and ListTagsForResource.
   *
   * @param grantee the principal.
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, 'interconnect:GetConnection', 'interconnect:ListTagsForResource');
  }
}

/**
 * An AWS Interconnect connection between the AWS network and a partner cloud or last-mile provider.
 *
 * It either requests a new connection in an environment (`environmentId` and `bandwidth`), whose
 * `activationKey` you then bring to the partner's portal, or accepts a proposal made at the partner's
 * portal (`activationKey`). Description, bandwidth and tags update in place; anything else replaces it.
 *
 * @example
 * const connection = new InterconnectConnection(this, 'ToGoogleCloud', {
 *   environmentId: 'aws-gcp-us-east4',
 *   bandwidth: '1Gbps',
 *   attachPoint: AttachPoint.directConnectGateway('5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9'),
 *   description: 'prod to gcp',
 * });
 * new CfnOutput(this, 'SharedId', { value: connection.sharedId });
 */
export class InterconnectConnection extends InterconnectConnectionBase implements ITaggable {
  /**
   * Import an existing connection by id, in this stack's region and account.
   *
   * @param scope the scope.
   * @param id the construct id.
   * @param connectionId the connection id, such as `mcc-1a2b3c4d`.
   */
  public static fromConnectionId(scope: Construct, id: string, connectionId: string): IInterconnectConnection {
    return InterconnectConnection.fromConnectionAttributes(scope, id, { connectionId });
  }

  /**
   * Import an existing connection from its attributes.
   *
   * @param scope the scope.
   * @param id the construct id.
   * @param attrs the connection's id and, optionally, ARN.
   */
  public static fromConnectionAttributes(scope: Construct, id: string, attrs: InterconnectConnectionAttributes): IInterconnectConnection {
    validatePattern('connection id', attrs.connectionId, CONNECTION_ID_PATTERN, CONNECTION_ID_EXPECTED);
    validatePattern('connection ARN', attrs.connectionArn, CONNECTION_ARN_PATTERN, CONNECTION_ARN_EXPECTED);
    const connectionArn = attrs.connectionArn ?? Stack.of(scope).formatArn({
      service: 'interconnect', resource: 'connection', resourceName: attrs.connectionId, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    return importConnection(scope, id, attrs.connectionId, connectionArn, { environmentFromArn: attrs.connectionArn });
  }

  /**
   * Import an existing connection by its ARN, in whatever account and region the ARN names.
   *
   * Grants are scoped to that ARN. The id is cut from the ARN (by CloudFormation, when the ARN is a token).
   *
   * @param scope the scope.
   * @param id the construct id.
   * @param connectionArn the connection ARN, such as `arn:aws:interconnect:us-east-1:111122223333:connection/mcc-1a2b3c4d`.
   */
  public static fromConnectionArn(scope: Construct, id: string, connectionArn: string): IInterconnectConnection {
    return importConnection(scope, id, connectionIdFromArn('connection ARN', connectionArn), connectionArn, { environmentFromArn: connectionArn });
  }

  /**
   * Use a connection that something else declares (an `aws_interconnect.CfnConnection`, or another
   * library's construct) as an `IInterconnectConnection`: its id, and grants scoped to its ARN in the
   * account and region the reference names.
   *
   * Direct Connect's and Interconnect's `IConnectionRef` have the same shape (a `connectionRef` with a
   * `connectionArn`), so TypeScript accepts either here; an ARN known at synth must be an Interconnect
   * connection's, and a Direct Connect one fails synthesis, quoting it.
   *
   * @param scope the scope.
   * @param id the construct id.
   * @param connection the connection reference.
   */
  public static fromConnectionRef(scope: Construct, id: string, connection: interconnectRefs.IConnectionRef): IInterconnectConnection {
    const arn = connection.connectionRef.connectionArn;
    return importConnection(scope, id, connectionIdFromArn('Interconnect connection reference', arn), arn, {
      account: connection.env.account, region: connection.env.region,
    });
  }

  public get connectionId(): string {
    return this.getAtt('ConnectionId');
  }
  public get connectionArn(): string {
    return this.getAtt('ConnectionArn');
  }

  /**
   * The secret this construct owns that holds the activation key, when `activationKeySecret` is set: grant
   * the partner's tooling read access with `grantRead`. It is empty until the deployment has written the key.
   */
  public readonly activationKeySecret?: secretsmanager.ISecret;

  /**
   * The activation key to bring to the partner's portal.
   *
   * It is sensitive, so it is the one attribute of a small custom resource of its own (the construct's
   * `ActivationKey` child, added the first time this is read), which answers with NoEcho: CloudFormation
   * masks it, and the connection's other attributes stay readable. Read it while defining the app, not
   * during synthesis. A plain `CfnOutput` or export of it is visible to anyone who can describe the stack.
   *
   * @attribute
   */
  public get activationKey(): string {
    return this.activationKeyResource().value;
  }

  /**
   * The identifier AWS and the partner both use for this connection.
   *
   * @attribute
   */
  public get sharedId(): string {
    return this.getAtt('SharedId');
  }

  /**
   * The connection's state when the deployment last completed, such as `requested` or `available`.
   *
   * @attribute
   */
  public get state(): string {
    return this.getAtt('State');
  }

  /**
   * The connection's bandwidth, such as `1Gbps`.
   *
   * @attribute
   */
  public get bandwidth(): string {
    return this.getAtt('Bandwidth');
  }

  /**
   * The environment the connection is in.
   *
   * @attribute
   */
  public get environmentId(): string {
    return this.getAtt('EnvironmentId');
  }

  /**
   * The partner's location of the remote side.
   *
   * @attribute
   */
  public get location(): string {
    return this.getAtt('Location');
  }

  /**
   * The product type of the connection.
   *
   * @attribute
   */
  public get type(): string {
    return this.getAtt('Type');
  }

  /**
   * The billing tier the connection is assigned, a whole number from 0 to 8 (the Interconnect API's
   * `BillingTier`, a number as `aws_interconnect.CfnConnection.attrBillingTier` has it). It resolves to an
   * empty value while Interconnect has not assigned one.
   *
   * @attribute
   */
  public get billingTier(): number {
    return Token.asNumber(this.resource.getAtt('BillingTier' satisfies ConnectionAttributeName));
  }

  /**
   * The account that owns the connection.
   *
   * @attribute
   */
  public get ownerAccount(): string {
    return this.getAtt('OwnerAccount');
  }

  /**
   * The cloud service provider on the remote side, or an empty string for a last-mile connection.
   *
   * @attribute
   */
  public get cloudServiceProvider(): string {
    return this.getAtt('CloudServiceProvider');
  }

  /**
   * The last-mile provider on the remote side, or an empty string for a multicloud connection.
   *
   * @attribute
   */
  public get lastMileProvider(): string {
    return this.getAtt('LastMileProvider');
  }

  /** The tags of the connection. */
  public readonly tags: TagManager;

  private readonly resource: CfnResource;
  private readonly waitTimeoutSeconds: number;

  /**
   * @param scope the scope in which to define this construct.
   * @param id the construct id, unique within the scope.
   * @param props the connection to request or the proposal to accept, and where it attaches.
   */
  constructor(scope: Construct, id: string, props: InterconnectConnectionProps) {
    super(scope, id);

    const mode = validateExactlyOne({ environmentId: props.environmentId, activationKey: props.activationKey },
      `InterconnectConnection ${this.node.path}: request a new connection with environmentId and bandwidth, or accept a proposal with activationKey`) === 'environmentId'
      ? 'create' : 'accept';
    validateConnectionProps(this.node.path, mode, props);
    const waitFor = props.waitFor ?? (mode === 'create' ? ConnectionWaitFor.REQUESTED : ConnectionWaitFor.AVAILABLE);
    if (mode === 'accept' && waitFor === ConnectionWaitFor.REQUESTED) {
      throw new Error(`InterconnectConnection ${this.node.path}: waitFor 'requested' does not apply to an accepted proposal, ` +
        "which goes from 'pending' to 'available'. Omit waitFor or use ConnectionWaitFor.AVAILABLE.");
    }

    this.tags = new TagManager(TagType.MAP, CONNECTION_RESOURCE_TYPE, props.tags);

    const provider = HybridConnectivityProvider.of(this);
    const stack = Stack.of(this);
    // The id is only known after creation, so the handlers are scoped to this account's and region's
    // connections (a policy cannot name the custom resource's own output without a dependency cycle).
    const connectionsArn = stack.formatArn({
      service: 'interconnect', resource: 'connection', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    provider.grant({
      actions: [
        mode === 'create' ? 'interconnect:CreateConnection' : 'interconnect:AcceptConnectionProposal',
        'interconnect:GetConnection', 'interconnect:UpdateConnection', 'interconnect:DeleteConnection',
        'interconnect:TagResource', 'interconnect:UntagResource', 'interconnect:ListTagsForResource',
      ],
      resourceArns: [connectionsArn],
      collapsedArn: connectionsArn,
    });
    props.activationKey?.secret.grantRead(provider.role);

    this.waitTimeoutSeconds = waitTimeoutSeconds(`waitTimeout of ${this.node.path}`, props.waitTimeout, DEFAULT_WAIT_TIMEOUT_SECONDS);
    const properties: ConnectionProperties = {
      Mode: mode,
      AttachPointType: props.attachPoint._kind,
      AttachPointValue: props.attachPoint.value,
      EnvironmentId: props.environmentId,
      Bandwidth: props.bandwidth,
      RemoteAccount: props.remoteAccount,
      ActivationKeySecretArn: props.activationKey?.secret.secretArn,
      ActivationKeySecretPartialArn: props.activationKey ? secretPartialArn(props.activationKey.secret) : undefined,
      ActivationKeySecretField: props.activationKey?.jsonField,
      Description: props.description,
      Tags: Lazy.any({ produce: () => this.tags.renderTags() }, { omitEmptyArray: true }) as any,
      WaitFor: waitFor,
      WaitTimeoutSeconds: this.waitTimeoutSeconds,
    };

    const removalPolicy = props.removalPolicy ?? DEFAULT_REMOVAL_POLICY;
    this.resource = provider.customResource(this, CONNECTION_RESOURCE_TYPE, { ...properties }, removalPolicy);

    if (props.activationKeySecret) {
      this.activationKeySecret = this.createActivationKeySecret(props.activationKeySecret, provider, removalPolicy);
      this.activationKeyResource();
    }
  }

  /** The key's own resource, made on first use (at once when the key goes to a secret). */
  private activationKeyResource(): ConnectionActivationKey {
    const existing = this.node.tryFindChild(ACTIVATION_KEY_ID) as ConnectionActivationKey | undefined;
    return existing ?? new ConnectionActivationKey(this, ACTIVATION_KEY_ID, {
      connectionId: this.connectionId,
      waitTimeoutSeconds: this.waitTimeoutSeconds,
      secretArn: this.activationKeySecret?.secretArn,
    });
  }

  /**
   * The secret for the key: empty until the handler writes the key into it, with only PutSecretValue on it
   * (and data keys from its KMS key, through Secrets Manager) granted to the handlers.
   */
  private createActivationKeySecret(options: ActivationKeySecretOptions, provider: HybridConnectivityProvider,
    removalPolicy: RemovalPolicy): secretsmanager.Secret {
    const stack = Stack.of(this);
    const secret = new secretsmanager.Secret(this, ACTIVATION_KEY_SECRET_ID, {
      secretName: options.secretName,
      description: `The activation key of the AWS Interconnect connection ${this.node.path}, written by its deployment.`,
      encryptionKey: options.encryptionKey,
      removalPolicy: options.removalPolicy ?? removalPolicy,
    });
    // Without GenerateSecretString (which Secret always sets) the secret is made empty: no random
    // placeholder that the partner's tooling could take for a key before the real one is written.
    (secret.node.defaultChild as secretsmanager.CfnSecret).addPropertyDeletionOverride('GenerateSecretString');
    addCheckovSuppressions(secret);
    provider.grant({
      actions: ['secretsmanager:PutSecretValue'],
      resourceArns: [secret.secretArn],
      collapsedArn: stack.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
    });
    if (options.encryptionKey) {
      // Secrets Manager asks KMS for a data key on the caller's behalf when a value is put. The statement is
      // on the handler role itself (a Key's grant of a ViaServicePrincipal is dropped for an imported key),
      // which the key policy honours as long as it trusts the account, as CDK's keys do.
      provider.role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey'],
        resources: [options.encryptionKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` } },
      }));
    }
    return secret;
  }

  private getAtt(name: ConnectionAttributeName): string {
    return Token.asString(this.resource.getAtt(name));
  }
}

const CONNECTION_ID_EXPECTED = "'mcc-' or 'lmcc-' followed by 8 lower-case letters or digits";

/** An imported connection: its id and ARN, in the environment the ARN (or the reference) names. */
function importConnection(scope: Construct, id: string, connectionId: string, connectionArn: string,
  env: { environmentFromArn?: string; account?: string; region?: string }): IInterconnectConnection {
  class Import extends InterconnectConnectionBase {
    public readonly connectionId = connectionId;
    public readonly connectionArn = connectionArn;
  }
  return new Import(scope, id, env);
}

/**
 * The connection id an ARN ends in, token-safely. A literal ARN must be an Interconnect connection's: a
 * Direct Connect connection's ARN (whose `IConnectionRef` has the same shape) is refused by name.
 */
function connectionIdFromArn(what: string, arn: string): string {
  if (literalArnService(arn) === 'directconnect') {
    throw new Error(`Invalid ${what}: '${arn}' is a Direct Connect connection, not an AWS Interconnect connection. ` +
      `Expected ${CONNECTION_ARN_EXPECTED}. Direct Connect connections are the targets of HostedConnectionAssociation and ` +
      'VirtualInterfaceAssociation instead.');
  }
  validatePattern(what, arn, CONNECTION_ARN_PATTERN, CONNECTION_ARN_EXPECTED);
  const connectionId = resourceIdFromArn(arn, { service: 'interconnect', resourcePrefix: 'connection', what });
  validatePattern(`connection id in ${what} '${arn}'`, connectionId, CONNECTION_ID_PATTERN, CONNECTION_ID_EXPECTED);
  return connectionId;
}

function validateConnectionProps(path: string, mode: 'create' | 'accept', props: InterconnectConnectionProps): void {
  const where = `InterconnectConnection ${path}`;
  if (mode === 'create') {
    if (props.bandwidth === undefined) {
      throw new Error(`${where}: bandwidth is required when requesting a new connection with environmentId (for example '1Gbps').`);
    }
    validateLength('environmentId', props.environmentId, 1, 64);
  } else {
    if (props.activationKeySecret) {
      throw new Error(`${where}: activationKeySecret cannot be set when accepting a proposal with activationKey: the key is already ` +
        'in the secret given as activationKey. Remove activationKeySecret and grant read access to that secret instead.');
    }
    for (const [name, value] of Object.entries({ bandwidth: props.bandwidth, remoteAccount: props.remoteAccount })) {
      if (value !== undefined) {
        throw new Error(`${where}: ${name} '${value}' cannot be set when accepting a proposal with activationKey; the proposal fixes it. ` +
          'Remove it, or request a new connection with environmentId instead.');
      }
    }
  }
  validatePattern('bandwidth', props.bandwidth, BANDWIDTH_PATTERN, "a number followed by Mbps or Gbps, such as '500Mbps' or '10Gbps'");
  validateLength('bandwidth', props.bandwidth, 1, 8);
  validatePattern('description', props.description, DESCRIPTION_PATTERN, 'letters, digits, spaces, dashes and underscores only');
  validateLength('description', props.description, 1, 255);
  validatePattern('remoteAccount', props.remoteAccount, REMOTE_ACCOUNT_PATTERN, 'letters, digits and - _ @ . only (an account id or an e-mail address)');
  validateLength('remoteAccount', props.remoteAccount, 1, 255);
  validateTags('connection', props.tags);
  const secretName = props.activationKeySecret?.secretName;
  validatePattern('activationKeySecret secretName', secretName, SECRET_NAME_PATTERN, 'ASCII letters, digits and / _ + = . @ - only');
  validateLength('activationKeySecret secretName', secretName, 1, 512);
}

