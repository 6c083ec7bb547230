import type { DirectConnectService } from '../../../local/emulator/services/directconnect';
import {
  moveOwnerToken, moveRecordKey, moveRecordTag, readMoveRecord, stackPlace, targetArn,
} from '../../../src/directconnect/handler/move-record';
import { HOSTED_CONNECTION_ASSOCIATION_RESOURCE_TYPE } from '../../../src/directconnect/hosted-connection-association-contract';
import { VIRTUAL_INTERFACE_ASSOCIATION_RESOURCE_TYPE } from '../../../src/directconnect/virtual-interface-association-contract';
import { onEvent } from '../../../src/provider/handler/handler-entry-points';
import { idempotencyToken } from '../../../src/runtime/idempotency-token';
import { CapturedLogs } from '../../helpers/captured-logs';
import { useEmulator } from '../../helpers/emulator';
import { driveToCompletion } from '../../helpers/lifecycle-driver';
import { createEvent, deleteEvent, TEST_STACK_ID } from '../../helpers/provider-events';

describe('the move record', () => {
  const record = { previousId: 'dxlag-abcd1234', requestToken: 'a'.repeat(32), ownerToken: 'b'.repeat(32) };

  test('is one tag keyed by the moved id, within Direct Connect\'s tag rules', () => {
    const tag = moveRecordTag('dxcon-hosx0001', record);
    expect(tag).toEqual({ 'cdk-hybrid-connectivity:move:dxcon-hosx0001': `from=dxlag-abcd1234 req=${'a'.repeat(32)} by=${'b'.repeat(32)}` });
    // The model's TagKey and TagValue: at most 128 and 256 characters of [\p{L}\p{Z}\p{N}_.:/=+\-@].
    for (const [key, value] of Object.entries(tag)) {
      expect(key.length).toBeLessThanOrEqual(128);
      expect(value.length).toBeLessThanOrEqual(256);
      expect(`${key}${value}`).toMatch(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u);
    }
  });

  test('reads back what was written, an unknown previous parent as undefined, and nothing from a foreign tag', () => {
    expect(readMoveRecord(moveRecordTag('dxvif-abcd1234', record), 'dxvif-abcd1234')).toEqual(record);
    expect(readMoveRecord(moveRecordTag('dxvif-abcd1234', { ...record, previousId: undefined }), 'dxvif-abcd1234')?.previousId).toBeUndefined();
    expect(readMoveRecord(moveRecordTag('dxvif-abcd1234', record), 'dxvif-other123')).toBeUndefined();
    expect(readMoveRecord({ [moveRecordKey('dxvif-abcd1234')]: 'somebody else wrote this' }, 'dxvif-abcd1234')).toBeUndefined();
  });

  test('the owner token is the logical resource\'s in its stack, whatever the request', () => {
    expect(moveOwnerToken(TEST_STACK_ID, 'Move')).toBe(moveOwnerToken(TEST_STACK_ID, 'Move'));
    expect(moveOwnerToken(TEST_STACK_ID, 'Move')).not.toBe(moveOwnerToken(TEST_STACK_ID, 'Other'));
  });

  test('the target ARN is in the stack\'s own account, region and partition', () => {
    const place = stackPlace('arn:aws-cn:cloudformation:cn-north-1:111122223333:stack/S/1')!;
    expect(targetArn(place, 'dxlag-abcd1234')).toBe('arn:aws-cn:directconnect:cn-north-1:111122223333:dxlag/dxlag-abcd1234');
    expect(targetArn(place, 'dxvif-abcd1234')).toBeUndefined();
    expect(stackPlace('not-an-arn')).toBeUndefined();
  });
});

const emulator = useEmulator({ timings: { 'directconnect.move': 20 } });
const dx = () => emulator().service<DirectConnectService>('directconnect');

/**
 * The two Direct Connect moves, each from its fixture parent to a target, made by the account that owns the
 * target (the default account, the partner): the hosted connection is its customer's, so its record lives on
 * the target; the interface is its own, so its record lives on the interface, whose Describe then carries it.
 */
