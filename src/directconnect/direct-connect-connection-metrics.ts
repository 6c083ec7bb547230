import { aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { aws_directconnect as dxRefs } from 'aws-cdk-lib/interfaces';
import { rejectWrongL1 } from './direct-connect-grants';
import { directConnectMetric } from './direct-connect-metric';
import { resourceIdFromArn } from '../core/arn-ids';

/**
 * CloudWatch metrics of one Direct Connect connection (dimension `ConnectionId`), such as a hosted
 * connection after a move. Direct Connect publishes `ConnectionState` for dedicated and hosted connections
 * alike; the bit-rate, packet-rate and optical metrics describe a physical port, so for a hosted connection
 * they are published on the interconnect or LAG that carries it (see
 * https://docs.aws.amazon.com/directconnect/latest/UserGuide/monitoring-cloudwatch.html).
 */
export class DirectConnectConnectionMetrics {
  /**
   * The metrics of a connection given by its Ref, such as a `CfnConnection`.
   *
   * @param connection the connection. Its id is cut from `connectionRef.connectionArn`.
   */
  public static of(connection: dxRefs.IConnectionRef): DirectConnectConnectionMetrics {
    rejectWrongL1('DirectConnectConnectionMetrics.of', connection, 'AWS::DirectConnect::Connection');
    return new DirectConnectConnectionMetrics(resourceIdFromArn(connection.connectionRef.connectionArn,
      { service: 'directconnect', resourcePrefix: 'dxcon', what: 'connectionRef.connectionArn' }));
  }

  /**
   * The metrics of a connection given by its id, such as `dxcon-fg5678gh`.
   *
   * @param connectionId the connection's id.
   */
  public static fromConnectionId(connectionId: string): DirectConnectConnectionMetrics {
    return new DirectConnectConnectionMetrics(connectionId);
  }

  /** The connection the metrics describe, the value of their `ConnectionId` dimension. */
  public readonly connectionId: string;

  private constructor(connectionId: string) {
    this.connectionId = connectionId;
  }

  /**
   * Any `AWS/DX` metric of this connection, with the `ConnectionId` dimension.
   *
   * @param metricName the metric's name, such as `ConnectionErrorCount`.
   * @param props options that override the defaults (average over 5 minutes).
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return directConnectMetric(metricName, { ConnectionId: this.connectionId }, cloudwatch.Stats.AVERAGE, props);
  }

  /**
   * Whether the connection is up: 1 for up, 0 for down (`ConnectionState`). The default statistic is the
   * minimum, so one down sample in the period shows.
   *
   * @param props options that override the defaults (minimum over 5 minutes).
   */
  public metricConnectionState(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ConnectionState', { statistic: cloudwatch.Stats.MINIMUM, ...props });
  }

  /**
   * The bit rate of outbound data from the AWS side of the connection (`ConnectionBpsEgress`).
   *
   * @param props options that override the defaults (average over 5 minutes).
   */
  public metricConnectionBpsEgress(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ConnectionBpsEgress', props);
  }

  /**
   * The bit rate of inbound data to the AWS side of the connection (`ConnectionBpsIngress`).
   *
   * @param props options that override the defaults (average over 5 minutes).
   */
  public metricConnectionBpsIngress(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ConnectionBpsIngress', props);
  }

  /**
   * The packet rate of outbound data from the AWS side of the connection (`ConnectionPpsEgress`).
   *
   * @param props options that override the defaults (average over 5 minutes).
   */
  public metricConnectionPpsEgress(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ConnectionPpsEgress', props);
  }

  /**
   * The packet rate of inbound data to the AWS side of the connection (`ConnectionPpsIngress`).
   *
   * @param props options that override the defaults (average over 5 minutes).
   */
  public metricConnectionPpsIngress(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ConnectionPpsIngress', props);
  }

  /**
   * The total error count of the connection's port, such as MAC-level errors (`ConnectionErrorCount`).
   *
   * @param props options that override the defaults (sum over 5 minutes).
   */
  public metricConnectionErrorCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ConnectionErrorCount', { statistic: cloudwatch.Stats.SUM, ...props });
  }

  /**
   * The health of the fiber: the outbound (transmit) optical signal, in dBm (`ConnectionLightLevelTx`).
   *
   * @param props options that override the defaults (average over 5 minutes).
   */
  public metricConnectionLightLevelTx(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ConnectionLightLevelTx', props);
  }

  /**
   * The health of the fiber: the inbound (receive) optical signal, in dBm (`ConnectionLightLevelRx`).
   *
   * @param props options that override the defaults (average over 5 minutes).
   */
  public metricConnectionLightLevelRx(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('ConnectionLightLevelRx', props);
  }
}
