import { execFile } from 'child_process';
import { promisify } from 'util';
import {
  CreateSecretCommand, DeleteSecretCommand, DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, SecretsManagerClient,
  TagResourceCommand,
} from '@aws-sdk/client-secrets-manager';
import { awsRequest, emulatorControl, useEmulator } from '../../helpers/emulator';

const exec = promisify(execFile);
const emulator = useEmulator();

function client(): SecretsManagerClient {
  // The endpoint and dummy credentials come from the environment the helper set, as in a handler.
  return new SecretsManagerClient({ maxAttempts: 1 });
}

/** A client that acts as `account` (a 12-digit access key id is that account), optionally in another region. */
function clientAs(account: string, region = 'us-east-1'): SecretsManagerClient {
  return new SecretsManagerClient({ maxAttempts: 1, region, credentials: { accessKeyId: account, secretAccessKey: 'x' } });
}

const OWNER = '210987654321';
const OTHER = '111122223333';

async function putSecret(name: string, secretString: string, kmsKeyId?: string): Promise<{ arn: string; versionId: string }> {
  return emulatorControl(emulator().url, 'POST', 'secretsmanager/putSecret', { name, secretString, kmsKeyId });
}

describe('Secrets Manager', () => {
  test('GetSecretValue by ARN and by name, with the real SDK client', async () => {
    const { arn, versionId } = await putSecret('interconnect/partner-key', '{"key":"s3cr3t"}');
    expect(arn).toMatch(/^arn:aws:secretsmanager:us-east-1:123456789012:secret:interconnect\/partner-key-[A-Za-z]{6}$/);
    const byArn = await client().send(new GetSecretValueCommand({ SecretId: arn }));
    expect(byArn).toEqual(expect.objectContaining({
      ARN: arn, Name: 'interconnect/partner-key', VersionId: versionId, SecretString: '{"key":"s3cr3t"}', VersionStages: ['AWSCURRENT'],
    }));
    expect(byArn.CreatedDate).toBeInstanceOf(Date);
    expect(Math.abs(byArn.CreatedDate!.getTime() - Date.now())).toBeLessThan(10_000);
    const byName = await client().send(new GetSecretValueCommand({ SecretId: 'interconnect/partner-key' }));
    expect(byName.SecretString).toBe('{"key":"s3cr3t"}');
  });

  test('a new version moves AWSCURRENT; the old one stays reachable as AWSPREVIOUS and by id', async () => {
    const first = await putSecret('rotated', 'one');
    const second = await putSecret('rotated', 'two', 'alias/my-key');
    expect(second.arn).toBe(first.arn);
    expect((await client().send(new GetSecretValueCommand({ SecretId: 'rotated' }))).SecretString).toBe('two');
    const previous = await client().send(new GetSecretValueCommand({ SecretId: 'rotated', VersionStage: 'AWSPREVIOUS' }));
    expect(previous).toEqual(expect.objectContaining({ SecretString: 'one', VersionId: first.versionId, VersionStages: ['AWSPREVIOUS'] }));
    expect((await client().send(new GetSecretValueCommand({ SecretId: first.arn, VersionId: first.versionId }))).SecretString).toBe('one');

    const described = await client().send(new DescribeSecretCommand({ SecretId: first.arn }));
    expect(described).toEqual(expect.objectContaining({
      ARN: first.arn,
      Name: 'rotated',
      KmsKeyId: 'alias/my-key',
      VersionIdsToStages: { [first.versionId]: ['AWSPREVIOUS'], [second.versionId]: ['AWSCURRENT'] },
    }));
  });

  test('an unknown secret or version is ResourceNotFoundException', async () => {
    await expect(client().send(new GetSecretValueCommand({ SecretId: 'missing' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await putSecret('present', 'x');
    await expect(client().send(new GetSecretValueCommand({ SecretId: 'present', VersionStage: 'AWSPENDING' })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    const raw = await awsRequest(emulator().url, {
      target: 'secretsmanager.GetSecretValue', signingName: 'secretsmanager', jsonVersion: '1.1', body: { SecretId: 'missing' },
    });
    expect(raw.status).toBe(400);
    expect(raw.headers['x-amzn-errortype']).toBe('ResourceNotFoundException');
  });

  test('the request is validated against the model', async () => {
    const reply = await awsRequest(emulator().url, {
      target: 'secretsmanager.GetSecretValue', signingName: 'secretsmanager', jsonVersion: '1.1', body: { VersionId: 'short' },
    });
    expect(reply.status).toBe(400);
    expect(reply.json.__type).toBe('ValidationException');
    expect(reply.json.message).toContain("Value null at 'SecretId' failed to satisfy constraint: Member must not be null");
    expect(reply.json.message).toContain("Value 'short' at 'VersionId' failed to satisfy constraint: Member must have length greater than or equal to 32");
  });

  test('the snapshot names secrets but never holds their values; deleteSecret removes one', async () => {
    await putSecret('kept', 'hidden-value');
    const state = await emulatorControl(emulator().url, 'GET', 'state');
    expect(state.secretsmanager.secrets).toEqual([expect.objectContaining({ name: 'kept' })]);
    expect(JSON.stringify(state)).not.toContain('hidden-value');
    await emulatorControl(emulator().url, 'POST', 'secretsmanager/deleteSecret', { name: 'kept' });
    expect(emulator().service('secretsmanager').snapshot()).toEqual({ secrets: [] });
    await expect(emulatorControl(emulator().url, 'POST', 'secretsmanager/putSecret', { name: 'x' })).rejects.toThrow(/400 InvalidParameterException/);
  });

  test('the AWS CLI reads a seeded secret', async () => {
    await putSecret('cli-secret', 'from-the-cli');
    const { stdout } = await exec('aws', ['--endpoint-url', emulator().url, '--region', 'us-east-1', '--output', 'json',
      'secretsmanager', 'get-secret-value', '--secret-id', 'cli-secret'], { env: { ...process.env, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' } });
    expect(JSON.parse(stdout)).toEqual(expect.objectContaining({ Name: 'cli-secret', SecretString: 'from-the-cli' }));
  });

  describe('the write operations, as the model describes them', () => {
    test('CreateSecret makes a secret in the caller\'s account with its first version AWSCURRENT', async () => {
      const created = await clientAs(OWNER).send(new CreateSecretCommand({
        Name: 'interconnect/key', SecretString: 'first', Description: 'the key', KmsKeyId: 'alias/mine', Tags: [{ Key: 'team', Value: 'net' }],
      }));
      expect(created.ARN).toMatch(new RegExp(`^arn:aws:secretsmanager:us-east-1:${OWNER}:secret:interconnect/key-[A-Za-z]{6}$`));
      expect(created.Name).toBe('interconnect/key');
      expect(created.VersionId).toMatch(/^[0-9a-f-]{36}$/);
      const described = await clientAs(OWNER).send(new DescribeSecretCommand({ SecretId: created.ARN }));
      expect(described).toEqual(expect.objectContaining({
        ARN: created.ARN,
        Name: 'interconnect/key',
        Description: 'the key',
        KmsKeyId: 'alias/mine',
        Tags: [{ Key: 'team', Value: 'net' }],
        VersionIdsToStages: { [created.VersionId!]: ['AWSCURRENT'] },
      }));
      expect(described.DeletedDate).toBeUndefined();
    });

    test('CreateSecret without a value makes a secret with no version: GetSecretValue finds no AWSCURRENT', async () => {
      const created = await client().send(new CreateSecretCommand({ Name: 'empty' }));
      expect(created.VersionId).toBeUndefined();
      const described = await client().send(new DescribeSecretCommand({ SecretId: 'empty' }));
      expect(described.VersionIdsToStages).toBeUndefined();
      await expect(client().send(new GetSecretValueCommand({ SecretId: created.ARN })))
        .rejects.toMatchObject({ name: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT" });
      // The first value put into it becomes AWSCURRENT.
      const put = await client().send(new PutSecretValueCommand({ SecretId: created.ARN, SecretString: 'now' }));
      expect(put.VersionStages).toEqual(['AWSCURRENT']);
      expect((await client().send(new GetSecretValueCommand({ SecretId: 'empty' }))).SecretString).toBe('now');
    });

    test('CreateSecret of a name in use is ResourceExistsException; the same token and value is ignored', async () => {
      const token = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
      const first = await client().send(new CreateSecretCommand({ Name: 'taken', SecretString: 'v', ClientRequestToken: token }));
      const again = await client().send(new CreateSecretCommand({ Name: 'taken', SecretString: 'v', ClientRequestToken: token }));
      expect(again).toEqual(expect.objectContaining({ ARN: first.ARN, VersionId: token }));
      await expect(client().send(new CreateSecretCommand({ Name: 'taken', SecretString: 'v' })))
        .rejects.toMatchObject({ name: 'ResourceExistsException', message: 'The operation failed because the secret taken already exists.' });
      await expect(client().send(new CreateSecretCommand({ Name: 'bad name!' }))).rejects.toMatchObject({ name: 'ValidationException' });
      // Another account has names of its own.
      const theirs = await clientAs(OTHER).send(new CreateSecretCommand({ Name: 'taken', SecretString: 'w' }));
      expect(theirs.ARN).toContain(`:${OTHER}:secret:taken-`);
    });

    test('PutSecretValue moves AWSCURRENT and AWSPREVIOUS; a repeated token with the same value adds nothing, with another value is refused', async () => {
      const { ARN } = await client().send(new CreateSecretCommand({ Name: 'rotating', SecretString: 'one' }));
      const token = '11111111-2222-4333-8444-555555555555';
      const second = await client().send(new PutSecretValueCommand({ SecretId: ARN, SecretString: 'two', ClientRequestToken: token }));
      expect(second).toEqual(expect.objectContaining({ ARN, Name: 'rotating', VersionId: token, VersionStages: ['AWSCURRENT'] }));
      const repeat = await client().send(new PutSecretValueCommand({ SecretId: ARN, SecretString: 'two', ClientRequestToken: token }));
      expect(repeat.VersionId).toBe(token);
      await expect(client().send(new PutSecretValueCommand({ SecretId: ARN, SecretString: 'other', ClientRequestToken: token })))
        .rejects.toMatchObject({ name: 'ResourceExistsException', message: `You can't use ClientRequestToken ${token} because that value is already in use for a version of secret ${ARN}.` });
      const third = await client().send(new PutSecretValueCommand({ SecretId: 'rotating', SecretString: 'three' }));
      const stages = (await client().send(new DescribeSecretCommand({ SecretId: ARN }))).VersionIdsToStages;
      expect(stages).toEqual({ [token]: ['AWSPREVIOUS'], [third.VersionId!]: ['AWSCURRENT'] });
      // A version put with another label leaves AWSCURRENT where it was.
      const pending = await client().send(new PutSecretValueCommand({ SecretId: ARN, SecretString: 'four', VersionStages: ['AWSPENDING'] }));
      expect(pending.VersionStages).toEqual(['AWSPENDING']);
      expect((await client().send(new GetSecretValueCommand({ SecretId: ARN }))).SecretString).toBe('three');
      await expect(client().send(new PutSecretValueCommand({ SecretId: 'missing', SecretString: 'x' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    });

    test('TagResource appends tags, a key given again taking the new value', async () => {
      const { ARN } = await client().send(new CreateSecretCommand({ Name: 'tagged', Tags: [{ Key: 'a', Value: '1' }] }));
      await client().send(new TagResourceCommand({ SecretId: ARN, Tags: [{ Key: 'a', Value: '2' }, { Key: 'b', Value: '3' }] }));
      expect((await client().send(new DescribeSecretCommand({ SecretId: ARN }))).Tags).toEqual([{ Key: 'a', Value: '2' }, { Key: 'b', Value: '3' }]);
    });
  });

  describe('DeleteSecret', () => {
    test('schedules a deletion (30 days by default): DescribeSecret shows DeletedDate, the value cannot be read, the name cannot be reused', async () => {
      emulator().clock.freeze();
      const { ARN } = await client().send(new CreateSecretCommand({ Name: 'doomed', SecretString: 'v' }));
      const deleted = await client().send(new DeleteSecretCommand({ SecretId: ARN }));
      expect(deleted.ARN).toBe(ARN);
      const thirtyDays = 30 * 24 * 3600 * 1000;
      expect(deleted.DeletionDate!.getTime()).toBe(emulator().clock.now() + thirtyDays);
      expect((await client().send(new DescribeSecretCommand({ SecretId: ARN }))).DeletedDate).toEqual(deleted.DeletionDate);
      const marked = { name: 'InvalidRequestException', message: "You can't perform this operation on the secret because it was marked for deletion." };
      await expect(client().send(new GetSecretValueCommand({ SecretId: ARN }))).rejects.toMatchObject(marked);
      await expect(client().send(new PutSecretValueCommand({ SecretId: ARN, SecretString: 'w' }))).rejects.toMatchObject(marked);
      await expect(client().send(new DeleteSecretCommand({ SecretId: ARN }))).rejects.toMatchObject(marked);
      await expect(client().send(new CreateSecretCommand({ Name: 'doomed' }))).rejects.toMatchObject({
        name: 'InvalidRequestException', message: "You can't create this secret because a secret with this name is already scheduled for deletion.",
      });
      // Once the window ends the secret is gone and the name is free.
      emulator().clock.advance(thirtyDays);
      await expect(client().send(new DescribeSecretCommand({ SecretId: ARN }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      const again = await client().send(new CreateSecretCommand({ Name: 'doomed' }));
      expect(again.ARN).not.toBe(ARN);
    });

    test('RecoveryWindowInDays sets the window; outside 7 to 30, or with ForceDeleteWithoutRecovery, it is InvalidParameterException', async () => {
      emulator().clock.freeze();
      await client().send(new CreateSecretCommand({ Name: 'week', SecretString: 'v' }));
      for (const days of [6, 31]) {
        await expect(client().send(new DeleteSecretCommand({ SecretId: 'week', RecoveryWindowInDays: days })))
          .rejects.toMatchObject({ name: 'InvalidParameterException', message: 'The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).' });
      }
      await expect(client().send(new DeleteSecretCommand({ SecretId: 'week', RecoveryWindowInDays: 7, ForceDeleteWithoutRecovery: true })))
        .rejects.toMatchObject({ name: 'InvalidParameterException' });
      const deleted = await client().send(new DeleteSecretCommand({ SecretId: 'week', RecoveryWindowInDays: 7 }));
      expect(deleted.DeletionDate!.getTime()).toBe(emulator().clock.now() + 7 * 24 * 3600 * 1000);
    });

    test('ForceDeleteWithoutRecovery removes at once, also a scheduled one, and succeeds for a secret that does not exist', async () => {
      const { ARN } = await client().send(new CreateSecretCommand({ Name: 'gone', SecretString: 'v' }));
      await client().send(new DeleteSecretCommand({ SecretId: ARN }));
      const forced = await client().send(new DeleteSecretCommand({ SecretId: ARN, ForceDeleteWithoutRecovery: true }));
      expect(forced).toEqual(expect.objectContaining({ ARN, Name: 'gone' }));
      expect(emulator().service('secretsmanager').snapshot()).toEqual({ secrets: [] });
      await expect(client().send(new DeleteSecretCommand({ SecretId: 'never-was', ForceDeleteWithoutRecovery: true })))
        .resolves.toEqual(expect.objectContaining({ Name: 'never-was' }));
      await expect(client().send(new DeleteSecretCommand({ SecretId: 'never-was' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    });
  });

  describe('ownership', () => {
    test('another account cannot read, write, describe, tag or delete a secret by its ARN, nor find it by name', async () => {
      const { ARN } = await clientAs(OWNER).send(new CreateSecretCommand({ Name: 'mine', SecretString: 'private' }));
      const denied = (op: string) => ({
        name: 'AccessDeniedException',
        message: `User: arn:aws:iam::${OTHER}:root is not authorized to perform: secretsmanager:${op} on resource: ${ARN} because no resource-based policy allows the secretsmanager:${op} action`,
      });
      const other = clientAs(OTHER);
      await expect(other.send(new GetSecretValueCommand({ SecretId: ARN }))).rejects.toMatchObject(denied('GetSecretValue'));
      await expect(other.send(new PutSecretValueCommand({ SecretId: ARN, SecretString: 'x' }))).rejects.toMatchObject(denied('PutSecretValue'));
      await expect(other.send(new DescribeSecretCommand({ SecretId: ARN }))).rejects.toMatchObject(denied('DescribeSecret'));
      await expect(other.send(new TagResourceCommand({ SecretId: ARN, Tags: [] }))).rejects.toMatchObject(denied('TagResource'));
      await expect(other.send(new DeleteSecretCommand({ SecretId: ARN, ForceDeleteWithoutRecovery: true }))).rejects.toMatchObject(denied('DeleteSecret'));
      // A name is looked up in the caller's own account.
      await expect(other.send(new GetSecretValueCommand({ SecretId: 'mine' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      const status = await other.send(new GetSecretValueCommand({ SecretId: ARN })).catch((e) => e.$metadata?.httpStatusCode);
      expect(status).toBe(400);
      // Nothing changed for the owner.
      const read = await clientAs(OWNER).send(new GetSecretValueCommand({ SecretId: ARN }));
      expect(read.SecretString).toBe('private');
      expect((await clientAs(OWNER).send(new DescribeSecretCommand({ SecretId: ARN }))).VersionIdsToStages).toEqual({ [read.VersionId!]: ['AWSCURRENT'] });
    });

    test('a secret lives in its region: the owner finds it by name or ARN only there', async () => {
      const { ARN } = await clientAs(OWNER, 'eu-west-1').send(new CreateSecretCommand({ Name: 'regional', SecretString: 'v' }));
      expect(ARN).toContain(`:eu-west-1:${OWNER}:`);
      await expect(clientAs(OWNER).send(new GetSecretValueCommand({ SecretId: 'regional' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      await expect(clientAs(OWNER).send(new GetSecretValueCommand({ SecretId: ARN }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      expect((await clientAs(OWNER, 'eu-west-1').send(new GetSecretValueCommand({ SecretId: ARN!.replace(/-[A-Za-z]{6}$/, '') }))).SecretString).toBe('v');
    });

    test('the putSecret control can seed a secret in another account', async () => {
      const { arn } = await emulatorControl(emulator().url, 'POST', 'secretsmanager/putSecret', { name: 'seeded', secretString: 's', accountId: OWNER });
      expect(arn).toContain(`:${OWNER}:secret:seeded-`);
      expect((await clientAs(OWNER).send(new GetSecretValueCommand({ SecretId: 'seeded' }))).SecretString).toBe('s');
      await expect(client().send(new GetSecretValueCommand({ SecretId: 'seeded' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    });
  });
});
