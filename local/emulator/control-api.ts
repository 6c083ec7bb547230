import type { CallLog } from './call-log';
import type { EmulatorClock } from './emulator-clock';
import type { FaultInjector, FaultRule } from './fault-injector';
import { ServiceError, type EmulatorService, type ServiceContext } from './service';

/** What the control routes act on: the running emulator's parts. */
export interface ControlTarget {
  readonly services: readonly EmulatorService[];
  readonly faults: FaultInjector;
  readonly calls: CallLog;
  readonly clock: EmulatorClock;
  readonly ctx: ServiceContext;
  timings(): Record<string, number>;
  setTiming(name: string, ms: number): void;
  reset(): void;
}

export interface ControlResult {
  readonly status: number;
  readonly body: unknown;
}

function badRequest(message: string): ServiceError {
  return new ServiceError(400, 'BadRequest', message);
}

/**
 * The unsigned `/_emulator/...` routes, so tests in other processes (and the lifecycle runner, and a
 * person with curl) can reset the emulator, switch faults on and play the partner side:
 *
 * - `POST /_emulator/reset`
 * - `GET  /_emulator/state`: every service's snapshot, the fault rules and the timings
 * - `POST /_emulator/faults`: a FaultRule, `{clear: true}` or `{rateLimit: {service, operation, perSecond}}`
 * - `POST /_emulator/timings`: `{name: ms, ...}`
 * - `POST /_emulator/clock`: `{freeze: true}`, `{advanceMs: n}` or `{release: true}` (in that order when combined)
 * - `GET  /_emulator/calls`
 * - `POST /_emulator/<service>/<action>`: the service's own control
 */
export async function handleControl(target: ControlTarget, method: string, path: string, body: any): Promise<ControlResult> {
  const parts = path.split('/').filter(Boolean).slice(1).map(decodeURIComponent);
  const route = `${method} ${parts.join('/')}`;
  switch (route) {
    case 'POST reset':
      target.reset();
      return { status: 200, body: { reset: true } };
    case 'GET state': {
      const services: Record<string, unknown> = {};
      for (const s of target.services) services[s.name] = s.snapshot();
      return { status: 200, body: { ...services, _faults: target.faults.describe(), _timings: target.timings() } };
    }
    case 'GET calls':
      return { status: 200, body: { calls: target.calls.all(), byOperation: target.calls.byOperation() } };
    case 'POST faults':
      return { status: 200, body: applyFaults(target.faults, body) };
    case 'POST timings': {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('Expected {"<timing name>": <ms>, ...}');
      for (const [name, ms] of Object.entries(body)) {
        if (typeof ms !== 'number' || !(ms >= 0)) throw badRequest(`Timing ${name} must be a number of ms >= 0, got ${JSON.stringify(ms)}`);
        target.setTiming(name, ms);
      }
      return { status: 200, body: target.timings() };
    }
    case 'POST clock':
      return { status: 200, body: applyClock(target.clock, body) };
  }
  if (method === 'POST' && parts.length === 2) {
    const service = target.services.find(s => s.name === parts[0]);
    if (!service) throw new ServiceError(404, 'ResourceNotFoundException', `No emulated service named ${parts[0]}`);
    if (!service.control) throw new ServiceError(404, 'ResourceNotFoundException', `Service ${service.name} has no controls`);
    const result = await service.control(parts[1], body ?? {}, target.ctx);
    return { status: 200, body: result ?? {} };
  }
  throw new ServiceError(404, 'ResourceNotFoundException', `No control route ${method} ${path}`);
}

function applyFaults(faults: FaultInjector, body: any): unknown {
  if (typeof body !== 'object' || body === null) throw badRequest('Expected a fault rule, {"clear": true} or {"rateLimit": {...}}');
  if (body.clear === true) {
    faults.clear();
    return { cleared: true };
  }
  if (body.rateLimit) {
    const { service, operation, perSecond } = body.rateLimit;
    if (typeof service !== 'string' || typeof operation !== 'string' || typeof perSecond !== 'number') {
      throw badRequest('rateLimit needs {service: string, operation: string, perSecond: number}');
    }
    faults.rateLimit(service, operation, perSecond);
    return { rateLimited: { service, operation, perSecond } };
  }
  try {
    faults.add(body as FaultRule);
  } catch (e) {
    throw badRequest((e as Error).message);
  }
  return { added: body };
}

function applyClock(clock: EmulatorClock, body: any): { now: number; frozen: boolean } {
  const known = ['freeze', 'advanceMs', 'release'];
  if (typeof body !== 'object' || body === null || !Object.keys(body).some(k => known.includes(k))) {
    throw badRequest('Expected {"freeze": true}, {"advanceMs": <ms>} or {"release": true}');
  }
  if (body.advanceMs !== undefined && (typeof body.advanceMs !== 'number' || !(body.advanceMs >= 0))) {
    throw badRequest(`advanceMs must be a number of ms >= 0, got ${JSON.stringify(body.advanceMs)}`);
  }
  if (body.freeze === true) clock.freeze();
  if (body.advanceMs !== undefined) clock.advance(body.advanceMs);
  if (body.release === true) clock.release();
  return { now: clock.now(), frozen: clock.frozen };
}
