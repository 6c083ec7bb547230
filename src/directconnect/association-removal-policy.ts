import { CfnDeletionPolicy, CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { AssociationRemovalBehavior } from './association-removal-behavior';

/**
 * A RETAIN deletion policy makes CloudFormation drop the association from the stack without calling its
 * handler, so a RESTORE would never run. Checked when the app synthesizes, so `applyRemovalPolicy` after
 * construction is caught as well as the `removalPolicy` prop.
 */
export function refuseRetainWithRestore(owner: IConstruct, resource: CfnResource, removalBehavior: AssociationRemovalBehavior | undefined,
  what: string): void {
  if (removalBehavior !== AssociationRemovalBehavior.RESTORE) return;
  owner.node.addValidation({
    validate: () => {
      const policy = resource.cfnOptions.deletionPolicy;
      if (policy !== CfnDeletionPolicy.RETAIN && policy !== CfnDeletionPolicy.RETAIN_EXCEPT_ON_CREATE) return [];
      return [`${owner.node.path}: removalPolicy RETAIN (DeletionPolicy ${policy}) with removalBehavior RESTORE: CloudFormation would ` +
        `drop the association without calling its handler, so the ${what} would never move back. Choose one: keep RemovalPolicy.DESTROY ` +
        '(the default) with AssociationRemovalBehavior.RESTORE to move it back when the association is removed, or use ' +
        'AssociationRemovalBehavior.RETAIN to leave it where it is.'];
    },
  });
}
