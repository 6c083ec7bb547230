import { Annotations, ArnFormat, CfnResource, Duration, IResource, RemovalPolicy, Resource, ResourceProps, Stack, Token, aws_cloudwatch as cloudwatch, aws_iam as iam } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AssociationRemovalBehavior } from './association-removal-behavior';
import { refuseRetainWithRestore } from './association-removal-policy';
import { DirectConnectGrantTarget, grantOnAccount, grantOnIds, MOVE_RECORD_ACTIONS } from './direct-connect-grants';
import { DirectConnectTarget } from './direct-connect-target';
import { validateDirectConnectId } from './direct-connect-validation';
import { DirectConnectVirtualInterface } from './direct-connect-virtual-interface';
import { DirectConnectBgpMetricOptions, DirectConnectVirtualInterfaceMetrics } from './direct-connect-virtual-interface-metrics';
import {
  VIRTUAL_INTERFACE_ASSOCIATION_RESOURCE_TYPE, VirtualInterfaceAssociationDataKey, VirtualInterfaceAssociationProperties,
} from './virtual-interface-association-contract';
import { priorClaim } from '../core/unique-claim';
import { waitTimeoutSeconds } from '../core/validation';
import { HybridConnectivityProvider } from '../provider/hybrid-connectivity-provider';
import { DEFAULT_WAIT_TIMEOUT_SECONDS } from '../provider/provider-contract';

/**
 * A virtual interface's association with a connection or LAG, made here or imported.
 *
 * Two ids name it, and never the same thing: `virtualInterfaceId` is the interface that moves
 * (`dxvif-…`), `targetId` the connection (`dxcon-…`) or LAG (`dxlag-…`) it moves to.
 */
export interface IVirtualInterfaceAssociation extends IResource {
  /**
   * The virtual interface that moves, such as `dxvif-fg5678gh`.
   *
   * @attribute
   */
  readonly virtualInterfaceId: string;

  /**
   * The connection (`dxcon-…`) or LAG (`dxlag-…`) the virtual interface is moved to.
   *
   * @attribute
   */
  readonly targetId: string;

  /**
   * The virtual interface's ARN, `arn:<partition>:directconnect:<region>:<account>:dxvif/<virtualInterfaceId>`.
   *
   * @attribute
   */
  readonly virtualInterfaceArn: string;

  /** The CloudWatch metrics of the interface on its target (dimensions `ConnectionId` and `VirtualInterfaceId`). */
  readonly metrics: DirectConnectVirtualInterfaceMetrics;

  /**
   * Allow a principal to read the virtual interface (DescribeVirtualInterfaces and DescribeTags on its ARN).
   *
   * @param grantee the principal.
   */
  grantRead(grantee: iam.IGrantable): iam.Grant;

