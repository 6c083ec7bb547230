import { CfnOutput, RemovalPolicy, Tags } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { LifecycleStage, StageBuilder, synthStage } from './lifecycle-stages';
import { ActivationKey, AttachPoint, InterconnectConnection } from '../../src';

/** The construct under test, as each stage of its lifecycle deploys it. */
export const build: StageBuilder = (stack, stage) => {
  // Create: a 1 Gbps connection to Google Cloud on a Direct Connect gateway, its shared id handed on.
  // Update in place: description, bandwidth and tags. Replace: another Direct Connect gateway.
  const connection = new InterconnectConnection(stack, 'ToGoogleCloud', {
    environmentId: 'aws-gcp-us-east4',
    bandwidth: stage === LifecycleStage.UPDATE_IN_PLACE ? '2Gbps' : '1Gbps',
    attachPoint: AttachPoint.directConnectGateway(stage === LifecycleStage.REPLACE
      ? '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'
      : '5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9'),
    description: stage === LifecycleStage.UPDATE_IN_PLACE ? 'prod to gcp upgraded' : 'prod to gcp',
    tags: stage === LifecycleStage.UPDATE_IN_PLACE ? { team: 'network', tier: 'prod' } : { team: 'network' },
    // Connections are retained by default (a new one needs a person at the partner's portal); a test
    // deployment deletes what it made, the replaced connection included.
    removalPolicy: RemovalPolicy.DESTROY,
  });
  Tags.of(connection).add('cost-center', stage === LifecycleStage.UPDATE_IN_PLACE ? 'cc-200' : 'cc-100');
  new CfnOutput(stack, 'SharedId', { value: connection.sharedId });
  new CfnOutput(stack, 'State', { value: connection.state });

  // Accepting a proposal made at the partner's portal, its activation key kept in Secrets Manager.
  const proposal = secretsmanager.Secret.fromSecretNameV2(stack, 'ProposalKey', 'interconnect/azure-proposal');
  const accepted = new InterconnectConnection(stack, 'FromAzure', {
    activationKey: ActivationKey.fromSecret(proposal, 'key'),
    attachPoint: AttachPoint.directConnectGateway('5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9'),
    description: 'prod to azure',
    removalPolicy: RemovalPolicy.DESTROY,
  });
  new CfnOutput(stack, 'AzureConnectionId', { value: accepted.connectionId });
};

if (require.main === module) {
  synthStage('InterconnectConnection', LifecycleStage.CREATE, build);
}
