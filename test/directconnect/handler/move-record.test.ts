import type { DirectConnectService } from '../../../local/emulator/services/directconnect';
import {
  MOVE_TOKEN_TAG, moveRecordTags, PREVIOUS_PARENT_TAG, recordedPreviousParent, taggableArn,
} from '../../../src/directconnect/handler/move-record';
import { HOSTED_CONNECTION_ASSOCIATION_RESOURCE_TYPE } from '../../../src/directconnect/hosted-connection-association-contract';
import { VIRTUAL_INTERFACE_ASSOCIATION_RESOURCE_TYPE } from '../../../src/directconnect/virtual-interface-association-contract';
import { idempotencyToken } from '../../../src/runtime/idempotency-token';
import { CapturedLogs } from '../../helpers/captured-logs';
import { useEmulator } from '../../helpers/emulator';
import { driveToCompletion } from '../../helpers/lifecycle-driver';
import { createEvent, deleteEvent, TEST_STACK_ID } from '../../helpers/provider-events';

describe('the move record', () => {
  const token = 'a'.repeat(32);

  test('names the previous parent and the request that moved it', () => {
    expect(moveRecordTags('dxlag-abcd1234', token)).toEqual({ [PREVIOUS_PARENT_TAG]: 'dxlag-abcd1234', [MOVE_TOKEN_TAG]: token });
    expect(moveRecordTags(undefined, token)[PREVIOUS_PARENT_TAG]).toBe('');
  });

  test('is read back only by the request that wrote it, and only when it names a parent', () => {
    const tags = moveRecordTags('dxcon-abcd1234', token);
    expect(recordedPreviousParent({ tags }, token)).toBe('dxcon-abcd1234');
    expect(recordedPreviousParent({ tags }, 'b'.repeat(32))).toBeUndefined();
    expect(recordedPreviousParent({ tags: moveRecordTags(undefined, token) }, token)).toBeUndefined();
    expect(recordedPreviousParent({ tags: {} }, token)).toBeUndefined();
  });

  test('the ARN needs the owner and region that Describe returned', () => {
    const resource = { ownerAccount: '123456789012', region: 'cn-north-1', tags: {} };
    expect(taggableArn('aws-cn', 'dxvif', 'dxvif-abcd1234', resource)).toBe('arn:aws-cn:directconnect:cn-north-1:123456789012:dxvif/dxvif-abcd1234');
    expect(taggableArn('aws', 'dxcon', 'dxcon-abcd1234', { region: 'us-east-1', tags: {} })).toBeUndefined();
  });
});

const emulator = useEmulator({ timings: { 'directconnect.move': 20 } });
const dx = () => emulator().service<DirectConnectService>('directconnect');

/** The two Direct Connect moves, each from its fixture parent to a target. */
const MOVES = [
  {
    name: 'hosted connection',
    type: HOSTED_CONNECTION_ASSOCIATION_RESOURCE_TYPE,
    associate: 'AssociateHostedConnection',
    movedId: 'dxcon-hosx0001',
    from: 'dxcon-icx00004',
    to: 'dxlag-lagx0001',
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
    props: (removal: string) => ({
      VirtualInterfaceId: 'dxvif-pvtx0001', ConnectionId: 'dxcon-dedx0002', RemovalBehavior: removal, WaitForBgpUp: 'false', WaitTimeoutSeconds: '60',
    }),
    where: () => dx().connectionOf('dxvif-pvtx0001'),
  },
];

describe.each(MOVES)('$name moves leave a record on the moved resource', (move) => {
  const associations = () => emulator().calls.count({ service: 'directconnect', operation: move.associate, status: 200 });
  let logs: CapturedLogs;
  beforeEach(() => { logs = CapturedLogs.start(); });
  afterEach(() => logs.stop());

  test('a create tags it with the parent it left and its own request token, before it moves it', async () => {
    await driveToCompletion(createEvent(move.type, move.props('RETAIN'), { requestId: 'request-one' }));
    expect(dx().tagsOf(move.movedId)).toEqual({
      [PREVIOUS_PARENT_TAG]: move.from,
      [MOVE_TOKEN_TAG]: idempotencyToken(TEST_STACK_ID, 'TestResource', 'request-one', 'move'),
    });
    const ops = emulator().calls.all({ service: 'directconnect' }).map((c) => c.operation);
    expect(ops.indexOf('TagResource')).toBeLessThan(ops.indexOf(move.associate));
  });

  test('a rerun of the same request keeps the parent it came from, so RESTORE still moves it back', async () => {
    const event = createEvent(move.type, move.props('RESTORE'), { requestId: 'request-run-twice' });
    const first = await driveToCompletion(event);
    const rerun = await driveToCompletion(event);
    expect(rerun.physicalResourceId).toBe(`${move.movedId}:${move.to}:${move.from}`);
    expect(rerun.physicalResourceId).toBe(first.physicalResourceId);
    expect(associations()).toBe(1);
    expect(logs.text()).toContain('an earlier run of this request moved it; keeping the parent it recorded');

    await driveToCompletion(deleteEvent(move.type, rerun.physicalResourceId, move.props('RESTORE')));
    expect(move.where()).toBe(move.from);
  });

  test('another request finds it already on the target: the old record is not its own, so there is nothing to restore', async () => {
    await driveToCompletion(createEvent(move.type, move.props('RETAIN'), { requestId: 'request-one' }));
    const later = await driveToCompletion(createEvent(move.type, move.props('RESTORE'), { requestId: 'request-two' }));
    expect(later.physicalResourceId).toBe(`${move.movedId}:${move.to}:${move.to}`);
    await driveToCompletion(deleteEvent(move.type, later.physicalResourceId, move.props('RESTORE')));
    expect(move.where()).toBe(move.to);
    expect(associations()).toBe(1);
  });

  test('when tagging is refused, it still moves, and the log says the move is not recorded', async () => {
    emulator().faults.add({
      service: 'directconnect',
      operation: 'TagResource',
      kind: 'error',
      status: 400,
      code: 'DirectConnectClientException',
      message: 'User is not authorized to tag this resource',
      count: 100,
    });
    const created = await driveToCompletion(createEvent(move.type, move.props('RESTORE')));
    expect(created.physicalResourceId).toBe(`${move.movedId}:${move.to}:${move.from}`);
    expect(move.where()).toBe(move.to);
    expect(dx().tagsOf(move.movedId)).toEqual({});
    expect(logs.text()).toContain('the move is not recorded on the resource');
    expect(logs.text()).toContain('User is not authorized to tag this resource');
  });
});
