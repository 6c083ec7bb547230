import {
  ArnFormat, CfnResource, IResource, ITaggable, Lazy, RemovalPolicy, Resource, Stack, TagManager, TagType, Token,
} from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { aws_iotwireless as iotwirelessRefs } from 'aws-cdk-lib/interfaces';
import { Construct } from 'constructs';
import {
  SIDEWALK_ACCOUNT_ASSOCIATION_RESOURCE_TYPE, SIDEWALK_REGIONS, SidewalkAccountAssociationAttributeName, SidewalkAccountAssociationProperties,
} from './sidewalk-account-association-contract';
import { resourceIdFromArn } from '../core/arn-ids';
import { homeRegionIn } from '../core/aws-partitions';
import { knownPartition } from '../core/stack-partition';
import { validateLength, validatePattern, validateTags } from '../core/validation';
import { HybridConnectivityProvider } from '../provider/hybrid-connectivity-provider';

/**
 * An Amazon Sidewalk partner account associated with this AWS account.
 *
 * It is also an IoT Wireless `IPartnerAccountRef` (`aws-cdk-lib/interfaces`), so it can be handed to
 * anything that takes one, as an `aws_iotwireless.CfnPartnerAccount` can.
 */
export interface ISidewalkAccountAssociation extends IResource, iotwirelessRefs.IPartnerAccountRef {
  /**
   * The partner account id: the Sidewalk Amazon ID.
   *
   * @attribute
   */
  readonly partnerAccountId: string;

  /**
   * The ARN of the partner account, in the region that serves Amazon Sidewalk (us-east-1).
   *
   * @attribute
   */
  readonly partnerAccountArn: string;

  /**
   * Grant a principal the given IoT Wireless actions on this partner account.
   *
   * @param grantee the principal.
   * @param actions the actions, such as `iotwireless:GetPartnerAccount`.
   */
  grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant;

  /**
   * Grant a principal read access to this partner account: GetPartnerAccount (which shows the key's
   * fingerprint, never the key) and ListTagsForResource.
   *
   * @param grantee the principal.
   */
  grantRead(grantee: iam.IGrantable): iam.Grant;
}

/** What the association's interface offers on top of its id and ARN, for the construct and its imports alike. */
abstract class SidewalkAccountAssociationBase extends Resource implements ISidewalkAccountAssociation {
  public abstract readonly partnerAccountId: string;
  public abstract readonly partnerAccountArn: string;

  /** The partner account as an IoT Wireless `IPartnerAccountRef` holds it: its id and ARN. */
  public get partnerAccountRef(): iotwirelessRefs.PartnerAccountReference {
    return { partnerAccountId: this.partnerAccountId, partnerAccountArn: this.partnerAccountArn };
  }

  /**
   * Grant a principal the given IoT Wireless actions on this partner account.
   *
   * @param grantee the principal.
   * @param actions the actions, such as `iotwireless:GetPartnerAccount`.
   */
  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [this.partnerAccountArn] });
  }

  /**
   * Grant a principal read access to this partner account: GetPartnerAccount (which shows the key's
   * fingerprint, never the key) and ListTagsForResource.
   *
   * @param grantee the principal.
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee, 'iotwireless:GetPartnerAccount', 'iotwireless:ListTagsForResource');
  }
}

/** Props for `SidewalkAccountAssociation`. */
export interface SidewalkAccountAssociationProps {
  /**
   * The Sidewalk Amazon ID of the partner account to associate. Changing it replaces the association.
   */
  readonly amazonId: string;

  /**
   * The secret that holds the Sidewalk application server private key: 64 hexadecimal characters,
   * either as the whole secret string or in a field of a JSON secret (`appServerPrivateKeyField`).
   *
   * The handler reads the secret at deploy time, so the key never appears in the template; it is granted
   * `secretsmanager:GetSecretValue` on this secret only, and `kms:Decrypt` through Secrets Manager when
   * the secret has an `encryptionKey` (import a secret with `Secret.fromSecretAttributes` and its
   * `encryptionKey` when it uses a customer managed key).
   */
  readonly appServerPrivateKey: secretsmanager.ISecret;

  /**
   * The field of a JSON secret that holds the key, such as `appServerPrivateKey`.
   *
   * @default - the whole secret string is the key.
   */
  readonly appServerPrivateKeyField?: string;

  /**
   * The version of the secret to read, a Secrets Manager `VersionId`.
   *
   * This is how a key rotation reaches CloudFormation: after putting a new key into the secret
   * (`aws secretsmanager put-secret-value`, which prints the new `VersionId`), set this to the new version
   * and deploy. The changed property makes an in-place update that reads that version and sends it with
   * UpdatePartnerAccount; the partner account and its id stay the same. Changing the secret or the JSON
   * field updates the key the same way. Without a change to one of these three props, a deployment does
   * not read the secret again.
   *
   * @default - the version labelled `AWSCURRENT` when the association is created or the key is updated.
   */
  readonly appServerPrivateKeyVersionId?: string;

