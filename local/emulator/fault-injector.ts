import type { FaultRule } from './fault-rule';
import { TokenBucket } from './token-bucket';

export type { FaultRule } from './fault-rule';

/** What the server does with one call, after every fault rule and rate limit has had its say. */
export interface FaultDecision {
  /** Milliseconds to wait before doing anything else. */
  readonly delayMs: number;
  /** The rule that answers the call instead of the service, if any. */
  readonly rule?: FaultRule;
  /** True when the call is over its operation's rate limit. */
  readonly throttled: boolean;
}

interface ActiveRule {
  readonly rule: FaultRule;
  seen: number;
  applied: number;
}

interface RateLimit {
  readonly service: string;
  readonly operation: string;
  readonly perSecond: number;
  /** One bucket per operation, so `*` limits each operation on its own, as AWS does. */
  readonly buckets: Map<string, TokenBucket>;
}

function matches(pattern: string, value: string): boolean {
  return pattern === '*' || pattern === value;
}

/**
 * Per-operation faults and rate limits that tests switch on, in process or over `POST /_emulator/faults`.
 */
export class FaultInjector {
  private rules: ActiveRule[] = [];
  private limits: RateLimit[] = [];
  /** `service:operation` pairs the service itself has answered since the last clear, for `after`. */
  private served = new Set<string>();

  add(rule: FaultRule): void {
    if (!['error', 'drop', 'latency', 'raw'].includes(rule.kind)) {
      throw new Error(`Unknown fault kind '${String(rule.kind)}': expected error, drop, latency or raw`);
    }
    if (!rule.service || !rule.operation) {
      throw new Error('A fault rule needs a service and an operation (or \'*\')');
    }
    if (rule.after !== undefined && (typeof rule.after !== 'string' || rule.after === '')) {
      throw new Error('A fault rule\'s after must name an operation');
    }
    this.rules.push({ rule, seen: 0, applied: 0 });
  }

  clear(): void {
    this.rules = [];
    this.limits = [];
    this.served = new Set();
  }

  /** Throttle `service:operation` beyond `perSecond` calls a second (a token bucket per operation). */
  rateLimit(service: string, operation: string, perSecond: number): void {
    if (!(perSecond >= 0)) {
      throw new Error(`perSecond must be a number >= 0, got ${perSecond}`);
    }
    this.limits = this.limits.filter(l => !(l.service === service && l.operation === operation));
    this.limits.push({ service, operation, perSecond, buckets: new Map() });
  }

  /** The rules added and how often each has matched and applied, for `GET /_emulator/state`. */
  describe(): Array<FaultRule & { seen: number; applied: number }> {
    return this.rules.map(r => ({ ...r.rule, seen: r.seen, applied: r.applied }));
  }

  /** Consumes rule counters and rate-limit tokens for one call. */
  decide(service: string, operation: string): FaultDecision {
    let delayMs = 0;
    for (const active of this.rules) {
      const { rule } = active;
      if (!matches(rule.service, service) || !matches(rule.operation, operation)) continue;
      if (rule.after !== undefined && !this.served.has(`${service}:${rule.after}`)) continue;
      active.seen++;
      if (active.seen <= (rule.skip ?? 0)) continue;
      if (rule.count !== undefined && active.applied >= rule.count) continue;
      active.applied++;
      if (rule.kind === 'latency') {
        delayMs += rule.latencyMs ?? 1000;
        continue;
      }
      return { delayMs, rule, throttled: false };
    }
    const throttled = this.overLimit(service, operation);
    if (!throttled) this.served.add(`${service}:${operation}`);
    return { delayMs, throttled };
  }

  private overLimit(service: string, operation: string): boolean {
    let throttled = false;
    for (const limit of this.limits) {
      if (!matches(limit.service, service) || !matches(limit.operation, operation)) continue;
      const key = `${service}:${operation}`;
      let bucket = limit.buckets.get(key);
      if (!bucket) {
        bucket = new TokenBucket(limit.perSecond);
        limit.buckets.set(key, bucket);
      }
      if (!bucket.take()) throttled = true;
    }
    return throttled;
  }
}
