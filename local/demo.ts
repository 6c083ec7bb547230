import { execFile } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DEMO_CUSTOMER_ENV, DEMO_IDS, DEMO_PARTNER_ENV, buildDemoApp } from '../examples/demo-app';
import { startEmulator, RunningEmulator } from './emulator/emulator';
import type { DirectConnectService } from './emulator/services/directconnect';
import type { NetworkManagerService } from './emulator/services/networkmanager';
import { LifecycleRunner, RunResult } from './runner/lifecycle-runner';
import { createInterconnectClient } from '../src/interconnect/handler/interconnect-client';
import { readAssemblyStacks } from '../src/preflight/assembly-stack';

/**
 * The move preflight before a deployment: the built bin (bin/cdk-hybrid-connectivity) run as each account on
 * the stacks it deploys, as a pipeline runs it before `cdk deploy`. Asynchronous, so the emulator in this
 * process keeps answering. Fails the demo when a move is blocked.
 */
async function preflight(assemblyDir: string, endpoint: string, log: (line: string) => void): Promise<void> {
  const byAccount = new Map<string, string[]>();
  for (const stack of readAssemblyStacks(assemblyDir)) {
    const account = stack.account ?? DEMO_PARTNER_ENV.account;
    byAccount.set(account, [...byAccount.get(account) ?? [], '--stack', stack.artifactId]);
  }
  for (const [account, stacks] of byAccount) {
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [join(__dirname, '..', 'bin', 'cdk-hybrid-connectivity'), 'preflight', assemblyDir, ...stacks], {
        env: { ...process.env, AWS_ENDPOINT_URL: endpoint, AWS_ACCESS_KEY_ID: account, AWS_SECRET_ACCESS_KEY: 'demo', AWS_REGION: 'us-east-1' },
      }, (err, out, errOut) => resolve({ code: err ? Number((err as { code?: number }).code ?? 2) : 0, stdout: out, stderr: errOut }));
    });
    log(`  $ cdk-hybrid-connectivity preflight ${stacks.filter((s) => s !== '--stack').map((s) => `--stack ${s}`).join(' ')}   (as ${account})`);
    for (const line of stdout.trimEnd().split('\n')) log(`  ${line}`);
    if (code !== 0) throw new Error(`The preflight as ${account} exited ${code}: ${stderr.trim() || 'a move is blocked'}`);
  }
}

/** What the demo saw, for the end-to-end test. */
export interface DemoSummary {
  readonly activationKey: string;
  readonly sharedId: string;
  readonly connectionId: string;
  readonly connectionStates: string[];
  readonly hostedConnection: { before?: string; afterDeploy?: string; afterDestroy?: string };
  readonly virtualInterface: { before?: string; afterDeploy?: string; afterUpdate?: string; afterDestroy?: string };
  readonly connectPeer: { afterDeploy?: string; afterUpdate?: string; afterDestroy?: string };
  /** What the emulator holds after destroy, per service: the demo must leave nothing behind. */
  readonly leftBehind: Record<string, number>;
}

export interface DemoOptions {
  readonly log?: (line: string) => void;
  /** Time between isComplete calls. @default 100 */
  readonly pollIntervalMs?: number;
}

function check(result: RunResult, what: string): void {
  if (!result.ok) {
    throw new Error(`${what} failed: ${result.failed?.stack}/${result.failed?.logicalId}: ${result.failed?.reason}`);
  }
}

