import { CfnResource, Duration, IResource, Resource, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AssociationRemovalBehavior } from './association-removal-behavior';
import { grantOnAccount, grantOnIds, MOVE_RECORD_ACTIONS } from './direct-connect-grants';
import { directConnectIdKind, DirectConnectIdKind } from './direct-connect-ids';
import { validateDirectConnectId } from './direct-connect-validation';
import {
  VIRTUAL_INTERFACE_ASSOCIATION_RESOURCE_TYPE, VirtualInterfaceAssociationDataKey, VirtualInterfaceAssociationProperties,
} from './virtual-interface-association-contract';
import { priorClaim } from '../core/unique-claim';
import { waitTimeoutSeconds } from '../core/validation';
import { HybridConnectivityProvider } from '../provider/hybrid-connectivity-provider';
import { DEFAULT_WAIT_TIMEOUT_SECONDS } from '../provider/provider-contract';

/** A virtual interface's association with a connection or LAG, made here or imported. */
export interface IVirtualInterfaceAssociation extends IResource {
  /**
   * The virtual interface, such as `dxvif-fg5678gh`.
   *
   * @attribute
   */
  readonly virtualInterfaceId: string;

  /**
   * The connection (`dxcon-…`) or LAG (`dxlag-…`) the virtual interface is on.
   *
   * @attribute
   */
  readonly connectionId: string;
}

/** The ids of an existing association, for `VirtualInterfaceAssociation.fromVirtualInterfaceAssociationAttributes`. */
export interface VirtualInterfaceAssociationAttributes {
  /**
   * The virtual interface, such as `dxvif-fg5678gh`.
   */
  readonly virtualInterfaceId: string;

  /**
   * The connection (`dxcon-…`) or LAG (`dxlag-…`) the virtual interface is on.
   */
  readonly connectionId: string;
}

/** Props for `VirtualInterfaceAssociation`. */
export interface VirtualInterfaceAssociationProps {
  /**
   * The virtual interface to move, such as `dxvif-fg5678gh`. Changing it makes a new association: the
   * old one is removed according to `removalBehavior`.
   */
  readonly virtualInterfaceId: string;

  /**
   * The connection (`dxcon-…`) or LAG (`dxlag-…`) to move the virtual interface to. It must have no
   * virtual interface with the same VLAN or a conflicting IP address. Changing it is a new move, which
   * interrupts traffic again.
   */
  readonly connectionId: string;

  /**
   * What happens when the association leaves the stack. Direct Connect has no call that undoes an
   * association, so the interface either stays on `connectionId` or moves back to where it was before this
   * association moved it.
   *
   * @default AssociationRemovalBehavior.RETAIN
   */
  readonly removalBehavior?: AssociationRemovalBehavior;

  /**
   * Whether the deployment waits until BGP is up on the moved interface.
   *
   * By default a BGP session that is down counts as steady, and the deployment completes once the
   * interface is on its new connection in state `available` or `down`: the BGP session depends on the
   * customer's router, which may be reconfigured for the new connection only later. Set it to `true` to
   * wait for state `available` with every BGP peer up; the deployment then fails at `waitTimeout` if BGP
   * does not come up.
   *
   * @default false
   */
  readonly waitForBgpUp?: boolean;

  /**
   * Whether the virtual interface is on a hosted connection now.
   *
   * Direct Connect cannot move an interface on a hosted connection to a LAG (the hosted connection has to
   * be moved with its interfaces instead). Ids cannot show this, because dedicated and hosted connections
   * share the `dxcon-` prefix, so say it here to have synthesis reject a `dxlag-` target. The handler checks
   * the interface's real connection before every move, whatever this says.
   *
   * @default false - only the deploy-time check applies.
   */
  readonly onHostedConnection?: boolean;

  /**
   * How long to wait for the interface to be steady on its new connection (or on its old one, when RESTORE
   * moves it back) before failing the deployment. At most 50 minutes, because CloudFormation waits at most
   * one hour for a custom resource.
   *
   * @default Duration.minutes(30)
   */
  readonly waitTimeout?: Duration;
}

