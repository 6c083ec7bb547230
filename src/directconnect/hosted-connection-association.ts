import { ArnFormat, CfnResource, Duration, IResource, RemovalPolicy, Resource, ResourceProps, Stack, Token, aws_cloudwatch as cloudwatch, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AssociationRemovalBehavior } from './association-removal-behavior';
import { refuseRetainWithRestore } from './association-removal-policy';
import { DirectConnectConnectionMetrics } from './direct-connect-connection-metrics';
import { grantOnAccount, grantOnIds, grantUnscopedDescribe, MOVE_RECORD_ACTIONS } from './direct-connect-grants';
import { DirectConnectTarget } from './direct-connect-target';
import { validateDirectConnectId, validateDistinctIds } from './direct-connect-validation';
import {
  HOSTED_CONNECTION_ASSOCIATION_RESOURCE_TYPE, HostedConnectionAssociationDataKey, HostedConnectionAssociationProperties,
} from './hosted-connection-association-contract';
import { resourceIdFromArn } from '../core/arn-ids';
import { priorClaim } from '../core/unique-claim';
import { waitTimeoutSeconds } from '../core/validation';
import { HybridConnectivityProvider } from '../provider/hybrid-connectivity-provider';
import { DEFAULT_WAIT_TIMEOUT_SECONDS } from '../provider/provider-contract';

/**
 * A hosted connection's association with an interconnect or LAG, made here or imported.
 *
 * Two ids name it, and never the same thing: `hostedConnectionId` is the hosted connection that moves
 * (`dxcon-…`), `targetId` the interconnect (`dxcon-…`) or LAG (`dxlag-…`) it moves to.
 */
export interface IHostedConnectionAssociation extends IResource {
  /**
   * The hosted connection that moves, such as `dxcon-fg5678gh`.
   *
   * @attribute
   */
  readonly hostedConnectionId: string;

  /**
   * The interconnect (`dxcon-…`) or LAG (`dxlag-…`) the hosted connection is moved to.
   *
   * @attribute
   */
  readonly targetId: string;

  /**
   * The hosted connection's ARN, `arn:<partition>:directconnect:<region>:<account>:dxcon/<hostedConnectionId>`,
   * in the association's account and region.
   *
   * @attribute
   */
  readonly hostedConnectionArn: string;

  /** The CloudWatch metrics of the hosted connection (dimension `ConnectionId`). */
  readonly metrics: DirectConnectConnectionMetrics;

  /**
   * Allow a principal to read the hosted connection (DescribeConnections and DescribeTags on its ARN).
   *
   * @param grantee the principal.
   */
  grantRead(grantee: iam.IGrantable): iam.Grant;

