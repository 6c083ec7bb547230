import { RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';

/**
 * The Secrets Manager secret that an `InterconnectConnection` owns to hold the activation key of the
 * connection it requests, for handing to the partner's tooling.
 *
 * The secret starts empty. The deployment writes the key into it as its current version once the
 * connection has one; the key never appears in the template, in CloudFormation's events or in the
 * handlers' logs. A replaced connection writes its new key, and the old key stays readable as the
 * `AWSPREVIOUS` version.
 */
export interface ActivationKeySecretOptions {
  /**
   * The name of the secret: ASCII letters, digits and `/_+=.@-`, up to 512 characters. Secrets Manager
   * adds a hyphen and six random characters to it in the secret's ARN. A named secret that is deleted
   * keeps its name taken until its recovery window ends, so a stack that is deleted and deployed again
   * soon after is better served by a generated name.
   *
   * @default - CloudFormation generates a name from the stack and construct.
   */
  readonly secretName?: string;

  /**
   * A customer managed KMS key to encrypt the secret with. The handlers are allowed to generate data keys
   * with it, through Secrets Manager only; whoever reads the secret needs to decrypt with it, which
   * `grantRead` on the secret grants.
   *
   * @default - the AWS managed key `aws/secretsmanager`.
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * What happens to the secret when it leaves the stack. `RemovalPolicy.RETAIN` keeps it, and the key in it.
   *
   * @default - the connection's own removal policy.
   */
  readonly removalPolicy?: RemovalPolicy;
}
