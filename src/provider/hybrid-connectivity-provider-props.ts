import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * How the stack's shared provider is built: where its functions run, how long their logs are kept and
 * with which key, and which roles and permissions boundary they use. Give them to
 * `HybridConnectivityProvider.configure`, once per stack.
 */
export interface HybridConnectivityProviderProps {
  /**
   * The VPC that the handler functions and the Provider framework's functions run in. The subnets must
   * reach the AWS APIs the handlers call (Direct Connect, Interconnect, Network Manager, IoT Wireless,
   * Secrets Manager, Step Functions), through a NAT gateway or interface endpoints.
   *
   * @default - The functions do not run in a VPC.
   */
  readonly vpc?: ec2.IVpc;

  /**
   * The subnets of `vpc` that the functions run in. Only used with `vpc`.
   *
   * @default - The VPC's private subnets, as Lambda chooses them.
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The security groups of the functions. Only used with `vpc`.
   *
   * @default - A security group for each function, allowing all outbound traffic.
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * How long the log groups of every function of the provider, and of its waiter state machine, keep events.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * What happens to those log groups when they leave the stack.
   *
   * @default RemovalPolicy.DESTROY
   */
  readonly logRemovalPolicy?: RemovalPolicy;

  /**
   * The KMS key that encrypts the provider's log groups (its functions' and its waiter's) and the
   * functions' environment variables. A key defined in the same stack gets the key-policy statement that
   * lets CloudWatch Logs use it; an imported key's policy must already allow the
   * `logs.<region>.amazonaws.com` service principal.
   *
   * @default - Log groups use CloudWatch Logs' own encryption; environments use the AWS managed Lambda key.
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * A permissions boundary for every role the provider creates: the two handler roles, the Provider
   * framework's roles and its waiter's role.
   *
   * @default - No permissions boundary, unless one is applied to the stack or the app.
   */
  readonly permissionsBoundary?: iam.IManagedPolicy;

  /**
   * The role that the onEvent handler runs as, for organisations that bring their own. It must trust
   * `lambda.amazonaws.com`. The library attaches its least-privilege policies to it.
   *
   * @default - A role created for onEvent.
   */
  readonly onEventRole?: iam.IRole;

  /**
   * The role that the isComplete handler runs as, for organisations that bring their own. It must trust
   * `lambda.amazonaws.com`, and should not be the onEvent role: isComplete gets only reads, and the few
   * writes listed in the README.
   *
   * @default - A role created for isComplete.
   */
  readonly isCompleteRole?: iam.IRole;

  /**
   * The role of the Provider framework's onEvent function, which invokes the handlers.
   *
   * @default - A role created by the Provider framework.
   */
  readonly frameworkOnEventRole?: iam.IRole;

  /**
   * The role of the Provider framework's isComplete and onTimeout functions. It must differ from
   * `frameworkOnEventRole`.
   *
   * @default - A role created by the Provider framework.
   */
  readonly frameworkCompleteAndTimeoutRole?: iam.IRole;
}
