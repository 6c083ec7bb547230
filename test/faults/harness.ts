import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CustomResource, Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { Column, ColumnKey, Holdings, Phase, Variant } from './columns';
import type { RunningEmulator } from '../../local/emulator/emulator';
import type { ProviderHandlers } from '../../local/runner/lambda-service';
import { LifecycleRunner, LifecycleRunnerOptions, RunResult } from '../../local/runner/lifecycle-runner';
import { loadBundledHandlers } from '../../local/runner/load-bundled-handlers';
import { HybridConnectivityProvider, PROVIDER_ID } from '../../src/provider/hybrid-connectivity-provider';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const STACK = 'FaultMatrix';
/** CloudFormation shows at most this much of a reason; the kit's own limit. */
export const MAX_REASON = 400;

/** Simulated transition times for every cell: short, so a lifecycle takes a fraction of a second. */
export const FAST_TIMINGS: Record<string, number> = {
  'interconnect.pendingToAvailable': 20,
  'interconnect.updating': 20,
  'interconnect.deleting': 20,
  'interconnect.deletedVisible': 40,
  'directconnect.move': 20,
  'networkmanager.associate': 20,
  'networkmanager.disassociate': 20,
  'networkmanager.deletedVisible': 40,
};

/** Words of a crash, not of a failure a handler decided on. */
const CRASH = /TypeError|ReferenceError|Cannot read propert|is not a function|is not iterable|undefined is not|of undefined|of null/;
/** The secret half of the runner's presigned ResponseURLs. */
const RESPONSE_URL_SECRET = /local-runner-secret-[0-9a-f]{24}|X-Amz-Signature=[0-9a-f]{64}/;

export interface CellResult {
  readonly status: 'pass' | 'fail' | 'n/a';
  /** Service calls the emulator answered during the cell. */
  readonly calls: number;
  readonly ms: number;
  readonly note?: string;
}

/**
 * One cell of the matrix: one scenario against one construct, with a fresh copy of the bundled handlers
 * (module-level SDK clients and their retry state included), a fresh emulator state, and everything the
 * runs printed, answered and failed with kept for the checks every cell makes.
 */
export class Cell {
  /** The runner's lines and the handlers' own output (their CloudWatch Logs). */
  public readonly logs: string[] = [];
  /** Every failure reason and warning any run of this cell produced. */
  public readonly reasons: string[] = [];
  public readonly runners: LifecycleRunner[] = [];
  public readonly initial: Holdings;
  private readonly dir: string;
  private inProcess?: ProviderHandlers;
  private apps = 0;
  private earlierCalls = 0;

