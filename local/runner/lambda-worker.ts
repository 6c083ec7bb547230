import { randomUUID } from 'crypto';
import { Worker } from 'worker_threads';

/**
 * Runs inside the worker: loads the bundle once (the warm execution environment's init) and answers each
 * invocation with the handler's result, or with the error object the Lambda Node.js runtime returns for an
 * unhandled error: `{ errorType, errorMessage, trace }` (the shape aws-cdk's framework tests return from
 * their Lambda mock: custom-resources/test/provider-framework/mocks.ts).
 */
const BOOTSTRAP = `
const { parentPort, workerData } = require('worker_threads');
const mod = require(workerData.bundle);
const fn = mod[workerData.exportName];
parentPort.on('message', async (msg) => {
  const context = {
    functionName: workerData.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: workerData.functionArn,
    memoryLimitInMB: String(workerData.memorySize),
    awsRequestId: msg.awsRequestId,
    logGroupName: '/aws/lambda/' + workerData.functionName,
    logStreamName: 'local-runner',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, msg.deadline - Date.now()),
  };
  try {
    if (typeof fn !== 'function') throw new Error(workerData.bundle + ' exports no function ' + workerData.exportName);
    const result = await fn(JSON.parse(msg.payload), context);
    parentPort.postMessage({ id: msg.id, payload: result === undefined ? 'null' : JSON.stringify(result) });
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    parentPort.postMessage({ id: msg.id, error: JSON.stringify({
      errorType: error.name || 'Error', errorMessage: error.message, trace: String(error.stack || '').split('\\n'),
    }) });
  }
});
`;

export interface LambdaWorkerOptions {
  /** The bundle file: an esbuild CommonJS bundle. */
  readonly bundle: string;
  readonly exportName: string;
  readonly functionName: string;
  readonly functionArn: string;
  readonly memorySize: number;
  /** The worker's whole `process.env`. */
  readonly env: Record<string, string>;
  /** Each line the handler writes to stdout or stderr. */
  readonly onLine: (stream: 'stdout' | 'stderr', line: string) => void;
}

export interface WorkerResult {
  /** The result payload, or the error object's JSON. */
  readonly payload: string;
  readonly functionError?: 'Unhandled';
}

/**
 * One execution environment of one of our Lambda functions: a worker thread with the function's own
 * environment variables, kept warm between invocations. Module-level state (SDK clients, retry tokens)
 * lives as long as the worker, as it does in a warm Lambda environment, and is never shared with another
 * function or stack.
 */
export class LambdaWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<string, (result: WorkerResult) => void>();
  private ended = false;

  constructor(private readonly options: LambdaWorkerOptions) {
    this.worker = new Worker(BOOTSTRAP, {
      eval: true,
      env: options.env,
      stdout: true,
      stderr: true,
      workerData: {
        bundle: options.bundle,
        exportName: options.exportName,
        functionName: options.functionName,
        functionArn: options.functionArn,
        memorySize: options.memorySize,
      },
      resourceLimits: { maxOldGenerationSizeMb: Math.max(64, options.memorySize) },
    });
    this.pipe('stdout');
    this.pipe('stderr');
    // An idle environment never keeps the process alive (a test or CLI that forgot close() still exits);
    // one with an invocation in flight does, as that invocation's caller is waiting for it.
    this.worker.unref();
    this.worker.on('message', (msg: { id: string; payload?: string; error?: string }) => {
      const settle = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      settle?.(msg.error !== undefined ? { payload: msg.error, functionError: 'Unhandled' } : { payload: msg.payload ?? 'null' });
    });
    // A bundle that fails to load, or a crash: every invocation in flight gets the runtime's exit error.
    this.worker.on('error', (err: unknown) => this.failAll('Runtime.ExitError', `Error: Runtime exited with error: ${err instanceof Error ? err.message : String(err)}`));
    this.worker.on('exit', () => {
      this.ended = true;
      this.failAll('Runtime.ExitError', 'Error: Runtime exited without providing a reason');
    });
  }

  /** Whether the environment can take another invocation. */
  public get alive(): boolean {
    return !this.ended;
  }

  /**
   * One invocation, stopped when it runs past `timeoutMs`: the worker is then terminated (the next
   * invocation gets a fresh environment) and the caller gets what Lambda returns for a timeout.
   */
  public invoke(payload: string, timeoutMs: number): Promise<WorkerResult> {
    const id = randomUUID();
    const awsRequestId = randomUUID();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (!this.pending.delete(id)) return;
        // The error Lambda returns for a function that ran past its timeout: docs:
        // https://docs.aws.amazon.com/lambda/latest/dg/troubleshooting-invocation.html#troubleshooting-timeouts
        // (error type Sandbox.Timedout, message "Task timed out after N.NN seconds" prefixed with the RequestId).
        resolve({
          functionError: 'Unhandled',
          payload: JSON.stringify({
            errorType: 'Sandbox.Timedout',
            errorMessage: `RequestId: ${awsRequestId} Error: Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`,
          }),
        });
        // Other invocations in flight on this environment end with it.
        this.failAll('Runtime.ExitError', 'Error: Runtime exited with error: signal: killed');
        void this.terminate();
      }, timeoutMs);
      this.pending.set(id, (result) => {
        clearTimeout(timer);
        if (this.pending.size === 0) this.worker.unref();
        resolve(result);
      });
      if (this.ended) {
        this.failAll('Runtime.ExitError', 'Error: Runtime exited without providing a reason');
        return;
      }
      this.worker.ref();
      this.worker.postMessage({ id, payload, awsRequestId, deadline: Date.now() + timeoutMs });
    });
  }

  public async terminate(): Promise<void> {
    this.ended = true;
    await this.worker.terminate();
  }

  private failAll(errorType: string, message: string): void {
    for (const [id, settle] of [...this.pending]) {
      this.pending.delete(id);
      settle({ functionError: 'Unhandled', payload: JSON.stringify({ errorType, errorMessage: `RequestId: ${id} ${message}` }) });
    }
  }

  private pipe(stream: 'stdout' | 'stderr'): void {
    let partial = '';
    const readable = this.worker[stream];
    readable.setEncoding('utf8');
    readable.on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) this.options.onLine(stream, line);
    });
    readable.on('end', () => {
      if (partial) this.options.onLine(stream, partial);
      partial = '';
    });
  }
}
