import type { DirectConnectService } from '../../../local/emulator/services/directconnect';
import { electionOutcome, moveNonce, moveSettleMs } from '../../../src/directconnect/handler/move-election';
import { moveRecordKey, moveRecordTag, readMoveRecord } from '../../../src/directconnect/handler/move-record';
import { HOSTED_CONNECTION_ASSOCIATION_RESOURCE_TYPE } from '../../../src/directconnect/hosted-connection-association-contract';
import { VIRTUAL_INTERFACE_ASSOCIATION_RESOURCE_TYPE } from '../../../src/directconnect/virtual-interface-association-contract';
import { isComplete, onEvent } from '../../../src/provider/handler/handler-entry-points';
import type { RawProviderEvent } from '../../../src/runtime/lifecycle-event';
import { CapturedLogs } from '../../helpers/captured-logs';
import { useEmulator } from '../../helpers/emulator';
import { createEvent, deleteEvent } from '../../helpers/provider-events';

const SETTLE_ENV = 'HYBRID_CONNECTIVITY_MOVE_SETTLE_MS';

describe('the election', () => {
  const record = { previousId: 'dxcon-abcd1234', requestToken: 'a'.repeat(32), ownerToken: 'b'.repeat(32) };

  test('the nonce is a fresh 16 hex characters each time, and the record carries it within the tag value limit', () => {
    const nonce = moveNonce();
    expect(nonce).toMatch(/^[0-9a-f]{16}$/);
    expect(moveNonce()).not.toBe(nonce);
    const tag = moveRecordTag('dxvif-abcd1234', { ...record, nonce });
    expect(tag[moveRecordKey('dxvif-abcd1234')]).toMatch(new RegExp(` n=${nonce}$`));
    expect(tag[moveRecordKey('dxvif-abcd1234')].length).toBeLessThanOrEqual(256);
    expect(readMoveRecord(tag, 'dxvif-abcd1234')).toEqual({ ...record, nonce });
  });

  test('a record written without a nonce still reads, with none', () => {
    const value = `from=dxcon-abcd1234 req=${'a'.repeat(32)} by=${'b'.repeat(32)}`;
    expect(readMoveRecord({ [moveRecordKey('dxvif-abcd1234')]: value }, 'dxvif-abcd1234')).toEqual(record);
  });

  test('only the delivery whose nonce stands wins; no record, or one without a nonce, elects nobody', () => {
    expect(electionOutcome({ ...record, nonce: '0123456789abcdef' }, '0123456789abcdef')).toBe('won');
    expect(electionOutcome({ ...record, nonce: 'fedcba9876543210' }, '0123456789abcdef')).toBe('lost');
    expect(electionOutcome(undefined, '0123456789abcdef')).toBe('unknown');
    expect(electionOutcome(record, '0123456789abcdef')).toBe('unknown');
  });

  describe('the settle time', () => {
    const saved = { settle: process.env[SETTLE_ENV], base: process.env.HYBRID_CONNECTIVITY_RETRY_BASE_MS };
    afterEach(() => {
      for (const [name, value] of [[SETTLE_ENV, saved.settle], ['HYBRID_CONNECTIVITY_RETRY_BASE_MS', saved.base]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    test('is three retry base delays: 3 s unless tests shorten the base', () => {
      delete process.env[SETTLE_ENV];
      delete process.env.HYBRID_CONNECTIVITY_RETRY_BASE_MS;
      expect(moveSettleMs()).toBe(3000);
      process.env.HYBRID_CONNECTIVITY_RETRY_BASE_MS = '5';
      expect(moveSettleMs()).toBe(15);
    });

    test('is its own knob when set, and ignores a value that is not a number of ms', () => {
      process.env.HYBRID_CONNECTIVITY_RETRY_BASE_MS = '5';
      process.env[SETTLE_ENV] = '250';
      expect(moveSettleMs()).toBe(250);
      process.env[SETTLE_ENV] = 'soon';
      expect(moveSettleMs()).toBe(15);
      process.env[SETTLE_ENV] = '-1';
      expect(moveSettleMs()).toBe(15);
    });
  });
});

const emulator = useEmulator({ timings: { 'directconnect.move': 20 } });
const dx = () => emulator().service<DirectConnectService>('directconnect');

/** The two moves, each from its fixture parent to a target the default account (the partner) owns. */
const MOVES = [
  {
    name: 'hosted connection',
    type: HOSTED_CONNECTION_ASSOCIATION_RESOURCE_TYPE,
    associate: 'AssociateHostedConnection',
    movedId: 'dxcon-hosx0001',
    from: 'dxcon-icx00004',
    to: 'dxlag-lagx0001',
    // The partner does not own the hosted connection: the record is on the target, read back with DescribeTags.
    recordOn: 'dxlag-lagx0001',
    readBack: 'DescribeTags',
    props: { ConnectionId: 'dxcon-hosx0001', ParentConnectionId: 'dxlag-lagx0001', RemovalBehavior: 'RESTORE', WaitTimeoutSeconds: '60' },
    where: () => dx().parentOf('dxcon-hosx0001'),
  },
  {
    name: 'virtual interface',
    type: VIRTUAL_INTERFACE_ASSOCIATION_RESOURCE_TYPE,
    associate: 'AssociateVirtualInterface',
    movedId: 'dxvif-pvtx0001',
    from: 'dxcon-dedx0001',
    to: 'dxcon-dedx0002',
    // Its own interface: the record is on it, and the look's DescribeVirtualInterfaces reads it back.
    recordOn: 'dxvif-pvtx0001',
    readBack: 'DescribeVirtualInterfaces',
    props: {
      VirtualInterfaceId: 'dxvif-pvtx0001', ConnectionId: 'dxcon-dedx0002', RemovalBehavior: 'RESTORE', WaitForBgpUp: 'false', WaitTimeoutSeconds: '60',
    },
    where: () => dx().connectionOf('dxvif-pvtx0001'),
  },
];

/** isComplete with onEvent's answer merged in, as the framework's waiter calls it, until it says complete. */
async function waitSteady(event: RawProviderEvent, started: { PhysicalResourceId: string; Data?: Record<string, unknown> }) {
  const merged = { ...event, ...started } as RawProviderEvent;
  for (let polls = 0; polls < 500; polls++) {
    const result = await isComplete(merged);
    if (result.IsComplete) return result;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('not complete after 500 polls');
}

/**
 * Lambda may deliver the framework's asynchronous onEvent twice, with the same event (the same RequestId,
 * so the same idempotency token), at the same time or one after the other: Direct Connect's associate
 * calls take no client token, and only one of the deliveries may move.
 */
describe.each(MOVES)('a $name request delivered twice', (move) => {
  const associations = () => emulator().calls.count({ service: 'directconnect', operation: move.associate, status: 200 });
  const count = (operation: string) => emulator().calls.count({ service: 'directconnect', operation });
  const saved = process.env[SETTLE_ENV];
  let logs: CapturedLogs;
  beforeEach(() => {
    logs = CapturedLogs.start();
    // Long enough for two deliveries that start together to both write before either reads back.
    process.env[SETTLE_ENV] = '300';
  });
  afterEach(() => {
    logs.stop();
    if (saved === undefined) delete process.env[SETTLE_ENV];
    else process.env[SETTLE_ENV] = saved;
  });

  test('at the same time: one Associate for the create, both answer the same physical id, and one move back for the delete', async () => {
    const create = createEvent(move.type, move.props, { requestId: 'create-delivered-twice' });
    const [a, b] = await Promise.all([onEvent(create), onEvent(create)]);
    expect(associations()).toBe(1);
    expect(move.where()).toBe(move.to);
    expect(a.PhysicalResourceId).toBe(`${move.movedId}:${move.to}:${move.from}`);
    expect(b.PhysicalResourceId).toBe(a.PhysicalResourceId);
    // Both wrote their nonce and read the record back; the one whose nonce was overwritten stood down.
    expect(count('TagResource')).toBe(2);
    expect(count('DescribeTags')).toBe(move.readBack === 'DescribeTags' ? 2 : 0);
    expect(logs.text().match(/another delivery of this request makes the move; waiting for it/g)).toHaveLength(1);

    // Both waiters see the same steady state, and the record is gone.
    const [doneA, doneB] = await Promise.all([waitSteady(create, a), waitSteady(create, b)]);
    // Each delivery's wait has its own deadline (the kit's WaitDeadline); the attributes are the same.
    const attributes = (data: Record<string, unknown> | undefined) => {
      const { WaitDeadline: _deadline, ...rest } = data ?? {};
      return rest;
    };
    expect(attributes(doneA.Data)).toEqual(attributes(doneB.Data));
    expect(doneA.Data).toMatchObject({ [move.name === 'hosted connection' ? 'PreviousParentId' : 'PreviousConnectionId']: move.from });
    expect(dx().tagsOf(move.recordOn)).toEqual({});

    const remove = deleteEvent(move.type, a.PhysicalResourceId, move.props, { requestId: 'delete-delivered-twice' });
    const [c, d] = await Promise.all([onEvent(remove), onEvent(remove)]);
    expect(associations()).toBe(2);
    expect(move.where()).toBe(move.from);
    expect(logs.text()).toContain('RESTORE: another delivery of this request moves it back; waiting for it');
    await Promise.all([waitSteady(remove, c), waitSteady(remove, d)]);
    expect(associations()).toBe(2);
    expect(dx().tagsOf(move.recordOn)).toEqual({});
  });

  test('a delivery whose record write lands after the other has read it back and moved finds it moved, and moves nothing', async () => {
    // The second TagResource is held up (throttled, retried) past the first delivery's settle time and move.
    emulator().faults.add({ service: 'directconnect', operation: 'TagResource', kind: 'latency', latencyMs: 1000, skip: 1, count: 1 });
    const create = createEvent(move.type, move.props, { requestId: 'create-late-writer' });
    const [a, b] = await Promise.all([onEvent(create), onEvent(create)]);
    expect(associations()).toBe(1);
    expect(b.PhysicalResourceId).toBe(a.PhysicalResourceId);
    expect(logs.text()).toContain('another delivery of this request has moved it meanwhile; nothing to move');
    await Promise.all([waitSteady(create, a), waitSteady(create, b)]);
    expect(move.where()).toBe(move.to);
    expect(dx().tagsOf(move.recordOn)).toEqual({});
  });

  test('one after the other: the second finds it moved by this request, claims nothing, and keeps the parent it came from', async () => {
    const create = createEvent(move.type, move.props, { requestId: 'create-redelivered' });
    const first = await onEvent(create);
    const tagsBefore = count('TagResource');
    const second = await onEvent(create);
    expect(associations()).toBe(1);
    // No claim, so no settle time: the record already says this request made the move.
    expect(count('TagResource')).toBe(tagsBefore);
    expect(second.PhysicalResourceId).toBe(first.PhysicalResourceId);
    expect(logs.text()).toContain('an earlier run of this request moved it; keeping the parent it recorded');

    await Promise.all([waitSteady(create, first), waitSteady(create, second)]);
    // A third delivery, after the move is done and its record removed, moves nothing either.
    await onEvent(create);
    expect(associations()).toBe(1);

    const remove = deleteEvent(move.type, first.PhysicalResourceId, move.props, { requestId: 'delete-redelivered' });
    await waitSteady(remove, await onEvent(remove));
    await waitSteady(remove, await onEvent(remove));
    expect(associations()).toBe(2);
    expect(move.where()).toBe(move.from);
    expect(dx().tagsOf(move.recordOn)).toEqual({});
  });

  test('the Delete of a cancelled create, delivered twice at the same time, moves it back once', async () => {
    await onEvent(createEvent(move.type, move.props, { requestId: 'cancelled-create' }));
    expect(move.where()).toBe(move.to);
    const rollback = deleteEvent(move.type, 'TestResource-generated-by-cloudformation', move.props, { requestId: 'rollback-delivered-twice' });
    const [c, d] = await Promise.all([onEvent(rollback), onEvent(rollback)]);
    await Promise.all([waitSteady(rollback, c), waitSteady(rollback, d)]);
    expect(associations()).toBe(2);
    expect(move.where()).toBe(move.from);
    expect(dx().tagsOf(move.recordOn)).toEqual({});
  });
});
