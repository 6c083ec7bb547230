import { CONNECTION_RESOURCE_TYPE } from '../../../src/interconnect/connection-contract';
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
const calls = (operation: string) => emulator().calls.all().filter((c: any) => c.service === 'interconnect' && c.operation === operation);

describe('InterconnectConnection handler against the emulator', () => {
  test('create: a requested connection with its attributes, stable at requested, returned with NoEcho', async () => {
    const result = await driveToCompletion(createEvent(CONNECTION_RESOURCE_TYPE, base));
    expect(result.physicalResourceId).toMatch(/^mcc-[a-z0-9]{8}$/);
    expect(result.noEcho).toBe(true);
    expect(result.data).toMatchObject({
      ConnectionId: result.physicalResourceId,
      ConnectionArn: `arn:aws:interconnect:us-east-1:123456789012:connection/${result.physicalResourceId}`,
      State: 'requested',
      Bandwidth: '1Gbps',
      EnvironmentId: 'aws-gcp-us-east4',
      OwnerAccount: '123456789012',
    });
    expect(result.data.SharedId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(result.data.ActivationKey.length).toBeGreaterThan(20);
    expect(result.data.CloudServiceProvider).not.toBe('');
    const [conn] = await connections();
    expect(conn.tags).toEqual({ team: 'net' });
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
    expect(conn.tags).toEqual({ owner: 'ops' });
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
    await expect(driveToCompletion(deleteEvent(CONNECTION_RESOURCE_TYPE, created.physicalResourceId, base))).resolves.toBeDefined();
  });

  test('delete of a connection that never existed, or of a failed create\'s request id, succeeds', async () => {
    await expect(driveToCompletion(deleteEvent(CONNECTION_RESOURCE_TYPE, 'mcc-zzzzzzzz', base))).resolves.toBeDefined();
    const before = emulator().calls.all().length;
    await driveToCompletion(deleteEvent(CONNECTION_RESOURCE_TYPE, '8f5e0c1e-request-id', base));
    expect(emulator().calls.all().length).toBe(before);
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
    expect(result.data.ActivationKey).toBe(proposal.activationKey);
    expect(logs.text()).not.toContain(proposal.activationKey);
  });

  test('no activation key or ResponseURL in captured logs, even when a call fails', async () => {
    const logs = CapturedLogs.start();
    let key = '';
    try {
      const created = await driveToCompletion(createEvent(CONNECTION_RESOURCE_TYPE, base));
      key = created.data.ActivationKey;
      emulator().faults.add({ service: 'interconnect', operation: 'UpdateConnection', kind: 'error', status: 400, code: 'InterconnectClientException', message: `bad key ${key}` });
      await driveToCompletion(updateEvent(CONNECTION_RESOURCE_TYPE, created.physicalResourceId, { ...base, Bandwidth: '5Gbps' }, base))
        .catch((err: Error) => expect(err.message).not.toContain(key));
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
});
