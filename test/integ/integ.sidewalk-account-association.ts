import { CfnOutput, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { LifecycleStage, StageBuilder, synthStage } from './lifecycle-stages';
import { SidewalkAccountAssociation } from '../../src';

/** The construct under test, as each stage of its lifecycle deploys it. */
export const build: StageBuilder = (stack, stage) => {
  // Create: a Sidewalk partner account linked with its application server key from a JSON secret.
  // Update in place: a rotated key (a new secret version), and tags. Replace: another Sidewalk account.
  const updated = stage === LifecycleStage.UPDATE_IN_PLACE;
  const key = secretsmanager.Secret.fromSecretNameV2(stack, 'SidewalkKey', 'sidewalk/app-server-private-key');
  const sidewalk = new SidewalkAccountAssociation(stack, 'Sidewalk', {
    amazonId: stage === LifecycleStage.REPLACE ? 'amzn1.account.BEXAMPLE' : 'amzn1.account.AEXAMPLE',
    appServerPrivateKey: key,
    appServerPrivateKeyField: 'appServerPrivateKey',
    appServerPrivateKeyVersionId: updated ? '7c1f2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b' : undefined,
    tags: updated ? { fleet: 'trackers', stage: 'prod' } : { fleet: 'trackers' },
  });
  Tags.of(sidewalk).add('cost-center', 'cc-300');
  new CfnOutput(stack, 'Fingerprint', { value: sidewalk.fingerprint });
  new CfnOutput(stack, 'PartnerAccountArn', { value: sidewalk.partnerAccountArn });
  // A dashboard may read the partner account (its fingerprint, never the key), and nothing else of it.
  const dashboard = new iam.Role(stack, 'Dashboard', { assumedBy: new iam.AccountRootPrincipal() });
  sidewalk.grantRead(dashboard);
};

if (require.main === module) {
  synthStage('SidewalkAccountAssociation', LifecycleStage.CREATE, build);
}
