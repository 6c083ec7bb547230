import { Token } from 'aws-cdk-lib';
import { aws_directconnect as dxRefs } from 'aws-cdk-lib/interfaces';
import { DirectConnectResourceScope, rejectWrongL1 } from './direct-connect-grants';
import { directConnectIdKind, DirectConnectIdKind } from './direct-connect-ids';
import { validateDirectConnectId } from './direct-connect-validation';
import { resourceIdFromArn } from '../core/arn-ids';

/**
 * The connection or LAG a Direct Connect move goes to: a dedicated connection or an interconnect
 * (`dxcon-…`), or a link aggregation group (`dxlag-…`). A hosted-connection association's
 * `currentParent`, the interconnect or LAG the connection is on before the move, is one too.
 *
 * Give the `CfnConnection` or `CfnLag` (or any `IConnectionRef` / `ILagRef`) when the stack or another
 * stack declares it, or its id or ARN when it exists elsewhere. A Ref carries an ARN; the id is cut from it
 * in the template, so `lag.ref`, which is the LAG's ARN, works as well as a literal id.
 */
export class DirectConnectTarget {
  /**
   * A Direct Connect connection or interconnect, from its Ref, such as a `CfnConnection` in this app.
   *
   * @param connection the connection. Its `connectionRef.connectionArn` names it, and its `env` gives the
   *   account and region its permissions are scoped to.
   */
  public static connection(connection: dxRefs.IConnectionRef): DirectConnectTarget {
    rejectWrongL1('DirectConnectTarget.connection', connection, 'AWS::DirectConnect::Connection');
    const arn = connection.connectionRef.connectionArn;
    const id = resourceIdFromArn(arn, { service: 'directconnect', resourcePrefix: 'dxcon', what: 'connectionRef.connectionArn of the target' });
    return new DirectConnectTarget(id, ['dxcon'], { arn, account: connection.env.account, region: connection.env.region });
  }

  /**
   * A link aggregation group, from its Ref, such as a `CfnLag` in this app (whose `ref` is its ARN).
   *
   * @param lag the LAG. Its `lagRef.lagArn` names it, and its `env` gives the account and region its
   *   permissions are scoped to.
   */
  public static lag(lag: dxRefs.ILagRef): DirectConnectTarget {
    rejectWrongL1('DirectConnectTarget.lag', lag, 'AWS::DirectConnect::Lag');
    const arn = lag.lagRef.lagArn;
    const id = resourceIdFromArn(arn, { service: 'directconnect', resourcePrefix: 'dxlag', what: 'lagRef.lagArn of the target' });
    return new DirectConnectTarget(id, ['dxlag'], { arn, account: lag.env.account, region: lag.env.region });
  }

  /**
   * A connection, interconnect or LAG by its id, such as `dxcon-fg5678gh` or `dxlag-ffrz71kw`, in the
   * stack's account and region. An id known at synth is checked; a token may be either kind.
   *
   * @param id the id.
   */
  public static fromId(id: string): DirectConnectTarget {
    validateDirectConnectId('target id', id, ['dxcon', 'dxlag']);
    return new DirectConnectTarget(id, Token.isUnresolved(id) ? ['dxcon', 'dxlag'] : [directConnectIdKind(id)!]);
  }

  /**
   * A connection, interconnect or LAG by its ARN, such as
   * `arn:aws:directconnect:us-east-1:111122223333:dxlag/dxlag-ffrz71kw`. A literal ARN must be a Direct
   * Connect `dxcon/…` or `dxlag/…` ARN; permissions are scoped to it.
   *
   * @param arn the ARN.
   */
  public static fromArn(arn: string): DirectConnectTarget {
    const id = resourceIdFromArn(arn, { service: 'directconnect', resourcePrefix: ['dxcon', 'dxlag'], what: 'target ARN' });
    const kinds: DirectConnectIdKind[] = Token.isUnresolved(id) ? ['dxcon', 'dxlag'] : [directConnectIdKind(id)!];
    return new DirectConnectTarget(id, kinds, { arn });
  }

  /**
   * The target's id, `dxcon-…` or `dxlag-…`: the value itself for `fromId`, else a token that cuts it from
   * the ARN in the template.
   */
  public readonly targetId: string;

  /** @internal the kinds the id may be: one when synth knows it, both for a token id. */
  public readonly _kinds: ReadonlyArray<DirectConnectIdKind>;

  /** @internal the ARN and environment, when the target came from a Ref or an ARN. */
  public readonly _scope?: DirectConnectResourceScope;

  private constructor(targetId: string, kinds: ReadonlyArray<DirectConnectIdKind>, scope?: DirectConnectResourceScope) {
    this.targetId = targetId;
    this._kinds = kinds;
    this._scope = scope;
  }
}