  /**
   * Any `AWS/DX` metric of the interface on its target, with the `ConnectionId` and `VirtualInterfaceId` dimensions.
   *
   * @param metricName the metric's name, such as `VirtualInterfaceBpsEgress`.
   * @param props options that override the defaults (average over 5 minutes).
   */
  metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * The bit rate of outbound data from the AWS side (`VirtualInterfaceBpsEgress`).
   *
   * @param props options that override the defaults.
   */
  metricVirtualInterfaceBpsEgress(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * The bit rate of inbound data to the AWS side (`VirtualInterfaceBpsIngress`).
   *
   * @param props options that override the defaults.
   */
  metricVirtualInterfaceBpsIngress(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * The packet rate of outbound data from the AWS side (`VirtualInterfacePpsEgress`).
   *
   * @param props options that override the defaults.
   */
  metricVirtualInterfacePpsEgress(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * The packet rate of inbound data to the AWS side (`VirtualInterfacePpsIngress`).
   *
   * @param props options that override the defaults.
   */
  metricVirtualInterfacePpsIngress(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Whether the interface's BGP session is up: 1 for up, 0 for down (`VirtualInterfaceBgpStatus`, minimum
   * over 5 minutes, `IpAddressFamily` `ipv4` unless told).
   *
   * @param props the address family and options that override the defaults.
   */
  metricVirtualInterfaceBgpStatus(props?: DirectConnectBgpMetricOptions): cloudwatch.Metric;

  /**
   * How many prefixes the AWS side accepts from the customer's router (`VirtualInterfaceBgpPrefixesAccepted`).
   *
   * @param props the address family and options that override the defaults.
   */
  metricVirtualInterfaceBgpPrefixesAccepted(props?: DirectConnectBgpMetricOptions): cloudwatch.Metric;

  /**
   * How many prefixes the AWS side advertises to the customer's router (`VirtualInterfaceBgpPrefixesAdvertised`).
   *
   * @param props the address family and options that override the defaults.
   */
  metricVirtualInterfaceBgpPrefixesAdvertised(props?: DirectConnectBgpMetricOptions): cloudwatch.Metric;
}

/** The ids of an existing association, for `VirtualInterfaceAssociation.fromVirtualInterfaceAssociationAttributes`. */
export interface VirtualInterfaceAssociationAttributes {
  /**
   * The virtual interface that was moved, such as `dxvif-fg5678gh`.
   */
  readonly virtualInterfaceId: string;

  /**
   * The connection (`dxcon-…`) or LAG (`dxlag-…`) the virtual interface was moved to.
   */
  readonly targetId: string;
}

/** The ARNs of an existing association, for `VirtualInterfaceAssociation.fromVirtualInterfaceAssociationArns`. */
export interface VirtualInterfaceAssociationArns {
  /**
   * The virtual interface's ARN, such as `arn:aws:directconnect:us-east-1:111122223333:dxvif/dxvif-fg5678gh`.
   * The import's account and region are the ARN's.
   */
  readonly virtualInterfaceArn: string;

  /**
   * The connection's or LAG's ARN, `…:dxcon/dxcon-…` or `…:dxlag/dxlag-…`.
   */
  readonly targetArn: string;
}

/** Props for `VirtualInterfaceAssociation`. */
export interface VirtualInterfaceAssociationProps {
  /**
   * The virtual interface to move: `DirectConnectVirtualInterface.fromId('dxvif-…')`, or from the Ref of a
   * private, transit or public virtual interface. Changing it makes a new association: the old one is
   * removed according to `removalBehavior`.
   */
  readonly virtualInterface: DirectConnectVirtualInterface;

  /**
   * The connection or LAG to move the virtual interface to: `DirectConnectTarget.connection(cfnConnection)`,
   * `DirectConnectTarget.lag(cfnLag)`, or `DirectConnectTarget.fromId('dxcon-…')`. It must have no virtual
   * interface with the same VLAN or a conflicting IP address. Changing it is a new move, which interrupts
   * traffic again.
   */
  readonly target: DirectConnectTarget;

  /**
   * What CloudFormation does with the association when it leaves the stack. The association holds no data
   * of its own: with the default, CloudFormation calls its handler, which does what `removalBehavior`
   * says. `RemovalPolicy.RETAIN` drops it without calling the handler, which leaves the interface where
   * it is, like `AssociationRemovalBehavior.RETAIN`; together with `AssociationRemovalBehavior.RESTORE`
   * it is refused at synth, because RESTORE would never run.
   *
   * @default RemovalPolicy.DESTROY - the handler runs, and `removalBehavior` decides.
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * What happens when the association leaves the stack. Direct Connect has no call that undoes an
   * association, so the interface either stays on the target or moves back to where it was before this
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
 * What every virtual-interface association offers, made here or imported: its ids, a read grant and its
 * metrics.
 */
export abstract class VirtualInterfaceAssociationBase extends Resource implements IVirtualInterfaceAssociation {

  public abstract readonly virtualInterfaceId: string;
  public abstract readonly targetId: string;
  public abstract readonly virtualInterfaceArn: string;

  /**
   * @param scope the scope in which to define this construct.
   * @param id the construct id, unique within the scope.
   * @param props where the resource lives: an import by ARN takes its account and region from the ARN.
   */
  protected constructor(scope: Construct, id: string, props: ResourceProps = {}) {
    super(scope, id, props);
  }
  /** The CloudWatch metrics of the interface on its target (dimensions `ConnectionId` and `VirtualInterfaceId`). */
  public get metrics(): DirectConnectVirtualInterfaceMetrics {
    return DirectConnectVirtualInterfaceMetrics.fromIds(this._metricIds[0], this._metricIds[1]);
  }

  /** @internal the dimension values: the ids as given where there are some, so an alarm need not wait for the move. */
  protected get _metricIds(): [string, string] {
    return [this.targetId, this.virtualInterfaceId];
  }

  /**
   * Allow a principal to read the virtual interface (DescribeVirtualInterfaces and DescribeTags on its ARN).
   *
   * @param grantee the principal.
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee, actions: ['directconnect:DescribeVirtualInterfaces', 'directconnect:DescribeTags'], resourceArns: [this.virtualInterfaceArn],
    });
  }

  /**
   * Any `AWS/DX` metric of the interface on its target, with the `ConnectionId` and `VirtualInterfaceId` dimensions.
   *
   * @param metricName the metric's name, such as `VirtualInterfaceBpsEgress`.
   * @param props options that override the defaults (average over 5 minutes).
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metric(metricName, props);
  }
  /**
   * The bit rate of outbound data from the AWS side (`VirtualInterfaceBpsEgress`).
   *
   * @param props options that override the defaults.
   */
  public metricVirtualInterfaceBpsEgress(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricVirtualInterfaceBpsEgress(props);
  }
  /**
   * The bit rate of inbound data to the AWS side (`VirtualInterfaceBpsIngress`).
   *
   * @param props options that override the defaults.
   */
  public metricVirtualInterfaceBpsIngress(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricVirtualInterfaceBpsIngress(props);
  }
  /**
   * The packet rate of outbound data from the AWS side (`VirtualInterfacePpsEgress`).
   *
   * @param props options that override the defaults.
   */
  public metricVirtualInterfacePpsEgress(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricVirtualInterfacePpsEgress(props);
  }
  /**
   * The packet rate of inbound data to the AWS side (`VirtualInterfacePpsIngress`).
   *
   * @param props options that override the defaults.
   */
  public metricVirtualInterfacePpsIngress(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.metricVirtualInterfacePpsIngress(props);
  }
  /**
   * Whether the BGP session is up: 1 for up, 0 for down (`VirtualInterfaceBgpStatus`, minimum over 5 minutes).
   *
   * @param props the address family, and options that override the defaults.
   */
  public metricVirtualInterfaceBgpStatus(props?: DirectConnectBgpMetricOptions): cloudwatch.Metric {
    return this.metrics.metricVirtualInterfaceBgpStatus(props);
  }
  /**
   * How many prefixes the AWS side accepts over BGP (`VirtualInterfaceBgpPrefixesAccepted`).
   *
   * @param props the address family, and options that override the defaults.
   */
  public metricVirtualInterfaceBgpPrefixesAccepted(props?: DirectConnectBgpMetricOptions): cloudwatch.Metric {
    return this.metrics.metricVirtualInterfaceBgpPrefixesAccepted(props);
  }
  /**
   * How many prefixes the AWS side advertises over BGP (`VirtualInterfaceBgpPrefixesAdvertised`).
   *
   * @param props the address family, and options that override the defaults.
   */
  public metricVirtualInterfaceBgpPrefixesAdvertised(props?: DirectConnectBgpMetricOptions): cloudwatch.Metric {
    return this.metrics.metricVirtualInterfaceBgpPrefixesAdvertised(props);
  }
}

/**
 * Moves a Direct Connect virtual interface to another connection or LAG (AssociateVirtualInterface).
 *
 * On deployment it reads where the interface is. If it is already on the target, nothing is called.
 * Otherwise it records the current connection (the `previousConnectionId` attribute), checks that the move
 * is possible (an interface on a hosted connection cannot go to a LAG), makes the move, and waits until the
 * interface is on the target and steady. A `rejected` or `deleted` interface, and a VLAN or IP conflict
 * on the target, fail the deployment with the reason, before anything moves.
 *
 * A move interrupts the interface's traffic. A new target is a new move; what a removed association does
 * is `removalBehavior`'s choice, and it never pulls the interface back from a newer move. The BGP
 * authentication key that Direct Connect returns is dropped by the handler: it is in no attribute,
 * response or log line.
 *
 * A virtual interface that a `CfnPrivateVirtualInterface`, `CfnTransitVirtualInterface` or
 * `CfnPublicVirtualInterface` declares is moved by CloudFormation itself when its `connectionId` changes;
 * moving it here as well makes the two undo each other, so synthesis warns.
 *
 * The handlers may call AssociateVirtualInterface on the interface and the target (and, with RESTORE, on this
 * account's connections and LAGs in the region, because the previous connection is known only at deploy
 * time), DescribeVirtualInterfaces on the interface, and, for a LAG target, DescribeConnections on this
 * account's connections, to tell whether the interface's current connection is hosted.
 *
 * @example
 * const move = new VirtualInterfaceAssociation(this, 'MoveProdVif', {
 *   virtualInterface: DirectConnectVirtualInterface.fromId('dxvif-fg5678gh'),
 *   target: DirectConnectTarget.fromId('dxlag-ffrz71kw'),
 * });
 * new CfnOutput(this, 'VifMovedFrom', { value: move.previousConnectionId });
 */
export class VirtualInterfaceAssociation extends VirtualInterfaceAssociationBase {
  /**
   * Refer to an existing association by its ids, in the stack's account and region.
   *
   * @param scope the scope.
   * @param id the construct id.
   * @param attrs the virtual interface and its target.
   */
  public static fromVirtualInterfaceAssociationAttributes(scope: Construct, id: string,
    attrs: VirtualInterfaceAssociationAttributes): IVirtualInterfaceAssociation {
    validateDirectConnectId('virtualInterfaceId', attrs.virtualInterfaceId, ['dxvif']);
    validateDirectConnectId('targetId', attrs.targetId, ['dxcon', 'dxlag']);
    class Import extends VirtualInterfaceAssociationBase {
      public readonly virtualInterfaceId = attrs.virtualInterfaceId;
      public readonly targetId = attrs.targetId;
      public readonly virtualInterfaceArn = Stack.of(scope).formatArn({
        service: 'directconnect', resource: 'dxvif', resourceName: attrs.virtualInterfaceId, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      });
    }
    return new Import(scope, id);
  }

  /**
   * Refer to an existing association by the ARNs of the virtual interface and its target. The import's
   * account and region are the interface's.
   *
   * @param scope the scope.
   * @param id the construct id.
   * @param arns the virtual interface's and the target's ARNs.
   */
  public static fromVirtualInterfaceAssociationArns(scope: Construct, id: string,
    arns: VirtualInterfaceAssociationArns): IVirtualInterfaceAssociation {
    const virtualInterfaceId = DirectConnectVirtualInterface.fromArn(arns.virtualInterfaceArn).virtualInterfaceId;
    const targetId = DirectConnectTarget.fromArn(arns.targetArn).targetId;
    class Import extends VirtualInterfaceAssociationBase {
      public readonly virtualInterfaceId = virtualInterfaceId;
      public readonly targetId = targetId;
      public readonly virtualInterfaceArn = arns.virtualInterfaceArn;
    }
    return new Import(scope, id, { environmentFromArn: arns.virtualInterfaceArn });
  }

  public get virtualInterfaceId(): string {
    return this.getAtt('VirtualInterfaceId');
  }
  public get targetId(): string {
    return this.getAtt('ConnectionId');
  }

  public get virtualInterfaceArn(): string {
    return this.virtualInterface._scope?.arn ?? Stack.of(this).formatArn({
      service: 'directconnect', resource: 'dxvif', resourceName: this.movedId, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  }

  /**
   * The connection or LAG the interface was on before this association moved it. It equals
   * `targetId` when the interface was already there.
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
   * The Amazon side's BGP autonomous system number. A public interface has none: the handler then returns
   * an empty value, which is not a number, so read it only for a private or transit interface.
   *
   * @attribute
   */
  public get amazonSideAsn(): number {
    return Token.asNumber(this.resource.getAtt('AmazonSideAsn'));
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
  private readonly targetGiven: string;
  private readonly virtualInterface: DirectConnectVirtualInterface;
  private readonly resource: CfnResource;

  /**
   * @param scope the scope in which to define this construct.
   * @param id the construct id, unique within the scope.
   * @param props the virtual interface to move and where to move it.
   */
  constructor(scope: Construct, id: string, props: VirtualInterfaceAssociationProps) {
    super(scope, id);
    const where = `VirtualInterfaceAssociation ${this.node.path}`;
    const vif = props.virtualInterface;
    const target = props.target;
    const targetKind = target._kinds.length === 1 ? target._kinds[0] : undefined;
    if (props.onHostedConnection && targetKind === 'dxlag') {
      throw new Error(`${where}: virtual interface '${vif.virtualInterfaceId}' is on a hosted connection (onHostedConnection is true), ` +
        `and Direct Connect cannot move such an interface to a LAG ('${target.targetId}'). Move the hosted connection with its ` +
        'interfaces using HostedConnectionAssociation, or choose a connection (dxcon-…) as the target.');
    }
    this.movedId = vif.virtualInterfaceId;
    this.targetGiven = target.targetId;
    this.virtualInterface = vif;
    rejectSecondMove(this, where);
    if (vif._declaredBy) {
      Annotations.of(this).addWarningV2('cdk-hybrid-connectivity:vifDeclaredInApp',
        `The virtual interface is declared in this app by ${vif._declaredBy.node.path} (${vif._declaredBy.cfnResourceType}), ` +
        'and CloudFormation moves such an interface itself when its connectionId changes: this association and that resource would ' +
        'undo each other\'s move on every deployment. Move it by changing connectionId on the L1 and remove this association, or ' +
        'keep this association and import the interface by id (DirectConnectVirtualInterface.fromId) with the L1 removed from the stack ' +
        '(RemovalPolicy.RETAIN first, so the interface itself is not deleted).');
    }

    const restore = props.removalBehavior === AssociationRemovalBehavior.RESTORE;
    const moved: DirectConnectGrantTarget = { id: vif.virtualInterfaceId, kindsIfToken: ['dxvif'], scope: vif._scope };
    const to: DirectConnectGrantTarget = { id: target.targetId, kindsIfToken: target._kinds, scope: target._scope };
    grantOnIds(this, ['directconnect:AssociateVirtualInterface'], [
      moved,
      // The connection to move back to is known only at deploy time.
      ...(restore ? [] : [to]),
    ]);
    if (restore) grantOnAccount(this, ['directconnect:AssociateVirtualInterface'], ['dxcon', 'dxlag'], target._scope);
    grantOnIds(this, ['directconnect:DescribeVirtualInterfaces'], [moved]);
    // Each move records where the interface came from, and removes it when done: on the interface when this
    // account owns it (its Describe then carries the record), else on the target, which this account must own
    // for the move (the interface may be another account's, and tags are the owner's alone).
    grantOnIds(this, MOVE_RECORD_ACTIONS, [to, moved]);
    // The hosted-connection check reads the interface's current connection, which only the deployment knows.
    if (targetKind !== 'dxcon' || restore) {
      grantOnAccount(this, ['directconnect:DescribeConnections'], ['dxcon']);
    }

    // The CloudFormation property names stay those the handler reads, so physical ids do not change.
    const properties: VirtualInterfaceAssociationProperties = {
      VirtualInterfaceId: vif.virtualInterfaceId,
      ConnectionId: target.targetId,
      // Absent is RETAIN, and no BGP wait, to the handler and the preflight alike (association-lifecycle.ts,
      // removalBehavior; virtual-interface-association-handler.ts, waitForBgpUp).
      RemovalBehavior: props.removalBehavior === AssociationRemovalBehavior.RESTORE ? AssociationRemovalBehavior.RESTORE : undefined,
      WaitForBgpUp: props.waitForBgpUp ? true : undefined,
      WaitTimeoutSeconds: waitTimeoutSeconds(`waitTimeout of ${this.node.path}`, props.waitTimeout, DEFAULT_WAIT_TIMEOUT_SECONDS),
    };
    this.resource = HybridConnectivityProvider.of(this).customResource(this, VIRTUAL_INTERFACE_ASSOCIATION_RESOURCE_TYPE, { ...properties },
      props.removalPolicy);
    refuseRetainWithRestore(this, this.resource, props.removalBehavior, 'virtual interface');
  }

  /** @internal the virtual interface id as given in props. */
  public get _movedId(): string {
    return this.movedId;
  }

  /** @internal the ids as given, so the metrics' dimensions are known before the move. */
  protected get _metricIds(): [string, string] {
    return [this.targetGiven, this.movedId];
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
