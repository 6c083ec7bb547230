import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BenchEmulator } from './bench-emulator';
import { buildMixedApp } from './mixed-app';
import { round } from './stats';
import type { CallRecord } from '../local/emulator/call-log';
import { LifecycleRunner, RunResult } from '../local/runner/lifecycle-runner';

export interface ScaleRun {
  readonly ok: boolean;
  readonly failures: string[];
  readonly totalCalls: number;
  readonly throttledCalls: number;
  readonly wallMs: number;
  readonly callsByOperation: Record<string, number>;
  /** Of those, the ones the rate limit refused (each is a retry or a poll that is tried again). */
  readonly throttledByOperation: Record<string, number>;
  /** isComplete polls beyond the first per resource, by the one operation that construct's poll calls. */
  readonly extraPollsByOperation: Record<string, number>;
  /** The calls answered, less every isComplete poll beyond the first per resource: what the rate limit must let through. */
  readonly essentialCallsByOperation: Record<string, number>;
}

/** One operation's figures in one phase: the unthrottled run's calls and floor, and the throttled run's calls. */
export interface ScaleOperationFigures {
  /** `service.Operation`. */
  readonly operation: string;
  readonly unthrottledCalls: number;
  /** The unthrottled run's isComplete polls of this operation beyond the first per resource (not essential). */
  readonly unthrottledExtraPolls: number;
  readonly essentialCalls: number;
  /** (essential calls less the burst) / rate: the least time this operation's bucket needs. */
  readonly floorMs: number;
  readonly throttledRunCalls: number;
  readonly throttledRunThrottled: number;
  /** The throttled run's answered calls beyond the essential ones: polls that found the resource not ready yet. */
  readonly throttledRunExtraAnswered: number;
}

export interface ScaleOperation {
  /** Nothing throttled: the calls the deployment needs, and how long it takes on this machine. */
  readonly unthrottled: ScaleRun;
  readonly throttled: ScaleRun;
  /**
   * The least wall time the rate limit allows: per operation, (the unthrottled run's essential calls less
   * the bucket's burst) / rate, and never less than the unthrottled wall time.
   */
  readonly floorMs: number;
  readonly ratioToFloor: number;
  /** Every operation called, the bottleneck (largest floor) first. */
  readonly operations: ScaleOperationFigures[];
  /** The operation whose floor is the floor, or undefined when the unthrottled wall time is. */
  readonly bottleneck?: string;
}

export interface ScaleResult {
  readonly resources: number;
  readonly perSecond: number;
  readonly pollIntervalMs: number;
  readonly deploy: ScaleOperation;
  readonly destroy: ScaleOperation;
}

/** The one call each construct's isComplete makes per poll, by logical id prefix. */
const POLL_OPERATION: Array<[RegExp, string]> = [
  [/^Connection\d/, 'interconnect.GetConnection'],
  [/^Hosted\d/, 'directconnect.DescribeHostedConnections'],
  [/^Vif\d/, 'directconnect.DescribeVirtualInterfaces'],
  [/^Peer\d/, 'networkmanager.GetConnectPeerAssociations'],
  [/^Sidewalk\d/, 'iotwireless.GetPartnerAccount'],
];

function summarize(result: RunResult, calls: CallRecord[], wallMs: number): ScaleRun {
  const byOp: Record<string, number> = {};
  const throttledByOp: Record<string, number> = {};
  for (const c of calls) {
    const key = `${c.service}.${c.operation}`;
    byOp[key] = (byOp[key] ?? 0) + 1;
    if (c.status === 429) throttledByOp[key] = (throttledByOp[key] ?? 0) + 1;
  }
  // A throttled call is not one the deployment needed: it is tried again (or the waiter polls again).
  const essential = Object.fromEntries(Object.entries(byOp).map(([k, n]) => [k, n - (throttledByOp[k] ?? 0)]));
  const extraPolls: Record<string, number> = {};
  for (const [key, n] of Object.entries(result.invocations)) {
    const logicalId = key.split('/').pop() ?? '';
    const op = POLL_OPERATION.find(([re]) => re.test(logicalId))?.[1];
    if (op && essential[op] !== undefined) extraPolls[op] = (extraPolls[op] ?? 0) + Math.max(0, n.isComplete - 1);
  }
  for (const [op, n] of Object.entries(extraPolls)) essential[op] = Math.max(0, essential[op] - n);
  return {
    ok: result.ok,
    failures: result.events.filter((e) => e.status === 'failed').map((e) => `${e.logicalId}: ${e.reason}`).slice(0, 10),
    totalCalls: calls.length,
    throttledCalls: calls.filter((c) => c.status === 429).length,
    wallMs: Math.round(wallMs),
    callsByOperation: byOp,
    throttledByOperation: throttledByOp,
    extraPollsByOperation: extraPolls,
    essentialCallsByOperation: essential,
  };
}

const operationFloorMs = (essential: number, perSecond: number) => Math.round((Math.max(0, essential - perSecond) / perSecond) * 1000);

