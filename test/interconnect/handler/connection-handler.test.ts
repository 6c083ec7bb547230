import { CONNECTION_ACTIVATION_KEY_RESOURCE_TYPE } from '../../../src/interconnect/connection-activation-key-contract';
import { CONNECTION_RESOURCE_TYPE, CREATED_BY_TAG_KEY } from '../../../src/interconnect/connection-contract';
import { CLEARED_DESCRIPTION } from '../../../src/interconnect/handler/connection-handler';
import { isComplete, onEvent } from '../../../src/provider/handler/handler-entry-points';
import type { RawProviderEvent } from '../../../src/runtime/lifecycle-event';
import { CapturedLogs } from '../../helpers/captured-logs';
import { useEmulator } from '../../helpers/emulator';
import { driveToCompletion } from '../../helpers/lifecycle-driver';
import { createEvent, deleteEvent, TEST_RESPONSE_URL_SECRET, updateEvent } from '../../helpers/provider-events';

const emulator = useEmulator();
const GATEWAY = '5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9';

const base = {
  Mode: 'create',
  AttachPointType: 'directConnectGateway',
  AttachPointValue: GATEWAY,
  EnvironmentId: 'aws-gcp-us-east4',
  Bandwidth: '1Gbps',
  Description: 'prod to gcp',
  Tags: { team: 'net' },
  WaitFor: 'requested',
  WaitTimeoutSeconds: '60',
};