  constructor(public readonly em: RunningEmulator, public readonly column: Column) {
    for (const [name, ms] of Object.entries(FAST_TIMINGS)) em.setTiming(name, ms);
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `fault-matrix-${column.key}-`));
    column.prepare(em);
    this.initial = column.holdings(em);
  }

  /**
   * The bundle loaded in this process, for a row that wraps the handlers themselves. Every runner of the
   * cell runs the bundle in its own Lambda workers unless a row passes these as `handlers`.
   */
  public get handlers(): ProviderHandlers {
    this.inProcess ??= loadBundledHandlers();
    return this.inProcess;
  }

  /**
   * A runner of the bundle in Lambda workers (fresh ones per runner: module-level SDK clients and their
   * retry state included), quiet, the waiter's attempts 20 ms apart in real time, as the handlers measure
   * their own waits in real time.
   */
  public runner(options: Partial<LifecycleRunnerOptions> = {}): LifecycleRunner {
    const runner = new LifecycleRunner({
      endpoint: this.em.url,
      pollIntervalMs: 20,
      maxWaitMs: 60_000,
      progressIntervalMs: 3_600_000,
      log: (line) => this.logs.push(line),
      handlerLog: (line) => this.logs.push(line),
      ...options,
    });
    this.runners.push(runner);
    return runner;
  }

  /** Synthesizes the one-construct app (plus `extra`), without staging assets: the runner reads templates only. */
  public synth(variant: Variant, extra?: (stack: Stack) => void): string {
    const app = new App({ outdir: path.join(this.dir, `app${++this.apps}`), context: { 'aws:cdk:disable-asset-staging': true } });
    const stack = new Stack(app, STACK, { env: { account: ACCOUNT, region: REGION } });
    this.column.build(stack, variant, this.em);
    extra?.(stack);
    return app.synth().directory;
  }

  /**
   * Synthesizes `count` constructs of the column in one stack, on subjects seeded for them; with what the
   * emulator must hold once they are deployed, and once they are destroyed again.
   */
  public synthMany(count: number): { assembly: string; deployed: Holdings; destroyed: Holdings } {
    const app = new App({ outdir: path.join(this.dir, `app${++this.apps}`), context: { 'aws:cdk:disable-asset-staging': true } });
    const stack = new Stack(app, STACK, { env: { account: ACCOUNT, region: REGION } });
    const deployed = this.column.buildMany(stack, this.em, count);
    const destroyed = this.column.holdings(this.em);
    return { assembly: app.synth().directory, deployed, destroyed };
  }

  /** A fresh emulator state within the cell (its calls still count towards the cell's). */
  public resetEmulator(): void {
    this.earlierCalls += this.em.calls.count();
    this.em.reset();
    this.column.prepare(this.em);
  }

  /** Every call the emulator answered during this cell. */
  public calls(): number {
    return this.earlierCalls + this.em.calls.count();
  }

  /** Keeps a run's reasons and warnings for the checks, and returns it. */
  public record(result: RunResult): RunResult {
    if (result.failed) this.reasons.push(result.failed.reason);
    for (const e of result.events) if (e.reason) this.reasons.push(e.reason);
    this.reasons.push(...result.warnings);
    return result;
  }

  public async deploy(runner: LifecycleRunner, assembly: string): Promise<RunResult> {
    return this.record(await runner.deploy(assembly));
  }

  public async destroy(runner: LifecycleRunner): Promise<RunResult> {
    return this.record(await runner.destroy());
  }

  /** A run that must have succeeded, with the first failure in the message when it did not. */
  public expectOk(result: RunResult, what: string): void {
    if (!result.ok || result.warnings.length > 0) {
      throw new Error(`${what} should have succeeded: ${result.failed ? `${result.failed.logicalId}: ${result.failed.reason}` : ''}` +
        `${result.warnings.length ? ` warnings: ${result.warnings.join(' | ')}` : ''}`);
    }
  }

  /** The resource's attributes after a create or update: every one the column requires is there. */
  public expectAttributes(runner: LifecycleRunner): void {
    for (const resource of Object.values(runner.state.stacks[STACK]?.resources ?? {})) {
      if (resource.type !== this.column.resourceType) continue;
      for (const name of this.column.requiredAttributes) {
        if (!resource.attributes[name]) throw new Error(`${resource.logicalId} returned no ${name} (it returned ${Object.keys(resource.attributes).join(', ')})`);
      }
    }
  }

  /** The emulator holds exactly what the phase says: nothing orphaned, nothing duplicated. */
  public expectHoldings(phase: Phase): void {
    expect(this.column.holdings(this.em)).toEqual(this.column.expected(phase, this.initial));
  }

  /** The failure reasons of a failed run. */
  public failureOf(result: RunResult): string {
    expect(result.ok).toBe(false);
    return result.failed!.reason;
  }

  /** How often the emulator answered `operation` of the column's service, by status. */
  public callsOf(operation: string, status?: number): number {
    return this.em.calls.count({ service: this.column.service, operation, ...(status !== undefined ? { status } : {}) });
  }

  /** Resolves once the service has answered `operation` successfully. */
  public async served(operation: string, service = this.column.service): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (this.em.calls.count({ service, operation, status: 200 }) === 0) {
      if (Date.now() > deadline) throw new Error(`${service}.${operation} was never served`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  /**
   * What every cell checks at the end: reasons short and useful (no crash), and no secret anywhere in
   * what was logged, returned or failed with (the activation key only in its NoEcho attribute).
   */
  public finalChecks(): void {
    for (const reason of this.reasons) {
      expect(reason.length).toBeLessThanOrEqual(MAX_REASON);
      expect(reason).not.toMatch(CRASH);
    }
    const logs = this.logs.join('\n');
    expect(logs).not.toMatch(CRASH);
    const returned = this.runners.map((r) => JSON.stringify(publicState(r))).join('\n');
    const everything = [logs, this.reasons.join('\n'), returned].join('\n');
    expect(everything).not.toMatch(RESPONSE_URL_SECRET);
    for (const secret of this.column.secrets(this.em)) {
      if (everything.includes(secret)) throw new Error(`A secret (${secret.slice(0, 6)}…) leaked into the logs, a reason or a response.`);
    }
  }

  /** Ends the runners' Lambda workers and removes the cell's assemblies. */
  public async cleanup(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.close()));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The runner's state without the attributes a NoEcho response carries only because they are the point (ActivationKey). */
function publicState(runner: LifecycleRunner): unknown {
  const state = runner.state;
  for (const stack of Object.values(state.stacks)) {
    for (const resource of Object.values(stack.resources)) {
      if (resource.noEcho && 'ActivationKey' in resource.attributes) {
        (resource as { attributes: Record<string, unknown> }).attributes = { ...resource.attributes, ActivationKey: '<NoEcho>' };
      }
    }
  }
  return state;
}

/** A custom resource of a type the provider does not serve: its Create fails, after `after` has deployed. */
export function addBreaker(stack: Stack): void {
  const breaker = new CustomResource(stack, 'Breaker', {
    serviceToken: HybridConnectivityProvider.of(stack).serviceToken,
    resourceType: 'Custom::FaultMatrixBreaker',
  });
  for (const child of stack.node.children) {
    if (child !== breaker && child.node.id !== PROVIDER_ID) breaker.node.addDependency(child as Construct);
  }
}

/** The matrix, filled in by the cells as they run: scenario id → column → result. */
export const MATRIX = new Map<string, Map<ColumnKey, CellResult>>();

export async function runCell(
  em: RunningEmulator, scenarioId: string, column: Column, body: (cell: Cell) => Promise<void | 'n/a'>,
): Promise<void> {
  const started = Date.now();
  const row = MATRIX.get(scenarioId) ?? new Map<ColumnKey, CellResult>();
  MATRIX.set(scenarioId, row);
  const cell = new Cell(em, column);
  try {
    const outcome = await body(cell);
    if (outcome !== 'n/a') cell.finalChecks();
    row.set(column.key, {
      status: outcome === 'n/a' ? 'n/a' : 'pass',
      calls: cell.calls(),
      ms: Date.now() - started,
      note: outcome === 'n/a' ? column.notApplicable?.[scenarioId] : undefined,
    });
  } catch (err) {
    row.set(column.key, { status: 'fail', calls: cell.calls(), ms: Date.now() - started, note: (err as Error).message.split('\n')[0].slice(0, 200) });
    // What the runner and the handlers printed, for whoever has to find out why.
    const out = path.join(__dirname, '..', '..', 'test-reports', 'fault-matrix-logs');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, `${scenarioId}-${column.key}.log`), cell.logs.join('\n') + '\n');
    throw err;
  } finally {
    await cell.cleanup();
  }
}

