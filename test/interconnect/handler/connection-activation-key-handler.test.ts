import {
  CreateSecretCommand, DeleteSecretCommand, DescribeSecretCommand, GetSecretValueCommand, SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { CONNECTION_ACTIVATION_KEY_RESOURCE_TYPE } from '../../../src/interconnect/connection-activation-key-contract';
import { CONNECTION_RESOURCE_TYPE } from '../../../src/interconnect/connection-contract';
import { activationKeyVersionId } from '../../../src/interconnect/handler/activation-key-secret-writer';
import { isComplete, onEvent } from '../../../src/provider/handler/handler-entry-points';
import type { RawProviderEvent } from '../../../src/runtime/lifecycle-event';
import { CapturedLogs } from '../../helpers/captured-logs';
import { useEmulator } from '../../helpers/emulator';
import { driveToCompletion } from '../../helpers/lifecycle-driver';
import { createEvent, deleteEvent, TEST_RESPONSE_URL_SECRET, TEST_STACK_ID, updateEvent } from '../../helpers/provider-events';

/**
 * The activation-key resource writing the key into the construct's secret, through the real entries and
 * the real SDK clients against the emulator. Every handler call here acts as OWNER (a 12-digit access key
 * id is that account, as the runner signs a stack's calls), so the connection and the secret are OWNER's.
 */
const emulator = useEmulator();
const OWNER = '210987654321';
const OTHER = '111122223333';
const GATEWAY = '5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9';
const LOGICAL_ID = 'ConnActivationKey1A2B3C4D';

const connectionProps = {
  Mode: 'create',
  AttachPointType: 'directConnectGateway',
  AttachPointValue: GATEWAY,
  EnvironmentId: 'aws-gcp-us-east4',
  Bandwidth: '1Gbps',
  WaitFor: 'requested',
  WaitTimeoutSeconds: '60',
};

let savedKeyId: string | undefined;
beforeAll(() => {
  // After the emulator helper set its environment: the handlers' clients are made on first use, from it.
  savedKeyId = process.env.AWS_ACCESS_KEY_ID;
  process.env.AWS_ACCESS_KEY_ID = OWNER;
});
afterAll(() => {
  process.env.AWS_ACCESS_KEY_ID = savedKeyId;
});

function secrets(account: string): SecretsManagerClient {
  return new SecretsManagerClient({ maxAttempts: 1, region: 'us-east-1', credentials: { accessKeyId: account, secretAccessKey: 'x' } });
}

/** A requested connection made by the connection handler, and its key as the emulator holds it. */
async function connection(environmentId = 'aws-gcp-us-east4'): Promise<{ id: string; key: string }> {
  const created = await driveToCompletion(createEvent(CONNECTION_RESOURCE_TYPE, { ...connectionProps, EnvironmentId: environmentId }));
  const held = emulator().service('interconnect').snapshot().connections as Array<{ id: string; activationKey: string; ownerAccount?: string }>;
  const key = held.find((c) => c.id === created.physicalResourceId)!.activationKey;
  expect(key.length).toBeGreaterThan(8);
  return { id: created.physicalResourceId, key };
}

/** The empty secret CloudFormation would make for `activationKeySecret`, in OWNER's account. */
async function emptySecret(name = 'interconnect/gcp-key'): Promise<string> {
  return (await secrets(OWNER).send(new CreateSecretCommand({ Name: name, Description: 'activation key' }))).ARN!;
}

const keyProps = (connectionId: string, secretArn?: string) => ({ ConnectionId: connectionId, WaitTimeoutSeconds: '60', ...(secretArn ? { SecretArn: secretArn } : {}) });
const keyEvent = (connectionId: string, secretArn?: string) =>
  createEvent(CONNECTION_ACTIVATION_KEY_RESOURCE_TYPE, keyProps(connectionId, secretArn), { logicalResourceId: LOGICAL_ID });
const secretCalls = (operation: string) => emulator().calls.all().filter((c: any) => c.service === 'secretsmanager' && c.operation === operation);

describe('the activation-key resource with a secret to write to', () => {
  test('the key lands in the secret as its AWSCURRENT version, in the caller\'s account; another account cannot read it', async () => {
    const conn = await connection();
    const secretArn = await emptySecret();
    expect(secretArn).toContain(`:us-east-1:${OWNER}:secret:`);
    const done = await driveToCompletion(keyEvent(conn.id, secretArn));
    expect(done).toMatchObject({ physicalResourceId: `${conn.id}/activation-key`, noEcho: true, data: { ActivationKey: conn.key } });

    const stored = await secrets(OWNER).send(new GetSecretValueCommand({ SecretId: secretArn }));
    expect(stored).toEqual(expect.objectContaining({
      SecretString: conn.key,
      VersionStages: ['AWSCURRENT'],
      VersionId: activationKeyVersionId({ secretArn, stackId: TEST_STACK_ID, logicalResourceId: LOGICAL_ID, connectionId: conn.id }),
    }));
    // The owner of both is the account the handlers acted as.
    const held = emulator().service('secretsmanager').snapshot().secrets as Array<{ arn: string; accountId: string }>;
    expect(held).toEqual([expect.objectContaining({ arn: secretArn, accountId: OWNER })]);
    const conns = emulator().service('interconnect').snapshot().connections as Array<{ id: string; ownerAccount: string }>;
    expect(conns.find((c) => c.id === conn.id)?.ownerAccount).toBe(OWNER);
    await expect(secrets(OTHER).send(new GetSecretValueCommand({ SecretId: secretArn }))).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  test('nothing secret in the logs, onEvent\'s answer or the waiter\'s input: only the final isComplete carries the key', async () => {
    const conn = await connection();
    const secretArn = await emptySecret();
    const logs = CapturedLogs.start();
    let started: Awaited<ReturnType<typeof onEvent>>;
    let finished: Awaited<ReturnType<typeof isComplete>>;
    try {
      const event = keyEvent(conn.id, secretArn);
      started = await onEvent(event);
      const waiterInput: RawProviderEvent = { ...event, ...started };
      finished = await isComplete(waiterInput);
    } finally {
      logs.stop();
    }
    expect(started.NoEcho).toBe(true);
    // Only the kit's own wait deadline travels in onEvent's Data (and so in the waiter's input).
    expect(Object.keys(started.Data ?? {})).toEqual(['WaitDeadline']);
    expect(JSON.stringify(started)).not.toContain(conn.key);
    expect(finished).toMatchObject({ IsComplete: true, Data: { ActivationKey: conn.key } });
    const text = logs.text();
    // The handlers did log the write (so there was something to search), with neither the key nor the ResponseURL.
    expect(logs.entries().some((e) => e.msg === 'activation key written to its secret' && e.secretArn === secretArn)).toBe(true);
    expect(text).not.toContain(conn.key);
    expect(text).not.toContain(TEST_RESPONSE_URL_SECRET);
    expect((await secrets(OWNER).send(new GetSecretValueCommand({ SecretId: secretArn }))).SecretString).toBe(conn.key);
  });

  test('polls and retries of the same request, and an update with nothing changed, write one version only', async () => {
    const conn = await connection();
    const secretArn = await emptySecret();
    const event = keyEvent(conn.id, secretArn);
    const started = await onEvent(event);
    for (let i = 0; i < 3; i++) await isComplete({ ...event, ...started });
    await driveToCompletion(updateEvent(CONNECTION_ACTIVATION_KEY_RESOURCE_TYPE, started.PhysicalResourceId,
      keyProps(conn.id, secretArn), keyProps(conn.id, secretArn), { logicalResourceId: LOGICAL_ID }));
    expect(secretCalls('PutSecretValue')).toHaveLength(4);
    const { VersionIdsToStages } = await secrets(OWNER).send(new DescribeSecretCommand({ SecretId: secretArn }));
    expect(Object.values(VersionIdsToStages!)).toEqual([['AWSCURRENT']]);
  });

  test('a replaced connection writes its new key; the old key stays as AWSPREVIOUS, and deleting the old key resource leaves the secret alone', async () => {
    const first = await connection();
    const secretArn = await emptySecret();
    await driveToCompletion(keyEvent(first.id, secretArn));
    const second = await connection('aws-gcp-us-west1');
    expect(second.key).not.toBe(first.key);
    // CloudFormation: the key resource's ConnectionId changed, so it is replaced (a new physical id), then the old one deleted.
    const replaced = await driveToCompletion(updateEvent(CONNECTION_ACTIVATION_KEY_RESOURCE_TYPE, `${first.id}/activation-key`,
      keyProps(second.id, secretArn), keyProps(first.id, secretArn), { logicalResourceId: LOGICAL_ID }));
    expect(replaced.physicalResourceId).toBe(`${second.id}/activation-key`);
    const before = emulator().calls.all().length;
    await driveToCompletion(deleteEvent(CONNECTION_ACTIVATION_KEY_RESOURCE_TYPE, `${first.id}/activation-key`, keyProps(first.id, secretArn)));
    expect(emulator().calls.all()).toHaveLength(before);

    expect((await secrets(OWNER).send(new GetSecretValueCommand({ SecretId: secretArn }))).SecretString).toBe(second.key);
    const previous = await secrets(OWNER).send(new GetSecretValueCommand({ SecretId: secretArn, VersionStage: 'AWSPREVIOUS' }));
    expect(previous.SecretString).toBe(first.key);
  });

  test('turning the option on for an existing connection writes its key on the update', async () => {
    const conn = await connection();
    await driveToCompletion(keyEvent(conn.id));
    expect(secretCalls('PutSecretValue')).toHaveLength(0);
    const secretArn = await emptySecret();
    await driveToCompletion(updateEvent(CONNECTION_ACTIVATION_KEY_RESOURCE_TYPE, `${conn.id}/activation-key`,
      keyProps(conn.id, secretArn), keyProps(conn.id), { logicalResourceId: LOGICAL_ID }));
    expect((await secrets(OWNER).send(new GetSecretValueCommand({ SecretId: secretArn }))).SecretString).toBe(conn.key);
  });

  test('a secret not visible yet means not yet, with no Data', async () => {
    const conn = await connection();
    const missing = `arn:aws:secretsmanager:us-east-1:${OWNER}:secret:interconnect/not-yet-AbCdEf`;
    const event = keyEvent(conn.id, missing);
    const started = await onEvent(event);
    await expect(isComplete({ ...event, ...started })).resolves.toEqual({ IsComplete: false });
  });

  test('a secret scheduled for deletion fails with the service\'s reason and what to do, never the key', async () => {
    const conn = await connection();
    const secretArn = await emptySecret();
    await secrets(OWNER).send(new DeleteSecretCommand({ SecretId: secretArn, RecoveryWindowInDays: 7 }));
    const logs = CapturedLogs.start();
    let failure: Error | undefined;
    try {
      await driveToCompletion(keyEvent(conn.id, secretArn)).catch((e) => { failure = e; });
    } finally {
      logs.stop();
    }
    expect(failure?.message).toContain(`Could not write the activation key of ${conn.id} to secret ${secretArn}: InvalidRequestException`);
    expect(failure?.message).toContain('not scheduled for deletion');
    expect(failure?.message).not.toContain(conn.key);
    expect(logs.text()).not.toContain(conn.key);
  });

  test('a SecretArn that is not a secret ARN fails in onEvent, quoting it', async () => {
    await expect(onEvent(keyEvent('mcc-abcd1234', 'interconnect/gcp-key')))
      .rejects.toThrow("SecretArn 'interconnect/gcp-key' is not the ARN of a Secrets Manager secret");
  });
});
