import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  AttachPoint, ConnectPeerAssociation, DirectConnectTarget, DirectConnectVirtualInterface, HostedConnectionAssociation, InterconnectConnection,
  SidewalkAccountAssociation,
  VirtualInterfaceAssociation,
} from '../../src';

// Users snapshot their synthesized templates, so unchanged input must give byte-identical output build
// after build: the handler bundles (whose hash is in the template), and the templates themselves.

const root = path.join(__dirname, '..', '..');

interface BundleCommand {
  /** The command and its arguments, exactly as the task runs them. */
  readonly argv: string[];
  /** Where it writes, relative to the checkout: the esbuild `--outfile`, or the handler bundle's directory. */
  readonly output: string;
  /** The same command writing under `outdir` instead. */
  redirect(outdir: string): string[];
}

/**
 * The commands of projen's bundle tasks, exactly as `npm test` and the release build run them: esbuild with
 * one `--outfile` (the preflight), and the handler bundle's script with its output directory.
 */
function bundleCommands(): BundleCommand[] {
  const tasks = JSON.parse(fs.readFileSync(path.join(root, '.projen', 'tasks.json'), 'utf-8')).tasks as
    Record<string, { steps?: Array<{ exec?: string; execArgs?: string[] }> }>;
  return Object.entries(tasks)
    .filter(([name]) => name.startsWith('bundle:') && !name.endsWith(':watch'))
    .map(([, task]) => task.steps?.[0]?.execArgs ?? task.steps?.[0]?.exec?.split(' ') ?? [])
    .flatMap((argv): BundleCommand[] => {
      if (argv[0] === 'esbuild') {
        const output = argv.find((a) => a.startsWith('--outfile='))!.slice('--outfile='.length);
        return [{ argv, output, redirect: (outdir) => argv.map((a) => (a === `--outfile=${output}` ? `--outfile=${path.join(outdir, output)}` : a)) }];
      }
      if (argv[0] === 'node' && argv[1] === 'scripts/bundle-handler.js') {
        const output = argv[2];
        return [{ argv, output, redirect: (outdir) => [argv[0], argv[1], path.join(outdir, output)] }];
      }
      return [];
    });
}

/** Runs every bundle command from a clean output directory; returns each output file's SHA-256. */
function bundleInto(outdir: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const command of bundleCommands()) {
    const [program, ...args] = command.redirect(outdir);
    const executable = program === 'esbuild' ? path.join(root, 'node_modules', '.bin', program) : process.execPath;
    execFileSync(executable, args, { cwd: root, stdio: 'pipe' });
    const target = path.join(outdir, command.output);
    const files = fs.statSync(target).isDirectory()
      ? fs.readdirSync(target).map((f) => path.posix.join(command.output, f))
      : [command.output];
    for (const file of files) {
      hashes[file] = createHash('sha256').update(fs.readFileSync(path.join(outdir, file))).digest('hex');
    }
  }
  return hashes;
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-hybrid-connectivity-determinism-'));
}

/** Every construct of the library in one app, synthesized into a fresh directory. */
function synthAll(outdir: string): Record<string, string> {
  const app = new App({ outdir });
  const stack = new Stack(app, 'Everything', { env: { account: '123456789012', region: 'us-east-1' } });
  new InterconnectConnection(stack, 'Connection', {
    environmentId: 'aws-gcp-us-east4',
    bandwidth: '1Gbps',
    attachPoint: AttachPoint.directConnectGateway('5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9'),
  });
  new HostedConnectionAssociation(stack, 'Hosted', { hostedConnectionId: 'dxcon-fg5678gh', target: DirectConnectTarget.fromId('dxlag-ffrz71kw') });
  new VirtualInterfaceAssociation(stack, 'Vif', { virtualInterface: DirectConnectVirtualInterface.fromId('dxvif-fg5678gh'), target: DirectConnectTarget.fromId('dxcon-ab12cd34') });
  new ConnectPeerAssociation(stack, 'Peer', {
    globalNetworkId: 'global-network-0a1b2c3d4e5f60718',
    connectPeerId: 'connect-peer-0123456789abcdef0',
    deviceId: 'device-07f6fd08867abc123',
  });
  new SidewalkAccountAssociation(stack, 'Sidewalk', {
    amazonId: 'amzn1.account.AEXAMPLE',
    appServerPrivateKey: secretsmanager.Secret.fromSecretNameV2(stack, 'Key', 'sidewalk/key'),
  });
  app.synth();
  const files: Record<string, string> = {};
  for (const file of ['Everything.template.json', 'Everything.assets.json']) {
    files[file] = fs.readFileSync(path.join(outdir, file), 'utf-8');
  }
  return files;
}

describe('build determinism', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  test('the bundle tasks are found: one bundle, which both handler functions run, and the preflight command', () => {
    expect(bundleCommands().map((c) => c.output).sort()).toEqual([
      'assets/preflight/cli/index.js',
      'assets/provider/handler/handler-entry-points',
    ]);
  });

  test('two clean builds of each bundle are byte-identical', () => {
    const [first, second] = [tempDir(), tempDir()];
    dirs.push(first, second);
    const a = bundleInto(first);
    const b = bundleInto(second);
    // The preflight's file, and the handler bundle's entry with its other files.
    expect(Object.keys(a)).toContain('assets/preflight/cli/index.js');
    expect(Object.keys(a)).toContain('assets/provider/handler/handler-entry-points/index.js');
    expect(Object.keys(a).filter((f) => f.startsWith('assets/provider/handler/handler-entry-points/')).length).toBeGreaterThan(1);
    expect(b).toEqual(a);
  }, 120_000);

  test('synthesizing the same app twice gives identical templates and asset hashes', () => {
    const [first, second] = [tempDir(), tempDir()];
    dirs.push(first, second);
    const a = synthAll(first);
    const b = synthAll(second);
    expect(b).toEqual(a);

    // Nothing about the machine, the checkout or the moment leaks in.
    const text = Object.values(a).join('\n');
    expect(text).not.toContain(root);
    expect(text).not.toContain(os.tmpdir());
    expect(text).not.toMatch(/20\d\d-\d\d-\d\dT\d\d:\d\d/);

    // The handler bundle is one asset, which both handler functions run, addressed by its content hash.
    const assets = JSON.parse(a['Everything.assets.json']).files as Record<string, unknown>;
    const functions = Object.values(JSON.parse(a['Everything.template.json']).Resources as Record<string, any>)
      .filter((r) => r.Type === 'AWS::Lambda::Function' && /^index\.(onEvent|isComplete)$/.test(r.Properties.Handler));
    expect(functions.map((f) => f.Properties.Handler).sort()).toEqual(['index.isComplete', 'index.onEvent']);
    const keys = new Set(functions.map((f) => f.Properties.Code.S3Key as string));
    expect(keys.size).toBe(1);
    expect(Object.keys(assets)).toContain([...keys][0].replace(/\.zip$/, ''));
  });
});
