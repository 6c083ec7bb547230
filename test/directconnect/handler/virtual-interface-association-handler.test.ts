import {
  AssociateVirtualInterfaceCommand, ConfirmPrivateVirtualInterfaceCommand, DescribeVirtualInterfacesCommand, DirectConnectClient,
} from '@aws-sdk/client-direct-connect';
import type { DirectConnectService } from '../../../local/emulator/services/directconnect';
import { DX_CUSTOMER_ACCOUNT, DX_FIXTURE_AUTH_KEYS } from '../../../local/emulator/services/directconnect-fixture';
import { VIRTUAL_INTERFACE_ASSOCIATION_RESOURCE_TYPE as TYPE } from '../../../src/directconnect/virtual-interface-association-contract';
import { isComplete, onEvent } from '../../../src/provider/handler/handler-entry-points';
import { CapturedLogs } from '../../helpers/captured-logs';
import { emulatorControl, steppedClock, useEmulator } from '../../helpers/emulator';
import { driveToCompletion } from '../../helpers/lifecycle-driver';
import { createEvent, deleteEvent, updateEvent } from '../../helpers/provider-events';

const emulator = useEmulator({ timings: { 'directconnect.move': 60 } });

const VIF = 'dxvif-pvtx0001';
const FROM = 'dxcon-dedx0001';
const TO = 'dxcon-dedx0002';

const props = (extra: Record<string, unknown> = {}) => ({
  VirtualInterfaceId: VIF, ConnectionId: TO, RemovalBehavior: 'RETAIN', WaitForBgpUp: 'false', WaitTimeoutSeconds: '60', ...extra,
});

const dx = () => emulator().service<DirectConnectService>('directconnect');
const calls = (operation: string) => emulator().calls.count({ service: 'directconnect', operation });
const control = (action: string, body: unknown) => emulatorControl(emulator().url, 'POST', `directconnect/${action}`, body);

/** Gives an interface other BGP addresses in the emulator, to set up an IP-address conflict on a move. */
const readdress = (virtualInterfaceId: string, addresses: { amazonAddress?: string; customerAddress?: string }) =>
  control('setAddresses', { virtualInterfaceId, ...addresses });

