import { isComplete, onEvent } from '../../src/provider/handler/handler-entry-points';
import type { RawProviderEvent } from '../../src/runtime/lifecycle-event';

export interface DriveResult {
  readonly physicalResourceId: string;
  readonly data: Record<string, string>;
  readonly noEcho: boolean;
  /** How many isComplete calls it took. */
  readonly polls: number;
}

export interface DriveOptions {
  readonly pollMs?: number;
  readonly maxPolls?: number;
  /**
   * Runs after each isComplete that is not complete yet, with the number of polls so far: for example to
   * move a frozen emulator clock on, or to play the partner side at a chosen poll, so a test does not
   * depend on how fast the machine is.
   */
  readonly betweenPolls?: (polls: number) => void | Promise<void>;
}

/**
 * Run one request the way the Provider framework does: onEvent, then isComplete with onEvent's result
 * merged into the event until it says complete, through the real entries in src/provider/.
 * A failure rejects with the reason CloudFormation would show.
 */
export async function driveToCompletion(event: RawProviderEvent, options: DriveOptions = {}): Promise<DriveResult> {
  const pollMs = options.pollMs ?? 20;
  const maxPolls = options.maxPolls ?? 500;
  const started = await onEvent(event);
  const merged: RawProviderEvent = { ...event, ...started };
  for (let polls = 1; polls <= maxPolls; polls++) {
    const result = await isComplete(merged);
    if (result.IsComplete) {
      return {
        physicalResourceId: started.PhysicalResourceId,
        data: { ...started.Data, ...(result.Data ?? {}) },
        noEcho: started.NoEcho === true,
        polls,
      };
    }
    await options.betweenPolls?.(polls);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  throw new Error(`driveToCompletion: not complete after ${maxPolls} polls`);
}
