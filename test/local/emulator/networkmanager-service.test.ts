import { execFile, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { promisify } from 'util';
import {
  AssociateConnectPeerCommand, DescribeGlobalNetworksCommand, DisassociateConnectPeerCommand, GetConnectPeerAssociationsCommand,
  GetConnectPeerCommand, GetDevicesCommand, ListConnectPeersCommand, ListTagsForResourceCommand, NetworkManagerClient, TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-networkmanager';
import { NETWORK_MANAGER_HOME_REGIONS as EMULATOR_NM_HOMES } from '../../../local/emulator/partitions';
import type { NetworkManagerService } from '../../../local/emulator/services/networkmanager';
import {
  NM_CONNECT_PEER, NM_DEVICE, NM_FAR_CONNECT_PEER, NM_GLOBAL_NETWORK, NM_LINK, NM_LOOSE_LINK, NM_OTHER_CONNECT_PEER, NM_OTHER_DEVICE,
  NM_OTHER_GLOBAL_NETWORK, NM_SECOND_ACCOUNT, NM_SECOND_CONNECT_PEER, NM_SECOND_DEVICE, NM_SECOND_GLOBAL_NETWORK, NM_SECOND_LINK,
} from '../../../local/emulator/services/networkmanager-fixture';
import { NETWORK_MANAGER_HOME_REGIONS as LIBRARY_NM_HOMES } from '../../../src/networkmanager/connect-peer-association-contract';
import { useEmulator } from '../../helpers/emulator';

const TIMINGS = { 'networkmanager.associate': 60, 'networkmanager.disassociate': 60, 'networkmanager.deletedVisible': 60 };
const emulator = useEmulator({ timings: TIMINGS });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function client(region = 'us-west-2', accountId?: string) {
  return new NetworkManagerClient({
    region,
    endpoint: emulator().url,
    maxAttempts: 1,
    ...(accountId ? { credentials: { accessKeyId: accountId, secretAccessKey: 'x' } } : {}),
  });
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
    // A change while it is PENDING: "state is invalid", Network Manager's ValidationException for a busy resource.
    const whilePending = await errorOf(disassociate(NM_CONNECT_PEER));
    expect(whilePending).toMatchObject({ name: 'ValidationException', Reason: 'Other' });
    expect(whilePending.message).toContain('state is invalid');
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
    expect(unknownNetwork).toMatchObject({ name: 'ValidationException', Reason: 'FieldValidationFailed' });
    expect(unknownNetwork.$metadata.httpStatusCode).toBe(400);
    expect(unknownNetwork.Fields).toEqual([{ Name: 'globalNetworkId', Message: 'Global network not found.' }]);
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

  test('the home region is per partition: us-gov-west-1 answers with aws-us-gov ARNs; aws-cn has no endpoint', async () => {
    const gov = await client('us-gov-west-1').send(new DescribeGlobalNetworksCommand({}));
    expect(gov.GlobalNetworks?.[0].GlobalNetworkArn).toBe(`arn:aws-us-gov:networkmanager::123456789012:global-network/${NM_GLOBAL_NETWORK}`);
    const govElsewhere = await errorOf(client('us-gov-east-1').send(new DescribeGlobalNetworksCommand({})));
    expect(govElsewhere.message).toContain('us-gov-west-1');
    const cn = await errorOf(client('cn-northwest-1').send(new DescribeGlobalNetworksCommand({})));
    expect(cn.$metadata.httpStatusCode).toBe(403);
    expect(cn.message).toContain('aws-cn');
  });

  test('each account sees its own global networks, devices and peers; another account\'s read as not found', async () => {
    const second = (await client('us-west-2', NM_SECOND_ACCOUNT).send(new DescribeGlobalNetworksCommand({}))).GlobalNetworks ?? [];
    expect(second.map((g) => [g.GlobalNetworkId, g.GlobalNetworkArn])).toEqual([
      [NM_SECOND_GLOBAL_NETWORK, `arn:aws:networkmanager::${NM_SECOND_ACCOUNT}:global-network/${NM_SECOND_GLOBAL_NETWORK}`],
    ]);
    const theirs = await errorOf(client('us-west-2', NM_SECOND_ACCOUNT).send(new GetDevicesCommand({ GlobalNetworkId: NM_GLOBAL_NETWORK })));
    expect(theirs.Fields).toEqual([{ Name: 'globalNetworkId', Message: 'Global network not found.' }]);
    const peer = await errorOf(client('us-west-2', NM_SECOND_ACCOUNT).send(new GetConnectPeerCommand({ ConnectPeerId: NM_CONNECT_PEER })));
    expect(peer).toMatchObject({ name: 'ResourceNotFoundException', ResourceId: NM_CONNECT_PEER });
    const mine = (await client().send(new ListConnectPeersCommand({}))).ConnectPeers ?? [];
    expect(mine.map((p) => p.ConnectPeerId)).not.toContain(NM_SECOND_CONNECT_PEER);
    const tagOther = await errorOf(client('us-west-2', NM_SECOND_ACCOUNT).send(new TagResourceCommand({
      ResourceArn: `arn:aws:networkmanager::123456789012:connect-peer/${NM_CONNECT_PEER}`, Tags: [{ Key: 'k', Value: 'v' }],
    })));
    expect(tagOther.name).toBe('ResourceNotFoundException');
  });

  test('the owner tags its Connect peer; GetConnectPeer and ListTagsForResource show the tags; UntagResource removes them', async () => {
    const arn = `arn:aws:networkmanager::123456789012:connect-peer/${NM_CONNECT_PEER}`;
    await client().send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: 'owner', Value: 'wan-team' }] }));
    expect((await client().send(new GetConnectPeerCommand({ ConnectPeerId: NM_CONNECT_PEER }))).ConnectPeer?.Tags).toEqual([{ Key: 'owner', Value: 'wan-team' }]);
    expect((await client().send(new ListTagsForResourceCommand({ ResourceArn: arn }))).TagList).toEqual([{ Key: 'owner', Value: 'wan-team' }]);
    await client().send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['owner'] }));
    expect((await client().send(new ListTagsForResourceCommand({ ResourceArn: arn }))).TagList).toEqual([]);
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


