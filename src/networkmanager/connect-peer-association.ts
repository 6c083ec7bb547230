import { CfnResource, Duration, IResource, RemovalPolicy, Resource, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { aws_networkmanager as networkmanagerRefs } from 'aws-cdk-lib/interfaces';
import { Construct } from 'constructs';
import {
  CONNECT_PEER_ASSOCIATION_RESOURCE_TYPE, ConnectPeerAssociationAttributeName, ConnectPeerAssociationProperties, NETWORK_MANAGER_HOME_REGIONS,
} from './connect-peer-association-contract';
import { connectPeerAssociationTargets, networkManagerArn } from './connect-peer-association-targets';
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

  /**
   * Grant a principal the given Network Manager actions on the association: on its global network, which
   * is what Network Manager authorizes the Connect-peer association calls on (GetConnectPeerAssociations,
   * DisassociateConnectPeer).
   *
   * @param grantee the principal.
   * @param actions the actions, such as `networkmanager:GetConnectPeerAssociations`.
   */
  grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant;

  /**
   * Grant a principal read access to the association: GetConnectPeerAssociations on its global network
   * and GetConnectPeer on its Connect peer.
   *
   * @param grantee the principal.
   */
  grantRead(grantee: iam.IGrantable): iam.Grant;
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

  /**
   * The account that owns the global network and the Connect peer, which grants are scoped to.
   *
   * @default - the stack's account.
   */
  readonly account?: string;
}

/** Props for `ConnectPeerAssociation`. */
export interface ConnectPeerAssociationProps {
  /**
   * The id of the global network that holds the core network, the device and the link, such as
   * `global-network-01231231231231231` or `CfnGlobalNetwork.attrId`. Changing it replaces the association.
   * Set this or `globalNetwork`, or neither when `device` or `link` is a reference (which names its global
   * network).
   *
   * @default - the global network of `globalNetwork`, else of `device`, else of `link`.
   */
  readonly globalNetworkId?: string;

  /**
   * The global network, as any construct that references one, such as an
   * `aws_networkmanager.CfnGlobalNetwork`; grants are scoped to its ARN. The alternative to `globalNetworkId`.
   *
   * @default - `globalNetworkId`, or the global network of `device` or `link`.
   */
  readonly globalNetwork?: networkmanagerRefs.IGlobalNetworkRef;

  /**
   * The id of the core network Connect peer to associate, such as `connect-peer-0123456789abcdef0`.
   * Only Connect peers created on a core network Connect attachment can be associated. Changing it
   * replaces the association. Set exactly one of this and `connectPeer`.
   *
   * @default - none; `connectPeer` must be set.
   */
  readonly connectPeerId?: string;

  /**
   * The core network Connect peer to associate, as any construct that references one, such as an
   * `aws_networkmanager.CfnConnectPeer`; grants are scoped to it in the account its reference names.
   * Set exactly one of this and `connectPeerId`.
   *
   * @default - none; `connectPeerId` must be set.
   */
  readonly connectPeer?: networkmanagerRefs.IConnectPeerRef;

  /**
   * The id of the device to associate the peer with, such as `device-07f6fd08867abc123` or
   * `CfnDevice.attrDeviceId`. Changing it moves the association in place: the peer is disassociated from
   * the old device, then associated with the new one (a peer has one association at a time). Set exactly
   * one of this and `device`.
   *
   * @default - none; `device` must be set.
   */
  readonly deviceId?: string;

  /**
   * The device to associate the peer with, as any construct that references one, such as an
   * `aws_networkmanager.CfnDevice`: its reference names the device's global network too, and grants are
   * scoped to its ARN. Set exactly one of this and `deviceId`.
   *
   * @default - none; `deviceId` must be set.
   */
  readonly device?: networkmanagerRefs.IDeviceRef;

  /**
   * The id of a link to associate the peer with as well, such as `link-11112222aaaabbbb1` or
   * `CfnLink.attrLinkId`. The link must already be associated with the device (`CfnLinkAssociation`);
   * Network Manager rejects the association otherwise. Changing it moves the association in place.
   * Set at most one of this and `link`.
   *
   * @default - the peer is associated with the device only.
   */
  readonly linkId?: string;

