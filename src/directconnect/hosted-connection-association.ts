import { CfnResource, Duration, IResource, Resource, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AssociationRemovalBehavior } from './association-removal-behavior';
import { grantOnAccount, grantOnIds, grantUnscopedDescribe, MOVE_RECORD_ACTIONS } from './direct-connect-grants';
import { validateDirectConnectId, validateDistinctIds } from './direct-connect-validation';
import {
  HOSTED_CONNECTION_ASSOCIATION_RESOURCE_TYPE, HostedConnectionAssociationDataKey, HostedConnectionAssociationProperties,
} from './hosted-connection-association-contract';
import { priorClaim } from '../core/unique-claim';
import { waitTimeoutSeconds } from '../core/validation';
import { HybridConnectivityProvider } from '../provider/hybrid-connectivity-provider';
import { DEFAULT_WAIT_TIMEOUT_SECONDS } from '../provider/provider-contract';

/** A hosted connection's association with an interconnect or LAG, made here or imported. */
export interface IHostedConnectionAssociation extends IResource {
  /**
   * The hosted connection, such as `dxcon-fg5678gh`.
   *
   * @attribute
   */
  readonly connectionId: string;

  /**
   * The interconnect (`dxcon-…`) or LAG (`dxlag-…`) the hosted connection is on.
   *
   * @attribute
   */
  readonly parentConnectionId: string;
}

/** The ids of an existing association, for `HostedConnectionAssociation.fromHostedConnectionAssociationAttributes`. */
export interface HostedConnectionAssociationAttributes {
  /**
   * The hosted connection, such as `dxcon-fg5678gh`.
   */
  readonly connectionId: string;

  /**
   * The interconnect (`dxcon-…`) or LAG (`dxlag-…`) the hosted connection is on.
   */
  readonly parentConnectionId: string;
}

/** Props for `HostedConnectionAssociation`. */
export interface HostedConnectionAssociationProps {
  /**
   * The hosted connection to move, such as `dxcon-fg5678gh`. Changing it makes a new association: the
   * old one is removed according to `removalBehavior`.
   */
  readonly connectionId: string;

  /**
   * The interconnect (`dxcon-…`) or LAG (`dxlag-…`) to move the hosted connection, with its virtual
   * interfaces, to. It must have no hosted connection with the same VLAN or a conflicting IP address.
   * Changing it is a new move, which interrupts traffic again.
   */
  readonly parentConnectionId: string;

  /**
   * What happens when the association leaves the stack. Direct Connect has no call that undoes an
   * association, so the connection either stays on `parentConnectionId` or moves back to where it was
   * before this association moved it.
   *
   * @default AssociationRemovalBehavior.RETAIN
   */
  readonly removalBehavior?: AssociationRemovalBehavior;

  /**
   * How long to wait for the hosted connection to be steady on its new parent (or on its old one, when
   * RESTORE moves it back) before failing the deployment. At most 50 minutes, because CloudFormation waits
   * at most one hour for a custom resource.
   *
   * @default Duration.minutes(30)
   */
  readonly waitTimeout?: Duration;
}

/**
 * Moves a Direct Connect hosted connection, with its virtual interfaces, to another interconnect or LAG
 * (AssociateHostedConnection), for a Direct Connect Partner that owns both.
 *
 * On deployment it reads where the connection is. If it is already on `parentConnectionId`, nothing is
 * called. Otherwise it records the current parent (the `previousParentId` attribute), makes the move, and
 * waits until the connection is on the new parent and steady (`available`, `down` or `ordering`). A
 * `rejected` or `deleted` connection, and a VLAN or IP conflict on the target, fail the deployment with
 * the reason, before anything moves.
 *
 * A move interrupts the hosted connection's traffic. A new `parentConnectionId` is a new move; what a
 * removed association does is `removalBehavior`'s choice, and it never pulls the connection back from a
 * newer move.
 *
 * The handlers may call AssociateHostedConnection on the two ids given (and, with RESTORE, on this
 * account's interconnects and LAGs in the region, because the previous parent is known only at deploy time),
 * DescribeConnections on the hosted connection, and DescribeHostedConnections, DescribeInterconnects and
 * DescribeLags across the account, because a connection's parent appears only in its parent's listing.
 *
 * @example
 * const move = new HostedConnectionAssociation(this, 'MoveCustomerA', {
 *   connectionId: 'dxcon-fg5678gh',
 *   parentConnectionId: 'dxlag-ffrz71kw',
 *   removalBehavior: AssociationRemovalBehavior.RESTORE,
 * });
 * new CfnOutput(this, 'MovedFrom', { value: move.previousParentId });
 */
export class HostedConnectionAssociation extends Resource implements IHostedConnectionAssociation {
  /**
   * Refer to an existing association by its ids.
   *
   * @param scope the scope.
   * @param id the construct id.
   * @param attrs the hosted connection and its parent.
   */
  public static fromHostedConnectionAssociationAttributes(scope: Construct, id: string,
    attrs: HostedConnectionAssociationAttributes): IHostedConnectionAssociation {
    validateDirectConnectId('connectionId', attrs.connectionId, ['dxcon']);
    validateDirectConnectId('parentConnectionId', attrs.parentConnectionId, ['dxcon', 'dxlag']);
    class Import extends Resource implements IHostedConnectionAssociation {
      public readonly connectionId = attrs.connectionId;
      public readonly parentConnectionId = attrs.parentConnectionId;
    }
    return new Import(scope, id);
  }

