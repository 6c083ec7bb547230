import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import type { NetworkManagerService } from '../../local/emulator/services/networkmanager';
import {
  NM_CONNECT_PEER, NM_DEVICE, NM_GLOBAL_NETWORK, NM_LINK, NM_OTHER_CONNECT_PEER, NM_OTHER_DEVICE, NM_OTHER_LINK,
} from '../../local/emulator/services/networkmanager-fixture';
import { LifecycleRunner } from '../../local/runner/lifecycle-runner';
import { ConnectPeerAssociation, ConnectPeerAssociationProps } from '../../src';
import { useEmulator } from '../helpers/emulator';

const emulator = useEmulator({ timings: { 'networkmanager.associate': 30, 'networkmanager.disassociate': 30, 'networkmanager.deletedVisible': 30 } });

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'connect-peer-e2e-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The app as a user writes it, in a region other than Network Manager's own. */
function synth(version: string, props: ConnectPeerAssociationProps): string {
  const app = new App({ outdir: path.join(dir, version) });
  const stack = new Stack(app, 'Wan', { env: { account: '123456789012', region: 'eu-central-1' } });
  const association = new ConnectPeerAssociation(stack, 'BranchPeer', props);
  new CfnOutput(stack, 'State', { value: association.state });
  new CfnOutput(stack, 'Device', { value: association.deviceId });
  return app.synth().directory;
}

test('deploy, move to another device in place, replace the peer, destroy: through the bundled handlers', async () => {
  const nm = emulator().service<NetworkManagerService>('networkmanager');
  const lines: string[] = [];
  const runner = new LifecycleRunner({ endpoint: emulator().url, pollIntervalMs: 10, log: (l) => lines.push(l) });
  const base = { globalNetworkId: NM_GLOBAL_NETWORK, connectPeerId: NM_CONNECT_PEER, deviceId: NM_DEVICE, linkId: NM_LINK };

  const created = await runner.deploy(synth('v1', base));
  expect(created.failed).toBeUndefined();
  expect(runner.outputs('Wan')).toEqual({ State: 'AVAILABLE', Device: NM_DEVICE });
  const physicalId = Object.values(runner.state.stacks.Wan.resources).find((r) => r.type === 'Custom::ConnectPeerAssociation')!.physicalId;
  expect(physicalId).toBe(`${NM_GLOBAL_NETWORK}/${NM_CONNECT_PEER}`);

  const moved = await runner.update(synth('v2', { ...base, deviceId: NM_OTHER_DEVICE, linkId: NM_OTHER_LINK }));
  expect(moved.failed).toBeUndefined();
  const move = moved.events.find((e) => e.resourceType === 'Custom::ConnectPeerAssociation')!;
  expect(move).toMatchObject({ action: 'update', status: 'succeeded', physicalId });
  expect(move.replacedPhysicalId).toBeUndefined();
  expect(nm.associationOf(NM_CONNECT_PEER)).toEqual({ deviceId: NM_OTHER_DEVICE, linkId: NM_OTHER_LINK, state: 'AVAILABLE' });
  expect(runner.outputs('Wan').Device).toBe(NM_OTHER_DEVICE);

  const replaced = await runner.update(synth('v3', { ...base, connectPeerId: NM_OTHER_CONNECT_PEER }));
  expect(replaced.failed).toBeUndefined();
  const replace = replaced.events.find((e) => e.resourceType === 'Custom::ConnectPeerAssociation' && e.action === 'update')!;
  expect(replace).toMatchObject({ physicalId: `${NM_GLOBAL_NETWORK}/${NM_OTHER_CONNECT_PEER}`, replacedPhysicalId: physicalId });
  expect(replaced.events.some((e) => e.action === 'cleanup-delete' && e.status === 'succeeded')).toBe(true);
  expect(nm.associationOf(NM_CONNECT_PEER)?.state ?? 'GONE').toMatch(/DELETED|GONE/);
  expect(nm.associationOf(NM_OTHER_CONNECT_PEER)?.state).toBe('AVAILABLE');

  const destroyed = await runner.destroy();
  await runner.close();
  expect(destroyed.ok).toBe(true);
  expect(nm.associationOf(NM_OTHER_CONNECT_PEER)?.state ?? 'GONE').toMatch(/DELETED|GONE/);
  expect(new Set(emulator().calls.all({ service: 'networkmanager' }).map((c) => c.region))).toEqual(new Set(['us-west-2']));
});
