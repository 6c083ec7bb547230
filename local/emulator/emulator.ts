import { CallLog } from './call-log';
import type { ControlTarget } from './control-api';
import { EmulatorClock } from './emulator-clock';
import { EmulatorServer } from './emulator-server';
import { FaultInjector } from './fault-injector';
import type { EmulatorService, ServiceContext } from './service';
import { SERVICE_FACTORIES } from './services';

export { CallLog } from './call-log';
export { EmulatorClock } from './emulator-clock';
export type { CallRecord, CallFilter } from './call-log';
export { FaultInjector } from './fault-injector';
export type { FaultRule } from './fault-injector';

export interface EmulatorOptions {
  /** 0 picks any free port. Default 4566. */
  readonly port?: number;
  /** Default 127.0.0.1: the emulator accepts any credentials, so it never listens beyond loopback by default. */
  readonly host?: string;
  /** Simulated transition times in ms by name, e.g. `{'interconnect.pendingToAvailable': 50}`. */
  readonly timings?: Record<string, number>;
  /** Default 123456789012. */
  readonly accountId?: string;
  /** No per-request lines on stdout. */
  readonly quiet?: boolean;
}

export interface RunningEmulator {
  /** `http://<host>:<port>`, for `endpoint` / `AWS_ENDPOINT_URL`. */
  readonly url: string;
  readonly port: number;
  readonly faults: FaultInjector;
  readonly calls: CallLog;
  /** The clock every service reads. Freeze it to end simulated transitions exactly when a test says. */
  readonly clock: EmulatorClock;
  /** The names of the emulated services, as used in fault rules, the call log and control routes. */
  readonly serviceNames: readonly string[];
  /** In-process access to a service's state, e.g. `service<InterconnectService>('interconnect')`. */
  service<T extends EmulatorService = EmulatorService>(name: string): T;
  setTiming(name: string, ms: number): void;
  /** Every service reset and seeded again, faults cleared, call log cleared, clock released. Timings are kept. */
  reset(): void;
  stop(): Promise<void>;
}

/** Starts the local AWS emulator with every service in `SERVICE_FACTORIES`. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const timings = new Map<string, number>(Object.entries(options.timings ?? {}));
  const clock = new EmulatorClock();
  const ctx: ServiceContext = {
    accountId: options.accountId ?? '123456789012',
    now: () => clock.now(),
    timing: (name, fallbackMs) => timings.get(name) ?? fallbackMs,
  };
  const services = SERVICE_FACTORIES.map(make => make(ctx));
  const faults = new FaultInjector();
  const calls = new CallLog();
  const setTiming = (name: string, ms: number) => {
    if (!(ms >= 0)) throw new Error(`Timing ${name} must be >= 0 ms, got ${ms}`);
    timings.set(name, ms);
  };
  const reset = () => {
    for (const s of services) s.reset();
    faults.clear();
    calls.clear();
    clock.release();
  };
  const target: ControlTarget = {
    services,
    faults,
    calls,
    clock,
    ctx,
    timings: () => Object.fromEntries(timings),
    setTiming,
    reset,
  };
  const server = new EmulatorServer(target, options.quiet ?? false);
  const host = options.host ?? '127.0.0.1';
  const port = await server.listen(options.port ?? 4566, host);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    serviceNames: services.map(s => s.name),
    service<T extends EmulatorService = EmulatorService>(name: string): T {
      const found = services.find(s => s.name === name);
      if (!found) throw new Error(`No emulated service named ${name}; have ${services.map(s => s.name).join(', ')}`);
      return found as T;
    },
    faults,
    calls,
    clock,
    setTiming,
    reset,
    stop: () => server.close(),
  };
}