  /**
   * Tags for the partner account. `Tags.of(scope).add(...)` reaches it too. Updated in place.
   *
   * @default - no tags beyond those applied with `Tags.of`.
   */
  readonly tags?: { [key: string]: string };

  /**
   * What happens to the association when it leaves the stack. `RemovalPolicy.RETAIN` leaves the partner
   * account associated.
   *
   * The association holds no state of its own that a new one could not restore: the Amazon ID and the key
   * (in its secret) are all a deployment needs to associate the partner account again, and nobody outside
   * the stack has to act. So, unlike an Interconnect connection, it is removed with the stack by default.
   *
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Associates an Amazon Sidewalk partner account with this AWS account in AWS IoT Core for Amazon
 * Sidewalk, with the application server private key read from Secrets Manager at deploy time.
 *
 * Sidewalk partner accounts are served in us-east-1 of the `aws` partition only: the handler always manages
 * the association there, whatever region the stack is in (the secret is read in the stack's region). A stack
 * whose partition is known to be another (`aws-cn`, `aws-us-gov`) fails at synth time; a stack whose
 * partition is known only at deploy time fails then, with the same reason. Deleting the
 * association disassociates the partner account (`PartnerType=Sidewalk`); one that is already gone counts
 * as deleted. To rotate the key, put the new key into the secret and set `appServerPrivateKeyVersionId`.
 *
 * @example
 * const key = secretsmanager.Secret.fromSecretNameV2(this, 'SidewalkKey', 'sidewalk/app-server-private-key');
 * const sidewalk = new SidewalkAccountAssociation(this, 'Sidewalk', {
 *   amazonId: 'amzn1.account.AEXAMPLE',
 *   appServerPrivateKey: key,
 * });
 * new CfnOutput(this, 'Fingerprint', { value: sidewalk.fingerprint });
 */
export class SidewalkAccountAssociation extends SidewalkAccountAssociationBase implements ITaggable {
  /**
   * Reference a partner account that is already associated, by its id (the Sidewalk Amazon ID).
   *
   * @param scope the scope.
   * @param id the construct id.
   * @param partnerAccountId the partner account id.
   */
  public static fromPartnerAccountId(scope: Construct, id: string, partnerAccountId: string): ISidewalkAccountAssociation {
    validateLength('partnerAccountId', partnerAccountId, 1, 256);
    const stack = Stack.of(scope);
    class Import extends SidewalkAccountAssociationBase {
      public readonly partnerAccountId = partnerAccountId;
      public readonly partnerAccountArn = sidewalkAccountArn(stack, partnerAccountId);
    }
    // The partner account lives where Sidewalk is served, not necessarily in the stack's region.
    return new Import(scope, id, { account: stack.account, region: sidewalkRegion(stack) });
  }

  /**
   * Reference a partner account that is already associated, by its ARN, such as
   * `arn:aws:iotwireless:us-east-1:111122223333:SidewalkAccount/amzn1.account.AEXAMPLE`: in the account and
   * region the ARN names, with grants scoped to it. The id (the Amazon ID) is cut from the ARN, by
   * CloudFormation when the ARN is a token; an ARN known at synth must be an IoT Wireless `SidewalkAccount`
   * one, or synthesis fails quoting it.
   *
   * @param scope the scope.
   * @param id the construct id.
   * @param partnerAccountArn the partner account ARN.
   */
  public static fromPartnerAccountArn(scope: Construct, id: string, partnerAccountArn: string): ISidewalkAccountAssociation {
    const partnerAccountId = resourceIdFromArn(partnerAccountArn, {
      service: 'iotwireless', resourcePrefix: 'SidewalkAccount', what: 'Sidewalk partner account ARN',
    });
    validateLength('partner account id in the ARN', partnerAccountId, 1, 256);
    class Import extends SidewalkAccountAssociationBase {
      public readonly partnerAccountId = partnerAccountId;
      public readonly partnerAccountArn = partnerAccountArn;
    }
    return new Import(scope, id, { environmentFromArn: partnerAccountArn });
  }

  public get partnerAccountId(): string {
    return this.getAtt('PartnerAccountId');
  }
  public get partnerAccountArn(): string {
    return this.getAtt('PartnerAccountArn');
  }

  /**
   * The fingerprint of the application server private key, as IoT Wireless reports it. It changes
   * when the key is rotated; the key itself is never an attribute.
   *
   * @attribute
   */
  public get fingerprint(): string {
    return this.getAtt('Fingerprint');
  }

  /** The tags of the partner account. */
  public readonly tags: TagManager;

  private readonly resource: CfnResource;

