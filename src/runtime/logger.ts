import { redact, redactString } from './redact';

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** Where log lines go: stdout in Lambda (CloudWatch), swappable in tests to capture output. */
export type LogSink = (line: string) => void;

let sink: LogSink = (line) => process.stdout.write(line + '\n');

/** Replace the log destination; returns the previous one. */
export function setLogSink(next: LogSink): LogSink {
  const prev = sink;
  sink = next;
  return prev;
}

/**
 * Structured JSON logs, one object a line, with secrets redacted.
 * Fields bound at creation (resource type, logical id, request id) are repeated on every line.
 */
export class Logger {
  constructor(private readonly bound: Record<string, unknown> = {}) {}

  child(fields: Record<string, unknown>): Logger {
    return new Logger({ ...this.bound, ...fields });
  }

  debug(msg: string, fields?: Record<string, unknown>) { this.write('DEBUG', msg, fields); }
  info(msg: string, fields?: Record<string, unknown>) { this.write('INFO', msg, fields); }
  warn(msg: string, fields?: Record<string, unknown>) { this.write('WARN', msg, fields); }
  error(msg: string, fields?: Record<string, unknown>) { this.write('ERROR', msg, fields); }

  private write(level: LogLevel, msg: string, fields?: Record<string, unknown>) {
    if (level === 'DEBUG' && !process.env.HYBRID_CONNECTIVITY_DEBUG) return;
    const entry = redact({ level, msg: redactString(msg), ...this.bound, ...(fields ?? {}) });
    sink(JSON.stringify(entry));
  }
}
