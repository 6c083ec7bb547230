/**
 * The record a Direct Connect move leaves on the resource it moves: two tags, written just before the
 * associate call.
 *
 * Direct Connect's associate calls take no client token. If a request is run twice (the Provider framework
 * invokes onEvent again after a lost response, say), the second run finds the resource already on the
 * target and, without a record, would take the target for the parent it came from, so a later RESTORE
 * would leave it where it is. The record lets that second run recognise its own move: the token is the
 * request's idempotency token, so a move made by any other request, or by a person, never matches.
 */

/** Tag key: the interconnect, LAG or connection the resource was on before the move (empty when unknown). */
export const PREVIOUS_PARENT_TAG = 'cdk-hybrid-connectivity:previous-parent';

/** Tag key: the idempotency token of the request that made the move. */
export const MOVE_TOKEN_TAG = 'cdk-hybrid-connectivity:move-token';

/** What a moved resource carries, in the views the handlers read. */
export interface TaggedResource {
  readonly ownerAccount?: string;
  readonly region?: string;
  readonly tags: Record<string, string>;
}

/** The tags that record a move from `previousId` made by the request whose token is `token`. */
export function moveRecordTags(previousId: string | undefined, token: string): Record<string, string> {
  return { [PREVIOUS_PARENT_TAG]: previousId ?? '', [MOVE_TOKEN_TAG]: token };
}

/**
 * The previous parent this very request recorded on the resource, or undefined when the record is missing,
 * was made by another request, or names no parent.
 */
export function recordedPreviousParent(resource: TaggedResource, token: string): string | undefined {
  if (resource.tags[MOVE_TOKEN_TAG] !== token) return undefined;
  return resource.tags[PREVIOUS_PARENT_TAG] || undefined;
}

/**
 * The resource's ARN for TagResource, `arn:<partition>:directconnect:<region>:<owner>:<kind>/<id>`, or
 * undefined when the Describe answer did not say its owner or region.
 */
export function taggableArn(partition: string, kind: 'dxcon' | 'dxvif', id: string, resource: TaggedResource): string | undefined {
  if (!resource.ownerAccount || !resource.region) return undefined;
  return `arn:${partition}:directconnect:${resource.region}:${resource.ownerAccount}:${kind}/${id}`;
}