/**
 * Moves a Direct Connect virtual interface to another connection or LAG (AssociateVirtualInterface).
 *
 * On deployment it reads where the interface is. If it is already on `connectionId`, nothing is called.
 * Otherwise it records the current connection (the `previousConnectionId` attribute), checks that the move
 * is possible (an interface on a hosted connection cannot go to a LAG), makes the move, and waits until the
 * interface is on the new connection and steady. A `rejected` or `deleted` interface, and a VLAN or IP
 * conflict on the target, fail the deployment with the reason, before anything moves.
 *
 * A move interrupts the interface's traffic. A new `connectionId` is a new move; what a removed
 * association does is `removalBehavior`'s choice, and it never pulls the interface back from a newer move.
 * The BGP authentication key that Direct Connect returns is dropped by the handler: it is in no attribute,
 * response or log line.
 *
 * The handlers may call AssociateVirtualInterface on the interface and the target (and, with RESTORE, on this
 * account's connections and LAGs in the region, because the previous connection is known only at deploy
 * time), DescribeVirtualInterfaces on the interface, and, for a LAG target, DescribeConnections on this
 * account's connections, to tell whether the interface's current connection is hosted.
 *
 * @example
 * const move = new VirtualInterfaceAssociation(this, 'MoveProdVif', {
 *   virtualInterfaceId: 'dxvif-fg5678gh',
 *   connectionId: 'dxlag-ffrz71kw',
 * });
 * new CfnOutput(this, 'VifMovedFrom', { value: move.previousConnectionId });
 */
export class VirtualInterfaceAssociation extends Resource implements IVirtualInterfaceAssociation {
  /**
   * Refer to an existing association by its ids.
   *
   * @param scope the scope.
   * @param id the construct id.
   * @param attrs the virtual interface and its connection.
   */
  public static fromVirtualInterfaceAssociationAttributes(scope: Construct, id: string,
    attrs: VirtualInterfaceAssociationAttributes): IVirtualInterfaceAssociation {
    validateDirectConnectId('virtualInterfaceId', attrs.virtualInterfaceId, ['dxvif']);
    validateDirectConnectId('connectionId', attrs.connectionId, ['dxcon', 'dxlag']);
    class Import extends Resource implements IVirtualInterfaceAssociation {
      public readonly virtualInterfaceId = attrs.virtualInterfaceId;
      public readonly connectionId = attrs.connectionId;
    }
    return new Import(scope, id);
  }

  public get virtualInterfaceId(): string {
    return this.getAtt('VirtualInterfaceId');
  }
  public get connectionId(): string {
    return this.getAtt('ConnectionId');
  }

  /**
   * The connection or LAG the interface was on before this association moved it. It equals
   * `connectionId` when the interface was already there.
   *
   * @attribute
   */
  public get previousConnectionId(): string {
    return this.getAtt('PreviousConnectionId');
  }

  /**
   * The interface's state when the deployment completed, such as `available` or `down` (BGP down).
   *
   * @attribute
   */
  public get virtualInterfaceState(): string {
    return this.getAtt('VirtualInterfaceState');
  }

  /**
   * The interface's VLAN.
   *
   * @attribute
   */
  public get vlan(): number {
    return Token.asNumber(this.resource.getAtt('Vlan'));
  }

  /**
   * The interface's type: `private`, `public` or `transit`.
   *
   * @attribute
   */
  public get virtualInterfaceType(): string {
    return this.getAtt('VirtualInterfaceType');
  }

  /**
   * The customer side's BGP autonomous system number.
   *
   * @attribute
   */
  public get asn(): number {
    return Token.asNumber(this.resource.getAtt('Asn'));
  }

  /**
   * The Amazon side's BGP autonomous system number, or an empty value for a public interface.
   *
   * @attribute
   */
  public get amazonSideAsn(): string {
    return this.getAtt('AmazonSideAsn');
  }

  /**
   * The IP address of the Amazon side of the BGP session, such as `169.254.10.1/30`.
   *
   * @attribute
   */
  public get amazonAddress(): string {
    return this.getAtt('AmazonAddress');
  }

  /**
   * The IP address of the customer side of the BGP session, such as `169.254.10.2/30`.
   *
   * @attribute
   */
  public get customerAddress(): string {
    return this.getAtt('CustomerAddress');
  }

  /**
   * The Direct Connect gateway the interface attaches to, or an empty string.
   *
   * @attribute
   */
  public get directConnectGatewayId(): string {
    return this.getAtt('DirectConnectGatewayId');
  }

