import { CfnResource, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { addCheckovSuppressions } from './checkov-suppressions';
import { HandlerFunction } from './handler-function';
import { HandlerGrants } from './handler-grants';
import { HandlerPrincipal, HandlerRoles } from './handler-principal';
import { HybridConnectivityProviderProps } from './hybrid-connectivity-provider-props';
import { isCompleteMay } from './is-complete-permissions';
import { acknowledge, acknowledgeWildcards, NAG_PATTERNS, NAG_REASONS } from './nag-acknowledgements';
import {
  DEFAULT_WAIT_TIMEOUT_SECONDS, IS_COMPLETE_TIMEOUT_SECONDS, ON_EVENT_TIMEOUT_SECONDS, PROVIDER_QUERY_INTERVAL_SECONDS,
  PROVIDER_TOTAL_TIMEOUT_SECONDS,
  SERVICE_TIMEOUT_SECONDS, WAIT_TIMEOUT_PROPERTY,
} from './provider-contract';
import { ScopedGrant } from './scoped-grant';

/** The construct id of the stack-wide singleton, namespaced so it never meets a user's own id. */
export const PROVIDER_ID = 'CdkHybridConnectivityProvider';

/** `ServiceTimeout` as CloudFormation reads it, the same for every resource. */
const SERVICE_TIMEOUT = String(SERVICE_TIMEOUT_SECONDS);

/** What one build of the provider made. */
interface Built {
  readonly roles: HandlerRoles;
  readonly onEvent: HandlerFunction;
  readonly isComplete: HandlerFunction;
  readonly framework: cr.Provider;
}

/**
 * The one custom-resource provider that every construct of this library in a stack shares: an onEvent and
 * an isComplete function, each on its own role, behind the aws-cdk-lib Provider framework. N constructs add
 * N custom resources and their own least-privilege statements, nothing else.
 *
 * Constructs reach it with `HybridConnectivityProvider.of(this)`. To put its functions in a VPC, keep their
 * logs for longer, encrypt them with your key, set a permissions boundary or bring your own roles, call
 * `HybridConnectivityProvider.configure(stack, props)` once per stack, before or after the library's
 * first construct in it.
 */
export class HybridConnectivityProvider extends Construct implements iam.IGrantable {
  /**
   * The stack's provider, created with the default settings on first use.
   *
   * @param scope any construct in the stack.
   */
  public static of(scope: IConstruct): HybridConnectivityProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(PROVIDER_ID);
    return (existing as HybridConnectivityProvider | undefined) ?? new HybridConnectivityProvider(stack, PROVIDER_ID, {});
  }

  /**
   * Configure the stack's provider. Call it once per stack, before or after the first construct of this
   * library is added; a second call fails, as does a call after the provider's roles were read.
   *
   * @param scope any construct in the stack.
   * @param props how the provider is built.
   */
  public static configure(scope: IConstruct, props: HybridConnectivityProviderProps): HybridConnectivityProvider {
    const stack = Stack.of(scope);
    const existing = stack.node.tryFindChild(PROVIDER_ID) as HybridConnectivityProvider | undefined;
    if (!existing) {
      const provider = new HybridConnectivityProvider(stack, PROVIDER_ID, props);
      provider.configured = true;
      return provider;
    }
    existing.reconfigure(props);
    return existing;
  }

  /**
   * The handlers' principal, for constructs that grant through aws-cdk-lib's `grant*` methods. A statement
   * added to it goes to the onEvent role, and to the isComplete role with only the actions isComplete
   * performs: the reads of the library's services and the few writes listed in the README.
   */
  public readonly role: iam.IPrincipal;

  /** The same principal as `role`. */
  public readonly grantPrincipal: iam.IPrincipal;

  /** The service token for custom resources. */
  public readonly serviceToken: string;

  private props: HybridConnectivityProviderProps;
  private configured = false;
  /** What read the built roles (they cannot be rebuilt after that). */
  private exposedBy?: string;
  private built!: Built;
  private readonly principal: HandlerPrincipal;
  private readonly onEventGrants = new HandlerGrants();
  private readonly isCompleteGrants = new HandlerGrants();

  private constructor(scope: Construct, id: string, props: HybridConnectivityProviderProps) {
    super(scope, id);
    this.props = props;
    this.principal = new HandlerPrincipal(() => this.built.roles);
    this.role = this.principal;
    this.grantPrincipal = this.principal;
    this.serviceToken = Lazy.string({ produce: () => this.built.framework.serviceToken });
    this.build();
    // Runs at synth, after every construct has granted and before policy-validation plugins (cdk-nag).
    this.node.addValidation({ validate: () => { this.acknowledgeWildcardFindings(); return []; } });
    // checkov's findings on what the provider builds, each skipped with its reason (an aspect: it covers rebuilds).
    addCheckovSuppressions(this);
  }

  /** The role the onEvent handler runs as. */
  public get onEventRole(): iam.IRole {
    this.exposedBy ??= 'onEventRole';
    return this.built.roles.onEvent;
  }

  /** The role the isComplete handler runs as: reads, and the writes its paths make. */
  public get isCompleteRole(): iam.IRole {
    this.exposedBy ??= 'isCompleteRole';
    return this.built.roles.isComplete;
  }

  /**
   * The custom resource behind one construct, served by this provider, as the construct's `Resource` child.
   * It is the template `CustomResource` would render (service token, `ServiceTimeout`, DESTROY unless told
   * otherwise), built as a plain `CfnResource`: one construct less per resource, which at hundreds of
   * resources is a good part of a stack's synth time.
   *
   * @param scope the construct the resource belongs to.
   * @param resourceType the custom resource type, such as `Custom::InterconnectConnection`.
   * @param properties the resource's properties, besides the service token.
   * @param removalPolicy the resource's removal policy, DESTROY when not given.
   */
  public customResource(scope: Construct, resourceType: string, properties: { [key: string]: any },
    removalPolicy?: RemovalPolicy): CfnResource {
    // Only what the handlers read is rendered: an undefined property is left out here rather than dropped
    // by CDK at each of synth's three resolve passes, and so is a wait limit equal to the default the
    // handlers apply to an absent one (runtime/dispatch.ts, waitTimeoutMs).
    const rendered: { [key: string]: any } = { ServiceToken: this.serviceToken, ServiceTimeout: SERVICE_TIMEOUT };
    for (const key of Object.keys(properties)) {
      const value = properties[key];
      if (value === undefined || (key === WAIT_TIMEOUT_PROPERTY && value === DEFAULT_WAIT_TIMEOUT_SECONDS)) continue;
      rendered[key] = value;
    }
    const resource = new CfnResource(scope, 'Resource', { type: resourceType, properties: rendered });
    resource.applyRemovalPolicy(removalPolicy, { default: RemovalPolicy.DESTROY });
    return resource;
  }

  /**
   * Allow the handlers some actions on some resources, merged with every other construct's grants. onEvent
   * gets them all; isComplete only those it performs.
   *
   * @param grant the actions, the resources, and the pattern they collapse to.
   */
  public grant(grant: ScopedGrant): void {
    this.onEventGrants.add(grant);
    const isCompleteActions = grant.actions.filter(isCompleteMay);
    if (isCompleteActions.length > 0) {
      this.isCompleteGrants.add(isCompleteActions.length === grant.actions.length ? grant : { ...grant, actions: isCompleteActions });
    }
    this.grantsPolicies();
  }

  private reconfigure(props: HybridConnectivityProviderProps): void {
    const where = `HybridConnectivityProvider.configure for stack ${Stack.of(this).node.path}`;
    if (this.configured) {
      throw new Error(`${where} was called a second time. Call it once per stack, with every setting in that one call.`);
    }
    if (this.exposedBy) {
      throw new Error(`${where} was called after the provider's ${this.exposedBy} was used, which the new settings would replace. ` +
        'Call configure before reading the provider\'s roles.');
    }
    this.configured = true;
    this.props = props;
    // Nothing outside holds the built resources (the service token is lazy, the grants are kept as data),
    // so they are built again with the new settings, and every grant made so far applied to them.
    for (const child of [...this.node.children]) this.node.tryRemoveChild(child.node.id);
    this.build();
    this.principal.replay();
    this.grantsPolicies();
  }

  private build(): void {
    const props = this.props;
    const stack = Stack.of(this);
    const key = props.encryptionKey;
    if (key) {
      // A key in this app gets the statement CloudWatch Logs needs; an imported key's policy must have it.
      key.grantEncryptDecrypt(new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`));
    }
    const logGroup = (id: string) => new logs.LogGroup(this, id, {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.DESTROY,
      encryptionKey: key,
    });

    const roles: HandlerRoles = {
      onEvent: props.onEventRole ?? new iam.Role(this, 'OnEventRole', {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: 'Runs the cdk-hybrid-connectivity onEvent handler: create, update and delete.',
      }),
      isComplete: props.isCompleteRole ?? new iam.Role(this, 'IsCompleteRole', {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: 'Runs the cdk-hybrid-connectivity isComplete handler: reads, and the writes listed in its policy.',
      }),
    };
    const handlerLogs = logGroup('HandlerLogs');
    handlerLogs.grantWrite(roles.onEvent);
    handlerLogs.grantWrite(roles.isComplete);

    const code = HandlerFunction.bundle();
    const common = {
      code,
      logGroup: handlerLogs,
      memorySize: 256,
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroups: props.securityGroups,
      environmentEncryption: key,
    };
    const onEvent = new HandlerFunction(this, 'OnEvent', {
      ...common,
      entryPoint: 'onEvent',
      role: roles.onEvent,
      timeout: Duration.seconds(ON_EVENT_TIMEOUT_SECONDS),
      description: 'cdk-hybrid-connectivity: starts create, update and delete of every resource type.',
    });
    const isComplete = new HandlerFunction(this, 'IsComplete', {
      ...common,
      entryPoint: 'isComplete',
      role: roles.isComplete,
      timeout: Duration.seconds(IS_COMPLETE_TIMEOUT_SECONDS),
      description: 'cdk-hybrid-connectivity: reports when a resource has reached a stable state.',
    });

    const framework = new cr.Provider(this, 'Provider', {
      onEventHandler: onEvent,
      isCompleteHandler: isComplete,
      queryInterval: Duration.seconds(PROVIDER_QUERY_INTERVAL_SECONDS),
      totalTimeout: Duration.seconds(PROVIDER_TOTAL_TIMEOUT_SECONDS),
      logGroup: logGroup('FrameworkLogs'),
      vpc: props.vpc,
      vpcSubnets: props.vpcSubnets,
      securityGroups: props.securityGroups,
      frameworkOnEventRole: props.frameworkOnEventRole,
      frameworkCompleteAndTimeoutRole: props.frameworkCompleteAndTimeoutRole,
      providerFunctionEnvEncryption: key,
      // Every event, but never the execution data: the waiter's input and output carry each response's
      // Data, the NoEcho activation key among them.
      disableWaiterStateMachineLogging: false,
      waiterStateMachineLogOptions: { destination: logGroup('WaiterLogs'), level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    this.built = { roles, onEvent, isComplete, framework };

    if (props.permissionsBoundary) iam.PermissionsBoundary.of(this).apply(props.permissionsBoundary);
    this.acknowledgeFixedFindings();
  }

  /**
   * The handlers' grants live in a policy of their own per role, whose document is rendered at synth
   * time, when every construct has made its grants and the size budget can be applied to the whole. Each
   * is a plain AWS::IAM::Policy rather than statements on the role's default policy, so that CDK's statement
   * minimization (`@aws-cdk/aws-iam:minimizePolicies`) never has to merge lists it cannot see yet.
   */
  private grantsPolicies(): void {
    const { roles, onEvent, isComplete } = this.built;
    this.grantsPolicy('OnEventGrants', 'HybridConnectivityOnEventGrants', this.onEventGrants, roles.onEvent, onEvent);
    this.grantsPolicy('IsCompleteGrants', 'HybridConnectivityIsCompleteGrants', this.isCompleteGrants, roles.isComplete, isComplete);
  }

  private grantsPolicy(id: string, policyName: string, grants: HandlerGrants, role: iam.IRole, fn: HandlerFunction): void {
    if (grants.isEmpty || this.node.tryFindChild(id)) return;
    const policy = new iam.CfnPolicy(this, id, {
      policyName,
      roles: [role.roleName],
      policyDocument: Lazy.any({ produce: () => grants.render() }),
    });
    // The handler must not run before its permissions exist.
    fn.node.addDependency(policy);
  }

  /** The findings whose ids are known when the provider is built. */
  private acknowledgeFixedFindings(): void {
    const { onEvent, isComplete, framework } = this.built;
    for (const fn of [onEvent, isComplete]) acknowledge(fn.node.defaultChild as CfnResource, { id: 'AwsSolutions-L1', reason: NAG_REASONS.ownFunction });
    for (const child of framework.node.findAll()) {
      if (!(child instanceof CfnResource)) continue;
      if (child.cfnResourceType === 'AWS::Lambda::Function') acknowledge(child, { id: 'AwsSolutions-L1', reason: NAG_REASONS.frameworkFunction });
      if (child instanceof iam.CfnRole && JSON.stringify(Stack.of(this).resolve(child.managedPolicyArns) ?? []).includes('AWSLambdaBasicExecutionRole')) {
        acknowledge(child, {
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
          reason: NAG_REASONS.frameworkRole,
        });
      }
      if (child.cfnResourceType === 'AWS::StepFunctions::StateMachine') acknowledge(child, { id: 'AwsSolutions-SF2', reason: NAG_REASONS.waiterTracing });
    }
  }

  /** The wildcard findings, whose ids depend on every construct's grants. */
  private acknowledgeWildcardFindings(): void {
    const frameworkPath = `${this.built.framework.node.path}/`;
    for (const child of this.node.findAll()) {
      if (!(child instanceof iam.CfnPolicy)) continue;
      if (child.node.path.startsWith(`${frameworkPath}waiter-state-machine/`)) {
        acknowledgeWildcards(child, NAG_PATTERNS.OWN_FUNCTION_VERSIONS, NAG_REASONS.frameworkPolicy);
        // Only the log-delivery statement has "*" here: the waiter's own statements name its functions.
        acknowledgeWildcards(child, NAG_PATTERNS.LOG_DELIVERY, NAG_REASONS.waiterLogDelivery);
      } else if (child.node.path.startsWith(frameworkPath)) {
        acknowledgeWildcards(child, NAG_PATTERNS.OWN_FUNCTION_VERSIONS, NAG_REASONS.frameworkPolicy);
      } else {
        acknowledgeWildcards(child, NAG_PATTERNS.HANDLER_POLICY_PATTERN, NAG_REASONS.handlerPolicy);
      }
    }
  }
}
