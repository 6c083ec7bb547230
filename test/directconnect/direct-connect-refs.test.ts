import { App, RemovalPolicy, Stack, aws_cloudwatch as cloudwatch, aws_directconnect as dx, aws_iam as iam, aws_interconnect as ic } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import {
  AssociationRemovalBehavior, DirectConnectConnectionMetrics, DirectConnectTarget, DirectConnectVirtualInterface,
  DirectConnectVirtualInterfaceMetrics,
  HostedConnectionAssociation, VirtualInterfaceAssociation,
} from '../../src';

const HOSTED = 'Custom::DirectConnectHostedConnectionAssociation';
const VIF = 'Custom::DirectConnectVirtualInterfaceAssociation';
/** What CloudFormation evaluates to the id at the end of a Ref'd ARN. */
const ID_OF = (ref: object) => ({ 'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', ref] }] }] }] });

function stack(account = '123456789012'): Stack {
  return new Stack(new App(), 'TestStack', { env: { account, region: 'us-east-1' } });
}

function lagIn(s: Stack): dx.CfnLag {
  return new dx.CfnLag(s, 'Lag', { connectionsBandwidth: '10Gbps', lagName: 'partner-lag', location: 'EqDC2' });
}

/** Every resource of every statement allowing `action`, across the provider's roles, once each. */
function resourcesOf(s: Stack, action: string): string[] {
  const policies = Template.fromStack(s).findResources('AWS::IAM::Policy');
  const all = Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement)
    .filter((st: any) => [st.Action].flat().includes(action)).flatMap((st: any) => [st.Resource].flat()).map((r) => JSON.stringify(r));
  return [...new Set(all)];
}

describe('a CfnLag in the same app as the target', () => {
  test('the id is cut from the LAG ARN that Ref returns, so the property and the physical id have no colon', () => {
    const s = stack();
    const lag = lagIn(s);
    new HostedConnectionAssociation(s, 'Move', { hostedConnectionId: 'dxcon-fg5678gh', target: DirectConnectTarget.lag(lag) });
    Template.fromStack(s).hasResourceProperties(HOSTED, { ConnectionId: 'dxcon-fg5678gh', ParentConnectionId: ID_OF({ Ref: 'Lag' }) });
  });

  test('IAM names the LAG by its own ARN, never as dxcon/arn:…', () => {
    const s = stack();
    new HostedConnectionAssociation(s, 'Move', { hostedConnectionId: 'dxcon-fg5678gh', target: DirectConnectTarget.lag(lagIn(s)) });
    const tagging = resourcesOf(s, 'directconnect:TagResource');
    expect(tagging).toEqual([JSON.stringify({ Ref: 'Lag' })]);
    const associate = resourcesOf(s, 'directconnect:AssociateHostedConnection');
    expect(associate).toContain(JSON.stringify({ Ref: 'Lag' }));
    expect(JSON.stringify(Template.fromStack(s).findResources('AWS::IAM::Policy'))).not.toMatch(/dxcon\/arn|dxlag\/arn/);
  });

  test('a VIF moved to a CfnLag: ConnectionId is the id, metrics use it as their dimension', () => {
    const s = stack();
    const lag = lagIn(s);
    const move = new VirtualInterfaceAssociation(s, 'Move', {
      virtualInterface: DirectConnectVirtualInterface.fromId('dxvif-fg5678gh'), target: DirectConnectTarget.lag(lag),
    });
    Template.fromStack(s).hasResourceProperties(VIF, { ConnectionId: ID_OF({ Ref: 'Lag' }) });
    expect(s.resolve(move.metricVirtualInterfaceBgpStatus().dimensions)).toEqual({
      ConnectionId: ID_OF({ Ref: 'Lag' }), VirtualInterfaceId: 'dxvif-fg5678gh', IpAddressFamily: 'ipv4',
    });
  });
});

