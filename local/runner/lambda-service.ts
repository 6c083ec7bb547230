import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { AuditTrail } from './audit-trail';
import {
  DEFAULT_FRAMEWORK_RUNTIME_DIRECTORY, FrameworkOutbound, InvokeResponse, loadFrameworkFunction, shipsAt,
} from './framework-runtime';
import { LambdaWorker, WorkerResult } from './lambda-worker';
import { DEFAULT_HANDLER_BUNDLE } from './load-bundled-handlers';
import type { LambdaFunctionConfig, StackFunctions } from './stack-functions';

/** A Lambda handler as the bundles export it: `(event, context) => Promise<result>`. */
export type LambdaHandler = (event: any, context?: any) => Promise<any> | any;

/**
 * In-process stand-ins for our two functions. Only for the runner's own unit tests with fake handlers
 * (test/local/runner/fake-lambda.ts): everything else runs the bundle in workers.
 */
export interface ProviderHandlers {
  readonly onEvent: LambdaHandler;
  /** Without it the framework answers CloudFormation as soon as onEvent returns. */
  readonly isComplete?: LambdaHandler;
}

/** Dummy secret key: the emulator checks that requests are signed; the access key id names the account. */
export const DUMMY_SECRET_ACCESS_KEY = 'local-runner-dummy-secret-access-key';

/** Variables of the runner's own environment that tests use to tune the handlers, passed on to them. */
const PASSED_THROUGH = /^(HYBRID_CONNECTIVITY_[A-Z0-9_]+|AWS_MAX_ATTEMPTS|AWS_RETRY_MODE)$/;

export interface LambdaServiceOptions {
  readonly audit: AuditTrail;
  /** The emulator, as every function's AWS_ENDPOINT_URL. @default - none: real AWS endpoints */
  readonly endpoint?: string;
  /** Our functions' code instead of the bundle the template names. */
  readonly handlerBundle?: string;
  /** The framework functions' code instead of the runtime the template names. */
  readonly frameworkRuntimeDirectory?: string;
  /** In-process handlers instead of workers (runner unit tests only). */
  readonly handlers?: ProviderHandlers;
  /** A fresh execution environment for every invocation. */
  readonly cold?: boolean;
  /** Our functions' timeout instead of the template's (tests). */
  readonly invocationTimeoutMs?: number;
  /** Where our handlers' output lines go. @default - the runner process's stdout */
  readonly handlerLog?: (line: string) => void;
  /** The framework functions' outbound calls, for one stack. */
  readonly outbound: (stack: StackFunctions) => FrameworkOutbound;
}

/**
 * Lambda, for the functions of the stacks the runner deploys: the framework's functions run aws-cdk-lib's
 * runtime in-process (outbound calls served by the runner), ours run the handler bundle in worker threads,
 * each function with its template's Timeout, MemorySize and environment, one warm environment per function
 * per stack and region.
 */
export class LambdaService {
  /** Whether `arn` is a function of the Provider framework (aws-cdk-lib's runtime) rather than one of ours. */
  public static isFramework(fn: LambdaFunctionConfig): boolean {
    return /^framework\.[A-Za-z]+$/.test(fn.handler);
  }

  private readonly framework = new Map<string, (event: unknown) => Promise<unknown>>();
  private readonly workers = new Map<string, LambdaWorker>();
  private readonly cold = new Set<LambdaWorker>();

  constructor(private readonly options: LambdaServiceOptions) {}

  /** Invoke synchronously (RequestResponse), as the framework and Step Functions do. */
  public async invoke(stack: StackFunctions, functionArn: string, payload: string): Promise<InvokeResponse> {
    const fn = stack.functions.get(functionArn);
    if (!fn) {
      return this.result(functionArn, payload, {
        functionError: 'Unhandled',
        payload: JSON.stringify({ errorType: 'ResourceNotFoundException', errorMessage: `Function not found: ${functionArn}` }),
      });
    }
    const outcome = LambdaService.isFramework(fn) ? await this.invokeFramework(stack, fn, payload)
      : this.options.handlers ? await this.invokeInProcess(fn, payload)
        : await this.invokeWorker(stack, fn, payload);
    return this.result(fn.name, payload, outcome);
  }

  /** Ends every execution environment. */
  public async close(): Promise<void> {
    const all = [...this.workers.values(), ...this.cold];
    this.workers.clear();
    this.cold.clear();
    await Promise.all(all.map((w) => w.terminate()));
  }

  private result(functionName: string, payload: string, outcome: WorkerResult): InvokeResponse {
    this.options.audit.invocations.push({
      functionName, payload, result: outcome.payload, functionError: outcome.functionError, endedAt: Date.now(),
    });
    return {
      StatusCode: 200,
      ExecutedVersion: '$LATEST',
      ...(outcome.functionError ? { FunctionError: outcome.functionError } : {}),
      Payload: new TextEncoder().encode(outcome.payload),
    };
  }

  private async invokeFramework(stack: StackFunctions, fn: LambdaFunctionConfig, payload: string): Promise<WorkerResult> {
    const key = `${stack.key}|${fn.arn}`;
    let handler = this.framework.get(key);
    if (!handler) {
      const directory = this.options.frameworkRuntimeDirectory ?? frameworkDirectory(fn);
      handler = loadFrameworkFunction({
        directory,
        handler: fn.handler,
        env: this.environment(stack, fn),
        outbound: this.options.outbound(stack),
        console: (level, line) => {
          const entry = { functionName: fn.name, level, line };
          this.options.audit.frameworkLogs.push(entry);
          if (shipsAt(level, fn)) this.options.audit.frameworkLogsShipped.push(entry);
        },
      });
      if (!this.options.cold) this.framework.set(key, handler);
    }
    return this.inProcess(fn.timeoutSeconds * 1000, () => handler!(JSON.parse(payload)));
  }