const MOVES = [
  {
    name: 'hosted connection',
    type: HOSTED_CONNECTION_ASSOCIATION_RESOURCE_TYPE,
    associate: 'AssociateHostedConnection',
    movedId: 'dxcon-hosx0001',
    from: 'dxcon-icx00004',
    to: 'dxlag-lagx0001',
    recordOn: 'dxlag-lagx0001',
    props: (removal: string) => ({ ConnectionId: 'dxcon-hosx0001', ParentConnectionId: 'dxlag-lagx0001', RemovalBehavior: removal, WaitTimeoutSeconds: '60' }),
    where: () => dx().parentOf('dxcon-hosx0001'),
  },
  {
    name: 'virtual interface',
    type: VIRTUAL_INTERFACE_ASSOCIATION_RESOURCE_TYPE,
    associate: 'AssociateVirtualInterface',
    movedId: 'dxvif-pvtx0001',
    from: 'dxcon-dedx0001',
    to: 'dxcon-dedx0002',
    recordOn: 'dxvif-pvtx0001',
    props: (removal: string) => ({
      VirtualInterfaceId: 'dxvif-pvtx0001', ConnectionId: 'dxcon-dedx0002', RemovalBehavior: removal, WaitForBgpUp: 'false', WaitTimeoutSeconds: '60',
    }),
    where: () => dx().connectionOf('dxvif-pvtx0001'),
  },
];

