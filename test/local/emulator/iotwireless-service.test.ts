import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import {
  AssociateAwsAccountWithPartnerAccountCommand, DisassociateAwsAccountFromPartnerAccountCommand, GetPartnerAccountCommand, IoTWirelessClient,
  ListPartnerAccountsCommand, ListTagsForResourceCommand, TagResourceCommand, UntagResourceCommand, UpdatePartnerAccountCommand,
} from '@aws-sdk/client-iot-wireless';
import { IOT_WIRELESS_REGIONS as EMULATOR_IOT_REGIONS, SIDEWALK_REGIONS as EMULATOR_SIDEWALK_REGIONS } from '../../../local/emulator/partitions';
import { sidewalkFingerprint, type IoTWirelessService } from '../../../local/emulator/services/iotwireless';
import { SIDEWALK_REGIONS as LIBRARY_SIDEWALK_REGIONS } from '../../../src/iotwireless/sidewalk-account-association-contract';
import { useEmulator } from '../../helpers/emulator';

const emulator = useEmulator();
const KEY = 'a1'.repeat(32);
const NEW_KEY = 'b2'.repeat(32);
const AMAZON_ID = 'amzn1.account.AEXAMPLE0001';

const SECOND_ACCOUNT = '444455556666';

function client(region = 'us-east-1', accountId?: string) {
  return new IoTWirelessClient({
    region,
    endpoint: emulator().url,
    maxAttempts: 1,
    ...(accountId ? { credentials: { accessKeyId: accountId, secretAccessKey: 'x' } } : {}),
  });
}

async function errorOf(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail');
}

function associate(token = 'token-1', key = KEY, amazonId = AMAZON_ID, region = 'us-east-1') {
  return client(region).send(new AssociateAwsAccountWithPartnerAccountCommand({
    Sidewalk: { AmazonId: amazonId, AppServerPrivateKey: key }, ClientRequestToken: token, Tags: [{ Key: 'team', Value: 'iot' }],
  }));
}

