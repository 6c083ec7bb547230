import { CfnOutput, Duration } from 'aws-cdk-lib';
import { LifecycleStage, StageBuilder, synthStage } from './lifecycle-stages';
import { AssociationRemovalBehavior, DirectConnectTarget, DirectConnectVirtualInterface, VirtualInterfaceAssociation } from '../../src';

/** The construct under test, as each stage of its lifecycle deploys it. */
export const build: StageBuilder = (stack, stage) => {
  // Create: a private virtual interface moves to another dedicated connection, and back on delete.
  // Update in place: removal behaviour, waiting for BGP, and the wait limit. Replace: a LAG as the new
  // target, which is a new move.
  const updated = stage === LifecycleStage.UPDATE_IN_PLACE;
  const move = new VirtualInterfaceAssociation(stack, 'MoveProdVif', {
    virtualInterface: DirectConnectVirtualInterface.fromId('dxvif-fg5678gh'),
    target: DirectConnectTarget.fromId(stage === LifecycleStage.REPLACE ? 'dxlag-ffrz71kw' : 'dxcon-ab12cd34'),
    removalBehavior: updated ? AssociationRemovalBehavior.RETAIN : AssociationRemovalBehavior.RESTORE,
    waitForBgpUp: updated,
    waitTimeout: updated ? Duration.minutes(40) : Duration.minutes(20),
  });
  new CfnOutput(stack, 'VifMovedFrom', { value: move.previousConnectionId });
  new CfnOutput(stack, 'VifState', { value: move.virtualInterfaceState });
};

if (require.main === module) {
  synthStage('VirtualInterfaceAssociation', LifecycleStage.CREATE, build);
}
