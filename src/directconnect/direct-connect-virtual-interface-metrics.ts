import { Token, aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { directConnectMetric } from './direct-connect-metric';

/** Options for the BGP metrics of a virtual interface, which Direct Connect publishes per address family. */
export interface DirectConnectBgpMetricOptions extends cloudwatch.MetricOptions {
  /**
   * The BGP session's address family, the value of the `IpAddressFamily` dimension: `ipv4` or `ipv6`
   * (the values of the virtual interface's `addressFamily` in the Direct Connect API).
   *
   * @default 'ipv4'
   */
  readonly ipAddressFamily?: string;
}

/**
 * CloudWatch metrics of one Direct Connect virtual interface (dimensions `ConnectionId` and
 * `VirtualInterfaceId`): its traffic, and, since March 2026, its BGP session's status and prefix counts
 * (with the `IpAddressFamily` dimension as well). After a move the interface's metrics are published under
 * the connection or LAG it is on now, so build them from the target
 * (docs: https://docs.aws.amazon.com/directconnect/latest/UserGuide/monitoring-cloudwatch.html; the BGP
 * metrics: https://aws.amazon.com/blogs/networking-and-content-delivery/introducing-cloudwatch-metrics-for-aws-direct-connect-virtual-interface-bgp-health-and-prefix-count).
 */
export class DirectConnectVirtualInterfaceMetrics {
  /**
   * The metrics of a virtual interface on a connection or LAG.
   *
   * @param connectionId the connection or LAG the interface is on, `dxcon-…` or `dxlag-…`.
   * @param virtualInterfaceId the interface, `dxvif-…`.
   */
  public static fromIds(connectionId: string, virtualInterfaceId: string): DirectConnectVirtualInterfaceMetrics {
    return new DirectConnectVirtualInterfaceMetrics(connectionId, virtualInterfaceId);
  }

  /** The value of the metrics' `ConnectionId` dimension: the connection or LAG the interface is on. */
  public readonly connectionId: string;

  /** The value of the metrics' `VirtualInterfaceId` dimension. */
  public readonly virtualInterfaceId: string;

  private constructor(connectionId: string, virtualInterfaceId: string) {
    this.connectionId = connectionId;
    this.virtualInterfaceId = virtualInterfaceId;
  }

  /**
   * Any `AWS/DX` metric of this interface, with the `ConnectionId` and `VirtualInterfaceId` dimensions.
   *
   * @param metricName the metric's name, such as `VirtualInterfaceBpsEgress`.
   * @param props options that override the defaults (average over 5 minutes).
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return directConnectMetric(metricName, { ConnectionId: this.connectionId, VirtualInterfaceId: this.virtualInterfaceId },
      cloudwatch.Stats.AVERAGE, props);
  }

  /**
   * The bit rate of outbound data from the AWS side of the interface (`VirtualInterfaceBpsEgress`).
   *
   * @param props options that override the defaults (average over 5 minutes).
   */
  public metricVirtualInterfaceBpsEgress(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('VirtualInterfaceBpsEgress', props);
  }

  /**
   * The bit rate of inbound data to the AWS side of the interface (`VirtualInterfaceBpsIngress`).
   *
   * @param props options that override the defaults (average over 5 minutes).
   */
  public metricVirtualInterfaceBpsIngress(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('VirtualInterfaceBpsIngress', props);
  }

  /**
   * The packet rate of outbound data from the AWS side of the interface (`VirtualInterfacePpsEgress`).
   *
   * @param props options that override the defaults (average over 5 minutes).
   */
  public metricVirtualInterfacePpsEgress(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('VirtualInterfacePpsEgress', props);
  }

  /**
   * The packet rate of inbound data to the AWS side of the interface (`VirtualInterfacePpsIngress`).
   *
   * @param props options that override the defaults (average over 5 minutes).
   */
  public metricVirtualInterfacePpsIngress(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('VirtualInterfacePpsIngress', props);
  }

  /**
   * Whether the interface's BGP session is up: 1 for up, 0 for down (`VirtualInterfaceBgpStatus`). The
   * default statistic is the minimum, so one down sample in the period shows: alarm on it being below 1.
   *
   * @param props the address family, and options that override the defaults (minimum over 5 minutes).
   */
  public metricVirtualInterfaceBgpStatus(props?: DirectConnectBgpMetricOptions): cloudwatch.Metric {
    return this.bgpMetric('VirtualInterfaceBgpStatus', cloudwatch.Stats.MINIMUM, props);
  }

  /**
   * How many prefixes the AWS side accepts from the customer's router over BGP
   * (`VirtualInterfaceBgpPrefixesAccepted`).
   *
   * @param props the address family, and options that override the defaults (minimum over 5 minutes).
   */
  public metricVirtualInterfaceBgpPrefixesAccepted(props?: DirectConnectBgpMetricOptions): cloudwatch.Metric {
    return this.bgpMetric('VirtualInterfaceBgpPrefixesAccepted', cloudwatch.Stats.MINIMUM, props);
  }

  /**
   * How many prefixes the AWS side advertises to the customer's router over BGP
   * (`VirtualInterfaceBgpPrefixesAdvertised`).
   *
   * @param props the address family, and options that override the defaults (minimum over 5 minutes).
   */
  public metricVirtualInterfaceBgpPrefixesAdvertised(props?: DirectConnectBgpMetricOptions): cloudwatch.Metric {
    return this.bgpMetric('VirtualInterfaceBgpPrefixesAdvertised', cloudwatch.Stats.MINIMUM, props);
  }

  private bgpMetric(metricName: string, statistic: string, props: DirectConnectBgpMetricOptions = {}): cloudwatch.Metric {
    const { ipAddressFamily, ...options } = props;
    const family = ipAddressFamily ?? 'ipv4';
    if (!Token.isUnresolved(family) && !['ipv4', 'ipv6'].includes(family)) {
      throw new Error(`Invalid ipAddressFamily: '${family}'. Expected 'ipv4' or 'ipv6'.`);
    }
    return directConnectMetric(metricName, {
      ConnectionId: this.connectionId, VirtualInterfaceId: this.virtualInterfaceId, IpAddressFamily: family,
    }, statistic, options);
  }
}
