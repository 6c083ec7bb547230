import { CfnOutput, Duration } from 'aws-cdk-lib';
import { LifecycleStage, StageBuilder, synthStage } from './lifecycle-stages';
import { AssociationRemovalBehavior, DirectConnectTarget, HostedConnectionAssociation } from '../../src';

/** The construct under test, as each stage of its lifecycle deploys it. */
export const build: StageBuilder = (stack, stage) => {
  // Create: a Direct Connect Partner moves a customer's hosted connection onto a LAG, and back on delete.
  // Update in place: the removal behaviour and the wait limit. Replace: a new target, which is a new move.
  const updated = stage === LifecycleStage.UPDATE_IN_PLACE;
  const move = new HostedConnectionAssociation(stack, 'MoveCustomerA', {
    hostedConnectionId: 'dxcon-fg5678gh',
    target: DirectConnectTarget.fromId(stage === LifecycleStage.REPLACE ? 'dxlag-ab12cd34' : 'dxlag-ffrz71kw'),
    removalBehavior: updated ? AssociationRemovalBehavior.RETAIN : AssociationRemovalBehavior.RESTORE,
    waitTimeout: updated ? Duration.minutes(45) : Duration.minutes(20),
  });
  new CfnOutput(stack, 'MovedFrom', { value: move.previousParentId });
  new CfnOutput(stack, 'ConnectionState', { value: move.connectionState });
};

if (require.main === module) {
  synthStage('HostedConnectionAssociation', LifecycleStage.CREATE, build);
}
