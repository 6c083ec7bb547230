import {
  AssociateConnectPeerCommand, ConnectPeerAssociation, DisassociateConnectPeerCommand, GetConnectPeerAssociationsCommand, GetConnectPeerCommand,
  GetDevicesCommand, GetLinkAssociationsCommand, LinkAssociation,
  NetworkManagerClient, NetworkManagerClientConfig, TagResourceCommand, UntagResourceCommand,
} from '@aws-sdk/client-networkmanager';
import { pages } from '../../runtime/pages';
import { InvocationRetryStrategy } from '../../runtime/retry-budget';

/** What a Connect peer is (to be) associated with. */
export interface ConnectPeerTarget {
  readonly globalNetworkId: string;
  readonly connectPeerId: string;
  readonly deviceId: string;
  readonly linkId?: string;
}

/**
 * The Network Manager calls the Connect-peer association handler makes, behind one seam, for one home
 * region (the handler picks it from the stack's partition). `AWS_ENDPOINT_URL_NETWORKMANAGER` points it at
 * the local emulator.
 */
export class NetworkManagerApi {
  private readonly client: NetworkManagerClient;

  constructor(region: string, client?: NetworkManagerClient) {
    this.client = client ?? new NetworkManagerClient({
      region,
      retryStrategy: new InvocationRetryStrategy() as unknown as NetworkManagerClientConfig['retryStrategy'],
    });
  }

  public async associate(target: ConnectPeerTarget): Promise<ConnectPeerAssociation | undefined> {
    const response = await this.client.send(new AssociateConnectPeerCommand({
      GlobalNetworkId: target.globalNetworkId,
      ConnectPeerId: target.connectPeerId,
      DeviceId: target.deviceId,
      LinkId: target.linkId || undefined,
    }));
    return response.ConnectPeerAssociation;
  }

  public async disassociate(globalNetworkId: string, connectPeerId: string): Promise<ConnectPeerAssociation | undefined> {
    const response = await this.client.send(new DisassociateConnectPeerCommand({ GlobalNetworkId: globalNetworkId, ConnectPeerId: connectPeerId }));
    return response.ConnectPeerAssociation;
  }

  /** The peer's association in the global network, or undefined when it has none. */
  public async find(globalNetworkId: string, connectPeerId: string): Promise<ConnectPeerAssociation | undefined> {
    const associations = pages((nextToken) => this.client.send(new GetConnectPeerAssociationsCommand({
      GlobalNetworkId: globalNetworkId,
      ConnectPeerIds: [connectPeerId],
      NextToken: nextToken,
    })), (page) => page.NextToken);
    for await (const page of associations) {
      const found = (page.ConnectPeerAssociations ?? []).find((a) => a.ConnectPeerId === connectPeerId);
      if (found) return found;
    }
    return undefined;
  }

  /** Whether the device exists in the global network (GetDevices by id). */
  public async deviceExists(globalNetworkId: string, deviceId: string): Promise<boolean> {
    const page = await this.client.send(new GetDevicesCommand({ GlobalNetworkId: globalNetworkId, DeviceIds: [deviceId] }));
    return (page.Devices ?? []).some((d) => d.DeviceId === deviceId);
  }

  /** The devices a link is associated with (AssociateLink), in every state. */
  public async linkAssociations(globalNetworkId: string, linkId: string): Promise<LinkAssociation[]> {
    const all: LinkAssociation[] = [];
    const associations = pages((nextToken) => this.client.send(new GetLinkAssociationsCommand({
      GlobalNetworkId: globalNetworkId, LinkId: linkId, NextToken: nextToken,
    })), (page) => page.NextToken);
    for await (const page of associations) {
      all.push(...(page.LinkAssociations ?? []).filter((a) => a.LinkId === linkId));
    }
    return all;
  }

  /** The value of one tag of the Connect peer (GetConnectPeer carries its tags), or undefined. */
  public async peerTag(connectPeerId: string, key: string): Promise<string | undefined> {
    const response = await this.client.send(new GetConnectPeerCommand({ ConnectPeerId: connectPeerId }));
    return response.ConnectPeer?.Tags?.find((t) => t.Key === key)?.Value;
  }

  public async tag(resourceArn: string, key: string, value: string): Promise<void> {
    await this.client.send(new TagResourceCommand({ ResourceArn: resourceArn, Tags: [{ Key: key, Value: value }] }));
  }

  public async untag(resourceArn: string, key: string): Promise<void> {
    await this.client.send(new UntagResourceCommand({ ResourceArn: resourceArn, TagKeys: [key] }));
  }
}
