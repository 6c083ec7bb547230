import type { NetworkManagerService } from '../../../local/emulator/services/networkmanager';
import {
  NM_CONNECT_PEER, NM_DEVICE, NM_GLOBAL_NETWORK, NM_LINK, NM_OTHER_CONNECT_PEER, NM_OTHER_DEVICE, NM_OTHER_LINK,
} from '../../../local/emulator/services/networkmanager-fixture';
import { CONNECT_PEER_ASSOCIATION_RESOURCE_TYPE as TYPE } from '../../../src/networkmanager/connect-peer-association-contract';
import { onEvent } from '../../../src/provider/handler-entry-points';
import { steppedClock, useEmulator } from '../../helpers/emulator';
import { driveToCompletion } from '../../helpers/lifecycle-driver';
import { createEvent, deleteEvent, updateEvent } from '../../helpers/provider-events';

const emulator = useEmulator({ timings: { 'networkmanager.associate': 60, 'networkmanager.disassociate': 40, 'networkmanager.deletedVisible': 40 } });
const nm = () => emulator().service<NetworkManagerService>('networkmanager');
const nmCalls = (operation?: string) => emulator().calls.all({ service: 'networkmanager', ...(operation ? { operation } : {}) });

const PHYSICAL_ID = `${NM_GLOBAL_NETWORK}/${NM_CONNECT_PEER}`;
const PROPS = { GlobalNetworkId: NM_GLOBAL_NETWORK, ConnectPeerId: NM_CONNECT_PEER, DeviceId: NM_DEVICE, LinkId: NM_LINK, WaitTimeoutSeconds: '60' };

async function created() {
  const result = await driveToCompletion(createEvent(TYPE, PROPS));
  emulator().calls.clear();
  return result;
}

