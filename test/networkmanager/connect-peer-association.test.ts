import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as networkmanager from 'aws-cdk-lib/aws-networkmanager';
import { ConnectPeerAssociation } from '../../src';

const TYPE = 'Custom::ConnectPeerAssociation';
const GN = 'global-network-0a1b2c3d4e5f60718';
const PEER = 'connect-peer-0123456789abcdef0';
const DEVICE = 'device-07f6fd08867abc123';
const LINK = 'link-11112222aaaabbbb1';

function stack(region = 'eu-central-1'): Stack {
  return new Stack(new App(), 'Wan', { env: { account: '123456789012', region } });
}

/**
 * The statements of the handler role that associates (onEvent's): every policy of the role that may AssociateConnectPeer.
 * (isComplete, where it has a role of its own, holds only the reads.)
 */
function statements(s: Stack): any[] {
  const policies = Object.values(Template.fromStack(s).findResources('AWS::IAM::Policy')).map((p: any) => p.Properties);
  const writes = (p: any) => p.PolicyDocument.Statement.some((st: any) => [st.Action].flat().includes('networkmanager:AssociateConnectPeer'));
  const roles = new Set(policies.filter(writes).flatMap((p: any) => p.Roles.map((r: unknown) => JSON.stringify(r))));
  return policies.filter((p: any) => p.Roles.some((r: unknown) => roles.has(JSON.stringify(r)))).flatMap((p: any) => p.PolicyDocument.Statement);
}

