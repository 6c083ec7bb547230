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
  /** The same, less every isComplete poll beyond the first per resource: what the rate limit must let through. */
  readonly essentialCallsByOperation: Record<string, number>;
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
  for (const c of calls) byOp[`${c.service}.${c.operation}`] = (byOp[`${c.service}.${c.operation}`] ?? 0) + 1;
  const essential = { ...byOp };
  for (const [key, n] of Object.entries(result.invocations)) {
    const logicalId = key.split('/').pop() ?? '';
    const op = POLL_OPERATION.find(([re]) => re.test(logicalId))?.[1];
    if (op && essential[op] !== undefined) essential[op] = Math.max(0, essential[op] - Math.max(0, n.isComplete - 1));
  }
  return {
    ok: result.ok,
    failures: result.events.filter((e) => e.status === 'failed').map((e) => `${e.logicalId}: ${e.reason}`).slice(0, 10),
    totalCalls: calls.length,
    throttledCalls: calls.filter((c) => c.status === 429).length,
    wallMs: Math.round(wallMs),
    callsByOperation: byOp,
    essentialCallsByOperation: essential,
  };
}

function floorOf(unthrottled: ScaleRun, perSecond: number): number {
  let floor = unthrottled.wallMs;
  for (const n of Object.values(unthrottled.essentialCallsByOperation)) {
    floor = Math.max(floor, (Math.max(0, n - perSecond) / perSecond) * 1000);
  }
  return Math.round(floor);
}

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
      return { unthrottled: a, throttled: b, floorMs, ratioToFloor: round(b.wallMs / floorMs, 2) };
    };
    return { resources: count, perSecond, pollIntervalMs, deploy: op(free.deploy, limited.deploy), destroy: op(free.destroy, limited.destroy) };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
