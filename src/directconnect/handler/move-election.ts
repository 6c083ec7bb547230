import { randomBytes } from 'crypto';
import type { MoveRecord } from './move-record';
import { retryBaseDelayMs } from '../../runtime/retry';

/**
 * Which delivery of a request makes a Direct Connect move.
 *
 * CloudFormation invokes the Provider framework's onEvent asynchronously, and Lambda may deliver one
 * asynchronous event more than once, possibly at the same time. Both deliveries carry the same RequestId,
 * so the same idempotency token, and Direct Connect's associate calls take no client token at all: two
 * deliveries that both read "not moved yet" would both move it.
 *
 * So each delivery writes its own nonce into the move record (the one tag on the move's target, see
 * move-record.ts), waits a settle time, reads the record back, and only the delivery whose nonce stands
 * makes the associate call. The others answer as if they had, and wait for the same steady state.
 *
 * Why this elects one writer: every contender writes the same tag key, and TagResource overwrites the value
 * of a key the resource already has ("If a tag with the same key is already associated with the resource,
 * this action updates its value": botocore directconnect TagResource). Once every write has landed, the
 * record holds exactly one contender's nonce, so a contender that reads after the last write sees it, and
 * exactly one of them sees its own. The settle time is there for the writes of deliveries that arrive
 * together to all land before anyone reads.
 *
 * What remains (assumed: Direct Connect's documentation says nothing of how soon DescribeTags shows a
 * TagResource, or a Describe call an association):
 * - a stale DescribeTags could show a contender its own nonce after another overwrote it (two movers), or
 *   show every contender someone else's (nobody moves: both wait until the wait limit, and the create fails
 *   with the wait's reason; the next deploy moves it);
 * - a write held up for longer than the settle time (TagResource throttled, retried) lands after another
 *   contender has read and moved; the late writer then wins its own election. That is why the winner looks
 *   once more, right before the associate call, whether the resource is already where it is going.
 *
 * Why each call of an election stays (a script that runs once needs none of them; onEvent may run twice):
 * - the write (TagResource) is the claim: without it there is nothing to elect by;
 * - the read-back after the settle time is what tells concurrent deliveries apart: each sees the one nonce
 *   that stands. It costs no call of its own where the record lives on the moved resource (move-record.ts),
 *   because the look below carries it; on a target it is a DescribeTags, since no read that says where a
 *   hosted connection or interface is returns the target's tags;
 * - the look is the only guard against a delivery that read "not moved yet" before its rival moved and
 *   claimed after the rival's read-back: an election alone lets both win one after the other;
 * - removing the record when the move is steady keeps a target within its 50 tags, and keeps a later
 *   cancelled create's rollback of the same logical resource from restoring an older move by its stale
 *   record (the rollback finds records by owner, not by request).
 * A RETAIN move still needs its record's `from`: a delivery that loses answers the physical id the winner
 * does, and that id says where it came from.
 */

/** The settle time when nothing says otherwise: three times the retry base (1 s), so 3 s. */
const SETTLE_RETRY_BASES = 3;

/**
 * How long a delivery waits between writing its nonce and reading the record back:
 * `HYBRID_CONNECTIVITY_MOVE_SETTLE_MS` when set, else three retry base delays (3 s; tests shorten the base
 * with `HYBRID_CONNECTIVITY_RETRY_BASE_MS`, which shortens this too).
 */
export function moveSettleMs(): number {
  const raw = process.env.HYBRID_CONNECTIVITY_MOVE_SETTLE_MS;
  const fromEnv = Number(raw);
  if (raw !== undefined && raw !== '' && Number.isFinite(fromEnv) && fromEnv >= 0) return fromEnv;
  return SETTLE_RETRY_BASES * retryBaseDelayMs();
}

/** A fresh nonce for one invocation's claim on a move: 16 hex characters, within the record's tag value. */
export function moveNonce(): string {
  return randomBytes(8).toString('hex');
}

/**
 * What reading the record back says:
 * - `won`: this delivery's nonce stands; it makes the move (after one more look);
 * - `lost`: another writer's nonce stands; it makes the move, and this delivery answers without moving;
 * - `unknown`: no record could be read back (refused, or gone: the winner may already have finished and
 *   removed it); this delivery looks once more where the resource is and moves it only if it must.
 */
export type ElectionOutcome = 'won' | 'lost' | 'unknown';

export function electionOutcome(standing: MoveRecord | undefined, nonce: string): ElectionOutcome {
  if (!standing?.nonce) return 'unknown';
  return standing.nonce === nonce ? 'won' : 'lost';
}
