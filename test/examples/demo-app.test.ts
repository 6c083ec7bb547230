import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildDemoApp, DEMO_CUSTOMER_ENV, DEMO_IDS, DEMO_PARTNER_ENV } from '../../examples/demo-app';
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
  // The key reaches the partner's stack but never the demo's output.
  expect(output).toContain(`activation key:  **** (${summary.activationKey.length} characters`);
  expect(output).not.toContain(summary.activationKey);
  expect(output).toContain(`connection id:   ${summary.connectionId}`);
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

// Each Direct Connect move deploys as the account that may make it: the runner signs a stack's handler calls
// with the stack's account, and Direct Connect lets only the partner move hosted connections and only the
// interface's owner (or its connection's) move an interface.
test('the hosted-connection move is in the partner\'s stack, the virtual-interface move in the customer\'s', () => {
  const app = buildDemoApp();
  const stack = (name: string) => app.node.findChild(name) as Stack;
  expect(DEMO_PARTNER_ENV.account).not.toBe(DEMO_CUSTOMER_ENV.account);
  expect(stack('PartnerMoves').account).toBe(DEMO_PARTNER_ENV.account);
  expect(stack('CustomerMoves').account).toBe(DEMO_CUSTOMER_ENV.account);
  const partner = Template.fromStack(stack('PartnerMoves'));
  const customer = Template.fromStack(stack('CustomerMoves'));
  partner.resourceCountIs('Custom::DirectConnectHostedConnectionAssociation', 1);
  partner.resourceCountIs('Custom::DirectConnectVirtualInterfaceAssociation', 0);
  customer.resourceCountIs('Custom::DirectConnectVirtualInterfaceAssociation', 1);
  customer.resourceCountIs('Custom::DirectConnectHostedConnectionAssociation', 0);
  customer.hasResourceProperties('Custom::DirectConnectVirtualInterfaceAssociation', { VirtualInterfaceId: DEMO_IDS.virtualInterface });
  expect(app.node.tryFindChild('DirectConnectMoves')).toBeUndefined();
});