/**
 * The main job of the project with no AWS account: synthesize the example app, deploy it to a freshly
 * started local emulator through the bundled handlers, play the partner accepting the connection, move
 * things, and destroy everything.
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoSummary> {
  const log = options.log ?? ((line: string) => console.log(line));
  const work = mkdtempSync(join(tmpdir(), 'hybrid-demo-'));
  let emulator: RunningEmulator | undefined;
  /** The runner's handlers run in Lambda worker threads: ended when the demo is done. */
  let closeRunner: (() => Promise<void>) | undefined;
  try {
    emulator = await startEmulator({ port: 0, quiet: true });
    log(`Local AWS emulator on ${emulator.url}`);
    const dx = emulator.service<DirectConnectService>('directconnect');
    const nm = emulator.service<NetworkManagerService>('networkmanager');

    const first = join(work, 'stage1');
    buildDemoApp({ outdir: first }).synth();
    log(`Synthesized the example app into ${first}`);

    const summary = {
      activationKey: '',
      sharedId: '',
      connectionId: '',
      connectionStates: [] as string[],
      hostedConnection: { before: dx.parentOf(DEMO_IDS.hostedConnection) } as DemoSummary['hostedConnection'],
      virtualInterface: { before: dx.connectionOf(DEMO_IDS.virtualInterface) } as DemoSummary['virtualInterface'],
      connectPeer: {} as DemoSummary['connectPeer'],
      leftBehind: {} as Record<string, number>,
    };

    const runner = new LifecycleRunner({
      endpoint: emulator.url,
      pollIntervalMs: options.pollIntervalMs ?? 100,
      log: (line) => log(`  ${line}`),
      handlerLog: () => undefined,
    });
    closeRunner = () => runner.close();

    log('\n== Preflight: what the deployment will move, before it does (read-only)');
    await preflight(first, emulator.url, log);

    log('\n== Deploy');
    check(await runner.deploy(first), 'deploy');

    const handoff = runner.outputs('PartnerHandoff');
    summary.activationKey = handoff.ActivationKey;
    summary.sharedId = handoff.SharedId;
    summary.connectionId = handoff.ConnectionId;
    log('\n== What the partner needs (read from the PartnerHandoff stack\'s outputs)');
    log(`  connection id:   ${summary.connectionId}`);
    log(`  shared id:       ${summary.sharedId}`);
    // The key is a secret: the demo shows that the partner has it, never the key itself.
    log(`  activation key:  **** (${summary.activationKey.length} characters; NoEcho in the stack outputs, the partner reads it from there)`);

    summary.hostedConnection.afterDeploy = dx.parentOf(DEMO_IDS.hostedConnection);
    summary.virtualInterface.afterDeploy = dx.connectionOf(DEMO_IDS.virtualInterface);
    summary.connectPeer.afterDeploy = nm.associationOf(DEMO_IDS.connectPeer)?.deviceId;
    log(`\n== Direct Connect moves (the partner's stack as ${DEMO_PARTNER_ENV.account}, the customer's as ${DEMO_CUSTOMER_ENV.account})`);
    log(`  hosted connection ${DEMO_IDS.hostedConnection}: was on ${summary.hostedConnection.before}, now on ${summary.hostedConnection.afterDeploy}`);
    log(`  virtual interface ${DEMO_IDS.virtualInterface}: was on ${summary.virtualInterface.before}, now on ${summary.virtualInterface.afterDeploy}`);
    log('\n== Cloud WAN');
    log(`  Connect peer ${DEMO_IDS.connectPeer}: associated with ${summary.connectPeer.afterDeploy} (${nm.associationOf(DEMO_IDS.connectPeer)?.state})`);

    log('\n== The partner accepts the connection at its portal');
    await fetch(`${emulator.url}/_emulator/interconnect/accept`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ connectionId: summary.connectionId }),
    });
    const interconnect = createInterconnectClient({ endpoint: emulator.url, region: 'us-east-1', credentials: { accessKeyId: 'demo', secretAccessKey: 'demo' } });
    for (let i = 0; i < 100; i++) {
      const state = (await interconnect.getConnection({ identifier: summary.connectionId })).connection?.state ?? 'unknown';
      if (summary.connectionStates[summary.connectionStates.length - 1] !== state) {
        summary.connectionStates.push(state);
        log(`  ${summary.connectionId} is ${state}`);
      }
      if (state === 'available') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    interconnect.destroy?.();
    if (summary.connectionStates[summary.connectionStates.length - 1] !== 'available') {
      throw new Error(`The connection did not reach available: ${summary.connectionStates.join(' -> ')}`);
    }

    log('\n== Update: the customer\'s virtual interface moves on to its third hosted connection, the Connect peer to another device');
    const second = join(work, 'stage2');
    buildDemoApp({ outdir: second, secondStage: true }).synth();
    log('  Preflight of the update:');
    await preflight(second, emulator.url, log);
    check(await runner.update(second), 'update');
    summary.virtualInterface.afterUpdate = dx.connectionOf(DEMO_IDS.virtualInterface);
    summary.connectPeer.afterUpdate = nm.associationOf(DEMO_IDS.connectPeer)?.deviceId;
    log(`  virtual interface ${DEMO_IDS.virtualInterface}: now on ${summary.virtualInterface.afterUpdate}`);
    log(`  Connect peer ${DEMO_IDS.connectPeer}: now associated with ${summary.connectPeer.afterUpdate}`);

    log('\n== Destroy');
    check(await runner.destroy(), 'destroy');
    summary.hostedConnection.afterDestroy = dx.parentOf(DEMO_IDS.hostedConnection);
    summary.virtualInterface.afterDestroy = dx.connectionOf(DEMO_IDS.virtualInterface);
    summary.connectPeer.afterDestroy = nm.associationOf(DEMO_IDS.connectPeer)?.deviceId;
    log(`  hosted connection ${DEMO_IDS.hostedConnection}: moved back to ${summary.hostedConnection.afterDestroy} (RESTORE)`);
    log(`  virtual interface ${DEMO_IDS.virtualInterface}: stays on ${summary.virtualInterface.afterDestroy} (RETAIN)`);
    log(`  Connect peer ${DEMO_IDS.connectPeer}: ${summary.connectPeer.afterDestroy ? `still on ${summary.connectPeer.afterDestroy}` : 'disassociated'}`);

    const state = await (await fetch(`${emulator.url}/_emulator/state`)).json() as Record<string, Record<string, unknown>>;
    summary.leftBehind = {
      interconnectConnections: (state.interconnect?.connections as unknown[] | undefined)?.length ?? 0,
      connectPeerAssociations: (state.networkmanager?.connectPeerAssociations as unknown[] | undefined)?.length ?? 0,
      sidewalkPartnerAccounts: (state.iotwireless?.partnerAccounts as unknown[] | undefined)?.length ?? 0,
    };
    const left = Object.entries(summary.leftBehind).filter(([, n]) => n > 0);
    if (left.length > 0) {
      throw new Error(`The demo left resources behind in the emulator: ${left.map(([k, n]) => `${n} ${k}`).join(', ')}`);
    }
    log('  nothing left behind in the emulator');
    return summary;
  } finally {
    await closeRunner?.();
    await emulator?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runDemo().then(
    () => {
      console.log('\nDemo finished.');
      process.exit(0);
    },
    (err: Error) => {
      console.error(`\nDemo failed: ${err.message}`);
      process.exit(1);
    },
  );
}
