import { randomBytes, randomUUID } from 'crypto';
import { AuditTrail } from './audit-trail';
import { IntrinsicResolver, ResolvableResource } from './intrinsic-resolver';
import { LambdaService, ProviderHandlers } from './lambda-service';
import {
  ExecuteOptions, InvocationCounts, ProviderFailure, ProviderFramework, ProviderOutcome, ProviderRequest, RequestCancelled,
} from './provider-framework';
import { AssemblyStack, CfnResource, readCloudAssembly, selectStacks } from './read-cloud-assembly';
import { resourceDependencies } from './resource-dependencies';
import { runGraph } from './run-graph';
import { RunnerClock, SteppableClock, SteppedClock, WallClock } from './runner-clock';
import { loadRunnerState, ResourceRecord, RunnerState, sameEnvironment, saveRunnerState, StackRecord } from './runner-state';
import { simulatedAttribute } from './simulated-attribute';
import { simulatedPhysicalId } from './simulated-physical-id';
import { functionsOfAssemblyStack, functionsOfStackRecord, StackFunctions } from './stack-functions';
import { withAwsEnvironment } from './with-aws-environment';
import { withHandlerOutput } from './with-handler-output';
import { PROVIDER_ID } from '../../src/provider/hybrid-connectivity-provider';

export interface LifecycleRunnerOptions {
  /** The local emulator's URL, set as AWS_ENDPOINT_URL while handlers run. @default - AWS_ENDPOINT_URL untouched */
  readonly endpoint?: string;
  /**
   * Test override: real ms between the waiter's isComplete attempts instead of the template's Retry
   * interval. Prefer `clock` with the emulator's clock, which runs the template's own interval.
   * @default - the template's interval, on the runner clock
   */
  readonly pollIntervalMs?: number;
  /**
   * Test override of the Provider's totalTimeout: the waiter's Retry MaxAttempts becomes this over the
   * interval, as the Provider construct computes it. @default - the template's MaxAttempts
   */
  readonly maxWaitMs?: number;
  /**
   * The clock the waiter's waits and ServiceTimeout follow. Give the emulator's clock (frozen, for
   * determinism) and every wait moves it on instead of sleeping. Lambda timeouts follow wall time always.
   * @default - wall time
   */
  readonly clock?: SteppableClock;
  /** Test override of our functions' Lambda timeout. @default - each function's Timeout in the template */
  readonly invocationTimeoutMs?: number;
  /** A fresh execution environment (worker) for every invocation instead of warm ones. @default false */
  readonly cold?: boolean;
  /**
   * Deliver every request to the framework's onEvent twice (the same event), as Lambda's asynchronous
   * invocation may: the handlers must make nothing twice. @default false
   */
  readonly duplicateDelivery?: boolean;
  /** A copy of the framework runtime to run instead of the one the template's assets name (tests). @default - the template's */
  readonly frameworkRuntimeDirectory?: string;
  /** Custom resources handled at the same time within a stack. @default 10 */
  readonly concurrency?: number;
  /** Time between two progress lines for one waiting resource. @default 1000 */
  readonly progressIntervalMs?: number;
  /** Where the runner's lines go. @default console.log */
  readonly log?: (line: string) => void;
  /**
   * Where the handlers' own stdout and stderr go while the runner drives them (their CloudWatch Logs, in
   * the cloud), e.g. `() => {}` to keep a demo's output to the runner's lines.
   * @default - the process's stdout and stderr
   */
  readonly handlerLog?: (line: string) => void;
  /**
   * In-process fake handlers instead of the bundle in workers: ONLY for the runner's own unit tests
   * (test/local/runner/fake-lambda.ts). They read `process.env`, which the runner then points at the
   * stack's region, account and the endpoint while it runs. @default - the bundle, in worker threads
   */
  readonly handlers?: ProviderHandlers;
  /** Another handler bundle (exporting `onEvent` and `isComplete`) to run. @default - the one the template's assets name */
  readonly handlerBundle?: string;
  /** Attribute names printed in clear even when the handler asked for NoEcho. @default - none */
  readonly revealAttributes?: string[];
  /** Also print every simulated resource, not only their count. @default false */
  readonly verbose?: boolean;
  /** A state to continue from, e.g. loaded from a file. @default - nothing deployed */
  readonly state?: RunnerState;
  /**
   * What happens to the creates and updates still in progress when a resource of the stack fails:
   * 'cancel' does what CloudFormation does (they fail as "Resource creation cancelled", and the rollback
   * sends their Delete at once, while the cancelled work may still run); 'finish' waits for each to end
   * first, as the runner used to. @default 'cancel'
   */
  readonly inFlightOnFailure?: 'cancel' | 'finish';
}

export interface DeployOptions {
  /** Deploy only these stacks (by stack name, artifact id or display name) and the stacks they depend on. */
  readonly stacks?: string[];
  /** Template parameter values by stack name, overriding the parameters' defaults. */
  readonly parameters?: Record<string, Record<string, string>>;
}

export interface DestroyOptions {
  /** Destroy only these stacks and the stacks that depend on them. @default - every deployed stack */
  readonly stacks?: string[];
}

/** What the runner did to one resource. */
export type RunnerAction =
  | 'create' | 'update' | 'delete' | 'simulate' | 'retain'
  | 'cleanup-delete' | 'rollback-update' | 'rollback-delete';

export interface RunnerEvent {
  readonly stack: string;
  readonly logicalId: string;
  readonly resourceType: string;
  readonly action: RunnerAction;
  readonly status: 'succeeded' | 'failed';
  readonly physicalId?: string;
  /** On an update that replaced the resource: the physical id it had before. */
  readonly replacedPhysicalId?: string;
  readonly reason?: string;
  readonly invocations: InvocationCounts;
  readonly durationMs: number;
}

export interface RunResult {
  readonly ok: boolean;
  /** The first failure: the one that stopped the operation. */
  readonly failed?: { readonly stack: string; readonly logicalId: string; readonly reason: string };
  /** A failure was rolled back, and the rollback itself succeeded. */
  readonly rolledBack: boolean;
  readonly events: RunnerEvent[];
  /** Handler invocations per resource, keyed `<stack>/<logicalId>`. */
  readonly invocations: Record<string, InvocationCounts>;
  /** Problems that did not fail the operation (cleanup deletes, rollback steps). */
  readonly warnings: string[];
}

