import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as networkmanager from 'aws-cdk-lib/aws-networkmanager';
import { aws_networkmanager as nmRefs } from 'aws-cdk-lib/interfaces';
import { Construct } from 'constructs';
import { ConnectPeerAssociation, ConnectPeerAssociationProps } from '../../src';

const TYPE = 'Custom::ConnectPeerAssociation';
const GN = 'global-network-0a1b2c3d4e5f60718';
const OTHER_GN = 'global-network-0fedcba987654321f';
const PEER = 'connect-peer-0123456789abcdef0';
const DEVICE = 'device-07f6fd08867abc123';
const LINK = 'link-11112222aaaabbbb1';
const OWNER = '210987654321';

function stack(): Stack {
  return new Stack(new App(), 'Wan', { env: { account: '123456789012', region: 'eu-central-1' } });
}

/** The L1s a network team declares, in the one stack. */
function l1s(s: Stack) {
  const globalNetwork = new networkmanager.CfnGlobalNetwork(s, 'GlobalNetwork', {});
  const site = new networkmanager.CfnSite(s, 'Site', { globalNetworkId: globalNetwork.attrId });
  const device = new networkmanager.CfnDevice(s, 'Device', { globalNetworkId: globalNetwork.attrId, siteId: site.attrSiteId });
  const link = new networkmanager.CfnLink(s, 'Link', {
    globalNetworkId: globalNetwork.attrId, siteId: site.attrSiteId, bandwidth: { downloadSpeed: 50, uploadSpeed: 50 },
  });
  const peer = new networkmanager.CfnConnectPeer(s, 'Peer', { connectAttachmentId: 'attachment-0123456789abcdef0', peerAddress: '10.0.0.1' });
  return { globalNetwork, device, link, peer };
}

/** References whose ids synth can read, as another library's constructs may hold them, in account `account`. */
function env(account = '123456789012') {
  return { account, region: 'eu-central-1' };
}
function deviceRef(scope: Construct, id: string, globalNetworkId: string, deviceId = DEVICE, account?: string): nmRefs.IDeviceRef {
  const arn = `arn:aws:networkmanager::${account ?? '123456789012'}:device/${globalNetworkId}/${deviceId}`;
  return Object.assign(new Construct(scope, id), { env: env(account), deviceRef: { globalNetworkId, deviceId, deviceArn: arn } });
}
function linkRef(scope: Construct, id: string, globalNetworkId: string, linkId = LINK): nmRefs.ILinkRef {
  const arn = `arn:aws:networkmanager::123456789012:link/${globalNetworkId}/${linkId}`;
  return Object.assign(new Construct(scope, id), { env: env(), linkRef: { globalNetworkId, linkId, linkArn: arn } });
}
function peerRef(scope: Construct, id: string, connectPeerId = PEER, account?: string): nmRefs.IConnectPeerRef {
  return Object.assign(new Construct(scope, id), { env: env(account), connectPeerRef: { connectPeerId } });
}

function associationProps(s: Stack): Record<string, unknown> {
  return Object.values(Template.fromStack(s).findResources(TYPE))[0].Properties;
}

/** The statements of the role that may AssociateConnectPeer (onEvent's), with every policy of that role. */
function handlerStatements(s: Stack): any[] {
  const policies = Object.values(Template.fromStack(s).findResources('AWS::IAM::Policy')).map((p: any) => p.Properties);
  const writes = (p: any) => p.PolicyDocument.Statement.some((st: any) => [st.Action].flat().includes('networkmanager:AssociateConnectPeer'));
  const roles = new Set(policies.filter(writes).flatMap((p: any) => p.Roles.map((r: unknown) => JSON.stringify(r))));
  return policies.filter((p: any) => p.Roles.some((r: unknown) => roles.has(JSON.stringify(r)))).flatMap((p: any) => p.PolicyDocument.Statement);
}

function resourcesOf(statements: any[], action: string): unknown[] {
  return statements.filter((st) => [st.Action].flat().includes(action)).flatMap((st) => [st.Resource].flat());
}

