import { aws_directconnect as dxRefs } from 'aws-cdk-lib/interfaces';
import { CONNECTION_ARN_EXPECTED, CONNECTION_ARN_PATTERN, DIRECT_CONNECT_GATEWAY_ID_PATTERN } from './interconnect-patterns';
import { resourceIdFromArn } from '../core/arn-ids';
import { validatePattern } from '../core/validation';

const GATEWAY_ID_EXPECTED = 'a Direct Connect gateway id: a UUID such as 5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9';

/**
 * Where, inside the AWS network, an Interconnect connection attaches.
 *
 * Use a static factory: `AttachPoint.directConnectGateway('…')`, `AttachPoint.fromDirectConnectGateway(gateway)`
 * or `AttachPoint.fromArn('…')`.
 */
export class AttachPoint {
  /**
   * Attach to a Direct Connect gateway, given its id.
   *
   * @param gatewayId the Direct Connect gateway id, a UUID such as `5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9`.
   */
  public static directConnectGateway(gatewayId: string): AttachPoint {
    validatePattern('Direct Connect gateway id', gatewayId, DIRECT_CONNECT_GATEWAY_ID_PATTERN, GATEWAY_ID_EXPECTED);
    return new AttachPoint('directConnectGateway', gatewayId);
  }

  /**
   * Attach to a Direct Connect gateway, given any construct that references one, such as an
   * `aws_directconnect.CfnDirectConnectGateway` in the same app.
   *
   * The reference carries the gateway's ARN (`arn:aws:directconnect::111122223333:dx-gateway/<id>`); the
   * gateway id is cut from it, by CloudFormation when the ARN is only known at deploy time. An ARN known at
   * synth must be a Direct Connect gateway's, or synthesis fails quoting it.
   *
   * @param gateway the Direct Connect gateway.
   */
  public static fromDirectConnectGateway(gateway: dxRefs.IDirectConnectGatewayRef): AttachPoint {
    const arn = gateway.directConnectGatewayRef.directConnectGatewayArn;
    const gatewayId = resourceIdFromArn(arn, { service: 'directconnect', resourcePrefix: 'dx-gateway', what: 'Direct Connect gateway ARN' });
    validatePattern(`Direct Connect gateway id in ARN '${arn}'`, gatewayId, DIRECT_CONNECT_GATEWAY_ID_PATTERN, GATEWAY_ID_EXPECTED);
    return new AttachPoint('directConnectGateway', gatewayId);
  }

  /**
   * Attach to an attach point named by its full ARN.
   *
   * @param arn the attach point's ARN, in the form the Interconnect API accepts.
   */
  public static fromArn(arn: string): AttachPoint {
    // The API model gives AttachPoint.arn the Interconnect ARN pattern; checking it here fails fast
    // on what the service would reject at deploy time.
    validatePattern('attach point ARN', arn, CONNECTION_ARN_PATTERN, CONNECTION_ARN_EXPECTED);
    return new AttachPoint('arn', arn);
  }

  /**
   * The member of the API's AttachPoint union that is set (`directConnectGateway` or `arn`): a wire value
   * of the construct and its handler, not part of the public API.
   *
   * @internal
   */
  public readonly _kind: string;

  /** The Direct Connect gateway id or the ARN, which may be a token. */
  public readonly value: string;

  private constructor(kind: string, value: string) {
    this._kind = kind;
    this.value = value;
  }
}