const DEFAULT_CONCURRENCY = 10;
const DEFAULT_PROGRESS_INTERVAL_MS = 1000;
const MASK = '****';
const MAX_PRINTED_VALUE = 160;
/** Matches any presigned-looking URL, so a handler that echoes its ResponseURL cannot make us print it. */
const PRESIGNED_URL = /https:\/\/[^\s"']*X-Amz-[^\s"']*/g;

/**
 * CloudFormation's status reasons for the operations it cancels when another resource fails. Creation:
 * https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/1814 (CREATE_FAILED "Resource creation
 * cancelled" for a custom resource in flight, then DELETE_IN_PROGRESS) and https://github.com/aws/aws-cdk/issues/26139
 * ("canceled the creation of the custom resource ("Resource creation cancelled") and then called the lambda with a
 * delete event"). Update: assumed by analogy ("Resource update cancelled").
 */
const CANCELLED_REASON = { Create: 'Resource creation cancelled', Update: 'Resource update cancelled', Delete: 'Resource deletion cancelled' } as const;
/**
 * CloudFormation refuses a changed ServiceToken on update: UPDATE_FAILED with this reason, then the update rolls back
 * (https://github.com/aws-solutions/aws-waf-security-automations/issues/114, https://github.com/cloudcomponents/cdk-constructs/issues/197,
 * https://github.com/serverless/serverless/issues/9240).
 */
const SERVICE_TOKEN_CHANGED = 'Modifying service token is not allowed.';
/** CloudFormation's `ServiceTimeout` when the template sets none, and its range (CfnCustomResourceProps docs: "1 to 3600"). */
const DEFAULT_SERVICE_TIMEOUT_SECONDS = 3600;

/** A resource's change within one stack update, kept for rollback and cleanup. */
interface Change {
  readonly old?: ResourceRecord;
  readonly current: ResourceRecord;
}

interface StackPlan {
  /** New logical ids (or a failed Create that left a physical resource behind). */
  readonly created: Map<string, ResourceRecord>;
  /** Updated in place, including a failed in-place update. */
  readonly updated: Map<string, Change>;
  /** Replaced: a new physical resource now stands next to the old one. */
  readonly replaced: Map<string, Change>;
  readonly simulated: Set<string>;
}

interface StackFailure {
  readonly logicalId: string;
  readonly reason: string;
}

/**
 * Drives this library's custom resources through the bundled handler code the way CloudFormation and the
 * aws-cdk-lib Provider framework do (Create in dependency order, Update with replacement and cleanup,
 * Delete, rollback), against whatever endpoint the handlers are pointed at. Every other resource of the
 * template is simulated: it gets a fake physical id and attributes so references resolve.
 */
export class LifecycleRunner {
  private readonly stacks = new Map<string, StackRecord>();
  /**
   * Everything the framework and the handlers left where a reader of the account could see it: execution
   * inputs, Retry payloads, framework and handler logs, invoke payloads and results, response bodies.
   */
  public readonly audit = new AuditTrail();
  private readonly framework: ProviderFramework;
  private readonly lambda: LambdaService;
  private readonly clock: RunnerClock;
  private readonly knownStacks = new Map<string, AssemblyStack>();
  private readonly log: (line: string) => void;
  private readonly concurrency: number;
  private readonly progressIntervalMs: number;
  private readonly reveal: Set<string>;
  private readonly progressPrinted = new WeakMap<ProviderRequest, number>();
  private printing = false;

  constructor(private readonly options: LifecycleRunnerOptions = {}) {
    this.log = options.log ?? ((line) => console.log(line));
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.progressIntervalMs = options.progressIntervalMs ?? DEFAULT_PROGRESS_INTERVAL_MS;
    this.reveal = new Set(options.revealAttributes ?? []);
    if (options.state) this.adoptState(options.state);
    this.clock = options.clock ? new SteppedClock(options.clock) : new WallClock();
    this.lambda = new LambdaService({
      audit: this.audit,
      endpoint: options.endpoint,
      handlerBundle: options.handlerBundle,
      frameworkRuntimeDirectory: options.frameworkRuntimeDirectory,
      handlers: options.handlers,
      cold: options.cold,
      invocationTimeoutMs: options.invocationTimeoutMs,
      handlerLog: options.handlerLog,
      outbound: (stack) => this.framework.outboundFor(stack),
    });
    this.framework = new ProviderFramework({
      lambda: this.lambda,
      clock: this.clock,
      audit: this.audit,
      functions: (request) => this.functionsFor(request),
      duplicateDelivery: options.duplicateDelivery,
      pollIntervalMs: options.pollIntervalMs,
      maxWaitMs: options.maxWaitMs,
      onWaiting: (request, elapsedMs) => this.progress(request, elapsedMs),
    });
  }

  /** Resolves when all framework work still running in the background (waiters, invocations) has ended. */
  public drain(): Promise<void> {
    return this.framework.drain();
  }

  /** Ends every Lambda execution environment (worker thread). Call it when done with the runner. */
  public async close(): Promise<void> {
    await this.lambda.close();
  }

  /** A copy of everything deployed: stacks, resources, physical ids, attributes, properties, outputs. */
  public get state(): RunnerState {
    const stacks: Record<string, StackRecord> = {};
    for (const [name, record] of this.stacks) stacks[name] = record;
    return JSON.parse(JSON.stringify({ version: 1, stacks }));
  }

  /** The resolved Outputs of a deployed stack, in clear. */
  public outputs(stackName: string): Record<string, string> {
    const record = this.stacks.get(stackName);
    if (!record) throw new Error(`Stack ${stackName} is not deployed; deployed: ${[...this.stacks.keys()].join(', ') || 'none'}.`);
    return { ...record.outputs };
  }

  public saveState(file: string): void {
    saveRunnerState(file, this.state);
  }

  /** Replace the in-memory state with the one in `file` (empty when the file does not exist). */
  public loadState(file: string): void {
    this.adoptState(loadRunnerState(file));
  }

  /**
   * Deploy the stacks of a cloud assembly: stacks not deployed yet are created, deployed ones are updated,
   * like `cdk deploy`. Stops at the first stack that fails, after rolling that stack back.
   * Throws only when the assembly cannot be read or a named stack does not exist.
   */
  public async deploy(assemblyDirectory: string, options: DeployOptions = {}): Promise<RunResult> {
    const stacks = selectStacks(readCloudAssembly(assemblyDirectory), options.stacks);
    const run = new RunRecorder();
    for (const stack of stacks) {
      const parameters = options.parameters?.[stack.stackName] ?? options.parameters?.[stack.artifactId];
      const ok = await this.inHandlerEnvironment(stack.region, () => this.afterBackgroundWork(this.deployStack(stack, run, parameters)));
      if (!ok) break;
    }
    return run.result();
  }

  /** Update deployed stacks to a new cloud assembly. The same operation as {@link deploy}. */
  public async update(assemblyDirectory: string, options: DeployOptions = {}): Promise<RunResult> {
    return this.deploy(assemblyDirectory, options);
  }

  /** Delete deployed stacks, dependents first, each in reverse dependency order. */
  public async destroy(options: DestroyOptions = {}): Promise<RunResult> {
    const run = new RunRecorder();
    const selected = this.stacksToDestroy(options.stacks);
    for (const name of selected) {
      const record = this.stacks.get(name)!;
      const inUse = this.exportsInUse(record, new Set(selected), record.exports, {});
      if (inUse) {
        this.print(`✗ Stack ${name} cannot be destroyed: ${inUse}`);
        run.fail(name, '', inUse);
        break;
      }
      const ok = await this.inHandlerEnvironment(record.region, () => this.afterBackgroundWork(this.destroyStack(record, run)));
      if (!ok) break;
    }
    return run.result();
  }

  /**
   * The operation's result, once the work CloudFormation stopped waiting for (cancelled creates, requests past
   * their ServiceTimeout) has ended too: the handlers keep the operation's environment meanwhile, so that their
   * late calls still reach the endpoint. What that work answers is ignored, as CloudFormation ignores it.
   */
  private async afterBackgroundWork<T>(operation: Promise<T>): Promise<T> {
    try {
      return await operation;
    } finally {
      await this.framework.drain();
    }
  }

  private async deployStack(stack: AssemblyStack, run: RunRecorder, parameters?: Record<string, string>): Promise<boolean> {
    const prev = this.stacks.get(stack.stackName);
    const stackId = prev?.stackId ?? `arn:aws:cloudformation:${stack.region}:${stack.account}:stack/${stack.stackName}/${randomUUID()}`;
    const working = new Map<string, ResourceRecord>(Object.entries(prev?.resources ?? {}));
    const resolver = this.resolverFor(stack, stackId, working, parameters);
    const plan: StackPlan = { created: new Map(), updated: new Map(), replaced: new Map(), simulated: new Set() };
    this.print(`${prev ? 'Updating' : 'Creating'} stack ${stack.stackName} (${stack.region})`);

    let desired: Record<string, CfnResource>;
    let deps: Map<string, Set<string>>;
    try {
      desired = Object.fromEntries(Object.entries(stack.template.Resources ?? {})
        .filter(([, r]) => !r.Condition || resolver.condition(r.Condition)));
      // CloudFormation refuses this before it touches anything: a ValidationError of UpdateStack / CreateChangeSet
      // that `cdk deploy` users quote verbatim, and that Eucalyptus's CloudFormation implementation throws from its
      // template diff. That it applies between two custom resource types too is assumed.
      const retyped = Object.keys(desired).filter((id) => prev?.resources[id] && prev.resources[id].type !== desired[id].Type);
      if (retyped.length > 0) {
        throw new Error(`Update of resource type is not permitted. The new template modifies resource type of the following resources: [${retyped.join(', ')}]`);
      }
      deps = resourceDependencies(desired);
    } catch (err) {
      const reason = this.scrub(reasonOf(err));
      this.print(`✗ Stack ${stack.stackName} is invalid: ${reason}`);
      run.fail(stack.stackName, '', reason);
      return false;
    }

    const ids = Object.keys(desired);
    const graph = await runGraph(ids, (id) => deps.get(id) ?? [], this.concurrency,
      (id, signal) => this.applyResource(stack, stackId, id, desired[id], [...(deps.get(id) ?? [])], working, resolver, plan, run, signal),
      { cancelOnFailure: this.options.inFlightOnFailure !== 'finish' });

    let failure: StackFailure | undefined = graph.failures.length > 0
      ? { logicalId: graph.failures[0].id, reason: this.scrub(reasonOf(graph.failures[0].error)) }
      : undefined;
    let outputs: Record<string, string> = {};
    let exports: Record<string, string> = {};
    let exportNames: Record<string, string> = {};
    if (!failure) {
      try {
        ({ outputs, exports, exportNames } = this.resolveOutputs(stack, resolver));
        const inUse = this.exportsInUse(prev, new Set([stack.stackName]), prev?.exports ?? {}, exports);
        if (inUse) failure = { logicalId: '', reason: inUse };
      } catch (err) {
        failure = { logicalId: '', reason: this.scrub(reasonOf(err)) };
      }
    }

    if (failure) {
      run.fail(stack.stackName, failure.logicalId, failure.reason);
      this.print(`Rolling back stack ${stack.stackName}: ${failure.logicalId ? `${failure.logicalId}: ` : ''}${failure.reason}`);
      const clean = prev
        ? await this.rollbackUpdate(stack, prev, plan, deps, run)
        : await this.rollbackCreate(stack, stackId, plan, deps, run);
      run.rolledBack = clean;
      this.print(`Stack ${stack.stackName}: ${clean ? 'rolled back' : 'rollback incomplete, see warnings'}`);
      return false;
    }

    const cleanup = await this.cleanup(stack, prev, desired, plan, run);
    const masked = new Set(Object.keys(outputs).filter((key) => this.sensitiveReferences(stack.template.Outputs?.[key]?.Value, working, stack)));
    const record: StackRecord = {
      stackName: stack.stackName,
      artifactId: stack.artifactId,
      stackId,
      region: stack.region,
      account: stack.account,
      dependencies: stack.dependencies.map((d) => this.stackNameOf(d)),
      resources: Object.fromEntries(ids.map((id) => [id, working.get(id)!])),
      outputs,
      exports,
      imports: [...resolver.imports].sort(),
      maskedExports: Object.entries(exportNames).filter(([key]) => masked.has(key)).map(([, name]) => name),
    };
    this.stacks.set(stack.stackName, record);
    this.printOutputs(stack, record, masked);
    const changes = [`${plan.created.size} created`, `${plan.updated.size} updated`, `${plan.replaced.size} replaced`,
      `${cleanup} deleted`, `${plan.simulated.size} simulated`];
    this.print(`Stack ${stack.stackName} ${prev ? 'updated' : 'created'} (${changes.join(', ')})`);
    return true;
  }

  private async applyResource(
    stack: AssemblyStack, stackId: string, id: string, def: CfnResource, dependsOn: string[],
    working: Map<string, ResourceRecord>, resolver: IntrinsicResolver, plan: StackPlan, run: RunRecorder, signal?: AbortSignal,
  ): Promise<void> {
    const old = working.get(id);
    const ours = this.isOurs(stack, def);
    const action: RunnerAction = old && old.simulated === !ours && old.type === def.Type ? 'update' : 'create';
    let properties: Record<string, unknown>;
    try {
      const resolved = (resolver.resolve(def.Properties ?? {}) ?? {}) as Record<string, unknown>;
      // CloudFormation hands custom resources every scalar property as a string.
      properties = ours ? toWireValue(resolved) as Record<string, unknown> : resolved;
    } catch (err) {
      const reason = this.scrub(reasonOf(err));
      run.event({ stack: stack.stackName, logicalId: id, resourceType: def.Type, action, status: 'failed', reason, invocations: zero(), durationMs: 0 });
      this.print(`  ✗ ${id} (${def.Type}) ${action} failed: ${reason}`);
      throw new Error(reason);
    }
    const base = {
      logicalId: id,
      type: def.Type,
      properties,
      deletionPolicy: def.DeletionPolicy,
      updateReplacePolicy: def.UpdateReplacePolicy,
      dependsOn,
    };

    // The resource type is unchanged here (a changed one was refused before the update began).
    if (old && isCustomResourceType(def.Type) && String(old.properties.ServiceToken) !== String(properties.ServiceToken)) {
      run.event({ stack: stack.stackName, logicalId: id, resourceType: def.Type, action: 'update', status: 'failed', physicalId: old.physicalId, reason: SERVICE_TOKEN_CHANGED, invocations: zero(), durationMs: 0 });
      this.print(`  ✗ ${id} (${def.Type}) update failed: ${SERVICE_TOKEN_CHANGED}`);
      throw new Error(SERVICE_TOKEN_CHANGED);
    }

    if (!ours) {
      const simulatedId = simulatedPhysicalId(def.Type, id, properties, { region: stack.region, account: stack.account });
      working.set(id, { ...base, physicalId: simulatedId, attributes: {}, simulated: true, noEcho: false });
      if (old && !old.simulated) plan.replaced.set(id, { old, current: working.get(id)! });
      if (!old || canonicalJson(old.properties) !== canonicalJson(properties) || !old.simulated) {
        plan.simulated.add(id);
        run.event({ stack: stack.stackName, logicalId: id, resourceType: def.Type, action: 'simulate', status: 'succeeded', physicalId: simulatedId, invocations: zero(), durationMs: 0 });
        if (this.options.verbose) this.print(`  ~ ${id} (${def.Type}) simulated: ${simulatedId}`);
      }
      return;
    }

    const serviceToken = String(properties.ServiceToken);
    const wait: ExecuteOptions = { signal, serviceTimeoutMs: serviceTimeoutMs(properties) };
    if (action === 'create') {
      const request: ProviderRequest = { requestType: 'Create', resourceType: def.Type, logicalId: id, stackId, serviceToken, properties };
      try {
        const outcome = await this.call(stack, 'create', request, run, undefined, wait);
        const record = this.recordFrom(base, outcome);
        working.set(id, record);
        if (old) plan.replaced.set(id, { old, current: record });
        else plan.created.set(id, record);
        this.printResource(record);
      } catch (err) {
        // A Create that failed after onEvent started the work leaves a physical resource to roll back. One that
        // CloudFormation gave up on (cancelled, or no response within ServiceTimeout) has no physical id it knows
        // of: its rollback Delete carries one CloudFormation made up, while the create may still be running.
        const gaveUp = err instanceof RequestCancelled || (err instanceof ProviderFailure && !err.physicalId);
        const reported = err instanceof ProviderFailure ? err.physicalId : undefined;
        const physicalId = reported || (gaveUp ? generatedPhysicalId(stack.stackName, id) : undefined);
        if (physicalId) {
          const leftover: ResourceRecord = { ...base, physicalId, attributes: {}, simulated: false, noEcho: false };
          if (old) plan.replaced.set(id, { old, current: leftover });
          else plan.created.set(id, leftover);
        }
        throw err;
      }
      return;
    }

    if (canonicalJson(old!.properties) === canonicalJson(properties)) {
      working.set(id, { ...old!, deletionPolicy: def.DeletionPolicy, updateReplacePolicy: def.UpdateReplacePolicy, dependsOn });
      return;
    }
    const request: ProviderRequest = {
      requestType: 'Update',
      resourceType: def.Type,
      logicalId: id,
      stackId,
      serviceToken,
      physicalId: old!.physicalId,
      properties,
      oldProperties: old!.properties,
    };
    try {
      const outcome = await this.call(stack, 'update', request, run, old!.physicalId, wait);
      const record = this.recordFrom(base, outcome);
      working.set(id, record);
      if (record.physicalId !== old!.physicalId) plan.replaced.set(id, { old: old!, current: record });
      else plan.updated.set(id, { old: old!, current: record });
      this.printResource(record);
    } catch (err) {
      const failedId = err instanceof ProviderFailure ? err.physicalId : undefined;
      const current: ResourceRecord = { ...old!, ...base, physicalId: failedId ?? old!.physicalId };
      if (failedId && failedId !== old!.physicalId) plan.replaced.set(id, { old: old!, current });
      else plan.updated.set(id, { old: old!, current });
      throw err;
    }
  }

  /** CloudFormation after a failed stack create: delete what was made, in reverse dependency order. */
  private async rollbackCreate(
    stack: AssemblyStack, stackId: string, plan: StackPlan, deps: Map<string, Set<string>>, run: RunRecorder,
  ): Promise<boolean> {
    const doomed = new Map(plan.created);
    for (const [id, change] of plan.replaced) doomed.set(id, change.current);
    const leftovers = await this.deleteAll(stack.stackName, stackId, doomed, deps, 'rollback-delete', run);
    if (leftovers.size === 0) {
      this.stacks.delete(stack.stackName);
      return true;
    }
    this.stacks.set(stack.stackName, {
      stackName: stack.stackName,
      artifactId: stack.artifactId,
      stackId,
      region: stack.region,
      account: stack.account,
      dependencies: stack.dependencies.map((d) => this.stackNameOf(d)),
      resources: Object.fromEntries(leftovers),
      outputs: {},
      exports: {},
      imports: [],
    });
    return false;
  }

  /**
   * CloudFormation after a failed stack update: resources updated in place get an Update back to their old
   * properties (old and new swapped), in the old template's order; resources created or replaced by this
   * update are deleted, newest first; the old physical resources of replacements are kept. No cleanup runs.
   */
  private async rollbackUpdate(
    stack: AssemblyStack, prev: StackRecord, plan: StackPlan, deps: Map<string, Set<string>>, run: RunRecorder,
  ): Promise<boolean> {
    const restored = new Map<string, ResourceRecord>(Object.entries(prev.resources));
    let clean = true;

    const toRevert = [...plan.updated.keys()];
    const reverted = await runGraph(toRevert, (id) => prev.resources[id]?.dependsOn ?? [], this.concurrency, async (id) => {
      const { old, current } = plan.updated.get(id)!;
      const request: ProviderRequest = {
        requestType: 'Update',
        resourceType: current.type,
        logicalId: id,
        stackId: prev.stackId,
        serviceToken: String(old!.properties.ServiceToken),
        physicalId: current.physicalId,
        properties: old!.properties,
        oldProperties: current.properties,
      };
      const outcome = await this.call(stack, 'rollback-update', request, run, undefined, { serviceTimeoutMs: serviceTimeoutMs(old!.properties) });
      restored.set(id, { ...old!, physicalId: outcome.physicalId, attributes: outcome.data, noEcho: outcome.noEcho });
      if (outcome.physicalId !== current.physicalId) {
        run.warn(`${stack.stackName}/${id}: the rollback Update returned a new physical id ${outcome.physicalId}; ${current.physicalId} may be left behind.`);
      }
    });
    for (const f of reverted.failures) {
      clean = false;
      run.warn(`${stack.stackName}/${f.id}: rollback Update failed: ${this.scrub(reasonOf(f.error))}`);
    }
    for (const id of reverted.notStarted) {
      clean = false;
      run.warn(`${stack.stackName}/${id}: not rolled back because an earlier rollback step failed.`);
    }

    const doomed = new Map(plan.created);
    for (const [id, change] of plan.replaced) {
      if (!change.current.simulated) doomed.set(`${id}`, change.current);
    }
    const leftovers = await this.deleteAll(stack.stackName, prev.stackId, doomed, deps, 'rollback-delete', run);
    if (leftovers.size > 0) clean = false;
    for (const [id, record] of leftovers) {
      run.warn(`${stack.stackName}/${id}: ${record.physicalId} was created by the failed update and could not be deleted.`);
    }

    this.stacks.set(stack.stackName, { ...prev, resources: Object.fromEntries(restored) });
    return clean;
  }

  /**
   * CloudFormation's UPDATE_COMPLETE_CLEANUP_IN_PROGRESS: delete the old physical resources of
   * replacements and the resources removed from the template. Failures here do not fail the update.
   */
  private async cleanup(
    stack: AssemblyStack, prev: StackRecord | undefined, desired: Record<string, CfnResource>, plan: StackPlan, run: RunRecorder,
  ): Promise<number> {
    if (!prev) return 0;
    const doomed = new Map<string, ResourceRecord>();
    for (const [id, record] of Object.entries(prev.resources)) {
      if (!(id in desired)) doomed.set(id, record);
    }
    for (const [id, change] of plan.replaced) {
      const old = change.old!;
      // On replacement the old resource follows UpdateReplacePolicy, not DeletionPolicy.
      doomed.set(id, { ...old, deletionPolicy: old.updateReplacePolicy });
    }
    if (doomed.size === 0) return 0;
    const oldDeps = new Map([...doomed].map(([id, r]) => [id, new Set(r.dependsOn)]));
    const leftovers = await this.deleteAll(stack.stackName, prev.stackId, doomed, oldDeps, 'cleanup-delete', run);
    for (const [id, record] of leftovers) {
      run.warn(`${stack.stackName}/${id}: cleanup could not delete ${record.physicalId}; it is no longer managed.`);
    }
    return doomed.size - leftovers.size;
  }

  private async destroyStack(record: StackRecord, run: RunRecorder): Promise<boolean> {
    this.print(`Destroying stack ${record.stackName} (${record.region})`);
    const resources = new Map(Object.entries(record.resources));
    const deps = new Map([...resources].map(([id, r]) => [id, new Set(r.dependsOn)]));
    const leftovers = await this.deleteAll(record.stackName, record.stackId, resources, deps, 'delete', run);
    if (leftovers.size > 0) {
      const first = run.firstFailure();
      this.stacks.set(record.stackName, { ...record, resources: Object.fromEntries(leftovers) });
      this.print(`✗ Stack ${record.stackName}: destroy failed${first ? `: ${first.logicalId}: ${first.reason}` : ''}`);
      return false;
    }
    this.stacks.delete(record.stackName);
    this.print(`Stack ${record.stackName} destroyed`);
    return true;
  }

  /**
   * Delete resources so that nothing is deleted before the resources that depend on it. Returns the ones
   * still there afterwards. The first failure is recorded on the run for destroy; rollback and cleanup
   * turn failures into warnings.
   */
  private async deleteAll(
    stackName: string, stackId: string, resources: Map<string, ResourceRecord>, deps: Map<string, Set<string>>,
    action: RunnerAction, run: RunRecorder,
  ): Promise<Map<string, ResourceRecord>> {
    const remaining = new Map(resources);
    const ids = [...resources.keys()];
    const dependents = new Map<string, string[]>();
    for (const id of ids) {
      for (const d of deps.get(id) ?? []) dependents.set(d, [...(dependents.get(d) ?? []), id]);
    }
    const result = await runGraph(ids, (id) => dependents.get(id) ?? [], this.concurrency, async (id) => {
      await this.deleteResource(stackName, stackId, resources.get(id)!, action, run);
      remaining.delete(id);
    });
    for (const f of result.failures) {
      const reason = this.scrub(reasonOf(f.error));
      if (action === 'delete') run.fail(stackName, f.id, reason);
      else run.warn(`${stackName}/${f.id}: ${action} failed: ${reason}`);
    }
    return remaining;
  }

  private async deleteResource(
    stackName: string, stackId: string, record: ResourceRecord, action: RunnerAction, run: RunRecorder,
  ): Promise<void> {
    const base = {
      stack: stackName,
      logicalId: record.logicalId,
      resourceType: record.type,
      physicalId: record.physicalId,
      invocations: zero(),
      durationMs: 0,
    };
    if (record.simulated) {
      run.event({ ...base, action, status: 'succeeded' });
      if (this.options.verbose) this.print(`  ~ ${record.logicalId} (${record.type}) simulated delete`);
      return;
    }
    // RetainExceptOnCreate deletes what a failed operation created; Retain keeps even that.
    const retain = record.deletionPolicy === 'Retain' || (record.deletionPolicy === 'RetainExceptOnCreate' && action !== 'rollback-delete');
    if (retain) {
      run.event({ ...base, action: 'retain', status: 'succeeded' });
      this.print(`  = ${record.logicalId} (${record.type}) retained: ${record.physicalId}`);
      return;
    }
    await this.call({ stackName }, action, {
      requestType: 'Delete',
      resourceType: record.type,
      logicalId: record.logicalId,
      stackId,
      serviceToken: String(record.properties.ServiceToken),
      physicalId: record.physicalId,
      properties: record.properties,
    }, run, undefined, { serviceTimeoutMs: serviceTimeoutMs(record.properties) });
  }

  /** One request through the framework, with its event, invocation count and output line. */
  private async call(
    stack: { stackName: string }, action: RunnerAction, request: ProviderRequest, run: RunRecorder, previousId?: string,
    wait: ExecuteOptions = {},
  ): Promise<ProviderOutcome> {
    if ('template' in stack) this.knownStacks.set(stack.stackName, stack as AssemblyStack);
    const started = Date.now();
    const base = { stack: stack.stackName, logicalId: request.logicalId, resourceType: request.resourceType, action };
    const label = `${request.logicalId} (${request.resourceType})`;
    try {
      const outcome = await this.framework.execute(request, wait);
      const replaced = previousId !== undefined && outcome.physicalId !== previousId ? previousId : undefined;
      const durationMs = Date.now() - started;
      run.event({ ...base, status: 'succeeded', physicalId: outcome.physicalId, replacedPhysicalId: replaced, invocations: outcome.invocations, durationMs });
      const verb = replaced ? `replaced ${replaced} with` : PAST_TENSE[action];
      this.print(`  ✓ ${label} ${verb} ${outcome.physicalId} (${invocationSummary(outcome.invocations)}, ${seconds(durationMs)})`);
      return outcome;
    } catch (err) {
      const reason = err instanceof RequestCancelled ? CANCELLED_REASON[request.requestType] : this.scrub(reasonOf(err));
      const invocations = err instanceof ProviderFailure ? err.invocations : zero();
      run.event({ ...base, status: 'failed', physicalId: request.physicalId, reason, invocations, durationMs: Date.now() - started });
      this.print(`  ✗ ${label} ${action} failed: ${reason}`);
      if (err instanceof RequestCancelled) throw err;
      throw err instanceof ProviderFailure ? new ProviderFailure(reason, err.physicalId, err.invocations) : new Error(reason);
    }
  }

  private recordFrom(base: Omit<ResourceRecord, 'physicalId' | 'attributes' | 'simulated' | 'noEcho'>, outcome: ProviderOutcome): ResourceRecord {
    return { ...base, physicalId: outcome.physicalId, attributes: outcome.data, simulated: false, noEcho: outcome.noEcho };
  }

  private resolverFor(
    stack: AssemblyStack, stackId: string, working: Map<string, ResourceRecord>, parameters?: Record<string, string>,
  ): IntrinsicResolver {
    const env = { region: stack.region, account: stack.account };
    return new IntrinsicResolver({
      template: stack.template,
      region: stack.region,
      account: stack.account,
      stackName: stack.stackName,
      stackId,
      parameters,
      resource: (logicalId): ResolvableResource | undefined => {
        const record = working.get(logicalId);
        if (!record) return undefined;
        return {
          physicalId: record.physicalId,
          attribute: (name) => {
            if (record.simulated) return simulatedAttribute(record.type, record.physicalId, name, env);
            if (!(name in record.attributes)) {
              const known = Object.keys(record.attributes).sort().join(', ') || 'none';
              throw new Error(`Fn::GetAtt ${logicalId}.${name}: the ${record.type} handler returned no attribute ${name} (it returned: ${known}).`);
            }
            return record.attributes[name];
          },
        };
      },
      importValue: (name) => {
        for (const record of this.stacks.values()) {
          if (record.stackName !== stack.stackName && sameEnvironment(record, stack) && name in record.exports) return record.exports[name];
        }
        return undefined;
      },
    });
  }

  private resolveOutputs(stack: AssemblyStack, resolver: IntrinsicResolver): {
    outputs: Record<string, string>; exports: Record<string, string>; exportNames: Record<string, string>;
  } {
    const outputs: Record<string, string> = {};
    const exports: Record<string, string> = {};
    const exportNames: Record<string, string> = {};
    for (const [key, output] of Object.entries(stack.template.Outputs ?? {})) {
      if (output.Condition && !resolver.condition(output.Condition)) continue;
      const value = resolver.resolve(output.Value);
      const text = Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : JSON.stringify(value);
      outputs[key] = text;
      if (output.Export) {
        const name = String(resolver.resolve(output.Export.Name));
        if (name in exports) throw new Error(`Output ${key}: export ${name} is declared twice in stack ${stack.stackName}.`);
        for (const other of this.stacks.values()) {
          // Export names need only be unique within an account and region.
          if (other.stackName !== stack.stackName && sameEnvironment(other, stack) && name in other.exports) {
            throw new Error(`Output ${key}: export ${name} is already exported by stack ${other.stackName}.`);
          }
        }
        exports[name] = text;
        exportNames[key] = name;
      }
    }
    return { outputs, exports, exportNames };
  }

  /** CloudFormation refuses to change or remove an export another stack still imports. */
  private exportsInUse(
    stack: StackRecord | undefined, leaving: Set<string>, before: Record<string, string>, after: Record<string, string>,
  ): string | undefined {
    if (!stack) return undefined;
    for (const other of this.stacks.values()) {
      // Only a stack in the exporter's account and region can import its exports.
      if (leaving.has(other.stackName) || !sameEnvironment(other, stack)) continue;
      for (const name of other.imports) {
        if (!(name in before)) continue;
        if (!(name in after)) return `Export ${name} cannot be deleted as it is in use by ${other.stackName}.`;
        if (after[name] !== before[name]) return `Export ${name} cannot be updated as it is in use by ${other.stackName}.`;
      }
    }
    return undefined;
  }

  /** The named stacks and every deployed stack that depends on them, dependents first. */
  private stacksToDestroy(names?: string[]): string[] {
    const all = [...this.stacks.values()];
    let chosen: Set<string>;
    if (!names || names.length === 0) {
      chosen = new Set(all.map((s) => s.stackName));
    } else {
      chosen = new Set();
      for (const name of names) {
        const match = all.find((s) => s.stackName === name || s.artifactId === name);
        if (!match) throw new Error(`Stack ${name} is not deployed; deployed: ${all.map((s) => s.stackName).join(', ') || 'none'}.`);
        chosen.add(match.stackName);
      }
      let grew = true;
      while (grew) {
        grew = false;
        for (const s of all) {
          if (chosen.has(s.stackName)) continue;
          const importsChosen = s.imports.some((i) => all.some((c) => chosen.has(c.stackName) && sameEnvironment(c, s) && i in c.exports));
          if (s.dependencies.some((d) => chosen.has(d)) || importsChosen) {
            chosen.add(s.stackName);
            grew = true;
          }
        }
      }
    }
    const ordered: string[] = [];
    const visit = (name: string) => {
      if (ordered.includes(name) || !chosen.has(name)) return;
      for (const s of all) {
        if (s.dependencies.includes(name)) visit(s.stackName);
      }
      ordered.push(name);
    };
    for (const s of [...all].reverse()) visit(s.stackName);
    return ordered;
  }

  private isOurs(stack: AssemblyStack, def: CfnResource): boolean {
    if (!def.Type.startsWith('Custom::') && def.Type !== 'AWS::CloudFormation::CustomResource') return false;
    const token = def.Properties?.ServiceToken as unknown;
    let target: unknown;
    if (token && typeof token === 'object' && 'Fn::GetAtt' in token) {
      const arg = (token as Record<string, unknown>)['Fn::GetAtt'];
      target = typeof arg === 'string' ? arg.split('.') : arg;
    }
    if (!Array.isArray(target) || typeof target[0] !== 'string' || target[1] !== 'Arn') return false;
    const constructPath = stack.constructPaths[target[0]];
    return constructPath ? constructPath.split('/').includes(PROVIDER_ID) : target[0].startsWith(PROVIDER_ID);
  }

  private stackNameOf(artifactId: string): string {
    for (const record of this.stacks.values()) {
      if (record.artifactId === artifactId) return record.stackName;
    }
    return artifactId;
  }

  /**
   * The framework and handler functions of the request's stack: from the template when the runner has
   * read it in this process, else from the deployed state's resolved properties.
   */
  private functionsFor(request: ProviderRequest): StackFunctions {
    const stackName = [...this.stacks.values()].find((s) => s.stackId === request.stackId)?.stackName
      ?? /:stack\/([^/]+)\//.exec(request.stackId)?.[1] ?? '';
    const known = this.knownStacks.get(stackName);
    if (known) return functionsOfAssemblyStack(known, request.stackId);
    const record = this.stacks.get(stackName);
    if (record) return functionsOfStackRecord(record);
    throw new ProviderFailure(`The runner knows no stack ${stackName} to find the function of ServiceToken ${request.serviceToken} in.`, request.physicalId, zero());
  }

  private adoptState(state: RunnerState): void {
    this.stacks.clear();
    for (const [name, record] of Object.entries(JSON.parse(JSON.stringify(state.stacks)) as Record<string, StackRecord>)) {
      this.stacks.set(name, record);
    }
  }

  private progress(request: ProviderRequest, elapsedMs: number): void {
    const step = Math.max(1, this.progressIntervalMs);
    const bucket = Math.floor(elapsedMs / step);
    if (bucket < 1 || bucket <= (this.progressPrinted.get(request) ?? 0)) return;
    this.progressPrinted.set(request, bucket);
    this.print(`  … ${request.logicalId} (${request.resourceType}) waiting ${Math.round(elapsedMs / 1000)}s`);
  }

  private printResource(record: ResourceRecord): void {
    for (const [name, value] of Object.entries(record.attributes)) {
      const shown = record.noEcho && !this.reveal.has(name) ? MASK : printable(value);
      this.print(`      ${name} = ${shown}`);
    }
  }

  private printOutputs(stack: AssemblyStack, record: StackRecord, masked: Set<string>): void {
    const keys = Object.keys(record.outputs);
    if (keys.length === 0) return;
    this.print(`  Outputs of ${stack.stackName}:`);
    for (const key of keys) {
      this.print(`    ${key} = ${masked.has(key) ? MASK : printable(record.outputs[key])}`);
    }
  }

  /**
   * Whether an expression reads an attribute of a NoEcho resource that the caller did not ask to see,
   * directly or through another stack's export of one.
   */
  private sensitiveReferences(expression: unknown, working: Map<string, ResourceRecord>, env: { account: string; region: string }): boolean {
    const hidden = (logicalId: string, attribute: string) => working.get(logicalId)?.noEcho === true && !this.reveal.has(attribute);
    const maskedExports = new Set([...this.stacks.values()].filter((s) => sameEnvironment(s, env)).flatMap((s) => s.maskedExports ?? []));
    const visit = (value: unknown): boolean => {
      if (Array.isArray(value)) return value.some(visit);
      if (value === null || typeof value !== 'object') return false;
      const record = value as Record<string, unknown>;
      const imported = record['Fn::ImportValue'];
      if (typeof imported === 'string' && maskedExports.has(imported)) return true;
      const getAtt = record['Fn::GetAtt'];
      if (getAtt !== undefined) {
        const [logicalId, attribute] = typeof getAtt === 'string' ? getAtt.split('.') : (getAtt as string[]);
        if (typeof logicalId === 'string' && typeof attribute === 'string' && hidden(logicalId, attribute)) return true;
      }
      const sub = record['Fn::Sub'];
      const text = Array.isArray(sub) ? sub[0] : sub;
      if (typeof text === 'string') {
        for (const m of text.matchAll(/\$\{([^!.}]+)\.([^}]+)\}/g)) {
          if (hidden(m[1], m[2])) return true;
        }
      }
      return Object.values(record).some(visit);
    };
    return visit(expression);
  }

  /** In-process fake handlers (runner unit tests) read process.env and write to stdout; workers need neither. */
  private inHandlerEnvironment<T>(region: string, fn: () => Promise<T>): Promise<T> {
    if (!this.options.handlers) return fn();
    return withAwsEnvironment({ endpoint: this.options.endpoint, region },
      () => withHandlerOutput(this.options.handlerLog, () => this.printing, fn));
  }

  private print(line: string): void {
    this.printing = true;
    try {
      this.log(this.scrub(line));
    } finally {
      this.printing = false;
    }
  }

  /** The ResponseURL is a credential: whatever a handler puts in an error message, it never reaches output. */
  private scrub(text: string): string {
    let out = text;
    for (const url of this.framework?.responseUrls ?? []) out = out.split(url).join('<ResponseURL>');
    return out.replace(PRESIGNED_URL, '<presigned URL>');
  }
}

