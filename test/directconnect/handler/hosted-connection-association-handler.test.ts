import { AssociateHostedConnectionCommand, DescribeHostedConnectionsCommand, DirectConnectClient } from '@aws-sdk/client-direct-connect';
import type { DirectConnectService } from '../../../local/emulator/services/directconnect';
import { DX_CUSTOMER_ACCOUNT } from '../../../local/emulator/services/directconnect-fixture';
import { NOT_VISIBLE_GRACE_MS } from '../../../src/directconnect/handler/association-lifecycle';
import { HOSTED_CONNECTION_ASSOCIATION_RESOURCE_TYPE as TYPE } from '../../../src/directconnect/hosted-connection-association-contract';
import { isComplete, onEvent } from '../../../src/provider/handler/handler-entry-points';
import { WAIT_DEADLINE_DATA_KEY } from '../../../src/provider/provider-contract';
import { emulatorControl, steppedClock, useEmulator } from '../../helpers/emulator';
import { driveToCompletion } from '../../helpers/lifecycle-driver';
import { createEvent, deleteEvent, updateEvent } from '../../helpers/provider-events';

const emulator = useEmulator({ timings: { 'directconnect.move': 60 } });

const HOSTED = 'dxcon-hosx0001';
/** Where the fixture puts it: on the second page of DescribeInterconnects. */
const ORIGINAL_PARENT = 'dxcon-icx00004';
const LAG = 'dxlag-lagx0001';

const props = (extra: Record<string, unknown> = {}) => ({
  ConnectionId: HOSTED, ParentConnectionId: LAG, RemovalBehavior: 'RETAIN', WaitTimeoutSeconds: '60', ...extra,
});

const dx = () => emulator().service<DirectConnectService>('directconnect');
const calls = (operation: string) => emulator().calls.count({ service: 'directconnect', operation });
const control = (action: string, body: unknown) => emulatorControl(emulator().url, 'POST', `directconnect/${action}`, body);

