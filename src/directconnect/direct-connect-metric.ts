import { Duration, aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';

/**
 * The `AWS/DX` namespace: Direct Connect publishes its metrics there every 5 minutes
 * (docs: https://docs.aws.amazon.com/directconnect/latest/UserGuide/monitoring-cloudwatch.html).
 */
export const DIRECT_CONNECT_METRIC_NAMESPACE = 'AWS/DX';

/** A metric of the `AWS/DX` namespace with the given dimensions; the caller's options win. */
export function directConnectMetric(metricName: string, dimensionsMap: Record<string, string>, statistic: string,
  props?: cloudwatch.MetricOptions): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: DIRECT_CONNECT_METRIC_NAMESPACE, metricName, dimensionsMap, statistic, period: Duration.minutes(5), ...props,
  });
}