  /**
   * The virtual private gateway the interface attaches to, or an empty string.
   *
   * @attribute
   */
  public get virtualGatewayId(): string {
    return this.getAtt('VirtualGatewayId');
  }

  private readonly movedId: string;
  private readonly resource: CfnResource;

  /**
   * @param scope the scope in which to define this construct.
   * @param id the construct id, unique within the scope.
   * @param props the virtual interface to move and where to move it.
   */
  constructor(scope: Construct, id: string, props: VirtualInterfaceAssociationProps) {
    super(scope, id);
    const where = `VirtualInterfaceAssociation ${this.node.path}`;
    validateDirectConnectId('virtualInterfaceId', props.virtualInterfaceId, ['dxvif']);
    validateDirectConnectId('connectionId', props.connectionId, ['dxcon', 'dxlag']);
    const targetKind = Token.isUnresolved(props.connectionId) ? undefined : directConnectIdKind(props.connectionId);
    if (props.onHostedConnection && targetKind === 'dxlag') {
      throw new Error(`${where}: virtual interface '${props.virtualInterfaceId}' is on a hosted connection (onHostedConnection is true), ` +
        `and Direct Connect cannot move such an interface to a LAG ('${props.connectionId}'). Move the hosted connection with its ` +
        'interfaces using HostedConnectionAssociation, or choose a connection (dxcon-…) as the target.');
    }
    this.movedId = props.virtualInterfaceId;
    rejectSecondMove(this, where);

    const restore = props.removalBehavior === AssociationRemovalBehavior.RESTORE;
    grantOnIds(this, ['directconnect:AssociateVirtualInterface'], [
      { id: props.virtualInterfaceId, kindsIfToken: ['dxvif'] },
      // The connection to move back to is known only at deploy time.
      ...(restore ? [] : [{ id: props.connectionId, kindsIfToken: ['dxcon', 'dxlag'] as DirectConnectIdKind[] }]),
    ]);
    if (restore) grantOnAccount(this, ['directconnect:AssociateVirtualInterface'], ['dxcon', 'dxlag']);
    grantOnIds(this, ['directconnect:DescribeVirtualInterfaces'], [{ id: props.virtualInterfaceId, kindsIfToken: ['dxvif'] }]);
    // Each move records where the interface came from on the target, which this account must own for the
    // move (the interface may be another account's, and tags are the owner's alone), and removes it when done.
    grantOnIds(this, MOVE_RECORD_ACTIONS, [{ id: props.connectionId, kindsIfToken: ['dxcon', 'dxlag'] }]);
    // The hosted-connection check reads the interface's current connection, which only the deployment knows.
    if (targetKind !== 'dxcon' || restore) {
      grantOnAccount(this, ['directconnect:DescribeConnections'], ['dxcon']);
    }

    const properties: VirtualInterfaceAssociationProperties = {
      VirtualInterfaceId: props.virtualInterfaceId,
      ConnectionId: props.connectionId,
      RemovalBehavior: props.removalBehavior ?? AssociationRemovalBehavior.RETAIN,
      WaitForBgpUp: props.waitForBgpUp ?? false,
      WaitTimeoutSeconds: waitTimeoutSeconds(`waitTimeout of ${this.node.path}`, props.waitTimeout, DEFAULT_WAIT_TIMEOUT_SECONDS),
    };
    this.resource = HybridConnectivityProvider.of(this).customResource(this, VIRTUAL_INTERFACE_ASSOCIATION_RESOURCE_TYPE, { ...properties });
  }

  /** @internal the virtual interface id as given in props. */
  public get _movedId(): string {
    return this.movedId;
  }

  private getAtt(name: VirtualInterfaceAssociationDataKey): string {
    return Token.asString(this.resource.getAtt(name));
  }
}

/** Two associations moving one interface would undo each other's move on every deployment. */
function rejectSecondMove(self: VirtualInterfaceAssociation, where: string): void {
  const movedId = self._movedId;
  if (Token.isUnresolved(movedId)) return;
  const other = priorClaim(self, `virtual-interface:${movedId}`);
  if (other) {
    throw new Error(`${where}: virtual interface '${movedId}' is already moved by ${other.node.path}. ` +
      'Use one association per virtual interface.');
  }
}
