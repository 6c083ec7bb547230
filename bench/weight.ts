import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { BenchEmulator, emulatorEnv } from './bench-emulator';
import { amazonId, BENCH_IDS, connectPeerId, hostedConnectionId, virtualInterfaceId } from './mixed-app';
import { median, round } from './stats';

const ROOT = path.resolve(__dirname, '..');
/**
 * The handler bundles, by name: one, which both provider functions run. Its entry file; the bundle is the
 * entry's directory (one file per service and their shared chunks, loaded as a request needs them).
 */
export const BUNDLES = {
  'handler-entry-points': path.join(ROOT, 'assets/provider/handler/handler-entry-points/index.js'),
};

export interface BundleSize {
  readonly rawBytes: number;
  readonly gzipBytes: number;
  /** How many files: the bundle directory's, or the files a cold start loaded. */
  readonly files?: number;
}

export interface ColdStart {
  /** Median, from process start to the answer (performance.now() in the child), ms. */
  readonly medianMs: number;
  /**
   * Median of the child's own require time, ms: of the client package for the baseline, of the bundle's
   * entry file for the library (its handler files load during the call, and count in `medianMs`).
   */
  readonly requireMs: number;
  /** Median wall time seen by the parent: spawn to exit, ms. */
  readonly wallMs: number;
  readonly samplesMs: number[];
}

export interface WeightResult {
  readonly bundles: Record<string, BundleSize>;
  readonly baseline: ColdStart;
  /** onEvent Create of each resource type, fresh process each time. */
  readonly onEventCreate: Record<string, ColdStart>;
  /** The goal's comparison: a Direct Connect Create (the same client as the baseline). */
  readonly ratio: number;
  readonly runs: number;
}

/** The size of a file, of every file of a directory, or of a list of files (each gzipped on its own, as deployed). */
export function bundleSize(fileOrFiles: string | string[]): BundleSize {
  const files = Array.isArray(fileOrFiles) ? fileOrFiles
    : fs.statSync(fileOrFiles).isDirectory() ? fs.readdirSync(fileOrFiles).map((f) => path.join(fileOrFiles, f)) : [fileOrFiles];
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const raw = fs.readFileSync(file);
    rawBytes += raw.length;
    gzipBytes += zlib.gzipSync(raw, { level: 9 }).length;
  }
  return { rawBytes, gzipBytes, files: files.length };
}

/**
 * Printed by each child after its answer: the JavaScript files node loaded (compiled) for it, node's own
 * built-in modules aside: for the library the bundle's files, for the baseline the client's modules.
 */
const LOADED_FILES = 'Object.keys(require.cache).filter((f) => f.endsWith(".js") || f.endsWith(".mjs") || f.endsWith(".cjs"))';

/**
 * A Direct Connect move's onEvent waits a settle time (3 s) between writing its claim and reading it back
 * (move-election.ts): a deliberate wait, not start-up cost, so the cold-start children set it to 0.
 */
const NO_SETTLE = { HYBRID_CONNECTIVITY_MOVE_SETTLE_MS: '0' };

/** A child that requires `bundle`, serves one provider event through its onEvent export, and prints its timings. */
const LIBRARY_CHILD = `
const t0 = performance.now();
const { onEvent } = require(process.env.BENCH_BUNDLE);
const t1 = performance.now();
onEvent(JSON.parse(process.env.BENCH_EVENT)).then((r) => {
  if (!r || !r.PhysicalResourceId) throw new Error('no physical id');
  const totalMs = performance.now();
  process.stdout.write('\\nBENCH ' + JSON.stringify({ requireMs: t1 - t0, totalMs, loaded: ${LOADED_FILES} }) + '\\n');
}).catch((e) => { console.error(e); process.exit(1); });
`;

