import { CfnResource, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { HandlerFunction } from './handler-function';
import { HandlerGrants, ScopedGrant } from './handler-grants';
import { addNagSuppressions, NAG_SUPPRESSIONS, NagSuppression } from './nag-acknowledgements';
import {
  IS_COMPLETE_TIMEOUT_SECONDS, ON_EVENT_TIMEOUT_SECONDS, PROVIDER_QUERY_INTERVAL_SECONDS, PROVIDER_TOTAL_TIMEOUT_SECONDS, SERVICE_TIMEOUT_SECONDS,
} from './provider-contract';

/** The construct id of the stack-wide singleton, namespaced so it never meets a user's own id. */
export const PROVIDER_ID = 'CdkHybridConnectivityProvider';

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

  private readonly grants = new HandlerGrants();
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
    this.grants.add(grant);
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
      policyDocument: Lazy.any({ produce: () => this.grants.render() }),
    });
    // The handlers must not run before their permissions exist.
    for (const fn of this.functions) fn.node.addDependency(policy);
    addNagSuppressions(policy, NAG_SUPPRESSIONS.handlerPolicy);
    return policy;
  }
}
