import { execFile } from 'child_process';
import { promisify } from 'util';
import type { InterconnectService } from '../../../local/emulator/services/interconnect';
import { awsRequest, emulatorControl, useEmulator, type AwsReply } from '../../helpers/emulator';

const exec = promisify(execFile);

const emulator = useEmulator({
  timings: {
    'interconnect.pendingToAvailable': 150,
    'interconnect.updating': 100,
    'interconnect.deleting': 100,
    'interconnect.deletedVisible': 200,
  },
});

// Every test runs on a frozen emulator clock that moves only when a test says, so each state in a
// sequence is seen however slow the machine is.
beforeEach(() => emulator().clock.freeze());
const advance = (ms: number) => emulator().clock.advance(ms);

const DXGW = '5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';
const NEW_CONNECTION = { environmentId: 'aws-gcp-us-east4', bandwidth: '1Gbps', attachPoint: { directConnectGateway: DXGW } };

function interconnect(operation: string, body: unknown = {}, region = 'us-east-1'): Promise<AwsReply> {
  return awsRequest(emulator().url, { target: `Interconnect.${operation}`, signingName: 'interconnect', jsonVersion: '1.0', body, region });
}

async function ok(operation: string, body: unknown = {}, region?: string): Promise<any> {
  const reply = await interconnect(operation, body, region);
  if (reply.status !== 200) throw new Error(`${operation} -> ${reply.status} ${reply.text}`);
  return reply.json;
}

async function stateOf(id: string): Promise<string> {
  return (await ok('GetConnection', { identifier: id })).connection.state;
}

/** Reads the state, moving the frozen clock on 10 ms between reads, until it is `wanted`; returns the states seen. */
async function waitForState(id: string, wanted: string, limitMs = 3000): Promise<string[]> {
  const seen: string[] = [];
  for (let elapsed = 0; elapsed <= limitMs; elapsed += 10) {
    const state = await stateOf(id);
    if (seen[seen.length - 1] !== state) seen.push(state);
    if (state === wanted) return seen;
    advance(10);
  }
  throw new Error(`Connection ${id} never reached ${wanted} within ${limitMs} emulated ms; saw ${seen.join(' -> ')}`);
}

async function aws(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return awsAs('x', ...args);
}

