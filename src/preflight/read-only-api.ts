import type { NotFoundRule } from '../runtime/errors';
import { Logger } from '../runtime/logger';
import { retryingCaller } from '../runtime/retry';

/** How long the preflight keeps retrying throttled calls in all: long enough for a busy account, bounded for a pipeline. */
export const PREFLIGHT_RETRY_WINDOW_MS = 5 * 60_000;

/** Told of each call the preflight starts, for the progress line on a terminal. */
export type CallListener = (what: string) => void;

/**
 * One of the handlers' API seams, for the preflight: only the named read methods can be called (a write is a
 * bug that fails here, before any request), and each call is retried as the handlers retry theirs
 * (`retryingCaller`: throttling, 5xx and dropped sockets, with the kit's backoff; throttling for as long as the
 * retry window lasts). Retries log nothing: the preflight's output is its report.
 */
export function readOnlyApi<T extends object>(target: T, reads: ReadonlyArray<keyof T & string>, notFoundRules: NotFoundRule[],
  onCall: CallListener = () => undefined): T {
  const call = retryingCaller({ notFoundRules });
  const deadline = Date.now() + PREFLIGHT_RETRY_WINDOW_MS;
  const ctx = { logger: new Logger(), invocationRemainingMs: () => deadline - Date.now() };
  // Retried calls log through the logger: silence it by giving it a level that never writes.
  ctx.logger.warn = () => undefined;
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function') return value;
      const name = String(prop);
      if (!(reads as readonly string[]).includes(name)) {
        return () => Promise.reject(new Error(`The preflight makes read-only calls only; ${name} is not one.`));
      }
      return (...args: unknown[]) => {
        onCall(name);
        return call(ctx, name, () => value.apply(obj, args));
      };
    },
  });
}