describe.each(MOVES)('$name moves record themselves while in flight', (move) => {
  const associations = () => emulator().calls.count({ service: 'directconnect', operation: move.associate, status: 200 });
  const ops = () => emulator().calls.all({ service: 'directconnect' }).map((c) => c.operation);
  let logs: CapturedLogs;
  beforeEach(() => { logs = CapturedLogs.start(); });
  afterEach(() => logs.stop());

  test('a create records where it came from, before it moves it, and removes the record once it is steady', async () => {
    const event = createEvent(move.type, move.props('RETAIN'), { requestId: 'request-one' });
    const started = await onEvent(event);
    // The nonce is this invocation's claim on the move (move-election.ts): random, so only its form is known.
    expect(Object.keys(dx().tagsOf(move.recordOn))).toEqual([moveRecordKey(move.movedId)]);
    expect(dx().tagsOf(move.recordOn)[moveRecordKey(move.movedId)]).toMatch(new RegExp(
      `^from=${move.from} req=${idempotencyToken(TEST_STACK_ID, 'TestResource', 'request-one', 'move')} ` +
      `by=${moveOwnerToken(TEST_STACK_ID, 'TestResource')} n=[0-9a-f]{16}$`));
    expect(ops().indexOf('TagResource')).toBeLessThan(ops().indexOf(move.associate));
    // Nothing on the other one: a hosted connection is another account's, and an interface's own record is on it.
    expect(dx().tagsOf(move.recordOn === move.to ? move.movedId : move.to)).toEqual({});

    await driveToCompletion({ ...event, ...started } as any);
    expect(dx().tagsOf(move.recordOn)).toEqual({});
  });

  test('a rerun of the same request keeps the parent it came from, so RESTORE still moves it back', async () => {
    const event = createEvent(move.type, move.props('RESTORE'), { requestId: 'request-run-twice' });
    const first = await onEvent(event);
    const rerun = await driveToCompletion(event);
    expect(rerun.physicalResourceId).toBe(`${move.movedId}:${move.to}:${move.from}`);
    expect(rerun.physicalResourceId).toBe(first.PhysicalResourceId);
    expect(associations()).toBe(1);
    expect(logs.text()).toContain('an earlier run of this request moved it; keeping the parent it recorded');

    await driveToCompletion(deleteEvent(move.type, rerun.physicalResourceId, move.props('RESTORE')));
    expect(move.where()).toBe(move.from);
  });

  test('another request finds it already on the target and no record of its own: there is nothing to restore', async () => {
    await driveToCompletion(createEvent(move.type, move.props('RETAIN'), { requestId: 'request-one' }));
    const later = await driveToCompletion(createEvent(move.type, move.props('RESTORE'), { requestId: 'request-two' }));
    expect(later.physicalResourceId).toBe(`${move.movedId}:${move.to}:${move.to}`);
    await driveToCompletion(deleteEvent(move.type, later.physicalResourceId, move.props('RESTORE')));
    expect(move.where()).toBe(move.to);
    expect(associations()).toBe(1);
  });

  test.each([
    ['DirectConnectClientException', 400, 'Resource not found'],
    ['AccessDeniedException', 403, 'User is not authorized to perform: directconnect:TagResource'],
  ])('when tagging is refused (%s), it still moves, asks once, and the log says the move is not recorded', async (code, status, message) => {
    emulator().faults.add({ service: 'directconnect', operation: 'TagResource', kind: 'error', status, code, message, count: 100 });
    const created = await driveToCompletion(createEvent(move.type, move.props('RESTORE')));
    expect(created.physicalResourceId).toBe(`${move.movedId}:${move.to}:${move.from}`);
    expect(move.where()).toBe(move.to);
    expect(emulator().calls.count({ service: 'directconnect', operation: 'TagResource' })).toBe(1);
    expect(logs.text()).toContain('the move is not recorded;');
    expect(logs.text()).toContain(message);
  });

  describe('a Delete of a physical id this library did not make (CloudFormation cancelled the create in flight)', () => {
    const cancelled = async (removal: string) => {
      // The create's onEvent moved it; CloudFormation cancelled before isComplete answered.
      await onEvent(createEvent(move.type, move.props(removal), { requestId: 'cancelled-create' }));
      expect(move.where()).toBe(move.to);
      return deleteEvent(move.type, 'TestResource-generated-by-cloudformation', move.props(removal), { requestId: 'rollback-delete' });
    };

    test('RESTORE puts back what that create moved, from its record, and clears the record', async () => {
      const rollback = await cancelled('RESTORE');
      const tagReads = emulator().calls.count({ service: 'directconnect', operation: 'DescribeTags' });
      const result = await driveToCompletion(rollback);
      expect(result.physicalResourceId).toBe('TestResource-generated-by-cloudformation');
      expect(move.where()).toBe(move.from);
      expect(associations()).toBe(2);
      // On the interface, every read of the record was a DescribeVirtualInterfaces the rollback made anyway.
      if (move.recordOn === move.movedId) expect(emulator().calls.count({ service: 'directconnect', operation: 'DescribeTags' })).toBe(tagReads);
      expect(dx().tagsOf(move.recordOn)).toEqual({});
    });

    test('RETAIN leaves it where that create put it', async () => {
      const rollback = await cancelled('RETAIN');
      const before = associations();
      await driveToCompletion(rollback);
      expect(move.where()).toBe(move.to);
      expect(associations()).toBe(before);
    });

    test('RESTORE moves nothing on the record of another resource or stack', async () => {
      await onEvent(createEvent(move.type, move.props('RESTORE'), { requestId: 'other-create', logicalResourceId: 'OtherResource' }));
      const before = associations();
      await driveToCompletion(deleteEvent(move.type, 'TestResource-generated-by-cloudformation', move.props('RESTORE')));
      expect(move.where()).toBe(move.to);
      expect(associations()).toBe(before);
      expect(logs.text()).toContain('left no record of a move; nothing to move back');
    });
  });
});

