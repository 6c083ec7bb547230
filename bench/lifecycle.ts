import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BenchEmulator } from './bench-emulator';
import {
  amazonId, BENCH_IDS, buildMixedApp, connectPeerId, CONSTRUCT_TYPES, ConstructType, hostedConnectionId, virtualInterfaceId,
} from './mixed-app';
import { round } from './stats';
import type { CallRecord } from '../local/emulator/call-log';
import type { DirectConnectService } from '../local/emulator/services/directconnect';
import type { InterconnectService } from '../local/emulator/services/interconnect';
import type { IoTWirelessService } from '../local/emulator/services/iotwireless';
import type { NetworkManagerService } from '../local/emulator/services/networkmanager';
import { LifecycleRunner } from '../local/runner/lifecycle-runner';

export type Phase = 'create' | 'update' | 'delete';

export interface PhaseResult {
  readonly ok: boolean;
  readonly reason?: string;
  /** API calls by `service.Operation`, throttled ones included. */
  readonly calls: Record<string, number>;
  readonly totalCalls: number;
  readonly onEventInvocations: number;
  readonly isCompleteInvocations: number;
  /** Invocations of the Provider framework's own functions (onEvent, isComplete, onTimeout). */
  readonly frameworkInvocations: number;
  /** ms from the start of the phase until the emulated resource was stable. */
  readonly stableAfterMs: number;
  /** ms from the start of the phase until isComplete said so. */
  readonly completeAfterMs: number;
  /** completeAfterMs less stableAfterMs: how late completion was noticed. */
  readonly noticedAfterMs: number;
  readonly withinOnePollInterval: boolean;
}

export interface LifecycleResult {
  readonly pollIntervalMs: number;
  readonly results: Record<string, Record<Phase, PhaseResult>>;
  /** Phases whose calls go beyond what a careful script would make, with why. */
  readonly extraCalls: string[];
}

type Stable = (phase: Phase) => boolean;

/** When is each construct's emulated resource stable, per phase: what a person watching the console would say. */
function stablePredicate(bench: BenchEmulator, type: ConstructType): Stable {
  const e = bench.emulator;
  const dx = () => e.service<DirectConnectService>('directconnect');
  const dxState = (key: 'hostedConnections' | 'virtualInterfaces', idKey: string, id: string) =>
    (dx().snapshot()[key] as any[]).find((x) => x[idKey] === id && x.region === 'us-east-1')?.state;
  switch (type) {
    case 'InterconnectConnection':
      return (phase) => {
        const live = (e.service<InterconnectService>('interconnect').snapshot().connections as any[]);
        if (phase === 'delete') return live.length === 0;
        const c = live[0];
        return !!c && c.state === 'requested' && (phase === 'create' || c.description === 'bench connection 0 updated');
      };
    case 'HostedConnectionAssociation':
      return (phase) => {
        const want = phase === 'create' ? BENCH_IDS.hostedTargets[0] : phase === 'update' ? BENCH_IDS.hostedTargets[1] : BENCH_IDS.hostedTargets[0];
        return dx().parentOf(hostedConnectionId(0)) === want && dxState('hostedConnections', 'connectionId', hostedConnectionId(0)) === 'available';
      };
    case 'VirtualInterfaceAssociation':
      return (phase) => {
        const want = phase === 'create' ? BENCH_IDS.vifTarget : phase === 'update' ? BENCH_IDS.vifSecondTarget : BENCH_IDS.vifSecondTarget;
        return dx().connectionOf(virtualInterfaceId(0)) === want && dxState('virtualInterfaces', 'virtualInterfaceId', virtualInterfaceId(0)) === 'available';
      };
    case 'ConnectPeerAssociation':
      return (phase) => {
        const a = e.service<NetworkManagerService>('networkmanager').associationOf(connectPeerId(0));
        if (phase === 'delete') return !a || a.state === 'DELETED';
        return !!a && a.state === 'AVAILABLE' && a.deviceId === (phase === 'create' ? BENCH_IDS.device : BENCH_IDS.secondDevice);
      };
    case 'SidewalkAccountAssociation':
      return (phase) => {
        const a = e.service<IoTWirelessService>('iotwireless').partnerAccount(amazonId(0));
        if (phase === 'delete') return !a;
        return !!a && (phase === 'create' || a.tags.stage === 'two');
      };
  }
}