  /**
   * A link to associate the peer with as well, as any construct that references one, such as an
   * `aws_networkmanager.CfnLink`. The alternative to `linkId`, with the same rules.
   *
   * @default - `linkId`, or the device only.
   */
  readonly link?: networkmanagerRefs.ILinkRef;

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
   * An association is a stateless link between resources that exist without it: a deployment can make it
   * again at any time from these props alone, and Network Manager keeps nothing in it that would be lost.
   * So it is removed with the stack by default, as the design guidelines allow for resources that hold no state.
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
 * The peer, the device, the link and the global network can each be given as an id or as any construct that
 * references one (an `IConnectPeerRef`, `IDeviceRef`, `ILinkRef` or `IGlobalNetworkRef` from
 * `aws-cdk-lib/interfaces`, which the `aws_networkmanager` L1s are); a device or link reference names its
 * global network, so `globalNetworkId` can then be left out.
 *
 * @example
 * declare const device: networkmanager.CfnDevice;
 * declare const link: networkmanager.CfnLink;
 *
 * new ConnectPeerAssociation(this, 'BranchRouterPeer', {
 *   connectPeerId: 'connect-peer-0123456789abcdef0',
 *   device,
 *   link,
 * });
 */
export class ConnectPeerAssociation extends Resource implements IConnectPeerAssociation {
  /**
   * Reference an existing association by its global network and Connect peer.
   *
   * @param scope the scope.
   * @param id the construct id.
   * @param attrs the global network and Connect peer ids, and the account that owns them.
   */
  public static fromConnectPeerAssociationAttributes(scope: Construct, id: string, attrs: ConnectPeerAssociationAttributes): IConnectPeerAssociation {
    validatePattern('globalNetworkId', attrs.globalNetworkId, ID_RULES.globalNetworkId.pattern, ID_RULES.globalNetworkId.expected);
    validatePattern('connectPeerId', attrs.connectPeerId, ID_RULES.connectPeerId.pattern, ID_RULES.connectPeerId.expected);
    validatePattern('account', attrs.account, /\d{12}/, 'a 12-digit AWS account id');
    const stack = Stack.of(scope);
    const account = attrs.account ?? stack.account;
    const arns: GrantArns = {
      globalNetwork: networkManagerArn(stack, account, 'global-network', attrs.globalNetworkId),
      connectPeer: networkManagerArn(stack, account, 'connect-peer', attrs.connectPeerId),
    };
    class Import extends Resource implements IConnectPeerAssociation {
      public readonly connectPeerId = attrs.connectPeerId;
      public readonly globalNetworkId = attrs.globalNetworkId;
      public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
        return grantOnGlobalNetwork(arns, grantee, actions);
      }
      public grantRead(grantee: iam.IGrantable): iam.Grant {
        return grantReadAssociation(arns, grantee);
      }
    }
    return new Import(scope, id, { account, region: stack.region });
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
  private readonly arns: GrantArns;

