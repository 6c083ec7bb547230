import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { format } from 'util';

/** The installed aws-cdk-lib's Provider framework runtime: what a template's framework functions run. */
export const DEFAULT_FRAMEWORK_RUNTIME_DIRECTORY = path.join(
  path.dirname(require.resolve('aws-cdk-lib/package.json')), 'custom-resources', 'lib', 'provider-framework', 'runtime');

/** A Lambda Invoke request and response as `@aws-sdk/client-lambda` shapes them (the parts the framework uses). */
export interface InvokeRequest {
  readonly FunctionName: string;
  readonly Payload?: string | Uint8Array;
  readonly InvocationType?: string;
}

export interface InvokeResponse {
  readonly StatusCode: number;
  readonly FunctionError?: string;
  readonly Payload?: Uint8Array;
  readonly ExecutedVersion?: string;
}

/**
 * The framework's outbound calls (`outbound.js`): the only part of the runtime the runner replaces, as
 * aws-cdk's own tests of the framework do (custom-resources/test/provider-framework/mocks.ts).
 */
export interface FrameworkOutbound {
  invokeFunction(request: InvokeRequest): Promise<InvokeResponse>;
  startExecution(request: { stateMachineArn: string; input?: string; name?: string }): Promise<{ executionArn: string; startDate: Date }>;
  httpRequest(options: { hostname?: string; path?: string; method?: string; headers?: Record<string, unknown> }, body: string): Promise<void>;
}

/** Where one framework function's console output goes: level, then the formatted line. */
export type ConsoleSink = (level: string, line: string) => void;

export interface FrameworkFunctionOptions {
  /** The runtime directory: framework.js and its siblings. */
  readonly directory: string;
  /** `framework.onEvent`: the file (without .js) and export the function's Handler names. */
  readonly handler: string;
  /** The function's environment, as `process.env` inside it. */
  readonly env: Record<string, string>;
  readonly outbound: FrameworkOutbound;
  readonly console: ConsoleSink;
}

/**
 * Loads one framework Lambda function: the runtime's files evaluated afresh, as one execution environment
 * of that function would load them, with `require('./outbound')` answered by the runner and `process` and
 * `console` shadowed, so two functions (of one stack or of two stacks) never share an environment or state.
 * Every other line of the runtime runs as aws-cdk-lib ships it.
 */
export function loadFrameworkFunction(options: FrameworkFunctionOptions): (event: unknown) => Promise<unknown> {
  const [file, exportName] = splitHandler(options.handler);
  const modules = new Map<string, any>();
  const processShadow = shadowProcess(options.env);
  const consoleShadow = shadowConsole(options.console);

  const load = (name: string): any => {
    const cached = modules.get(name);
    if (cached) return cached.exports;
    const filename = path.join(options.directory, `${name}.js`);
    if (!fs.existsSync(filename)) {
      throw new Error(`The Provider framework runtime in ${options.directory} has no ${name}.js (the function's Handler is ${options.handler}).`);
    }
    const module = { exports: {} as any };
    modules.set(name, module);
    const nodeRequire = createRequire(filename);
    const localRequire = (specifier: string): unknown => {
      if (specifier === './outbound' || specifier === './outbound.js') return options.outbound;
      if (specifier.startsWith('./')) return load(specifier.slice(2).replace(/\.js$/, ''));
      return nodeRequire(specifier);
    };
    const source = fs.readFileSync(filename, 'utf8');
    // eslint-disable-next-line @typescript-eslint/no-implied-eval, no-new-func
    const wrapper = new Function('exports', 'require', 'module', '__filename', '__dirname', 'process', 'console',
      `${source}\n//# sourceURL=${pathToFileURL(filename).href}`);
    wrapper.call(module.exports, module.exports, localRequire, module, filename, path.dirname(filename), processShadow, consoleShadow);
    return module.exports;
  };

  const exports = load(file);
  const fn = exports?.[exportName];
  if (typeof fn !== 'function') {
    throw new Error(`${path.join(options.directory, `${file}.js`)} exports no function ${exportName} (the function's Handler is ${options.handler}).`);
  }
  return (event) => Promise.resolve(fn(event));
}

function splitHandler(handler: string): [string, string] {
  const dot = handler.lastIndexOf('.');
  if (dot <= 0) throw new Error(`Handler ${handler} is not <file>.<export>.`);
  return [handler.slice(0, dot), handler.slice(dot + 1)];
}

/** `process` with the function's own environment; everything else is the runner's process. */
function shadowProcess(env: Record<string, string>): NodeJS.Process {
  return Object.create(process, { env: { value: { ...env }, enumerable: true } });
}

/** The levels the Lambda Node.js runtime gives each console method (JSON log format). */
const CONSOLE_LEVELS: Record<string, string> = {
  trace: 'TRACE', debug: 'DEBUG', log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR',
};

function shadowConsole(sink: ConsoleSink): Console {
  const shadow = Object.create(console) as Record<string, unknown>;
  for (const [method, level] of Object.entries(CONSOLE_LEVELS)) {
    shadow[method] = (...args: unknown[]) => sink(level, format(...args));
  }
  return shadow as unknown as Console;
}

/**
 * Whether a line at `level` reaches CloudWatch Logs under the function's LoggingConfig: with the JSON log
 * format, Lambda sends the application logs at the configured ApplicationLogLevel and more severe ones
 * (INFO when not set); with the text format, everything.
 * docs: https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs-advanced.html
 */
export function shipsAt(level: string, config: { readonly logFormat?: string; readonly applicationLogLevel?: string }): boolean {
  if (config.logFormat !== 'JSON') return true;
  const order = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];
  return order.indexOf(level) >= order.indexOf(config.applicationLogLevel ?? 'INFO');
}
