import { execFile, execFileSync } from 'child_process';
import { promisify } from 'util';
import {
  AssociateAwsAccountWithPartnerAccountCommand, DisassociateAwsAccountFromPartnerAccountCommand, GetPartnerAccountCommand, IoTWirelessClient,
  ListPartnerAccountsCommand, ListTagsForResourceCommand, TagResourceCommand, UntagResourceCommand, UpdatePartnerAccountCommand,
} from '@aws-sdk/client-iot-wireless';
import { sidewalkFingerprint, type IoTWirelessService } from '../../../local/emulator/services/iotwireless';
import { useEmulator } from '../../helpers/emulator';

const emulator = useEmulator();
const KEY = 'a1'.repeat(32);
const NEW_KEY = 'b2'.repeat(32);
const AMAZON_ID = 'amzn1.account.AEXAMPLE0001';

function client(region = 'us-east-1') {
  return new IoTWirelessClient({ region, endpoint: emulator().url, maxAttempts: 1 });
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

  test('tags on the partner account ARN', async () => {
    const { Arn } = await associate();
    await client().send(new TagResourceCommand({ ResourceArn: Arn, Tags: [{ Key: 'env', Value: 'prod' }] }));
    await client().send(new UntagResourceCommand({ ResourceArn: Arn, TagKeys: ['team'] }));
    const tags = await client().send(new ListTagsForResourceCommand({ ResourceArn: Arn }));
    expect(tags.Tags).toEqual([{ Key: 'env', Value: 'prod' }]);
  });
});

const awsCli = promisify(execFile);
let cliAvailable = true;
try {
  execFileSync('aws', ['--version'], { stdio: 'ignore' });
} catch {
  cliAvailable = false;
}

(cliAvailable ? describe : describe.skip)('the AWS CLI', () => {
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