/** The matrix as a table: one row per scenario, one column per construct, pass or fail and the API calls made. */
export function renderMatrix(scenarios: ReadonlyArray<{ id: string; title: string }>, columns: readonly Column[]): string {
  const header = ['#', 'scenario', ...columns.map((c) => c.construct)];
  const rows = scenarios.map((s) => [s.id, s.title, ...columns.map((c) => {
    const r = MATRIX.get(s.id)?.get(c.key);
    if (!r) return 'not run';
    if (r.status === 'n/a') return 'n/a';
    return `${r.status === 'pass' ? 'pass' : 'FAIL'} ${r.calls} calls ${(r.ms / 1000).toFixed(1)}s`;
  })]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  const all = [...MATRIX.values()].flatMap((r) => [...r.values()]);
  const passed = all.filter((r) => r.status === 'pass').length;
  const failed = all.filter((r) => r.status === 'fail').length;
  const na = all.filter((r) => r.status === 'n/a').length;
  const notes = (status: CellResult['status']) => [...MATRIX.entries()]
    .flatMap(([id, r]) => [...r.entries()].filter(([, v]) => v.status === status && v.note).map(([k, v]) => `  ${id} × ${k}: ${v.note}`));
  return [
    `Fault matrix: ${scenarios.length} scenarios × ${columns.length} constructs = ${scenarios.length * columns.length} cells: ` +
      `${passed} passed, ${failed} failed, ${na} not applicable, ${scenarios.length * columns.length - all.length} not run`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    ...(notes('n/a').length ? ['Not applicable:', ...notes('n/a')] : []),
    ...(notes('fail').length ? ['Failures:', ...notes('fail')] : []),
  ].join('\n');
}
