import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { AttachPoint, InterconnectConnection } from '../src';

/** The account and region the demo deploys to; the local emulator serves any. */
export const DEMO_ENV = { account: '123456789012', region: 'us-east-1' };

/** The Direct Connect gateway the demo's connection attaches to. */
export const DEMO_GATEWAY_ID = '5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9';

/**
 * The example app: a network stack that requests an AWS Interconnect connection to Google Cloud, and a
 * second stack that consumes its activation key and shared id, as a platform team hands them to the
 * partner's tooling.
 */
export function buildDemoApp(outdir?: string): App {
  const app = new App({ outdir });

  const network = new Stack(app, 'HybridNetwork', { env: DEMO_ENV });
  const connection = new InterconnectConnection(network, 'ToGoogleCloud', {
    environmentId: 'aws-gcp-us-east4',
    bandwidth: '1Gbps',
    attachPoint: AttachPoint.directConnectGateway(DEMO_GATEWAY_ID),
    description: 'prod to gcp',
    tags: { team: 'network' },
  });

  const handoff = new Stack(app, 'PartnerHandoff', { env: DEMO_ENV });
  new ssm.StringParameter(handoff, 'SharedIdParameter', {
    parameterName: '/network/gcp/shared-id',
    stringValue: connection.sharedId,
  });
  new CfnOutput(handoff, 'SharedId', { value: connection.sharedId });
  new CfnOutput(handoff, 'ActivationKey', { value: connection.activationKey });
  new CfnOutput(handoff, 'ConnectionId', { value: connection.connectionId });

  return app;
}

if (require.main === module) {
  buildDemoApp().synth();
}
