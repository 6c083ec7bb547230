/**
 * A resource state that moves on by itself as simulated time passes: `set('pending')` now, then
 * `after(ms, 'available')`. Reads apply every step whose time has come, so no timers run in the emulator.
 */
export class ScheduledState<S extends string> {
  private steps: Array<{ at: number; state: S }> = [];

  constructor(private value: S, private readonly now: () => number) {}

  /** The state now, after applying every step that is due. */
  get current(): S {
    const t = this.now();
    while (this.steps.length > 0 && this.steps[0].at <= t) {
      this.value = this.steps.shift()!.state;
    }
    return this.value;
  }

  /** Jump to a state now, dropping any pending steps. */
  set(state: S): this {
    this.value = state;
    this.steps = [];
    return this;
  }

  /** Add a step `ms` after the previous step (or after now, when none is pending). */
  then(ms: number, state: S): this {
    const last = this.steps.length > 0 ? this.steps[this.steps.length - 1].at : this.now();
    this.steps.push({ at: last + Math.max(0, ms), state });
    return this;
  }

  /** True while steps remain. */
  get moving(): boolean {
    void this.current;
    return this.steps.length > 0;
  }
}
