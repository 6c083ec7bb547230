import { setLogSink, LogSink } from '../../src/runtime/logger';

/**
 * Capture everything a handler prints: the kit's structured log lines and anything written to stdout,
 * stderr or the console, so tests can search it for secrets.
 */
export class CapturedLogs {
  public static start(): CapturedLogs {
    return new CapturedLogs();
  }

  private readonly chunks: string[] = [];
  private readonly previousSink: LogSink;
  private readonly restores: Array<() => void> = [];

  private constructor() {
    this.previousSink = setLogSink((line) => this.chunks.push(line));
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write.bind(stream);
      (stream as any).write = (chunk: any, ...rest: any[]) => {
        this.chunks.push(String(chunk));
        return original(chunk, ...rest);
      };
      this.restores.push(() => { (stream as any).write = original; });
    }
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      const original = console[method];
      console[method] = (...args: unknown[]) => {
        this.chunks.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
      };
      this.restores.push(() => { console[method] = original; });
    }
  }

  /** Everything captured so far, as one string. */
  public text(): string {
    return this.chunks.join('\n');
  }

  /** The kit's structured lines, parsed. */
  public entries(): Array<Record<string, unknown>> {
    return this.chunks.flatMap((c) => c.split('\n')).filter((l) => l.startsWith('{')).map((l) => {
      try { return JSON.parse(l); } catch { return {}; }
    });
  }

  public stop(): void {
    setLogSink(this.previousSink);
    for (const restore of this.restores.reverse()) restore();
  }
}