  /**
   * @param scope the scope in which to define this construct.
   * @param id the construct id, unique within the scope.
   * @param props the Connect peer and the device (and link) to associate it with.
   */
  constructor(scope: Construct, id: string, props: ConnectPeerAssociationProps) {
    super(scope, id);

    const stack = Stack.of(this);
    const targets = connectPeerAssociationTargets(`ConnectPeerAssociation ${this.node.path}`, stack, props);
    for (const name of ['globalNetworkId', 'connectPeerId', 'deviceId', 'linkId'] as const) {
      // A reference's id is checked as well as a plain one, naming the prop it came from.
      const from = props[name] !== undefined ? name : `${name} of ${name.replace(/Id$/, '')}`;
      validatePattern(from, targets[name], ID_RULES[name].pattern, ID_RULES[name].expected);
      validateLength(from, targets[name], 1, 50);
    }
    this.arns = { globalNetwork: targets.globalNetworkArn, connectPeer: targets.connectPeerArn };

    const partition = knownPartition(stack);
    if (partition !== undefined && !homeRegionIn(NETWORK_MANAGER_HOME_REGIONS, partition)) {
      throw new Error(`ConnectPeerAssociation ${this.node.path}: AWS Network Manager has no endpoint in partition '${partition}' ` +
        `(stack region '${stack.region}'). It is available in partitions ${Object.keys(NETWORK_MANAGER_HOME_REGIONS).map((p) => `'${p}'`).join(' and ')}; ` +
        'define the association in a stack of one of them.');
    }
    const provider = HybridConnectivityProvider.of(this);
    // Network Manager ARNs have no region. AssociateConnectPeer authorizes on the global network and the
    // device; DisassociateConnectPeer and GetConnectPeerAssociations on the global network alone. The
    // collapsed forms stay in the stack's account, as the provider's policy budget expects.
    const collapsed = (resource: string) => networkManagerArn(stack, stack.account, resource, '*');
    provider.grant({
      actions: ['networkmanager:AssociateConnectPeer', 'networkmanager:DisassociateConnectPeer', 'networkmanager:GetConnectPeerAssociations'],
      resourceArns: [targets.globalNetworkArn],
      collapsedArn: collapsed('global-network'),
    });
    provider.grant({
      actions: ['networkmanager:AssociateConnectPeer'],
      resourceArns: [targets.deviceArn],
      collapsedArn: collapsed('device'),
    });
    // The handler marks the peer it associates with a tag (GetConnectPeer reads it back), so that the
    // Delete of a create CloudFormation cancelled can tell that create's association from anyone else's.
    provider.grant({
      actions: ['networkmanager:GetConnectPeer', 'networkmanager:TagResource', 'networkmanager:UntagResource'],
      resourceArns: [targets.connectPeerArn],
      collapsedArn: collapsed('connect-peer'),
    });

    const properties: ConnectPeerAssociationProperties = {
      GlobalNetworkId: targets.globalNetworkId,
      ConnectPeerId: targets.connectPeerId,
      DeviceId: targets.deviceId,
      LinkId: targets.linkId,
      AdoptExisting: props.adoptExisting ? 'true' : undefined,
      WaitTimeoutSeconds: waitTimeoutSeconds(`waitTimeout of ${this.node.path}`, props.waitTimeout, DEFAULT_WAIT_TIMEOUT_SECONDS),
    };

    this.resource = provider.customResource(this, CONNECT_PEER_ASSOCIATION_RESOURCE_TYPE, { ...properties }, props.removalPolicy);
  }

  /**
   * Grant a principal the given Network Manager actions on the association's global network, which is
   * what Network Manager authorizes the Connect-peer association calls on.
   *
   * @param grantee the principal.
   * @param actions the actions, such as `networkmanager:GetConnectPeerAssociations`.
   */
  public grant(grantee: iam.IGrantable, ...actions: string[]): iam.Grant {
    return grantOnGlobalNetwork(this.arns, grantee, actions);
  }

  /**
   * Grant a principal read access to the association: GetConnectPeerAssociations on its global network
   * and GetConnectPeer on its Connect peer.
   *
   * @param grantee the principal.
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return grantReadAssociation(this.arns, grantee);
  }

  private getAtt(name: ConnectPeerAssociationAttributeName): string {
    return Token.asString(this.resource.getAtt(name));
  }
}

/** The ARNs an association's grants are scoped to. */
interface GrantArns {
  readonly globalNetwork: string;
  readonly connectPeer: string;
}

function grantOnGlobalNetwork(arns: GrantArns, grantee: iam.IGrantable, actions: string[]): iam.Grant {
  return iam.Grant.addToPrincipal({ grantee, actions, resourceArns: [arns.globalNetwork] });
}

function grantReadAssociation(arns: GrantArns, grantee: iam.IGrantable): iam.Grant {
  return grantOnGlobalNetwork(arns, grantee, ['networkmanager:GetConnectPeerAssociations'])
    .combine(iam.Grant.addToPrincipal({ grantee, actions: ['networkmanager:GetConnectPeer'], resourceArns: [arns.connectPeer] }));
}
