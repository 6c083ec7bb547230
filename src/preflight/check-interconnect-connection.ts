import { reportBase } from './move-check';
import type { MoveReport } from './move-report';
import type { PlannedMove } from './planned-move';
import { CONNECTION_REPLACING_PROPERTIES } from '../interconnect/connection-contract';

/**
 * An AWS Interconnect connection: a create orders a new connection, an accept takes the other provider's
 * proposal. The preflight reads templates, not deployed stacks, so it says what the resource makes and which
 * changes would replace it; it reads no activation key (a secret).
 */
export function checkInterconnectConnection(move: PlannedMove): MoveReport {
  const p = (name: string) => move.properties[name]?.value;
  const mode = p('Mode') ?? 'create';
  const attach = `${p('AttachPointType') ?? 'attach point'} ${p('AttachPointValue') ?? '(unresolved)'}`;
  const what = mode === 'accept'
    ? `accepts the proposed connection (activation key from its secret) onto ${attach}`
    : `creates a connection of ${p('Bandwidth') ?? '(unresolved bandwidth)'} to environment ${p('EnvironmentId') ?? '(unresolved)'} onto ${attach}`;
  return {
    ...reportBase(move),
    kind: move.kind,
    subject: move.logicalId,
    to: attach,
    verdict: 'ok',
    findings: [],
    interrupts: [`${what}; a change of ${CONNECTION_REPLACING_PROPERTIES.join(', ')} replaces it (a new connection, the old one deleted): ` +
      'the preflight reads the templates, not the deployed stack, so it cannot say whether this deployment is one'],
    onDelete: 'the connection is deleted with the stack',
  };
}