describe('ConnectPeerAssociation', () => {
  test('props become custom-resource properties with the shared timeouts', () => {
    const s = stack();
    new ConnectPeerAssociation(s, 'Assoc', { globalNetworkId: GN, connectPeerId: PEER, deviceId: DEVICE, linkId: LINK });
    const template = Template.fromStack(s);
    template.hasResourceProperties(TYPE, {
      GlobalNetworkId: GN, ConnectPeerId: PEER, DeviceId: DEVICE, LinkId: LINK, WaitTimeoutSeconds: Match.absent(),
    });
    template.hasResource(TYPE, { Properties: { ServiceTimeout: '3600' }, DeletionPolicy: 'Delete' });
  });

  test('defaults: no link; RemovalPolicy.RETAIN and waitTimeout are honoured', () => {
    const s = stack();
    new ConnectPeerAssociation(s, 'Assoc', {
      globalNetworkId: GN, connectPeerId: PEER, deviceId: DEVICE, waitTimeout: Duration.minutes(10), removalPolicy: RemovalPolicy.RETAIN,
    });
    const template = Template.fromStack(s);
    template.hasResourceProperties(TYPE, { LinkId: Match.absent(), WaitTimeoutSeconds: 600 });
    template.hasResource(TYPE, { DeletionPolicy: 'Retain' });
  });

  test('accepts tokens from the aws-networkmanager L1s, unvalidated', () => {
    const s = stack();
    const globalNetwork = new networkmanager.CfnGlobalNetwork(s, 'GlobalNetwork', {});
    const site = new networkmanager.CfnSite(s, 'Site', { globalNetworkId: globalNetwork.attrId });
    const device = new networkmanager.CfnDevice(s, 'Device', { globalNetworkId: globalNetwork.attrId, siteId: site.attrSiteId });
    const link = new networkmanager.CfnLink(s, 'Link', {
      globalNetworkId: globalNetwork.attrId, siteId: site.attrSiteId, bandwidth: { downloadSpeed: 50, uploadSpeed: 50 },
    });
    new ConnectPeerAssociation(s, 'Assoc', {
      globalNetworkId: globalNetwork.attrId, connectPeerId: PEER, deviceId: device.attrDeviceId, linkId: link.attrLinkId,
    });
    const template = Template.fromStack(s);
    template.hasResourceProperties(TYPE, {
      GlobalNetworkId: { 'Fn::GetAtt': [Match.stringLikeRegexp('GlobalNetwork'), 'Id'] },
      DeviceId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Device'), 'DeviceId'] },
      LinkId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Link'), 'LinkId'] },
    });
    const device_ = statements(s).find((st) => JSON.stringify(st.Resource).includes(':device/'));
    expect(JSON.stringify(device_.Resource)).toContain('DeviceId');
  });

  test.each([
    ['connectPeerId', { connectPeerId: 'peer-123' }, "Invalid connectPeerId: 'peer-123'. Expected 'connect-peer-' followed by 8 to 17 lower-case hex digits."],
    ['globalNetworkId', { globalNetworkId: 'gn-1' }, "Invalid globalNetworkId: 'gn-1'."],
    ['deviceId', { deviceId: 'DEVICE-07F6FD08867ABC123' }, "Invalid deviceId: 'DEVICE-07F6FD08867ABC123'."],
    ['linkId', { linkId: 'link-xyz' }, "Invalid linkId: 'link-xyz'."],
  ])('validates %s at synth time, quoting the value', (_name, override, message) => {
    expect(() => new ConnectPeerAssociation(stack(), 'Assoc', { globalNetworkId: GN, connectPeerId: PEER, deviceId: DEVICE, ...override }))
      .toThrow(message);
  });

  test('waitTimeout beyond what CloudFormation waits is rejected', () => {
    expect(() => new ConnectPeerAssociation(stack(), 'Assoc', { globalNetworkId: GN, connectPeerId: PEER, deviceId: DEVICE, waitTimeout: Duration.hours(2) }))
      .toThrow(/Expected 1 second to 50 minutes/);
  });

  test('IAM: the Network Manager actions are scoped to this global network, device and Connect peer, region-less', () => {
    const s = stack();
    new ConnectPeerAssociation(s, 'Assoc', { globalNetworkId: GN, connectPeerId: PEER, deviceId: DEVICE, linkId: LINK });
    const nm = statements(s).filter((st) => [st.Action].flat().some((a: string) => a.startsWith('networkmanager:')));
    expect(nm).toEqual([
      {
        Effect: 'Allow',
        Action: ['networkmanager:AssociateConnectPeer', 'networkmanager:DisassociateConnectPeer', 'networkmanager:GetConnectPeerAssociations'],
        Resource: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:networkmanager::123456789012:global-network/${GN}`]] }],
      },
      {
        Effect: 'Allow',
        Action: 'networkmanager:AssociateConnectPeer',
        Resource: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:networkmanager::123456789012:device/${GN}/${DEVICE}`]] }],
      },
      {
        Effect: 'Allow',
        Action: ['networkmanager:GetConnectPeer', 'networkmanager:TagResource', 'networkmanager:UntagResource'],
        Resource: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:networkmanager::123456789012:connect-peer/${PEER}`]] }],
      },
    ]);
  });

  test('adoptExisting renders AdoptExisting only when set; the default refuses an existing association', () => {
    const s = stack();
    new ConnectPeerAssociation(s, 'Adopt', { globalNetworkId: GN, connectPeerId: PEER, deviceId: DEVICE, adoptExisting: true });
    new ConnectPeerAssociation(s, 'Default', { globalNetworkId: GN, connectPeerId: 'connect-peer-0123456789abcdef1', deviceId: DEVICE });
    new ConnectPeerAssociation(s, 'No', { globalNetworkId: GN, connectPeerId: 'connect-peer-0123456789abcdef2', deviceId: DEVICE, adoptExisting: false });
    const template = Template.fromStack(s);
    template.hasResourceProperties(TYPE, { ConnectPeerId: PEER, AdoptExisting: 'true' });
    template.hasResourceProperties(TYPE, { ConnectPeerId: 'connect-peer-0123456789abcdef1', AdoptExisting: Match.absent() });
    template.hasResourceProperties(TYPE, { ConnectPeerId: 'connect-peer-0123456789abcdef2', AdoptExisting: Match.absent() });
  });

  test('partitions: a stack in aws-cn fails at synth, naming the partition; aws-us-gov and environment-agnostic stacks synthesize', () => {
    expect(() => new ConnectPeerAssociation(stack('cn-north-1'), 'Assoc', { globalNetworkId: GN, connectPeerId: PEER, deviceId: DEVICE }))
      .toThrow("ConnectPeerAssociation Wan/Assoc: AWS Network Manager has no endpoint in partition 'aws-cn' (stack region 'cn-north-1'). " +
        "It is available in partitions 'aws' and 'aws-us-gov'");
    const gov = stack('us-gov-west-1');
    new ConnectPeerAssociation(gov, 'Assoc', { globalNetworkId: GN, connectPeerId: PEER, deviceId: DEVICE });
    Template.fromStack(gov).resourceCountIs(TYPE, 1);
    const agnostic = new Stack(new App(), 'Agnostic');
    new ConnectPeerAssociation(agnostic, 'Assoc', { globalNetworkId: GN, connectPeerId: PEER, deviceId: DEVICE });
    Template.fromStack(agnostic).resourceCountIs(TYPE, 1);
  });

  test('two associations share the one provider and merge their grants', () => {
    const one = stack();
    new ConnectPeerAssociation(one, 'A', { globalNetworkId: GN, connectPeerId: PEER, deviceId: DEVICE });
    const resourcesOfOne = Object.keys(Template.fromStack(one).toJSON().Resources).length;
    const s = stack();
    new ConnectPeerAssociation(s, 'A', { globalNetworkId: GN, connectPeerId: PEER, deviceId: DEVICE });
    new ConnectPeerAssociation(s, 'B', { globalNetworkId: GN, connectPeerId: 'connect-peer-0123456789abcdef1', deviceId: 'device-0a9b8c7d6e5f40312' });
    const template = Template.fromStack(s);
    template.resourceCountIs(TYPE, 2);
    expect(Object.keys(template.toJSON().Resources)).toHaveLength(resourcesOfOne + 1);
    const device = statements(s).find((st) => JSON.stringify(st.Resource).includes(':device/'));
    expect(device.Resource).toHaveLength(2);
  });

  test('attributes are the handler\'s Data keys', () => {
    const s = stack();
    const assoc = new ConnectPeerAssociation(s, 'Assoc', { globalNetworkId: GN, connectPeerId: PEER, deviceId: DEVICE });
    const resolve = (v: string) => s.resolve(v)['Fn::GetAtt'][1];
    expect([assoc.connectPeerId, assoc.globalNetworkId, assoc.deviceId, assoc.linkId, assoc.state].map(resolve))
      .toEqual(['ConnectPeerId', 'GlobalNetworkId', 'DeviceId', 'LinkId', 'State']);
  });

  test('fromConnectPeerAssociationAttributes references an existing association', () => {
    const s = stack();
    const imported = ConnectPeerAssociation.fromConnectPeerAssociationAttributes(s, 'Imported', { globalNetworkId: GN, connectPeerId: PEER });
    expect(imported.connectPeerId).toBe(PEER);
    expect(imported.globalNetworkId).toBe(GN);
    expect(() => ConnectPeerAssociation.fromConnectPeerAssociationAttributes(s, 'Bad', { globalNetworkId: GN, connectPeerId: 'x' }))
      .toThrow("Invalid connectPeerId: 'x'");
  });
});