  private async invokeInProcess(fn: LambdaFunctionConfig, payload: string): Promise<WorkerResult> {
    const exportName = fn.handler.slice(fn.handler.lastIndexOf('.') + 1);
    const handler = (this.options.handlers as unknown as Record<string, LambdaHandler | undefined>)[exportName];
    if (!handler) {
      return { functionError: 'Unhandled', payload: JSON.stringify({ errorType: 'Runtime.HandlerNotFound', errorMessage: `index.${exportName} is undefined or not exported` }) };
    }
    const timeoutMs = this.options.invocationTimeoutMs ?? fn.timeoutSeconds * 1000;
    const deadline = Date.now() + timeoutMs;
    const context = {
      functionName: fn.name,
      functionVersion: '$LATEST',
      invokedFunctionArn: fn.arn,
      memoryLimitInMB: String(fn.memorySize),
      awsRequestId: randomUUID(),
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
    return this.inProcess(timeoutMs, () => handler(JSON.parse(payload), context));
  }

  /** In-process code cannot be stopped; past its timeout its caller gets Lambda's timeout error all the same. */
  private async inProcess(timeoutMs: number, run: () => Promise<unknown>): Promise<WorkerResult> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<WorkerResult>((resolve) => {
      timer = setTimeout(() => resolve({
        functionError: 'Unhandled',
        payload: JSON.stringify({ errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${randomUUID()} Error: Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds` }),
      }), timeoutMs);
      timer.unref?.();
    });
    const ran = Promise.resolve().then(run).then(
      (result): WorkerResult => ({ payload: result === undefined ? 'null' : JSON.stringify(result) }),
      (err): WorkerResult => {
        const e = err instanceof Error ? err : new Error(String(err));
        return { functionError: 'Unhandled', payload: JSON.stringify({ errorType: e.name || 'Error', errorMessage: e.message, trace: String(e.stack ?? '').split('\n') }) };
      });
    try {
      return await Promise.race([ran, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async invokeWorker(stack: StackFunctions, fn: LambdaFunctionConfig, payload: string): Promise<WorkerResult> {
    const key = `${stack.key}|${fn.arn}`;
    let worker = this.options.cold ? undefined : this.workers.get(key);
    if (!worker || !worker.alive) {
      const [file, exportName] = [fn.handler.slice(0, fn.handler.lastIndexOf('.')), fn.handler.slice(fn.handler.lastIndexOf('.') + 1)];
      const bundle = path.resolve(this.options.handlerBundle
        ?? (fn.codeDirectory && fs.existsSync(path.join(fn.codeDirectory, `${file}.js`)) ? path.join(fn.codeDirectory, `${file}.js`) : DEFAULT_HANDLER_BUNDLE));
      if (!fs.existsSync(bundle)) throw new Error(`The handler bundle ${bundle} does not exist. Run \`npx projen bundle\` first.`);
      worker = new LambdaWorker({
        bundle,
        exportName,
        functionName: fn.name,
        functionArn: fn.arn,
        memorySize: fn.memorySize,
        env: this.environment(stack, fn),
        onLine: (_stream, line) => {
          this.options.audit.handlerLogs.push({ functionName: fn.name, level: 'INFO', line });
          if (this.options.handlerLog) this.options.handlerLog(line);
          else process.stdout.write(`${line}\n`);
        },
      });
      if (this.options.cold) this.cold.add(worker);
      else this.workers.set(key, worker);
    }
    try {
      return await worker.invoke(payload, this.options.invocationTimeoutMs ?? fn.timeoutSeconds * 1000);
    } finally {
      if (this.options.cold) {
        this.cold.delete(worker);
        await worker.terminate();
      }
    }
  }

  /** A function's environment: its template variables, the stack's region and account, the emulator. */
  private environment(stack: StackFunctions, fn: LambdaFunctionConfig): Record<string, string> {
    const passed = Object.fromEntries(Object.entries(process.env)
      .filter(([k, v]) => PASSED_THROUGH.test(k) && v !== undefined)) as Record<string, string>;
    return {
      ...passed,
      ...fn.environment,
      AWS_REGION: stack.region,
      AWS_DEFAULT_REGION: stack.region,
      // The emulator acts as the account a 12-digit access key id names (LocalStack's convention).
      AWS_ACCESS_KEY_ID: stack.account,
      AWS_SECRET_ACCESS_KEY: DUMMY_SECRET_ACCESS_KEY,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_LAMBDA_FUNCTION_NAME: fn.name,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      ...(this.options.endpoint ? { AWS_ENDPOINT_URL: this.options.endpoint } : {}),
    };
  }
}

function frameworkDirectory(fn: LambdaFunctionConfig): string {
  if (fn.codeDirectory && fs.existsSync(path.join(fn.codeDirectory, 'framework.js'))) return fn.codeDirectory;
  // A stack loaded from a state file has no assembly to read its assets from: the installed runtime.
  return DEFAULT_FRAMEWORK_RUNTIME_DIRECTORY;
}
