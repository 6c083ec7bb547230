import { execFile, execFileSync } from 'child_process';
import { promisify } from 'util';
import {
  AssociateConnectPeerCommand, DescribeGlobalNetworksCommand, DisassociateConnectPeerCommand, GetConnectPeerAssociationsCommand,
  GetDevicesCommand, NetworkManagerClient,
} from '@aws-sdk/client-networkmanager';
import type { NetworkManagerService } from '../../../local/emulator/services/networkmanager';
import {
  NM_CONNECT_PEER, NM_DEVICE, NM_FAR_CONNECT_PEER, NM_GLOBAL_NETWORK, NM_LINK, NM_LOOSE_LINK, NM_OTHER_CONNECT_PEER, NM_OTHER_DEVICE,
  NM_OTHER_GLOBAL_NETWORK,
} from '../../../local/emulator/services/networkmanager-fixture';
import { useEmulator } from '../../helpers/emulator';

const TIMINGS = { 'networkmanager.associate': 60, 'networkmanager.disassociate': 60, 'networkmanager.deletedVisible': 60 };
const emulator = useEmulator({ timings: TIMINGS });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function client(region = 'us-west-2') {
  return new NetworkManagerClient({ region, endpoint: emulator().url, maxAttempts: 1 });
}

async function errorOf(p: Promise<unknown>): Promise<any> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail');
}

function associate(connectPeerId: string, deviceId: string, linkId?: string) {
  return client().send(new AssociateConnectPeerCommand({
    GlobalNetworkId: NM_GLOBAL_NETWORK, ConnectPeerId: connectPeerId, DeviceId: deviceId, LinkId: linkId,
  }));
}

function disassociate(connectPeerId: string) {
  return client().send(new DisassociateConnectPeerCommand({ GlobalNetworkId: NM_GLOBAL_NETWORK, ConnectPeerId: connectPeerId }));
}

async function associations(globalNetworkId = NM_GLOBAL_NETWORK) {
  return (await client().send(new GetConnectPeerAssociationsCommand({ GlobalNetworkId: globalNetworkId }))).ConnectPeerAssociations ?? [];
}