const nmArn = (resource: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:networkmanager::${resource}`]] });

describe('ConnectPeerAssociation from Network Manager references', () => {
  test('the L1s themselves: ids from their Refs, the global network from the device, grants on their ARNs', () => {
    const s = stack();
    const { globalNetwork, device, link, peer } = l1s(s);
    new ConnectPeerAssociation(s, 'Assoc', { globalNetwork, connectPeer: peer, device, link });
    expect(associationProps(s)).toMatchObject({
      GlobalNetworkId: { Ref: 'GlobalNetwork' },
      ConnectPeerId: { Ref: 'Peer' },
      // CfnDevice's and CfnLink's Ref is '<global network id>|<id>'.
      DeviceId: { 'Fn::Select': [1, { 'Fn::Split': ['|', { Ref: 'Device' }] }] },
      LinkId: { 'Fn::Select': [1, { 'Fn::Split': ['|', { Ref: 'Link' }] }] },
    });
    const statements = handlerStatements(s);
    expect(resourcesOf(statements, 'networkmanager:DisassociateConnectPeer')).toEqual([{ 'Fn::GetAtt': ['GlobalNetwork', 'Arn'] }]);
    expect(resourcesOf(statements, 'networkmanager:AssociateConnectPeer')).toEqual([
      { 'Fn::GetAtt': ['GlobalNetwork', 'Arn'] }, { 'Fn::GetAtt': ['Device', 'DeviceArn'] },
    ]);
    expect(resourcesOf(statements, 'networkmanager:TagResource')).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':networkmanager::123456789012:connect-peer/', { Ref: 'Peer' }]] },
    ]);
  });

  test('a device reference alone names the global network', () => {
    const s = stack();
    const { device } = l1s(s);
    new ConnectPeerAssociation(s, 'Assoc', { connectPeerId: PEER, device });
    expect(associationProps(s)).toMatchObject({
      GlobalNetworkId: { 'Fn::Select': [0, { 'Fn::Split': ['|', { Ref: 'Device' }] }] },
      ConnectPeerId: PEER,
    });
  });

  test('references synth can read give the same template as plain ids', () => {
    const fromRefs = stack();
    new ConnectPeerAssociation(fromRefs, 'Assoc', {
      connectPeer: peerRef(fromRefs, 'P'), device: deviceRef(fromRefs, 'D', GN), link: linkRef(fromRefs, 'L', GN),
    });
    const fromIds = stack();
    new ConnectPeerAssociation(fromIds, 'Assoc', { globalNetworkId: GN, connectPeerId: PEER, deviceId: DEVICE, linkId: LINK });
    expect(associationProps(fromRefs)).toEqual(associationProps(fromIds));
  });

  test('grants stay in the account each reference names', () => {
    const s = stack();
    new ConnectPeerAssociation(s, 'Assoc', { connectPeer: peerRef(s, 'P', PEER, OWNER), device: deviceRef(s, 'D', GN, DEVICE, OWNER) });
    const statements = handlerStatements(s);
    expect(resourcesOf(statements, 'networkmanager:DisassociateConnectPeer')).toEqual([nmArn(`${OWNER}:global-network/${GN}`)]);
    expect(resourcesOf(statements, 'networkmanager:AssociateConnectPeer'))
      .toContainEqual(`arn:aws:networkmanager::${OWNER}:device/${GN}/${DEVICE}`);
    expect(resourcesOf(statements, 'networkmanager:GetConnectPeer')).toEqual([nmArn(`${OWNER}:connect-peer/${PEER}`)]);
  });

  const base: ConnectPeerAssociationProps = { globalNetworkId: GN, connectPeerId: PEER, deviceId: DEVICE };
  test.each<[string, (s: Stack) => ConnectPeerAssociationProps, string | RegExp]>([
    ['both connectPeerId and connectPeer', (s) => ({ ...base, connectPeer: peerRef(s, 'P') }),
      "ConnectPeerAssociation Wan/Assoc: set only one of 'connectPeerId' and 'connectPeer': both name the Connect peer."],
    ['neither connectPeerId nor connectPeer', () => ({ ...base, connectPeerId: undefined }),
      "ConnectPeerAssociation Wan/Assoc: set 'connectPeerId' (an id) or 'connectPeer' (a reference, such as an L1 construct) to name the Connect peer."],
    ['both deviceId and device', (s) => ({ ...base, device: deviceRef(s, 'D', GN) }), "set only one of 'deviceId' and 'device'"],
    ['neither deviceId nor device', () => ({ ...base, deviceId: undefined }), "set 'deviceId' (an id) or 'device'"],
    ['both linkId and link', (s) => ({ ...base, linkId: LINK, link: linkRef(s, 'L', GN) }), "set only one of 'linkId' and 'link'"],
    ['both globalNetworkId and globalNetwork', (s) => ({ ...base, globalNetwork: l1s(s).globalNetwork }), "set only one of 'globalNetworkId' and 'globalNetwork'"],
    ['no global network at all', () => ({ connectPeerId: PEER, deviceId: DEVICE }),
      `ConnectPeerAssociation Wan/Assoc: set globalNetworkId or globalNetwork: a deviceId '${DEVICE}' does not say which global network it is in`],
    ['a device of another global network', (s) => ({ globalNetworkId: GN, connectPeerId: PEER, device: deviceRef(s, 'D', OTHER_GN) }),
      `ConnectPeerAssociation Wan/Assoc: device is in global network '${OTHER_GN}', but globalNetworkId names global network '${GN}'.`],
    ['a link of another global network than its device', (s) => ({ connectPeerId: PEER, device: deviceRef(s, 'D', GN), link: linkRef(s, 'L', OTHER_GN) }),
      `link is in global network '${OTHER_GN}', but device names global network '${GN}'`],
    ['a reference with a malformed id', (s) => ({ ...base, connectPeerId: undefined, connectPeer: peerRef(s, 'P', 'peer-1') }),
      "Invalid connectPeerId of connectPeer: 'peer-1'. Expected 'connect-peer-' followed by 8 to 17 lower-case hex digits."],
  ])('refuses %s at synth, saying what to set', (_name, props, message) => {
    const s = stack();
    expect(() => new ConnectPeerAssociation(s, 'Assoc', props(s))).toThrow(message);
  });
});

describe('ConnectPeerAssociation grants', () => {
  test('grantRead: GetConnectPeerAssociations on the global network, GetConnectPeer on the peer; grant on the global network', () => {
    const s = stack();
    const association = new ConnectPeerAssociation(s, 'Assoc', { globalNetworkId: GN, connectPeerId: PEER, deviceId: DEVICE });
    const reader = new iam.Role(s, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    association.grantRead(reader);
    const operator = new iam.Role(s, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
    association.grant(operator, 'networkmanager:DisassociateConnectPeer');
    const template = Template.fromStack(s);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Reader') }],
      PolicyDocument: {
        Statement: [
          { Action: 'networkmanager:GetConnectPeerAssociations', Effect: 'Allow', Resource: nmArn(`123456789012:global-network/${GN}`) },
          { Action: 'networkmanager:GetConnectPeer', Effect: 'Allow', Resource: nmArn(`123456789012:connect-peer/${PEER}`) },
        ],
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Operator') }],
      PolicyDocument: { Statement: [{ Action: 'networkmanager:DisassociateConnectPeer', Effect: 'Allow', Resource: nmArn(`123456789012:global-network/${GN}`) }] },
    });
  });

  test('an imported association grants in the account it names', () => {
    const s = stack();
    const association = ConnectPeerAssociation.fromConnectPeerAssociationAttributes(s, 'Imported', { globalNetworkId: GN, connectPeerId: PEER, account: OWNER });
    expect(association.env.account).toBe(OWNER);
    const reader = new iam.Role(s, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    association.grantRead(reader);
    const statements = Object.values(Template.fromStack(s).findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    expect(statements.map((st: any) => st.Resource)).toEqual([nmArn(`${OWNER}:global-network/${GN}`), nmArn(`${OWNER}:connect-peer/${PEER}`)]);
    expect(() => ConnectPeerAssociation.fromConnectPeerAssociationAttributes(s, 'Bad', { globalNetworkId: GN, connectPeerId: PEER, account: '2109' }))
      .toThrow("Invalid account: '2109'. Expected a 12-digit AWS account id.");
  });
});
