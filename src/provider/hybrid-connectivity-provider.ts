import { CfnResource, Duration, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { HandlerFunction } from './handler-function';
import {
  IS_COMPLETE_TIMEOUT_SECONDS, ON_EVENT_TIMEOUT_SECONDS, PROVIDER_QUERY_INTERVAL_SECONDS, PROVIDER_TOTAL_TIMEOUT_SECONDS, SERVICE_TIMEOUT_SECONDS,
} from './provider-contract';

/** The construct id of the stack-wide singleton, namespaced so it never meets a user's own id. */
export const PROVIDER_ID = 'CdkHybridConnectivityProvider';

/**
 * What one construct needs its handlers to be allowed to do: some actions on some resources.
 * When the stack's policy nears IAM's size limit, the resources of a grant collapse to `collapsedArn`,
 * an account- and region-scoped pattern of the same resource type.
 */
export interface ScopedGrant {
  readonly actions: string[];
  readonly resourceArns: string[];
  readonly collapsedArn: string;
}

/**
 * The character budget for our handlers' inline policy. IAM's limit for a role's inline policies is
 * 10,240 characters (whitespace excluded); this leaves room for the statements CDK adds itself.
 */
export const POLICY_CHARACTER_BUDGET = 7_000;

/** An estimate of a resolved ARN's deployed length: tokens stand for region, account and partition. */
const ESTIMATED_TOKEN_ARN_LENGTH = 110;

interface GrantGroup {
  readonly actions: string[];
  readonly collapsedArn: string;
  readonly resources: Map<string, string>;
}

/**
 * The one custom-resource provider that every construct of this library in a stack shares: one onEvent
 * and one isComplete function on a single role, behind the Provider framework. N constructs add N custom
 * resources and their own least-privilege statements, nothing else.
 */
export class HybridConnectivityProvider extends Construct {
  /** The stack's provider, created on first use. */
  public static of(scope: IConstruct): HybridConnectivityProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(PROVIDER_ID);
    return (existing as HybridConnectivityProvider | undefined) ?? new HybridConnectivityProvider(stack, PROVIDER_ID);
  }

  /** The service token for custom resources. */
  public readonly serviceToken: string;
  /** The role both handler functions run as. */
  public readonly role: iam.Role;

  private readonly groups = new Map<string, GrantGroup>();
  private readonly functions: Construct[];

  private constructor(scope: Construct, id: string) {
    super(scope, id);

    this.role = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Runs the cdk-hybrid-connectivity custom-resource handlers.',
    });
    const logGroup = new logs.LogGroup(this, 'HandlerLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    logGroup.grantWrite(this.role);

    const code = HandlerFunction.bundle();
    const onEvent = new HandlerFunction(this, 'OnEvent', {
      entryPoint: 'onEvent',
      code,
      role: this.role,
      logGroup,
      memorySize: 256,
      timeout: Duration.seconds(ON_EVENT_TIMEOUT_SECONDS),
      description: 'cdk-hybrid-connectivity: starts create, update and delete of every resource type.',
    });
    const isComplete = new HandlerFunction(this, 'IsComplete', {
      entryPoint: 'isComplete',
      code,
      role: this.role,
      logGroup,
      memorySize: 256,
      timeout: Duration.seconds(IS_COMPLETE_TIMEOUT_SECONDS),
      description: 'cdk-hybrid-connectivity: reports when a resource has reached a stable state.',
    });

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: onEvent,
      isCompleteHandler: isComplete,
      queryInterval: Duration.seconds(PROVIDER_QUERY_INTERVAL_SECONDS),
      totalTimeout: Duration.seconds(PROVIDER_TOTAL_TIMEOUT_SECONDS),
    });
    this.serviceToken = provider.serviceToken;
    this.functions = [onEvent, isComplete];

    // cdk-nag (AwsSolutions) findings on what this construct and the Provider framework make, each
    // suppressed on its resource with the reason it stands (see NAG_SUPPRESSIONS).
    for (const fn of [onEvent, isComplete]) addNagSuppressions(fn.node.defaultChild as CfnResource, NAG_SUPPRESSIONS.ownFunction);
    for (const child of provider.node.findAll()) {
      if (!(child instanceof CfnResource)) continue;
      const suppressions = ({
        'AWS::Lambda::Function': NAG_SUPPRESSIONS.frameworkFunction,
        'AWS::IAM::Role': NAG_SUPPRESSIONS.frameworkRole,
        'AWS::IAM::Policy': NAG_SUPPRESSIONS.frameworkPolicy,
        'AWS::StepFunctions::StateMachine': NAG_SUPPRESSIONS.waiter,
      } as Record<string, NagSuppression[] | undefined>)[child.cfnResourceType];
      if (suppressions) addNagSuppressions(child, suppressions);
    }
  }

  /**
   * The custom resource behind one construct, served by this provider, as the construct's `Resource` child.
   * It is the template `CustomResource` would render (service token, `ServiceTimeout`, DESTROY unless told
   * otherwise), built as a plain `CfnResource`: one construct less per resource, which at hundreds of
   * resources is a good part of a stack's synth time.
   */
  public customResource(scope: Construct, resourceType: string, properties: Record<string, unknown>,
    removalPolicy?: RemovalPolicy): CfnResource {
    const resource = new CfnResource(scope, 'Resource', {
      type: resourceType,
      properties: { ServiceToken: this.serviceToken, ServiceTimeout: String(SERVICE_TIMEOUT_SECONDS), ...properties },
    });
    resource.applyRemovalPolicy(removalPolicy, { default: RemovalPolicy.DESTROY });
    return resource;
  }

  /** Allow the handlers some actions on some resources, merged with every other construct's grants. */
  public grant(grant: ScopedGrant): void {
    const actions = [...new Set(grant.actions)].sort();
    const key = `${actions.join(',')}|${grant.collapsedArn}`;
    let group = this.groups.get(key);
    if (!group) {
      group = { actions, collapsedArn: grant.collapsedArn, resources: new Map() };
      this.groups.set(key, group);
    }
    // ARNs built the same way (formatArn with the same parts) are the same string, tokens included.
    for (const arn of grant.resourceArns) group.resources.set(arn, arn);
    this.grantsPolicy();
  }

  /**
   * The handlers' grants live in one policy of their own whose document is rendered at synth time, when
   * every construct has made its grants and the size budget can be applied to the whole. It is a plain
   * AWS::IAM::Policy rather than statements on the role's default policy, so that CDK's statement
   * minimization (`@aws-cdk/aws-iam:minimizePolicies`) never has to merge lists it cannot see yet.
   */
  private grantsPolicy(): iam.CfnPolicy {
    const existing = this.node.tryFindChild('HandlerGrants') as iam.CfnPolicy | undefined;
    if (existing) return existing;
    const policy = new iam.CfnPolicy(this, 'HandlerGrants', {
      policyName: 'HybridConnectivityHandlerGrants',
      roles: [this.role.roleName],
      policyDocument: Lazy.any({ produce: () => this.renderGrants() }),
    });
    // The handlers must not run before their permissions exist.
    for (const fn of this.functions) fn.node.addDependency(policy);
    addNagSuppressions(policy, NAG_SUPPRESSIONS.handlerPolicy);
    return policy;
  }

  private renderGrants(): Record<string, unknown> {
    const collapsed = this.collapsedGroups();
    // One action as a string, as CDK renders its own statements; resources always as a list.
    const statements = [...this.groups.values()].map((group) => ({
      Effect: 'Allow',
      Action: group.actions.length === 1 ? group.actions[0] : group.actions,
      Resource: collapsed.has(group) || group.resources.size === 0 ? [group.collapsedArn] : [...group.resources.values()],
    }));
    return { Version: '2012-10-17', Statement: statements };
  }

  /** Which groups fall back to their account/region pattern so that the whole document stays within budget. */
  private collapsedGroups(): Set<GrantGroup> {
    const collapsed = new Set<GrantGroup>();
    const size = (g: GrantGroup) => {
      const actions = g.actions.reduce((n, a) => n + a.length + 3, 0);
      const resources = collapsed.has(g) ? g.collapsedArn.length + 3
        : [...g.resources.values()].reduce((n, r) => n + (Token.isUnresolved(r) ? ESTIMATED_TOKEN_ARN_LENGTH : r.length + 3), 0);
      return actions + resources + 60;
    };
    const groups = [...this.groups.values()];
    let total = groups.reduce((n, g) => n + size(g), 0);
    while (total > POLICY_CHARACTER_BUDGET) {
      const candidates = groups.filter((g) => !collapsed.has(g) && g.resources.size > 1)
        .sort((a, b) => b.resources.size - a.resources.size || a.collapsedArn.localeCompare(b.collapsedArn));
      if (candidates.length === 0) break;
      const before = size(candidates[0]);
      collapsed.add(candidates[0]);
      total += size(candidates[0]) - before;
    }
    return collapsed;
  }
}

/** One cdk-nag suppression, in the form cdk-nag reads from a resource's `cdk_nag` metadata. */
interface NagSuppression {
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
const NAG_SUPPRESSIONS: Record<'ownFunction' | 'frameworkFunction' | 'frameworkRole' | 'frameworkPolicy' | 'waiter' | 'handlerPolicy', NagSuppression[]> = {
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

function addNagSuppressions(resource: CfnResource, suppressions: NagSuppression[]): void {
  const existing = (resource.getMetadata('cdk_nag') as { rules_to_suppress?: NagSuppression[] } | undefined)?.rules_to_suppress ?? [];
  resource.addMetadata('cdk_nag', { rules_to_suppress: [...existing, ...suppressions] });
}
