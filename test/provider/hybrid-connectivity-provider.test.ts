import { App, CfnResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { newStack, policyNamed, someConstructs } from './provider-fixtures';
import { ConnectPeerAssociation } from '../../src';

describe('HybridConnectivityProvider', () => {
  // cdk init turns this flag on; CDK then merges statements, which must not meet a list it cannot see yet.
  test('synthesizes with @aws-cdk/aws-iam:minimizePolicies on', () => {
    const app = new App({ context: { '@aws-cdk/aws-iam:minimizePolicies': true } });
    const template = Template.fromStack(someConstructs(newStack(app)));
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    const actions = policyNamed(template, 'HybridConnectivityOnEventGrants').Properties.PolicyDocument.Statement.flatMap((st: any) => [st.Action].flat());
    expect(actions).toEqual(expect.arrayContaining([
      'interconnect:CreateConnection', 'directconnect:AssociateHostedConnection', 'networkmanager:AssociateConnectPeer',
    ]));
  });

  test('each handler function waits for its own grants to exist', () => {
    const template = Template.fromStack(someConstructs(newStack())).toJSON();
    const idOf = (name: string) => Object.entries(template.Resources).find(([, r]: [string, any]) => r.Properties?.PolicyName === name)![0];
    const handlers = Object.values(template.Resources).filter((r: any) => r.Type === 'AWS::Lambda::Function'
      && /cdk-hybrid-connectivity/.test(r.Properties.Description ?? '')) as any[];
    expect(handlers).toHaveLength(2);
    const byEntry = Object.fromEntries(handlers.map((fn) => [fn.Properties.Handler, fn]));
    expect(byEntry['index.onEvent'].DependsOn).toContain(idOf('HybridConnectivityOnEventGrants'));
    expect(byEntry['index.isComplete'].DependsOn).toContain(idOf('HybridConnectivityIsCompleteGrants'));
  });

  test('both handler functions run one asset, each through its own export', () => {
    const template = Template.fromStack(someConstructs(newStack())).toJSON();
    const handlers = Object.values(template.Resources).filter((r: any) => r.Type === 'AWS::Lambda::Function'
      && /cdk-hybrid-connectivity/.test(r.Properties.Description ?? '')) as any[];
    expect(handlers.map((fn) => fn.Properties.Handler).sort()).toEqual(['index.isComplete', 'index.onEvent']);
    expect(new Set(handlers.map((fn) => fn.Properties.Code.S3Key)).size).toBe(1);
  });

  test('each construct\'s custom resource is its default child, rendered as CustomResource would render it', () => {
    const s = new Stack(new App(), 'Res');
    const ids = { globalNetworkId: 'global-network-0a1b2c3d4e5f60718', connectPeerId: 'connect-peer-0123456789abcdef0', deviceId: 'device-07f6fd08867abc123' };
    const kept = new ConnectPeerAssociation(s, 'Kept', ids);
    new ConnectPeerAssociation(s, 'Plain', { ...ids, connectPeerId: 'connect-peer-0123456789abcdef1' });
    new ConnectPeerAssociation(s, 'Peer', { ...ids, connectPeerId: 'connect-peer-0123456789abcdef2', removalPolicy: RemovalPolicy.RETAIN });
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