describe('DirectConnectTarget', () => {
  test('fromId keeps the id, checks it, and says what is expected', () => {
    expect(DirectConnectTarget.fromId('dxlag-ffrz71kw').targetId).toBe('dxlag-ffrz71kw');
    expect(() => DirectConnectTarget.fromId('arn:aws:directconnect:us-east-1:123456789012:dxlag/dxlag-ffrz71kw'))
      .toThrow("Invalid target id: 'arn:aws:directconnect:us-east-1:123456789012:dxlag/dxlag-ffrz71kw'. Expected 'dxcon-' or 'dxlag-'");
  });

  test('fromArn cuts a literal ARN at synth and scopes IAM to it, in its own account', () => {
    const s = stack();
    const arn = 'arn:aws:directconnect:us-east-1:444455556666:dxlag/dxlag-ffrz71kw';
    new HostedConnectionAssociation(s, 'Move', { hostedConnectionId: 'dxcon-fg5678gh', target: DirectConnectTarget.fromArn(arn) });
    Template.fromStack(s).hasResourceProperties(HOSTED, { ParentConnectionId: 'dxlag-ffrz71kw' });
    expect(resourcesOf(s, 'directconnect:TagResource')).toEqual([JSON.stringify(arn)]);
  });

  test('an ARN of another service is refused at synth, quoting it', () => {
    const arn = 'arn:aws:interconnect:us-east-1:123456789012:connection/mcc-abcd1234';
    expect(() => DirectConnectTarget.fromArn(arn)).toThrow(`Invalid target ARN: '${arn}' is an ARN of service 'interconnect'. Expected an ARN of service 'directconnect'`);
  });

  test('an Interconnect CfnConnection has the same IConnectionRef shape, and is refused by its type', () => {
    const s = stack();
    const other = new ic.CfnConnection(s, 'Mcc', { attachPoint: { directConnectGateway: '5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9' }, environmentId: 'aws-gcp-us-east4', bandwidth: '1Gbps' } as any);
    expect(() => DirectConnectTarget.connection(other as any))
      .toThrow('DirectConnectTarget.connection: TestStack/Mcc is a AWS::Interconnect::Connection. Expected a AWS::DirectConnect::Connection');
  });

  test('a CfnConnection target is a dxcon', () => {
    const s = stack();
    const conn = new dx.CfnConnection(s, 'Conn', { bandwidth: '10Gbps', connectionName: 'c', location: 'EqDC2' });
    new VirtualInterfaceAssociation(s, 'Move', { virtualInterface: DirectConnectVirtualInterface.fromId('dxvif-fg5678gh'), target: DirectConnectTarget.connection(conn) });
    Template.fromStack(s).hasResourceProperties(VIF, { ConnectionId: ID_OF({ Ref: 'Conn' }) });
    // A dxcon target: the hosted-connection check needs no account-wide DescribeConnections.
    expect(resourcesOf(s, 'directconnect:DescribeConnections')).toEqual([]);
  });
});

