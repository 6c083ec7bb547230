import { AssemblyError } from './assembly-stack';
import type { MoveReport } from './move-report';
import { parsePreflightArgs, PreflightArgs, UsageError, USAGE } from './preflight-args';
import { renderReportTable } from './report-table';
import { runPreflight } from './run-preflight';

/** The exit status for a report: 1 when any move is blocked (or unresolved, unless allowed), else 0. */
export function exitCodeOf(moves: readonly MoveReport[], allowUnresolved: boolean): number {
  return moves.some((m) => m.verdict === 'blocked' || (m.verdict === 'unresolved' && !allowUnresolved)) ? 1 : 0;
}

/** A progress line on a terminal's stderr, rewritten in place; nothing in a pipe. */
function progress(): { onCall: (what: string) => void; done: () => void } {
  if (!process.stderr.isTTY) return { onCall: () => undefined, done: () => undefined };
  let calls = 0;
  return {
    onCall: (what) => { process.stderr.write(`\r\x1b[Kpreflight: ${++calls} read(s), now ${what}`); },
    done: () => { if (calls) process.stderr.write('\r\x1b[K'); },
  };
}

/** `cdk-hybrid-connectivity preflight ...`: prints the report and resolves to the exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  let args: PreflightArgs;
  try {
    args = parsePreflightArgs(argv);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (args.profile) process.env.AWS_PROFILE = args.profile;
  const shown = progress();
  try {
    const result = await runPreflight({
      assemblyDir: args.assemblyDir, stacks: args.stacks, parameters: args.parameters, defaultRegion: args.region, onCall: shown.onCall,
    });
    shown.done();
    const code = exitCodeOf(result.moves, args.allowUnresolved);
    process.stdout.write(args.json
      ? JSON.stringify({ stacks: result.stacks, moves: result.moves, exitCode: code }, undefined, 2) + '\n'
      : renderReportTable(result.moves, result.stacks));
    return code;
  } catch (err) {
    shown.done();
    if (err instanceof AssemblyError || err instanceof UsageError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (err: Error) => {
    process.stderr.write(`cdk-hybrid-connectivity: ${err.message}\n`);
    process.exitCode = 2;
  });
}
