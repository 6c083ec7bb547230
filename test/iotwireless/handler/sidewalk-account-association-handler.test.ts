import { sidewalkFingerprint, type IoTWirelessService } from '../../../local/emulator/services/iotwireless';
import type { SecretsManagerService } from '../../../local/emulator/services/secretsmanager';
import { SIDEWALK_OWNER_TAG, SIDEWALK_ACCOUNT_ASSOCIATION_RESOURCE_TYPE as TYPE } from '../../../src/iotwireless/sidewalk-account-association-contract';
import { onEvent } from '../../../src/provider/handler/handler-entry-points';
import { CapturedLogs } from '../../helpers/captured-logs';
import { useEmulator } from '../../helpers/emulator';
import { driveToCompletion } from '../../helpers/lifecycle-driver';
import { createEvent, deleteEvent, updateEvent } from '../../helpers/provider-events';

const emulator = useEmulator();
const KEY = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';
const NEW_KEY = 'ABCDEF0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789';
const AMAZON_ID = 'amzn1.account.AEXAMPLE0001';
const OTHER_AMAZON_ID = 'amzn1.account.AEXAMPLE0002';

const iot = () => emulator().service<IoTWirelessService>('iotwireless');
const iotCalls = (operation?: string) => emulator().calls.all({ service: 'iotwireless', ...(operation ? { operation } : {}) });

function putSecret(secretString: string, name = 'sidewalk/app-server-key'): { arn: string; versionId: string } {
  return emulator().service<SecretsManagerService>('secretsmanager').control('putSecret', { name, secretString }) as { arn: string; versionId: string };
}

function props(secretArn: string, extra: Record<string, unknown> = {}) {
  return { AmazonId: AMAZON_ID, AppServerPrivateKeySecretArn: secretArn, Tags: { team: 'iot' }, ...extra };
}

async function associated() {
  const secret = putSecret(KEY);
  const p = props(secret.arn);
  const result = await driveToCompletion(createEvent(TYPE, p));
  emulator().calls.clear();
  return { secret, props: p, result };
}