describe('a virtual interface an L1 declares', () => {
  test('each of the three VIF Refs gives the id from its ARN', () => {
    const s = stack();
    const vif = new dx.CfnPrivateVirtualInterface(s, 'Pvif', {
      bgpPeers: [{ asn: '65000', addressFamily: 'ipv4' }], connectionId: 'dxcon-ab12cd34', virtualInterfaceName: 'p', vlan: 101,
    } as any);
    new VirtualInterfaceAssociation(s, 'Move', { virtualInterface: DirectConnectVirtualInterface.fromPrivateVirtualInterface(vif), target: DirectConnectTarget.fromId('dxcon-fg5678gh') });
    Template.fromStack(s).hasResourceProperties(VIF, { VirtualInterfaceId: ID_OF({ Ref: 'Pvif' }) });
  });

  test.each([
    ['private', (s: Stack) => DirectConnectVirtualInterface.fromPrivateVirtualInterface(new dx.CfnPrivateVirtualInterface(s, 'V', {
      bgpPeers: [], connectionId: 'dxcon-ab12cd34', virtualInterfaceName: 'v', vlan: 101,
    } as any))],
    ['transit', (s: Stack) => DirectConnectVirtualInterface.fromTransitVirtualInterface(new dx.CfnTransitVirtualInterface(s, 'V', {
      bgpPeers: [], connectionId: 'dxcon-ab12cd34', directConnectGatewayId: 'g', virtualInterfaceName: 'v', vlan: 101,
    } as any))],
    ['public', (s: Stack) => DirectConnectVirtualInterface.fromPublicVirtualInterface(new dx.CfnPublicVirtualInterface(s, 'V', {
      bgpPeers: [], connectionId: 'dxcon-ab12cd34', virtualInterfaceName: 'v', vlan: 101,
    } as any))],
  ])('moving a %s interface the app declares warns that CloudFormation moves it itself', (_kind, vifOf) => {
    const s = stack();
    new VirtualInterfaceAssociation(s, 'Move', { virtualInterface: vifOf(s), target: DirectConnectTarget.fromId('dxcon-fg5678gh') });
    Annotations.fromStack(s).hasWarning('/TestStack/Move', Match.stringLikeRegexp(
      'declared in this app by TestStack/V .*CloudFormation moves such an interface itself when its connectionId changes.*Move it by changing connectionId on the L1'));
  });

  test('an interface by id gives no such warning', () => {
    const s = stack();
    new VirtualInterfaceAssociation(s, 'Move', { virtualInterface: DirectConnectVirtualInterface.fromId('dxvif-fg5678gh'), target: DirectConnectTarget.fromId('dxcon-fg5678gh') });
    expect(Annotations.fromStack(s).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('fromArn refuses another resource type', () => {
    expect(() => DirectConnectVirtualInterface.fromArn('arn:aws:directconnect:us-east-1:123456789012:dxcon/dxcon-fg5678gh'))
      .toThrow("Invalid virtual interface ARN: 'arn:aws:directconnect:us-east-1:123456789012:dxcon/dxcon-fg5678gh' names resource 'dxcon/dxcon-fg5678gh'");
  });
});

describe('RemovalPolicy.RETAIN with RESTORE', () => {
  test.each([
    ['hosted connection', (s: Stack, removalPolicy?: RemovalPolicy) => new HostedConnectionAssociation(s, 'Move', {
      hostedConnectionId: 'dxcon-fg5678gh', target: DirectConnectTarget.fromId('dxlag-ffrz71kw'), removalBehavior: AssociationRemovalBehavior.RESTORE, removalPolicy,
    })],
    ['virtual interface', (s: Stack, removalPolicy?: RemovalPolicy) => new VirtualInterfaceAssociation(s, 'Move', {
      virtualInterface: DirectConnectVirtualInterface.fromId('dxvif-fg5678gh'),
      target: DirectConnectTarget.fromId('dxlag-ffrz71kw'),
      removalBehavior: AssociationRemovalBehavior.RESTORE,
      removalPolicy,
    })],
  ])('%s: refused at synth, by prop or by applyRemovalPolicy, saying which to choose', (what, build) => {
    const byProp = stack();
    build(byProp, RemovalPolicy.RETAIN);
    const message = 'TestStack/Move: removalPolicy RETAIN (DeletionPolicy Retain) with removalBehavior RESTORE: CloudFormation would drop the ' +
      `association without calling its handler, so the ${what} would never move back. Choose one:`;
    expect(() => Template.fromStack(byProp)).toThrow(message);

    const byMethod = stack();
    build(byMethod).applyRemovalPolicy(RemovalPolicy.RETAIN);
    expect(() => Template.fromStack(byMethod)).toThrow(/AssociationRemovalBehavior\.RETAIN to leave it where it is/);

    const fine = stack();
    build(fine);
    Template.fromStack(fine).hasResource(what === 'hosted connection' ? HOSTED : VIF, { DeletionPolicy: 'Delete' });
  });

  test('RETAIN with the RETAIN behavior is allowed', () => {
    const s = stack();
    new HostedConnectionAssociation(s, 'Move', { hostedConnectionId: 'dxcon-fg5678gh', target: DirectConnectTarget.fromId('dxlag-ffrz71kw'), removalPolicy: RemovalPolicy.RETAIN });
    Template.fromStack(s).hasResource(HOSTED, { DeletionPolicy: 'Retain' });
  });
});

describe('metrics', () => {
  test('a hosted connection: AWS/DX, dimension ConnectionId, state by minimum', () => {
    const s = stack();
    const move = new HostedConnectionAssociation(s, 'Move', { hostedConnectionId: 'dxcon-fg5678gh', target: DirectConnectTarget.fromId('dxlag-ffrz71kw') });
    const state = move.metricConnectionState();
    expect([state.namespace, state.metricName, state.statistic, state.dimensions]).toEqual(['AWS/DX', 'ConnectionState', 'Minimum', { ConnectionId: 'dxcon-fg5678gh' }]);
    for (const [m, name] of [[move.metricConnectionBpsEgress(), 'ConnectionBpsEgress'], [move.metricConnectionBpsIngress(), 'ConnectionBpsIngress'],
      [move.metricConnectionPpsEgress(), 'ConnectionPpsEgress'], [move.metricConnectionPpsIngress(), 'ConnectionPpsIngress']] as const) {
      expect([m.metricName, m.statistic, m.dimensions]).toEqual([name, 'Average', { ConnectionId: 'dxcon-fg5678gh' }]);
    }
    expect(move.metric('ConnectionErrorCount', { statistic: 'Sum' }).statistic).toBe('Sum');
  });

  test('a virtual interface: dimensions ConnectionId (the target) and VirtualInterfaceId; BGP adds IpAddressFamily', () => {
    const s = stack();
    const move = new VirtualInterfaceAssociation(s, 'Move', { virtualInterface: DirectConnectVirtualInterface.fromId('dxvif-fg5678gh'), target: DirectConnectTarget.fromId('dxlag-ffrz71kw') });
    const both = { ConnectionId: 'dxlag-ffrz71kw', VirtualInterfaceId: 'dxvif-fg5678gh' };
    for (const [m, name] of [[move.metricVirtualInterfaceBpsEgress(), 'VirtualInterfaceBpsEgress'], [move.metricVirtualInterfaceBpsIngress(), 'VirtualInterfaceBpsIngress'],
      [move.metricVirtualInterfacePpsEgress(), 'VirtualInterfacePpsEgress'], [move.metricVirtualInterfacePpsIngress(), 'VirtualInterfacePpsIngress']] as const) {
      expect([m.namespace, m.metricName, m.dimensions]).toEqual(['AWS/DX', name, both]);
    }
    expect(move.metricVirtualInterfaceBgpStatus({ ipAddressFamily: 'ipv6' }).dimensions).toEqual({ ...both, IpAddressFamily: 'ipv6' });
    expect(move.metricVirtualInterfaceBgpPrefixesAccepted().metricName).toBe('VirtualInterfaceBgpPrefixesAccepted');
    expect(move.metricVirtualInterfaceBgpPrefixesAdvertised().metricName).toBe('VirtualInterfaceBgpPrefixesAdvertised');
    expect(() => move.metricVirtualInterfaceBgpStatus({ ipAddressFamily: 'IPv4' })).toThrow("Invalid ipAddressFamily: 'IPv4'. Expected 'ipv4' or 'ipv6'.");
  });

  test('an alarm on a moved interface\'s BGP status', () => {
    const s = stack();
    const move = new VirtualInterfaceAssociation(s, 'Move', { virtualInterface: DirectConnectVirtualInterface.fromId('dxvif-fg5678gh'), target: DirectConnectTarget.fromId('dxlag-ffrz71kw') });
    move.metricVirtualInterfaceBgpStatus().createAlarm(s, 'BgpDown', {
      threshold: 1, evaluationPeriods: 1, comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    });
    Template.fromStack(s).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/DX',
      MetricName: 'VirtualInterfaceBgpStatus',
      Statistic: 'Minimum',
      Dimensions: Match.arrayWith([{ Name: 'IpAddressFamily', Value: 'ipv4' }, { Name: 'VirtualInterfaceId', Value: 'dxvif-fg5678gh' }]),
    });
  });

  test('the facades stand alone, from a CfnConnection or from ids', () => {
    const s = stack();
    const conn = new dx.CfnConnection(s, 'Conn', { bandwidth: '10Gbps', connectionName: 'c', location: 'EqDC2' });
    expect(s.resolve(DirectConnectConnectionMetrics.of(conn).metricConnectionLightLevelRx().dimensions)).toEqual({ ConnectionId: ID_OF({ Ref: 'Conn' }) });
    expect(DirectConnectVirtualInterfaceMetrics.fromIds('dxcon-ab12cd34', 'dxvif-fg5678gh').metric('X').dimensions)
      .toEqual({ ConnectionId: 'dxcon-ab12cd34', VirtualInterfaceId: 'dxvif-fg5678gh' });
  });
});

describe('imports and grants', () => {
  test('fromXxxArns: ids from the ARNs, the import in the ARN\'s account, grantRead on the ARN', () => {
    const s = stack();
    const hostedArn = 'arn:aws:directconnect:us-west-2:444455556666:dxcon/dxcon-fg5678gh';
    const hosted = HostedConnectionAssociation.fromHostedConnectionAssociationArns(s, 'Hosted', {
      hostedConnectionArn: hostedArn, targetArn: 'arn:aws:directconnect:us-west-2:444455556666:dxlag/dxlag-ffrz71kw',
    });
    expect([hosted.hostedConnectionId, hosted.targetId, hosted.env.account, hosted.env.region])
      .toEqual(['dxcon-fg5678gh', 'dxlag-ffrz71kw', '444455556666', 'us-west-2']);
    const vif = VirtualInterfaceAssociation.fromVirtualInterfaceAssociationArns(s, 'Vif', {
      virtualInterfaceArn: 'arn:aws:directconnect:us-east-1:123456789012:dxvif/dxvif-fg5678gh',
      targetArn: 'arn:aws:directconnect:us-east-1:123456789012:dxcon/dxcon-ab12cd34',
    });
    expect([vif.virtualInterfaceId, vif.targetId]).toEqual(['dxvif-fg5678gh', 'dxcon-ab12cd34']);
    expect(() => HostedConnectionAssociation.fromHostedConnectionAssociationArns(s, 'Bad', {
      hostedConnectionArn: 'arn:aws:ec2:us-east-1:123456789012:dxcon/dxcon-fg5678gh', targetArn: hostedArn,
    })).toThrow("Invalid hostedConnectionArn: 'arn:aws:ec2:us-east-1:123456789012:dxcon/dxcon-fg5678gh' is an ARN of service 'ec2'.");

    const role = new iam.Role(s, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    hosted.grantRead(role);
    vif.grantRead(role);
    Template.fromStack(s).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Reader') }],
      PolicyDocument: {
        Statement: [
          { Action: ['directconnect:DescribeConnections', 'directconnect:DescribeTags'], Effect: 'Allow', Resource: hostedArn },
          {
            Action: ['directconnect:DescribeVirtualInterfaces', 'directconnect:DescribeTags'],
            Effect: 'Allow',
            Resource: 'arn:aws:directconnect:us-east-1:123456789012:dxvif/dxvif-fg5678gh',
          },
        ],
      },
    });
  });
});

describe('RESTORE with a target in another account', () => {
  test('the move back may go to any connection or LAG of the target\'s account, not the stack\'s', () => {
    const s = stack();
    new HostedConnectionAssociation(s, 'Move', {
      hostedConnectionId: 'dxcon-fg5678gh',
      target: DirectConnectTarget.fromArn('arn:aws:directconnect:us-east-1:444455556666:dxlag/dxlag-ffrz71kw'),
      removalBehavior: AssociationRemovalBehavior.RESTORE,
    });
    const associate = resourcesOf(s, 'directconnect:AssociateHostedConnection').join(' ');
    expect(associate).toContain(':directconnect:us-east-1:444455556666:dxlag/*');
    expect(associate).toContain(':directconnect:us-east-1:444455556666:dxcon/*');
    // The hosted connection itself is granted by its own ARN; no other resource of the stack's account is.
    expect(associate).toContain(':directconnect:us-east-1:123456789012:dxcon/dxcon-fg5678gh');
    expect(associate).not.toMatch(/123456789012:dx(con|lag)\/\*/);
  });
});
