import type { InvokeResponse } from './framework-runtime';
import type { RunnerClock } from './runner-clock';

/** Step Functions' limit on an execution's input: botocore stepfunctions `SensitiveData` (max 262144). */
export const MAX_EXECUTION_INPUT_BYTES = 262_144;

interface Retrier {
  readonly errorEquals: string[];
  readonly intervalSeconds: number;
  readonly maxAttempts: number;
  readonly backoffRate: number;
}

interface Catcher {
  readonly errorEquals: string[];
  readonly next: string;
}

interface TaskState {
  readonly resource: string;
  readonly next?: string;
  readonly retry: Retrier[];
  readonly catch: Catcher[];
}

/** A state machine definition the runner does not interpret: it refuses it rather than guess. */
export class UnsupportedStateMachine extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedStateMachine';
  }
}

const TOP_LEVEL_FIELDS = new Set(['StartAt', 'States', 'Comment']);
const TASK_FIELDS = new Set(['Type', 'Resource', 'End', 'Next', 'Retry', 'Catch', 'Comment']);
const RETRY_FIELDS = new Set(['ErrorEquals', 'IntervalSeconds', 'MaxAttempts', 'BackoffRate']);
const CATCH_FIELDS = new Set(['ErrorEquals', 'Next']);

/**
 * The Provider framework's waiter, read from the synthesized `DefinitionString`: Task states that invoke a
 * Lambda function, with Retry and Catch, and End. Anything else (another state type, a field such as
 * ResultPath, MaxDelaySeconds or TimeoutSeconds) is refused with a message naming it, so that a change in
 * aws-cdk-lib's waiter cannot pass unnoticed. Semantics: docs:
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html (Retry defaults:
 * IntervalSeconds 1, MaxAttempts 3, BackoffRate 2.0; MaxAttempts counts retries after the first attempt;
 * a Catch passes `{Error, Cause}` on), and for a Lambda task's error, Error is the function's errorType and
 * Cause the error object as JSON.
 */
export class WaiterStateMachine {
  public readonly startAt: string;
  private readonly states = new Map<string, TaskState>();

  constructor(definition: string, private readonly where: string) {
    let parsed: any;
    try {
      parsed = JSON.parse(definition);
    } catch {
      throw new UnsupportedStateMachine(`${where}: the DefinitionString is not JSON.`);
    }
    this.refuseUnknown(parsed, TOP_LEVEL_FIELDS, 'the definition');
    if (typeof parsed.StartAt !== 'string' || typeof parsed.States !== 'object') {
      throw new UnsupportedStateMachine(`${where}: the definition has no StartAt or States.`);
    }
    this.startAt = parsed.StartAt;
    for (const [name, state] of Object.entries(parsed.States as Record<string, any>)) {
      if (state.Type !== 'Task') throw new UnsupportedStateMachine(`${where}: state ${name} is of type ${state.Type}; the runner interprets Task states only.`);
      this.refuseUnknown(state, TASK_FIELDS, `state ${name}`);
      if (typeof state.Resource !== 'string') throw new UnsupportedStateMachine(`${where}: state ${name} has no Resource.`);
      if ((state.End === true) === (typeof state.Next === 'string')) {
        throw new UnsupportedStateMachine(`${where}: state ${name} must have either End: true or Next.`);
      }
      const retry = (state.Retry ?? []).map((r: any, i: number) => {
        this.refuseUnknown(r, RETRY_FIELDS, `state ${name} Retry[${i}]`);
        return {
          errorEquals: r.ErrorEquals,
          intervalSeconds: r.IntervalSeconds ?? 1,
          maxAttempts: r.MaxAttempts ?? 3,
          backoffRate: r.BackoffRate ?? 2,
        };
      });
      const catchers = (state.Catch ?? []).map((c: any, i: number) => {
        this.refuseUnknown(c, CATCH_FIELDS, `state ${name} Catch[${i}]`);
        return { errorEquals: c.ErrorEquals, next: c.Next };
      });
      this.states.set(name, { resource: state.Resource, next: state.Next, retry, catch: catchers });
    }
    for (const [name, state] of this.states) {
      for (const target of [state.next, ...state.catch.map((c) => c.next)]) {
        if (target !== undefined && !this.states.has(target)) throw new UnsupportedStateMachine(`${where}: state ${name} goes to ${target}, which is not defined.`);
      }
    }
    if (!this.states.has(this.startAt)) throw new UnsupportedStateMachine(`${where}: StartAt ${this.startAt} is not a state.`);
  }

