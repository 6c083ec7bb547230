import { App, Duration, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AssociationRemovalBehavior, DirectConnectTarget, DirectConnectVirtualInterface, VirtualInterfaceAssociation } from '../../src';

const TYPE = 'Custom::DirectConnectVirtualInterfaceAssociation';
const ARN = (kind: string, id: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:directconnect:us-east-1:123456789012:${kind}/${id}`]],
});

function stack(): Stack {
  return new Stack(new App(), 'TestStack', { env: { account: '123456789012', region: 'us-east-1' } });
}

function resourcesOf(s: Stack, action: string): any[] {
  const policies = Template.fromStack(s).findResources('AWS::IAM::Policy');
  return Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement)
    .filter((st: any) => [st.Action].flat().includes(action)).flatMap((st: any) => [st.Resource].flat())
    // The onEvent and isComplete roles may both hold a read action: count each resource once.
    .filter((r: any, i: number, all: any[]) => all.findIndex((o) => JSON.stringify(o) === JSON.stringify(r)) === i);
}

describe('VirtualInterfaceAssociation', () => {
  test('props become custom-resource properties', () => {
    const s = stack();
    new VirtualInterfaceAssociation(s, 'Move', {
      virtualInterface: DirectConnectVirtualInterface.fromId('dxvif-fg5678gh'),
      target: DirectConnectTarget.fromId('dxlag-ffrz71kw'),
      removalBehavior: AssociationRemovalBehavior.RESTORE,
      waitForBgpUp: true,
      waitTimeout: Duration.minutes(5),
    });
    Template.fromStack(s).hasResourceProperties(TYPE, {
      VirtualInterfaceId: 'dxvif-fg5678gh',
      ConnectionId: 'dxlag-ffrz71kw',
      RemovalBehavior: 'RESTORE',
      WaitForBgpUp: true,
      WaitTimeoutSeconds: 300,
      ServiceTimeout: '3600',
    });
  });

  test('defaults: RETAIN, BGP down is steady, 30 minutes (each left out: the handler applies the same default to an absent one)', () => {
    const s = stack();
    new VirtualInterfaceAssociation(s, 'Move', { virtualInterface: DirectConnectVirtualInterface.fromId('dxvif-fg5678gh'), target: DirectConnectTarget.fromId('dxcon-ab12cd34') });
    Template.fromStack(s).hasResourceProperties(TYPE, {
      VirtualInterfaceId: 'dxvif-fg5678gh',
      RemovalBehavior: Match.absent(),
      WaitForBgpUp: Match.absent(),
      WaitTimeoutSeconds: Match.absent(),
      OnHostedConnection: Match.absent(),
    });
  });

  test('attributes are the handler data, typed', () => {
    const s = stack();
    const move = new VirtualInterfaceAssociation(s, 'Move', { virtualInterface: DirectConnectVirtualInterface.fromId('dxvif-fg5678gh'), target: DirectConnectTarget.fromId('dxcon-ab12cd34') });
    const pairs: Array<[unknown, string]> = [
      [move.virtualInterfaceId, 'VirtualInterfaceId'], [move.targetId, 'ConnectionId'],
      [move.previousConnectionId, 'PreviousConnectionId'], [move.virtualInterfaceState, 'VirtualInterfaceState'],
      [move.vlan, 'Vlan'], [move.virtualInterfaceType, 'VirtualInterfaceType'], [move.asn, 'Asn'],
      [move.amazonSideAsn, 'AmazonSideAsn'], [move.amazonAddress, 'AmazonAddress'], [move.customerAddress, 'CustomerAddress'],
      [move.directConnectGatewayId, 'DirectConnectGatewayId'], [move.virtualGatewayId, 'VirtualGatewayId'],
    ];
    for (const [value, name] of pairs) {
      expect(s.resolve(value)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Move/), name] });
    }
    expect(typeof move.vlan).toBe('number');
    expect(typeof move.asn).toBe('number');
    expect(typeof move.amazonSideAsn).toBe('number');
  });

  test('imports carry the ids, validated', () => {
    const s = stack();
    const imported = VirtualInterfaceAssociation.fromVirtualInterfaceAssociationAttributes(s, 'Imported', {
      virtualInterfaceId: 'dxvif-fg5678gh', targetId: 'dxlag-ffrz71kw',
    });
    expect(imported.virtualInterfaceId).toBe('dxvif-fg5678gh');
    expect(imported.targetId).toBe('dxlag-ffrz71kw');
    expect(() => VirtualInterfaceAssociation.fromVirtualInterfaceAssociationAttributes(s, 'Bad', {
      virtualInterfaceId: 'dxvif-fg5678gh', targetId: 'vgw-0a1b2c3d',
    })).toThrow("Invalid targetId: 'vgw-0a1b2c3d'.");
  });

  describe('validation', () => {
    test.each([
      ['virtualInterfaceId', () => ({ virtualInterface: DirectConnectVirtualInterface.fromId('dxcon-fg5678gh'), target: DirectConnectTarget.fromId('dxlag-ffrz71kw') }),
        "Invalid virtual interface id: 'dxcon-fg5678gh'. Expected 'dxvif-' followed by 8 lower-case letters or digits, such as dxvif-fg5678gh."],
      ['virtualInterfaceId (empty)', () => ({ virtualInterface: DirectConnectVirtualInterface.fromId(''), target: DirectConnectTarget.fromId('dxlag-ffrz71kw') }), "Invalid virtual interface id: ''."],
      ['target id', () => ({ virtualInterface: DirectConnectVirtualInterface.fromId('dxvif-fg5678gh'), target: DirectConnectTarget.fromId('dxvif-ffrz71kw') }),
        "Invalid target id: 'dxvif-ffrz71kw'. Expected 'dxcon-' or 'dxlag-' followed by 8 lower-case letters or digits, " +
        'such as dxcon-fg5678gh or dxlag-fg5678gh.'],
      ['target id (spaces)', () => ({ virtualInterface: DirectConnectVirtualInterface.fromId('dxvif-fg5678gh'), target: DirectConnectTarget.fromId(' dxcon-ffrz71kw') }), "Invalid target id: ' dxcon-ffrz71kw'."],
      ['hosted to LAG', () => ({ virtualInterface: DirectConnectVirtualInterface.fromId('dxvif-fg5678gh'), target: DirectConnectTarget.fromId('dxlag-ffrz71kw'), onHostedConnection: true }),
        "VirtualInterfaceAssociation TestStack/Move: virtual interface 'dxvif-fg5678gh' is on a hosted connection (onHostedConnection is true), " +
        "and Direct Connect cannot move such an interface to a LAG ('dxlag-ffrz71kw')."],
      ['waitTimeout', () => ({ virtualInterface: DirectConnectVirtualInterface.fromId('dxvif-fg5678gh'), target: DirectConnectTarget.fromId('dxlag-ffrz71kw'), waitTimeout: Duration.millis(10) }),
        'Invalid waitTimeout of TestStack/Move: 10 millis. Expected 1 second to 50 minutes'],
    ])('%s', (_name, props, message) => {
      expect(() => new VirtualInterfaceAssociation(stack(), 'Move', (props as () => any)())).toThrow(message);
    });

    test('an interface on a hosted connection may move to another connection', () => {
      const s = stack();
      new VirtualInterfaceAssociation(s, 'Move', { virtualInterface: DirectConnectVirtualInterface.fromId('dxvif-fg5678gh'), target: DirectConnectTarget.fromId('dxcon-ab12cd34'), onHostedConnection: true });
      Template.fromStack(s).resourceCountIs(TYPE, 1);
    });

    test('a token target is left to the deploy-time check, even on a hosted connection', () => {
      const s = stack();
      new VirtualInterfaceAssociation(s, 'Move', {
        virtualInterface: DirectConnectVirtualInterface.fromId('dxvif-fg5678gh'), target: DirectConnectTarget.fromId(Token.asString({ Ref: 'Target' })), onHostedConnection: true,
      });
      Template.fromStack(s).hasResourceProperties(TYPE, { ConnectionId: { Ref: 'Target' } });
    });

    test('two associations may not move one interface, even across stacks', () => {
      const app = new App();
      const a = new Stack(app, 'A');
      const b = new Stack(app, 'B');
      new VirtualInterfaceAssociation(a, 'First', { virtualInterface: DirectConnectVirtualInterface.fromId('dxvif-fg5678gh'), target: DirectConnectTarget.fromId('dxlag-ffrz71kw') });
      expect(() => new VirtualInterfaceAssociation(b, 'Second', { virtualInterface: DirectConnectVirtualInterface.fromId('dxvif-fg5678gh'), target: DirectConnectTarget.fromId('dxcon-ab12cd34') }))
        .toThrow("VirtualInterfaceAssociation B/Second: virtual interface 'dxvif-fg5678gh' is already moved by A/First.");
    });
  });

  describe('IAM', () => {
    test('a move to a connection: the interface and the target, nothing wider', () => {
      const s = stack();
      new VirtualInterfaceAssociation(s, 'Move', { virtualInterface: DirectConnectVirtualInterface.fromId('dxvif-fg5678gh'), target: DirectConnectTarget.fromId('dxcon-ab12cd34') });
      expect(resourcesOf(s, 'directconnect:AssociateVirtualInterface')).toEqual([ARN('dxvif', 'dxvif-fg5678gh'), ARN('dxcon', 'dxcon-ab12cd34')]);
      expect(resourcesOf(s, 'directconnect:DescribeVirtualInterfaces')).toEqual([ARN('dxvif', 'dxvif-fg5678gh')]);
      // The move's record lives on the interface when this account owns it, else on the target, which it must own.
      for (const action of ['directconnect:TagResource', 'directconnect:UntagResource', 'directconnect:DescribeTags']) {
        expect(resourcesOf(s, action)).toEqual([ARN('dxcon', 'dxcon-ab12cd34'), ARN('dxvif', 'dxvif-fg5678gh')]);
      }
      expect(resourcesOf(s, 'directconnect:DescribeConnections')).toEqual([]);
    });

    test('a move to a LAG may read connections, to tell a hosted one', () => {
      const s = stack();
      new VirtualInterfaceAssociation(s, 'Move', { virtualInterface: DirectConnectVirtualInterface.fromId('dxvif-fg5678gh'), target: DirectConnectTarget.fromId('dxlag-ffrz71kw') });
      expect(resourcesOf(s, 'directconnect:AssociateVirtualInterface')).toEqual([ARN('dxvif', 'dxvif-fg5678gh'), ARN('dxlag', 'dxlag-ffrz71kw')]);
      expect(resourcesOf(s, 'directconnect:DescribeConnections')).toEqual([ARN('dxcon', '*')]);
    });

    test('RESTORE may move back to any connection or LAG of the account', () => {
      const s = stack();
      new VirtualInterfaceAssociation(s, 'Move', {
        virtualInterface: DirectConnectVirtualInterface.fromId('dxvif-fg5678gh'), target: DirectConnectTarget.fromId('dxcon-ab12cd34'), removalBehavior: AssociationRemovalBehavior.RESTORE,
      });
      expect(resourcesOf(s, 'directconnect:AssociateVirtualInterface'))
        .toEqual([ARN('dxvif', 'dxvif-fg5678gh'), ARN('dxcon', '*'), ARN('dxlag', '*')]);
    });
  });
});
