import * as fs from 'fs';
import { LifecycleRunner, RunResult } from './lifecycle-runner';
import { loadRunnerState } from './runner-state';

export const USAGE = [
  'usage: ts-node local/runner/main.ts <deploy|update|destroy> [cdk.out] --state FILE [options]',
  '  --endpoint URL          the local emulator (sets AWS_ENDPOINT_URL for the handlers)',
  '  --state FILE            where deployed state is read from and written to (required)',
  '  --stacks A,B            only these stacks (deploy: and their dependencies; destroy: and their dependents)',
  '  --poll-interval-ms N    time between isComplete calls (default 200)',
  '  --max-wait-ms N         longest wait for one resource (default: the provider\'s totalTimeout)',
  '  --concurrency N         resources handled at once within a stack (default 10)',
  '  --reveal a,b            attributes printed in clear even when NoEcho',
  '  --handler-bundle FILE   another handler bundle exporting onEvent and isComplete',
  '                          (default assets/provider/handler/handler-entry-points/index.js)',
  '  --handler-log FILE      append the handlers\' own log lines to FILE instead of printing them',
  '  --verbose               also list every simulated resource',
].join('\n');

const FLAGS_WITH_VALUES = new Set(['endpoint', 'state', 'stacks', 'poll-interval-ms', 'max-wait-ms', 'concurrency', 'reveal', 'handler-bundle', 'handler-log']);

interface Invocation {
  readonly command: string;
  readonly assembly?: string;
  readonly flags: Map<string, string>;
}

/**
 * The lifecycle runner's command line. Returns the exit code: 0 on success, 1 when the operation failed,
 * 2 on a usage error. The state file is written after every operation, failed ones included, so a
 * failed deploy can still be destroyed.
 */
export async function main(argv: string[], log: (line: string) => void = (l) => console.log(l)): Promise<number> {
  let invocation: Invocation;
  try {
    invocation = parse(argv);
  } catch (err) {
    log(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const { command, assembly, flags } = invocation;
  const stateFile = flags.get('state')!;
  const list = (name: string) => flags.get(name)?.split(',').map((s) => s.trim()).filter(Boolean);
  const number = (name: string) => (flags.has(name) ? Number(flags.get(name)) : undefined);

  const runner = new LifecycleRunner({
    endpoint: flags.get('endpoint'),
    pollIntervalMs: number('poll-interval-ms'),
    maxWaitMs: number('max-wait-ms'),
    concurrency: number('concurrency'),
    revealAttributes: list('reveal'),
    verbose: flags.has('verbose'),
    handlerLog: flags.has('handler-log') ? (line) => fs.appendFileSync(flags.get('handler-log')!, `${line}\n`) : undefined,
    handlerBundle: flags.get('handler-bundle'),
    state: loadRunnerState(stateFile),
    log,
  });

  let result: RunResult;
  try {
    result = command === 'destroy'
      ? await runner.destroy({ stacks: list('stacks') })
      : await runner.deploy(assembly!, { stacks: list('stacks') });
  } catch (err) {
    log(`✗ ${(err as Error).message}`);
    return 1;
  } finally {
    runner.saveState(stateFile);
    // The handlers ran in Lambda worker threads: end them so the process can exit.
    await runner.close();
  }
  for (const warning of result.warnings) log(`! ${warning}`);
  if (!result.ok) {
    const where = [result.failed?.stack, result.failed?.logicalId].filter(Boolean).join('/');
    log(`✗ ${command} failed${where ? ` at ${where}` : ''}: ${result.failed?.reason}${result.rolledBack ? ' (rolled back)' : ''}`);
    return 1;
  }
  log(`✓ ${command} complete`);
  return 0;
}

function parse(argv: string[]): Invocation {
  const flags = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (!FLAGS_WITH_VALUES.has(name) && name !== 'verbose') throw new Error(`Unknown option --${name}.`);
    if (name === 'verbose') {
      flags.set(name, 'true');
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new Error(`Option --${name} needs a value.`);
    flags.set(name, value);
  }
  const [command, assembly] = positional;
  if (!['deploy', 'update', 'destroy'].includes(command)) throw new Error(`Unknown command ${command ?? '(none)'}.`);
  if (command !== 'destroy' && !assembly) throw new Error(`${command} needs the cloud assembly directory (cdk.out).`);
  if (assembly && command !== 'destroy' && !fs.existsSync(assembly)) throw new Error(`${assembly} does not exist.`);
  if (!flags.has('state')) throw new Error('--state FILE is required.');
  for (const name of ['poll-interval-ms', 'max-wait-ms', 'concurrency']) {
    if (flags.has(name) && !(Number(flags.get(name)) > 0)) throw new Error(`--${name} needs a positive number.`);
  }
  return { command, assembly, flags };
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code), (err) => {
    console.error(err);
    process.exit(1);
  });
}
