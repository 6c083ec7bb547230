import { classifyError, ErrorClass, NotFoundRule } from './errors';
import type { Logger } from './logger';
import type { HandlerContext } from './resource-handler';
import { withThrottlingRetriedByCaller } from './retry-budget';

export interface RetryOptions {
  /** Which error classes are tried again. */
  readonly retryOn: ErrorClass[];
  /** The most attempts in all. @default 8 */
  readonly maxAttempts?: number;
  /** The first delay; doubles each time, with full jitter. @default HYBRID_CONNECTIVITY_RETRY_BASE_MS or 1000 */
  readonly baseDelayMs?: number;
  /** The longest single delay. @default 20 times the first delay (20000 at the real base) */
  readonly maxDelayMs?: number;
  /**
   * The longest single delay after throttling, when it is waited out (`timeLeftMs` given). A rate limit's bucket gives a token back every fraction of a
   * second; a delay that keeps doubling leaves this call further behind every caller that comes back at a
   * steady rate (the waiters polling the same operation), so it is served last, not sooner. Measured with
   * 100 constructs at 5 calls/s (bench/scale.ts, a loaded machine): the destroy's last DisassociateConnectPeer
   * at 9.1 s with the doubling delay, 4.0 and 6.1 s with this cap (6.6 and 8.2 s with twice it). The remaining
   * invocation time still bounds the whole loop.
   * @default the first delay (1000 at the real base): full jitter over [0, first delay], and never more than `maxDelayMs`
   */
  readonly maxThrottlingDelayMs?: number;
  /** Service-specific not-found rules, for classification. */
  readonly notFoundRules?: NotFoundRule[];
  readonly logger?: Logger;
  /** What is being tried, for the log. */
  readonly what?: string;
  /**
   * The time left to keep trying, in ms. When given, throttling is retried past `maxAttempts` for as long
   * as the next delay fits, and no delay is started that would outlast it.
   * @default no limit, and throttling stops at `maxAttempts` like the rest
   */
  readonly timeLeftMs?: () => number;
}

export function retryBaseDelayMs(): number {
  const fromEnv = Number(process.env.HYBRID_CONNECTIVITY_RETRY_BASE_MS);
  return Number.isFinite(fromEnv) && fromEnv >= 0 && process.env.HYBRID_CONNECTIVITY_RETRY_BASE_MS !== undefined ? fromEnv : 1000;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Call `fn` until it succeeds, retrying only the named error classes, with capped exponential backoff and
 * full jitter. Used for what the SDK's own retries do not cover: IAM propagation (AccessDenied right after
 * a role is made) and ConflictException while another operation runs.
 */
export async function withRetries<T>(fn: () => Promise<T>, options: RetryOptions): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 8;
  const base = options.baseDelayMs ?? retryBaseDelayMs();
  const cap = options.maxDelayMs ?? 20 * base;
  const throttlingCap = Math.min(cap, options.maxThrottlingDelayMs ?? base);
  // This loop backs off for throttling; the SDK clients then give a throttled attempt back at once (retry-budget.ts).
  const attemptOnce = options.retryOn.includes('throttling') ? () => withThrottlingRetriedByCaller(fn) : fn;
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptOnce();
    } catch (err) {
      const cls = classifyError(err, options.notFoundRules);
      if (!options.retryOn.includes(cls)) throw err;
      // Throttling is the service asking for patience, not a fault: with a time limit it is waited out.
      const waitsOut = cls === 'throttling' && options.timeLeftMs !== undefined;
      if (attempt >= maxAttempts && !waitsOut) throw err;
      // Waited out (bounded by the time left), throttling comes back at a steady rate; otherwise the doubling
      // delay is what spreads the bounded attempts over enough time.
      const delay = Math.floor(Math.random() * Math.min(waitsOut ? throttlingCap : cap, base * 2 ** Math.min(attempt - 1, 30)));
      if (options.timeLeftMs && delay >= options.timeLeftMs()) throw err;
      options.logger?.warn('retrying after a retryable error', {
        what: options.what, attempt, errorClass: cls, error: (err as Error)?.name, delayMs: delay,
      });
      await sleep(delay);
    }
  }
}

/** What a handler's own AWS calls are retried on: IAM propagation, throttling, 5xx and dropped sockets. */
export const CALL_RETRY_ON: ErrorClass[] = ['accessDenied', 'throttling', 'transient'];

export interface RetryingCallerOptions {
  /** More error classes to retry, e.g. `conflict` for an API that reports a resource busy with another operation. */
  readonly alsoRetryOn?: ErrorClass[];
  /** Service-specific not-found rules, so a not-found is never retried. */
  readonly notFoundRules?: NotFoundRule[];
}

/** What `retryingCaller` reads from the handler context; without `invocationRemainingMs`, throttling stops at the attempt limit. */
export type CallContext = Pick<HandlerContext, 'logger'> & Partial<Pick<HandlerContext, 'invocationRemainingMs'>>;

/**
 * The one way handlers make an AWS call: `call(ctx, 'Operation', () => client.op(...))`, retried on its own
 * with the kit's bounded backoff, the operation named in the log. Throttling is retried for as long as the
 * invocation has time: a stack that moves fifty connections at once meets it for minutes, not seconds.
 */
export function retryingCaller(options: RetryingCallerOptions = {}) {
  const retryOn = [...CALL_RETRY_ON, ...(options.alsoRetryOn ?? [])];
  return <T>(ctx: CallContext, what: string, fn: () => Promise<T>): Promise<T> =>
    withRetries(fn, {
      retryOn,
      notFoundRules: options.notFoundRules,
      logger: ctx.logger,
      what,
      timeLeftMs: ctx.invocationRemainingMs?.bind(ctx),
    });
}