/** The single-client baseline: require @aws-sdk/client-direct-connect and make one call. */
const BASELINE_CHILD = `
const t0 = performance.now();
const { DirectConnectClient, DescribeConnectionsCommand } = require('@aws-sdk/client-direct-connect');
const t1 = performance.now();
new DirectConnectClient({}).send(new DescribeConnectionsCommand({ connectionId: 'dxcon-dedx0001' })).then(() => {
  const totalMs = performance.now();
  process.stdout.write('\\nBENCH ' + JSON.stringify({ requireMs: t1 - t0, totalMs, loaded: ${LOADED_FILES} }) + '\\n');
}).catch((e) => { console.error(e); process.exit(1); });
`;

type ChildTimes = { requireMs: number; totalMs: number; wallMs: number; loaded: string[] };

function runChild(script: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<ChildTimes> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, [...nodeArgs, '-e', script], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('exit', (code) => {
      const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) return reject(new Error(`cold-start child failed (${code}): ${err.slice(0, 500)}`));
      try {
        const line = out.split('\n').reverse().find((l) => l.startsWith('BENCH '))!;
        resolve({ ...JSON.parse(line.slice('BENCH '.length)), wallMs });
      } catch {
        reject(new Error(`cold-start child printed no timings: ${out.slice(0, 200)} ${err.slice(0, 300)}`));
      }
    });
  });
}

/** One Create per resource type, as the Provider framework sends it to onEvent. */
function createEvents(secretArn: string): Record<string, Record<string, unknown>> {
  const base = {
    RequestType: 'Create',
    StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Bench/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0',
    RequestId: '5d2a8e0c-0000-4000-8000-000000000001',
    ResponseURL: 'https://cloudformation-custom-resource-response-useast1.s3.amazonaws.com/x',
    ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:bench',
  };
  const ev = (resourceType: string, logicalId: string, props: Record<string, unknown>) =>
    ({ ...base, ResourceType: resourceType, LogicalResourceId: logicalId, ResourceProperties: { ServiceToken: base.ServiceToken, ...props } });
  return {
    HostedConnectionAssociation: ev('Custom::DirectConnectHostedConnectionAssociation', 'Hosted0', {
      ConnectionId: hostedConnectionId(0), ParentConnectionId: BENCH_IDS.hostedTargets[0], RemovalBehavior: 'RETAIN', WaitTimeoutSeconds: '1800',
    }),
    VirtualInterfaceAssociation: ev('Custom::DirectConnectVirtualInterfaceAssociation', 'Vif0', {
      VirtualInterfaceId: virtualInterfaceId(0), ConnectionId: BENCH_IDS.vifTarget, RemovalBehavior: 'RETAIN', WaitForBgpUp: 'false', WaitTimeoutSeconds: '1800',
    }),
    InterconnectConnection: ev('Custom::InterconnectConnection', 'Connection0', {
      Mode: 'create',
      AttachPointType: 'directConnectGateway',
      AttachPointValue: BENCH_IDS.directConnectGateway,
      EnvironmentId: 'aws-gcp-us-east4',
      Bandwidth: '1Gbps',
      Description: 'bench',
      WaitFor: 'requested',
      WaitTimeoutSeconds: '1800',
    }),
    ConnectPeerAssociation: ev('Custom::ConnectPeerAssociation', 'Peer0', {
      GlobalNetworkId: BENCH_IDS.globalNetwork, ConnectPeerId: connectPeerId(0), DeviceId: BENCH_IDS.device, LinkId: BENCH_IDS.link, WaitTimeoutSeconds: '1800',
    }),
    SidewalkAccountAssociation: ev('Custom::SidewalkAccountAssociation', 'Sidewalk0', {
      AmazonId: amazonId(0), AppServerPrivateKeySecretArn: secretArn, AppServerPrivateKeySecretField: 'appServerPrivateKey',
    }),
  };
}

/**
 * One cold start of each kind under `node --cpu-prof` (`nodeArgs`): the bare client call, then a Create of
 * `type` through the bundle. For the profiles of the cold-start figure.
 */
