import { randomUUID } from 'crypto';
import { CfnResource, CustomResource, Duration, Stack } from 'aws-cdk-lib';
import { addBreaker, Cell, STACK } from './harness';
import type { FaultRule } from '../../local/emulator/fault-rule';
import { LifecycleRunner, RunResult } from '../../local/runner/lifecycle-runner';
import { CREATE_FAILED_PHYSICAL_ID_MARKER, MAX_RESPONSE_BYTES } from '../../local/runner/provider-framework';
import { HybridConnectivityProvider } from '../../src/provider/hybrid-connectivity-provider';

/**
 * The rows of the fault matrix. Each one drives a real lifecycle of one construct through the bundled
 * handlers and the lifecycle runner against the emulator, and says what must have happened: how the
 * resource ended, what the emulator holds, and (for failures) that the reason names the state or error.
 * A scenario that cannot apply to a construct says so by returning 'n/a', with the reason in `notApplicable`.
 */
export interface Scenario {
  readonly id: string;
  readonly title: string;
  run(cell: Cell): Promise<void | 'n/a'>;
}

/** Create, update (the construct's natural update), destroy; each must succeed and leave the emulator as it should. */
async function fullLifecycle(cell: Cell, runner: LifecycleRunner, withUpdate = true): Promise<void> {
  cell.expectOk(await cell.deploy(runner, cell.synth({ version: 1 })), 'create');
  cell.expectHoldings('v1');
  cell.expectAttributes(runner);
  if (withUpdate) {
    cell.expectOk(await cell.record(await runner.update(cell.synth({ version: 2 }))), 'update');
    cell.expectHoldings('v2');
    cell.expectAttributes(runner);
  }
  cell.expectOk(await cell.destroy(runner), 'delete');
  cell.expectHoldings(withUpdate ? 'destroyedFromV2' : 'none');
}

/** One rule per operation the lifecycle calls, and for the other services it calls. */
function everyOperation(cell: Cell, rule: Omit<FaultRule, 'service' | 'operation'>): void {
  for (const operation of cell.column.operations) cell.em.faults.add({ service: cell.column.service, operation, ...rule });
  for (const { service, operation } of cell.column.extraOps) cell.em.faults.add({ service, operation, ...rule });
}

/** Every rule applied at least `times`; and every operation the lifecycle called had a rule (so the list stays complete). */
function expectEveryRuleApplied(cell: Cell, times = 1): void {
  const rules = cell.em.faults.describe();
  for (const r of rules) {
    if (r.applied < times) throw new Error(`The fault on ${r.service}.${r.operation} applied ${r.applied} times, expected ${times}`);
  }
  const covered = new Set(rules.map((r) => `${r.service}.${r.operation}`));
  for (const key of Object.keys(cell.em.calls.byOperation())) {
    if (!covered.has(key)) throw new Error(`The lifecycle called ${key}, which the column does not list: add it to its operations`);
  }
}

function throttle(cell: Cell, retryAfterSeconds?: number): void {
  // JSON-RPC services answer throttling with 400 and the code; REST-JSON ones with 429.
  const status = cell.column.service === 'interconnect' || cell.column.service === 'directconnect' ? 400 : 429;
  everyOperation(cell, { kind: 'error', status, code: 'ThrottlingException', message: 'Rate exceeded', count: 1, retryAfterSeconds });
  for (const { service, operation } of cell.column.extraOps) {
    cell.em.faults.add({ service, operation, kind: 'error', status: 400, code: 'ThrottlingException', message: 'Rate exceeded', count: 1, retryAfterSeconds });
  }
}

/** With Retry-After, the retry of every throttled call waited at least that long. */
function expectRetryAfterHonoured(cell: Cell, seconds: number): void {
  const calls = cell.em.calls.all();
  if (process.env.FAULT_MATRIX_DEBUG) console.error(calls.map((c) => `${c.at} ${c.service}.${c.operation} ${c.status} ${c.errorCode ?? ''}`).join('\n'));
  calls.forEach((call, i) => {
    if (call.errorCode !== 'ThrottlingException') return;
    const retry = calls.slice(i + 1).find((c) => c.service === call.service && c.operation === call.operation);
    if (!retry) throw new Error(`${call.service}.${call.operation} was throttled and never called again`);
    expect(retry.at - call.at).toBeGreaterThanOrEqual(seconds * 1000 - 50);
  });
}

