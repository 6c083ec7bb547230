import * as fs from 'fs';
import * as path from 'path';
import { COLUMNS } from './columns';
import { renderMatrix, runCell } from './harness';
import { SCENARIOS } from './scenarios';
import { useEmulator } from '../helpers/emulator';

/**
 * The fault matrix: every scenario of issue 7 against every construct, each cell a real lifecycle through
 * the bundled handlers (assets/provider), the lifecycle runner and the local emulator. `npm run faults`
 * runs it alone; `npm test` runs it with the rest. The table is printed at the end and written to
 * test-reports/fault-matrix.txt.
 */
jest.setTimeout(180_000);

const emulator = useEmulator();

const only = process.env.FAULT_MATRIX_ONLY?.split(',');
const scenarios = SCENARIOS.filter((s) => !only || only.includes(s.id));
const onlyColumns = process.env.FAULT_MATRIX_COLUMNS?.split(',');
const columns = COLUMNS.filter((c) => !onlyColumns || onlyColumns.includes(c.key));

describe.each(scenarios.map((s) => [`${s.id} ${s.title}`, s] as const))('%s', (_title, scenario) => {
  test.each(columns.map((c) => [c.construct, c] as const))('%s', async (_name, column) => {
    await runCell(emulator(), scenario.id, column, (cell) => scenario.run(cell));
  });
});

afterAll(() => {
  const table = renderMatrix(scenarios, columns);
  const out = path.join(__dirname, '..', '..', 'test-reports');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'fault-matrix.txt'), table + '\n');
  process.stdout.write(`\n${table}\n\n`);
});