describe('SidewalkAccountAssociation handler', () => {
  test('create reads the key from the secret, associates, and returns the id, ARN and fingerprint', async () => {
    const secret = putSecret(KEY);
    const result = await driveToCompletion(createEvent(TYPE, props(secret.arn)));
    expect(result.physicalResourceId).toBe(AMAZON_ID);
    expect(result.data).toMatchObject({
      PartnerAccountId: AMAZON_ID,
      PartnerAccountArn: `arn:aws:iotwireless:us-east-1:123456789012:SidewalkAccount/${AMAZON_ID}`,
      Fingerprint: sidewalkFingerprint(KEY),
    });
    expect(result.noEcho).toBe(false);
    expect(iot().partnerAccount(AMAZON_ID)).toMatchObject({ fingerprint: sidewalkFingerprint(KEY), tags: { team: 'iot', [SIDEWALK_OWNER_TAG]: expect.any(String) } });
    expect(emulator().calls.count({ service: 'secretsmanager', operation: 'GetSecretValue' })).toBe(1);
  });

  test('the key can sit in a field of a JSON secret', async () => {
    const secret = putSecret(JSON.stringify({ amazonId: AMAZON_ID, appServerPrivateKey: KEY }));
    const result = await driveToCompletion(createEvent(TYPE, props(secret.arn, { AppServerPrivateKeySecretField: 'appServerPrivateKey' })));
    expect(result.data.Fingerprint).toBe(sidewalkFingerprint(KEY));
  });

  test('IoT Wireless is always called in us-east-1, whatever the stack region', async () => {
    const secret = putSecret(KEY);
    const saved = process.env.AWS_REGION;
    process.env.AWS_REGION = 'eu-west-1';
    try {
      await driveToCompletion(createEvent(TYPE, props(secret.arn), {
        stackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/Iot/11111111-2222-3333-4444-555555555555',
      }));
    } finally {
      process.env.AWS_REGION = saved;
    }
    expect(iotCalls().length).toBeGreaterThan(1);
    expect([...new Set(iotCalls().map((c) => c.region))]).toEqual(['us-east-1']);
  });

  test('rotation: a new secret version id updates the key in place with UpdatePartnerAccount', async () => {
    const { secret, props: before } = await associated();
    const rotated = putSecret(NEW_KEY);
    expect(rotated.arn).toBe(secret.arn);
    const after = { ...before, AppServerPrivateKeyVersionId: rotated.versionId };
    const result = await driveToCompletion(updateEvent(TYPE, AMAZON_ID, after, before));
    expect(result.physicalResourceId).toBe(AMAZON_ID);
    expect(result.data.Fingerprint).toBe(sidewalkFingerprint(NEW_KEY));
    expect(iot().partnerAccount(AMAZON_ID)?.fingerprint).toBe(sidewalkFingerprint(NEW_KEY));
    expect(iotCalls('UpdatePartnerAccount')).toHaveLength(1);
    expect(iotCalls('AssociateAwsAccountWithPartnerAccount')).toEqual([]);
  });

  test('the version id pins the key read, even when AWSCURRENT has moved on', async () => {
    const first = putSecret(KEY);
    putSecret(NEW_KEY);
    const result = await driveToCompletion(createEvent(TYPE, props(first.arn, { AppServerPrivateKeyVersionId: first.versionId })));
    expect(result.data.Fingerprint).toBe(sidewalkFingerprint(KEY));
  });

  test('a tag change updates tags only: the secret is not read and the key is not sent', async () => {
    const { props: before } = await associated();
    const after = { ...before, Tags: { team: 'platform', env: 'prod' } };
    await driveToCompletion(updateEvent(TYPE, AMAZON_ID, after, before));
    const { [SIDEWALK_OWNER_TAG]: mark, ...userTags } = iot().partnerAccount(AMAZON_ID)?.tags ?? {};
    expect(userTags).toEqual({ team: 'platform', env: 'prod' });
    expect(mark).toMatch(/^[0-9a-f]{32}$/);
    expect(iotCalls('UpdatePartnerAccount')).toEqual([]);
    expect(emulator().calls.count({ service: 'secretsmanager' })).toBe(0);
  });

  test('a new Amazon ID replaces: a new physical id, and the Delete of the old one disassociates only it', async () => {
    const { props: before } = await associated();
    const after = { ...before, AmazonId: OTHER_AMAZON_ID };
    const result = await driveToCompletion(updateEvent(TYPE, AMAZON_ID, after, before));
    expect(result.physicalResourceId).toBe(OTHER_AMAZON_ID);
    await driveToCompletion(deleteEvent(TYPE, AMAZON_ID, before));
    expect(iot().partnerAccount(AMAZON_ID)).toBeUndefined();
    expect(iot().partnerAccount(OTHER_AMAZON_ID)).toBeDefined();
  });

  test('delete disassociates the Sidewalk partner account', async () => {
    const { props: p } = await associated();
    await driveToCompletion(deleteEvent(TYPE, AMAZON_ID, p));
    expect(iot().partnerAccount(AMAZON_ID)).toBeUndefined();
    expect(iotCalls('DisassociateAwsAccountFromPartnerAccount').map((c) => c.status)).toEqual([204]);
  });

  test('delete of a partner account that is already gone (NotFound) succeeds', async () => {
    const secret = putSecret(KEY);
    await driveToCompletion(deleteEvent(TYPE, AMAZON_ID, props(secret.arn)));
    expect(iotCalls('DisassociateAwsAccountFromPartnerAccount').map((c) => c.errorCode)).toEqual(['ResourceNotFoundException']);
  });

  test('a Delete of a physical id this library did not make, when nothing was made, writes nothing', async () => {
    await driveToCompletion(deleteEvent(TYPE, 'TestStack-TestResource-1A2B3C4D5E6F', props('arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf')));
    expect(iotCalls().map((c) => `${c.operation}:${c.status}`)).toEqual(['GetPartnerAccount:404']);
  });

  test('a Delete of a CloudFormation-made physical id disassociates what the cancelled create associated', async () => {
    const secret = putSecret(KEY);
    // The create associated, then CloudFormation cancelled it and never learnt our physical id.
    await onEvent(createEvent(TYPE, props(secret.arn)));
    await driveToCompletion(deleteEvent(TYPE, 'TestStack-TestResource-1A2B3C4D5E6F', props(secret.arn)));
    expect(iot().partnerAccount(AMAZON_ID)).toBeUndefined();
    expect(iotCalls('DisassociateAwsAccountFromPartnerAccount').map((c) => c.status)).toEqual([204]);
  });

  test('a Delete of a CloudFormation-made physical id leaves a partner account another stack or person associated', async () => {
    const secret = putSecret(KEY);
    const other = { stackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Other/99999999-2222-3333-4444-555555555555' };
    await driveToCompletion(createEvent(TYPE, props(secret.arn), other));
    await driveToCompletion(deleteEvent(TYPE, 'TestStack-TestResource-1A2B3C4D5E6F', props(secret.arn)));
    expect(iot().partnerAccount(AMAZON_ID)).toBeDefined();
    expect(iotCalls('DisassociateAwsAccountFromPartnerAccount')).toEqual([]);
  });

  test('a stack in aws-us-gov or aws-cn fails with what to do, calls nothing, and its Delete is a no-op', async () => {
    const secret = putSecret(KEY);
    for (const stackId of [
      'arn:aws-us-gov:cloudformation:us-gov-west-1:123456789012:stack/Gov/11111111-2222-3333-4444-555555555555',
      'arn:aws-cn:cloudformation:cn-north-1:123456789012:stack/Cn/11111111-2222-3333-4444-555555555555',
    ]) {
      await expect(driveToCompletion(createEvent(TYPE, props(secret.arn), { stackId }))).rejects.toThrow(
        /Amazon Sidewalk \(AWS IoT Wireless\) is not served in partition aws-(us-gov|cn): partner accounts exist in us-east-1 \(aws\) only/);
      await driveToCompletion(deleteEvent(TYPE, AMAZON_ID, props(secret.arn), { stackId }));
    }
    expect(iotCalls()).toEqual([]);
  });

  test('a retried create sends the same client token and makes one partner account', async () => {
    const secret = putSecret(KEY);
    const event = createEvent(TYPE, props(secret.arn));
    const first = await onEvent(event);
    const second = await onEvent(event);
    expect(second.PhysicalResourceId).toBe(first.PhysicalResourceId);
    expect(iotCalls('AssociateAwsAccountWithPartnerAccount').map((c) => c.status)).toEqual([200, 200]);
    expect(iot().snapshot().partnerAccounts).toHaveLength(1);
  });

  test('an Amazon ID associated by someone else fails with what to do', async () => {
    const { secret } = await associated();
    await expect(driveToCompletion(createEvent(TYPE, props(secret.arn)))).rejects.toThrow(
      `Amazon ID ${AMAZON_ID} is already associated with this AWS account by another request.`);
  });

  test('a key that is not 64 hex characters fails before IoT Wireless is called, without quoting it', async () => {
    const badKey = 'z9'.repeat(32);
    const secret = putSecret(badKey);
    const failure = driveToCompletion(createEvent(TYPE, props(secret.arn)));
    await expect(failure).rejects.toThrow(/must be 64 hexadecimal characters, but it has 64 characters, not all hexadecimal/);
    await expect(failure).rejects.not.toThrow(badKey);
    expect(iotCalls()).toEqual([]);
  });
});

describe('the private key never leaks', () => {
  let logs: CapturedLogs;
  beforeEach(() => {
    process.env.HYBRID_CONNECTIVITY_DEBUG = '1';
    logs = CapturedLogs.start();
  });
  afterEach(() => {
    logs.stop();
    delete process.env.HYBRID_CONNECTIVITY_DEBUG;
  });

  test('not in logs, responses or errors, through associate, rotate, failures and delete', async () => {
    const seen: string[] = [];
    const secret = putSecret(KEY);
    const p = props(secret.arn);
    const create = createEvent(TYPE, p);
    seen.push(JSON.stringify(await onEvent(create)));
    seen.push(JSON.stringify(await driveToCompletion(create)));

    const rotated = putSecret(NEW_KEY);
    const after = { ...p, AppServerPrivateKeyVersionId: rotated.versionId };
    emulator().faults.add({ service: 'iotwireless', operation: 'UpdatePartnerAccount', kind: 'error', status: 500, code: 'InternalServerException', count: 1 });
    seen.push(JSON.stringify(await driveToCompletion(updateEvent(TYPE, AMAZON_ID, after, p))));

    // The service rejects the key (as it would a malformed one) and the failure reason reaches CloudFormation.
    emulator().faults.add({
      service: 'iotwireless',
      operation: 'UpdatePartnerAccount',
      kind: 'error',
      status: 400,
      code: 'ValidationException',
      message: `AppServerPrivateKey ${NEW_KEY} is not accepted`,
    });
    const back = { ...after, AppServerPrivateKeyVersionId: secret.versionId };
    const rejected = await driveToCompletion(updateEvent(TYPE, AMAZON_ID, back, after))
      .then(() => 'no error', (err: Error) => err.message);
    seen.push(rejected);
    expect(rejected).toContain('ValidationException');
    emulator().faults.clear();

    seen.push(JSON.stringify(await driveToCompletion(deleteEvent(TYPE, AMAZON_ID, after))));

    const everything = [logs.text(), ...seen].join('\n');
    expect(logs.entries().length).toBeGreaterThan(5);
    for (const key of [KEY, NEW_KEY, NEW_KEY.toLowerCase()]) {
      expect(everything).not.toContain(key);
    }
    expect(everything).toContain(sidewalkFingerprint(NEW_KEY));
  });
});