  public get connectionId(): string {
    return this.getAtt('ConnectionId');
  }
  public get parentConnectionId(): string {
    return this.getAtt('ParentConnectionId');
  }

  /**
   * The interconnect or LAG the hosted connection was on before this association moved it. It equals
   * `parentConnectionId` when the connection was already there, and is empty when it could not be
   * determined.
   *
   * @attribute
   */
  public get previousParentId(): string {
    return this.getAtt('PreviousParentId');
  }

  /**
   * The hosted connection's state when the deployment completed, such as `available`.
   *
   * @attribute
   */
  public get connectionState(): string {
    return this.getAtt('ConnectionState');
  }

  /**
   * The hosted connection's VLAN.
   *
   * @attribute
   */
  public get vlan(): number {
    return Token.asNumber(this.resource.getAtt('Vlan'));
  }

  /**
   * The hosted connection's bandwidth, such as `500Mbps`.
   *
   * @attribute
   */
  public get bandwidth(): string {
    return this.getAtt('Bandwidth');
  }

  /**
   * The Direct Connect location of the hosted connection, such as `EqDC2`.
   *
   * @attribute
   */
  public get location(): string {
    return this.getAtt('Location');
  }

  /** The id of the hosted connection this construct moves, as given, for the duplicate-move check. */
  private readonly movedId: string;
  private readonly resource: CfnResource;

  /**
   * @param scope the scope in which to define this construct.
   * @param id the construct id, unique within the scope.
   * @param props the hosted connection to move and where to move it.
   */
  constructor(scope: Construct, id: string, props: HostedConnectionAssociationProps) {
    super(scope, id);
    const where = `HostedConnectionAssociation ${this.node.path}`;
    validateDirectConnectId('connectionId', props.connectionId, ['dxcon']);
    validateDirectConnectId('parentConnectionId', props.parentConnectionId, ['dxcon', 'dxlag']);
    validateDistinctIds(where, { name: 'connectionId', value: props.connectionId }, { name: 'parentConnectionId', value: props.parentConnectionId },
      'A hosted connection cannot be its own parent: set parentConnectionId to the interconnect or LAG to move it to.');
    this.movedId = props.connectionId;
    rejectSecondMove(this, where);

    if (props.removalBehavior === AssociationRemovalBehavior.RESTORE) {
      // The parent to move back to is known only at deploy time.
      grantOnAccount(this, ['directconnect:AssociateHostedConnection'], ['dxcon', 'dxlag']);
    } else {
      grantOnIds(this, ['directconnect:AssociateHostedConnection'], [
        { id: props.connectionId, kindsIfToken: ['dxcon'] },
        { id: props.parentConnectionId, kindsIfToken: ['dxcon', 'dxlag'] },
      ]);
    }
    // The partner may read the connection only when it owns it too; the lookup is through the parents.
    grantOnIds(this, ['directconnect:DescribeConnections'], [{ id: props.connectionId, kindsIfToken: ['dxcon'] }]);
    // Each move records where the connection came from on the target, which this account owns (its customer
    // owns the connection, and tags are the owner's alone), and removes the record once the move is done.
    grantOnIds(this, MOVE_RECORD_ACTIONS, [{ id: props.parentConnectionId, kindsIfToken: ['dxcon', 'dxlag'] }]);
    grantOnAccount(this, ['directconnect:DescribeHostedConnections'], ['dxcon', 'dxlag']);
    grantUnscopedDescribe(this, ['directconnect:DescribeInterconnects', 'directconnect:DescribeLags']);

    const properties: HostedConnectionAssociationProperties = {
      ConnectionId: props.connectionId,
      ParentConnectionId: props.parentConnectionId,
      RemovalBehavior: props.removalBehavior ?? AssociationRemovalBehavior.RETAIN,
      WaitTimeoutSeconds: waitTimeoutSeconds(`waitTimeout of ${this.node.path}`, props.waitTimeout, DEFAULT_WAIT_TIMEOUT_SECONDS),
    };
    this.resource = HybridConnectivityProvider.of(this).customResource(this, HOSTED_CONNECTION_ASSOCIATION_RESOURCE_TYPE, { ...properties });
  }

  /** @internal the hosted connection id as given in props. */
  public get _movedId(): string {
    return this.movedId;
  }

  private getAtt(name: HostedConnectionAssociationDataKey): string {
    return Token.asString(this.resource.getAtt(name));
  }
}

/** Two associations moving one hosted connection would undo each other's move on every deployment. */
function rejectSecondMove(self: HostedConnectionAssociation, where: string): void {
  const movedId = self._movedId;
  if (Token.isUnresolved(movedId)) return;
  const other = priorClaim(self, `hosted-connection:${movedId}`);
  if (other) {
    throw new Error(`${where}: hosted connection '${movedId}' is already moved by ${other.node.path}. ` +
      'Use one association per hosted connection.');
  }
}
