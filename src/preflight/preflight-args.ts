/** The command line of `cdk-hybrid-connectivity preflight`. */
export interface PreflightArgs {
  readonly assemblyDir: string;
  readonly stacks: string[];
  readonly parameters: Record<string, string>;
  readonly json: boolean;
  readonly allowUnresolved: boolean;
  readonly region?: string;
  readonly profile?: string;
  readonly help: boolean;
}

/** Bad usage: the message says what to type instead. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `Usage: cdk-hybrid-connectivity preflight [cdk.out] [options]

Reads a synthesized cloud assembly, finds every move this library's resources would make (hosted
connections, virtual interfaces, Connect peers, Interconnect connections) and checks each with read-only
calls made with your own credentials. It never changes anything.

Options:
  --stack NAME          only this stack (repeatable; its name, artifact id or Stage/Stack path)
  --parameters K=V      a CloudFormation parameter's value (repeatable; STACK:K=V for one stack)
  --json                the report as JSON, for pipelines
  --allow-unresolved    exit 0 even when an id is known only at deploy time
  --region REGION       the region of environment-agnostic stacks (default AWS_REGION)
  --profile NAME        the AWS profile to read with (default AWS_PROFILE)
  -h, --help            this text

Exit status: 0 every move can go ahead; 1 a move is blocked (or unresolved, unless --allow-unresolved);
2 bad usage or an unreadable cloud assembly.
`;

/** Parses `preflight [dir] [options]` (the arguments after the program name). */
export function parsePreflightArgs(argv: readonly string[]): PreflightArgs {
  const args = [...argv];
  if (args[0] === '-h' || args[0] === '--help' || args.length === 0) {
    if (args.length === 0) throw new UsageError('Name a command: cdk-hybrid-connectivity preflight [cdk.out].');
    return { assemblyDir: 'cdk.out', stacks: [], parameters: {}, json: false, allowUnresolved: false, help: true };
  }
  const command = args.shift();
  if (command !== 'preflight') throw new UsageError(`Unknown command '${command}'. The command is: cdk-hybrid-connectivity preflight [cdk.out].`);
  let assemblyDir: string | undefined;
  const stacks: string[] = [];
  const parameters: Record<string, string> = {};
  let json = false;
  let allowUnresolved = false;
  let region: string | undefined;
  let profile: string | undefined;
  let help = false;
  const valueOf = (flag: string) => {
    const value = args.shift();
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value: ${flag} VALUE.`);
    return value;
  };
  while (args.length) {
    const arg = args.shift()!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const next = () => inline ?? valueOf(flag);
    switch (flag) {
      case '--stack': stacks.push(next()); break;
      case '--parameters': {
        const pair = next();
        const eq = pair.indexOf('=');
        if (eq <= 0) throw new UsageError(`--parameters takes KEY=VALUE (or STACK:KEY=VALUE), not '${pair}'.`);
        parameters[pair.slice(0, eq)] = pair.slice(eq + 1);
        break;
      }
      case '--json': json = true; break;
      case '--allow-unresolved': allowUnresolved = true; break;
      case '--region': region = next(); break;
      case '--profile': profile = next(); break;
      case '-h': case '--help': help = true; break;
      default:
        if (flag.startsWith('-')) throw new UsageError(`Unknown option '${flag}'. Run cdk-hybrid-connectivity preflight --help for the options.`);
        if (assemblyDir !== undefined) throw new UsageError(`One cloud assembly directory at a time: got '${assemblyDir}' and '${flag}'.`);
        assemblyDir = flag;
    }
  }
  return { assemblyDir: assemblyDir ?? 'cdk.out', stacks, parameters, json, allowUnresolved, region, profile, help };
}
