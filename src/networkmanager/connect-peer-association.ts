import { ArnFormat, CfnResource, Duration, IResource, RemovalPolicy, Resource, Stack, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  CONNECT_PEER_ASSOCIATION_RESOURCE_TYPE, ConnectPeerAssociationAttributeName, ConnectPeerAssociationProperties, NETWORK_MANAGER_HOME_REGIONS,
} from './connect-peer-association-contract';
import { homeRegionIn } from '../core/aws-partitions';
import { knownPartition } from '../core/stack-partition';
import { validateLength, validatePattern, waitTimeoutSeconds } from '../core/validation';
import { HybridConnectivityProvider } from '../provider/hybrid-connectivity-provider';
import { DEFAULT_WAIT_TIMEOUT_SECONDS } from '../provider/provider-contract';

/** The id forms Network Manager gives its resources; the API model caps every id at 50 characters. */
const ID_RULES = {
  globalNetworkId: { pattern: /global-network-[0-9a-f]{8,17}/, expected: "'global-network-' followed by 8 to 17 lower-case hex digits" },
  connectPeerId: { pattern: /connect-peer-[0-9a-f]{8,17}/, expected: "'connect-peer-' followed by 8 to 17 lower-case hex digits" },
  deviceId: { pattern: /device-[0-9a-f]{8,17}/, expected: "'device-' followed by 8 to 17 lower-case hex digits" },
  linkId: { pattern: /link-[0-9a-f]{8,17}/, expected: "'link-' followed by 8 to 17 lower-case hex digits" },
};

/** A Cloud WAN Connect peer's association with a device (and optionally a link) of a global network. */
export interface IConnectPeerAssociation extends IResource {
  /**
   * The id of the associated Connect peer, such as `connect-peer-0123456789abcdef0`.
   *
   * @attribute
   */
  readonly connectPeerId: string;

  /**
   * The id of the global network the association belongs to.
   *
   * @attribute
   */
  readonly globalNetworkId: string;
}

/** The attributes of an existing association, for `ConnectPeerAssociation.fromConnectPeerAssociationAttributes`. */
export interface ConnectPeerAssociationAttributes {
  /**
   * The id of the associated Connect peer.
   */
  readonly connectPeerId: string;

  /**
   * The id of the global network the association belongs to.
   */
  readonly globalNetworkId: string;
}

/** Props for `ConnectPeerAssociation`. */
export interface ConnectPeerAssociationProps {
  /**
   * The id of the global network that holds the core network, the device and the link, such as
   * `global-network-01231231231231231` or `CfnGlobalNetwork.attrId`. Changing it replaces the association.
   */
  readonly globalNetworkId: string;

  /**
   * The id of the core network Connect peer to associate, such as `connect-peer-0123456789abcdef0`.
   * Only Connect peers created on a core network Connect attachment can be associated. Changing it
   * replaces the association.
   */
  readonly connectPeerId: string;

  /**
   * The id of the device to associate the peer with, such as `device-07f6fd08867abc123` or
   * `CfnDevice.attrDeviceId`. Changing it moves the association in place: the peer is disassociated from
   * the old device, then associated with the new one (a peer has one association at a time).
   */
  readonly deviceId: string;

  /**
   * The id of a link to associate the peer with as well, such as `link-11112222aaaabbbb1` or
   * `CfnLink.attrLinkId`. The link must already be associated with the device (`CfnLinkAssociation`);
   * Network Manager rejects the association otherwise. Changing it moves the association in place.
   *
   * @default - the peer is associated with the device only.
   */
  readonly linkId?: string;

  /**
   * Whether to adopt an association of this Connect peer with this device (and link) that already exists
   * when the stack creates the resource, such as one made in the console before the stack existed.
   *
   * An adopted association belongs to the stack from then on: deleting the resource disassociates the peer,
   * as deleting an imported resource would (use `removalPolicy: RemovalPolicy.RETAIN` to keep it). When
   * this is false and the peer is already associated, the create fails with a reason that names the device,
   * and nothing is changed. An association with another device or link is never adopted.
   *
   * @default false
   */
  readonly adoptExisting?: boolean;

  /**
   * How long to wait for the association to become available (and for moves and deletion) before
   * failing the deployment. At most 50 minutes, because CloudFormation waits at most one hour for a
   * custom resource.
   *
   * @default Duration.minutes(30)
   */
  readonly waitTimeout?: Duration;

