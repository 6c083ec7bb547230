import { writeFileSync } from 'fs';
import { startEmulator, RunningEmulator } from './emulator/emulator';
import type { DirectConnectService } from './emulator/services/directconnect';
import type { InterconnectService } from './emulator/services/interconnect';
import { LifecycleRunner, RunResult } from './runner/lifecycle-runner';
import { readCloudAssembly } from './runner/read-cloud-assembly';

/**
 * Deploys a cloud assembly that something else synthesized (the Python example's, say) to a freshly started
 * local emulator through the lifecycle runner, as `local/demo.ts` does with the TypeScript app, then destroys
 * it, and writes what happened as JSON for the caller's test to judge: each operation's result, every
 * stack's outputs and resources, and the emulator's state before the deploy, after it and after the destroy.
 *
 *   ts-node local/deploy-assembly.ts <cdk.out> --summary FILE
 *
 * Exits 0 when both the deploy and the destroy succeeded, 1 otherwise (the summary is written either way),
 * 2 on a usage error. The runner's own lines go to stderr.
 *
 * The summary is printed by test runners when they fail, so every activation key the emulator issued is
 * replaced by `****` wherever it appears: an output that reads `****` is one that carried the real key.
 */

export const MASK = '****';

export interface DeploySummary {
  readonly deploy: OperationSummary;
  /** Absent when the deploy failed and nothing was left to destroy beyond its rollback. */
  readonly destroy?: OperationSummary;
  /** Every deployed stack after the deploy: where it went, its outputs and its resources. */
  readonly stacks: Record<string, StackSummary>;
  /** `GET /_emulator/state` (every service's snapshot), before the deploy, after it and after the destroy. */
  readonly emulator: { readonly beforeDeploy: unknown; readonly afterDeploy: unknown; readonly afterDestroy?: unknown };
}

export interface OperationSummary {
  readonly ok: boolean;
  readonly failed?: RunResult['failed'];
  readonly warnings: string[];
  /** Resources created, updated, deleted or simulated, as `<stack>/<logicalId> <action> <status>`. */
  readonly events: string[];
}

export interface StackSummary {
  readonly account: string;
  readonly region: string;
  readonly dependencies: string[];
  readonly outputs: Record<string, string>;
  readonly resources: Array<{ logicalId: string; type: string; physicalId: string; simulated: boolean }>;
}

function operation(result: RunResult): OperationSummary {
  return {
    ok: result.ok,
    failed: result.failed,
    warnings: result.warnings,
    events: result.events.map((e) => `${e.stack}/${e.logicalId} ${e.action} ${e.status}`),
  };
}

async function emulatorState(emulator: RunningEmulator): Promise<unknown> {
  return (await fetch(`${emulator.url}/_emulator/state`)).json();
}

/** Deploys and destroys `assemblyDirectory` on a new emulator; see the file's comment. */
export async function deployAssembly(assemblyDirectory: string, log: (line: string) => void): Promise<DeploySummary> {
  const emulator = await startEmulator({ port: 0, quiet: true });
  const runner = new LifecycleRunner({ endpoint: emulator.url, pollIntervalMs: 100, log, handlerLog: () => undefined });
  try {
    log(`Local AWS emulator on ${emulator.url}; deploying ${assemblyDirectory}`);
    // Direct Connect seeds a region's estate when the region is first used: use each region the stacks
    // deploy to first, so that the state before the deploy shows what the stacks will move.
    for (const region of new Set(readCloudAssembly(assemblyDirectory).map((s) => s.region))) {
      emulator.service<DirectConnectService>('directconnect').parentOf('', region);
    }
    const beforeDeploy = await emulatorState(emulator);
    const deployed = await runner.deploy(assemblyDirectory);
    const afterDeploy = await emulatorState(emulator);
    const stacks: Record<string, StackSummary> = {};
    for (const [name, record] of Object.entries(runner.state.stacks)) {
      stacks[name] = {
        account: record.account,
        region: record.region,
        dependencies: record.dependencies,
        outputs: record.outputs,
        resources: Object.values(record.resources).map((r) => ({
          logicalId: r.logicalId, type: r.type, physicalId: r.physicalId, simulated: r.simulated,
        })),
      };
    }
    // A failed deploy rolled its stack back; the stacks before it are still deployed and are destroyed too.
    log('Destroying every deployed stack');
    const destroyed = await runner.destroy();
    const afterDestroy = await emulatorState(emulator);
    const summary: DeploySummary = {
      deploy: operation(deployed),
      destroy: operation(destroyed),
      stacks,
      emulator: { beforeDeploy, afterDeploy, afterDestroy },
    };
    return masked(summary, emulator.service<InterconnectService>('interconnect').issuedActivationKeys());
  } finally {
    await runner.close();
    await emulator.stop();
  }
}

function masked<T>(value: T, secrets: string[]): T {
  let text = JSON.stringify(value);
  for (const secret of secrets.filter((s) => s.length > 0)) text = text.split(secret).join(MASK);
  return JSON.parse(text);
}

async function main(argv: string[]): Promise<number> {
  const [assembly, flag, summaryFile] = argv;
  if (!assembly || flag !== '--summary' || !summaryFile) {
    console.error('usage: ts-node local/deploy-assembly.ts <cdk.out> --summary FILE');
    return 2;
  }
  const summary = await deployAssembly(assembly, (line) => console.error(line));
  writeFileSync(summaryFile, `${JSON.stringify(summary, null, 2)}\n`);
  const ok = summary.deploy.ok && summary.destroy?.ok === true;
  console.error(ok ? '✓ deployed and destroyed' : `✗ ${summary.deploy.ok ? 'destroy' : 'deploy'} failed: ` +
    `${JSON.stringify((summary.deploy.ok ? summary.destroy : summary.deploy)?.failed)}`);
  return ok ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: Error) => {
      console.error(`deploy-assembly failed: ${err.message}`);
      process.exit(1);
    },
  );
}
