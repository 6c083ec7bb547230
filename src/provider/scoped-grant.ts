/**
 * What one construct needs its handlers to be allowed to do: some actions on some resources.
 *
 * When the stack's policy nears IAM's size limit, the resources of a grant collapse to `collapsedArn`,
 * an account- and region-scoped pattern of the same resource type.
 */
export interface ScopedGrant {
  /** The IAM actions, such as `directconnect:DescribeConnections`. */
  readonly actions: string[];
  /** The ARNs the actions are allowed on, tokens included. */
  readonly resourceArns: string[];
  /** The pattern the ARNs fall back to when the policy would otherwise exceed its size budget. */
  readonly collapsedArn: string;
}