describe('ConnectPeerAssociation handler', () => {
  test('create associates the peer and waits for AVAILABLE', async () => {
    const result = await driveToCompletion(createEvent(TYPE, PROPS), { betweenPolls: steppedClock(emulator(), 20) });
    expect(result.physicalResourceId).toBe(PHYSICAL_ID);
    expect(result.data).toMatchObject({
      ConnectPeerId: NM_CONNECT_PEER, GlobalNetworkId: NM_GLOBAL_NETWORK, DeviceId: NM_DEVICE, LinkId: NM_LINK, State: 'AVAILABLE',
    });
    expect(result.polls).toBeGreaterThanOrEqual(3);
    expect(nm().associationOf(NM_CONNECT_PEER)).toEqual({ deviceId: NM_DEVICE, linkId: NM_LINK, state: 'AVAILABLE' });
  });

  test('Network Manager is always called in us-west-2, whatever the stack region', async () => {
    const saved = process.env.AWS_REGION;
    process.env.AWS_REGION = 'ap-southeast-2';
    try {
      await driveToCompletion(createEvent(TYPE, PROPS, {
        stackId: 'arn:aws:cloudformation:ap-southeast-2:123456789012:stack/Far/11111111-2222-3333-4444-555555555555',
      }));
    } finally {
      process.env.AWS_REGION = saved;
    }
    const regions = new Set(nmCalls().map((c) => c.region));
    expect(nmCalls().length).toBeGreaterThan(2);
    expect([...regions]).toEqual(['us-west-2']);
  });

  test('a change of device and link moves the association in place: same physical id, disassociate before associate', async () => {
    await created();
    const moved = { ...PROPS, DeviceId: NM_OTHER_DEVICE, LinkId: NM_OTHER_LINK };
    const result = await driveToCompletion(updateEvent(TYPE, PHYSICAL_ID, moved, PROPS));
    expect(result.physicalResourceId).toBe(PHYSICAL_ID);
    expect(result.data).toMatchObject({ DeviceId: NM_OTHER_DEVICE, LinkId: NM_OTHER_LINK, State: 'AVAILABLE' });
    expect(nm().associationOf(NM_CONNECT_PEER)).toEqual({ deviceId: NM_OTHER_DEVICE, linkId: NM_OTHER_LINK, state: 'AVAILABLE' });
    const writes = nmCalls().filter((c) => c.operation !== 'GetConnectPeerAssociations' && c.status === 200).map((c) => c.operation);
    expect(writes).toEqual(['DisassociateConnectPeer', 'AssociateConnectPeer']);
  });

  test('dropping the link is a move too', async () => {
    await created();
    const { LinkId: _link, ...deviceOnly } = PROPS;
    const result = await driveToCompletion(updateEvent(TYPE, PHYSICAL_ID, deviceOnly, PROPS));
    expect(result.physicalResourceId).toBe(PHYSICAL_ID);
    expect(nm().associationOf(NM_CONNECT_PEER)).toEqual({ deviceId: NM_DEVICE, linkId: undefined, state: 'AVAILABLE' });
  });

  test('an update that changes neither device nor link makes no change', async () => {
    await created();
    const result = await driveToCompletion(updateEvent(TYPE, PHYSICAL_ID, { ...PROPS, WaitTimeoutSeconds: '120' }, PROPS));
    expect(result.physicalResourceId).toBe(PHYSICAL_ID);
    expect(nmCalls().filter((c) => c.operation !== 'GetConnectPeerAssociations')).toEqual([]);
  });

  test('a change of peer replaces: a new physical id, and the Delete of the old id removes only the old association', async () => {
    await created();
    const replaced = { ...PROPS, ConnectPeerId: NM_OTHER_CONNECT_PEER };
    const result = await driveToCompletion(updateEvent(TYPE, PHYSICAL_ID, replaced, PROPS));
    expect(result.physicalResourceId).toBe(`${NM_GLOBAL_NETWORK}/${NM_OTHER_CONNECT_PEER}`);
    expect(nm().associationOf(NM_OTHER_CONNECT_PEER)?.state).toBe('AVAILABLE');
    expect(nm().associationOf(NM_CONNECT_PEER)?.state).toBe('AVAILABLE');

    await driveToCompletion(deleteEvent(TYPE, PHYSICAL_ID, PROPS));
    expect(nm().associationOf(NM_CONNECT_PEER)?.state ?? 'GONE').toMatch(/DELETED|GONE/);
    expect(nm().associationOf(NM_OTHER_CONNECT_PEER)?.state).toBe('AVAILABLE');
  });

  test('delete disassociates and waits for DELETED or the association to disappear', async () => {
    await created();
    await driveToCompletion(deleteEvent(TYPE, PHYSICAL_ID, PROPS));
    expect(nm().associationOf(NM_CONNECT_PEER)?.state ?? 'GONE').toMatch(/DELETED|GONE/);
    expect(nmCalls('DisassociateConnectPeer')).toHaveLength(1);
  });

  test('delete of an association that is already gone (NotFound) succeeds', async () => {
    const result = await driveToCompletion(deleteEvent(TYPE, PHYSICAL_ID, PROPS));
    expect(result.physicalResourceId).toBe(PHYSICAL_ID);
    expect(nmCalls('DisassociateConnectPeer')).toEqual([]);
  });

  test('a NotFound from DisassociateConnectPeer itself (gone between read and delete) counts as done', async () => {
    nm().control('setAssociation', { connectPeerId: NM_CONNECT_PEER, deviceId: NM_DEVICE });
    emulator().faults.add({ service: 'networkmanager', operation: 'DisassociateConnectPeer', kind: 'error', status: 404, code: 'ResourceNotFoundException', count: 1 });
    const response = await onEvent(deleteEvent(TYPE, PHYSICAL_ID, PROPS));
    expect(response.PhysicalResourceId).toBe(PHYSICAL_ID);
    expect(nmCalls('DisassociateConnectPeer').map((c) => c.status)).toEqual([404]);
  });

  test('a deleted global network counts as a completed delete', async () => {
    const gone = `global-network-00000000000000000/${NM_CONNECT_PEER}`;
    await driveToCompletion(deleteEvent(TYPE, gone, { ...PROPS, GlobalNetworkId: 'global-network-00000000000000000' }));
    expect(nmCalls('GetConnectPeerAssociations').map((c) => c.errorCode)).toContain('ResourceNotFoundException');
  });

  test('delete after a failed create (the request id as physical id) calls nothing', async () => {
    await driveToCompletion(deleteEvent(TYPE, '4b8e2f9c-0000-4000-8000-000000000000', PROPS));
    expect(nmCalls()).toEqual([]);
  });

  test('delete leaves alone an association someone made with another device', async () => {
    nm().control('setAssociation', { connectPeerId: NM_CONNECT_PEER, deviceId: NM_OTHER_DEVICE });
    await driveToCompletion(deleteEvent(TYPE, PHYSICAL_ID, PROPS));
    expect(nm().associationOf(NM_CONNECT_PEER)).toEqual({ deviceId: NM_OTHER_DEVICE, linkId: undefined, state: 'AVAILABLE' });
  });

  test('ConflictException is retried with backoff until the association goes through', async () => {
    emulator().faults.add({ service: 'networkmanager', operation: 'AssociateConnectPeer', kind: 'error', status: 409, code: 'ConflictException', count: 3 });
    const result = await driveToCompletion(createEvent(TYPE, PROPS));
    expect(result.data.State).toBe('AVAILABLE');
    expect(nmCalls('AssociateConnectPeer').map((c) => c.status)).toEqual([409, 409, 409, 200]);
  });

  test('the retries are bounded: a conflict that never clears fails with the service error', async () => {
    emulator().faults.add({ service: 'networkmanager', operation: 'AssociateConnectPeer', kind: 'error', status: 409, code: 'ConflictException', message: 'peer busy' });
    await expect(driveToCompletion(createEvent(TYPE, PROPS))).rejects.toThrow(/ConflictException: peer busy/);
    expect(nmCalls('AssociateConnectPeer')).toHaveLength(8);
  });

  test('throttling on disassociate is retried', async () => {
    await created();
    emulator().faults.add({ service: 'networkmanager', operation: 'DisassociateConnectPeer', kind: 'error', status: 429, code: 'ThrottlingException', count: 4 });
    await driveToCompletion(deleteEvent(TYPE, PHYSICAL_ID, PROPS));
    expect(nmCalls('DisassociateConnectPeer').map((c) => c.status)).toEqual([429, 429, 429, 429, 200]);
  });

  test('a retried create finds its own association instead of making a second call', async () => {
    const event = createEvent(TYPE, PROPS);
    await onEvent(event);
    const again = await onEvent(event);
    expect(again.PhysicalResourceId).toBe(PHYSICAL_ID);
    expect(nmCalls('AssociateConnectPeer')).toHaveLength(1);
  });

  test('create fails fast, naming the device, when the peer is associated elsewhere', async () => {
    nm().control('setAssociation', { connectPeerId: NM_CONNECT_PEER, deviceId: NM_OTHER_DEVICE });
    await expect(driveToCompletion(createEvent(TYPE, PROPS))).rejects.toThrow(
      `Connect peer ${NM_CONNECT_PEER} is already associated with device ${NM_OTHER_DEVICE}`);
    expect(nmCalls('AssociateConnectPeer')).toEqual([]);
  });

  test('a validation error that names the global network fails at once, without retries', async () => {
    await expect(driveToCompletion(createEvent(TYPE, { ...PROPS, ConnectPeerId: 'connect-peer-0a0b0c0d0e0f01020' }))).rejects.toThrow(
      /^ValidationException: Connect peer connect-peer-0a0b0c0d0e0f01020 is on a core network of global network/);
    expect(nmCalls('AssociateConnectPeer')).toHaveLength(1);
  });

  test('a link that does not belong to the device fails with the service reason', async () => {
    await expect(driveToCompletion(createEvent(TYPE, { ...PROPS, LinkId: NM_OTHER_LINK }))).rejects.toThrow(
      `ValidationException: Link ${NM_OTHER_LINK} is not associated with device ${NM_DEVICE}`);
  });
});