/**
 * Rows 15 and 16: CloudFormation gave up on the construct's create while its waiter was polling (cancelled, or
 * past ServiceTimeout), so the rollback's Delete carries a physical id CloudFormation made up. The construct is
 * kept in flight by its never-steady fault; when that Delete comes, the service settles, so the cancelled create
 * finishes in the background (its late answer ignored) or runs into its own wait limit. Everything the create
 * made must be gone once that background work has ended.
 */
function settleOnRollbackDelete(cell: Cell): LifecycleRunner {
  const { column } = cell;
  const { onEvent, isComplete } = cell.handlers;
  return cell.runner({
    handlers: {
      isComplete,
      onEvent: async (event: any, context: any) => {
        if (event.RequestType === 'Create' && event.ResourceType === IN_FLIGHT_BREAKER) await cell.served(column.createOp);
        if (event.RequestType === 'Delete' && event.ResourceType === column.resourceType) {
          column.neverSteady.heal(cell.em);
          cell.em.faults.clear();
        }
        return onEvent(event, context);
      },
    },
  });
}

/** The construct's create, cancelled or timed out, then its rollback Delete with a made-up id; nothing left. */
function expectGaveUpAndCleaned(cell: Cell, result: RunResult, reason: string): void {
  expect(result.rolledBack).toBe(true);
  const ours = result.events.filter((e) => e.resourceType === cell.column.resourceType);
  expect(ours.map((e) => `${e.action}:${e.status}`)).toEqual(['create:failed', 'rollback-delete:succeeded']);
  expect(ours[0].reason).toMatch(reason);
  expect(ours[1].physicalId).toMatch(new RegExp(`^${STACK}-\\w+-[A-Z0-9]{12}$`));
  cell.expectHoldings('none');
}

const IN_FLIGHT_BREAKER = 'Custom::FaultMatrixInFlightBreaker';

/** A custom resource on the same provider, of a type it does not serve, beside the construct (not after it). */
function addInFlightBreaker(stack: Stack): void {
  new CustomResource(stack, 'InFlightBreaker', { serviceToken: HybridConnectivityProvider.of(stack).serviceToken, resourceType: IN_FLIGHT_BREAKER });
}