  /**
   * @param scope the scope in which to define this construct.
   * @param id the construct id, unique within the scope.
   * @param props the Sidewalk account to associate and the secret that holds its key.
   */
  constructor(scope: Construct, id: string, props: SidewalkAccountAssociationProps) {
    super(scope, id);

    validateLength('amazonId', props.amazonId, 1, 256);
    validatePattern('appServerPrivateKeyField', props.appServerPrivateKeyField, /[A-Za-z0-9_.-]{1,128}/,
      'a JSON field name of 1 to 128 letters, digits, dots, dashes or underscores');
    validatePattern('appServerPrivateKeyVersionId', props.appServerPrivateKeyVersionId, /[A-Za-z0-9-]{32,64}/,
      'a Secrets Manager VersionId: 32 to 64 letters, digits or dashes, such as a UUID');
    validateTags('Sidewalk partner account', props.tags);

    this.tags = new TagManager(TagType.MAP, SIDEWALK_ACCOUNT_ASSOCIATION_RESOURCE_TYPE, props.tags);

    const stack = Stack.of(this);
    const partition = knownPartition(stack);
    if (partition !== undefined && !homeRegionIn(SIDEWALK_REGIONS, partition)) {
      throw new Error(`SidewalkAccountAssociation ${this.node.path}: Amazon Sidewalk (AWS IoT Wireless) is not served in partition ` +
        `'${partition}' (stack region '${stack.region}'). Partner accounts exist in ` +
        `${Object.entries(SIDEWALK_REGIONS).map(([p, r]) => `${r} of partition '${p}'`).join(', ')} only; define the association in a stack of that partition.`);
    }
    const provider = HybridConnectivityProvider.of(this);
    const secret = props.appServerPrivateKey;
    provider.grant({
      actions: ['secretsmanager:GetSecretValue'],
      // An imported partial ARN matches the secret's full ARN only with the six-character suffix.
      resourceArns: [secret.secretFullArn ?? `${secret.secretArn}-??????`],
      collapsedArn: stack.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
    });
    if (secret.encryptionKey) {
      // On the role itself: kms.IKey.grant* through a ViaServicePrincipal adds nothing for an imported key.
      provider.role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [secret.encryptionKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${stack.region}.amazonaws.com` } },
      }));
    }
    // AssociateAwsAccountWithPartnerAccount has no resource type in IAM; everything after it acts on the
    // SidewalkAccount ARN, whose id is the Amazon ID. (The handler tags the partner account it makes and
    // reads the tags back when CloudFormation cancels a create.)
    provider.grant({
      actions: ['iotwireless:AssociateAwsAccountWithPartnerAccount'],
      resourceArns: ['*'],
      collapsedArn: '*',
    });
    provider.grant({
      actions: [
        'iotwireless:GetPartnerAccount', 'iotwireless:UpdatePartnerAccount', 'iotwireless:DisassociateAwsAccountFromPartnerAccount',
        'iotwireless:TagResource', 'iotwireless:UntagResource', 'iotwireless:ListTagsForResource',
      ],
      resourceArns: [sidewalkAccountArn(stack, props.amazonId)],
      collapsedArn: sidewalkAccountArn(stack, '*'),
    });

    const properties: SidewalkAccountAssociationProperties = {
      AmazonId: props.amazonId,
      AppServerPrivateKeySecretArn: secret.secretArn,
      AppServerPrivateKeySecretField: props.appServerPrivateKeyField,
      AppServerPrivateKeyVersionId: props.appServerPrivateKeyVersionId,
      Tags: Lazy.any({ produce: () => this.tags.renderTags() }, { omitEmptyArray: true }) as any,
    };

    this.resource = provider.customResource(this, SIDEWALK_ACCOUNT_ASSOCIATION_RESOURCE_TYPE, { ...properties }, props.removalPolicy);
  }

  private getAtt(name: SidewalkAccountAssociationAttributeName): string {
    return Token.asString(this.resource.getAtt(name));
  }
}

/**
 * `arn:<partition>:iotwireless:<Sidewalk region>:<account>:SidewalkAccount/<amazon id>`. When the partition
 * is known only at deploy time the region is `*`: still this account's partner account, in whichever region
 * serves Sidewalk in that partition.
 */
function sidewalkAccountArn(stack: Stack, amazonId: string): string {
  return stack.formatArn({
    service: 'iotwireless', region: sidewalkRegion(stack), resource: 'SidewalkAccount', resourceName: amazonId, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
  });
}

/** The region that serves Sidewalk in the stack's partition, or `*` when only deploy time knows the partition. */
function sidewalkRegion(stack: Stack): string {
  const partition = knownPartition(stack);
  return partition === undefined ? '*' : homeRegionIn(SIDEWALK_REGIONS, partition) ?? '*';
}