describe('HostedConnectionAssociation handler against the emulator', () => {
  test('create: finds the current parent (following nextToken), records it, moves, and waits until steady', async () => {
    const result = await driveToCompletion(createEvent(TYPE, props()), { betweenPolls: steppedClock(emulator(), 20) });

    expect(result.physicalResourceId).toBe(`${HOSTED}:${LAG}:${ORIGINAL_PARENT}`);
    expect(result.data).toMatchObject({
      ConnectionId: HOSTED,
      ParentConnectionId: LAG,
      PreviousParentId: ORIGINAL_PARENT,
      ConnectionState: 'available',
      Vlan: '101',
      Bandwidth: '500Mbps',
      Location: 'EqDC2',
    });
    expect(result.polls).toBeGreaterThanOrEqual(3);
    expect(dx().parentOf(HOSTED)).toBe(LAG);
    expect(calls('AssociateHostedConnection')).toBe(1);
    // Four interconnects at three a page, and six hosted connections on the old parent: both took two pages.
    expect(calls('DescribeInterconnects')).toBeGreaterThanOrEqual(2);
    // The partner does not own the hosted connection: its record lives on the target, and is gone once the move is done.
    // It is read back once before the move: the election of the one delivery that moves (move-election.ts).
    expect(dx().tagsOf(LAG)).toEqual({});
    expect(dx().tagsOf(HOSTED)).toEqual({});
    expect(emulator().calls.all({ service: 'directconnect' }).map((c) => c.operation).filter((op) => /tag/i.test(op)))
      .toEqual(['TagResource', 'DescribeTags', 'UntagResource']);
  });

  test('create when it is already on the target: nothing is called, the previous parent is the target', async () => {
    const result = await driveToCompletion(createEvent(TYPE, props({ ConnectionId: 'dxcon-hosx0003' })));
    expect(result.physicalResourceId).toBe(`dxcon-hosx0003:${LAG}:${LAG}`);
    expect(result.data).toMatchObject({ PreviousParentId: LAG, ParentConnectionId: LAG, ConnectionState: 'available' });
    expect(calls('AssociateHostedConnection')).toBe(0);
  });

  test('update to a new target is a new move with a new physical id; the later Delete of the old one does nothing', async () => {
    const first = await driveToCompletion(createEvent(TYPE, props({ RemovalBehavior: 'RESTORE' })));
    const second = await driveToCompletion(updateEvent(TYPE, first.physicalResourceId,
      props({ RemovalBehavior: 'RESTORE', ParentConnectionId: 'dxcon-icx00001' }), props({ RemovalBehavior: 'RESTORE' })));

    expect(second.physicalResourceId).toBe(`${HOSTED}:dxcon-icx00001:${LAG}`);
    expect(second.data).toMatchObject({ ParentConnectionId: 'dxcon-icx00001', PreviousParentId: LAG });
    expect(dx().parentOf(HOSTED)).toBe('dxcon-icx00001');

    // CloudFormation's clean-up: the old association is deleted, under RESTORE, but the connection has moved on.
    // One read of the old target answers it; the owner's lookup after the miss could not change what happens.
    emulator().calls.clear();
    await driveToCompletion(deleteEvent(TYPE, first.physicalResourceId, props({ RemovalBehavior: 'RESTORE' })));
    expect(dx().parentOf(HOSTED)).toBe('dxcon-icx00001');
    expect(emulator().calls.all({ service: 'directconnect' }).map((c) => c.operation)).toEqual(['DescribeHostedConnections']);
    expect(calls('AssociateHostedConnection')).toBe(0);
  });

  test('an in-place update (removal behavior, wait limit) keeps the physical id and moves nothing', async () => {
    const first = await driveToCompletion(createEvent(TYPE, props()));
    const updated = await driveToCompletion(updateEvent(TYPE, first.physicalResourceId,
      props({ RemovalBehavior: 'RESTORE', WaitTimeoutSeconds: '120' }), props()));
    expect(updated.physicalResourceId).toBe(first.physicalResourceId);
    expect(updated.data.PreviousParentId).toBe(ORIGINAL_PARENT);
    expect(calls('AssociateHostedConnection')).toBe(1);
  });

  test('delete under RETAIN leaves it on the target and calls nothing', async () => {
    const created = await driveToCompletion(createEvent(TYPE, props()));
    const before = emulator().calls.count({ service: 'directconnect' });
    await driveToCompletion(deleteEvent(TYPE, created.physicalResourceId, props()));
    expect(dx().parentOf(HOSTED)).toBe(LAG);
    expect(emulator().calls.count({ service: 'directconnect' })).toBe(before);
  });

  test('delete under RESTORE moves it back to the previous parent and waits until it is steady there', async () => {
    const created = await driveToCompletion(createEvent(TYPE, props({ RemovalBehavior: 'RESTORE' })));
    const deleted = await driveToCompletion(deleteEvent(TYPE, created.physicalResourceId, props({ RemovalBehavior: 'RESTORE' })), { betweenPolls: steppedClock(emulator(), 20) });
    expect(dx().parentOf(HOSTED)).toBe(ORIGINAL_PARENT);
    expect(deleted.polls).toBeGreaterThanOrEqual(3);
    expect(calls('AssociateHostedConnection')).toBe(2);
  });

  test('RESTORE after a newer move elsewhere is a no-op', async () => {
    const created = await driveToCompletion(createEvent(TYPE, props({ RemovalBehavior: 'RESTORE' })));
    // Another association (another stack, or a person) moves it on.
    await new DirectConnectClient({}).send(new AssociateHostedConnectionCommand({ connectionId: HOSTED, parentConnectionId: 'dxcon-icx00002' }));

    await driveToCompletion(deleteEvent(TYPE, created.physicalResourceId, props({ RemovalBehavior: 'RESTORE' })));
    expect(dx().parentOf(HOSTED)).toBe('dxcon-icx00002');
    expect(calls('AssociateHostedConnection')).toBe(2);
  });

  test('a rollback after a failed update moves it back to the target before the change (RESTORE)', async () => {
    const first = await driveToCompletion(createEvent(TYPE, props({ RemovalBehavior: 'RESTORE' })));
    const second = await driveToCompletion(updateEvent(TYPE, first.physicalResourceId,
      props({ RemovalBehavior: 'RESTORE', ParentConnectionId: 'dxcon-icx00001' }), props({ RemovalBehavior: 'RESTORE' })));
    // CloudFormation rolls back by deleting the new physical resource: the old one expects it on the LAG.
    await driveToCompletion(deleteEvent(TYPE, second.physicalResourceId, props({ RemovalBehavior: 'RESTORE', ParentConnectionId: 'dxcon-icx00001' })));
    expect(dx().parentOf(HOSTED)).toBe(LAG);
  });

  describe('when the current parent cannot be seen', () => {
    const hideInterconnects = () => emulator().faults.add({
      service: 'directconnect',
      operation: 'DescribeInterconnects',
      kind: 'raw',
      status: 200,
      rawBody: '{"interconnects":[]}',
      rawContentType: 'application/x-amz-json-1.1',
    });

    test.each(['RESTORE', 'RETAIN'])('the partner cannot read a customer\'s connection directly, so %s fails and nothing moves', async (removal) => {
      hideInterconnects();
      await expect(driveToCompletion(createEvent(TYPE, props({ RemovalBehavior: removal }))))
        .rejects.toThrow('Hosted connection dxcon-hosx0001 was not found. Check the id and the region, and that the stack deploys in the ' +
          'Direct Connect Partner account that owns its interconnect or LAG');
      expect(calls('AssociateHostedConnection')).toBe(0);
      expect(dx().parentOf(HOSTED)).toBe(ORIGINAL_PARENT);
    });

    describe('deployed in the customer account that owns the hosted connection', () => {
      const customerStack = `arn:aws:cloudformation:us-east-1:${DX_CUSTOMER_ACCOUNT}:stack/Customer/11111111-2222-3333-4444-555555555555`;
      let saved: string | undefined;
      beforeEach(() => { saved = process.env.AWS_ACCESS_KEY_ID; process.env.AWS_ACCESS_KEY_ID = DX_CUSTOMER_ACCOUNT; });
      afterEach(() => { process.env.AWS_ACCESS_KEY_ID = saved; });

      test('RESTORE refuses to move what it could not move back: the customer sees no parents', async () => {
        await expect(driveToCompletion(createEvent(TYPE, props({ RemovalBehavior: 'RESTORE' }), { stackId: customerStack })))
          .rejects.toThrow('Cannot tell which interconnect or LAG hosted connection dxcon-hosx0001 is on now, so RESTORE could not move it back later. ' +
            'Nothing was moved. Deploy in the partner account that owns its current parent');
        expect(calls('AssociateHostedConnection')).toBe(0);
      });

      test('RETAIN asks, and Direct Connect refuses a customer, naming the account', async () => {
        await expect(driveToCompletion(createEvent(TYPE, props(), { stackId: customerStack })))
          .rejects.toThrow(`Direct Connect refused to move hosted connection dxcon-hosx0001 to dxlag-lagx0001: Account ${DX_CUSTOMER_ACCOUNT} ` +
            'is not an authorized Direct Connect partner in us-east-1. Nothing was moved.');
        expect(emulator().calls.count({ service: 'directconnect', operation: 'AssociateHostedConnection', errorCode: 'DirectConnectClientException' })).toBe(1);
        expect(dx().parentOf(HOSTED)).toBe(ORIGINAL_PARENT);
      });
    });
  });

  test('a dropped connection while waiting is "not yet"', async () => {
    emulator().faults.add({ service: 'directconnect', operation: 'DescribeHostedConnections', kind: 'drop', count: 2, skip: 9 });
    const result = await driveToCompletion(createEvent(TYPE, props()));
    expect(result.data.ConnectionState).toBe('available');
  });

  describe('eventual consistency right after the move', () => {
    /** What DescribeHostedConnections answers when the target's list does not show the move yet. */
    const emptyList = {
      service: 'directconnect',
      operation: 'DescribeHostedConnections',
      after: 'AssociateHostedConnection',
      kind: 'raw',
      status: 200,
      rawBody: '{"connections":[]}',
      rawContentType: 'application/x-amz-json-1.1',
    } as const;

    /** The create's isComplete event, as if the wait started `ago` ms back and ends `ends` ms from now. */
    const waitingSince = (created: Awaited<ReturnType<typeof onEvent>>, ago: number, ends: number) => {
      const waitTimeoutSeconds = Math.round((ago + ends) / 1000);
      return {
        ...createEvent(TYPE, props({ WaitTimeoutSeconds: String(waitTimeoutSeconds) })),
        ...created,
        Data: { ...created.Data, [WAIT_DEADLINE_DATA_KEY]: String(Date.now() + ends) },
      };
    };

    test('an empty list on the target is "not yet", and the next poll finds it moved', async () => {
      emulator().faults.add({ ...emptyList, count: 1 });
      const result = await driveToCompletion(createEvent(TYPE, props()), { betweenPolls: steppedClock(emulator(), 20) });
      expect(emulator().faults.describe()[0].applied).toBe(1);
      expect(result.polls).toBeGreaterThanOrEqual(2);
      expect(result.data).toMatchObject({ ConnectionId: HOSTED, ParentConnectionId: LAG, ConnectionState: 'available' });
      expect(dx().parentOf(HOSTED)).toBe(LAG);
    });

    test('a move that stays invisible within the grace ends at the wait limit, saying it was not visible', async () => {
      const created = await onEvent(createEvent(TYPE, props()));
      emulator().faults.add(emptyList);
      // A minute into the wait (within the grace), and the wait limit has just passed.
      await expect(isComplete(waitingSince(created, 60_000, -1)))
        .rejects.toThrow(`Timed out after 60s waiting for ${created.PhysicalResourceId} (last seen: hosted connection ${HOSTED} is not visible on ${LAG} yet).`);
    });

    test('past the grace, a move that cannot be seen fails: it disappeared', async () => {
      const created = await onEvent(createEvent(TYPE, props()));
      emulator().faults.add(emptyList);
      await expect(isComplete(waitingSince(created, NOT_VISIBLE_GRACE_MS + 60_000, 600_000)))
        .rejects.toThrow(`Hosted connection ${HOSTED} disappeared while moving to ${LAG}. Check whether it was deleted`);
    });
  });

  test('a VLAN conflict on the target fails with the service reason, and nothing moves', async () => {
    await expect(driveToCompletion(createEvent(TYPE, props({ ConnectionId: 'dxcon-hosx0002' }))))
      .rejects.toThrow(/Direct Connect refused to move hosted connection dxcon-hosx0002 to dxlag-lagx0001: .*VLAN 102 is already in use by dxcon-hosx0004\. Nothing was moved\. Free the VLAN/);
    expect(dx().parentOf('dxcon-hosx0002')).toBe('dxcon-icx00001');
  });

  test('an IP address conflict on the target fails with the service reason and what to do, and nothing moves', async () => {
    // The emulator checks only VLANs when a hosted connection moves (addresses belong to its interfaces),
    // so the service's refusal is injected here, worded about an address alone.
    emulator().faults.add({
      service: 'directconnect',
      operation: 'AssociateHostedConnection',
      kind: 'error',
      status: 400,
      code: 'DirectConnectClientException',
      message: `Unable to associate ${HOSTED} with ${LAG}: IP address 169.254.60.1/30 of virtual interface dxvif-hipx0001 ` +
        'conflicts with virtual interface dxvif-hipx0002',
    });

    await expect(driveToCompletion(createEvent(TYPE, props({ RemovalBehavior: 'RESTORE' }))))
      .rejects.toThrow(/^Direct Connect refused to move hosted connection dxcon-hosx0001 to dxlag-lagx0001: .*IP address 169\.254\.60\.1\/30 .*conflicts with virtual interface dxvif-hipx0002\. Nothing was moved\. Free the VLAN or address on the target, or choose another target/);

    // Refused once, not retried, and no association succeeded.
    expect(emulator().calls.count({ service: 'directconnect', operation: 'AssociateHostedConnection', errorCode: 'DirectConnectClientException' })).toBe(1);
    expect(emulator().calls.count({ service: 'directconnect', operation: 'AssociateHostedConnection', status: 200 })).toBe(0);
    expect(dx().parentOf(HOSTED)).toBe(ORIGINAL_PARENT);
    const described = await new DirectConnectClient({}).send(new DescribeHostedConnectionsCommand({ connectionId: ORIGINAL_PARENT }));
    const onParent = described.connections ?? [];
    expect(onParent.find((c) => c.connectionId === HOSTED)).toMatchObject({ connectionState: 'available' });
  });

  test('throttling, while starting and while waiting, is retried', async () => {
    emulator().faults.add({ service: 'directconnect', operation: 'AssociateHostedConnection', kind: 'error', status: 400, code: 'ThrottlingException', message: 'Rate exceeded', count: 4 });
    emulator().faults.add({ service: 'directconnect', operation: 'DescribeHostedConnections', kind: 'error', status: 400, code: 'ThrottlingException', message: 'Rate exceeded', count: 6, skip: 8 });
    const result = await driveToCompletion(createEvent(TYPE, props()));
    expect(result.data.ParentConnectionId).toBe(LAG);
    expect(emulator().calls.count({ service: 'directconnect', operation: 'AssociateHostedConnection', errorCode: 'ThrottlingException' })).toBe(4);
    expect(emulator().calls.count({ service: 'directconnect', operation: 'DescribeHostedConnections', errorCode: 'ThrottlingException' })).toBe(6);
  });

  test('a connection that turns rejected while moving fails fast with the state and what to do', async () => {
    const created = await onEvent(createEvent(TYPE, props()));
    await control('setConnectionState', { connectionId: HOSTED, state: 'rejected' });
    await expect(isComplete({ ...createEvent(TYPE, props()), ...created }))
      .rejects.toThrow("Hosted connection dxcon-hosx0001 is 'rejected' while moving to dxlag-lagx0001. Its owner declined it");
  });

  test('a rejected or deleted connection is not moved at all', async () => {
    await control('setConnectionState', { connectionId: HOSTED, state: 'deleted' });
    await expect(driveToCompletion(createEvent(TYPE, props())))
      .rejects.toThrow("Hosted connection dxcon-hosx0001 is 'deleted' before the move to dxlag-lagx0001, so nothing was moved. It was deleted outside this stack.");
    expect(calls('AssociateHostedConnection')).toBe(0);
  });

  test('an unknown hosted connection fails with a clear reason', async () => {
    await expect(driveToCompletion(createEvent(TYPE, props({ ConnectionId: 'dxcon-zzzzzzzz' }))))
      .rejects.toThrow('Hosted connection dxcon-zzzzzzzz was not found. Check the id');
  });

  test('a dedicated connection is refused before any move', async () => {
    await expect(driveToCompletion(createEvent(TYPE, props({ ConnectionId: 'dxcon-dedx0001' }))))
      .rejects.toThrow('Connection dxcon-dedx0001 is not a hosted connection');
    expect(calls('AssociateHostedConnection')).toBe(0);
  });

  test('a Delete of an id this library never made, for a create that moved nothing, reads the record on the target and moves nothing', async () => {
    const result = await driveToCompletion(deleteEvent(TYPE, 'a1b2c3d4-request-id', props({ RemovalBehavior: 'RESTORE' })));
    expect(result.physicalResourceId).toBe('a1b2c3d4-request-id');
    expect(emulator().calls.all({ service: 'directconnect' }).map((c) => c.operation)).toEqual(['DescribeTags']);
    expect(dx().parentOf(HOSTED)).toBe(ORIGINAL_PARENT);
  });

  test('a Delete of an id this library never made calls nothing under RETAIN, or without ids in its properties', async () => {
    await driveToCompletion(deleteEvent(TYPE, 'a1b2c3d4-request-id', props()));
    await driveToCompletion(deleteEvent(TYPE, 'a1b2c3d4-request-id', { RemovalBehavior: 'RESTORE' }));
    expect(emulator().calls.count({ service: 'directconnect' })).toBe(0);
  });

  test('a Delete of a connection that no longer exists is done', async () => {
    await driveToCompletion(deleteEvent(TYPE, `dxcon-zzzzzzzz:${LAG}:${ORIGINAL_PARENT}`, props({ RemovalBehavior: 'RESTORE' })));
    expect(calls('AssociateHostedConnection')).toBe(0);
  });
});
