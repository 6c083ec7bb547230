import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import {
  AttachPoint, ConnectPeerAssociation, HostedConnectionAssociation, InterconnectConnection, VirtualInterfaceAssociation,
} from '../../src';

function everyConstruct(app: App): Stack {
  const s = new Stack(app, 'All', { env: { account: '123456789012', region: 'us-east-1' } });
  new InterconnectConnection(s, 'Conn', { environmentId: 'env', bandwidth: '1Gbps', attachPoint: AttachPoint.directConnectGateway('5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9') });
  new HostedConnectionAssociation(s, 'Hosted', { connectionId: 'dxcon-hosx0001', parentConnectionId: 'dxlag-lagx0001' });
  new VirtualInterfaceAssociation(s, 'Vif', { virtualInterfaceId: 'dxvif-pvtx0001', connectionId: 'dxcon-dedx0002' });
  new ConnectPeerAssociation(s, 'Peer', {
    globalNetworkId: 'global-network-0a1b2c3d4e5f60718', connectPeerId: 'connect-peer-0123456789abcdef0', deviceId: 'device-07f6fd08867abc123',
  });
  return s;
}

describe('HybridConnectivityProvider', () => {
  // cdk init turns this flag on; CDK then merges statements, which must not meet a list it cannot see yet.
  test('synthesizes with @aws-cdk/aws-iam:minimizePolicies on', () => {
    const app = new App({ context: { '@aws-cdk/aws-iam:minimizePolicies': true } });
    const template = Template.fromStack(everyConstruct(app));
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    const grants = Object.values(template.findResources('AWS::IAM::Policy'))
      .find((p: any) => p.Properties.PolicyName === 'HybridConnectivityHandlerGrants') as any;
    const actions = grants.Properties.PolicyDocument.Statement.flatMap((st: any) => [st.Action].flat());
    expect(actions).toEqual(expect.arrayContaining([
      'interconnect:CreateConnection', 'directconnect:AssociateHostedConnection', 'directconnect:AssociateVirtualInterface',
      'networkmanager:AssociateConnectPeer',
    ]));
  });

  test('both handler functions wait for their grants to exist', () => {
    const template = Template.fromStack(everyConstruct(new App())).toJSON();
    const grantsId = Object.entries(template.Resources).find(([, r]: [string, any]) => r.Properties?.PolicyName === 'HybridConnectivityHandlerGrants')![0];
    const handlers = Object.values(template.Resources).filter((r: any) => r.Type === 'AWS::Lambda::Function'
      && /cdk-hybrid-connectivity/.test(r.Properties.Description ?? ''));
    expect(handlers).toHaveLength(2);
    for (const fn of handlers as any[]) expect(fn.DependsOn).toContain(grantsId);
  });
});
