import type { MoveReport } from './move-report';
import type { PlannedMove } from './planned-move';

/** The ids a move's check needs, or the report that says which cannot be resolved. */
export function requireResolved(move: PlannedMove, names: readonly string[], base: Pick<MoveReport, 'subject' | 'kind'>):
{ values: Record<string, string>; report?: undefined } | { values?: undefined; report: MoveReport } {
  const values: Record<string, string> = {};
  const findings: string[] = [];
  for (const name of names) {
    const p = move.properties[name];
    if (p?.value !== undefined) values[name] = p.value;
    else findings.push(`${name} cannot be resolved before the deployment: ${p?.unresolved ?? 'the property is not set'}. Nothing was checked.`);
  }
  if (findings.length === 0) return { values };
  return { report: { ...reportBase(move), ...base, verdict: 'unresolved', findings, interrupts: [] } };
}

/** The fields every report of a move has. */
export function reportBase(move: PlannedMove): Pick<MoveReport, 'stack' | 'logicalId' | 'path' | 'kind' | 'accounts'> {
  return {
    stack: move.stack.displayName,
    logicalId: move.logicalId,
    path: move.path,
    kind: move.kind,
    accounts: [`${move.stack.account ?? 'the deploying account'} deploys ${move.stack.displayName}`],
  };
}

/** A value that may not be resolved, for the subject column. */
export function shown(move: PlannedMove, name: string): string {
  return move.properties[name]?.value ?? '(unresolved)';
}

/**
 * States in which a hosted connection or interface neither moves nor counts on a target: Direct Connect lists
 * deleted interfaces for 15 minutes (botocore directconnect DescribeVirtualInterfaces: "Virtual interfaces deleted
 * fewer than 15 minutes before you make the request are also returned"), and a rejected one carries no traffic.
 */
export const GONE_STATES = new Set(['rejected', 'deleted', 'deleting']);