function floorOf(unthrottled: ScaleRun, perSecond: number): number {
  let floor = unthrottled.wallMs;
  for (const n of Object.values(unthrottled.essentialCallsByOperation)) floor = Math.max(floor, operationFloorMs(n, perSecond));
  return Math.round(floor);
}

function operationsOf(unthrottled: ScaleRun, throttled: ScaleRun, perSecond: number): ScaleOperationFigures[] {
  const ops = [...new Set([...Object.keys(unthrottled.callsByOperation), ...Object.keys(throttled.callsByOperation)])];
  return ops.map((operation) => {
    const essentialCalls = unthrottled.essentialCallsByOperation[operation] ?? 0;
    const answered = (throttled.callsByOperation[operation] ?? 0) - (throttled.throttledByOperation[operation] ?? 0);
    return {
      operation,
      unthrottledCalls: unthrottled.callsByOperation[operation] ?? 0,
      unthrottledExtraPolls: unthrottled.extraPollsByOperation[operation] ?? 0,
      essentialCalls,
      floorMs: operationFloorMs(essentialCalls, perSecond),
      throttledRunCalls: throttled.callsByOperation[operation] ?? 0,
      throttledRunThrottled: throttled.throttledByOperation[operation] ?? 0,
      throttledRunExtraAnswered: Math.max(0, answered - essentialCalls),
    };
  }).sort((a, b) => b.floorMs - a.floorMs || b.throttledRunCalls - a.throttledRunCalls || a.operation.localeCompare(b.operation));
}

/** The per-operation table rows of one phase, for the bench's output (`top` operations, the bottleneck first). */
export function scaleOperationRows(phase: string, o: ScaleOperation, top = 6): Array<Array<string | number>> {
  return o.operations.slice(0, top).map((f) => [phase, `${f.operation}${f.operation === o.bottleneck ? ' (bottleneck)' : ''}`,
    f.unthrottledCalls, f.unthrottledExtraPolls, f.essentialCalls, f.floorMs,
    f.throttledRunCalls, f.throttledRunThrottled, f.throttledRunExtraAnswered]);
}

export const SCALE_OPERATION_COLUMNS = ['phase', 'operation', 'unthrottled calls', 'of which extra polls', 'essential', 'floor ms',
  'throttled run: calls', 'throttled', 'answered beyond essential'];

async function deployAndDestroy(bench: BenchEmulator, count: number, pollIntervalMs: number, perSecond: number | undefined, work: string,
  handlerBundle?: string) {
  const secretArn = bench.reseed(count);
  if (perSecond !== undefined) bench.emulator.faults.rateLimit('*', '*', perSecond);
  const dir = path.join(work, `app-${perSecond ?? 'free'}`);
  buildMixedApp(dir, { count, secretArn, env: { account: '123456789012', region: 'us-east-1' } }).synth();
  const runner = new LifecycleRunner({
    endpoint: bench.emulator.url, pollIntervalMs, concurrency: count, log: () => undefined, handlerLog: () => undefined, handlerBundle,
  });
  bench.emulator.calls.clear();
  let start = Date.now();
  const deployed = await runner.deploy(dir);
  const deploy = summarize(deployed, bench.emulator.calls.all(), Date.now() - start);
  bench.emulator.calls.clear();
  start = Date.now();
  const destroyed = await runner.destroy();
  const destroy = summarize(destroyed, bench.emulator.calls.all(), Date.now() - start);
  // The bundle ran in Lambda workers behind aws-cdk-lib's framework: end them.
  await runner.close();
  return { deploy, destroy };
}

/**
 * `count` mixed constructs deployed at once (runner concurrency = count) and destroyed, first with no
 * rate limit, then with the emulator throttling every operation beyond `perSecond` calls a second.
 */
export async function runScaleBench(bench: BenchEmulator, count: number, perSecond: number, pollIntervalMs: number,
  log: (line: string) => void, handlerBundle?: string): Promise<ScaleResult> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scale-'));
  try {
    const free = await deployAndDestroy(bench, count, pollIntervalMs, undefined, work, handlerBundle);
    log(`scale: unthrottled deploy ${free.deploy.wallMs} ms, destroy ${free.destroy.wallMs} ms`);
    const limited = await deployAndDestroy(bench, count, pollIntervalMs, perSecond, work, handlerBundle);
    log(`scale: throttled deploy ${limited.deploy.wallMs} ms, destroy ${limited.destroy.wallMs} ms`);
    bench.emulator.faults.clear();
    const op = (a: ScaleRun, b: ScaleRun): ScaleOperation => {
      const floorMs = floorOf(a, perSecond);
      const operations = operationsOf(a, b, perSecond);
      const bottleneck = operations[0] && operations[0].floorMs >= floorMs ? operations[0].operation : undefined;
      return { unthrottled: a, throttled: b, floorMs, ratioToFloor: round(b.wallMs / floorMs, 2), operations, bottleneck };
    };
    return { resources: count, perSecond, pollIntervalMs, deploy: op(free.deploy, limited.deploy), destroy: op(free.destroy, limited.destroy) };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
