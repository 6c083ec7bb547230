import { Duration, Lazy, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { IsCompleteFunction } from './is-complete-function';
import { OnEventFunction } from './on-event-function';
import { PROVIDER_QUERY_INTERVAL_SECONDS, PROVIDER_TOTAL_TIMEOUT_SECONDS } from './provider-contract';

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

    const onEvent = new OnEventFunction(this, 'OnEvent', {
      role: this.role,
      logGroup,
      memorySize: 256,
      timeout: Duration.minutes(5),
      description: 'cdk-hybrid-connectivity: starts create, update and delete of every resource type.',
    });
    const isComplete = new IsCompleteFunction(this, 'IsComplete', {
      role: this.role,
      logGroup,
      memorySize: 256,
      timeout: Duration.minutes(1),
      description: 'cdk-hybrid-connectivity: reports when a resource has reached a stable state.',
    });

    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: onEvent,
      isCompleteHandler: isComplete,
      queryInterval: Duration.seconds(PROVIDER_QUERY_INTERVAL_SECONDS),
      totalTimeout: Duration.seconds(PROVIDER_TOTAL_TIMEOUT_SECONDS),
    });
    this.serviceToken = provider.serviceToken;
  }

  /** Allow the handlers some actions on some resources, merged with every other construct's grants. */
  public grant(grant: ScopedGrant): void {
    const actions = [...new Set(grant.actions)].sort();
    const key = `${actions.join(',')}|${grant.collapsedArn}`;
    let group = this.groups.get(key);
    if (!group) {
      group = { actions, collapsedArn: grant.collapsedArn, resources: new Map() };
      this.groups.set(key, group);
      const captured = group;
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({
        actions,
        resources: Lazy.list({ produce: () => this.resourcesFor(captured) }),
      }));
    }
    for (const arn of grant.resourceArns) {
      const resolvedKey = Token.isUnresolved(arn) ? JSON.stringify(Stack.of(this).resolve(arn)) : arn;
      if (!group.resources.has(resolvedKey)) group.resources.set(resolvedKey, arn);
    }
  }

  /** The resources one statement lists: its own ARNs, or its pattern when the whole policy would be too large. */
  private resourcesFor(group: GrantGroup): string[] {
    const collapsed = this.collapsedGroups();
    return collapsed.has(group) || group.resources.size === 0 ? [group.collapsedArn] : [...group.resources.values()];
  }

  private collapsedGroups(): Set<GrantGroup> {
    const collapsed = new Set<GrantGroup>();
    const size = (g: GrantGroup) => {
      const actions = g.actions.reduce((n, a) => n + a.length + 3, 0);
      const resources = collapsed.has(g) ? g.collapsedArn.length + 3
        : [...g.resources.values()].reduce((n, r) => n + (Token.isUnresolved(r) ? ESTIMATED_TOKEN_ARN_LENGTH : r.length + 3), 0);
      return actions + resources + 60;
    };
    const groups = [...this.groups.values()];
    const total = () => groups.reduce((n, g) => n + size(g), 0);
    while (total() > POLICY_CHARACTER_BUDGET) {
      const candidates = groups.filter((g) => !collapsed.has(g) && g.resources.size > 1)
        .sort((a, b) => b.resources.size - a.resources.size || a.collapsedArn.localeCompare(b.collapsedArn));
      if (candidates.length === 0) break;
      collapsed.add(candidates[0]);
    }
    return collapsed;
  }
}