async function control(service: string, action: string, body: unknown): Promise<any> {
  const res = await fetch(`${emulator().url}/_emulator/${service}/${action}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`control ${service}/${action} failed: ${res.status} ${await res.text()}`);
  return res.json();
}

async function state(): Promise<any> {
  return (await fetch(`${emulator().url}/_emulator/state`)).json();
}

const connections = async () => (await state()).interconnect.connections as Array<any>;
const liveIds = async () => (await connections()).filter((c) => c.state !== 'deleting').map((c) => c.id).sort();
/** The user's tags on a connection, without the created-by tag this library adds. */
const userTags = (conn: any) => Object.fromEntries(Object.entries(conn.tags).filter(([k]) => k !== CREATED_BY_TAG_KEY));
const keyEvent = (connectionId: string, options = {}) => createEvent(CONNECTION_ACTIVATION_KEY_RESOURCE_TYPE, { ConnectionId: connectionId, WaitTimeoutSeconds: '60' }, options);
const calls = (operation: string) => emulator().calls.all().filter((c: any) => c.service === 'interconnect' && c.operation === operation);

describe('InterconnectConnection handler against the emulator', () => {
  test('create: a requested connection with readable attributes (not NoEcho, no activation key), stable at requested', async () => {
    const result = await driveToCompletion(createEvent(CONNECTION_RESOURCE_TYPE, base));
    expect(result.physicalResourceId).toMatch(/^mcc-[a-z0-9]{8}$/);
    expect(result.noEcho).toBe(false);
    expect(Object.keys(result.data).some((k) => /activation/i.test(k))).toBe(false);
    expect(result.data).toMatchObject({
      ConnectionId: result.physicalResourceId,
      ConnectionArn: `arn:aws:interconnect:us-east-1:123456789012:connection/${result.physicalResourceId}`,
      State: 'requested',
      Bandwidth: '1Gbps',
      EnvironmentId: 'aws-gcp-us-east4',
      OwnerAccount: '123456789012',
    });
    expect(result.data.SharedId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(result.data.CloudServiceProvider).not.toBe('');
    const [conn] = await connections();
    expect(JSON.stringify(result.data)).not.toContain(conn.activationKey);
    expect(userTags(conn)).toEqual({ team: 'net' });
    expect(conn.tags[CREATED_BY_TAG_KEY]).toMatch(/^[0-9a-f]{64}$/);
    expect(conn.description).toBe('prod to gcp');
  });

  test('waitFor available: stays waiting until the partner accepts, then completes at available', async () => {
    const event = createEvent(CONNECTION_RESOURCE_TYPE, { ...base, WaitFor: 'available' });
    const ACCEPT_AT_POLL = 3;
    let acceptedAfter: number | undefined;
    const result = await driveToCompletion(event, {
      betweenPolls: async (polls) => {
        if (polls !== ACCEPT_AT_POLL) return;
        const [waiting] = await connections();
        expect(waiting.state).toBe('requested');
        await control('interconnect', 'accept', { connectionId: waiting.id });
        acceptedAfter = polls;
      },
    });
    expect(acceptedAfter).toBe(ACCEPT_AT_POLL);
    expect(result.data.State).toBe('available');
    expect(result.polls).toBeGreaterThan(ACCEPT_AT_POLL);
  });

  test('a retried create with the same request id makes one connection, not two', async () => {
    const event = createEvent(CONNECTION_RESOURCE_TYPE, base, { requestId: 'fixed-request-id' });
    const first = await driveToCompletion(event);
    const second = await driveToCompletion(event);
    expect(second.physicalResourceId).toBe(first.physicalResourceId);
    expect(await connections()).toHaveLength(1);
    expect(calls('CreateConnection')).toHaveLength(2);
  });

  test('update in place: description, bandwidth and tags change, the physical id stays', async () => {
    const created = await driveToCompletion(createEvent(CONNECTION_RESOURCE_TYPE, base));
    const next = { ...base, Description: 'prod to gcp v2', Bandwidth: '2Gbps', Tags: { owner: 'ops' } };
    const updated = await driveToCompletion(updateEvent(CONNECTION_RESOURCE_TYPE, created.physicalResourceId, next, base));
    expect(updated.physicalResourceId).toBe(created.physicalResourceId);
    expect(updated.data.Bandwidth).toBe('2Gbps');
    expect(updated.data.State).toBe('requested');
    const [conn] = await connections();
    expect(conn.description).toBe('prod to gcp v2');
    expect(userTags(conn)).toEqual({ owner: 'ops' });
    expect(conn.tags[CREATED_BY_TAG_KEY]).toMatch(/^[0-9a-f]{64}$/);
    expect(calls('UpdateConnection')).toHaveLength(1);
    expect(calls('UntagResource')).toHaveLength(1);
    expect(calls('TagResource')).toHaveLength(1);
    expect(calls('CreateConnection')).toHaveLength(1);
  });

  test('replace: a new environment makes a new connection; the later delete of the old id removes the old one', async () => {
    const created = await driveToCompletion(createEvent(CONNECTION_RESOURCE_TYPE, base));
    const next = { ...base, EnvironmentId: 'aws-gcp-us-west1' };
    const replaced = await driveToCompletion(updateEvent(CONNECTION_RESOURCE_TYPE, created.physicalResourceId, next, base));
    expect(replaced.physicalResourceId).not.toBe(created.physicalResourceId);
    expect(await connections()).toHaveLength(2);
    await driveToCompletion(deleteEvent(CONNECTION_RESOURCE_TYPE, created.physicalResourceId, base));
    const left = await connections();
    expect(left.map((c) => c.id)).toEqual([replaced.physicalResourceId]);
  });

  test('delete waits for deleted or NotFound, and a second delete of the same id succeeds', async () => {
    const created = await driveToCompletion(createEvent(CONNECTION_RESOURCE_TYPE, base));
    await driveToCompletion(deleteEvent(CONNECTION_RESOURCE_TYPE, created.physicalResourceId, base));
    expect(await connections()).toHaveLength(0);
    // Past the time a deleted connection stays visible, DeleteConnection answers ResourceNotFoundException.
    emulator().clock.freeze();
    emulator().clock.advance(60_000);
    const again = await driveToCompletion(deleteEvent(CONNECTION_RESOURCE_TYPE, created.physicalResourceId, base));
    expect(again.physicalResourceId).toBe(created.physicalResourceId);
    expect(calls('DeleteConnection').map((c: any) => c.errorCode)).toEqual([undefined, 'ResourceNotFoundException']);
  });

  test('delete of a connection that never existed, or of a failed create\'s request id, succeeds and deletes nothing', async () => {
    const other = await control('interconnect', 'seedConnection', { accountId: '123456789012', environmentId: 'aws-gcp-us-east4', bandwidth: '1Gbps' });
    const gone = await driveToCompletion(deleteEvent(CONNECTION_RESOURCE_TYPE, 'mcc-zzzzzzzz', base));
    expect(gone.physicalResourceId).toBe('mcc-zzzzzzzz');
    expect(calls('DeleteConnection').map((c: any) => c.status)).toEqual([404]);
    const failed = await driveToCompletion(deleteEvent(CONNECTION_RESOURCE_TYPE, '8f5e0c1e-request-id', base));
    expect(failed.physicalResourceId).toBe('8f5e0c1e-request-id');
    expect(calls('DeleteConnection')).toHaveLength(1);
    expect(await liveIds()).toEqual([other.connection.id]);
  });

  test('throttling and 5xx are absorbed', async () => {
    emulator().faults.add({ service: 'interconnect', operation: 'CreateConnection', kind: 'error', status: 429, code: 'ThrottlingException', count: 2 });
    emulator().faults.add({ service: 'interconnect', operation: 'GetConnection', kind: 'error', status: 503, code: 'ServiceUnavailableException', count: 2 });
    emulator().faults.add({ service: 'interconnect', operation: 'GetConnection', kind: 'error', status: 500, code: 'InterconnectServerException', count: 1, skip: 2 });
    const result = await driveToCompletion(createEvent(CONNECTION_RESOURCE_TYPE, base));
    expect(result.data.State).toBe('requested');
    expect(calls('CreateConnection').filter((c: any) => c.status === 429)).toHaveLength(2);
    expect(await connections()).toHaveLength(1);
  });

  test('NotFound right after create (eventual consistency) means not yet', async () => {
    emulator().faults.add({ service: 'interconnect', operation: 'GetConnection', kind: 'error', status: 404, code: 'ResourceNotFoundException', count: 3 });
    const result = await driveToCompletion(createEvent(CONNECTION_RESOURCE_TYPE, base));
    expect(result.data.State).toBe('requested');
  });

  test.each(['failed', 'down'])('state %s while waiting fails fast with the state in the reason', async (terminal) => {
    const event = createEvent(CONNECTION_RESOURCE_TYPE, { ...base, WaitFor: 'available' });
    const running = driveToCompletion(event, { pollMs: 25 });
    let id: string | undefined;
    for (let i = 0; i < 100 && !id; i++) {
      await new Promise((r) => setTimeout(r, 20));
      id = (await connections())[0]?.id;
    }
    await control('interconnect', 'setState', { connectionId: id, state: terminal });
    await expect(running).rejects.toThrow(new RegExp(`Connection ${id} is '${terminal}' while waiting for 'available'`));
  });

  test('the construct\'s wait limit fails with the last state seen', async () => {
    const event = createEvent(CONNECTION_RESOURCE_TYPE, { ...base, WaitFor: 'available', WaitTimeoutSeconds: '1' });
    await expect(driveToCompletion(event, { pollMs: 100 })).rejects.toThrow(/Timed out after 1s waiting for mcc-[a-z0-9]{8} \(last seen: connection mcc-[a-z0-9]{8} is requested/);
  });

  test('a rejected call fails with a short reason naming the problem', async () => {
    await expect(driveToCompletion(createEvent(CONNECTION_RESOURCE_TYPE, { ...base, Bandwidth: '400Gbps' })))
      .rejects.toThrow(/^InterconnectValidationException: .*400Gbps/);
  });

  test('accept a proposal: the key is read from Secrets Manager, the connection goes pending then available', async () => {
    const proposal = await control('interconnect', 'createProposal', { environmentId: 'aws-gcp-us-east4', bandwidth: '1Gbps' });
    const secret = await control('secretsmanager', 'putSecret', { name: 'proposal-key', secretString: JSON.stringify({ key: proposal.activationKey }) });
    const logs = CapturedLogs.start();
    let result;
    try {
      result = await driveToCompletion(createEvent(CONNECTION_RESOURCE_TYPE, {
        Mode: 'accept',
        AttachPointType: 'directConnectGateway',
        AttachPointValue: GATEWAY,
        ActivationKeySecretArn: secret.arn,
        ActivationKeySecretField: 'key',
        WaitFor: 'available',
        WaitTimeoutSeconds: '60',
      }));
    } finally {
      logs.stop();
    }
    expect(result.data.State).toBe('available');
    expect(JSON.stringify(result.data)).not.toContain(proposal.activationKey);
    expect(logs.text()).not.toContain(proposal.activationKey);
  });

  test('no activation key or ResponseURL in captured logs, even when a call fails', async () => {
    const logs = CapturedLogs.start();
    let key = '';
    try {
      const created = await driveToCompletion(createEvent(CONNECTION_RESOURCE_TYPE, base));
      key = (await connections())[0].activationKey;
      emulator().faults.add({ service: 'interconnect', operation: 'UpdateConnection', kind: 'error', status: 400, code: 'InterconnectClientException', message: `bad key ${key}` });
      const update = driveToCompletion(updateEvent(CONNECTION_RESOURCE_TYPE, created.physicalResourceId, { ...base, Bandwidth: '5Gbps' }, base));
      await expect(update).rejects.toThrow(/^InterconnectClientException: bad key \*\*\*\*\*$/);
    } finally {
      logs.stop();
    }
    expect(key.length).toBeGreaterThan(20);
    const text = logs.text();
    expect(text.length).toBeGreaterThan(100);
    expect(text).not.toContain(key);
    expect(text).not.toContain(TEST_RESPONSE_URL_SECRET);
    expect(logs.entries().some((e) => e.msg === 'request received')).toBe(true);
  });

  describe('the activation key resource', () => {
    test('onEvent answers NoEcho with no key in Data; only the final isComplete returns the key', async () => {
      const created = await driveToCompletion(createEvent(CONNECTION_RESOURCE_TYPE, base));
      const [conn] = await connections();
      const event = keyEvent(created.physicalResourceId);
      const started = await onEvent(event);
      expect(started.NoEcho).toBe(true);
      expect(started.PhysicalResourceId).toBe(`${created.physicalResourceId}/activation-key`);
      expect(JSON.stringify(started)).not.toContain(conn.activationKey);
      // As the Provider framework does: onEvent's result, NoEcho included, is the waiter's input.
      const waiterInput: RawProviderEvent = { ...event, ...started };
      const done = await isComplete(waiterInput);
      expect(done).toMatchObject({ IsComplete: true, Data: { ActivationKey: conn.activationKey } });
    });

    test('NotFound for the connection means not yet, with no Data', async () => {
      const event = keyEvent('mcc-zzzzzzzz');
      const started = await onEvent(event);
      await expect(isComplete({ ...event, ...started })).resolves.toEqual({ IsComplete: false });
    });

    test('a connection id that is not one fails with a reason that quotes it', async () => {
      await expect(onEvent(keyEvent('not-an-id'))).rejects.toThrow("ConnectionId 'not-an-id' is not an Interconnect connection id");
    });

    test('delete is a no-op that keeps the physical id and calls nothing', async () => {
      const result = await driveToCompletion(deleteEvent(CONNECTION_ACTIVATION_KEY_RESOURCE_TYPE, 'mcc-abcd1234/activation-key', { ConnectionId: 'mcc-abcd1234' }));
      expect(result.physicalResourceId).toBe('mcc-abcd1234/activation-key');
      expect(emulator().calls.all()).toHaveLength(0);
    });
  });

  test('an update that arrives while an earlier one is still updating (a rollback of a cancelled update) waits for it, then updates', async () => {
    const created = await driveToCompletion(createEvent(CONNECTION_RESOURCE_TYPE, base));
    const id = created.physicalResourceId;
    await control('interconnect', 'setState', { connectionId: id, state: 'updating' });
    const readsBefore = calls('GetConnection').length;
    const updating = driveToCompletion(updateEvent(CONNECTION_RESOURCE_TYPE, id, { ...base, Description: 'after the wait' }, base));
    // While the connection is updating, the handler only reads it; it never sends an UpdateConnection that would be refused.
    while (calls('GetConnection').length < readsBefore + 2) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(calls('UpdateConnection')).toHaveLength(0);
    await control('interconnect', 'setState', { connectionId: id, state: 'available' });
    const updated = await updating;
    expect(updated.physicalResourceId).toBe(id);
    expect(calls('UpdateConnection')).toHaveLength(1);
    expect((await connections())[0].description).toBe('after the wait');
  });

  describe('a connection that is down', () => {
    async function downConnection() {
      const created = await driveToCompletion(createEvent(CONNECTION_RESOURCE_TYPE, base));
      await control('interconnect', 'setState', { connectionId: created.physicalResourceId, state: 'down' });
      return created.physicalResourceId;
    }

    test('a tag-only update succeeds and leaves it down', async () => {
      const id = await downConnection();
      const next = { ...base, Tags: { team: 'net', owner: 'ops' } };
      const updated = await driveToCompletion(updateEvent(CONNECTION_RESOURCE_TYPE, id, next, base));
      expect(updated.data.State).toBe('down');
      expect(userTags((await connections())[0])).toEqual({ team: 'net', owner: 'ops' });
      expect(calls('UpdateConnection')).toHaveLength(0);
    });

    test('a description update succeeds once it leaves updating', async () => {
      const id = await downConnection();
      const updated = await driveToCompletion(updateEvent(CONNECTION_RESOURCE_TYPE, id, { ...base, Description: 'down but renamed' }, base));
      expect(updated.data.State).toBe('down');
      expect((await connections())[0].description).toBe('down but renamed');
    });

    test('a rollback (the update with old and new swapped) succeeds', async () => {
      const id = await downConnection();
      const next = { ...base, Description: 'v2', Tags: { team: 'net', v: '2' } };
      const rollback = await driveToCompletion(updateEvent(CONNECTION_RESOURCE_TYPE, id, base, next));
      expect(rollback.physicalResourceId).toBe(id);
      const [conn] = await connections();
      expect(conn.description).toBe('prod to gcp');
      expect(userTags(conn)).toEqual({ team: 'net' });
    });

    test('a create that waits for available still fails fast on down, as the model\'s ConnectionAvailable waiter does', async () => {
      const event = createEvent(CONNECTION_RESOURCE_TYPE, { ...base, WaitFor: 'available' });
      await expect(driveToCompletion(event, {
        betweenPolls: async () => {
          const [c] = await connections();
          if (c.state === 'requested') await control('interconnect', 'setState', { connectionId: c.id, state: 'down' });
        },
      })).rejects.toThrow(/is 'down' while waiting for 'available'/);
    });
  });

  test('removing the description clears it: UpdateConnection sets the shortest description the model allows', async () => {
    const created = await driveToCompletion(createEvent(CONNECTION_RESOURCE_TYPE, base));
    const { Description: _removed, ...next } = base;
    await driveToCompletion(updateEvent(CONNECTION_RESOURCE_TYPE, created.physicalResourceId, next, base));
    expect(calls('UpdateConnection')).toHaveLength(1);
    expect((await connections())[0].description).toBe(CLEARED_DESCRIPTION);
  });

  describe('a Delete whose physical id this library did not make (a create CloudFormation cancelled)', () => {
    const CFN_ID = 'TestStack-TestResource-1A2B3C4D5E6F';

    test('deletes what that create made, found by its tag, and nothing else', async () => {
      const stranger = await control('interconnect', 'seedConnection', { accountId: '123456789012', environmentId: 'aws-gcp-us-east4', bandwidth: '1Gbps' });
      const otherResource = await driveToCompletion(createEvent(CONNECTION_RESOURCE_TYPE, base, { logicalResourceId: 'OtherResource' }));
      // The cancelled create got as far as CreateConnection (its isComplete never finished).
      const made = await onEvent(createEvent(CONNECTION_RESOURCE_TYPE, base));
      const result = await driveToCompletion(deleteEvent(CONNECTION_RESOURCE_TYPE, CFN_ID, base));
      expect(result.physicalResourceId).toBe(CFN_ID);
      expect(calls('DeleteConnection')).toHaveLength(1);
      expect(await liveIds()).toEqual([stranger.connection.id, otherResource.physicalResourceId].sort());
      expect(await liveIds()).not.toContain(made.PhysicalResourceId);
    });

    test('never deletes the old connection of a replacement', async () => {
      const old = await driveToCompletion(createEvent(CONNECTION_RESOURCE_TYPE, base));
      const next = { ...base, EnvironmentId: 'aws-gcp-us-west1' };
      // CloudFormation cancels the replacement's create, then sends Delete for it with its own id and the new properties.
      await onEvent(updateEvent(CONNECTION_RESOURCE_TYPE, old.physicalResourceId, next, base));
      expect(await liveIds()).toHaveLength(2);
      await driveToCompletion(deleteEvent(CONNECTION_RESOURCE_TYPE, CFN_ID, next));
      expect(await liveIds()).toEqual([old.physicalResourceId]);
    });

    test('with nothing made yet, succeeds and deletes nothing', async () => {
      const kept = await driveToCompletion(createEvent(CONNECTION_RESOURCE_TYPE, base, { logicalResourceId: 'Kept' }));
      const result = await driveToCompletion(deleteEvent(CONNECTION_RESOURCE_TYPE, CFN_ID, base));
      expect(result.physicalResourceId).toBe(CFN_ID);
      expect(calls('ListConnections').length).toBeGreaterThan(0);
      expect(calls('DeleteConnection')).toHaveLength(0);
      expect(await liveIds()).toEqual([kept.physicalResourceId]);
    });
  });
});
