import { App, Duration, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AssociationRemovalBehavior, DirectConnectTarget, HostedConnectionAssociation } from '../../src';

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
  return statements(s).filter((st) => [st.Action].flat().includes(action)).flatMap((st) => [st.Resource].flat())
    // The onEvent and isComplete roles may both hold a read action: count each resource once.
    .filter((r, i, all) => all.findIndex((o) => JSON.stringify(o) === JSON.stringify(r)) === i);
}

function statementFor(s: Stack, action: string | string[]): any {
  const wanted = JSON.stringify(action);
  return statements(s).find((st) => JSON.stringify(st.Action) === wanted);
}

describe('HostedConnectionAssociation', () => {
  test('props become custom-resource properties', () => {
    const s = stack();
    new HostedConnectionAssociation(s, 'Move', {
      hostedConnectionId: 'dxcon-fg5678gh',
      target: DirectConnectTarget.fromId('dxlag-ffrz71kw'),
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

  test('defaults: RETAIN, 30 minutes, nothing else (each left out: the handler applies the same default to an absent one)', () => {
    const s = stack();
    new HostedConnectionAssociation(s, 'Move', { hostedConnectionId: 'dxcon-fg5678gh', target: DirectConnectTarget.fromId('dxcon-ab12cd34') });
    const template = Template.fromStack(s);
    template.hasResourceProperties(TYPE, {
      ConnectionId: 'dxcon-fg5678gh',
      RemovalBehavior: Match.absent(),
      WaitTimeoutSeconds: Match.absent(),
      WaitForBgpUp: Match.absent(),
    });
    template.hasResource(TYPE, { DeletionPolicy: 'Delete' });
  });

  test('currentParent, the hint of where the connection is now, becomes CurrentParentId; without it there is no such property', () => {
    const hinted = stack();
    new HostedConnectionAssociation(hinted, 'Move', {
      hostedConnectionId: 'dxcon-fg5678gh', target: DirectConnectTarget.fromId('dxlag-ffrz71kw'), currentParent: DirectConnectTarget.fromId('dxcon-ab12cd34'),
    });
    Template.fromStack(hinted).hasResourceProperties(TYPE, { ParentConnectionId: 'dxlag-ffrz71kw', CurrentParentId: 'dxcon-ab12cd34' });

    const plain = stack();
    new HostedConnectionAssociation(plain, 'Move', { hostedConnectionId: 'dxcon-fg5678gh', target: DirectConnectTarget.fromId('dxlag-ffrz71kw') });
    Template.fromStack(plain).hasResourceProperties(TYPE, { CurrentParentId: Match.absent() });
  });

  test('a currentParent given by ARN carries the id cut from it', () => {
    const s = stack();
    new HostedConnectionAssociation(s, 'Move', {
      hostedConnectionId: 'dxcon-fg5678gh',
      target: DirectConnectTarget.fromId('dxlag-ffrz71kw'),
      currentParent: DirectConnectTarget.fromArn('arn:aws:directconnect:us-east-1:123456789012:dxlag/dxlag-ab12cd34'),
    });
    Template.fromStack(s).hasResourceProperties(TYPE, { CurrentParentId: 'dxlag-ab12cd34' });
  });

  test('attributes are the handler data, typed', () => {
    const s = stack();
    const move = new HostedConnectionAssociation(s, 'Move', { hostedConnectionId: 'dxcon-fg5678gh', target: DirectConnectTarget.fromId('dxlag-ffrz71kw') });
    expect(s.resolve(move.hostedConnectionId)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Move/), 'ConnectionId'] });
    expect(Token.isUnresolved(move.vlan)).toBe(true);
    for (const [value, name] of [[move.targetId, 'ParentConnectionId'], [move.previousParentId, 'PreviousParentId'],
      [move.connectionState, 'ConnectionState'], [move.bandwidth, 'Bandwidth'], [move.location, 'Location'], [move.vlan, 'Vlan']] as const) {
      expect(s.resolve(value)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Move/), name] });
    }
  });

  test('imports carry the ids, validated', () => {
    const s = stack();
    const imported = HostedConnectionAssociation.fromHostedConnectionAssociationAttributes(s, 'Imported', {
      hostedConnectionId: 'dxcon-fg5678gh', targetId: 'dxlag-ffrz71kw',
    });
    expect(imported.hostedConnectionId).toBe('dxcon-fg5678gh');
    expect(imported.targetId).toBe('dxlag-ffrz71kw');
    expect(() => HostedConnectionAssociation.fromHostedConnectionAssociationAttributes(s, 'Bad', {
      hostedConnectionId: 'dxlag-fg5678gh', targetId: 'dxlag-ffrz71kw',
    })).toThrow("Invalid hostedConnectionId: 'dxlag-fg5678gh'. Expected 'dxcon-' followed by 8 lower-case letters or digits, such as dxcon-fg5678gh.");
  });

  describe('validation', () => {
    test.each([
      ['hostedConnectionId', { hostedConnectionId: 'dxvif-fg5678gh', target: DirectConnectTarget.fromId('dxlag-ffrz71kw') },
        "Invalid hostedConnectionId: 'dxvif-fg5678gh'. Expected 'dxcon-' followed by 8 lower-case letters or digits, such as dxcon-fg5678gh."],
      ['hostedConnectionId (length)', { hostedConnectionId: 'dxcon-fg5678g', target: DirectConnectTarget.fromId('dxlag-ffrz71kw') },
        "Invalid hostedConnectionId: 'dxcon-fg5678g'. Expected 'dxcon-' followed by 8 lower-case letters or digits"],
      ['hostedConnectionId (case)', { hostedConnectionId: 'dxcon-FG5678GH', target: DirectConnectTarget.fromId('dxlag-ffrz71kw') }, "Invalid hostedConnectionId: 'dxcon-FG5678GH'"],
      ['its own parent', { hostedConnectionId: 'dxcon-fg5678gh', target: DirectConnectTarget.fromId('dxcon-fg5678gh') },
        "HostedConnectionAssociation TestStack/Move: hostedConnectionId and target are both 'dxcon-fg5678gh'. " +
        'A hosted connection cannot be its own parent'],
      ['currentParent, its own parent', {
        hostedConnectionId: 'dxcon-fg5678gh',
        target: DirectConnectTarget.fromId('dxlag-ffrz71kw'),
        currentParent: DirectConnectTarget.fromId('dxcon-fg5678gh'),
      },
      "HostedConnectionAssociation TestStack/Move: hostedConnectionId and currentParent are both 'dxcon-fg5678gh'. " +
        'A hosted connection cannot be its own parent: set currentParent to the interconnect or LAG it is on now, or leave it out.'],
      ['waitTimeout', { hostedConnectionId: 'dxcon-fg5678gh', target: DirectConnectTarget.fromId('dxlag-ffrz71kw'), waitTimeout: Duration.minutes(55) },
        'Invalid waitTimeout of TestStack/Move: 55 minutes. Expected 1 second to 50 minutes'],
    ])('%s', (_name, props, message) => {
      expect(() => new HostedConnectionAssociation(stack(), 'Move', props as any)).toThrow(message);
    });

    test.each([
      ['an id of another kind', () => DirectConnectTarget.fromId('dxvif-ab12cd34'),
        "Invalid target id: 'dxvif-ab12cd34'. Expected 'dxcon-' or 'dxlag-' followed by 8 lower-case letters or digits"],
      ['an ARN of another service', () => DirectConnectTarget.fromArn('arn:aws:ec2:us-east-1:123456789012:vpc/vpc-12345678'),
        "Invalid target ARN: 'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-12345678' is an ARN of service 'ec2'."],
    ])('currentParent: %s is refused at synth, quoting the value', (_name, currentParent, message) => {
      expect(() => new HostedConnectionAssociation(stack(), 'Move', {
        hostedConnectionId: 'dxcon-fg5678gh', target: DirectConnectTarget.fromId('dxlag-ffrz71kw'), currentParent: currentParent(),
      })).toThrow(message);
    });

    test('tokens are not checked at synth time', () => {
      const s = stack();
      const hostedConnectionId = Token.asString({ Ref: 'ConnectionParam' });
      new HostedConnectionAssociation(s, 'Move', { hostedConnectionId, target: DirectConnectTarget.fromId(Token.asString({ Ref: 'ParentParam' })) });
      Template.fromStack(s).hasResourceProperties(TYPE, { ConnectionId: { Ref: 'ConnectionParam' }, ParentConnectionId: { Ref: 'ParentParam' } });
    });

    test('two associations may not move one hosted connection', () => {
      const s = stack();
      new HostedConnectionAssociation(s, 'First', { hostedConnectionId: 'dxcon-fg5678gh', target: DirectConnectTarget.fromId('dxlag-ffrz71kw') });
      expect(() => new HostedConnectionAssociation(s, 'Second', { hostedConnectionId: 'dxcon-fg5678gh', target: DirectConnectTarget.fromId('dxcon-ab12cd34') }))
        .toThrow("HostedConnectionAssociation TestStack/Second: hosted connection 'dxcon-fg5678gh' is already moved by TestStack/First.");
    });
  });

  describe('IAM', () => {
    test('AssociateHostedConnection is scoped to the hosted connection and the target LAG', () => {
      const s = stack();
      new HostedConnectionAssociation(s, 'Move', { hostedConnectionId: 'dxcon-fg5678gh', target: DirectConnectTarget.fromId('dxlag-ffrz71kw') });
      expect(resourcesOf(s, 'directconnect:AssociateHostedConnection')).toEqual([ARN('dxcon', 'dxcon-fg5678gh'), ARN('dxlag', 'dxlag-ffrz71kw')]);
      expect(resourcesOf(s, 'directconnect:DescribeConnections')).toEqual([ARN('dxcon', 'dxcon-fg5678gh')]);
      // The move's record lives on the target, which the partner owns (its customer owns the hosted connection).
      for (const action of ['directconnect:TagResource', 'directconnect:UntagResource', 'directconnect:DescribeTags']) {
        expect(resourcesOf(s, action)).toEqual([ARN('dxlag', 'dxlag-ffrz71kw')]);
      }
    });

    test('an interconnect target is a dxcon ARN', () => {
      const s = stack();
      new HostedConnectionAssociation(s, 'Move', { hostedConnectionId: 'dxcon-fg5678gh', target: DirectConnectTarget.fromId('dxcon-ab12cd34') });
      expect(resourcesOf(s, 'directconnect:AssociateHostedConnection')).toEqual([ARN('dxcon', 'dxcon-fg5678gh'), ARN('dxcon', 'dxcon-ab12cd34')]);
    });

    test('finding the current parent reads across the account: hosted connections by pattern, unscoped list calls on *', () => {
      const s = stack();
      new HostedConnectionAssociation(s, 'Move', { hostedConnectionId: 'dxcon-fg5678gh', target: DirectConnectTarget.fromId('dxlag-ffrz71kw') });
      expect(resourcesOf(s, 'directconnect:DescribeHostedConnections')).toEqual([ARN('dxcon', '*'), ARN('dxlag', '*')]);
      expect([statementFor(s, ['directconnect:DescribeInterconnects', 'directconnect:DescribeLags']).Resource].flat()).toEqual(['*']);
    });

    test('a currentParent by id reads within the account patterns already granted; one by ARN of another account is granted on its ARN', () => {
      const byId = stack();
      new HostedConnectionAssociation(byId, 'Move', {
        hostedConnectionId: 'dxcon-fg5678gh', target: DirectConnectTarget.fromId('dxlag-ffrz71kw'), currentParent: DirectConnectTarget.fromId('dxcon-ab12cd34'),
      });
      expect(resourcesOf(byId, 'directconnect:DescribeHostedConnections')).toEqual([ARN('dxcon', '*'), ARN('dxlag', '*')]);

      const byArn = stack();
      const elsewhere = 'arn:aws:directconnect:us-east-1:444455556666:dxlag/dxlag-ab12cd34';
      new HostedConnectionAssociation(byArn, 'Move', {
        hostedConnectionId: 'dxcon-fg5678gh', target: DirectConnectTarget.fromId('dxlag-ffrz71kw'), currentParent: DirectConnectTarget.fromArn(elsewhere),
      });
      expect(resourcesOf(byArn, 'directconnect:DescribeHostedConnections')).toEqual([ARN('dxcon', '*'), ARN('dxlag', '*'), elsewhere]);
    });

    test('RESTORE may move back to any interconnect or LAG of the account, because the previous parent is known only at deploy time', () => {
      const retain = stack();
      new HostedConnectionAssociation(retain, 'Move', { hostedConnectionId: 'dxcon-fg5678gh', target: DirectConnectTarget.fromId('dxlag-ffrz71kw') });
      expect(JSON.stringify(resourcesOf(retain, 'directconnect:AssociateHostedConnection'))).not.toContain('/*');

      const restore = stack();
      new HostedConnectionAssociation(restore, 'Move', {
        hostedConnectionId: 'dxcon-fg5678gh', target: DirectConnectTarget.fromId('dxlag-ffrz71kw'), removalBehavior: AssociationRemovalBehavior.RESTORE,
      });
      expect(resourcesOf(restore, 'directconnect:AssociateHostedConnection')).toEqual([ARN('dxcon', '*'), ARN('dxlag', '*')]);
    });

    test('a token target is granted as either a connection or a LAG', () => {
      const s = stack();
      new HostedConnectionAssociation(s, 'Move', { hostedConnectionId: 'dxcon-fg5678gh', target: DirectConnectTarget.fromId(Token.asString({ Ref: 'ParentParam' })) });
      const json = JSON.stringify(statements(s).filter((st) => st.Action === 'directconnect:AssociateHostedConnection'));
      expect(json).toContain(':dxlag/');
      expect(json).toContain('{"Ref":"ParentParam"}');
    });
  });
});
