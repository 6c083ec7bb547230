import type { LifecycleEvent } from './lifecycle-event';
import type { Logger } from './logger';

/** What onEvent reports: the physical id as soon as it is known, and attributes known so far. */
export interface OnEventResult {
  readonly physicalResourceId: string;
  readonly data?: Record<string, unknown>;
}

/** What isComplete reports. `progress` is a short human sentence on the current state. */
export interface IsCompleteResult {
  readonly isComplete: boolean;
  readonly data?: Record<string, unknown>;
  readonly progress?: string;
}

/** What the kit hands every handler call. */
export interface HandlerContext {
  readonly logger: Logger;
  /** A deterministic idempotency token for this request: same stack, resource and request, same token. */
  idempotencyToken(purpose?: string): string;
  /** Milliseconds until the resource's wait limit; Infinity in onEvent. */
  remainingMs(): number;
  /**
   * Milliseconds since the request started: in onEvent, since this invocation began; in isComplete, since
   * onEvent answered (when the wait limit started). For graces that depend on how long ago the change was
   * made, such as a read that cannot see a resource yet right after it moved.
   */
  elapsedMs(): number;
  /**
   * Milliseconds this invocation may still spend before it must answer: the Lambda's remaining time less a
   * reserve for reporting. A call that AWS keeps throttling is retried until this runs out.
   */
  invocationRemainingMs(): number;
}

/**
 * One custom resource type's lifecycle. onEvent starts the work and returns the physical id;
 * isComplete reads the real state until it is stable.
 */
export interface ResourceHandler {
  /** The CloudFormation resource type, `Custom::...`. */
  readonly resourceType: string;
  /** Whether the response Data holds a secret: the Provider framework then redacts it (NoEcho). */
  readonly noEcho?: boolean;
  onEvent(event: LifecycleEvent, ctx: HandlerContext): Promise<OnEventResult>;
  isComplete(event: LifecycleEvent, ctx: HandlerContext): Promise<IsCompleteResult>;
}

/** How the provider entries find the handler for a resource type; loading is lazy to keep cold starts short. */
export type HandlerTable = Record<string, () => Promise<ResourceHandler>>;