describe('Connect-peer associations', () => {
  test('an association goes PENDING, then AVAILABLE', async () => {
    const created = await client().send(new AssociateConnectPeerCommand({
      GlobalNetworkId: NM_GLOBAL_NETWORK, ConnectPeerId: NM_CONNECT_PEER, DeviceId: NM_DEVICE, LinkId: NM_LINK,
    }));
    expect(created.ConnectPeerAssociation).toEqual({
      GlobalNetworkId: NM_GLOBAL_NETWORK, ConnectPeerId: NM_CONNECT_PEER, DeviceId: NM_DEVICE, LinkId: NM_LINK, State: 'PENDING',
    });
    await sleep(100);
    expect(await associations()).toEqual([expect.objectContaining({ ConnectPeerId: NM_CONNECT_PEER, State: 'AVAILABLE' })]);
  });

  test('disassociating goes DELETING, DELETED, then the association is no longer listed', async () => {
    // On a frozen clock, so the DELETED window is seen however slow the machine is.
    const clock = emulator().clock;
    clock.freeze();
    await client().send(new AssociateConnectPeerCommand({ GlobalNetworkId: NM_GLOBAL_NETWORK, ConnectPeerId: NM_CONNECT_PEER, DeviceId: NM_DEVICE }));
    clock.advance(80);
    const deleting = await client().send(new DisassociateConnectPeerCommand({ GlobalNetworkId: NM_GLOBAL_NETWORK, ConnectPeerId: NM_CONNECT_PEER }));
    expect(deleting.ConnectPeerAssociation?.State).toBe('DELETING');
    clock.advance(80);
    expect((await associations())[0]?.State).toBe('DELETED');
    clock.advance(80);
    expect(await associations()).toEqual([]);
  });

  test('a peer has one association at a time: a second one, or a change while it is changing, is a ConflictException', async () => {
    await client().send(new AssociateConnectPeerCommand({ GlobalNetworkId: NM_GLOBAL_NETWORK, ConnectPeerId: NM_CONNECT_PEER, DeviceId: NM_DEVICE }));
    const second = await errorOf(client().send(new AssociateConnectPeerCommand({
      GlobalNetworkId: NM_GLOBAL_NETWORK, ConnectPeerId: NM_CONNECT_PEER, DeviceId: NM_OTHER_DEVICE,
    })));
    expect(second.name).toBe('ConflictException');
    expect(second.$metadata.httpStatusCode).toBe(409);
    expect(second.ResourceId).toBe(NM_CONNECT_PEER);
    const whilePending = await errorOf(disassociate(NM_CONNECT_PEER));
    expect(whilePending.name).toBe('ConflictException');
  });

  test('another peer of the same global network is independent', async () => {
    await client().send(new AssociateConnectPeerCommand({ GlobalNetworkId: NM_GLOBAL_NETWORK, ConnectPeerId: NM_CONNECT_PEER, DeviceId: NM_DEVICE }));
    await associate(NM_OTHER_CONNECT_PEER, NM_DEVICE);
    const filtered = await client().send(new GetConnectPeerAssociationsCommand({
      GlobalNetworkId: NM_GLOBAL_NETWORK, ConnectPeerIds: [NM_OTHER_CONNECT_PEER],
    }));
    expect(filtered.ConnectPeerAssociations?.map((a) => a.ConnectPeerId)).toEqual([NM_OTHER_CONNECT_PEER]);
    const firstPage = await client().send(new GetConnectPeerAssociationsCommand({ GlobalNetworkId: NM_GLOBAL_NETWORK, MaxResults: 1 }));
    expect(firstPage.ConnectPeerAssociations).toHaveLength(1);
    const secondPage = await client().send(new GetConnectPeerAssociationsCommand({
      GlobalNetworkId: NM_GLOBAL_NETWORK, MaxResults: 1, NextToken: firstPage.NextToken,
    }));
    expect(secondPage.ConnectPeerAssociations).toHaveLength(1);
    expect(secondPage.NextToken).toBeUndefined();
  });

  test('errors follow the model: NotFound with ResourceId and ResourceType, ValidationException', async () => {
    const noAssociation = await errorOf(disassociate(NM_CONNECT_PEER));
    expect(noAssociation.name).toBe('ResourceNotFoundException');
    expect(noAssociation.$metadata.httpStatusCode).toBe(404);
    const unknownDevice = await errorOf(client().send(new AssociateConnectPeerCommand({
      GlobalNetworkId: NM_GLOBAL_NETWORK, ConnectPeerId: NM_CONNECT_PEER, DeviceId: 'device-0000000000000000f',
    })));
    expect(unknownDevice).toMatchObject({ name: 'ResourceNotFoundException', ResourceId: 'device-0000000000000000f', ResourceType: 'device' });
    const unknownNetwork = await errorOf(client().send(new GetConnectPeerAssociationsCommand({ GlobalNetworkId: 'global-network-00000000000000000' })));
    expect(unknownNetwork).toMatchObject({ name: 'ResourceNotFoundException', ResourceType: 'global-network' });
    const looseLink = await errorOf(client().send(new AssociateConnectPeerCommand({
      GlobalNetworkId: NM_GLOBAL_NETWORK, ConnectPeerId: NM_CONNECT_PEER, DeviceId: NM_DEVICE, LinkId: NM_LOOSE_LINK,
    })));
    expect(looseLink.name).toBe('ValidationException');
    expect(looseLink.message).toContain(`Link ${NM_LOOSE_LINK} is not associated with device ${NM_DEVICE}`);
    const wrongNetwork = await errorOf(client().send(new AssociateConnectPeerCommand({
      GlobalNetworkId: NM_OTHER_GLOBAL_NETWORK, ConnectPeerId: NM_CONNECT_PEER, DeviceId: NM_DEVICE,
    })));
    expect(wrongNetwork.name).toBe('ValidationException');
    const badPeerId = await errorOf(client().send(new AssociateConnectPeerCommand({
      GlobalNetworkId: NM_GLOBAL_NETWORK, ConnectPeerId: 'peer-1', DeviceId: NM_DEVICE,
    })));
    expect(badPeerId.name).toBe('ValidationException');
    expect(badPeerId.message).toContain("'ConnectPeerId'");
    expect(await associations()).toEqual([]);
  });

  test('the global service answers only requests signed for us-west-2', async () => {
    const elsewhere = await errorOf(client('us-east-1').send(new DescribeGlobalNetworksCommand({})));
    expect(elsewhere.$metadata.httpStatusCode).toBe(403);
    expect(elsewhere.message).toContain('us-west-2');
    const home = await client().send(new DescribeGlobalNetworksCommand({}));
    expect(home.GlobalNetworks?.map((g) => g.GlobalNetworkId)).toEqual([NM_GLOBAL_NETWORK, NM_OTHER_GLOBAL_NETWORK]);
  });

  test('devices come from the fixture, per global network', async () => {
    const devices = await client().send(new GetDevicesCommand({ GlobalNetworkId: NM_GLOBAL_NETWORK }));
    expect(devices.Devices?.map((d) => d.DeviceId)).toEqual([NM_DEVICE, NM_OTHER_DEVICE]);
    expect(devices.Devices?.[0].DeviceArn).toBe(`arn:aws:networkmanager::123456789012:device/${NM_GLOBAL_NETWORK}/${NM_DEVICE}`);
  });

  test('the setAssociation control places an association made outside any stack', () => {
    const service = emulator().service<NetworkManagerService>('networkmanager');
    service.control('setAssociation', { connectPeerId: NM_FAR_CONNECT_PEER, deviceId: 'device-0c1d2e3f4a5b60789' });
    expect(service.associationOf(NM_FAR_CONNECT_PEER)).toEqual({ deviceId: 'device-0c1d2e3f4a5b60789', linkId: undefined, state: 'AVAILABLE' });
    expect(service.snapshot().connectPeerAssociations).toHaveLength(1);
  });
});

const awsCli = promisify(execFile);
let cliAvailable = true;
try {
  execFileSync('aws', ['--version'], { stdio: 'ignore' });
} catch {
  cliAvailable = false;
}

(cliAvailable ? describe : describe.skip)('the AWS CLI', () => {
  test('aws networkmanager get-connect-peer-associations reads the emulator', async () => {
    await associate(NM_CONNECT_PEER, NM_DEVICE, NM_LINK);
    await sleep(100);
    const { stdout } = await awsCli('aws', [
      'networkmanager', 'get-connect-peer-associations', '--global-network-id', NM_GLOBAL_NETWORK,
      '--endpoint-url', emulator().url, '--region', 'us-west-2', '--output', 'json',
    ], { env: { ...process.env, AWS_ACCESS_KEY_ID: 'AKIAEMULATOR00000000', AWS_SECRET_ACCESS_KEY: 'x', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' } });
    expect(JSON.parse(stdout).ConnectPeerAssociations).toEqual([{
      ConnectPeerId: NM_CONNECT_PEER, GlobalNetworkId: NM_GLOBAL_NETWORK, DeviceId: NM_DEVICE, LinkId: NM_LINK, State: 'AVAILABLE',
    }]);
    expect(emulator().calls.all({ service: 'networkmanager', operation: 'GetConnectPeerAssociations' })).toEqual([
      expect.objectContaining({ status: 200, region: 'us-west-2' }),
    ]);
  });
});
