/**
 * The contract between `SidewalkAccountAssociation` and its handler: the resource type, the property
 * names the construct writes and the attribute names the handler returns. Both sides import this module,
 * so a renamed property or attribute breaks compilation, not a deployment.
 */
export const SIDEWALK_ACCOUNT_ASSOCIATION_RESOURCE_TYPE = 'Custom::SidewalkAccountAssociation';

/**
 * Where Amazon Sidewalk partner accounts are served, by partition. The AWS General Reference says "AWS IoT
 * Core for Amazon Sidewalk can only be used in the AWS Region us-east-1"
 * (https://docs.aws.amazon.com/general/latest/gr/iot-lorawan.html), and botocore's `endpoints.json` lists
 * `iotwireless` endpoints in the `aws` partition only (none in `aws-cn` or `aws-us-gov`). The handler calls
 * IoT Wireless there whatever region the stack is in; the construct fails at synth time in another partition.
 */
export const SIDEWALK_REGIONS: Readonly<Record<string, string>> = {
  aws: 'us-east-1',
};

/**
 * The tag the handler adds to the partner account it associates, naming the stack and logical id. A Delete
 * whose physical id this library did not make (CloudFormation cancelled the create) disassociates the
 * partner account only when it carries this stack's mark.
 */
export const SIDEWALK_OWNER_TAG = 'cdk-hybrid-connectivity:sidewalk-account-association';

/** Custom-resource properties, as the construct renders them. The private key itself is never one of them. */
export interface SidewalkAccountAssociationProperties {
  readonly AmazonId: string;
  /** The secret that holds the application server private key. */
  readonly AppServerPrivateKeySecretArn: string;
  /** The field of a JSON secret that holds the key, when the whole secret string is not the key. */
  readonly AppServerPrivateKeySecretField?: string;
  /**
   * The secret version to read. A new value is how a rotation reaches CloudFormation: the changed
   * property makes an in-place Update that sends the new key with UpdatePartnerAccount.
   */
  readonly AppServerPrivateKeyVersionId?: string;
  readonly Tags?: Record<string, string>;
}

/** Properties whose change replaces the association (a new partner account). */
export const SIDEWALK_ACCOUNT_ASSOCIATION_REPLACING_PROPERTIES: ReadonlyArray<keyof SidewalkAccountAssociationProperties> = [
  'AmazonId',
];

/** Properties whose change sends the key again (UpdatePartnerAccount): where the key comes from. */
export const SIDEWALK_KEY_SOURCE_PROPERTIES: ReadonlyArray<keyof SidewalkAccountAssociationProperties> = [
  'AppServerPrivateKeySecretArn', 'AppServerPrivateKeySecretField', 'AppServerPrivateKeyVersionId',
];

/** Attributes the handler returns (custom-resource Data keys). Only the key's fingerprint, never the key. */
export interface SidewalkAccountAssociationData {
  readonly PartnerAccountId: string;
  readonly PartnerAccountArn: string;
  readonly Fingerprint: string;
}

export type SidewalkAccountAssociationAttributeName = keyof SidewalkAccountAssociationData;
