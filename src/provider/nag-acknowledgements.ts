import { CfnResource } from 'aws-cdk-lib';

/** One cdk-nag suppression, in the form cdk-nag reads from a resource's `cdk_nag` metadata. */
export interface NagSuppression {
  readonly id: string;
  readonly reason: string;
  /** Findings (or `{regex}` patterns of findings) the suppression covers; all of the rule's when absent. */
  readonly applies_to?: Array<string | { regex: string }>;
}

/**
 * Why each cdk-nag AwsSolutions finding on the provider stands. They are written as resource metadata, the
 * form `NagSuppressions.addResourceSuppressions` writes, so that users who run cdk-nag see the reasons and
 * the library does not depend on cdk-nag.
 */
export const NAG_SUPPRESSIONS: Record<'ownFunction' | 'frameworkFunction' | 'frameworkRole' | 'frameworkPolicy' | 'waiter' | 'handlerPolicy', NagSuppression[]> = {
  ownFunction: [{
    id: 'AwsSolutions-L1',
    reason: 'The handlers run on nodejs22.x, the runtime their bundles (with the SDK clients in them) are built and tested for; ' +
      'moving to a newer runtime is a release of this library, not a setting.',
  }],
  frameworkFunction: [{
    id: 'AwsSolutions-L1',
    reason: 'A function of the aws-cdk-lib custom-resources Provider framework: aws-cdk-lib chooses its runtime, and updating ' +
      'aws-cdk-lib updates it.',
  }],
  frameworkRole: [{
    id: 'AwsSolutions-IAM4',
    reason: 'The Provider framework gives its functions AWSLambdaBasicExecutionRole (CloudWatch Logs only), as aws-cdk-lib builds them; ' +
      'their other permissions are the invoke grants that the library\'s IAM audit checks.',
    applies_to: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
  }],
  frameworkPolicy: [{
    id: 'AwsSolutions-IAM5',
    reason: 'lambda:InvokeFunction on the versions and aliases (<arn>:*) of the provider\'s own functions, as Function.grantInvoke ' +
      'grants it; no other function can be invoked.',
    applies_to: [{ regex: '/^Resource::<CdkHybridConnectivityProvider[A-Za-z0-9]+\\.Arn>:\\*$/' }],
  }],
  waiter: [
    {
      id: 'AwsSolutions-SF1',
      reason: 'Logging ALL events of the waiter with its execution data would copy every response\'s Data, the NoEcho activation ' +
        'key among them, into CloudWatch Logs; the handlers log each step themselves, redacted.',
    },
    {
      id: 'AwsSolutions-SF2',
      reason: 'The waiter only calls isComplete at the query interval; the custom-resources Provider offers no X-Ray switch for it, ' +
        'and the handlers\' own logs show each poll.',
    },
  ],
  handlerPolicy: [{
    id: 'AwsSolutions-IAM5',
    reason: 'Account- and region-scoped ARN patterns for resources whose ids are known only at deploy time (a new Interconnect ' +
      'connection; the interconnect or LAG a hosted connection was on, to move it back), or that a policy nearing its size ' +
      'limit collapses to; "*" only for calls IAM authorizes against "*" alone (DescribeInterconnects and DescribeLags without ' +
      'an id, AssociateAwsAccountWithPartnerAccount).',
    applies_to: [
      { regex: '/^Resource::arn:<AWS::Partition>:(interconnect|directconnect|networkmanager|iotwireless):[^:]*:[^:]*:(connection|dxcon|dxlag|dxvif|global-network|device|SidewalkAccount)\\/\\*$/' },
      'Resource::*',
    ],
  }],
};

export function addNagSuppressions(resource: CfnResource, suppressions: NagSuppression[]): void {
  const existing = (resource.getMetadata('cdk_nag') as { rules_to_suppress?: NagSuppression[] } | undefined)?.rules_to_suppress ?? [];
  resource.addMetadata('cdk_nag', { rules_to_suppress: [...existing, ...suppressions] });
}