/** When our isComplete first answered IsComplete: true among the invocations since `from`, from the runner's audit. */
function completedAt(runner: LifecycleRunner, from: number): number | undefined {
  return runner.audit.invocations.slice(from)
    .find((i) => !i.functionError && /IsComplete/.test(i.functionName) && !/framework/i.test(i.functionName) && /"IsComplete":true/.test(i.result))?.endedAt;
}

function countByOperation(calls: CallRecord[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of calls) {
    const key = `${c.service}.${c.operation}${c.status === 429 ? ' (throttled)' : ''}`;
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

/**
 * Each construct alone in a stack, through the bundled handlers and the lifecycle runner: Create, an
 * in-place Update (or, for a Direct Connect move, a move on to another target), Delete. For each phase:
 * the calls the emulator saw, and how long after the emulated resource became stable the handler said
 * complete, sampled every 2 ms.
 */
export async function runLifecycleBench(bench: BenchEmulator, pollIntervalMs: number, log: (line: string) => void): Promise<LifecycleResult> {
  const results: Record<string, Record<Phase, PhaseResult>> = {};
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-lifecycle-'));
  try {
    for (const type of CONSTRUCT_TYPES) {
      const secretArn = bench.reseed(4);
      const stable = stablePredicate(bench, type);
      // The bundle in Lambda workers, behind aws-cdk-lib's framework; the waiter's attempts pollIntervalMs apart.
      const runner = new LifecycleRunner({
        endpoint: bench.emulator.url,
        pollIntervalMs,
        concurrency: 1,
        log: () => undefined,
        handlerLog: () => undefined,
      });
      const stages = [false, true].map((second) => {
        const dir = path.join(work, `${type}-${second ? 2 : 1}`);
        buildMixedApp(dir, { count: 1, types: [type], secondStage: second, secretArn, restoreAll: true, env: { account: '123456789012', region: 'us-east-1' } }).synth();
        return dir;
      });
      const phases: Record<string, PhaseResult> = {};
      for (const phase of ['create', 'update', 'delete'] as Phase[]) {
        bench.emulator.calls.clear();
        const invocationsBefore = runner.audit.invocations.length;
        let stableAt: number | undefined;
        const start = Date.now();
        const timer = setInterval(() => {
          const now = Date.now();
          if (stable(phase)) stableAt ??= now;
          else stableAt = undefined;
        }, 2);
        const result = phase === 'delete' ? await runner.destroy() : await runner.deploy(stages[phase === 'create' ? 0 : 1]);
        clearInterval(timer);
        if (stable(phase)) stableAt ??= Date.now();
        // A Delete that has nothing to wait for completes without isComplete saying so after a change.
        const done = completedAt(runner, invocationsBefore) ?? Date.now();
        const ours = Object.values(result.invocations);
        const calls = bench.emulator.calls.all();
        const noticed = stableAt === undefined ? NaN : Math.max(0, done - stableAt);
        phases[phase] = {
          ok: result.ok,
          reason: result.failed?.reason,
          calls: countByOperation(calls),
          totalCalls: calls.length,
          onEventInvocations: ours.reduce((n, c) => n + c.onEvent, 0),
          isCompleteInvocations: ours.reduce((n, c) => n + c.isComplete, 0),
          frameworkInvocations: runner.audit.invocations.slice(invocationsBefore).filter((i) => /framework/i.test(i.functionName)).length,
          stableAfterMs: stableAt === undefined ? NaN : Math.max(0, stableAt - start),
          completeAfterMs: done - start,
          noticedAfterMs: round(noticed),
          withinOnePollInterval: noticed <= pollIntervalMs,
        };
      }
      await runner.close();
      results[type] = phases as Record<Phase, PhaseResult>;
      log(`lifecycle: ${type} done`);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return { pollIntervalMs, results, extraCalls: [] };
}