  /**
   * What happens to the association when it leaves the stack. `RemovalPolicy.RETAIN` leaves the peer
   * associated.
   *
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Associates an AWS Cloud WAN core network Connect peer with a device, and optionally a link, in an AWS
 * Network Manager global network, so the peer shows on the device in the Network Manager topology and
 * route analysis.
 *
 * CloudFormation has no resource type for this association. Network Manager is a global service with one
 * endpoint per partition (us-west-2 in the `aws` partition, us-gov-west-1 in `aws-us-gov`; there is none in
 * `aws-cn`): the association is managed there whatever region the stack is in. A change of
 * `deviceId` or `linkId` moves the association in place (the physical id stays the same); a change of
 * `connectPeerId` or `globalNetworkId` replaces it.
 *
 * @example
 * declare const globalNetwork: networkmanager.CfnGlobalNetwork;
 * declare const device: networkmanager.CfnDevice;
 * declare const link: networkmanager.CfnLink;
 *
 * new ConnectPeerAssociation(this, 'BranchRouterPeer', {
 *   globalNetworkId: globalNetwork.attrId,
 *   connectPeerId: 'connect-peer-0123456789abcdef0',
 *   deviceId: device.attrDeviceId,
 *   linkId: link.attrLinkId,
 * });
 */
export class ConnectPeerAssociation extends Resource implements IConnectPeerAssociation {
  /**
   * Reference an existing association by its global network and Connect peer.
   *
   * @param scope the scope.
   * @param id the construct id.
   * @param attrs the global network and Connect peer ids.
   */
  public static fromConnectPeerAssociationAttributes(scope: Construct, id: string, attrs: ConnectPeerAssociationAttributes): IConnectPeerAssociation {
    validatePattern('globalNetworkId', attrs.globalNetworkId, ID_RULES.globalNetworkId.pattern, ID_RULES.globalNetworkId.expected);
    validatePattern('connectPeerId', attrs.connectPeerId, ID_RULES.connectPeerId.pattern, ID_RULES.connectPeerId.expected);
    class Import extends Resource implements IConnectPeerAssociation {
      public readonly connectPeerId = attrs.connectPeerId;
      public readonly globalNetworkId = attrs.globalNetworkId;
    }
    return new Import(scope, id);
  }

  public get connectPeerId(): string {
    return this.getAtt('ConnectPeerId');
  }
  public get globalNetworkId(): string {
    return this.getAtt('GlobalNetworkId');
  }

  /**
   * The id of the device the peer is associated with.
   *
   * @attribute
   */
  public get deviceId(): string {
    return this.getAtt('DeviceId');
  }

  /**
   * The id of the link the peer is associated with, or an empty string when there is none.
   *
   * @attribute
   */
  public get linkId(): string {
    return this.getAtt('LinkId');
  }

  /**
   * The association's state when the deployment last completed: `AVAILABLE`.
   *
   * @attribute
   */
  public get state(): string {
    return this.getAtt('State');
  }

  private readonly resource: CfnResource;

  /**
   * @param scope the scope in which to define this construct.
   * @param id the construct id, unique within the scope.
   * @param props the Connect peer and the device (and link) to associate it with.
   */
  constructor(scope: Construct, id: string, props: ConnectPeerAssociationProps) {
    super(scope, id);

    for (const name of ['globalNetworkId', 'connectPeerId', 'deviceId', 'linkId'] as const) {
      validatePattern(name, props[name], ID_RULES[name].pattern, ID_RULES[name].expected);
      validateLength(name, props[name], 1, 50);
    }

    const stack = Stack.of(this);
    const partition = knownPartition(stack);
    if (partition !== undefined && !homeRegionIn(NETWORK_MANAGER_HOME_REGIONS, partition)) {
      throw new Error(`ConnectPeerAssociation ${this.node.path}: AWS Network Manager has no endpoint in partition '${partition}' ` +
        `(stack region '${stack.region}'). It is available in partitions ${Object.keys(NETWORK_MANAGER_HOME_REGIONS).map((p) => `'${p}'`).join(' and ')}; ` +
        'define the association in a stack of one of them.');
    }
    const provider = HybridConnectivityProvider.of(this);
    // Network Manager ARNs have no region. AssociateConnectPeer authorizes on the global network and the
    // device; DisassociateConnectPeer and GetConnectPeerAssociations on the global network alone.
    const arn = (resource: string, resourceName: string) => stack.formatArn({
      service: 'networkmanager', region: '', resource, resourceName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    provider.grant({
      actions: ['networkmanager:AssociateConnectPeer', 'networkmanager:DisassociateConnectPeer', 'networkmanager:GetConnectPeerAssociations'],
      resourceArns: [arn('global-network', props.globalNetworkId)],
      collapsedArn: arn('global-network', '*'),
    });
    provider.grant({
      actions: ['networkmanager:AssociateConnectPeer'],
      resourceArns: [arn('device', `${props.globalNetworkId}/${props.deviceId}`)],
      collapsedArn: arn('device', '*'),
    });
    // The handler marks the peer it associates with a tag (GetConnectPeer reads it back), so that the
    // Delete of a create CloudFormation cancelled can tell that create's association from anyone else's.
    provider.grant({
      actions: ['networkmanager:GetConnectPeer', 'networkmanager:TagResource', 'networkmanager:UntagResource'],
      resourceArns: [arn('connect-peer', props.connectPeerId)],
      collapsedArn: arn('connect-peer', '*'),
    });

    const properties: ConnectPeerAssociationProperties = {
      GlobalNetworkId: props.globalNetworkId,
      ConnectPeerId: props.connectPeerId,
      DeviceId: props.deviceId,
      LinkId: props.linkId,
      AdoptExisting: props.adoptExisting ? 'true' : undefined,
      WaitTimeoutSeconds: waitTimeoutSeconds(`waitTimeout of ${this.node.path}`, props.waitTimeout, DEFAULT_WAIT_TIMEOUT_SECONDS),
    };

    this.resource = provider.customResource(this, CONNECT_PEER_ASSOCIATION_RESOURCE_TYPE, { ...properties }, props.removalPolicy);
  }

  private getAtt(name: ConnectPeerAssociationAttributeName): string {
    return Token.asString(this.resource.getAtt(name));
  }
}
