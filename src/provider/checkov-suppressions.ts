import { Aspects, CfnResource, IAspect } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { HandlerFunction } from './handler-function';

/** One checkov suppression, in the form checkov reads from a CloudFormation resource's `Metadata.checkov.skip`. */
export interface CheckovSuppression {
  /** The checkov check id, such as `CKV_AWS_117`. */
  readonly id: string;
  /** Why the finding stands, and which setting (if any) makes it pass. checkov prints it as the suppression's comment. */
  readonly comment: string;
}

/** The kinds of resource the provider makes that checkov has findings on. */
type ResourceKind = 'handlerFunction' | 'frameworkFunction' | 'logGroup' | 'waiterPolicy' | 'activationKeySecret';

/**
 * Why each checkov finding on the provider's resources stands, per kind of resource. checkov's findings on a
 * default template are suppressed even where a provider setting makes them pass, with a reason naming that
 * setting: the default template must pass the checks, and a user who needs the stricter form sets it.
 * `lint/lint_templates.py` fails on any finding without a reason here (or in lint/explained-findings.yaml).
 */
export const CHECKOV_SUPPRESSIONS: Record<ResourceKind, CheckovSuppression[]> = {
  handlerFunction: [
    {
      id: 'CKV_AWS_115',
      comment: 'No reserved concurrency: the handlers run only while CloudFormation deploys, one invocation per resource event; ' +
        'reserving concurrency would take it from every other function of the account all the time, and a cap low enough to ' +
        'matter would throttle a deployment of many resources.',
    },
    {
      id: 'CKV_AWS_116',
      comment: 'No dead-letter queue: the Provider framework invokes onEvent and its waiter invokes isComplete synchronously, and ' +
        'Lambda sends only failed asynchronous invocations to a DLQ; a failed call fails the resource with its reason instead.',
    },
    {
      id: 'CKV_AWS_117',
      comment: 'Outside a VPC by default: the handlers call only the public endpoints of Interconnect, Direct Connect, Network ' +
        'Manager, IoT Wireless and Secrets Manager, and reach nothing inside a VPC; set vpc in ' +
        'HybridConnectivityProvider.configure to run them in one.',
    },
    {
      id: 'CKV_AWS_173',
      comment: 'Lambda encrypts environment variables at rest with an AWS managed key; the handlers\' only variable is ' +
        'AWS_NODEJS_CONNECTION_REUSE_ENABLED (no secret: keys are read from Secrets Manager at run time); set encryptionKey ' +
        'in HybridConnectivityProvider.configure to encrypt it with a customer managed key.',
    },
  ],
  frameworkFunction: [
    {
      id: 'CKV_AWS_115',
      comment: 'A function of the aws-cdk-lib custom-resources Provider framework, run only while CloudFormation deploys; ' +
        'reserving concurrency would take it from every other function of the account, and the Provider offers no setting for it.',
    },
    {
      id: 'CKV_AWS_116',
      comment: 'A function of the aws-cdk-lib Provider framework: its waiter functions are invoked synchronously by Step Functions ' +
        '(never sent to a DLQ), and a DLQ on its onEvent function would keep each failed event, presigned ResponseURL included, ' +
        'for a request CloudFormation has already failed at its ServiceTimeout; the Provider offers no DLQ setting.',
    },
    {
      id: 'CKV_AWS_117',
      comment: 'A function of the aws-cdk-lib Provider framework: it calls only Lambda, Step Functions and the CloudFormation ' +
        'response URL; set vpc in HybridConnectivityProvider.configure to run it in the VPC with the handlers.',
    },
    {
      id: 'CKV_AWS_173',
      comment: 'A function of the aws-cdk-lib Provider framework: Lambda encrypts its environment (the handler function and state ' +
        'machine ARNs, no secret) at rest with an AWS managed key; set encryptionKey in HybridConnectivityProvider.configure to ' +
        'encrypt it with a customer managed key.',
    },
  ],
  logGroup: [{
    id: 'CKV_AWS_158',
    comment: 'CloudWatch Logs encrypts every log group at rest by default; the handlers log redacted lines (no key, no ' +
      'ResponseURL); set encryptionKey in HybridConnectivityProvider.configure to encrypt the provider\'s log groups with a ' +
      'customer managed key.',
  }],
  waiterPolicy: [{
    id: 'CKV_AWS_111',
    comment: 'aws-cdk-lib\'s StateMachine grants its log delivery (logs:CreateLogDelivery and the rest, with CreateLogStream and ' +
      'PutLogEvents) on "*" once logging is on, as Step Functions documents it: CloudWatch Logs authorizes the log-delivery ' +
      'actions only on "*". Only the Provider framework\'s waiter assumes this role, and it runs nothing but the framework\'s ' +
      'isComplete and onTimeout functions.',
  }],
  activationKeySecret: [{
    id: 'CKV_AWS_149',
    comment: 'Without a key of its own, Secrets Manager encrypts the secret with the AWS managed key aws/secretsmanager; it ' +
      'holds the activation key for the partner\'s tooling, and the handlers only write it. Set encryptionKey in the ' +
      'InterconnectConnection\'s activationKeySecret to encrypt it with a customer managed key.',
  }],
};

/**
 * Writes the checkov reasons on every resource under `scope` (the provider, or a resource the library makes
 * outside it, such as the activation-key secret) that is of a kind in
 * CHECKOV_SUPPRESSIONS, at synthesis, so resources added after the call (the grants policy, a VPC's security
 * group) are covered too. Keyed by resource type and by who made it, never by logical id.
 */
export function addCheckovSuppressions(scope: IConstruct): void {
  Aspects.of(scope).add(new CheckovSuppressionAspect());
}

class CheckovSuppressionAspect implements IAspect {
  public visit(node: IConstruct): void {
    if (!(node instanceof CfnResource)) return;
    const kind = resourceKind(node);
    if (!kind) return;
    const metadata = node.getMetadata('checkov') as { skip?: CheckovSuppression[] } | undefined;
    const existing = metadata?.skip ?? [];
    const missing = CHECKOV_SUPPRESSIONS[kind].filter((s) => !existing.some((e) => e.id === s.id));
    if (missing.length > 0) node.addMetadata('checkov', { ...metadata, skip: [...existing, ...missing] });
  }
}

function resourceKind(resource: CfnResource): ResourceKind | undefined {
  switch (resource.cfnResourceType) {
    case 'AWS::Lambda::Function':
      return resource.node.scope instanceof HandlerFunction ? 'handlerFunction' : 'frameworkFunction';
    case 'AWS::Logs::LogGroup':
      return 'logGroup';
    case 'AWS::SecretsManager::Secret':
      // Only secrets the library makes are visited: InterconnectConnection's activation-key secret.
      return 'activationKeySecret';
    case 'AWS::IAM::Policy':
      // The default policy of the Provider framework's waiter state machine's role.
      return resource.node.path.includes('/waiter-state-machine/') ? 'waiterPolicy' : undefined;
    default:
      return undefined;
  }
}
