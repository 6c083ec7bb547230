import { App, CfnResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
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

  test('both handler functions run one asset, each through its own export', () => {
    const template = Template.fromStack(everyConstruct(new App())).toJSON();
    const handlers = Object.values(template.Resources).filter((r: any) => r.Type === 'AWS::Lambda::Function'
      && /cdk-hybrid-connectivity/.test(r.Properties.Description ?? '')) as any[];
    expect(handlers.map((fn) => fn.Properties.Handler).sort()).toEqual(['index.isComplete', 'index.onEvent']);
    expect(new Set(handlers.map((fn) => fn.Properties.Code.S3Key)).size).toBe(1);
  });

  test('each construct\'s custom resource is its default child, rendered as CustomResource would render it', () => {
    const s = new Stack(new App(), 'Res');
    const kept = new HostedConnectionAssociation(s, 'Kept', { connectionId: 'dxcon-hosx0001', parentConnectionId: 'dxlag-lagx0001' });
    new HostedConnectionAssociation(s, 'Plain', { connectionId: 'dxcon-hosx0002', parentConnectionId: 'dxlag-lagx0001' });
    new ConnectPeerAssociation(s, 'Peer', {
      globalNetworkId: 'global-network-0a1b2c3d4e5f60718',
      connectPeerId: 'connect-peer-0123456789abcdef0',
      deviceId: 'device-07f6fd08867abc123',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    expect(kept.node.defaultChild).toBeInstanceOf(CfnResource);
    kept.applyRemovalPolicy(RemovalPolicy.RETAIN);

    const resources = Template.fromStack(s).toJSON().Resources as Record<string, any>;
    const byPath = (prefix: string) => Object.entries(resources).find(([id]) => id.startsWith(prefix))![1];
    for (const prefix of ['Kept', 'Plain', 'Peer']) {
      expect(byPath(prefix).Properties).toMatchObject({ ServiceToken: { 'Fn::GetAtt': [expect.stringMatching(/frameworkonEvent/), 'Arn'] }, ServiceTimeout: '3600' });
    }
    expect(byPath('Plain')).toMatchObject({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
    expect(byPath('Kept')).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(byPath('Peer')).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});
