import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  AssociationRemovalBehavior, AttachPoint, DirectConnectTarget, DirectConnectVirtualInterface, HostedConnectionAssociation, InterconnectConnection,
  VirtualInterfaceAssociation,
} from '../../src';
import { POLICY_CHARACTER_BUDGET } from '../../src/provider/handler-grants';

function stack(): Stack {
  return new Stack(new App(), 'TestStack', { env: { account: '123456789012', region: 'us-east-1' } });
}

describe('Direct Connect associations and the shared provider', () => {
  test('both constructs and InterconnectConnection share one provider and one role', () => {
    const s = stack();
    new HostedConnectionAssociation(s, 'MoveHosted', { hostedConnectionId: 'dxcon-fg5678gh', target: DirectConnectTarget.fromId('dxlag-ffrz71kw') });
    new VirtualInterfaceAssociation(s, 'MoveVif', { virtualInterface: DirectConnectVirtualInterface.fromId('dxvif-fg5678gh'), target: DirectConnectTarget.fromId('dxcon-ab12cd34') });
    new VirtualInterfaceAssociation(s, 'MoveVif2', { virtualInterface: DirectConnectVirtualInterface.fromId('dxvif-ab12cd34'), target: DirectConnectTarget.fromId('dxlag-ffrz71kw') });
    new InterconnectConnection(s, 'Conn', {
      environmentId: 'aws-gcp-us-east4',
      bandwidth: '1Gbps',
      attachPoint: AttachPoint.directConnectGateway('5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9'),
    });
    const template = Template.fromStack(s);
    template.resourceCountIs('Custom::DirectConnectHostedConnectionAssociation', 1);
    template.resourceCountIs('Custom::DirectConnectVirtualInterfaceAssociation', 2);
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    const alone = stack();
    new HostedConnectionAssociation(alone, 'MoveHosted', { hostedConnectionId: 'dxcon-fg5678gh', target: DirectConnectTarget.fromId('dxlag-ffrz71kw') });
    for (const type of ['AWS::Lambda::Function', 'AWS::IAM::Role']) {
      expect(Object.keys(template.findResources(type)).length).toBe(Object.keys(Template.fromStack(alone).findResources(type)).length);
    }
    const tokens = new Set(Object.values(template.toJSON().Resources as Record<string, any>)
      .filter((r) => String(r.Type).startsWith('Custom::')).map((r) => JSON.stringify(r.Properties.ServiceToken)));
    expect(tokens.size).toBe(1);
  });

  test('hundreds of moves still fit the role policy: the statements collapse to the account patterns', () => {
    const s = stack();
    for (let i = 0; i < 300; i++) {
      const n = i.toString(36).padStart(8, '0');
      new VirtualInterfaceAssociation(s, `Vif${i}`, {
        virtualInterface: DirectConnectVirtualInterface.fromId(`dxvif-${n}`), target: DirectConnectTarget.fromId(`dxcon-${n}`), removalBehavior: AssociationRemovalBehavior.RETAIN,
      });
    }
    const policies = Object.values(Template.fromStack(s).findResources('AWS::IAM::Policy')) as any[];
    const size = policies.reduce((n, p) => n + JSON.stringify(s.resolve(p.Properties.PolicyDocument)).replace(/\s/g, '').length, 0);
    expect(size).toBeLessThan(POLICY_CHARACTER_BUDGET + 3000);
    expect(JSON.stringify(policies)).toContain(':dxvif/*');
  });
});