describe('Sidewalk partner accounts', () => {
  test('associating echoes the key, as the real service does; reading shows only its fingerprint', async () => {
    const created = await associate();
    expect(created.Sidewalk).toEqual({ AmazonId: AMAZON_ID, AppServerPrivateKey: KEY });
    expect(created.Arn).toBe(`arn:aws:iotwireless:us-east-1:123456789012:SidewalkAccount/${AMAZON_ID}`);
    const read = await client().send(new GetPartnerAccountCommand({ PartnerAccountId: AMAZON_ID, PartnerType: 'Sidewalk' }));
    expect(read.Sidewalk).toEqual({ AmazonId: AMAZON_ID, Fingerprint: sidewalkFingerprint(KEY), Arn: created.Arn });
    expect(read.AccountLinked).toBe(true);
    expect(JSON.stringify(emulator().service<IoTWirelessService>('iotwireless').snapshot())).not.toContain(KEY);
  });

  test('the client request token makes associate idempotent; a reused token with other parameters is a conflict', async () => {
    await associate('token-1');
    const again = await associate('token-1');
    expect(again.Sidewalk?.AmazonId).toBe(AMAZON_ID);
    expect(emulator().service<IoTWirelessService>('iotwireless').snapshot().partnerAccounts).toHaveLength(1);
    const reused = await errorOf(associate('token-1', NEW_KEY));
    expect(reused.name).toBe('ConflictException');
    expect(reused.$metadata.httpStatusCode).toBe(409);
    const otherToken = await errorOf(associate('token-2'));
    expect(otherToken.name).toBe('ConflictException');
  });

  test('UpdatePartnerAccount replaces the key, and the fingerprint follows', async () => {
    await associate();
    await client().send(new UpdatePartnerAccountCommand({ PartnerAccountId: AMAZON_ID, PartnerType: 'Sidewalk', Sidewalk: { AppServerPrivateKey: NEW_KEY } }));
    const read = await client().send(new GetPartnerAccountCommand({ PartnerAccountId: AMAZON_ID, PartnerType: 'Sidewalk' }));
    expect(read.Sidewalk?.Fingerprint).toBe(sidewalkFingerprint(NEW_KEY));
  });

  test('disassociating removes the account; then it is ResourceNotFoundException', async () => {
    await associate();
    await client().send(new DisassociateAwsAccountFromPartnerAccountCommand({ PartnerAccountId: AMAZON_ID, PartnerType: 'Sidewalk' }));
    const gone = await errorOf(client().send(new GetPartnerAccountCommand({ PartnerAccountId: AMAZON_ID, PartnerType: 'Sidewalk' })));
    expect(gone).toMatchObject({ name: 'ResourceNotFoundException', ResourceId: AMAZON_ID });
    const again = await errorOf(client().send(new DisassociateAwsAccountFromPartnerAccountCommand({ PartnerAccountId: AMAZON_ID, PartnerType: 'Sidewalk' })));
    expect(again.name).toBe('ResourceNotFoundException');
  });

  test('a key that is not 64 hex characters is a ValidationException that does not quote it', async () => {
    const badKey = 'not-a-key-but-a-secret-value-0123';
    const err = await errorOf(associate('token-1', badKey));
    expect(err.name).toBe('ValidationException');
    expect(err.message).toContain('AppServerPrivateKey');
    expect(err.message).not.toContain(badKey);
  });

  test('partner accounts live in us-east-1 only', async () => {
    const elsewhere = await errorOf(associate('token-1', KEY, AMAZON_ID, 'eu-west-1'));
    expect(elsewhere.name).toBe('ValidationException');
    expect(elsewhere.message).toContain('us-east-1');
    await associate();
    expect((await client('eu-west-1').send(new ListPartnerAccountsCommand({}))).Sidewalk).toEqual([]);
    expect((await client().send(new ListPartnerAccountsCommand({}))).Sidewalk).toHaveLength(1);
  });

  test('an association belongs to the account that made it: another account neither sees, tags nor disassociates it', async () => {
    const { Arn } = await associate();
    const other = client('us-east-1', SECOND_ACCOUNT);
    expect((await other.send(new ListPartnerAccountsCommand({}))).Sidewalk).toEqual([]);
    expect((await errorOf(other.send(new GetPartnerAccountCommand({ PartnerAccountId: AMAZON_ID, PartnerType: 'Sidewalk' })))).name).toBe('ResourceNotFoundException');
    expect((await errorOf(other.send(new DisassociateAwsAccountFromPartnerAccountCommand({ PartnerAccountId: AMAZON_ID, PartnerType: 'Sidewalk' })))).name)
      .toBe('ResourceNotFoundException');
    expect((await errorOf(other.send(new ListTagsForResourceCommand({ ResourceArn: Arn })))).name).toBe('ResourceNotFoundException');
    expect((await client().send(new GetPartnerAccountCommand({ PartnerAccountId: AMAZON_ID, PartnerType: 'Sidewalk' }))).Sidewalk?.AmazonId).toBe(AMAZON_ID);
  });

  test('IoT Wireless answers only where botocore lists an endpoint: none in aws-us-gov or aws-cn', async () => {
    for (const region of ['us-gov-west-1', 'cn-north-1', 'eu-central-2']) {
      const err = await errorOf(client(region).send(new ListPartnerAccountsCommand({})));
      expect(err.$metadata.httpStatusCode).toBe(403);
      expect(err.message).toContain(region);
    }
  });

  test('tags on the partner account ARN', async () => {
    const { Arn } = await associate();
    await client().send(new TagResourceCommand({ ResourceArn: Arn, Tags: [{ Key: 'env', Value: 'prod' }] }));
    await client().send(new UntagResourceCommand({ ResourceArn: Arn, TagKeys: ['team'] }));
    const tags = await client().send(new ListTagsForResourceCommand({ ResourceArn: Arn }));
    expect(tags.Tags).toEqual([{ Key: 'env', Value: 'prod' }]);
  });
});


let botocoreData: string | undefined;
try {
  botocoreData = execFileSync('python3', ['-c', 'import botocore,os;print(os.path.join(os.path.dirname(botocore.__file__),"data"))']).toString().trim();
} catch {
  botocoreData = undefined;
}

/** botocore's endpoints.json entry of a service, per partition (null where the partition does not list it). */
function botocoreEndpoints(service: string): Record<string, any> {
  const data = JSON.parse(fs.readFileSync(path.join(botocoreData!, 'endpoints.json'), 'utf-8'));
  return Object.fromEntries(data.partitions.map((p: any) => [p.partition, p.services[service] ?? null]));
}

