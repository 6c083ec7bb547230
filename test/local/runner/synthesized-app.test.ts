import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnOutput, CustomResource, Stack } from 'aws-cdk-lib';
import { FakeLambda } from './fake-lambda';
import { LifecycleRunner } from '../../../local/runner/lifecycle-runner';
import { HybridConnectivityProvider } from '../../../src/provider/hybrid-connectivity-provider';

/** A real CDK app: the library's provider, a custom resource on it, and a second stack consuming its attributes. */
function synthesize(outdir: string): string {
  const app = new App({ outdir });
  const network = new Stack(app, 'Network');
  const conn = new CustomResource(network, 'Conn', {
    serviceToken: HybridConnectivityProvider.of(network).serviceToken,
    resourceType: 'Custom::InterconnectConnection',
    properties: { Bandwidth: '1Gbps', Region: network.region },
  });
  // Same Custom:: prefix, another provider's function: the runner must leave it alone.
  new CustomResource(network, 'SomeoneElses', {
    serviceToken: `arn:aws:lambda:${network.region}:${network.account}:function:elsewhere`,
    resourceType: 'Custom::InterconnectConnection',
  });
  const consumer = new Stack(app, 'Consumer');
  const use = new CustomResource(consumer, 'Use', {
    serviceToken: HybridConnectivityProvider.of(consumer).serviceToken,
    resourceType: 'Custom::InterconnectConsumer',
    properties: { ActivationKey: conn.getAttString('activationKey'), SharedId: conn.getAttString('sharedId') },
  });
  new CfnOutput(consumer, 'ActivationKey', { value: conn.getAttString('activationKey') });
  new CfnOutput(consumer, 'SharedId', { value: use.getAttString('Name') });
  return app.synth().directory;
}

test('drives a synthesized app: recognises the provider, simulates the rest, and resolves cross-stack references', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-app-'));
  try {
    const assembly = synthesize(dir);
    const fake = new FakeLambda();
    const onEvent = async (event: any) => {
      const result: any = await fake.onEvent(event);
      return event.LogicalResourceId === 'Conn' && result.Data
        ? { ...result, NoEcho: true, Data: { ...result.Data, activationKey: 'AK-123', sharedId: 'shared-9' } }
        : result;
    };
    const lines: string[] = [];
    const runner = new LifecycleRunner({ handlers: { onEvent, isComplete: fake.isComplete }, pollIntervalMs: 1, log: (l) => lines.push(l) });

    const deployed = await runner.deploy(assembly);

    expect(deployed.ok).toBe(true);
    expect(fake.callsFor('onEvent').map((c) => `${c.event.ResourceType} ${c.logicalId}`))
      .toEqual(['Custom::InterconnectConnection Conn', 'Custom::InterconnectConsumer Use']);
    expect(fake.callsFor('onEvent')[0].properties).toMatchObject({ Bandwidth: '1Gbps', Region: 'us-east-1' });
    expect(fake.callsFor('onEvent')[1].properties).toMatchObject({ ActivationKey: 'AK-123', SharedId: 'shared-9' });
    expect(runner.outputs('Consumer')).toMatchObject({ ActivationKey: 'AK-123' });
    expect(runner.state.stacks.Network.resources.SomeoneElses).toMatchObject({ simulated: true });
    expect(lines.join('\n')).not.toContain('AK-123');
    expect(lines).toContain('    ActivationKey = ****');
    expect(deployed.events.filter((e) => e.action === 'simulate').length).toBeGreaterThan(5);

    const destroyed = await runner.destroy();
    expect(destroyed.ok).toBe(true);
    expect(fake.callsFor('onEvent', 'Delete').map((c) => c.logicalId)).toEqual(['Use', 'Conn']);
    expect(fake.live.size).toBe(0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
