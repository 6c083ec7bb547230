import { AsyncLocalStorage } from 'node:async_hooks';
import type { RetryErrorInfo, RetryStrategyV2, RetryToken, StandardRetryToken } from '@smithy/types';
import { StandardRetryStrategy } from '@smithy/util-retry';

/**
 * A retry budget per handler invocation for the SDK clients the handlers keep at module level.
 *
 * An SDK client's standard retry strategy holds a token bucket for as long as the client lives: 500
 * tokens, 5 for each throttled retry, refilled only by successes. The handlers keep one client per
 * service for the life of the Lambda container (or, under the local runner, of the process), so a burst of
 * throttling spent in one invocation, or in 50 resources handled at once, empties the bucket for every
 * later call: they then fail on their first throttle with no retry at all. Here each invocation gets a
 * bucket of its own, and the client's connection pool is still shared.
 */
interface InvocationBudget {
  readonly strategies: Map<InvocationRetryStrategy, StandardRetryStrategy>;
  /** An isComplete poll: a throttled read is answered "not yet" and the waiter polls again. */
  readonly poll: boolean;
}

const budgets = new AsyncLocalStorage<InvocationBudget>();

/**
 * Set while the kit's own retry loop (`withRetries` in `retry.ts`) runs a call that it retries on throttling.
 * That loop knows the invocation's remaining time and backs off for the whole call; an SDK retry inside it
 * would stack a second backoff under the first.
 */
const retriedAbove = new AsyncLocalStorage<boolean>();

export interface InvocationRetryBudgetOptions {
  /**
   * The invocation is an isComplete poll: throttling of a call no kit loop retries is not retried by the SDK
   * either (unless the service sent Retry-After), because the waiter asks again one interval later anyway.
   * @default false
   */
  readonly poll?: boolean;
}

/** Run one handler invocation with fresh retry budgets for every client it calls through. */
export function withInvocationRetryBudget<T>(fn: () => Promise<T>, options: InvocationRetryBudgetOptions = {}): Promise<T> {
  return budgets.run({ strategies: new Map(), poll: options.poll ?? false }, fn);
}

/** Run `fn` as a call whose throttling the caller retries itself: the SDK clients give a throttled attempt back at once. */
export function withThrottlingRetriedByCaller<T>(fn: () => Promise<T>): Promise<T> {
  return retriedAbove.run(true, fn);
}

/** `AWS_MAX_ATTEMPTS`, as the SDK reads it, else the SDK's default of 3. */
function maxAttemptsFromEnvironment(): number {
  const value = Number(process.env.AWS_MAX_ATTEMPTS);
  return Number.isInteger(value) && value >= 1 ? value : 3;
}

/**
 * A RetryStrategyV2 for an SDK client (`retryStrategy`) that delegates to a standard strategy per
 * invocation (outside any invocation, to one of its own). Retries, backoff and Retry-After are the SDK's.
 */
export class InvocationRetryStrategy implements RetryStrategyV2 {
  public readonly mode = 'standard';
  private readonly outside: StandardRetryStrategy;

  constructor(private readonly maxAttempts: number = maxAttemptsFromEnvironment()) {
    this.outside = new StandardRetryStrategy(maxAttempts);
  }

  public acquireInitialRetryToken(retryTokenScope: string): Promise<RetryToken> {
    // Older SDK clients (Network Manager 3.523) pass no scope; the strategy reads it as a string.
    return this.current().acquireInitialRetryToken(retryTokenScope ?? '');
  }

  public refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    // Read from the response first: @smithy/middleware-retry 2.x (Network Manager 3.523) turns
    // `Retry-After: 1` into a date in 1970, which the strategy then ignores.
    const hint = retryAfterOf(errorInfo.error) ?? errorInfo.retryAfterHint;
    // One backoff per throttled call, not two nested: the kit's loop (or, for a poll, the waiter) tries again.
    // Refusing the token makes the SDK throw the throttling error it got. A Retry-After is still the SDK's to honour.
    if (errorInfo.errorType === 'THROTTLING' && !hint && (retriedAbove.getStore() || budgets.getStore()?.poll)) {
      return Promise.reject(new Error('throttling is retried by the caller'));
    }
    return this.current().refreshRetryTokenForRetry(token as StandardRetryToken, hint ? { ...errorInfo, retryAfterHint: hint } : errorInfo);
  }

  public recordSuccess(token: RetryToken): void {
    this.current().recordSuccess(token as StandardRetryToken);
  }

  private current(): StandardRetryStrategy {
    const store = budgets.getStore();
    if (!store) return this.outside;
    let strategy = store.strategies.get(this);
    if (!strategy) {
      strategy = new StandardRetryStrategy(this.maxAttempts);
      store.strategies.set(this, strategy);
    }
    return strategy;
  }
}

/**
 * `Retry-After` (seconds or an HTTP date) from the raw response an SDK error carries.
 */
function retryAfterOf(error: unknown): Date | undefined {
  const headers = (error as { $response?: { headers?: Record<string, string> } } | undefined)?.$response?.headers;
  if (!headers) return undefined;
  const name = Object.keys(headers).find((k) => k.toLowerCase() === 'retry-after');
  const value = name ? String(headers[name]).trim() : '';
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return new Date(Date.now() + Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : new Date(date);
}
