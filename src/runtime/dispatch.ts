import { classifyError, describeError, shortReason, TerminalError } from './errors';
import { idempotencyToken } from './idempotency-token';
import { LifecycleEvent, RawProviderEvent, toLifecycleEvent } from './lifecycle-event';
import { Logger } from './logger';
import type { HandlerContext, HandlerTable, ResourceHandler } from './resource-handler';
import { responseData } from './response-size';
import { withInvocationRetryBudget } from './retry-budget';
import {
  DEFAULT_WAIT_TIMEOUT_SECONDS, IS_COMPLETE_TIMEOUT_SECONDS, ON_EVENT_TIMEOUT_SECONDS, WAIT_DEADLINE_DATA_KEY, WAIT_TIMEOUT_PROPERTY,
} from '../provider/provider-contract';

/** The Provider framework's onEvent response. */
export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly Data: Record<string, string>;
  readonly NoEcho?: boolean;
}

/** The Provider framework's isComplete response. */
export interface IsCompleteResponse {
  readonly IsComplete: boolean;
  readonly Data?: Record<string, string>;
}

async function resolveHandler(table: HandlerTable, resourceType: string): Promise<ResourceHandler> {
  const load = table[resourceType];
  if (!load) {
    throw new TerminalError(`This provider does not serve resource type ${resourceType}; ` +
      `it serves ${Object.keys(table).sort().join(', ')}. Upgrade cdk-hybrid-connectivity in the app that deployed it.`);
  }
  return load();
}

/** The part of the Lambda context the kit reads. */
export interface InvocationContext {
  getRemainingTimeInMillis(): number;
}

/** What an invocation keeps back from its Lambda timeout to log and answer after its last call. */
export const INVOCATION_RESERVE_MS = 10_000;

/** When this invocation must stop calling AWS: the Lambda's time left (or its timeout, outside Lambda) less the reserve. */
function invocationDeadline(lambda: InvocationContext | undefined, timeoutSeconds: number): number {
  const left = lambda?.getRemainingTimeInMillis?.();
  return Date.now() + (typeof left === 'number' && Number.isFinite(left) ? left : timeoutSeconds * 1000) - INVOCATION_RESERVE_MS;
}

function contextFor(event: LifecycleEvent, logger: Logger, started: number, deadline: number, invocationEnds: number): HandlerContext {
  return {
    logger,
    idempotencyToken: (purpose?: string) => idempotencyToken(event.stackId, event.logicalResourceId, event.requestId, purpose),
    remainingMs: () => deadline - Date.now(),
    elapsedMs: () => Date.now() - started,
    invocationRemainingMs: () => invocationEnds - Date.now(),
  };
}

/** The reason onEvent gives for a call AWS throttled until the invocation ran out of time. */
function throttledReason(err: unknown): string {
  return shortReason(`${describeError(err)}. AWS throttled this call for the whole invocation: too many calls at once in this ` +
    'account and Region. Retry the deployment, or create fewer of these resources at a time (split the stack or add dependencies).');
}

function loggerFor(event: LifecycleEvent, phase: string): Logger {
  return new Logger({
    phase,
    requestType: event.requestType,
    resourceType: event.resourceType,
    logicalResourceId: event.logicalResourceId,
    requestId: event.requestId,
    physicalResourceId: event.physicalResourceId,
  });
}

/**
 * How long after a request starts an AccessDenied while waiting still reads as "not yet": a role or policy
 * made in the same deployment takes a while to reach every IAM endpoint, and the isComplete calls can meet
 * a denial that onEvent's own (retried) calls already got past. After this, a denial fails the resource.
 */
export const ACCESS_DENIED_GRACE_MS = 120_000;

function waitTimeoutMs(event: LifecycleEvent): number {
  const seconds = Number(event.properties[WAIT_TIMEOUT_PROPERTY]);
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_WAIT_TIMEOUT_SECONDS) * 1000;
}

/**
 * Build the Provider framework's onEvent entry over a table of resource handlers.
 * It never logs the raw event (ResponseURL, secret-bearing properties), and any failure becomes a short,
 * redacted reason that CloudFormation shows.
 */