const PAST_TENSE: Record<RunnerAction, string> = {
  'create': 'created',
  'update': 'updated',
  'delete': 'deleted',
  'simulate': 'simulated',
  'retain': 'retained',
  'cleanup-delete': 'deleted (cleanup)',
  'rollback-update': 'rolled back',
  'rollback-delete': 'deleted (rollback)',
};

/** Collects what happened during one runner operation. */
class RunRecorder {
  public rolledBack = false;
  private readonly events: RunnerEvent[] = [];
  private readonly warnings: string[] = [];
  private failure?: { stack: string; logicalId: string; reason: string };

  public event(event: RunnerEvent): void {
    this.events.push(event);
  }

  public fail(stack: string, logicalId: string, reason: string): void {
    this.failure ??= { stack, logicalId, reason };
  }

  public firstFailure() {
    return this.failure;
  }

  public warn(message: string): void {
    this.warnings.push(message);
  }

  public result(): RunResult {
    const invocations: Record<string, InvocationCounts> = {};
    for (const e of this.events) {
      const key = `${e.stack}/${e.logicalId}`;
      const sum = invocations[key] ?? zero();
      invocations[key] = { onEvent: sum.onEvent + e.invocations.onEvent, isComplete: sum.isComplete + e.invocations.isComplete };
    }
    return {
      ok: this.failure === undefined,
      ...(this.failure ? { failed: this.failure } : {}),
      rolledBack: this.rolledBack,
      events: [...this.events],
      invocations,
      warnings: [...this.warnings],
    };
  }
}

