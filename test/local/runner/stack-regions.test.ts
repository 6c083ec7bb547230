import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { LifecycleRunner } from '../../../local/runner/lifecycle-runner';
import { AttachPoint, InterconnectConnection } from '../../../src';
import { useEmulator } from '../../helpers/emulator';

/**
 * One runner, two stacks in two regions: each stack's functions are separate Lambda functions with their
 * own execution environments, so a module-level SDK client built for one region never carries the other
 * stack's calls.
 */
jest.setTimeout(60_000);

const emulator = useEmulator();

test('each stack\'s handlers call the emulator in their own stack\'s region', async () => {
  const em = emulator();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-regions-'));
  const runner = new LifecycleRunner({ endpoint: em.url, pollIntervalMs: 20, log: () => undefined, handlerLog: () => undefined });
  try {
    const app = new App({ outdir: dir, context: { 'aws:cdk:disable-asset-staging': true } });
    for (const [name, region] of [['East', 'us-east-1'], ['West', 'us-west-2']]) {
      const stack = new Stack(app, name, { env: { account: '123456789012', region } });
      new InterconnectConnection(stack, 'Connection', {
        attachPoint: AttachPoint.directConnectGateway('5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b'),
        environmentId: 'aws-gcp-us-east4',
        bandwidth: '1Gbps',
        waitTimeout: Duration.seconds(30),
        // Retained by default; the destroy below checks each stack's DeleteConnection region.
        removalPolicy: RemovalPolicy.DESTROY,
      });
    }
    const assembly = app.synth().directory;

    const east = await runner.deploy(assembly, { stacks: ['East'] });
    expect(east.failed).toBeUndefined();
    const eastCalls = em.calls.all().filter((c) => c.service === 'interconnect');
    em.calls.clear();
    const west = await runner.deploy(assembly, { stacks: ['West'] });
    expect(west.failed).toBeUndefined();
    const westCalls = em.calls.all().filter((c) => c.service === 'interconnect');

    expect(eastCalls.length).toBeGreaterThan(0);
    expect(westCalls.length).toBeGreaterThan(0);
    expect(new Set(eastCalls.map((c) => c.region))).toEqual(new Set(['us-east-1']));
    expect(new Set(westCalls.map((c) => c.region))).toEqual(new Set(['us-west-2']));
    expect(runner.state.stacks.West.resources).toBeDefined();
    const arns = ['East', 'West'].map((s) => Object.values(runner.state.stacks[s].resources).find((r) => r.type === 'Custom::InterconnectConnection')!.attributes.ConnectionArn);
    expect(arns[0]).toMatch(/^arn:aws:interconnect:us-east-1:/);
    expect(arns[1]).toMatch(/^arn:aws:interconnect:us-west-2:/);

    em.calls.clear();
    expect((await runner.destroy()).ok).toBe(true);
    const byStack = em.calls.all().filter((c) => c.service === 'interconnect' && c.operation === 'DeleteConnection');
    expect(byStack.map((c) => c.region).sort()).toEqual(['us-east-1', 'us-west-2']);
  } finally {
    await runner.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
