import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnOutput, Stack, aws_directconnect as dx } from 'aws-cdk-lib';
import type { DirectConnectService } from '../../local/emulator/services/directconnect';
import { DX_PARTNER_ACCOUNT } from '../../local/emulator/services/directconnect-fixture';
import { LifecycleRunner } from '../../local/runner/lifecycle-runner';
import { AssociationRemovalBehavior, DirectConnectTarget, HostedConnectionAssociation } from '../../src';
import { useEmulator } from '../helpers/emulator';

const emulator = useEmulator({ timings: { 'directconnect.move': 30 } });

/** A hosted connection of the partner's customer, on the partner's interconnect, and the partner's LAG. */
const HOSTED = 'dxcon-hosx0001';
const LAG_NAME = 'partner-lag-a';
const LAG_ID = 'dxlag-lagx0001';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dx-lag-ref-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The partner's app as a network team writes it: the LAG is a CfnLag, handed to the move as it is. */
function synth(): string {
  const app = new App({ outdir: dir });
  const stack = new Stack(app, 'PartnerMoves', { env: { account: DX_PARTNER_ACCOUNT, region: 'us-east-1' } });
  const lag = new dx.CfnLag(stack, 'PartnerLag', { lagName: LAG_NAME, location: 'EqDC2', connectionsBandwidth: '10Gbps' });
  const move = new HostedConnectionAssociation(stack, 'MoveCustomerA', {
    hostedConnectionId: HOSTED,
    target: DirectConnectTarget.lag(lag),
    removalBehavior: AssociationRemovalBehavior.RESTORE,
  });
  new CfnOutput(stack, 'Target', { value: move.targetId });
  new CfnOutput(stack, 'Was', { value: move.previousParentId });
  return app.synth().directory;
}

test('lag.ref as the target: the move reaches the LAG, the physical id holds ids, not the ARN, and RESTORE moves it back', async () => {
  const service = emulator().service<DirectConnectService>('directconnect');
  const before = service.parentOf(HOSTED, 'us-east-1');
  expect(before).not.toBe(LAG_ID);
  const lines: string[] = [];
  const runner = new LifecycleRunner({ endpoint: emulator().url, pollIntervalMs: 10, log: (l) => lines.push(l) });
  try {
    const created = await runner.deploy(synth());
    expect(created.failed).toBeUndefined();
    const resources = Object.values(runner.state.stacks.PartnerMoves.resources);
    // The runner gives the CfnLag what CloudFormation's Ref gives: the LAG's ARN.
    expect(resources.find((r) => r.type === 'AWS::DirectConnect::Lag')!.physicalId)
      .toBe(`arn:aws:directconnect:us-east-1:${DX_PARTNER_ACCOUNT}:dxlag/${LAG_ID}`);
    const association = resources.find((r) => r.type === 'Custom::DirectConnectHostedConnectionAssociation')!;
    expect(association.properties.ParentConnectionId).toBe(LAG_ID);
    // The physical id is the handler's `<moved>:<target>:<previous>`, made of ids alone: no ARN's colons in it.
    expect(association.physicalId).toBe(`${HOSTED}:${LAG_ID}:${before}`);
    expect(service.parentOf(HOSTED, 'us-east-1')).toBe(LAG_ID);
    expect(runner.outputs('PartnerMoves')).toEqual({ Target: LAG_ID, Was: before });

    const destroyed = await runner.destroy();
    expect(destroyed.ok).toBe(true);
    expect(service.parentOf(HOSTED, 'us-east-1')).toBe(before);
  } finally {
    await runner.close();
  }
});
