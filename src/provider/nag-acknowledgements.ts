import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/**
 * Why each cdk-nag (3.x, AwsSolutions) finding on the provider stands, acknowledged on its resource with
 * aws-cdk-lib's own `Validations`, so that the library does not depend on cdk-nag.
 *
 * A rule that reports several findings on one resource (IAM4, IAM5) is acknowledged one finding at a time,
 * by its exact id (`AwsSolutions-IAM5[Resource::<pattern>]`). Those ids are known only once every construct
 * has granted, so the provider acknowledges them in a validation of its own, which runs before cdk-nag.
 */

/** One rule (or one finding of a rule) and the reason it stands. */
export interface NagAcknowledgement {
  readonly id: string;
  readonly reason: string;
}

export const NAG_REASONS = {
  ownFunction: 'The handlers run on nodejs22.x, the runtime their bundles (with the SDK clients in them) are built and tested for; ' +
    'moving to a newer runtime is a release of this library, not a setting.',
  frameworkFunction: 'A function of the aws-cdk-lib custom-resources Provider framework: aws-cdk-lib chooses its runtime, and updating ' +
    'aws-cdk-lib updates it.',
  frameworkRole: 'The Provider framework gives its functions AWSLambdaBasicExecutionRole (CloudWatch Logs only), as aws-cdk-lib builds them; ' +
    'their other permissions are the invoke grants that the library\'s IAM audit checks.',
  frameworkPolicy: 'lambda:InvokeFunction on the versions and aliases (<arn>:*) of the provider\'s own functions, as Function.grantInvoke ' +
    'grants it; no other function can be invoked.',
  waiterTracing: 'The waiter only calls isComplete at the query interval; the custom-resources Provider offers no X-Ray switch for it, ' +
    'and the handlers\' own logs show each poll.',
  handlerPolicy: 'Account- and region-scoped ARN patterns for resources whose ids are known only at deploy time (a new Interconnect ' +
    'connection; the interconnect or LAG a hosted connection was on, to move it back), or that a policy nearing its size ' +
    'limit collapses to; "*" only for calls IAM authorizes against "*" alone (DescribeInterconnects and DescribeLags without ' +
    'an id, AssociateAwsAccountWithPartnerAccount).',
  waiterLogDelivery: 'The waiter logs to its own log group through CloudWatch Logs\' log delivery; aws-cdk-lib\'s StateMachine ' +
    'grants the delivery actions (logs:CreateLogDelivery, GetLogDelivery, UpdateLogDelivery, DeleteLogDelivery, ListLogDeliveries, ' +
    'PutResourcePolicy, DescribeResourcePolicies, DescribeLogGroups, with CreateLogStream and PutLogEvents) on "*", as the Step ' +
    'Functions logging documentation asks.',
};

/** Resource patterns of the handler policies that `NAG_REASONS.handlerPolicy` accounts for. */
const HANDLER_POLICY_PATTERN = /^Resource::(\*|arn:<AWS::Partition>:(interconnect|directconnect|networkmanager|iotwireless|secretsmanager):[^:]*:[^:]*:(connection|dxcon|dxlag|dxvif|global-network|device|connect-peer|SidewalkAccount|secret)[/:]\*)$/;
/** The framework's invoke grants on the provider's own functions (`<fn.Arn>:*`). */
const OWN_FUNCTION_VERSIONS = /^Resource::<CdkHybridConnectivityProvider[A-Za-z0-9]+\.Arn>:\*$/;
/** Log delivery of the waiter, which IAM authorizes against `*` only. */
const LOG_DELIVERY = /^Resource::\*$/;

/** Acknowledge rules on a construct (and everything under it). */
export function acknowledge(scope: IConstruct, ...rules: NagAcknowledgement[]): void {
  for (const rule of rules) {
    // Validations.acknowledge reserves "::" as its prefix delimiter, so a finding id that has its own
    // ("Resource::arn:<AWS::Partition>:…") is recorded in the same metadata entry by hand.
    if (rule.id.split('::').length <= 2) {
      Validations.of(scope).acknowledge(rule);
    } else {
      const key = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;
      const previous = [...scope.node.metadata].reverse().find((m) => m.type === key)?.data ?? {};
      scope.node.addMetadata(key, { ...previous, [rule.id]: rule.reason });
    }
  }
}

/**
 * Acknowledge each wildcard finding of an IAM policy that a reason accounts for, by its exact id; any
 * other wildcard is left for cdk-nag to report.
 */
export function acknowledgeWildcards(policy: CfnResource, accountedFor: RegExp, reason: string): void {
  for (const finding of wildcardFindings(policy)) {
    if (accountedFor.test(finding)) acknowledge(policy, { id: `AwsSolutions-IAM5[${finding}]`, reason });
  }
}

/** The wildcard findings of a policy, named as cdk-nag's IAM5 names them (`Resource::<flattened ARN>`). */
function wildcardFindings(policy: CfnResource): string[] {
  const stack = Stack.of(policy);
  const document = policy instanceof iam.CfnPolicy ? stack.resolve(policy.policyDocument) : undefined;
  const out = new Set<string>();
  for (const statement of (document?.Statement ?? []) as Array<{ Effect: string; Action: unknown; Resource: unknown }>) {
    if (statement.Effect !== 'Allow') continue;
    for (const action of [statement.Action].flat() as string[]) if (action.includes('*')) out.add(`Action::${action}`);
    for (const resource of [statement.Resource].flat()) {
      const flat = flatten(resource);
      if (flat.includes('*')) out.add(`Resource::${flat}`);
    }
  }
  return [...out];
}

/** A CloudFormation value as one string, references as `<Logical.Attr>` and `<Ref>`, as cdk-nag writes them. */
function flatten(node: unknown): string {
  if (node === undefined) return '';
  if (typeof node === 'string') return node.replace(/\${/g, '<').replace(/}/g, '>');
  const o = node as Record<string, any>;
  if (o['Fn::Join']) return (o['Fn::Join'][1] as unknown[]).map(flatten).join(o['Fn::Join'][0]);
  if (o['Fn::Sub']) return flatten(o['Fn::Sub']);
  if (o['Fn::GetAtt']) return `<${flatten(o['Fn::GetAtt'][0])}.${flatten(o['Fn::GetAtt'][1])}>`;
  if (o['Fn::ImportValue']) return flatten(o['Fn::ImportValue']);
  if (o.Ref) return `<${flatten(o.Ref)}>`;
  return JSON.stringify(node);
}

export const NAG_PATTERNS = { HANDLER_POLICY_PATTERN, OWN_FUNCTION_VERSIONS, LOG_DELIVERY };