/** CloudFormation's wire format for custom-resource properties: numbers and booleans arrive as strings. */
function toWireValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toWireValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toWireValue(v)]));
  }
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value;
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]]))
    : v));
}

function printable(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_PRINTED_VALUE ? `${text.slice(0, MAX_PRINTED_VALUE)}… (${text.length} chars)` : text;
}

function invocationSummary(counts: InvocationCounts): string {
  return `onEvent ${counts.onEvent}, isComplete ${counts.isComplete}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

function reasonOf(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

function zero(): InvocationCounts {
  return { onEvent: 0, isComplete: 0 };
}

function isCustomResourceType(type: string): boolean {
  return type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';
}

/** The custom resource's `ServiceTimeout` (seconds, 1 to 3600) in milliseconds; CloudFormation's default when unset or out of range. */
function serviceTimeoutMs(properties: Record<string, unknown>): number {
  const value = Number(properties.ServiceTimeout);
  const valid = Number.isInteger(value) && value >= 1 && value <= DEFAULT_SERVICE_TIMEOUT_SECONDS;
  return (valid ? value : DEFAULT_SERVICE_TIMEOUT_SECONDS) * 1000;
}

/**
 * The physical id CloudFormation makes up for a custom resource that never answered (a create it cancelled, or
 * one that timed out): the rollback's Delete carries it. That such an id exists and is sent:
 * https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/1814, https://github.com/remind101/empire/issues/918
 * ("it will send a Delete request with an autogenerated PhysicalResourceId"), https://github.com/binxio/cfn-certificate-provider/issues/31
 * ("issue delete statements on outstanding resource creations even if the create has succeeded. It then passes in
 * it's self generated physical resource id"). Its format is assumed: stack name, logical id and 12 random
 * characters, as CloudFormation names resources it names itself; handlers must not rely on it.
 */
function generatedPhysicalId(stackName: string, logicalId: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const suffix = [...randomBytes(12)].map((b) => alphabet[b % alphabet.length]).join('');
  return `${stackName}-${logicalId}-${suffix}`;
}
