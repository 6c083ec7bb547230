import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { sidewalkFingerprint, type IoTWirelessService } from '../../local/emulator/services/iotwireless';
import type { SecretsManagerService } from '../../local/emulator/services/secretsmanager';
import { LifecycleRunner } from '../../local/runner/lifecycle-runner';
import { SidewalkAccountAssociation } from '../../src';
import { useEmulator } from '../helpers/emulator';

const emulator = useEmulator();
const KEY = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';
const NEW_KEY = 'c0ffee00'.repeat(8);
const AMAZON_ID = 'amzn1.account.AEXAMPLE0001';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sidewalk-e2e-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function synth(version: string, secretArn: string, versionId?: string): string {
  const app = new App({ outdir: path.join(dir, version) });
  const stack = new Stack(app, 'Iot', { env: { account: '123456789012', region: 'us-east-1' } });
  const sidewalk = new SidewalkAccountAssociation(stack, 'Sidewalk', {
    amazonId: AMAZON_ID,
    appServerPrivateKey: secretsmanager.Secret.fromSecretCompleteArn(stack, 'Key', secretArn),
    appServerPrivateKeyField: 'appServerPrivateKey',
    appServerPrivateKeyVersionId: versionId,
  });
  new CfnOutput(stack, 'Fingerprint', { value: sidewalk.fingerprint });
  new CfnOutput(stack, 'PartnerAccountArn', { value: sidewalk.partnerAccountArn });
  return app.synth().directory;
}

test('associate, rotate the key in place, destroy: through the bundled handlers, with the key nowhere in sight', async () => {
  const secrets = emulator().service<SecretsManagerService>('secretsmanager');
  const put = (key: string) => secrets.control('putSecret', { name: 'sidewalk/key', secretString: JSON.stringify({ appServerPrivateKey: key }) }) as {
    arn: string; versionId: string;
  };
  const iot = emulator().service<IoTWirelessService>('iotwireless');
  const lines: string[] = [];
  const runner = new LifecycleRunner({ endpoint: emulator().url, pollIntervalMs: 10, log: (l) => lines.push(l) });

  const first = put(KEY);
  const v1 = synth('v1', first.arn);
  expect(fs.readFileSync(path.join(v1, 'Iot.template.json'), 'utf-8')).not.toContain(KEY);
  const created = await runner.deploy(v1);
  expect(created.failed).toBeUndefined();
  expect(runner.outputs('Iot')).toEqual({
    Fingerprint: sidewalkFingerprint(KEY),
    PartnerAccountArn: `arn:aws:iotwireless:us-east-1:123456789012:SidewalkAccount/${AMAZON_ID}`,
  });

  const rotated = put(NEW_KEY);
  const updated = await runner.update(synth('v2', first.arn, rotated.versionId));
  expect(updated.failed).toBeUndefined();
  expect(updated.events.find((e) => e.resourceType === 'Custom::SidewalkAccountAssociation')).toMatchObject({
    action: 'update', physicalId: AMAZON_ID,
  });
  expect(runner.outputs('Iot').Fingerprint).toBe(sidewalkFingerprint(NEW_KEY));
  expect(emulator().calls.count({ service: 'iotwireless', operation: 'UpdatePartnerAccount' })).toBe(1);

  const destroyed = await runner.destroy();
  await runner.close();
  expect(destroyed.ok).toBe(true);
  expect(iot.partnerAccount(AMAZON_ID)).toBeUndefined();

  const printed = lines.join('\n') + JSON.stringify(runner.state);
  expect(printed).not.toContain(KEY);
  expect(printed).not.toContain(NEW_KEY);
});