(botocoreData ? describe : describe.skip)('partitions, from botocore', () => {
  test('the IoT Wireless regions are botocore endpoints.json\'s, and Sidewalk\'s one region is among them, in the emulator and the library', () => {
    const fromBotocore = botocoreEndpoints('iotwireless');
    const regions = Object.fromEntries(Object.entries(fromBotocore).filter(([, s]) => s)
      .map(([partition, s]: [string, any]) => [partition, Object.keys(s.endpoints).sort()]));
    expect(Object.fromEntries(Object.entries(EMULATOR_IOT_REGIONS).map(([p, r]) => [p, [...r].sort()]))).toEqual(regions);
    expect(Object.keys(LIBRARY_SIDEWALK_REGIONS)).toEqual(Object.keys(regions));
    for (const [partition, region] of Object.entries(LIBRARY_SIDEWALK_REGIONS)) expect(regions[partition]).toContain(region);
    expect(EMULATOR_SIDEWALK_REGIONS).toEqual(LIBRARY_SIDEWALK_REGIONS);
  });
});

const awsCli = promisify(execFile);
let cliAvailable = true;
try {
  execFileSync('aws', ['--version'], { stdio: 'ignore' });
} catch {
  cliAvailable = false;
}

async function cli(accountId: string, ...args: string[]): Promise<{ stdout: string; json: any }> {
  const { stdout } = await awsCli('aws', ['iotwireless', ...args, '--endpoint-url', emulator().url, '--region', 'us-east-1', '--output', 'json'], {
    env: { ...process.env, AWS_ACCESS_KEY_ID: accountId, AWS_SECRET_ACCESS_KEY: 'x', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
  });
  return { stdout, json: JSON.parse(stdout) };
}

(cliAvailable ? describe : describe.skip)('the AWS CLI', () => {
  test('list-partner-accounts and get-partner-account show each account its own associations only', async () => {
    await associate();
    await client('us-east-1', SECOND_ACCOUNT).send(new AssociateAwsAccountWithPartnerAccountCommand({
      Sidewalk: { AmazonId: 'amzn1.account.ASECOND0001', AppServerPrivateKey: NEW_KEY }, ClientRequestToken: 'token-2',
    }));
    const mine = await cli('123456789012', 'list-partner-accounts');
    expect(mine.json.Sidewalk.map((a: any) => a.AmazonId)).toEqual([AMAZON_ID]);
    const theirs = await cli(SECOND_ACCOUNT, 'list-partner-accounts');
    expect(theirs.json.Sidewalk).toEqual([{
      AmazonId: 'amzn1.account.ASECOND0001',
      Fingerprint: sidewalkFingerprint(NEW_KEY),
      Arn: `arn:aws:iotwireless:us-east-1:${SECOND_ACCOUNT}:SidewalkAccount/amzn1.account.ASECOND0001`,
    }]);
    const got = await cli(SECOND_ACCOUNT, 'get-partner-account', '--partner-account-id', 'amzn1.account.ASECOND0001', '--partner-type', 'Sidewalk');
    expect(got.json.Sidewalk.AmazonId).toBe('amzn1.account.ASECOND0001');
    await expect(cli(SECOND_ACCOUNT, 'get-partner-account', '--partner-account-id', AMAZON_ID, '--partner-type', 'Sidewalk'))
      .rejects.toThrow(/ResourceNotFoundException/);
    for (const out of [mine.stdout, theirs.stdout, got.stdout]) {
      expect(out).not.toContain(KEY);
      expect(out).not.toContain(NEW_KEY);
    }
  });

  test('aws iotwireless list-partner-accounts reads the emulator, with fingerprints and no keys', async () => {
    await associate();
    const { stdout } = await awsCli('aws', [
      'iotwireless', 'list-partner-accounts', '--endpoint-url', emulator().url, '--region', 'us-east-1', '--output', 'json',
    ], { env: { ...process.env, AWS_ACCESS_KEY_ID: 'AKIAEMULATOR00000000', AWS_SECRET_ACCESS_KEY: 'x', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' } });
    expect(JSON.parse(stdout).Sidewalk).toEqual([{
      AmazonId: AMAZON_ID, Fingerprint: sidewalkFingerprint(KEY), Arn: `arn:aws:iotwireless:us-east-1:123456789012:SidewalkAccount/${AMAZON_ID}`,
    }]);
    expect(stdout).not.toContain(KEY);
  });
});