  /**
   * Any `AWS/DX` metric of the hosted connection, with the `ConnectionId` dimension.
   *
   * @param metricName the metric's name, such as `ConnectionState`.
   * @param props options that override the defaults (average over 5 minutes).
   */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Whether the hosted connection is up: 1 for up, 0 for down (`ConnectionState`, minimum over 5 minutes).
   *
   * @param props options that override the defaults.
   */
  metricConnectionState(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * The bit rate of outbound data from the AWS side (`ConnectionBpsEgress`).
   *
   * @param props options that override the defaults.
   */
  metricConnectionBpsEgress(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * The bit rate of inbound data to the AWS side (`ConnectionBpsIngress`).
   *
   * @param props options that override the defaults.
   */
  metricConnectionBpsIngress(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * The packet rate of outbound data from the AWS side (`ConnectionPpsEgress`).
   *
   * @param props options that override the defaults.
   */
  metricConnectionPpsEgress(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * The packet rate of inbound data to the AWS side (`ConnectionPpsIngress`).
   *
   * @param props options that override the defaults.
   */
  metricConnectionPpsIngress(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/** The ids of an existing association, for `HostedConnectionAssociation.fromHostedConnectionAssociationAttributes`. */
export interface HostedConnectionAssociationAttributes {
  /**
   * The hosted connection that was moved, such as `dxcon-fg5678gh`.
   */
  readonly hostedConnectionId: string;

  /**
   * The interconnect (`dxcon-…`) or LAG (`dxlag-…`) the hosted connection was moved to.
   */
  readonly targetId: string;
}

/** Props for `HostedConnectionAssociation`. */
export interface HostedConnectionAssociationProps {
  /**
   * The hosted connection to move, such as `dxcon-fg5678gh`. Changing it makes a new association: the
   * old one is removed according to `removalBehavior`.
   */
  readonly hostedConnectionId: string;

  /**
   * The interconnect or LAG to move the hosted connection, with its virtual interfaces, to:
   * `DirectConnectTarget.lag(cfnLag)`, `DirectConnectTarget.connection(cfnConnection)`, or
   * `DirectConnectTarget.fromId('dxlag-…')`. It must have no hosted connection with the same VLAN or a
   * conflicting IP address. Changing it is a new move, which interrupts traffic again.
   */
  readonly target: DirectConnectTarget;

  /**
   * What happens when the association leaves the stack. Direct Connect has no call that undoes an
   * association, so the connection either stays on the target or moves back to where it was before this
   * association moved it.
   *
   * @default AssociationRemovalBehavior.RETAIN
   */
  readonly removalBehavior?: AssociationRemovalBehavior;

  /**
   * What CloudFormation does with the association when it leaves the stack. The association holds no data
   * of its own: with the default, CloudFormation calls its handler, which does what `removalBehavior`
   * says. `RemovalPolicy.RETAIN` drops it without calling the handler, which leaves the connection where
   * it is, like `AssociationRemovalBehavior.RETAIN`; together with `AssociationRemovalBehavior.RESTORE`
   * it is refused at synth, because RESTORE would never run.
   *
   * @default RemovalPolicy.DESTROY - the handler runs, and `removalBehavior` decides.
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * How long to wait for the hosted connection to be steady on its new parent (or on its old one, when
   * RESTORE moves it back) before failing the deployment. At most 50 minutes, because CloudFormation waits
   * at most one hour for a custom resource.
   *
   * @default Duration.minutes(30)
   */
  readonly waitTimeout?: Duration;

  /**
   * The interconnect or LAG the hosted connection is on before the move, when you know it (a partner
   * usually does: it allocated the connection there), such as `DirectConnectTarget.fromId('dxcon-ffabc123')`.
   * It is a hint: the move reads that parent first, one call, and searches your interconnects and LAGs only
   * when the connection is not there. A wrong or stale hint costs that one call, never a wrong move, and
   * RESTORE moves the connection back to where it was actually found. Changing it alone moves nothing.
   *
   * @default - no hint: the move searches your interconnects and LAGs at the target's location, in the
   *   order Direct Connect lists them, one DescribeHostedConnections call each, until one lists the connection.
   */
  readonly currentParent?: DirectConnectTarget;
}

/**
 * What every hosted-connection association offers, made here or imported: its ids, a read grant and its
 * metrics.
 */
export abstract class HostedConnectionAssociationBase extends Resource implements IHostedConnectionAssociation {

  public abstract readonly hostedConnectionId: string;
  public abstract readonly targetId: string;
  public abstract readonly hostedConnectionArn: string;

  /**
   * @param scope the scope in which to define this construct.
   * @param id the construct id, unique within the scope.
   * @param props where the resource lives: an import by ARN takes its account and region from the ARN.
   */
  protected constructor(scope: Construct, id: string, props: ResourceProps = {}) {
    super(scope, id, props);
  }
  /** The CloudWatch metrics of the hosted connection (dimension `ConnectionId`). */
  public get metrics(): DirectConnectConnectionMetrics {
    return DirectConnectConnectionMetrics.fromConnectionId(this._metricConnectionId);
  }

  /** @internal the dimension value: the id as given where there is one, so an alarm need not wait for the move. */
  protected get _metricConnectionId(): string {
    return this.hostedConnectionId;
  }

  /**
   * Allow a principal to read the hosted connection (DescribeConnections and DescribeTags on its ARN).
   *
   * @param grantee the principal.
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee, actions: ['directconnect:DescribeConnections', 'directconnect:DescribeTags'], resourceArns: [this.hostedConnectionArn],
    });
  }

  /**
   * Any `AWS/DX` metric of the hosted connection, with the `ConnectionId` dimension.
   *
   * @param metricName the metric's name, such as `ConnectionErrorCount`.
   * @param props options that override the defaults (average over 5 minutes).
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metric(metricName, props);
  }
  /**
   * Whether the hosted connection is up: 1 for up, 0 for down (`ConnectionState`, minimum over 5 minutes).
   *
   * @param props options that override the defaults.
   */
  public metricConnectionState(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricConnectionState(props);
  }
  /**
   * The bit rate of outbound data from the AWS side (`ConnectionBpsEgress`).
   *
   * @param props options that override the defaults.
   */
  public metricConnectionBpsEgress(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricConnectionBpsEgress(props);
  }
  /**
   * The bit rate of inbound data to the AWS side (`ConnectionBpsIngress`).
   *
   * @param props options that override the defaults.
   */
  public metricConnectionBpsIngress(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricConnectionBpsIngress(props);
  }
  /**
   * The packet rate of outbound data from the AWS side (`ConnectionPpsEgress`).
   *
   * @param props options that override the defaults.
   */
  public metricConnectionPpsEgress(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricConnectionPpsEgress(props);
  }
  /**
   * The packet rate of inbound data to the AWS side (`ConnectionPpsIngress`).
   *
   * @param props options that override the defaults.
   */
  public metricConnectionPpsIngress(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricConnectionPpsIngress(props);
  }
}

/** The ARNs of an existing association, for `HostedConnectionAssociation.fromHostedConnectionAssociationArns`. */
export interface HostedConnectionAssociationArns {
  /**
   * The hosted connection's ARN, such as `arn:aws:directconnect:us-east-1:111122223333:dxcon/dxcon-fg5678gh`.
   * The import's account and region are the ARN's.
   */
  readonly hostedConnectionArn: string;

  /**
   * The interconnect's or LAG's ARN, `…:dxcon/dxcon-…` or `…:dxlag/dxlag-…`.
   */
  readonly targetArn: string;
}

/**
 * Moves a Direct Connect hosted connection, with its virtual interfaces, to another interconnect or LAG
 * (AssociateHostedConnection), for a Direct Connect Partner that owns both.
 *
 * On deployment it reads where the connection is. If it is already on the target, nothing is called.
 * Otherwise it records the current parent (the `previousParentId` attribute), makes the move, and waits
 * until the connection is on the target and steady (`available`, `down` or `ordering`). A `rejected` or
 * `deleted` connection, and a VLAN or IP conflict on the target, fail the deployment with the reason,
 * before anything moves.
 *
 * A move interrupts the hosted connection's traffic. A new target is a new move; what a removed
 * association does is `removalBehavior`'s choice, and it never pulls the connection back from a newer move.
 *
 * The handlers may call AssociateHostedConnection on the two resources given (and, with RESTORE, on this
 * account's interconnects and LAGs in the region, because the previous parent is known only at deploy time),
 * DescribeConnections on the hosted connection, and DescribeHostedConnections, DescribeInterconnects and
 * DescribeLags across the account, because a connection's parent appears only in its parent's listing. A
 * target given by a Ref or an ARN is granted on that ARN, in its own account and region.
 *
 * @example
 * const move = new HostedConnectionAssociation(this, 'MoveCustomerA', {
 *   hostedConnectionId: 'dxcon-fg5678gh',
 *   target: DirectConnectTarget.fromId('dxlag-ffrz71kw'),
 *   removalBehavior: AssociationRemovalBehavior.RESTORE,
 * });
 * new CfnOutput(this, 'MovedFrom', { value: move.previousParentId });
 */
export class HostedConnectionAssociation extends HostedConnectionAssociationBase {
  /**
   * Refer to an existing association by its ids, in the stack's account and region.
   *
   * @param scope the scope.
   * @param id the construct id.
   * @param attrs the hosted connection and its target.
   */
  public static fromHostedConnectionAssociationAttributes(scope: Construct, id: string,
    attrs: HostedConnectionAssociationAttributes): IHostedConnectionAssociation {
    validateDirectConnectId('hostedConnectionId', attrs.hostedConnectionId, ['dxcon']);
    validateDirectConnectId('targetId', attrs.targetId, ['dxcon', 'dxlag']);
    class Import extends HostedConnectionAssociationBase {
      public readonly hostedConnectionId = attrs.hostedConnectionId;
      public readonly targetId = attrs.targetId;
      public readonly hostedConnectionArn = Stack.of(scope).formatArn({
        service: 'directconnect', resource: 'dxcon', resourceName: attrs.hostedConnectionId, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      });
    }
    return new Import(scope, id);
  }

  /**
   * Refer to an existing association by the ARNs of the hosted connection and its target. The import's
   * account and region are the hosted connection's.
   *
   * @param scope the scope.
   * @param id the construct id.
   * @param arns the hosted connection's and the target's ARNs.
   */
  public static fromHostedConnectionAssociationArns(scope: Construct, id: string,
    arns: HostedConnectionAssociationArns): IHostedConnectionAssociation {
    const hostedConnectionId = resourceIdFromArn(arns.hostedConnectionArn, { service: 'directconnect', resourcePrefix: 'dxcon', what: 'hostedConnectionArn' });
    const targetId = DirectConnectTarget.fromArn(arns.targetArn).targetId;
    class Import extends HostedConnectionAssociationBase {
      public readonly hostedConnectionId = hostedConnectionId;
      public readonly targetId = targetId;
      public readonly hostedConnectionArn = arns.hostedConnectionArn;
    }
    return new Import(scope, id, { environmentFromArn: arns.hostedConnectionArn });
  }

  public get hostedConnectionId(): string {
    return this.getAtt('ConnectionId');
  }
  public get targetId(): string {
    return this.getAtt('ParentConnectionId');
  }

  public get hostedConnectionArn(): string {
    return Stack.of(this).formatArn({ service: 'directconnect', resource: 'dxcon', resourceName: this.movedId, arnFormat: ArnFormat.SLASH_RESOURCE_NAME });
  }

  /**
   * The interconnect or LAG the hosted connection was on before this association moved it. It equals
   * `targetId` when the connection was already there, and is empty when it could not be
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
    const target = props.target;
    validateDirectConnectId('hostedConnectionId', props.hostedConnectionId, ['dxcon']);
    validateDistinctIds(where, { name: 'hostedConnectionId', value: props.hostedConnectionId }, { name: 'target', value: target.targetId },
      'A hosted connection cannot be its own parent: set target to the interconnect or LAG to move it to.');
    if (props.currentParent) {
      validateDistinctIds(where, { name: 'hostedConnectionId', value: props.hostedConnectionId }, { name: 'currentParent', value: props.currentParent.targetId },
        'A hosted connection cannot be its own parent: set currentParent to the interconnect or LAG it is on now, or leave it out.');
    }
    this.movedId = props.hostedConnectionId;
    rejectSecondMove(this, where);

    const moved = { id: props.hostedConnectionId, kindsIfToken: ['dxcon'] as const };
    const to = { id: target.targetId, kindsIfToken: target._kinds, scope: target._scope };
    if (props.removalBehavior === AssociationRemovalBehavior.RESTORE) {
      // The parent to move back to is known only at deploy time.
      grantOnAccount(this, ['directconnect:AssociateHostedConnection'], ['dxcon', 'dxlag'], target._scope);
      // The stack's own patterns cover the hosted connection unless the target is another account's.
      if (target._scope) grantOnIds(this, ['directconnect:AssociateHostedConnection'], [moved]);
    } else {
      grantOnIds(this, ['directconnect:AssociateHostedConnection'], [moved, to]);
    }
    // The partner may read the connection only when it owns it too; the lookup is through the parents.
    grantOnIds(this, ['directconnect:DescribeConnections'], [moved]);
    // Each move records where the connection came from on the target, which this account owns (its customer
    // owns the connection, and tags are the owner's alone), and removes the record once the move is done.
    grantOnIds(this, MOVE_RECORD_ACTIONS, [to]);
    grantOnAccount(this, ['directconnect:DescribeHostedConnections'], ['dxcon', 'dxlag']);
    // A hint named by a Ref or an ARN may live outside the stack's patterns; it is read first.
    const hint = props.currentParent;
    if (hint?._scope) grantOnIds(this, ['directconnect:DescribeHostedConnections'], [{ id: hint.targetId, kindsIfToken: hint._kinds, scope: hint._scope }]);
    grantUnscopedDescribe(this, ['directconnect:DescribeInterconnects', 'directconnect:DescribeLags']);

    // The CloudFormation property names stay those the handler reads, so physical ids do not change.
    const properties: HostedConnectionAssociationProperties = {
      ConnectionId: props.hostedConnectionId,
      ParentConnectionId: target.targetId,
      // Absent is RETAIN to the handler and the preflight alike (association-lifecycle.ts, removalBehavior).
      RemovalBehavior: props.removalBehavior === AssociationRemovalBehavior.RESTORE ? AssociationRemovalBehavior.RESTORE : undefined,
      WaitTimeoutSeconds: waitTimeoutSeconds(`waitTimeout of ${this.node.path}`, props.waitTimeout, DEFAULT_WAIT_TIMEOUT_SECONDS),
      ...(hint ? { CurrentParentId: hint.targetId } : {}),
    };
    this.resource = HybridConnectivityProvider.of(this).customResource(this, HOSTED_CONNECTION_ASSOCIATION_RESOURCE_TYPE, { ...properties },
      props.removalPolicy);
    refuseRetainWithRestore(this, this.resource, props.removalBehavior, 'hosted connection');
  }

  /** @internal the hosted connection id as given in props. */
  public get _movedId(): string {
    return this.movedId;
  }

  /** @internal the id as given, so the metrics' dimension is known before the move. */
  protected get _metricConnectionId(): string {
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
