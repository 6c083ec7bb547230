import { execFile } from 'child_process';
import { promisify } from 'util';
import { DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsRequest, emulatorControl, useEmulator } from '../../helpers/emulator';

const exec = promisify(execFile);
const emulator = useEmulator();

function client(): SecretsManagerClient {
  // The endpoint and dummy credentials come from the environment the helper set, as in a handler.
  return new SecretsManagerClient({ maxAttempts: 1 });
}

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
});