/** The AWS CLI acting as an account: a 12-digit access key id is that account. */
async function awsAs(accessKeyId: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec('aws', ['--endpoint-url', emulator().url, '--region', 'us-east-1', '--output', 'json', ...args], {
      env: { ...process.env, AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: 'y', AWS_MAX_ATTEMPTS: '1', AWS_PAGER: '' },
    });
    return { code: 0, stdout, stderr };
  } catch (e: any) {
    return { code: e.code ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('through the AWS CLI', () => {
  test('list-environments works with dummy credentials', async () => {
    const result = await aws('interconnect', 'list-environments');
    expect(result.code).toBe(0);
    const ids = JSON.parse(result.stdout).environments.map((e: any) => e.environmentId);
    expect(ids).toEqual(expect.arrayContaining(['aws-gcp-us-east4', 'aws-lumen-us-east-1']));
  });

  test('create-connection then get-connection parse as the real service', async () => {
    const created = await aws('interconnect', 'create-connection', '--environment-id', 'aws-gcp-us-east4', '--bandwidth', '2Gbps',
      '--attach-point', `directConnectGateway=${DXGW}`, '--description', 'from the cli');
    expect(created.code).toBe(0);
    const connection = JSON.parse(created.stdout).connection;
    expect(connection).toEqual(expect.objectContaining({ state: 'requested', bandwidth: '2Gbps', description: 'from the cli' }));
    const got = await aws('interconnect', 'get-connection', '--identifier', connection.id);
    expect(JSON.parse(got.stdout).connection.sharedId).toBe(connection.sharedId);
  });

  test('each account sees its own connections only: seeded and created, listed, read, tagged', async () => {
    const ALICE = '111122223333';
    const BOB = '444455556666';
    const seeded = await emulatorControl(emulator().url, 'POST', 'interconnect/seedConnection',
      { accountId: ALICE, environmentId: 'aws-gcp-us-west1', bandwidth: '1Gbps', description: 'seeded for alice' });
    await emulatorControl(emulator().url, 'POST', 'interconnect/seedConnection', { accountId: BOB, environmentId: 'aws-gcp-us-east4', bandwidth: '1Gbps' });
    const created = JSON.parse((await awsAs(ALICE, 'interconnect', 'create-connection', '--environment-id', 'aws-gcp-us-east4',
      '--bandwidth', '2Gbps', '--attach-point', `directConnectGateway=${DXGW}`, '--tags', 'team=net')).stdout).connection;
    expect(created.arn).toBe(`arn:aws:interconnect:us-east-1:${ALICE}:connection/${created.id}`);
    expect(created.ownerAccount).toBe(ALICE);

    const listed = JSON.parse((await awsAs(ALICE, 'interconnect', 'list-connections')).stdout).connections.map((c: any) => c.id).sort();
    expect(listed).toEqual([seeded.connection.id, created.id].sort());
    const bobs = JSON.parse((await awsAs(BOB, 'interconnect', 'list-connections')).stdout).connections;
    expect(bobs).toHaveLength(1);
    expect(bobs[0].arn).toContain(`:${BOB}:connection/`);

    expect(JSON.parse((await awsAs(ALICE, 'interconnect', 'list-tags-for-resource', '--arn', created.arn)).stdout).tags).toEqual({ team: 'net' });
    for (const args of [
      ['get-connection', '--identifier', created.id],
      ['update-connection', '--identifier', created.id, '--description', 'not yours'],
      ['delete-connection', '--identifier', created.id],
      ['list-tags-for-resource', '--arn', created.arn],
      ['tag-resource', '--arn', created.arn, '--tags', 'owner=bob'],
    ]) {
      const refused = await awsAs(BOB, 'interconnect', ...args);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(/ResourceNotFoundException/);
    }
    const after = JSON.parse((await awsAs(ALICE, 'interconnect', 'get-connection', '--identifier', created.id)).stdout).connection;
    expect(after).toMatchObject({ state: 'requested', tags: { team: 'net' } });
    expect(after.description).toBe('');
  });

  test('errors reach the CLI with their code', async () => {
    const result = await aws('interconnect', 'get-connection', '--identifier', 'mcc-zzzzzzzz');
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/ResourceNotFoundException/);
  });
});

describe('request validation against the model', () => {
  test('a bandwidth that breaks the pattern names the member and the pattern', async () => {
    const reply = await interconnect('CreateConnection', { ...NEW_CONNECTION, bandwidth: '1 gig' });
    expect(reply.status).toBe(400);
    expect(reply.json.__type).toBe('InterconnectValidationException');
    expect(reply.json.message).toContain("Value '1 gig' at 'bandwidth' failed to satisfy constraint: Member must satisfy regular expression pattern: \\d+[MG]bps");
  });

  test('a missing required member', async () => {
    const reply = await interconnect('CreateConnection', { environmentId: 'aws-gcp-us-east4', attachPoint: { directConnectGateway: DXGW } });
    expect(reply.status).toBe(400);
    expect(reply.json.message).toMatch(/Value null at 'bandwidth' failed to satisfy constraint: Member must not be null/);
  });

  test('several problems at once, nested members, lengths, unions, enums and ranges', async () => {
    const reply = await interconnect('CreateConnection', {
      ...NEW_CONNECTION,
      description: 'x'.repeat(256),
      attachPoint: { directConnectGateway: 'not-a-uuid', arn: 'arn:aws:interconnect:us-east-1:123456789012:connection/mcc-abcdefgh' },
      tags: { k: 'v'.repeat(257) },
    });
    expect(reply.status).toBe(400);
    expect(reply.json.message).toMatch(/^5 validation errors detected: /);
    expect(reply.json.message).toContain("at 'description' failed to satisfy constraint: Member must have length less than or equal to 255");
    expect(reply.json.message).toContain("at 'attachPoint' failed to satisfy constraint: Union must have exactly one member set, found 2");
    expect(reply.json.message).toContain("Value 'not-a-uuid' at 'attachPoint.directConnectGateway'");
    expect(reply.json.message).toContain("at 'tags.k' failed to satisfy constraint: Member must have length less than or equal to 256");

    const list = await interconnect('ListConnections', { state: 'happy', maxResults: 1000 });
    expect(list.json.message).toContain('Member must satisfy enum value set: [available, requested, pending, down, deleting, deleted, failed, updating]');
    expect(list.json.message).toContain("Value '1000' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100");

    const wrongType = await interconnect('GetConnection', { identifier: 42 });
    expect(wrongType.json.message).toContain("at 'identifier' failed to satisfy constraint: Member must be a string");
  });

  test('a sensitive value is never quoted back', async () => {
    const key = 'k'.repeat(2049);
    const reply = await interconnect('DescribeConnectionProposal', { activationKey: key });
    expect(reply.status).toBe(400);
    expect(reply.json.message).toContain("Value at 'activationKey' failed to satisfy constraint: Member must have length less than or equal to 2048");
    expect(reply.text).not.toContain('kkkk');
  });

  test('a bandwidth the environment does not offer is rejected, quoting it', async () => {
    const reply = await interconnect('CreateConnection', { ...NEW_CONNECTION, bandwidth: '25Gbps' });
    expect(reply.status).toBe(400);
    expect(reply.json).toEqual({
      __type: 'InterconnectValidationException',
      message: "Bandwidth '25Gbps' is not available in environment aws-gcp-us-east4; available: 1Gbps, 2Gbps, 5Gbps, 10Gbps",
    });
  });
});

describe('connections', () => {
  test('a new connection has the real id, ARN, shared id and activation key formats', async () => {
    const { connection } = await ok('CreateConnection', { ...NEW_CONNECTION, description: 'to gcp', remoteAccount: { identifier: 'gcp-project-1' } });
    expect(connection.id).toMatch(/^mcc-[a-z0-9]{8}$/);
    expect(connection.arn).toBe(`arn:aws:interconnect:us-east-1:123456789012:connection/${connection.id}`);
    expect(connection.sharedId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(connection.activationKey.length).toBeGreaterThanOrEqual(100);
    expect(connection).toEqual(expect.objectContaining({
      state: 'requested',
      ownerAccount: '123456789012',
      provider: { cloudServiceProvider: 'gcp' },
      location: 'us-east4',
      type: 'multicloud',
      environmentId: 'aws-gcp-us-east4',
      attachPoint: { directConnectGateway: DXGW },
      billingTier: 1,
    }));
    const lastMile = await ok('CreateConnection', { ...NEW_CONNECTION, environmentId: 'aws-lumen-us-east-1', bandwidth: '100Mbps' });
    expect(lastMile.connection.id).toMatch(/^lmcc-[a-z0-9]{8}$/);
    expect(lastMile.connection.provider).toEqual({ lastMileProvider: 'lumen' });
    expect(lastMile.connection.type).toBe('lastmile');
  });

  test('the full lifecycle: requested, accepted by the partner, updated, deleted, gone', async () => {
    const { connection } = await ok('CreateConnection', NEW_CONNECTION);
    const id = connection.id;
    advance(250);
    expect(await stateOf(id)).toBe('requested');

    const accepted = await emulatorControl(emulator().url, 'POST', 'interconnect/accept', { connectionId: id });
    expect(accepted.connection.state).toBe('pending');
    expect(await waitForState(id, 'available')).toEqual(['pending', 'available']);

    const updated = await ok('UpdateConnection', { identifier: id, bandwidth: '5Gbps', description: 'faster' });
    expect(updated.connection).toEqual(expect.objectContaining({ state: 'updating', bandwidth: '5Gbps', description: 'faster' }));
    expect(await waitForState(id, 'available')).toEqual(['updating', 'available']);

    const deleting = await ok('DeleteConnection', { identifier: id });
    expect(deleting.connection.state).toBe('deleting');
    expect(await waitForState(id, 'deleted')).toEqual(['deleting', 'deleted']);
    const again = await ok('DeleteConnection', { identifier: id });
    expect(again.connection.state).toBe('deleted');

    advance(250);
    const gone = await interconnect('GetConnection', { identifier: id });
    expect(gone.status).toBe(404);
    expect(gone.json.__type).toBe('ResourceNotFoundException');
    expect((await interconnect('DeleteConnection', { identifier: id })).status).toBe(404);
  });

  test('the partner cannot accept a connection twice', async () => {
    const { connection } = await ok('CreateConnection', NEW_CONNECTION);
    await emulatorControl(emulator().url, 'POST', 'interconnect/accept', { connectionId: connection.id });
    await expect(emulatorControl(emulator().url, 'POST', 'interconnect/accept', { connectionId: connection.id }))
      .rejects.toThrow(/400 InterconnectClientException/);
  });

  test('an update while pending returns to pending and still becomes available', async () => {
    const { connection } = await ok('CreateConnection', NEW_CONNECTION);
    emulator().setTiming('interconnect.pendingToAvailable', 400);
    try {
      await emulatorControl(emulator().url, 'POST', 'interconnect/accept', { connectionId: connection.id });
      await ok('UpdateConnection', { identifier: connection.id, description: 'renamed' });
      expect(await waitForState(connection.id, 'available')).toEqual(['updating', 'pending', 'available']);
    } finally {
      emulator().setTiming('interconnect.pendingToAvailable', 150);
    }
  });

  test('updates are refused in states that cannot take them', async () => {
    const { connection } = await ok('CreateConnection', NEW_CONNECTION);
    await emulatorControl(emulator().url, 'POST', 'interconnect/setState', { connectionId: connection.id, state: 'failed' });
    expect(await stateOf(connection.id)).toBe('failed');
    const reply = await interconnect('UpdateConnection', { identifier: connection.id, description: 'x' });
    expect(reply.status).toBe(400);
    expect(reply.json.__type).toBe('InterconnectClientException');
    expect(reply.json.message).toMatch(/is failed; it can be updated only when requested, available, pending/);

    const updating = await ok('CreateConnection', NEW_CONNECTION);
    await ok('UpdateConnection', { identifier: updating.connection.id, description: 'first' });
    expect((await interconnect('UpdateConnection', { identifier: updating.connection.id, description: 'second' })).json.__type)
      .toBe('InterconnectClientException');
  });

  test('a connection lives in the region it was created in', async () => {
    const { connection } = await ok('CreateConnection', NEW_CONNECTION, 'eu-west-1');
    expect(connection.arn).toContain(':eu-west-1:');
    expect((await interconnect('GetConnection', { identifier: connection.id }, 'us-east-1')).status).toBe(404);
    expect((await ok('GetConnection', { identifier: connection.id }, 'eu-west-1')).connection.id).toBe(connection.id);
  });
});

describe('clientToken idempotency', () => {
  test('the same token and parameters return the same connection, and no second one exists', async () => {
    const first = await ok('CreateConnection', { ...NEW_CONNECTION, clientToken: 'token-1' });
    const second = await ok('CreateConnection', { ...NEW_CONNECTION, clientToken: 'token-1' });
    expect(second.connection.id).toBe(first.connection.id);
    expect(second.connection.activationKey).toBe(first.connection.activationKey);
    expect((await ok('ListConnections')).connections).toHaveLength(1);
    expect(emulator().service('interconnect').snapshot().connections).toHaveLength(1);
  });

  test('the same token with different parameters is an idempotency mismatch', async () => {
    await ok('CreateConnection', { ...NEW_CONNECTION, clientToken: 'token-2' });
    const reply = await interconnect('CreateConnection', { ...NEW_CONNECTION, bandwidth: '2Gbps', clientToken: 'token-2' });
    expect(reply.status).toBe(400);
    expect(reply.json.__type).toBe('InterconnectClientException');
    expect(reply.json.message).toMatch(/idempotency mismatch/);
    expect((await ok('ListConnections')).connections).toHaveLength(1);
  });

  test('a repeated update with the same token does not start a second update', async () => {
    const { connection } = await ok('CreateConnection', NEW_CONNECTION);
    await ok('UpdateConnection', { identifier: connection.id, description: 'one', clientToken: 'u-1' });
    await waitForState(connection.id, 'requested');
    const replay = await ok('UpdateConnection', { identifier: connection.id, description: 'one', clientToken: 'u-1' });
    expect(replay.connection.state).toBe('requested');
  });
});

describe('proposals', () => {
  test('a partner proposal is described, accepted once, and becomes available', async () => {
    const { activationKey, sharedId } = await emulatorControl(emulator().url, 'POST', 'interconnect/createProposal',
      { environmentId: 'aws-gcp-us-east4', bandwidth: '10Gbps' });
    expect(await ok('DescribeConnectionProposal', { activationKey })).toEqual({
      bandwidth: '10Gbps', environmentId: 'aws-gcp-us-east4', provider: { cloudServiceProvider: 'gcp' }, location: 'us-east4',
    });
    const { connection } = await ok('AcceptConnectionProposal', { activationKey, attachPoint: { directConnectGateway: DXGW }, clientToken: 'a-1' });
    expect(connection).toEqual(expect.objectContaining({ state: 'pending', sharedId, activationKey, bandwidth: '10Gbps' }));
    expect(await waitForState(connection.id, 'available')).toEqual(['pending', 'available']);

    const replay = await ok('AcceptConnectionProposal', { activationKey, attachPoint: { directConnectGateway: DXGW }, clientToken: 'a-1' });
    expect(replay.connection.id).toBe(connection.id);
    const twice = await interconnect('AcceptConnectionProposal', { activationKey, attachPoint: { directConnectGateway: DXGW } });
    expect(twice.json.__type).toBe('InterconnectClientException');
    expect(emulator().service('interconnect').snapshot()).toEqual({ connections: [expect.objectContaining({ id: connection.id })], proposals: [] });
  });

  test('an unknown activation key is ResourceNotFoundException', async () => {
    const reply = await interconnect('AcceptConnectionProposal', { activationKey: 'nope', attachPoint: { directConnectGateway: DXGW } });
    expect(reply.status).toBe(404);
    expect(reply.json.__type).toBe('ResourceNotFoundException');
    expect((await interconnect('DescribeConnectionProposal', { activationKey: 'nope' })).status).toBe(404);
  });
});

describe('listing', () => {
  test('ListConnections pages with maxResults and nextToken, and filters', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await ok('CreateConnection', NEW_CONNECTION)).connection.id);
    const lastMile = (await ok('CreateConnection', { ...NEW_CONNECTION, environmentId: 'aws-lumen-us-east-1', bandwidth: '50Mbps' })).connection.id;
    await emulatorControl(emulator().url, 'POST', 'interconnect/setState', { connectionId: ids[0], state: 'down' });

    const page1 = await ok('ListConnections', { maxResults: 3 });
    expect(page1.connections.map((c: any) => c.id)).toEqual(ids);
    expect(page1.connections[0].activationKey).toBeUndefined();
    const page2 = await ok('ListConnections', { maxResults: 3, nextToken: page1.nextToken });
    expect(page2.connections.map((c: any) => c.id)).toEqual([lastMile]);
    expect(page2.nextToken).toBeUndefined();

    expect((await ok('ListConnections', { state: 'down' })).connections.map((c: any) => c.id)).toEqual([ids[0]]);
    expect((await ok('ListConnections', { environmentId: 'aws-lumen-us-east-1' })).connections).toHaveLength(1);
    expect((await ok('ListConnections', { provider: { cloudServiceProvider: 'gcp' } })).connections).toHaveLength(3);
    expect((await ok('ListConnections', { attachPoint: { directConnectGateway: DXGW } })).connections).toHaveLength(4);
    expect((await interconnect('ListConnections', { nextToken: 'garbage' })).json.__type).toBe('InterconnectValidationException');
  });

  test('environments: list, filter, get, and attach points', async () => {
    const all = await ok('ListEnvironments');
    expect(all.environments.length).toBeGreaterThanOrEqual(3);
    const gcp = await ok('ListEnvironments', { provider: { cloudServiceProvider: 'gcp' }, location: 'us-east4' });
    expect(gcp.environments).toEqual([expect.objectContaining({
      environmentId: 'aws-gcp-us-east4',
      bandwidths: expect.objectContaining({ available: ['1Gbps', '2Gbps', '5Gbps', '10Gbps'] }),
      activationPageUrl: expect.stringMatching(/^https:\/\//),
    })]);
    expect((await ok('ListEnvironments', { maxResults: 1 })).nextToken).toBeDefined();
    expect((await ok('GetEnvironment', { id: 'aws-lumen-us-east-1' })).environment.provider).toEqual({ lastMileProvider: 'lumen' });
    expect((await interconnect('GetEnvironment', { id: 'nope' })).status).toBe(404);
    const points = await ok('ListAttachPoints', { environmentId: 'aws-gcp-us-east4' });
    expect(points.attachPoints).toContainEqual({ type: 'DirectConnectGateway', identifier: DXGW, name: 'emulator-dxgw-primary' });
  });
});