describe('where a record lives, and a refused move', () => {
  let logs: CapturedLogs;
  beforeEach(() => { logs = CapturedLogs.start(); });
  afterEach(() => logs.stop());

  test('the partner moving its customer\'s interface records on the target it owns, not on the interface', async () => {
    const props = { VirtualInterfaceId: 'dxvif-hpvx0001', ConnectionId: 'dxcon-dedx0002', RemovalBehavior: 'RESTORE', WaitForBgpUp: 'false', WaitTimeoutSeconds: '60' };
    const started = await onEvent(createEvent(VIRTUAL_INTERFACE_ASSOCIATION_RESOURCE_TYPE, props));
    expect(started.PhysicalResourceId).toBe('dxvif-hpvx0001:dxcon-dedx0002:dxcon-dedx0001');
    expect(Object.keys(dx().tagsOf('dxcon-dedx0002'))).toEqual([moveRecordKey('dxvif-hpvx0001')]);
    expect(dx().tagsOf('dxvif-hpvx0001')).toEqual({});
    expect(emulator().calls.count({ service: 'directconnect', operation: 'DescribeTags' })).toBe(1);
  });

  test('a DescribeVirtualInterfaces answer without tags says nothing of the record: it is read back with DescribeTags', async () => {
    // The look after the claim answers without a tags member, as a service that leaves tags out of Describe would.
    emulator().faults.add({
      service: 'directconnect',
      operation: 'DescribeVirtualInterfaces',
      kind: 'raw',
      status: 200,
      skip: 1,
      count: 1,
      rawContentType: 'application/x-amz-json-1.1',
      rawBody: JSON.stringify({
        virtualInterfaces: [{
          virtualInterfaceId: 'dxvif-pvtx0001', connectionId: 'dxcon-dedx0001', virtualInterfaceState: 'available', ownerAccount: '123456789012', bgpPeers: [],
        }],
      }),
    });
    const props = { VirtualInterfaceId: 'dxvif-pvtx0001', ConnectionId: 'dxcon-dedx0002', RemovalBehavior: 'RESTORE', WaitForBgpUp: 'false', WaitTimeoutSeconds: '60' };
    const created = await driveToCompletion(createEvent(VIRTUAL_INTERFACE_ASSOCIATION_RESOURCE_TYPE, props));
    expect(emulator().faults.describe()[0].applied).toBe(1);
    expect(created.physicalResourceId).toBe('dxvif-pvtx0001:dxcon-dedx0002:dxcon-dedx0001');
    expect(emulator().calls.count({ service: 'directconnect', operation: 'DescribeTags' })).toBe(1);
    expect(emulator().calls.count({ service: 'directconnect', operation: 'AssociateVirtualInterface', status: 200 })).toBe(1);
    expect(logs.text()).not.toContain('another delivery');
    expect(dx().tagsOf('dxvif-pvtx0001')).toEqual({});
  });

  test.each([
    {
      type: HOSTED_CONNECTION_ASSOCIATION_RESOURCE_TYPE,
      movedId: 'dxcon-hosx0002',
      recordOn: 'dxlag-lagx0001',
      props: { ConnectionId: 'dxcon-hosx0002', ParentConnectionId: 'dxlag-lagx0001', RemovalBehavior: 'RETAIN', WaitTimeoutSeconds: '60' },
    },
    {
      type: VIRTUAL_INTERFACE_ASSOCIATION_RESOURCE_TYPE,
      movedId: 'dxvif-pvtx0001',
      recordOn: 'dxvif-pvtx0001',
      props: { VirtualInterfaceId: 'dxvif-pvtx0001', ConnectionId: 'dxcon-dedx0003', RemovalBehavior: 'RETAIN', WaitForBgpUp: 'false', WaitTimeoutSeconds: '60' },
    },
  ])('a move Direct Connect refuses (a VLAN in use on the target) leaves no record behind ($movedId)', async ({ type, movedId, recordOn, props }) => {
    await expect(onEvent(createEvent(type, props))).rejects.toThrow(/VLAN \d+ is already in use.*Nothing was moved/);
    expect(emulator().calls.count({ service: 'directconnect', operation: 'TagResource', status: 200 })).toBe(1);
    expect(emulator().calls.count({ service: 'directconnect', operation: 'UntagResource', status: 200 })).toBe(1);
    expect(dx().tagsOf(recordOn)[moveRecordKey(movedId)]).toBeUndefined();
  });
});
