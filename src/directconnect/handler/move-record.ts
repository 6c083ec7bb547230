import { idempotencyToken } from '../../runtime/idempotency-token';
import { directConnectIdKind, isDirectConnectId } from '../direct-connect-ids';

/**
 * The record a Direct Connect move leaves while it is in flight: one tag, keyed by the moved id, written just
 * before the associate call and removed once the move is steady. It lives on the moved virtual interface when
 * the stack's account owns it, and on the move's target otherwise.
 *
 * Why on the target: the stack's account must own the target for Direct Connect to allow the move at all
 * (AssociateHostedConnection is for the partner that owns the interconnect or LAG; AssociateVirtualInterface
 * needs "the requester must own the connection or LAG for the association"), while the moved resource is
 * often another account's (a partner's customers own their hosted connections), and tags are the owner's
 * alone. So the target is the one resource of a move the handler may always tag.
 *
 * Why on the interface when it is the stack's own: the reads a move makes anyway then carry the record. The
 * DescribeVirtualInterfaces that reads the record back after the claim (move-election.ts) is the same call
 * that looks where the interface is just before the move, and a rerun's or a rollback's first read of the
 * interface shows whose record it holds: one call a move instead of a DescribeTags beside each of those reads.
 * (A hosted connection is its customer's, and the partner's DescribeHostedConnections never shows its tags,
 * so its record stays on the target.) One key per interface, on the interface itself, stays within its tag
 * limit whatever the number of moves onto one target.
 *
 * What it is for: Direct Connect's associate calls take no client token.
 * - Two deliveries of one request (Lambda's asynchronous invocation may deliver an event twice, even at
 *   the same time) each write their own nonce into it; only the one whose nonce stands moves
 *   (move-election.ts). A RESTORE's move back is elected the same way, on the same tag.
 * - A request run twice (the Provider framework invokes onEvent again after a lost response) finds the
 *   resource already on the target; the record's request token tells it that it moved it itself, and from
 *   where, so a later RESTORE still moves it back.
 * - A Delete whose physical id this library did not make (CloudFormation cancelled the create during a
 *   rollback, before the create answered) finds, by the record's owner token (this stack and logical id),
 *   what that create moved and from where, and puts it back under RESTORE.
 * Records of finished moves are removed, so a target holds at most one tag per move in flight, well inside
 * Direct Connect's 50 tags a resource.
 */

/** Tag key prefix; the moved id follows, e.g. `cdk-hybrid-connectivity:move:dxcon-hosx0001`. */
export const MOVE_RECORD_TAG_PREFIX = 'cdk-hybrid-connectivity:move:';

/** What one record says. */
export interface MoveRecord {
  /** Where the resource was before the move; undefined when that could not be determined. */
  readonly previousId?: string;
  /** The idempotency token of the request that made the move. */
  readonly requestToken: string;
  /** Who made it: the same for every request of one logical resource in one stack. */
  readonly ownerToken: string;
  /**
   * The claim of the one invocation that wrote it: each delivery of a request writes its own, and only the
   * delivery whose nonce stands moves (move-election.ts). Undefined in a record written without one.
   */
  readonly nonce?: string;
}

/** The tag key of the record of a move of `movedId`. */
export function moveRecordKey(movedId: string): string {
  return `${MOVE_RECORD_TAG_PREFIX}${movedId}`;
}

/**
 * The record as one tag: `from=<previous id or none> req=<token> by=<token> n=<nonce>` (Direct Connect tag
 * values allow letters, digits, spaces and `_.:/=+-@`, at most 256 of them; with today's ids this is about 110).
 */
export function moveRecordTag(movedId: string, record: MoveRecord): Record<string, string> {
  const nonce = record.nonce ? ` n=${record.nonce}` : '';
  return { [moveRecordKey(movedId)]: `from=${record.previousId ?? 'none'} req=${record.requestToken} by=${record.ownerToken}${nonce}` };
}

/** The record of a move of `movedId` among a target's tags, or undefined when there is none or it is not one of ours. */
export function readMoveRecord(tags: Record<string, string>, movedId: string): MoveRecord | undefined {
  const value = tags[moveRecordKey(movedId)];
  const match = /^from=(\S+) req=([0-9a-f]{32}) by=([0-9a-f]{32})(?: n=([0-9a-f]{16}))?$/.exec(value ?? '');
  if (!match) return undefined;
  const [, from, requestToken, ownerToken, nonce] = match;
  const previousId = from !== 'none' && isDirectConnectId(from, ['dxcon', 'dxlag']) ? from : undefined;
  return { previousId, requestToken, ownerToken, ...(nonce ? { nonce } : {}) };
}

/** The owner token of a logical resource in a stack: every request of it shares this, no other resource does. */
export function moveOwnerToken(stackId: string, logicalResourceId: string): string {
  return idempotencyToken(stackId, logicalResourceId, '', 'move-owner');
}

/** Where the stack runs, from its id `arn:<partition>:cloudformation:<region>:<account>:stack/…`: the handler acts as that account. */
export interface StackPlace {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

export function stackPlace(stackId: string): StackPlace | undefined {
  const [arn, partition, service, region, account] = stackId.split(':');
  if (arn !== 'arn' || service !== 'cloudformation' || !partition || !region || !/^\d{12}$/.test(account ?? '')) return undefined;
  return { partition, region, account };
}

/**
 * The ARN of a move's target (a connection or LAG) for tagging: `arn:<partition>:directconnect:<region>:<account>:<dxcon|dxlag>/<id>`,
 * in the stack's own account, which must own it. Undefined for an id of another kind.
 */
export function targetArn(place: StackPlace, targetId: string): string | undefined {
  const kind = directConnectIdKind(targetId);
  if (kind !== 'dxcon' && kind !== 'dxlag') return undefined;
  return `arn:${place.partition}:directconnect:${place.region}:${place.account}:${kind}/${targetId}`;
}

/** The ARN of a virtual interface the stack's own account owns, where its move record then lives; undefined for another kind of id. */
export function interfaceArn(place: StackPlace, virtualInterfaceId: string): string | undefined {
  if (directConnectIdKind(virtualInterfaceId) !== 'dxvif') return undefined;
  return `arn:${place.partition}:directconnect:${place.region}:${place.account}:dxvif/${virtualInterfaceId}`;
}
