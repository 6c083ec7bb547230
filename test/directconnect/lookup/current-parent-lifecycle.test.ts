import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import type { DirectConnectService } from '../../../local/emulator/services/directconnect';
import { DX_PARTNER_ACCOUNT } from '../../../local/emulator/services/directconnect-fixture';
import { LifecycleRunner } from '../../../local/runner/lifecycle-runner';
import { AssociationRemovalBehavior, DirectConnectTarget, HostedConnectionAssociation } from '../../../src';
import { emulatorControl, useEmulator } from '../../helpers/emulator';

/**
 * The currentParent hint through the lifecycle runner and the bundled handlers, at the partner's scale: a
 * correct hint, a wrong one and none each end with the hosted connection on the target, and RESTORE moves it
 * back to where it really was, whatever the hint said. Only the calls it takes to find it differ.
 */
jest.setTimeout(120_000);

const emulator = useEmulator();
const TARGET = 'dxlag-lagx0001';

let work: string;
beforeAll(() => { work = fs.mkdtempSync(path.join(os.tmpdir(), 'current-parent-')); });
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function parentOf(connectionId: string): string | undefined {
  const dx = emulator().service<DirectConnectService>('directconnect');
  return (dx.snapshot().hostedConnections as any[]).find((c) => c.connectionId === connectionId)?.parentId;
}

let apps = 0;
function synth(connectionId: string, currentParent?: string): string {
  const app = new App({ outdir: path.join(work, `app${++apps}`), context: { 'aws:cdk:disable-asset-staging': true } });
  const stack = new Stack(app, 'PartnerMoves', { env: { account: DX_PARTNER_ACCOUNT, region: 'us-east-1' } });
  new HostedConnectionAssociation(stack, 'Move', {
    hostedConnectionId: connectionId,
    target: DirectConnectTarget.fromId(TARGET),
    removalBehavior: AssociationRemovalBehavior.RESTORE,
    ...(currentParent ? { currentParent: DirectConnectTarget.fromId(currentParent) } : {}),
  });
  return app.synth().directory;
}

describe.each([
  ['a correct hint', (real: string) => real, 1],
  ['a wrong hint', () => 'dxcon-icp00000', 1 + 2 + 36],
  ['no hint', () => undefined, 2 + 37],
])('HostedConnectionAssociation with %s', (_name, hintFor, findCalls) => {
  test('ends on the target, and RESTORE moves it back to where it really was', async () => {
    await emulatorControl(emulator().url, 'POST', 'directconnect/setPageSize', { size: 100 });
    const seeded: any = await emulatorControl(emulator().url, 'POST', 'directconnect/seedPartner', { interconnects: 25, lags: 25, hostedConnections: 50 });
    // Listed 37th of 56: after the 4 + 25 interconnects, the 2 LAGs of interconnects (the target 30th) and 5 more LAGs.
    const moved: string = seeded.hostedConnectionIds[30];
    const real = seeded.parentOf[moved];
    expect(real).toBe('dxlag-lagp0005');
    const hint = hintFor(real);
    const logs: string[] = [];
    const runner = new LifecycleRunner({ endpoint: emulator().url, pollIntervalMs: 20, log: (l) => logs.push(l), handlerLog: (l) => logs.push(l) });
    try {
      emulator().calls.clear();
      const deployed = await runner.deploy(synth(moved, hint));
      expect(deployed.failed?.reason).toBeUndefined();
      expect(deployed.ok).toBe(true);
      expect(parentOf(moved)).toBe(TARGET);
      const association = Object.values(runner.state.stacks.PartnerMoves.resources).find((r) => r.type === 'Custom::DirectConnectHostedConnectionAssociation');
      expect(association?.attributes.PreviousParentId).toBe(real);
      // The hint is in the template only when given.
      expect(association?.properties.CurrentParentId).toBe(hint);
      // The search before the move: the hint, the partner's lists and the parents listed up to the real one,
      // each read once; then the look just before the move and the polls, which read only the real parent and the target.
      const lists = emulator().calls.count({ service: 'directconnect', operation: 'DescribeInterconnects' })
        + emulator().calls.count({ service: 'directconnect', operation: 'DescribeLags' });
      expect(lists).toBe(hint === real ? 0 : 2);
      const polls = runner.audit.invocations.filter((i) => /IsComplete/.test(i.functionName) && !/framework/.test(i.functionName)).length;
      expect(emulator().calls.count({ service: 'directconnect', operation: 'DescribeHostedConnections' }) + lists)
        .toBeGreaterThanOrEqual(findCalls);
      expect(emulator().calls.count({ service: 'directconnect', operation: 'DescribeHostedConnections' }) + lists)
        .toBeLessThanOrEqual(findCalls + 1 + polls);
      expect(emulator().calls.count({ service: 'directconnect', operation: 'AssociateHostedConnection' })).toBe(1);

      const destroyed = await runner.destroy();
      expect(destroyed.ok).toBe(true);
      expect(parentOf(moved)).toBe(real);
    } finally {
      await runner.close();
    }
  });
});
