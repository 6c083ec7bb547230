import type { MoveReport } from './move-report';

const KIND_NAMES: Record<MoveReport['kind'], string> = {
  'hosted-connection': 'hosted connection',
  'virtual-interface': 'virtual interface',
  'connect-peer': 'Connect peer',
  'interconnect-connection': 'Interconnect connection',
};

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd());
}

/** The report for a person: one row per move, then what each finds, interrupts and does on delete. */
export function renderReportTable(moves: readonly MoveReport[], stacks: readonly string[]): string {
  if (moves.length === 0) return `No moves in ${stacks.join(', ') || 'the cloud assembly'}: nothing for the preflight to check.\n`;
  const rows = [['#', 'STACK/RESOURCE', 'WHAT', 'FROM', 'TO', 'VERDICT']];
  moves.forEach((m, i) => rows.push([String(i + 1), `${m.stack}/${m.logicalId}`, `${KIND_NAMES[m.kind]} ${m.subject}`, m.from ?? '-', m.to ?? '-', m.verdict]));
  const lines = table(rows);
  moves.forEach((m, i) => {
    const details = [
      ...m.findings.map((f) => `${m.verdict === 'blocked' ? 'blocked' : m.verdict === 'unresolved' ? 'unresolved' : 'note'}: ${f}`),
      ...m.interrupts.map((x) => `interrupts: ${x}`),
      ...(m.onDelete ? [`on delete: ${m.onDelete}`] : []),
      ...m.accounts.map((a) => `account: ${a}`),
      ...(m.suggestions ?? []).map((x) => `suggestion: ${x}`),
    ];
    lines.push('', `${i + 1}. ${m.stack}/${m.logicalId}`, ...details.map((d) => `   ${d}`));
  });
  const count = (v: MoveReport['verdict']) => moves.filter((m) => m.verdict === v).length;
  lines.push('', `${moves.length} move(s): ${count('ok')} ok, ${count('no-op')} no-op, ${count('needs-confirmation')} needs confirmation, ` +
    `${count('blocked')} blocked, ${count('unresolved')} unresolved.`);
  return lines.join('\n') + '\n';
}
