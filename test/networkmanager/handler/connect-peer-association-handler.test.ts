import type { NetworkManagerService } from '../../../local/emulator/services/networkmanager';
import {
  NM_CONNECT_PEER, NM_DEVICE, NM_GLOBAL_NETWORK, NM_LINK, NM_OTHER_CONNECT_PEER, NM_OTHER_DEVICE, NM_OTHER_LINK, NM_SECOND_CONNECT_PEER,
  NM_SECOND_DEVICE, NM_SECOND_GLOBAL_NETWORK, NM_SECOND_LINK,
} from '../../../local/emulator/services/networkmanager-fixture';
import { CONNECT_PEER_OWNER_TAG, CONNECT_PEER_ASSOCIATION_RESOURCE_TYPE as TYPE } from '../../../src/networkmanager/connect-peer-association-contract';
import { isComplete, onEvent } from '../../../src/provider/handler/handler-entry-points';
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
    nm().control('setAssociation', { connectPeerId: NM_CONNECT_PEER, deviceId: NM_DEVICE, linkId: NM_LINK });
    emulator().faults.add({ service: 'networkmanager', operation: 'DisassociateConnectPeer', kind: 'error', status: 404, code: 'ResourceNotFoundException', count: 1 });
    const response = await onEvent(deleteEvent(TYPE, PHYSICAL_ID, PROPS));
    expect(response.PhysicalResourceId).toBe(PHYSICAL_ID);
    expect(nmCalls('DisassociateConnectPeer').map((c) => c.status)).toEqual([404]);
  });

  test('a deleted global network ("Global network not found", a ValidationException) counts as a completed delete', async () => {
    const gone = `global-network-00000000000000000/${NM_CONNECT_PEER}`;
    await driveToCompletion(deleteEvent(TYPE, gone, { ...PROPS, GlobalNetworkId: 'global-network-00000000000000000' }));
    expect(nmCalls('GetConnectPeerAssociations').map((c) => c.errorCode)).toEqual(['ValidationException']);
    expect(nmCalls('DisassociateConnectPeer')).toEqual([]);
  });

  test('create in a global network the account cannot see fails at once, naming the account', async () => {
    await expect(driveToCompletion(createEvent(TYPE, {
      ...PROPS,
      GlobalNetworkId: NM_SECOND_GLOBAL_NETWORK,
      ConnectPeerId: NM_SECOND_CONNECT_PEER,
      DeviceId: NM_SECOND_DEVICE,
      LinkId: NM_SECOND_LINK,
    })))
      .rejects.toThrow(`Global network ${NM_SECOND_GLOBAL_NETWORK} was not found in account 123456789012`);
    expect(nmCalls('GetConnectPeerAssociations')).toHaveLength(1);
    expect(nmCalls('AssociateConnectPeer')).toEqual([]);
  });

  test('a Delete of a physical id this library did not make, when nothing was made, calls no write', async () => {
    await driveToCompletion(deleteEvent(TYPE, 'Wan-BranchPeer-1A2B3C4D5E6F', PROPS));
    expect(nmCalls().filter((c) => !['GetConnectPeerAssociations', 'GetConnectPeer'].includes(c.operation))).toEqual([]);
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

  test('an association that existed before the stack is refused unless adoptExisting is set; nothing is changed', async () => {
    nm().control('setAssociation', { connectPeerId: NM_CONNECT_PEER, deviceId: NM_DEVICE, linkId: NM_LINK });
    await expect(driveToCompletion(createEvent(TYPE, PROPS))).rejects.toThrow(
      `Connect peer ${NM_CONNECT_PEER} is already associated with device ${NM_DEVICE} and link ${NM_LINK}, and this stack did not make ` +
      'that association. Set adoptExisting: true');
    expect(nmCalls().filter((c) => !['GetConnectPeerAssociations', 'GetConnectPeer'].includes(c.operation))).toEqual([]);
    expect(nm().tagsOf(NM_CONNECT_PEER)).toEqual({});
  });

  test('with adoptExisting the existing association is adopted, marked as this stack\'s, and deleting the resource removes it', async () => {
    nm().control('setAssociation', { connectPeerId: NM_CONNECT_PEER, deviceId: NM_DEVICE, linkId: NM_LINK });
    const adopt = { ...PROPS, AdoptExisting: 'true' };
    const result = await driveToCompletion(createEvent(TYPE, adopt));
    expect(result.physicalResourceId).toBe(PHYSICAL_ID);
    expect(nmCalls('AssociateConnectPeer')).toEqual([]);
    expect(Object.keys(nm().tagsOf(NM_CONNECT_PEER))).toEqual([CONNECT_PEER_OWNER_TAG]);
    await driveToCompletion(deleteEvent(TYPE, PHYSICAL_ID, adopt));
    expect(nm().associationOf(NM_CONNECT_PEER)).toBeUndefined();
    expect(nm().tagsOf(NM_CONNECT_PEER)).toEqual({});
  });

  test('delete leaves an association that another stack marked as its own, even under this physical id', async () => {
    nm().control('setAssociation', { connectPeerId: NM_CONNECT_PEER, deviceId: NM_DEVICE, linkId: NM_LINK });
    const other = { stackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Other/99999999-2222-3333-4444-555555555555' };
    await driveToCompletion(createEvent(TYPE, { ...PROPS, AdoptExisting: 'true' }, other));
    await driveToCompletion(deleteEvent(TYPE, PHYSICAL_ID, PROPS));
    expect(nmCalls('DisassociateConnectPeer')).toEqual([]);
    expect(nm().associationOf(NM_CONNECT_PEER)?.state).toBe('AVAILABLE');
  });

  test('isComplete never writes: create, move and delete make every Associate and Disassociate call from onEvent', async () => {
    const create = createEvent(TYPE, PROPS);
    const started = await onEvent(create);
    const writes = () => nmCalls().filter((c) => ['AssociateConnectPeer', 'DisassociateConnectPeer', 'TagResource', 'UntagResource'].includes(c.operation)).length;
    const afterOnEvent = writes();
    for (let i = 0; i < 30; i++) {
      const r = await isComplete({ ...create, ...started });
      if (r.IsComplete) break;
      await new Promise((res) => setTimeout(res, 20));
    }
    expect(writes()).toBe(afterOnEvent);
    const moved = updateEvent(TYPE, PHYSICAL_ID, { ...PROPS, DeviceId: NM_OTHER_DEVICE, LinkId: NM_OTHER_LINK }, PROPS);
    const movedStart = await onEvent(moved);
    const afterMove = writes();
    expect(nmCalls('AssociateConnectPeer').length).toBe(2);
    for (let i = 0; i < 30; i++) {
      const r = await isComplete({ ...moved, ...movedStart });
      if (r.IsComplete) break;
      await new Promise((res) => setTimeout(res, 20));
    }
    expect(writes()).toBe(afterMove);
    expect(nm().associationOf(NM_CONNECT_PEER)).toEqual({ deviceId: NM_OTHER_DEVICE, linkId: NM_OTHER_LINK, state: 'AVAILABLE' });
  });

  test('a busy peer answered with a 400 ValidationException ("state is invalid") is waited out like a 409 ConflictException', async () => {
    // The old association is still on its way out where Associate looks: the emulator answers "state is invalid".
    nm().control('setAssociation', { connectPeerId: NM_CONNECT_PEER, deviceId: NM_OTHER_DEVICE, state: 'DELETING' });
    const started = onEvent(createEvent(TYPE, PROPS));
    // Gone only once the handler has read the state after the refusal (its second read), as a real disassociation ends.
    while (nmCalls('GetConnectPeerAssociations').length < 2) await new Promise((res) => setTimeout(res, 1));
    nm().control('removeAssociation', { connectPeerId: NM_CONNECT_PEER });
    expect((await started).PhysicalResourceId).toBe(PHYSICAL_ID);
    const statuses = nmCalls('AssociateConnectPeer').map((c) => c.status);
    expect(statuses[0]).toBe(400);
    expect(statuses.slice(-1)).toEqual([200]);
    expect(nmCalls('AssociateConnectPeer').find((c) => c.status === 400)?.errorCode).toBe('ValidationException');
  });

  test('a ValidationException that is no busy peer fails at once and leaves no owner tag behind', async () => {
    await expect(driveToCompletion(createEvent(TYPE, { ...PROPS, LinkId: NM_OTHER_LINK }))).rejects.toThrow('ValidationException');
    expect(nmCalls('AssociateConnectPeer')).toHaveLength(1);
    expect(nm().tagsOf(NM_CONNECT_PEER)).toEqual({});
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

  test('a Delete of a CloudFormation-made physical id undoes what the cancelled create did: its association and its mark', async () => {
    // The create associated, then CloudFormation cancelled it and never learnt our physical id.
    await onEvent(createEvent(TYPE, PROPS));
    expect(nm().associationOf(NM_CONNECT_PEER)?.deviceId).toBe(NM_DEVICE);
    await driveToCompletion(deleteEvent(TYPE, 'TestStack-TestResource-1A2B3C4D5E6F', PROPS));
    // Its association was still PENDING: Network Manager answers "state is invalid" until it is AVAILABLE.
    const statuses = nmCalls('DisassociateConnectPeer').map((c) => c.status);
    expect(statuses.slice(-1)).toEqual([200]);
    expect(new Set(statuses.slice(0, -1))).toEqual(new Set(statuses.length > 1 ? [400] : []));
    expect(nm().associationOf(NM_CONNECT_PEER)).toBeUndefined();
    expect(nm().tagsOf(NM_CONNECT_PEER)).toEqual({});
  });

  test('a Delete of a CloudFormation-made physical id never undoes what the cancelled create did not do', async () => {
    // Another stack made this exact association; this stack's create was cancelled before it did anything.
    const other = { stackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Other/99999999-2222-3333-4444-555555555555' };
    await driveToCompletion(createEvent(TYPE, PROPS, other));
    await driveToCompletion(deleteEvent(TYPE, 'TestStack-TestResource-1A2B3C4D5E6F', PROPS));
    expect(nmCalls('DisassociateConnectPeer')).toEqual([]);
    expect(nm().associationOf(NM_CONNECT_PEER)?.state).toBe('AVAILABLE');
    // And one made outside any stack, unmarked, is left too.
    nm().control('setAssociation', { connectPeerId: NM_OTHER_CONNECT_PEER, deviceId: NM_DEVICE, linkId: NM_LINK });
    await driveToCompletion(deleteEvent(TYPE, 'TestStack-TestResource-1A2B3C4D5E6F', { ...PROPS, ConnectPeerId: NM_OTHER_CONNECT_PEER }));
    expect(nm().associationOf(NM_OTHER_CONNECT_PEER)?.state).toBe('AVAILABLE');
  });

  test('a cancelled create that only marked the peer leaves no mark after its Delete', async () => {
    emulator().faults.add({ service: 'networkmanager', operation: 'AssociateConnectPeer', kind: 'drop', count: 100 });
    await expect(onEvent(createEvent(TYPE, PROPS))).rejects.toThrow();
    emulator().faults.clear();
    expect(nm().associationOf(NM_CONNECT_PEER)).toBeUndefined();
    await driveToCompletion(deleteEvent(TYPE, 'TestStack-TestResource-1A2B3C4D5E6F', PROPS));
    expect(nm().tagsOf(NM_CONNECT_PEER)).toEqual({});
  });
});

describe('ConnectPeerAssociation handler: partitions and accounts', () => {
  const GOV_STACK = 'arn:aws-us-gov:cloudformation:us-gov-east-1:123456789012:stack/Gov/11111111-2222-3333-4444-555555555555';
  const CN_STACK = 'arn:aws-cn:cloudformation:cn-north-1:123456789012:stack/Cn/11111111-2222-3333-4444-555555555555';

  test('a stack in aws-us-gov calls Network Manager in us-gov-west-1, and marks the peer with an aws-us-gov ARN', async () => {
    const result = await driveToCompletion(createEvent(TYPE, PROPS, { stackId: GOV_STACK }));
    expect(result.data.State).toBe('AVAILABLE');
    expect([...new Set(nmCalls().map((c) => c.region))]).toEqual(['us-gov-west-1']);
    expect(Object.keys(nm().tagsOf(NM_CONNECT_PEER))).toEqual([CONNECT_PEER_OWNER_TAG]);
  });

  test('a stack in aws-cn fails with what to do, calls nothing, and its rollback Delete is a no-op', async () => {
    await expect(driveToCompletion(createEvent(TYPE, PROPS, { stackId: CN_STACK }))).rejects.toThrow(
      'AWS Network Manager has no endpoint in partition aws-cn (it has one in aws and aws-us-gov only)');
    await driveToCompletion(deleteEvent(TYPE, PHYSICAL_ID, PROPS, { stackId: CN_STACK }));
    expect(nmCalls()).toEqual([]);
  });
});