const SCENARIOS: Scenario[] = [
  {
    id: '1a',
    title: 'throttling on every operation, no Retry-After',
    async run(cell) {
      throttle(cell);
      await fullLifecycle(cell, cell.runner());
      expectEveryRuleApplied(cell);
    },
  },
  {
    id: '1b',
    title: 'throttling on every operation, Retry-After: 1',
    async run(cell) {
      throttle(cell, 1);
      await fullLifecycle(cell, cell.runner());
      expectEveryRuleApplied(cell);
      expectRetryAfterHonoured(cell, 1);
    },
  },
  {
    id: '2a',
    title: '500, 502, 503, 504 and a dropped socket on every operation',
    async run(cell) {
      for (const status of [500, 502, 503, 504]) everyOperation(cell, { kind: 'error', status, count: 1 });
      everyOperation(cell, { kind: 'drop', count: 1 });
      await fullLifecycle(cell, cell.runner());
      expectEveryRuleApplied(cell);
    },
  },
  {
    id: '2b',
    title: '501 on the create call is not retried',
    async run(cell) {
      cell.em.faults.add({ service: cell.column.service, operation: cell.column.createOp, kind: 'error', status: 501, code: 'NotImplemented', message: 'Not implemented' });
      const result = await cell.deploy(cell.runner(), cell.synth({ version: 1 }));
      expect(cell.failureOf(result)).toMatch(/NotImplemented|501/);
      expect(result.rolledBack).toBe(true);
      expect(cell.callsOf(cell.column.createOp)).toBe(1);
      cell.expectHoldings('none');
    },
  },
  {
    id: '3',
    title: 'AccessDenied on the first calls after deploy (IAM propagation)',
    async run(cell) {
      // A role or policy made in the same deployment: the first calls are denied, whatever they are, and so
      // are the first reads after the create (isComplete's, seconds later, from another IAM endpoint).
      const denied = { kind: 'error', status: 403, code: 'AccessDeniedException', message: 'User is not authorized to perform this action' } as const;
      const { column } = cell;
      cell.em.faults.add({ service: column.service, operation: '*', count: 3, ...denied });
      cell.em.faults.add({ service: column.service, operation: column.readOp, after: column.createOp, count: 2, ...denied });
      for (const extra of column.extraOps) cell.em.faults.add({ ...extra, count: 2, ...denied });
      await fullLifecycle(cell, cell.runner(), false);
      for (const rule of cell.em.faults.describe()) expect(rule.applied).toBe(rule.count);
    },
  },
  {
    id: '4',
    title: 'eventual consistency right after create (NotFound, empty list, stale item)',
    async run(cell) {
      const { column } = cell;
      cell.em.faults.add({ service: column.service, operation: column.readOp, after: column.createOp, count: 3, ...column.eventualConsistency.rule });
      await fullLifecycle(cell, cell.runner(), false);
      expect(cell.em.faults.describe()[0].applied).toBe(3);
    },
  },
  {
    id: '5',
    title: 'duplicate Create with the same RequestId: one resource',
    async run(cell) {
      // The first delivery's answer is lost (the framework's invocation timed out); the same request comes again.
      let duplicated = 0;
      const { onEvent, isComplete } = cell.handlers;
      const runner = cell.runner({
        handlers: {
          isComplete,
          onEvent: async (event: any, context: any) => {
            if (event.RequestType === 'Create') {
              duplicated++;
              await onEvent(JSON.parse(JSON.stringify(event)), context);
            }
            return onEvent(event, context);
          },
        },
      });
      cell.expectOk(await cell.deploy(runner, cell.synth({ version: 1 })), 'create');
      expect(duplicated).toBe(1);
      cell.expectHoldings('v1');
      cell.expectAttributes(runner);
      // At most one call per delivery, and where a call was repeated, it made nothing new (the holdings above).
      expect(cell.callsOf(cell.column.createOp, 200)).toBeLessThanOrEqual(2);
      if (cell.column.service === 'directconnect') expect(cell.callsOf(cell.column.createOp)).toBe(1);
      cell.expectOk(await cell.destroy(runner), 'delete');
      // Everything as it was: a Direct Connect move, which has no client token, reads where it came from off
      // the record its first delivery tagged on the resource, so a RESTORE delete still moves it back.
      cell.expectHoldings('none');
    },
  },
  {
    id: '6',
    title: 'create succeeds, the next step fails: rollback Delete cleans up',
    async run(cell) {
      const { column } = cell;
      const terminal = column.service === 'directconnect'
        ? { code: 'DirectConnectClientException', message: 'Injected: the request could not be processed' }
        : { code: 'ValidationException', message: 'Injected: the request could not be processed' };
      cell.em.faults.add({ service: column.service, operation: column.readOp, after: column.createOp, count: 1, kind: 'error', status: 400, ...terminal });
      const result = await cell.deploy(cell.runner(), cell.synth({ version: 1 }));
      expect(cell.failureOf(result)).toMatch(/could not be processed/);
      expect(result.rolledBack).toBe(true);
      const rollback = result.events.find((e) => e.action === 'rollback-delete' && e.resourceType === column.resourceType);
      expect(rollback?.status).toBe('succeeded');
      expect(rollback?.physicalId).not.toBe(CREATE_FAILED_PHYSICAL_ID_MARKER);
      cell.expectHoldings('none');
    },
  },
  {
    id: '7',
    title: 'rollback Delete of a physical id that never existed',
    async run(cell) {
      const runner = cell.runner();
      cell.expectOk(await cell.deploy(runner, cell.synth({ version: 1 })), 'create');
      const real = runner.state;
      const logicalId = Object.entries(real.stacks[STACK].resources).find(([, r]) => r.type === cell.column.resourceType)![0];
      const madeUp = randomUUID();
      // A column that undoes a cancelled create's work under a made-up id (issue 12) removes v1 there: that id goes last.
      const ids = cell.column.undoesCancelledCreate
        ? [...cell.column.bogusPhysicalIds, CREATE_FAILED_PHYSICAL_ID_MARKER, madeUp]
        : [...cell.column.bogusPhysicalIds, madeUp, CREATE_FAILED_PHYSICAL_ID_MARKER];
      for (const physicalId of ids) {
        const state = JSON.parse(JSON.stringify(real));
        // Only the custom resource of ours (and the simulated provider functions it is deleted through): as
        // after a failed create, nothing else of the stack is left to delete.
        const resources = state.stacks[STACK].resources as Record<string, { simulated: boolean }>;
        state.stacks[STACK].resources = {
          ...Object.fromEntries(Object.entries(resources).filter(([, r]) => r.simulated)),
          [logicalId]: { ...state.stacks[STACK].resources[logicalId], physicalId },
        };
        const ghost = cell.runner({ state });
        cell.expectOk(await cell.destroy(ghost), `delete of ${physicalId}`);
        // Nothing that exists was touched, except what this very stack's create made, for a column that undoes it.
        cell.expectHoldings(cell.column.undoesCancelledCreate && physicalId === madeUp ? 'none' : 'v1');
      }
      cell.expectOk(await cell.destroy(runner), 'delete');
      cell.expectHoldings('none');
    },
  },
  {
    id: '8',
    title: 'update rollback (old and new swapped): back where it was',
    async run(cell) {
      const runner = cell.runner();
      cell.expectOk(await cell.deploy(runner, cell.synth({ version: 1 })), 'create');
      const before = cell.column.holdings(cell.em);
      const result = await cell.deploy(runner, cell.synth({ version: 2 }, addBreaker));
      expect(cell.failureOf(result)).toMatch(/does not serve resource type Custom::FaultMatrixBreaker/);
      expect(result.rolledBack).toBe(true);
      const ours = result.events.filter((e) => e.resourceType === cell.column.resourceType);
      expect(ours.map((e) => `${e.action}:${e.status}`)).toEqual(
        ours[0].replacedPhysicalId ? ['update:succeeded', 'rollback-delete:succeeded'] : ['update:succeeded', 'rollback-update:succeeded']);
      expect(cell.column.holdings(cell.em)).toEqual(before);
      cell.expectHoldings('v1');
      cell.expectOk(await cell.destroy(runner), 'delete');
      cell.expectHoldings('none');
    },
  },
  {
    id: '9',
    title: 'delete of something already gone, every NotFound shape',
    async run(cell) {
      for (const [shape, makeGone] of Object.entries(cell.column.goneShapes)) {
        cell.resetEmulator();
        const runner = cell.runner();
        cell.expectOk(await cell.deploy(runner, cell.synth({ version: 1 })), `create (${shape})`);
        makeGone(cell.em);
        cell.expectOk(await cell.destroy(runner), `delete when gone (${shape})`);
        cell.em.faults.clear();
        cell.expectHoldings(cell.column.goneExpected);
      }
    },
  },
  {
    id: '10',
    title: 'terminal state while waiting: fails fast, the state in the reason',
    async run(cell) {
      const terminal = cell.column.terminal;
      if (!terminal) {
        expect(cell.column.notApplicable?.['10']).toBeDefined();
        return 'n/a';
      }
      for (const [name, ms] of Object.entries(terminal.timings ?? {})) cell.em.setTiming(name, ms);
      const runner = cell.runner();
      const deploying = cell.deploy(runner, cell.synth({ version: 1, ...terminal.variant }));
      await cell.served(cell.column.createOp);
      terminal.apply(cell.em);
      const result = await deploying;
      const reason = cell.failureOf(result);
      expect(reason).toContain(terminal.state);
      // Failed on the state itself, not by running into the 20 s wait limit.
      expect(reason).not.toMatch(/Timed out/);
      expect(result.rolledBack).toBe(true);
      cell.expectHoldings(terminal.expected);
      return undefined;
    },
  },
  {
    id: '11',
    title: 'never steady: the construct\'s own timeout fires before CloudFormation\'s',
    async run(cell) {
      const { neverSteady } = cell.column;
      neverSteady.break(cell.em);
      // The Provider framework's own limit (totalTimeout) is 10 s here; the construct's, 1 s.
      const runner = cell.runner({ maxWaitMs: 10_000 });
      const result = await cell.deploy(runner, cell.synth({ version: 1, waitTimeout: Duration.seconds(1), ...neverSteady.variant }));
      const reason = cell.failureOf(result);
      expect(reason).toMatch(/^Timed out after 1s waiting for \S+ \(last seen: .+\)\. /);
      expect(reason).not.toContain('Operation timed out');
      neverSteady.heal(cell.em);
      cell.em.faults.clear();
      // Whatever the rollback could not finish while the service was stuck, a destroy finishes now.
      if (!result.rolledBack) cell.expectOk(await cell.destroy(runner), 'delete after the service settled');
      cell.expectHoldings('none');
    },
  },
  {
    id: '12',
    title: 'malformed responses: empty body, HTML 502, unknown state',
    async run(cell) {
      const { column } = cell;
      const contentType = column.service === 'interconnect' ? 'application/x-amz-json-1.0'
        : column.service === 'directconnect' ? 'application/x-amz-json-1.1' : 'application/json';
      const html = '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>';
      const onRead = { service: column.service, operation: column.readOp, after: column.createOp, count: 2 };
      cell.em.faults.add({ ...onRead, kind: 'raw', status: 200, rawBody: '' });
      cell.em.faults.add({ ...onRead, kind: 'raw', status: 502, rawBody: html });
      cell.em.faults.add({ ...onRead, kind: 'raw', status: 200, rawBody: column.unknownStateBody(), rawContentType: contentType });
      cell.em.faults.add({ ...onRead, kind: 'raw', status: 200, rawBody: '{"truncated": ', rawContentType: contentType });
      await fullLifecycle(cell, cell.runner(), false);
      expect(cell.em.faults.describe().map((r) => r.applied)).toEqual([2, 2, 2, 2]);

      // The create call itself answered with an empty body: an explicit failure, or bounded polling.
      cell.resetEmulator();
      cell.em.faults.add({ service: column.service, operation: column.createOp, kind: 'raw', status: 200, rawBody: '', rawContentType: contentType, count: 1 });
      const runner = cell.runner();
      const result = await cell.deploy(runner, cell.synth({ version: 1, waitTimeout: Duration.seconds(2) }));
      if (!result.ok) expect(result.rolledBack).toBe(true);
      else cell.expectOk(await cell.destroy(runner), 'delete');
      cell.expectHoldings('none');
    },
  },
  {
    id: '13',
    title: 'very long descriptions, many tags, longest service values: response ≤ 4096 bytes',
    async run(cell) {
      const { column } = cell;
      if (column.longReadBody) {
        cell.em.faults.add({
          service: column.service,
          operation: column.readOp,
          after: column.createOp,
          count: 1,
          kind: 'raw',
          status: 200,
          rawBody: column.longReadBody(),
          rawContentType: column.service === 'interconnect' ? 'application/x-amz-json-1.0' : column.service === 'directconnect' ? 'application/x-amz-json-1.1' : 'application/json',
        });
      }
      const runner = cell.runner();
      cell.expectOk(await cell.deploy(runner, cell.synth({ version: 1, long: true })), 'create');
      const resource = Object.values(runner.state.stacks[STACK].resources).find((r) => r.type === column.resourceType)!;
      const response = {
        Status: 'SUCCESS',
        Reason: 'SUCCESS',
        StackId: runner.state.stacks[STACK].stackId,
        RequestId: randomUUID(),
        PhysicalResourceId: resource.physicalId,
        LogicalResourceId: resource.logicalId,
        NoEcho: resource.noEcho,
        Data: resource.attributes,
      };
      expect(Buffer.byteLength(JSON.stringify(response))).toBeLessThanOrEqual(MAX_RESPONSE_BYTES);
      if (column.longReadBody) expect(cell.em.faults.describe()[0].applied).toBe(1);
      cell.expectOk(await cell.destroy(runner), 'delete');
      cell.expectHoldings('none');
    },
  },
  {
    id: '14',
    title: 'retry budget: 50 resources throttled at once through one shared client',
    async run(cell) {
      const count = 50;
      cell.em.faults.rateLimit(cell.column.service, '*', 10);
      // The kit's own backoff at a quarter of its real base (1 s), as the emulator's rate limit is a tenth or
      // less of a real service's; the SDK's backoff (1 s base for throttling) is real. Throttling is retried
      // for as long as each invocation has time, so the 50 queued moves wait their turn however slow the
      // machine is, instead of failing once a fixed number of attempts is spent.
      const base = process.env.HYBRID_CONNECTIVITY_RETRY_BASE_MS;
      process.env.HYBRID_CONNECTIVITY_RETRY_BASE_MS = '250';
      try {
        const runner = cell.runner({ concurrency: count, maxWaitMs: 120_000 });
        const many = cell.synthMany(count);
        cell.expectOk(await cell.deploy(runner, many.assembly), `create of ${count}`);
        expect(cell.column.holdings(cell.em)).toEqual(many.deployed);
        cell.expectOk(await cell.destroy(runner), `delete of ${count}`);
        expect(cell.column.holdings(cell.em)).toEqual(many.destroyed);
      } finally {
        // Assigning undefined would set the string "undefined".
        if (base === undefined) delete process.env.HYBRID_CONNECTIVITY_RETRY_BASE_MS;
        else process.env.HYBRID_CONNECTIVITY_RETRY_BASE_MS = base;
      }
      // The rate limit did bite, many times over what one client's retry tokens allow without refills.
      expect(cell.em.calls.count({ service: cell.column.service, status: 429 })).toBeGreaterThan(100);
    },
  },
  {
    id: '15',
    title: 'another resource fails while the create is in flight: cancelled, Delete with a CloudFormation-made id, nothing left',
    async run(cell) {
      const { neverSteady } = cell.column;
      neverSteady.break(cell.em);
      const runner = settleOnRollbackDelete(cell);
      const variant = { version: 1, waitTimeout: Duration.seconds(3), ...neverSteady.variant } as const;
      const result = await cell.deploy(runner, cell.synth(variant, addInFlightBreaker));
      expect(cell.failureOf(result)).toMatch(`does not serve resource type ${IN_FLIGHT_BREAKER}`);
      expectGaveUpAndCleaned(cell, result, 'Resource creation cancelled');
    },
  },
  {
    id: '16',
    title: 'ServiceTimeout passes while the waiter polls: CloudFormation\'s reason, rollback, nothing left',
    async run(cell) {
      const { column } = cell;
      column.neverSteady.break(cell.em);
      const runner = settleOnRollbackDelete(cell);
      // CloudFormation's limit of 3 s comes before the construct's own (8 s) and the framework's. It is long
      // enough that onEvent has answered on a loaded machine (a cold worker loads the bundle first), so the
      // row is about a waiter still polling, which is what it checks, not about an onEvent cut short.
      const variant = { version: 1, waitTimeout: Duration.seconds(8), ...column.neverSteady.variant } as const;
      const result = await cell.deploy(runner, cell.synth(variant, (stack) => {
        for (const c of stack.node.findAll()) {
          if (c instanceof CfnResource && c.cfnResourceType === column.resourceType) c.addPropertyOverride('ServiceTimeout', '3');
        }
      }));
      expect(cell.failureOf(result)).toMatch(/^CloudFormation did not receive a response from your Custom Resource\. /);
      expectGaveUpAndCleaned(cell, result, 'CloudFormation did not receive a response');
    },
  },
];

export { SCENARIOS };
