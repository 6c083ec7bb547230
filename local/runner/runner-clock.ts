/**
 * The clock CloudFormation's and Step Functions' waits follow in the runner: the waiter's Retry intervals
 * and a custom resource's ServiceTimeout. Lambda function timeouts always follow wall time, because the
 * handlers measure their own time budget with `Date.now()` and `getRemainingTimeInMillis()`.
 */
export interface RunnerClock {
  /** Milliseconds since the epoch, on this clock. */
  now(): number;
  /** Resolves once `ms` have passed on this clock. */
  sleep(ms: number): Promise<void>;
  /** Calls `fn` once `ms` have passed on this clock; the returned function cancels it. */
  after(ms: number, fn: () => void): () => void;
}

/** Real time: waits are real `setTimeout`s. */
export class WallClock implements RunnerClock {
  public now(): number {
    return Date.now();
  }

  public sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
  }

  public after(ms: number, fn: () => void): () => void {
    const timer = setTimeout(fn, Math.max(0, ms));
    return () => clearTimeout(timer);
  }
}

/** A clock that can be moved on, such as the emulator's (`local/emulator/emulator-clock.ts`). */
export interface SteppableClock {
  now(): number;
  advance(ms: number): void;
}

interface PendingTimer {
  readonly due: number;
  readonly fn: () => void;
}

/**
 * Waits that move a steppable clock on instead of sleeping: a 10 s waiter interval advances the clock by
 * 10 s and returns at once, so the template's own intervals run in milliseconds, and (with the emulator's
 * clock frozen) a simulated transition ends on the same poll every run. Concurrent waits that end at the
 * same instant advance the clock once. Timers (a ServiceTimeout) fire when some wait moves the clock past
 * them; a clock nobody waits on never times anything out.
 */
export class SteppedClock implements RunnerClock {
  private readonly timers = new Set<PendingTimer>();

  constructor(private readonly clock: SteppableClock) {}

  public now(): number {
    return this.clock.now();
  }

  public async sleep(ms: number): Promise<void> {
    const due = this.clock.now() + Math.max(0, ms);
    // Let every other piece of work that is ready run first, as it would during a real wait.
    await new Promise((resolve) => setImmediate(resolve));
    const behind = due - this.clock.now();
    if (behind > 0) this.clock.advance(behind);
    this.fireDue();
  }

  public after(ms: number, fn: () => void): () => void {
    const timer: PendingTimer = { due: this.clock.now() + Math.max(0, ms), fn };
    this.timers.add(timer);
    this.fireDue();
    return () => this.timers.delete(timer);
  }

  private fireDue(): void {
    const now = this.clock.now();
    for (const timer of [...this.timers]) {
      if (timer.due > now) continue;
      this.timers.delete(timer);
      timer.fn();
    }
  }
}
