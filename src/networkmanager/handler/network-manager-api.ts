import {
  AssociateConnectPeerCommand, ConnectPeerAssociation, DisassociateConnectPeerCommand, GetConnectPeerAssociationsCommand,
  NetworkManagerClient, NetworkManagerClientConfig,
} from '@aws-sdk/client-networkmanager';
import { InvocationRetryStrategy } from '../../runtime/retry-budget';
import { NETWORK_MANAGER_REGION } from '../connect-peer-association-contract';

/** What a Connect peer is (to be) associated with. */
export interface ConnectPeerTarget {
  readonly globalNetworkId: string;
  readonly connectPeerId: string;
  readonly deviceId: string;
  readonly linkId?: string;
}

/**
 * The Network Manager calls the Connect-peer association handler makes, behind one seam. The client is
 * pinned to us-west-2, where the global service's API lives: a stack in any other region still manages
 * the same global network. (`AWS_ENDPOINT_URL_NETWORKMANAGER` points it at the local emulator.)
 */
export class NetworkManagerApi {
  constructor(private readonly client: NetworkManagerClient = new NetworkManagerClient({
    region: NETWORK_MANAGER_REGION,
    retryStrategy: new InvocationRetryStrategy() as unknown as NetworkManagerClientConfig['retryStrategy'],
  })) {}

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
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(new GetConnectPeerAssociationsCommand({
        GlobalNetworkId: globalNetworkId,
        ConnectPeerIds: [connectPeerId],
        NextToken: nextToken,
      }));
      const found = (page.ConnectPeerAssociations ?? []).find((a) => a.ConnectPeerId === connectPeerId);
      if (found) return found;
      nextToken = page.NextToken;
    } while (nextToken);
    return undefined;
  }
}
