import { COLUMNS } from '../../faults/columns';
import { Cell } from '../../faults/harness';
import { useEmulator } from '../../helpers/emulator';

/**
 * CloudFormation invokes the framework's onEvent asynchronously, and Lambda may deliver an asynchronous
 * event more than once. With the runner delivering every request twice (the same event, the same
 * RequestId), each real construct goes through create and delete against the emulator: nothing is made
 * twice and no move runs twice.
 */
jest.setTimeout(120_000);

const emulator = useEmulator();

/** Tag keys the library keeps for itself (owner marks, move records), not the user's. */
const LIBRARY_TAG_PREFIX = 'cdk-hybrid-connectivity:';

/**
 * Holdings without the library's own tags: this test asks whether anything was made or moved twice, and
 * an owner mark (Interconnect's created-by tag) says nothing about that. A second resource still shows.
 */
function withoutLibraryTags(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLibraryTags);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !key.startsWith(LIBRARY_TAG_PREFIX))
    .map(([key, v]) => [key, withoutLibraryTags(v)]));
}

function expectHoldings(cell: Cell, phase: 'v1' | 'none'): void {
  expect(withoutLibraryTags(cell.column.holdings(cell.em))).toEqual(withoutLibraryTags(cell.column.expected(phase, cell.initial)));
}

describe.each(COLUMNS.map((c) => [c.construct, c] as const))('%s delivered twice', (_name, column) => {
  test('creates one resource, moves once, and deletes it all', async () => {
    const cell = new Cell(emulator(), column);
    try {
      const runner = cell.runner({ duplicateDelivery: true });
      cell.expectOk(await cell.deploy(runner, cell.synth({ version: 1 })), 'create');
      await runner.drain();
      expectHoldings(cell, 'v1');
      cell.expectAttributes(runner);
      // Two deliveries of one Create: the framework's onEvent ran twice, and so did ours.
      const creates = runner.audit.invocations.filter((i) => /"RequestType":"Create"/.test(i.payload) && !/framework/.test(i.functionName)
        && /OnEvent/.test(i.functionName));
      expect(creates.length).toBe(2);
      const createCalls = cell.callsOf(column.createOp, 200);
      // Direct Connect has no client token: a second move would be a second call; the others may repeat
      // an idempotent create (same client token), which the holdings above show made nothing new.
      if (column.service === 'directconnect') expect(createCalls).toBe(1);
      else expect(createCalls).toBeLessThanOrEqual(2);

      cell.em.calls.clear();
      cell.expectOk(await cell.destroy(runner), 'delete');
      await runner.drain();
      expectHoldings(cell, 'none');
      if (column.service === 'directconnect') expect(cell.callsOf(column.createOp, 200)).toBeLessThanOrEqual(1);
      cell.finalChecks();
    } finally {
      await cell.cleanup();
    }
  });
});