export function createOnEventHandler(table: HandlerTable) {
  return (raw: RawProviderEvent, lambda?: InvocationContext): Promise<OnEventResponse> => withInvocationRetryBudget(async () => {
    const invocationEnds = invocationDeadline(lambda, ON_EVENT_TIMEOUT_SECONDS);
    const event = toLifecycleEvent(raw);
    const logger = loggerFor(event, 'onEvent');
    logger.info('request received');
    try {
      const handler = await resolveHandler(table, event.resourceType);
      const ctx = contextFor(event, logger, Date.now(), Number.POSITIVE_INFINITY, invocationEnds);
      const result = await handler.onEvent(event, ctx);
      const deadline = Date.now() + waitTimeoutMs(event);
      const data = responseData({ ...(result.data ?? {}), [WAIT_DEADLINE_DATA_KEY]: String(deadline) }, {
        physicalResourceId: result.physicalResourceId,
        stackId: event.stackId,
        requestId: event.requestId,
        logicalResourceId: event.logicalResourceId,
      });
      logger.info('request started', { physicalResourceId: result.physicalResourceId });
      return { PhysicalResourceId: result.physicalResourceId, Data: data, ...(handler.noEcho ? { NoEcho: true } : {}) };
    } catch (err) {
      const cls = classifyError(err);
      const reason = cls === 'throttling' && !(err instanceof TerminalError) ? throttledReason(err) : describeError(err);
      logger.error('request failed', { errorClass: cls, reason });
      throw new Error(reason);
    }
  });
}

/**
 * Build the Provider framework's isComplete entry. Transient errors mean "not yet"; the wait limit set by
 * the construct fails the resource with the last progress seen, before the provider's own timeout.
 */
export function createIsCompleteHandler(table: HandlerTable) {
  return (raw: RawProviderEvent, lambda?: InvocationContext): Promise<IsCompleteResponse> => withInvocationRetryBudget(async () => {
    const invocationEnds = invocationDeadline(lambda, IS_COMPLETE_TIMEOUT_SECONDS);
    const event = toLifecycleEvent(raw);
    const logger = loggerFor(event, 'isComplete');
    const deadline = Number(event.data[WAIT_DEADLINE_DATA_KEY]) || Date.now() + waitTimeoutMs(event);
    // onEvent set the deadline one wait limit after it answered: that is when the wait started.
    const started = deadline - waitTimeoutMs(event);
    let progress: string | undefined;
    try {
      const handler = await resolveHandler(table, event.resourceType);
      const result = await handler.isComplete(event, contextFor(event, logger, started, deadline, invocationEnds));
      progress = result.progress;
      if (result.isComplete) {
        logger.info('complete', { progress });
        const data = result.data
          ? responseData({ ...event.data, ...result.data }, {
            physicalResourceId: event.physicalResourceId ?? '',
            stackId: event.stackId,
            requestId: event.requestId,
            logicalResourceId: event.logicalResourceId,
          })
          : undefined;
        return data ? { IsComplete: true, Data: data } : { IsComplete: true };
      }
      logger.info('waiting', { progress });
    } catch (err) {
      const cls = classifyError(err);
      const propagating = cls === 'accessDenied' && Date.now() - started < ACCESS_DENIED_GRACE_MS;
      if (err instanceof TerminalError || (cls !== 'throttling' && cls !== 'transient' && !propagating)) {
        const reason = describeError(err);
        logger.error('request failed', { errorClass: cls, reason });
        throw new Error(reason);
      }
      progress = `${describeError(err)} (${propagating ? 'retrying while IAM permissions propagate' : 'retrying'})`;
      logger.warn('transient error while waiting; will poll again', { errorClass: cls, reason: progress });
    }
    if (Date.now() >= deadline) {
      const waited = Math.round(waitTimeoutMs(event) / 1000);
      const reason = describeError(new TerminalError(
        `Timed out after ${waited}s waiting for ${event.physicalResourceId ?? event.logicalResourceId}` +
        `${progress ? ` (last seen: ${progress})` : ''}. Check the resource in the console, then retry the deployment or raise waitTimeout.`,
      ));
      logger.error('wait limit reached', { reason });
      throw new Error(reason);
    }
    return { IsComplete: false };
  }, { poll: true });
}
