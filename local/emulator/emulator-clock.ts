/**
 * The emulator's clock: wall time, unless a test freezes it. Frozen, it moves only when the test calls
 * `advance`, so a simulated transition ends exactly when the test says, however loaded the machine is.
 * It never goes backwards: releasing it keeps every millisecond it was advanced by.
 */
export class EmulatorClock {
  private offset = 0;
  private frozenAt: number | undefined;

  constructor(private readonly wall: () => number = Date.now) {}

  /** The emulator's time now, in ms since the epoch. */
  now(): number {
    return this.frozenAt ?? this.wall() + this.offset;
  }

  /** True while the clock stands still. */
  get frozen(): boolean {
    return this.frozenAt !== undefined;
  }

  /** Stop the clock where it is. */
  freeze(): void {
    this.frozenAt ??= this.now();
  }

  /** Move the clock on by `ms`, frozen or not. */
  advance(ms: number): void {
    if (!(ms >= 0) || !Number.isFinite(ms)) throw new Error(`The clock advances by a finite number of ms >= 0, got ${ms}`);
    if (this.frozenAt !== undefined) this.frozenAt += ms;
    else this.offset += ms;
  }

  /** Let the clock run with wall time again, from where it stands. */
  release(): void {
    if (this.frozenAt === undefined) return;
    this.offset = this.frozenAt - this.wall();
    this.frozenAt = undefined;
  }
}