describe('VirtualInterfaceAssociation handler against the emulator', () => {
  let logs: CapturedLogs;
  beforeEach(() => { logs = CapturedLogs.start(); });
  afterEach(() => logs.stop());

  test('create: records the previous connection, moves, waits until steady, and returns the attributes', async () => {
    const result = await driveToCompletion(createEvent(TYPE, props()), { betweenPolls: steppedClock(emulator(), 20) });
    expect(result.physicalResourceId).toBe(`${VIF}:${TO}:${FROM}`);
    expect(result.data).toMatchObject({
      VirtualInterfaceId: VIF,
      ConnectionId: TO,
      PreviousConnectionId: FROM,
      VirtualInterfaceState: 'available',
      Vlan: '401',
      VirtualInterfaceType: 'private',
      Asn: '65001',
      AmazonSideAsn: '64512',
      AmazonAddress: '169.254.10.1/30',
      CustomerAddress: '169.254.10.2/30',
      DirectConnectGatewayId: '',
      VirtualGatewayId: 'vgw-0a1b2c3d4e5f60718',
    });
    expect(result.polls).toBeGreaterThanOrEqual(3);
    expect(dx().connectionOf(VIF)).toBe(TO);
  });

  test('create when it is already on the target: nothing is called', async () => {
    const result = await driveToCompletion(createEvent(TYPE, props({ VirtualInterfaceId: 'dxvif-pvtx0003', ConnectionId: 'dxlag-lagx0002' })));
    expect(result.physicalResourceId).toBe('dxvif-pvtx0003:dxlag-lagx0002:dxlag-lagx0002');
    expect(result.data.PreviousConnectionId).toBe('dxlag-lagx0002');
    expect(calls('AssociateVirtualInterface')).toBe(0);
  });

  test('update to a new target is a new move; the later Delete of the old association does nothing', async () => {
    const first = await driveToCompletion(createEvent(TYPE, props({ RemovalBehavior: 'RESTORE' })));
    const second = await driveToCompletion(updateEvent(TYPE, first.physicalResourceId,
      props({ RemovalBehavior: 'RESTORE', ConnectionId: 'dxlag-lagx0002' }), props({ RemovalBehavior: 'RESTORE' })));
    expect(second.physicalResourceId).toBe(`${VIF}:dxlag-lagx0002:${TO}`);
    await driveToCompletion(deleteEvent(TYPE, first.physicalResourceId, props({ RemovalBehavior: 'RESTORE' })));
    expect(dx().connectionOf(VIF)).toBe('dxlag-lagx0002');
    expect(calls('AssociateVirtualInterface')).toBe(2);
  });

  test('delete under RETAIN leaves it where it is', async () => {
    const created = await driveToCompletion(createEvent(TYPE, props()));
    await driveToCompletion(deleteEvent(TYPE, created.physicalResourceId, props()));
    expect(dx().connectionOf(VIF)).toBe(TO);
    expect(calls('AssociateVirtualInterface')).toBe(1);
  });

  test('delete under RESTORE moves it back and waits until it is steady there', async () => {
    const created = await driveToCompletion(createEvent(TYPE, props({ RemovalBehavior: 'RESTORE' })));
    const deleted = await driveToCompletion(deleteEvent(TYPE, created.physicalResourceId, props({ RemovalBehavior: 'RESTORE' })), { betweenPolls: steppedClock(emulator(), 20) });
    expect(dx().connectionOf(VIF)).toBe(FROM);
    expect(deleted.polls).toBeGreaterThanOrEqual(3);
  });

  test('RESTORE after a newer move elsewhere is a no-op', async () => {
    const created = await driveToCompletion(createEvent(TYPE, props({ RemovalBehavior: 'RESTORE' })));
    await new DirectConnectClient({}).send(new AssociateVirtualInterfaceCommand({ virtualInterfaceId: VIF, connectionId: 'dxlag-lagx0004' }));
    await driveToCompletion(deleteEvent(TYPE, created.physicalResourceId, props({ RemovalBehavior: 'RESTORE' })));
    expect(dx().connectionOf(VIF)).toBe('dxlag-lagx0004');
    expect(calls('AssociateVirtualInterface')).toBe(2);
  });

  test('a VLAN conflict fails with the service reason and moves nothing', async () => {
    await expect(driveToCompletion(createEvent(TYPE, props({ ConnectionId: 'dxcon-dedx0003' }))))
      .rejects.toThrow(/refused to move virtual interface dxvif-pvtx0001 to dxcon-dedx0003: .*VLAN 401 is already in use by virtual interface dxvif-pvtx0002\. Nothing was moved\./);
    expect(dx().connectionOf(VIF)).toBe(FROM);
  });

  test('an IP address conflict on the target fails with the service reason, says what to do, and moves nothing', async () => {
    // dxvif-trnx0001 on the target has another VLAN (403) but the same addresses as dxvif-pvtx0001.
    await readdress('dxvif-trnx0001', { amazonAddress: '169.254.10.1/30', customerAddress: '169.254.10.2/30' });

    await expect(driveToCompletion(createEvent(TYPE, props({ RemovalBehavior: 'RESTORE' }))))
      .rejects.toThrow(/^Direct Connect refused to move virtual interface dxvif-pvtx0001 to dxcon-dedx0002: .*IP address 169\.254\.10\.1\/30 conflicts with virtual interface dxvif-trnx0001\. Nothing was moved\. Free the VLAN or address on the target, or choose another target/);

    // Refused once, not retried, and no association succeeded.
    expect(emulator().calls.count({ service: 'directconnect', operation: 'AssociateVirtualInterface', errorCode: 'DirectConnectClientException' })).toBe(1);
    expect(emulator().calls.count({ service: 'directconnect', operation: 'AssociateVirtualInterface', status: 200 })).toBe(0);
    // Still where it was, and steady there: nothing half-made.
    expect(dx().connectionOf(VIF)).toBe(FROM);
    expect(dx().connectionOf('dxvif-trnx0001')).toBe(TO);
    const described = await new DirectConnectClient({}).send(new DescribeVirtualInterfacesCommand({ virtualInterfaceId: VIF }));
    const [after] = described.virtualInterfaces ?? [];
    expect(after).toMatchObject({ connectionId: FROM, virtualInterfaceState: 'available' });
  });

  test('an update onto a target where only the customer address clashes fails, and leaves it on the old target', async () => {
    const first = await driveToCompletion(createEvent(TYPE, props({ RemovalBehavior: 'RESTORE' })));
    expect(dx().connectionOf(VIF)).toBe(TO);
    // dxvif-pvtx0003 on the LAG: another VLAN (404) and Amazon address, but dxvif-pvtx0001's customer address.
    await readdress('dxvif-pvtx0003', { customerAddress: '169.254.10.2/30' });

    await expect(driveToCompletion(updateEvent(TYPE, first.physicalResourceId,
      props({ RemovalBehavior: 'RESTORE', ConnectionId: 'dxlag-lagx0002' }), props({ RemovalBehavior: 'RESTORE' }))))
      .rejects.toThrow(/^Direct Connect refused to move virtual interface dxvif-pvtx0001 to dxlag-lagx0002: .*IP address 169\.254\.10\.2\/30 conflicts with virtual interface dxvif-pvtx0003\. Nothing was moved\. Free the VLAN or address on the target/);

    expect(emulator().calls.count({ service: 'directconnect', operation: 'AssociateVirtualInterface', status: 200 })).toBe(1);
    expect(emulator().calls.count({ service: 'directconnect', operation: 'AssociateVirtualInterface', errorCode: 'DirectConnectClientException' })).toBe(1);
    expect(dx().connectionOf(VIF)).toBe(TO);

    // CloudFormation's rollback: an Update back to the old properties, on the physical id the failed update
    // never replaced. It is still on the old target, so the rollback keeps that id and moves nothing.
    const rolledBack = await driveToCompletion(updateEvent(TYPE, first.physicalResourceId,
      props({ RemovalBehavior: 'RESTORE' }), props({ RemovalBehavior: 'RESTORE', ConnectionId: 'dxlag-lagx0002' })));
    expect(rolledBack.physicalResourceId).toBe(first.physicalResourceId);
    expect(rolledBack.data).toMatchObject({ ConnectionId: TO, PreviousConnectionId: FROM });
    expect(calls('AssociateVirtualInterface')).toBe(2);
    expect(dx().connectionOf(VIF)).toBe(TO);
  });

  describe('the customer, on its hosted connection', () => {
    const customerStack = `arn:aws:cloudformation:us-east-1:${DX_CUSTOMER_ACCOUNT}:stack/Customer/11111111-2222-3333-4444-555555555555`;
    let saved: string | undefined;
    beforeEach(() => { saved = process.env.AWS_ACCESS_KEY_ID; process.env.AWS_ACCESS_KEY_ID = DX_CUSTOMER_ACCOUNT; });
    afterEach(() => { process.env.AWS_ACCESS_KEY_ID = saved; });
    const asCustomer = (extra: Record<string, unknown>) => createEvent(TYPE, props(extra), { stackId: customerStack });

    test('an interface on a hosted connection is never sent to a LAG: the handler refuses before calling the service', async () => {
      await expect(driveToCompletion(asCustomer({ VirtualInterfaceId: 'dxvif-hstx0001', ConnectionId: 'dxlag-lagx0005' })))
        .rejects.toThrow('Virtual interface dxvif-hstx0001 is on hosted connection dxcon-hosx0003, and Direct Connect cannot move an interface ' +
          'on a hosted connection to a LAG (dxlag-lagx0005). Nothing was moved.');
      expect(calls('AssociateVirtualInterface')).toBe(0);
    });

    test('the service refusal for a hosted-connection interface is a clear reason too, should the check be bypassed', async () => {
      // The hosted-connection check reads DescribeConnections; make it answer as for an id this account cannot see.
      emulator().faults.add({
        service: 'directconnect',
        operation: 'DescribeConnections',
        kind: 'error',
        status: 400,
        code: 'DirectConnectClientException',
        message: 'Could not find Connection with ID dxcon-hosx0003',
      });
      await expect(driveToCompletion(asCustomer({ VirtualInterfaceId: 'dxvif-hstx0001', ConnectionId: 'dxlag-lagx0005' })))
        .rejects.toThrow(/refused to move virtual interface dxvif-hstx0001 to dxlag-lagx0005: Virtual interfaces on a hosted connection cannot be associated with a LAG/);
    });

    test('the customer moves its own interface between its hosted connections: same account, no confirmation', async () => {
      const result = await driveToCompletion(asCustomer({ VirtualInterfaceId: 'dxvif-hstx0001', ConnectionId: 'dxcon-hosx0006', RemovalBehavior: 'RESTORE' }),
        { betweenPolls: steppedClock(emulator(), 20) });
      expect(result.data).toMatchObject({ ConnectionId: 'dxcon-hosx0006', PreviousConnectionId: 'dxcon-hosx0003', VirtualInterfaceState: 'available' });
      expect(dx().tagsOf('dxcon-hosx0006')).toEqual({});
      await driveToCompletion(deleteEvent(TYPE, result.physicalResourceId, props({ RemovalBehavior: 'RESTORE' }), { stackId: customerStack }),
        { betweenPolls: steppedClock(emulator(), 20) });
      expect(dx().connectionOf('dxvif-hstx0001')).toBe('dxcon-hosx0003');
    });

    test('the customer may not move its interface onto the partner\'s connection, which it does not own', async () => {
      await expect(driveToCompletion(asCustomer({ VirtualInterfaceId: 'dxvif-hpvx0001', ConnectionId: 'dxcon-dedx0002' })))
        .rejects.toThrow('Direct Connect refused to move virtual interface dxvif-hpvx0001 to dxcon-dedx0002: Could not find Connection with ID dxcon-dedx0002. Nothing was moved.');
      expect(dx().connectionOf('dxvif-hpvx0001')).toBe('dxcon-dedx0001');
    });
  });

  describe('across accounts: the partner moves the customer\'s hosted interface', () => {
    const HOSTED_VIF = 'dxvif-hpvx0001';
    const crossProps = (extra: Record<string, unknown> = {}) => props({ VirtualInterfaceId: HOSTED_VIF, ConnectionId: TO, ...extra });
    const confirm = () => {
      const client = new DirectConnectClient({ credentials: { accessKeyId: DX_CUSTOMER_ACCOUNT, secretAccessKey: 'x' } });
      return client.send(new ConfirmPrivateVirtualInterfaceCommand({ virtualInterfaceId: HOSTED_VIF, virtualGatewayId: 'vgw-0e5f6071829304152' }));
    };

    test('it waits in confirming, the progress naming the account that must confirm, until the owner confirms', async () => {
      const event = createEvent(TYPE, crossProps());
      const merged = { ...event, ...await onEvent(event) };
      const tick = steppedClock(emulator(), 1_000);
      for (let i = 0; i < 3; i++) {
        tick();
        expect(await isComplete(merged)).toEqual({ IsComplete: false });
      }
      // The emulator never confirms by itself: only the owner's Confirm call moves it on.
      expect(dx().virtualInterfaceStateOf(HOSTED_VIF)).toBe('confirming');
      expect(logs.text()).toContain(`virtual interface ${HOSTED_VIF} is confirming on ${TO}: account ${DX_CUSTOMER_ACCOUNT} owns it and must confirm it ` +
        `(aws directconnect confirm-private-virtual-interface --virtual-interface-id ${HOSTED_VIF} and its gateway)`);

      await confirm();
      expect(await isComplete(merged)).toEqual({ IsComplete: false });
      tick();
      expect(await isComplete(merged)).toMatchObject({
        IsComplete: true, Data: { VirtualInterfaceState: 'available', ConnectionId: TO, PreviousConnectionId: FROM },
      });
    });

    test('the same move in the owner\'s own account needs no confirmation', async () => {
      const result = await driveToCompletion(createEvent(TYPE, props()), { betweenPolls: steppedClock(emulator(), 20) });
      expect(result.data).toMatchObject({ VirtualInterfaceId: VIF, VirtualInterfaceState: 'available' });
      expect(logs.text()).not.toContain('must confirm it');
    });

    test('an owner who never confirms: the wait limit fails the move with a reason that names the account', async () => {
      const event = createEvent(TYPE, crossProps({ WaitTimeoutSeconds: '1' }));
      const started = await onEvent(event);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      await expect(isComplete({ ...event, ...started })).rejects.toThrow(
        new RegExp(`Timed out after 1s waiting for .*last seen: virtual interface ${HOSTED_VIF} is confirming on ${TO}: account ${DX_CUSTOMER_ACCOUNT} owns it and must confirm it`));
    });
  });

  test('BGP down is steady by default', async () => {
    const result = await driveToCompletion(createEvent(TYPE, props({ VirtualInterfaceId: 'dxvif-trnx0001', ConnectionId: 'dxcon-dedx0003' })));
    expect(result.data).toMatchObject({
      VirtualInterfaceState: 'down', VirtualInterfaceType: 'transit', DirectConnectGatewayId: '5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9',
    });
  });

  test('with WaitForBgpUp, BGP down is waited on until it comes up', async () => {
    const event = createEvent(TYPE, props({ VirtualInterfaceId: 'dxvif-trnx0001', ConnectionId: 'dxcon-dedx0003', WaitForBgpUp: 'true' }));
    const started = await onEvent(event);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await isComplete({ ...event, ...started })).toEqual({ IsComplete: false });
    await control('setBgpStatus', { virtualInterfaceId: 'dxvif-trnx0001', status: 'up' });
    const done = await isComplete({ ...event, ...started });
    expect(done).toMatchObject({ IsComplete: true, Data: { VirtualInterfaceState: 'available' } });
  });

  test('throttling while waiting is "not yet"', async () => {
    emulator().faults.add({ service: 'directconnect', operation: 'DescribeVirtualInterfaces', kind: 'error', status: 400, code: 'ThrottlingException', message: 'Rate exceeded', count: 5, skip: 1 });
    const result = await driveToCompletion(createEvent(TYPE, props()));
    expect(result.data.ConnectionId).toBe(TO);
    expect(emulator().calls.count({ service: 'directconnect', errorCode: 'ThrottlingException' })).toBe(5);
  });

  test('an empty list right after the move is "not yet" (eventual consistency), and the next poll finds it moved', async () => {
    // DescribeVirtualInterfaces answers an id it cannot see with an empty list (Terraform's virtual_interface.go finder).
    emulator().faults.add({
      service: 'directconnect',
      operation: 'DescribeVirtualInterfaces',
      after: 'AssociateVirtualInterface',
      count: 1,
      kind: 'raw',
      status: 200,
      rawBody: '{"virtualInterfaces":[]}',
      rawContentType: 'application/x-amz-json-1.1',
    });
    const result = await driveToCompletion(createEvent(TYPE, props()), { betweenPolls: steppedClock(emulator(), 20) });
    expect(emulator().faults.describe()[0].applied).toBe(1);
    expect(result.polls).toBeGreaterThanOrEqual(2);
    expect(result.data).toMatchObject({ VirtualInterfaceId: VIF, ConnectionId: TO, PreviousConnectionId: FROM });
    expect(dx().connectionOf(VIF)).toBe(TO);
  });

  test('a 5xx from the service while starting is retried', async () => {
    emulator().faults.add({ service: 'directconnect', operation: 'AssociateVirtualInterface', kind: 'error', status: 500, code: 'DirectConnectServerException', message: 'Internal error', count: 3 });
    const result = await driveToCompletion(createEvent(TYPE, props()));
    expect(result.data.ConnectionId).toBe(TO);
  });

  test('an interface that turns rejected while moving fails fast', async () => {
    const event = createEvent(TYPE, props());
    const started = await onEvent(event);
    await control('setVirtualInterfaceState', { virtualInterfaceId: VIF, state: 'rejected' });
    await expect(isComplete({ ...event, ...started }))
      .rejects.toThrow("Virtual interface dxvif-pvtx0001 is 'rejected' while moving to dxcon-dedx0002. Its owner declined it");
  });

  test('an unknown interface fails with a clear reason', async () => {
    await expect(driveToCompletion(createEvent(TYPE, props({ VirtualInterfaceId: 'dxvif-zzzzzzzz' }))))
      .rejects.toThrow('Virtual interface dxvif-zzzzzzzz was not found.');
  });

  test('no BGP auth key in any log line or response, through create, update, failure and RESTORE delete', async () => {
    process.env.HYBRID_CONNECTIVITY_DEBUG = '1';
    try {
      const responses: unknown[] = [];
      const created = await driveToCompletion(createEvent(TYPE, props({ RemovalBehavior: 'RESTORE' })));
      responses.push(created);
      const updated = await driveToCompletion(updateEvent(TYPE, created.physicalResourceId,
        props({ RemovalBehavior: 'RESTORE', ConnectionId: 'dxlag-lagx0002' }), props({ RemovalBehavior: 'RESTORE' })));
      responses.push(updated);
      responses.push(await driveToCompletion(deleteEvent(TYPE, updated.physicalResourceId, props({ RemovalBehavior: 'RESTORE' }))));
      responses.push(await driveToCompletion(createEvent(TYPE, props({ VirtualInterfaceId: 'dxvif-trnx0001', ConnectionId: 'dxcon-dedx0003' }))));
      responses.push(await driveToCompletion(createEvent(TYPE, props({ ConnectionId: 'dxcon-dedx0003' }))).catch((e: Error) => e.message));

      const everything = logs.text() + JSON.stringify(responses);
      expect(logs.entries().length).toBeGreaterThan(5);
      for (const key of DX_FIXTURE_AUTH_KEYS) expect(everything).not.toContain(key);
      expect(everything).not.toMatch(/authKey|customerRouterConfig/i);
    } finally {
      delete process.env.HYBRID_CONNECTIVITY_DEBUG;
    }
  });
});
