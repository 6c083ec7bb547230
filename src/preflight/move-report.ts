import type { MoveKind } from './planned-move';

/**
 * What the preflight says of one move:
 * - `ok`: it can go ahead;
 * - `no-op`: it is already where the deployment puts it;
 * - `needs-confirmation`: it can go ahead, and then another account must act (an interface's owner confirms it);
 * - `blocked`: the service would refuse it, or the deploying account cannot make it;
 * - `unresolved`: an id is known only at deploy time, so nothing was checked.
 */
export type MoveVerdict = 'ok' | 'no-op' | 'needs-confirmation' | 'blocked' | 'unresolved';

/** One row of the report. */
export interface MoveReport {
  readonly stack: string;
  readonly logicalId: string;
  readonly path?: string;
  readonly kind: MoveKind;
  /** The id of what moves (or what is made). */
  readonly subject: string;
  /** Where it is now, when known. */
  readonly from?: string;
  /** Where the deployment puts it. */
  readonly to?: string;
  readonly verdict: MoveVerdict;
  /** Why it is blocked, unresolved or needs confirmation: what the service would refuse, and what to do. */
  readonly findings: string[];
  /** What the move interrupts: the interfaces and BGP sessions that ride along, and the bandwidth. */
  readonly interrupts: string[];
  /** What a stack delete does (RETAIN or RESTORE, and where to), and whether RESTORE is still possible. */
  readonly onDelete?: string;
  /** The account that deploys the stack, and any other that must act. */
  readonly accounts: string[];
  /** What would make the move cheaper or safer, such as the hosted connection's `currentParent` when it had to be searched for. */
  readonly suggestions?: string[];
}