export async function profileColdStarts(bench: BenchEmulator, type: string, nodeArgs: (name: string) => string[]): Promise<void> {
  const env = emulatorEnv(bench.emulator.url);
  await runChild(BASELINE_CHILD, env, nodeArgs('cold-start baseline'));
  const event = createEvents(bench.reseed(4))[type];
  await runChild(LIBRARY_CHILD, { ...env, ...NO_SETTLE, BENCH_BUNDLE: BUNDLES['handler-entry-points'], BENCH_EVENT: JSON.stringify(event) },
    nodeArgs(`cold-start ${type}`));
}

function summarize(samples: ChildTimes[]): ColdStart {
  return {
    medianMs: round(median(samples.map((s) => s.totalMs)), 1),
    requireMs: round(median(samples.map((s) => s.requireMs)), 1),
    wallMs: round(median(samples.map((s) => s.wallMs)), 1),
    samplesMs: samples.map((s) => round(s.totalMs, 1)),
  };
}

/**
 * Pairs (a library sample and a baseline sample, next to each other) per resource type in each round: a type's
 * median is then over 2 x `runs` samples (14 in the full bench, 6 in --quick), each against its neighbour.
 */
const PAIRS_PER_ROUND = 2;

/**
 * Bundle sizes, and cold starts: a fresh node process per sample, the library's onEvent bundle serving
 * one Create against the emulator, interleaved with the single-client baseline. The emulator is reset
 * and seeded before every sample, so every Create does the full work.
 */
export async function runWeightBench(bench: BenchEmulator, runs: number, log: (line: string) => void,
  bundles: Record<string, string> = BUNDLES): Promise<WeightResult> {
  // The whole bundle (what every synth stages, hashes and uploads), by its directory.
  const sizes: Record<string, BundleSize> = Object.fromEntries(Object.entries(bundles).map(([name, file]) => [`${name} (all files)`, bundleSize(path.dirname(file))]));
  const env = emulatorEnv(bench.emulator.url);
  const base: ChildTimes[] = [];
  const lib: Record<string, ChildTimes[]> = {};
  // One warm-up of each, for the file system cache.
  await runChild(BASELINE_CHILD, env);
  const types = Object.keys(createEvents(''));
  const runLibrary = (type: string) => {
    const event = createEvents(bench.reseed(4))[type];
    return runChild(LIBRARY_CHILD, { ...env, ...NO_SETTLE, BENCH_BUNDLE: bundles['handler-entry-points'], BENCH_EVENT: JSON.stringify(event) });
  };
  await runLibrary(types[0]);
  for (let r = 0; r < runs; r++) {
    for (const type of types) {
      for (let pair = 0; pair < PAIRS_PER_ROUND; pair++) {
        // Alternate the order, so that neither side always runs right after the other.
        if ((r + pair) % 2 === 0) {
          base.push(await runChild(BASELINE_CHILD, env));
          (lib[type] ??= []).push(await runLibrary(type));
        } else {
          (lib[type] ??= []).push(await runLibrary(type));
          base.push(await runChild(BASELINE_CHILD, env));
        }
      }
    }
    log(`weight: round ${r + 1}/${runs} done`);
  }
  const onEventCreate = Object.fromEntries(Object.entries(lib).map(([type, s]) => [type, summarize(s)]));
  const baseline = summarize(base);
  // What each cold start compiled (the same in every sample: node loads a file once per process).
  sizes['baseline: modules one bare client call loads'] = bundleSize(base[0].loaded);
  for (const [type, s] of Object.entries(lib)) sizes[`bundle files a Create of ${type} loads`] = bundleSize(s[0].loaded);
  return {
    bundles: sizes,
    baseline,
    onEventCreate,
    ratio: round(onEventCreate.HostedConnectionAssociation.medianMs / baseline.medianMs, 3),
    runs,
  };
}