let botocoreData: string | undefined;
try {
  botocoreData = execFileSync('python3', ['-c', 'import botocore,os;print(os.path.join(os.path.dirname(botocore.__file__),"data"))']).toString().trim();
} catch {
  botocoreData = undefined;
}

/** botocore's endpoints.json entry of a service, per partition (null where the partition does not list it). */
function botocoreEndpoints(service: string): Record<string, any> {
  const data = JSON.parse(fs.readFileSync(path.join(botocoreData!, 'endpoints.json'), 'utf-8'));
  return Object.fromEntries(data.partitions.map((p: any) => [p.partition, p.services[service] ?? null]));
}

(botocoreData ? describe : describe.skip)('partitions, from botocore', () => {
  test('the home regions per partition are botocore endpoints.json\'s, in the emulator and in the library alike', () => {
    const fromBotocore = botocoreEndpoints('networkmanager');
    const homes = Object.fromEntries(Object.entries(fromBotocore)
      .filter(([, s]: [string, any]) => s?.partitionEndpoint)
      .map(([partition, s]: [string, any]) => [partition, s.endpoints[s.partitionEndpoint].credentialScope.region]));
    expect(homes).toEqual({ 'aws': 'us-west-2', 'aws-us-gov': 'us-gov-west-1' });
    expect(EMULATOR_NM_HOMES).toEqual(homes);
    expect(LIBRARY_NM_HOMES).toEqual(homes);
  });
});

const awsCli = promisify(execFile);
let cliAvailable = true;
try {
  execFileSync('aws', ['--version'], { stdio: 'ignore' });
} catch {
  cliAvailable = false;
}

/** Runs the real AWS CLI against the emulator as `accountId` (a 12-digit access key id acts as that account). */
async function cli(accountId: string, ...args: string[]): Promise<any> {
  const { stdout } = await awsCli('aws', ['networkmanager', ...args, '--endpoint-url', emulator().url, '--region', 'us-west-2', '--output', 'json'], {
    env: { ...process.env, AWS_ACCESS_KEY_ID: accountId, AWS_SECRET_ACCESS_KEY: 'x', AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
  });
  return JSON.parse(stdout);
}

(cliAvailable ? describe : describe.skip)('the AWS CLI', () => {
  test('every seeded resource answers the CLI, and each account sees its own view only', async () => {
    await associate(NM_CONNECT_PEER, NM_DEVICE, NM_LINK);
    await client('us-west-2', NM_SECOND_ACCOUNT).send(new AssociateConnectPeerCommand({
      GlobalNetworkId: NM_SECOND_GLOBAL_NETWORK, ConnectPeerId: NM_SECOND_CONNECT_PEER, DeviceId: NM_SECOND_DEVICE, LinkId: NM_SECOND_LINK,
    }));
    for (const [account, network, device, link, peer, others] of [
      ['123456789012', NM_GLOBAL_NETWORK, NM_DEVICE, NM_LINK, NM_CONNECT_PEER, NM_SECOND_GLOBAL_NETWORK],
      [NM_SECOND_ACCOUNT, NM_SECOND_GLOBAL_NETWORK, NM_SECOND_DEVICE, NM_SECOND_LINK, NM_SECOND_CONNECT_PEER, NM_GLOBAL_NETWORK],
    ]) {
      const networks = (await cli(account, 'describe-global-networks')).GlobalNetworks.map((g: any) => g.GlobalNetworkId);
      expect(networks).toContain(network);
      expect(networks).not.toContain(others);
      expect((await cli(account, 'get-devices', '--global-network-id', network)).Devices.map((d: any) => d.DeviceId)).toContain(device);
      expect((await cli(account, 'get-links', '--global-network-id', network)).Links.map((l: any) => l.LinkId)).toContain(link);
      const peers = (await cli(account, 'list-connect-peers')).ConnectPeers.map((p: any) => p.ConnectPeerId);
      expect(peers).toContain(peer);
      expect((await cli(account, 'get-connect-peer', '--connect-peer-id', peer)).ConnectPeer.ConnectPeerId).toBe(peer);
      const found = (await cli(account, 'get-connect-peer-associations', '--global-network-id', network)).ConnectPeerAssociations;
      expect(found).toEqual([expect.objectContaining({ ConnectPeerId: peer, DeviceId: device, LinkId: link })]);
      // Another account's global network is not found for this one.
      await expect(cli(account, 'get-connect-peer-associations', '--global-network-id', others)).rejects.toThrow(/ValidationException/);
    }
  });

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
