import { CONNECTION_ARN_EXPECTED, CONNECTION_ARN_PATTERN, DIRECT_CONNECT_GATEWAY_ID_PATTERN } from './interconnect-patterns';
import { validatePattern } from '../core/validation';

/**
 * Where, inside the AWS network, an Interconnect connection attaches.
 *
 * Use a static factory: `AttachPoint.directConnectGateway('…')` or `AttachPoint.fromArn('…')`.
 */
export class AttachPoint {
  /**
   * Attach to a Direct Connect gateway.
   *
   * @param gatewayId the Direct Connect gateway id, a UUID such as `5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9`.
   */
  public static directConnectGateway(gatewayId: string): AttachPoint {
    validatePattern('Direct Connect gateway id', gatewayId, DIRECT_CONNECT_GATEWAY_ID_PATTERN,
      'a Direct Connect gateway id: a UUID such as 5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9');
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
   * @param kind `directConnectGateway` or `arn`: the member of the API's AttachPoint union that is set.
   * @param value the gateway id or the ARN.
   */
  private constructor(public readonly kind: string, public readonly value: string) {}
}
