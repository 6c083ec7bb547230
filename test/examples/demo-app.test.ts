import { DEMO_IDS } from '../../examples/demo-app';
import { runDemo } from '../../local/demo';

// End to end: the example app synthesized, deployed to the emulator through the bundled handlers by the
// lifecycle runner, updated (a new Direct Connect target, a Connect-peer move) and destroyed.
test('the demo deploys, hands on the activation key and shared id, moves things, and leaves nothing behind', async () => {
  const lines: string[] = [];
  const summary = await runDemo({ log: (line) => lines.push(line), pollIntervalMs: 50 });
  const output = lines.join('\n');

  expect(summary.connectionId).toMatch(/^mcc-[a-z0-9]{8}$/);
  expect(summary.sharedId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(summary.activationKey.length).toBeGreaterThan(20);
  expect(output).toContain(`activation key:  ${summary.activationKey}`);
  expect(output).toContain(`shared id:       ${summary.sharedId}`);
  expect(summary.connectionStates[summary.connectionStates.length - 1]).toBe('available');

  expect(summary.hostedConnection.before).not.toBe(DEMO_IDS.hostedConnectionTarget);
  expect(summary.hostedConnection.afterDeploy).toBe(DEMO_IDS.hostedConnectionTarget);
  expect(summary.hostedConnection.afterDestroy).toBe(summary.hostedConnection.before);

  expect(summary.virtualInterface.afterDeploy).toBe(DEMO_IDS.virtualInterfaceTarget);
  expect(summary.virtualInterface.afterUpdate).toBe(DEMO_IDS.virtualInterfaceSecondTarget);
  expect(summary.virtualInterface.afterDestroy).toBe(DEMO_IDS.virtualInterfaceSecondTarget);

  expect(summary.connectPeer.afterDeploy).toBe(DEMO_IDS.device);
  expect(summary.connectPeer.afterUpdate).toBe(DEMO_IDS.secondDevice);
  expect(summary.connectPeer.afterDestroy).toBeUndefined();

  expect(summary.leftBehind).toEqual({ interconnectConnections: 0, connectPeerAssociations: 0, sidewalkPartnerAccounts: 0 });
  expect(output).not.toContain('X-Amz-Signature');
}, 180_000);
