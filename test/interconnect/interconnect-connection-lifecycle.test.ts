import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { InterconnectService } from '../../local/emulator/services/interconnect';
import { INTERCONNECT_ATTACH_POINTS } from '../../local/emulator/services/interconnect-environments';
import type { SecretsManagerService } from '../../local/emulator/services/secretsmanager';
import { LifecycleRunner } from '../../local/runner/lifecycle-runner';
import { ActivationKey, AttachPoint, InterconnectConnection } from '../../src';
import { useEmulator } from '../helpers/emulator';

const emulator = useEmulator({ timings: { 'interconnect.pendingToAvailable': 30 } });
const GATEWAY = INTERCONNECT_ATTACH_POINTS[0].identifier;

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'interconnect-e2e-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** An accepted proposal whose key is in `secret`, with the default removal policy. */
function synth(version: string, secret: (stack: Stack) => secretsmanager.ISecret): string {
  const app = new App({ outdir: path.join(dir, version) });
  const stack = new Stack(app, 'Net', { env: { account: '123456789012', region: 'us-east-1' } });
  const connection = new InterconnectConnection(stack, 'FromPartner', {
    activationKey: ActivationKey.fromSecret(secret(stack), 'key'),
    attachPoint: AttachPoint.directConnectGateway(GATEWAY),
    waitTimeout: Duration.minutes(2),
  });
  new CfnOutput(stack, 'ConnectionId', { value: connection.connectionId });
  return app.synth().directory;
}

test('a name and then the complete ARN of the same secret update nothing; another secret replaces; retained by default', async () => {
  const interconnect = emulator().service<InterconnectService>('interconnect');
  const secrets = emulator().service<SecretsManagerService>('secretsmanager');
  const proposal = (name: string) => {
    const p = interconnect.control('createProposal', { environmentId: 'aws-gcp-us-east4', bandwidth: '1Gbps' }) as { activationKey: string };
    return secrets.control('putSecret', { name, secretString: JSON.stringify({ key: p.activationKey }) }) as { arn: string };
  };
  const first = proposal('proposal-key');
  expect(first.arn).toMatch(/^arn:aws:secretsmanager:us-east-1:123456789012:secret:proposal-key-[A-Za-z0-9]{6}$/);
  const accepts = () => emulator().calls.all({ service: 'interconnect', operation: 'AcceptConnectionProposal' }).length;
  const runner = new LifecycleRunner({ endpoint: emulator().url, pollIntervalMs: 10, log: () => undefined });
  try {
    const created = await runner.deploy(synth('v1', (s) => secretsmanager.Secret.fromSecretNameV2(s, 'Key', 'proposal-key')));
    expect(created.failed).toBeUndefined();
    const connectionId = runner.outputs('Net').ConnectionId;
    expect(connectionId).toMatch(/^mcc-[a-z0-9]{8}$/);
    expect(accepts()).toBe(1);

    // The same secret by its complete ARN: an in-place update of the same connection, no second accept.
    const switched = await runner.update(synth('v2', (s) => secretsmanager.Secret.fromSecretCompleteArn(s, 'Key', first.arn)));
    expect(switched.failed).toBeUndefined();
    const update = switched.events.find((e) => e.resourceType === 'Custom::InterconnectConnection')!;
    expect(update).toMatchObject({ action: 'update', status: 'succeeded', physicalId: connectionId });
    expect(update.replacedPhysicalId).toBeUndefined();
    expect(runner.outputs('Net').ConnectionId).toBe(connectionId);
    expect(accepts()).toBe(1);

    // Another proposal's secret is another connection: a replacement, and the old one is retained.
    const second = proposal('other-proposal-key');
    const replaced = await runner.update(synth('v3', (s) => secretsmanager.Secret.fromSecretCompleteArn(s, 'Key', second.arn)));
    expect(replaced.failed).toBeUndefined();
    expect(accepts()).toBe(2);
    const newId = runner.outputs('Net').ConnectionId;
    expect(newId).not.toBe(connectionId);
    expect(replaced.events.some((e) => e.action === 'retain' && e.physicalId === connectionId)).toBe(true);

    const destroyed = await runner.destroy();
    expect(destroyed.ok).toBe(true);
    const live = (interconnect.snapshot().connections as Array<{ id: string; state: string }>).map((c) => [c.id, c.state]).sort();
    expect(live).toEqual([[connectionId, 'available'], [newId, 'available']].sort());
  } finally {
    await runner.close();
  }
});
