/**
 * What happens to a moved Direct Connect resource when its association leaves the stack (the construct
 * is removed, the stack is deleted, or a failed deployment rolls the move back).
 *
 * Direct Connect has no API that undoes an association, so leaving the resource where it is, and moving
 * it back, are the two choices. Either way, a resource that has since been moved on by a newer
 * association (or by hand) is never touched.
 */
export enum AssociationRemovalBehavior {
  /**
   * Leave the resource on the connection or LAG it was moved to. Nothing is called and traffic is not
   * interrupted. A rolled-back deployment also leaves it there.
   */
  RETAIN = 'RETAIN',

  /**
   * Move the resource back to the connection or LAG it was on before this association moved it, and wait
   * until it is steady there. This interrupts traffic again. It happens only while the resource is still
   * on this association's target; after a change of target, the association that made the newer move owns
   * it, and deleting that one moves it back to the target before the change.
   */
  RESTORE = 'RESTORE',
}
