import type { Placement } from './placement';
import { isDirectConnectId } from '../direct-connect-ids';
import { ConnectionView, DirectConnectApi, HostedConnectionParent } from '../handler/direct-connect-api';

/**
 * Where a hosted connection is, shared by the hosted-connection association handler (before, during and after
 * a move) and the move preflight (before a deployment), so both read it the same way.
 */

/**
 * The most interconnects and LAGs a search for a hosted connection's current parent reads, one
 * DescribeHostedConnections call each: a guard, well above what partners hold at one location (the bench
 * seeds 56), so that a connection on the last of them is still found; each call is retried within the
 * invocation's time like every other.
 */
export const MAX_PARENTS_SEARCHED = 500;

/**
 * Where a hosted connection is. The partner that moves it does not own it (its customer does), so it cannot
 * read it with DescribeConnections; the Connection shape has no parent field anyway (only `lagId`). The
 * parent is the interconnect or LAG whose DescribeHostedConnections lists it. The likely parents are read
 * first, one call each: `lastSeenOn` (where an update's previous move put it, or where the search just found
 * it), then `currentParent` (where the user says it is, the construct's `currentParent` hint). Then, when
 * `thorough`, the partner's interconnects and LAGs at the target's location in the order Direct Connect lists
 * them (a hosted connection moves within its location), at most MAX_PARENTS_SEARCHED of them, the target in
 * its listed place: a careful script that walks the list reads it there too, and reading it first would cost
 * a call whenever the connection is on a parent listed before it. Without `thorough` (polls, deletes, the
 * look before a move) only the expected parent follows the likely ones. No parent is read twice. Last, when
 * the caller owns the connection, its `lagId`. The owner's DescribeConnections comes after the search, not
 * before it: for the partner, the one who moves hosted connections, it is always "Could not find
 * Connection", one call wasted per lookup.
 */
export async function locate(api: DirectConnectApi, connectionId: string, expectedParentId: string, thorough: boolean,
  lastSeenOn?: string, currentParent?: string): Promise<Placement<ConnectionView> | undefined> {
  const checked = new Set<string>();
  const onParent = async (parentId: string | undefined): Promise<Placement<ConnectionView> | undefined> => {
    if (!parentId || checked.has(parentId)) return undefined;
    checked.add(parentId);
    const subject = (await api.listHostedConnections(parentId))?.find((c) => c.connectionId === connectionId);
    return subject ? { parentId, subject } : undefined;
  };
  // The hint is the user's word, not the service's: one that is no id, or whose read fails for good (another
  // account's parent, a refusal), falls back to the search, which then reads that parent in its listed place too.
  const onHint = async (parentId: string | undefined): Promise<Placement<ConnectionView> | undefined> => {
    if (!parentId || !isDirectConnectId(parentId, ['dxcon', 'dxlag'])) return undefined;
    try {
      return await onParent(parentId);
    } catch {
      checked.delete(parentId);
      return undefined;
    }
  };

  // A hosted connection is on one parent at a time: where it was last seen is the likeliest, then where the user says.
  const likely = await onParent(lastSeenOn) ?? await onHint(currentParent);
  if (likely) return likely;
  if (thorough) {
    for (const parent of await candidateParents(api, expectedParentId)) {
      const found = await onParent(parent.id);
      if (found) return found;
    }
  }
  // The target when the search did not list it (another location, or not the caller's), and every poll's one read.
  const onTarget = await onParent(expectedParentId);
  if (onTarget) return onTarget;
  // Only the owner (the customer) reads it here; for the partner this is "Could not find Connection".
  const own = await api.describeConnection(connectionId);
  const onLag = await onParent(own?.lagId);
  if (onLag) return onLag;
  return own ? { subject: own } : undefined;
}

/**
 * The partner's interconnects and LAGs a hosted connection bound for `targetId` may be on now, the target
 * among them, in the order Direct Connect lists them (interconnects, then LAGs), at most MAX_PARENTS_SEARCHED.
 */
export async function candidateParents(api: DirectConnectApi, targetId: string): Promise<HostedConnectionParent[]> {
  const all = [...await api.listInterconnects(), ...await api.listHostedConnectionLags()];
  const location = all.find((p) => p.id === targetId)?.location;
  return all.filter((p) => !location || !p.location || p.location === location).slice(0, MAX_PARENTS_SEARCHED);
}