  /**
   * Run one execution to its end. `invoke` calls the Task's Lambda function; `onFailedAttempt` sees the
   * error of every failed attempt (Step Functions keeps it in the execution history); waits follow the
   * clock, or `intervalOverrideMs` when a test sets it.
   */
  public async run(input: string, hooks: {
    readonly invoke: (functionArn: string, payload: string) => Promise<InvokeResponse>;
    readonly clock: RunnerClock;
    readonly onFailedAttempt?: (error: string, cause: string) => void;
    readonly onWait?: (ms: number) => void;
    readonly intervalOverrideMs?: number;
    /** Test override of the Provider's totalTimeout: MaxAttempts becomes this over the interval, as the Provider computes it. */
    readonly maxWaitMs?: number;
  }): Promise<unknown> {
    let name = this.startAt;
    let payload = input;
    for (;;) {
      const state = this.states.get(name)!;
      const attempts = new Map<Retrier, number>();
      let outcome: { output: string } | { error: string; cause: string };
      for (;;) {
        const response = await hooks.invoke(state.resource, payload);
        const text = new TextDecoder().decode(response.Payload ?? new Uint8Array());
        if (!response.FunctionError) {
          outcome = { output: text || 'null' };
          break;
        }
        let errorType = 'Lambda.Unknown';
        try {
          errorType = JSON.parse(text).errorType ?? errorType;
        } catch {
          // Not JSON: Step Functions reports Lambda.Unknown with the payload as the cause.
        }
        hooks.onFailedAttempt?.(errorType, text);
        const retrier = state.retry.find((r) => matches(r.errorEquals, errorType));
        const used = retrier ? attempts.get(retrier) ?? 0 : 0;
        const maxAttempts = retrier && hooks.maxWaitMs !== undefined
          ? Math.ceil(hooks.maxWaitMs / (hooks.intervalOverrideMs ?? retrier.intervalSeconds * 1000))
          : retrier?.maxAttempts ?? 0;
        if (retrier && used < maxAttempts) {
          attempts.set(retrier, used + 1);
          const ms = hooks.intervalOverrideMs ?? retrier.intervalSeconds * 1000 * Math.pow(retrier.backoffRate, used);
          hooks.onWait?.(ms);
          await hooks.clock.sleep(ms);
          continue;
        }
        outcome = { error: errorType, cause: text };
        break;
      }
      if ('output' in outcome) {
        if (!state.next) return JSON.parse(outcome.output);
        name = state.next;
        payload = outcome.output;
        continue;
      }
      const catcher = state.catch.find((c) => matches(c.errorEquals, (outcome as { error: string }).error));
      if (!catcher) throw new Error(`${this.where}: the execution failed in ${name}: ${outcome.error}: ${outcome.cause}`);
      name = catcher.next;
      payload = JSON.stringify({ Error: outcome.error, Cause: outcome.cause });
    }
  }

  private refuseUnknown(value: Record<string, unknown>, allowed: Set<string>, what: string): void {
    for (const key of Object.keys(value ?? {})) {
      if (!allowed.has(key)) {
        throw new UnsupportedStateMachine(`${this.where}: ${what} has field ${key}, which the runner's waiter interpreter does not implement; ` +
          'extend local/runner/waiter-state-machine.ts to what Step Functions does with it.');
      }
    }
  }
}

/** States.ALL matches every error; States.TaskFailed every error but States.Timeout. */
function matches(errorEquals: string[], error: string): boolean {
  return errorEquals.some((e) => e === error || e === 'States.ALL' || (e === 'States.TaskFailed' && error !== 'States.Timeout'));
}
