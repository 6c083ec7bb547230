import { App, ArnFormat, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  ActivationKey, AttachPoint, ConnectPeerAssociation, HybridConnectivityProvider, InterconnectConnection, SidewalkAccountAssociation,
} from '../../src';

/** Constructs whose props other helpers are not renaming this session; each grants through the provider. */
export function someConstructs(s: Stack): Stack {
  new InterconnectConnection(s, 'Conn', {
    environmentId: 'env', bandwidth: '1Gbps', attachPoint: AttachPoint.directConnectGateway('5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9'), activationKeySecret: {},
  });
  new InterconnectConnection(s, 'Accepted', {
    attachPoint: AttachPoint.directConnectGateway('5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9'),
    activationKey: ActivationKey.fromSecret(secretsmanager.Secret.fromSecretNameV2(s, 'Proposal', 'proposal'), 'activationKey'),
  });
  new ConnectPeerAssociation(s, 'Peer', {
    globalNetworkId: 'global-network-0a1b2c3d4e5f60718', connectPeerId: 'connect-peer-0123456789abcdef0', deviceId: 'device-07f6fd08867abc123',
  });
  new SidewalkAccountAssociation(s, 'Sidewalk', {
    amazonId: 'amzn1.account.AEXAMPLE', appServerPrivateKey: secretsmanager.Secret.fromSecretNameV2(s, 'SidewalkKey', 'sidewalk/key'),
  });
  // A Direct Connect move's grants, as direct-connect-grants.ts makes them (those constructs' props are being renamed).
  HybridConnectivityProvider.of(s).grant({
    actions: ['directconnect:DescribeTags', 'directconnect:TagResource', 'directconnect:UntagResource'],
    resourceArns: [s.formatArn({ service: 'directconnect', resource: 'dxlag', resourceName: 'dxlag-lagx0001', arnFormat: ArnFormat.SLASH_RESOURCE_NAME })],
    collapsedArn: s.formatArn({ service: 'directconnect', resource: 'dxlag', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME }),
  });
  HybridConnectivityProvider.of(s).grant({ actions: ['directconnect:AssociateHostedConnection', 'directconnect:DescribeConnections'], resourceArns: ['*'], collapsedArn: '*' });
  return s;
}

export function newStack(app = new App()): Stack {
  return new Stack(app, 'All', { env: { account: '123456789012', region: 'us-east-1' } });
}

export function policyNamed(template: Template, name: string): any {
  return Object.values(template.findResources('AWS::IAM::Policy')).find((p: any) => p.Properties.PolicyName === name) as any;
}
