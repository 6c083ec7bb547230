import { App, Duration, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AssociationRemovalBehavior, HostedConnectionAssociation } from '../../src';

const TYPE = 'Custom::DirectConnectHostedConnectionAssociation';
const ARN = (kind: string, id: string) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:directconnect:us-east-1:123456789012:${kind}/${id}`]],
});

function stack(): Stack {
  return new Stack(new App(), 'TestStack', { env: { account: '123456789012', region: 'us-east-1' } });
}

/** Every statement of the shared handler role's policy. */
function statements(s: Stack): any[] {
  const policies = Template.fromStack(s).findResources('AWS::IAM::Policy');
  return Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

/** The resources of every statement that allows exactly `action`, flattened. */
function resourcesOf(s: Stack, action: string): any[] {
  return statements(s).filter((st) => [st.Action].flat().includes(action)).flatMap((st) => [st.Resource].flat());
}

function statementFor(s: Stack, action: string | string[]): any {
  const wanted = JSON.stringify(action);
  return statements(s).find((st) => JSON.stringify(st.Action) === wanted);
}

describe('HostedConnectionAssociation', () => {
  test('props become custom-resource properties', () => {
    const s = stack();
    new HostedConnectionAssociation(s, 'Move', {
      connectionId: 'dxcon-fg5678gh',
      parentConnectionId: 'dxlag-ffrz71kw',
      removalBehavior: AssociationRemovalBehavior.RESTORE,
      waitTimeout: Duration.minutes(10),
    });
    Template.fromStack(s).hasResourceProperties(TYPE, {
      ConnectionId: 'dxcon-fg5678gh',
      ParentConnectionId: 'dxlag-ffrz71kw',
      RemovalBehavior: 'RESTORE',
      WaitTimeoutSeconds: 600,
      ServiceTimeout: '3600',
    });
  });

  test('defaults: RETAIN, 30 minutes, nothing else', () => {
    const s = stack();
    new HostedConnectionAssociation(s, 'Move', { connectionId: 'dxcon-fg5678gh', parentConnectionId: 'dxcon-ab12cd34' });
    const template = Template.fromStack(s);
    template.hasResourceProperties(TYPE, {
      RemovalBehavior: 'RETAIN',
      WaitTimeoutSeconds: 1800,
      WaitForBgpUp: Match.absent(),
    });
    template.hasResource(TYPE, { DeletionPolicy: 'Delete' });
  });

  test('attributes are the handler data, typed', () => {
    const s = stack();
    const move = new HostedConnectionAssociation(s, 'Move', { connectionId: 'dxcon-fg5678gh', parentConnectionId: 'dxlag-ffrz71kw' });
    expect(s.resolve(move.connectionId)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Move/), 'ConnectionId'] });
    expect(Token.isUnresolved(move.vlan)).toBe(true);
    for (const [value, name] of [[move.parentConnectionId, 'ParentConnectionId'], [move.previousParentId, 'PreviousParentId'],
      [move.connectionState, 'ConnectionState'], [move.bandwidth, 'Bandwidth'], [move.location, 'Location'], [move.vlan, 'Vlan']] as const) {
      expect(s.resolve(value)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Move/), name] });
    }
  });

  test('imports carry the ids, validated', () => {
    const s = stack();
    const imported = HostedConnectionAssociation.fromHostedConnectionAssociationAttributes(s, 'Imported', {
      connectionId: 'dxcon-fg5678gh', parentConnectionId: 'dxlag-ffrz71kw',
    });
    expect(imported.connectionId).toBe('dxcon-fg5678gh');
    expect(imported.parentConnectionId).toBe('dxlag-ffrz71kw');
    expect(() => HostedConnectionAssociation.fromHostedConnectionAssociationAttributes(s, 'Bad', {
      connectionId: 'dxlag-fg5678gh', parentConnectionId: 'dxlag-ffrz71kw',
    })).toThrow("Invalid connectionId: 'dxlag-fg5678gh'. Expected 'dxcon-' followed by 8 lower-case letters or digits, such as dxcon-fg5678gh.");
  });

  describe('validation', () => {
    test.each([
      ['connectionId', { connectionId: 'dxvif-fg5678gh', parentConnectionId: 'dxlag-ffrz71kw' },
        "Invalid connectionId: 'dxvif-fg5678gh'. Expected 'dxcon-' followed by 8 lower-case letters or digits, such as dxcon-fg5678gh."],
      ['connectionId (length)', { connectionId: 'dxcon-fg5678g', parentConnectionId: 'dxlag-ffrz71kw' },
        "Invalid connectionId: 'dxcon-fg5678g'. Expected 'dxcon-' followed by 8 lower-case letters or digits"],
      ['connectionId (case)', { connectionId: 'dxcon-FG5678GH', parentConnectionId: 'dxlag-ffrz71kw' }, "Invalid connectionId: 'dxcon-FG5678GH'"],
      ['parentConnectionId', { connectionId: 'dxcon-fg5678gh', parentConnectionId: 'dxvif-ffrz71kw' },
        "Invalid parentConnectionId: 'dxvif-ffrz71kw'. Expected 'dxcon-' or 'dxlag-' followed by 8 lower-case letters or digits, " +
        'such as dxcon-fg5678gh or dxlag-fg5678gh.'],
      ['its own parent', { connectionId: 'dxcon-fg5678gh', parentConnectionId: 'dxcon-fg5678gh' },
        "HostedConnectionAssociation TestStack/Move: connectionId and parentConnectionId are both 'dxcon-fg5678gh'. " +
        'A hosted connection cannot be its own parent'],
      ['waitTimeout', { connectionId: 'dxcon-fg5678gh', parentConnectionId: 'dxlag-ffrz71kw', waitTimeout: Duration.minutes(55) },
        'Invalid waitTimeout of TestStack/Move: 55 minutes. Expected 1 second to 50 minutes'],
    ])('%s', (_name, props, message) => {
      expect(() => new HostedConnectionAssociation(stack(), 'Move', props as any)).toThrow(message);
    });

    test('tokens are not checked at synth time', () => {
      const s = stack();
      const connectionId = Token.asString({ Ref: 'ConnectionParam' });
      const parentConnectionId = Token.asString({ Ref: 'ParentParam' });
      new HostedConnectionAssociation(s, 'Move', { connectionId, parentConnectionId });
      Template.fromStack(s).hasResourceProperties(TYPE, { ConnectionId: { Ref: 'ConnectionParam' }, ParentConnectionId: { Ref: 'ParentParam' } });
    });

    test('two associations may not move one hosted connection', () => {
      const s = stack();
      new HostedConnectionAssociation(s, 'First', { connectionId: 'dxcon-fg5678gh', parentConnectionId: 'dxlag-ffrz71kw' });
      expect(() => new HostedConnectionAssociation(s, 'Second', { connectionId: 'dxcon-fg5678gh', parentConnectionId: 'dxcon-ab12cd34' }))
        .toThrow("HostedConnectionAssociation TestStack/Second: hosted connection 'dxcon-fg5678gh' is already moved by TestStack/First.");
    });
  });

  describe('IAM', () => {
    test('AssociateHostedConnection is scoped to the hosted connection and the target LAG', () => {
      const s = stack();
      new HostedConnectionAssociation(s, 'Move', { connectionId: 'dxcon-fg5678gh', parentConnectionId: 'dxlag-ffrz71kw' });
      expect(resourcesOf(s, 'directconnect:AssociateHostedConnection')).toEqual([ARN('dxcon', 'dxcon-fg5678gh'), ARN('dxlag', 'dxlag-ffrz71kw')]);
      expect(resourcesOf(s, 'directconnect:DescribeConnections')).toEqual([ARN('dxcon', 'dxcon-fg5678gh')]);
      // The move's record lives on the target, which the partner owns (its customer owns the hosted connection).
      for (const action of ['directconnect:TagResource', 'directconnect:UntagResource', 'directconnect:DescribeTags']) {
        expect(resourcesOf(s, action)).toEqual([ARN('dxlag', 'dxlag-ffrz71kw')]);
      }
    });

    test('an interconnect target is a dxcon ARN', () => {
      const s = stack();
      new HostedConnectionAssociation(s, 'Move', { connectionId: 'dxcon-fg5678gh', parentConnectionId: 'dxcon-ab12cd34' });
      expect(resourcesOf(s, 'directconnect:AssociateHostedConnection')).toEqual([ARN('dxcon', 'dxcon-fg5678gh'), ARN('dxcon', 'dxcon-ab12cd34')]);
    });

    test('finding the current parent reads across the account: hosted connections by pattern, unscoped list calls on *', () => {
      const s = stack();
      new HostedConnectionAssociation(s, 'Move', { connectionId: 'dxcon-fg5678gh', parentConnectionId: 'dxlag-ffrz71kw' });
      expect(resourcesOf(s, 'directconnect:DescribeHostedConnections')).toEqual([ARN('dxcon', '*'), ARN('dxlag', '*')]);
      expect([statementFor(s, ['directconnect:DescribeInterconnects', 'directconnect:DescribeLags']).Resource].flat()).toEqual(['*']);
    });

    test('RESTORE may move back to any interconnect or LAG of the account, because the previous parent is known only at deploy time', () => {
      const retain = stack();
      new HostedConnectionAssociation(retain, 'Move', { connectionId: 'dxcon-fg5678gh', parentConnectionId: 'dxlag-ffrz71kw' });
      expect(JSON.stringify(resourcesOf(retain, 'directconnect:AssociateHostedConnection'))).not.toContain('/*');

      const restore = stack();
      new HostedConnectionAssociation(restore, 'Move', {
        connectionId: 'dxcon-fg5678gh', parentConnectionId: 'dxlag-ffrz71kw', removalBehavior: AssociationRemovalBehavior.RESTORE,
      });
      expect(resourcesOf(restore, 'directconnect:AssociateHostedConnection')).toEqual([ARN('dxcon', '*'), ARN('dxlag', '*')]);
    });

    test('a token target is granted as either a connection or a LAG', () => {
      const s = stack();
      new HostedConnectionAssociation(s, 'Move', { connectionId: 'dxcon-fg5678gh', parentConnectionId: Token.asString({ Ref: 'ParentParam' }) });
      const json = JSON.stringify(statements(s).filter((st) => st.Action === 'directconnect:AssociateHostedConnection'));
      expect(json).toContain(':dxlag/');
      expect(json).toContain('{"Ref":"ParentParam"}');
    });
  });
});
