import { isDirectConnectId } from '../direct-connect-ids';

/**
 * The physical id of one Direct Connect move: `<movedId>:<targetId>:<previousId>`, for example
 * `dxvif-fg5678gh:dxlag-ab12cd34:dxcon-ef56gh78`.
 *
 * A Delete event carries the properties but none of the data an earlier response returned, so where the
 * resource was before the move has to live in the id for RESTORE to find it. `none` stands for a previous
 * parent that could not be determined. Direct Connect ids never contain `:`, which keeps it parseable.
 */
export interface AssociationPhysicalId {
  readonly movedId: string;
  readonly targetId: string;
  /** Undefined when it could not be determined. */
  readonly previousId?: string;
}

const UNKNOWN = 'none';

export function formatAssociationId(id: AssociationPhysicalId): string {
  return [id.movedId, id.targetId, id.previousId ?? UNKNOWN].join(':');
}

/**
 * The parts of a physical id, or undefined for anything this library did not make, such as the request id
 * that the Provider framework reports for a create that failed before it started.
 */
export function parseAssociationId(physicalId: string | undefined): AssociationPhysicalId | undefined {
  const parts = (physicalId ?? '').split(':');
  if (parts.length !== 3) return undefined;
  const [movedId, targetId, previous] = parts;
  if (!isDirectConnectId(movedId, ['dxcon', 'dxvif']) || !isDirectConnectId(targetId, ['dxcon', 'dxlag'])) return undefined;
  if (previous !== UNKNOWN && !isDirectConnectId(previous, ['dxcon', 'dxlag'])) return undefined;
  return { movedId, targetId, previousId: previous === UNKNOWN ? undefined : previous };
}