describe('tags', () => {
  test('tags given at create, added, removed and listed', async () => {
    const { connection } = await ok('CreateConnection', { ...NEW_CONNECTION, tags: { team: 'net' } });
    expect(connection.tags).toEqual({ team: 'net' });
    await ok('TagResource', { arn: connection.arn, tags: { env: 'prod', team: 'netops' } });
    await ok('UntagResource', { arn: connection.arn, tagKeys: ['env'] });
    expect(await ok('ListTagsForResource', { arn: connection.arn })).toEqual({ tags: { team: 'netops' } });
    expect((await ok('GetConnection', { identifier: connection.id })).connection.tags).toEqual({ team: 'netops' });
    const unknown = await interconnect('TagResource', { arn: 'arn:aws:interconnect:us-east-1:123456789012:connection/mcc-00000000', tags: { a: 'b' } });
    expect(unknown.status).toBe(404);
  });
});

describe('in-process access and snapshot', () => {
  test('snapshot lists live connections and open proposals, not deleted ones', async () => {
    const keep = (await ok('CreateConnection', NEW_CONNECTION)).connection.id;
    const drop = (await ok('CreateConnection', NEW_CONNECTION)).connection.id;
    await ok('DeleteConnection', { identifier: drop });
    await waitForState(drop, 'deleted');
    await emulatorControl(emulator().url, 'POST', 'interconnect/createProposal', { environmentId: 'aws-lumen-us-east-1', bandwidth: '1Gbps' });
    const service = emulator().service<InterconnectService>('interconnect');
    const snapshot = service.snapshot();
    expect(snapshot.connections).toEqual([expect.objectContaining({ id: keep, region: 'us-east-1' })]);
    expect(snapshot.proposals).toEqual([expect.objectContaining({ environmentId: 'aws-lumen-us-east-1', bandwidth: '1Gbps' })]);
    expect(service.connection(keep)).toEqual(expect.objectContaining({ state: 'requested' }));
    emulator().reset();
    expect(service.snapshot()).toEqual({ connections: [], proposals: [] });
  });

  test('controls reject bad input', async () => {
    const url = emulator().url;
    await expect(emulatorControl(url, 'POST', 'interconnect/createProposal', { environmentId: 'aws-gcp-us-east4', bandwidth: '3Gbps' }))
      .rejects.toThrow(/InterconnectValidationException/);
    await expect(emulatorControl(url, 'POST', 'interconnect/accept', { connectionId: 'mcc-00000000' })).rejects.toThrow(/404/);
    const { connection } = await ok('CreateConnection', NEW_CONNECTION);
    await expect(emulatorControl(url, 'POST', 'interconnect/setState', { connectionId: connection.id, state: 'exploded' }))
      .rejects.toThrow(/400/);
  });
});
