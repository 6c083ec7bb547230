/**
 * Run `fn` with everything written to stdout and stderr sent to `sink` line by line instead, except
 * while `passthrough()` is true (the runner printing its own lines). In Lambda, the handlers' output goes
 * to CloudWatch Logs, not to the terminal of whoever deploys; this lets the runner do the same.
 */
export async function withHandlerOutput<T>(
  sink: ((line: string) => void) | undefined, passthrough: () => boolean, fn: () => Promise<T>,
): Promise<T> {
  if (!sink) return fn();
  const streams = [process.stdout, process.stderr];
  const originals = streams.map((s) => s.write);
  const pending = streams.map(() => '');
  streams.forEach((stream, i) => {
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (passthrough()) return (originals[i] as any).call(stream, chunk, ...rest);
      const text = pending[i] + (typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      const lines = text.split('\n');
      pending[i] = lines.pop() ?? '';
      for (const line of lines) sink(line);
      const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof stream.write;
  });
  try {
    return await fn();
  } finally {
    streams.forEach((stream, i) => {
      stream.write = originals[i];
      if (pending[i]) sink(pending[i]);
    });
  }
}
