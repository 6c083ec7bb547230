import { App, CfnOutput, CfnParameter, Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ActivationKey, AttachPoint, ConnectionWaitFor, InterconnectConnection } from '../../src';

const GATEWAY = '5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9';
const TYPE = 'Custom::InterconnectConnection';

function stack(): Stack {
  return new Stack(new App(), 'TestStack', { env: { account: '123456789012', region: 'us-east-1' } });
}

function requested(scope: Stack, id = 'Conn', extra: Record<string, unknown> = {}) {
  return new InterconnectConnection(scope, id, {
    environmentId: 'aws-gcp-us-east4',
    bandwidth: '1Gbps',
    attachPoint: AttachPoint.directConnectGateway(GATEWAY),
    ...extra,
  });
}

describe('InterconnectConnection', () => {
  test('props become custom-resource properties', () => {
    const s = stack();
    requested(s, 'Conn', { description: 'prod to gcp', remoteAccount: 'ops@example.com', tags: { team: 'net' } });
    Template.fromStack(s).hasResourceProperties(TYPE, {
      Mode: 'create',
      EnvironmentId: 'aws-gcp-us-east4',
      Bandwidth: '1Gbps',
      AttachPointType: 'directConnectGateway',
      AttachPointValue: GATEWAY,
      Description: 'prod to gcp',
      RemoteAccount: 'ops@example.com',
      Tags: { team: 'net' },
      WaitFor: 'requested',
      // The default wait is left out; the handlers apply it to an absent one.
      WaitTimeoutSeconds: Match.absent(),
    });
  });

  test('defaults: no description, no tags, waits for requested, 30 minutes, retained with the stack', () => {
    const s = stack();
    requested(s);
    const template = Template.fromStack(s);
    template.hasResourceProperties(TYPE, {
      Description: Match.absent(),
      RemoteAccount: Match.absent(),
      ActivationKeySecretArn: Match.absent(),
      Tags: Match.absent(),
      WaitFor: 'requested',
      // The default wait is left out; the handlers apply it to an absent one.
      WaitTimeoutSeconds: Match.absent(),
      ServiceTimeout: '3600',
    });
    template.hasResource(TYPE, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('RemovalPolicy.DESTROY deletes the connection with the stack', () => {
    const s = stack();
    requested(s, 'Conn', { removalPolicy: RemovalPolicy.DESTROY });
    Template.fromStack(s).hasResource(TYPE, { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
  });

  test('Tags.of reaches the connection', () => {
    const s = stack();
    requested(s, 'Conn', { tags: { team: 'net' } });
    Tags.of(s).add('cost-center', '42');
    Template.fromStack(s).hasResourceProperties(TYPE, { Tags: { 'team': 'net', 'cost-center': '42' } });
  });

  test('an accepted proposal reads its key from a secret and waits for available', () => {
    const s = stack();
    const secret = new secretsmanager.Secret(s, 'Key');
    new InterconnectConnection(s, 'Accepted', {
      activationKey: ActivationKey.fromSecret(secret, 'key'),
      attachPoint: AttachPoint.directConnectGateway(GATEWAY),
    });
    const template = Template.fromStack(s);
    template.hasResourceProperties(TYPE, {
      Mode: 'accept',
      ActivationKeySecretArn: { Ref: Match.stringLikeRegexp('Key') },
      ActivationKeySecretField: 'key',
      WaitFor: 'available',
      EnvironmentId: Match.absent(),
      Bandwidth: Match.absent(),
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: Match.arrayWith(['secretsmanager:GetSecretValue']),
          Resource: { Ref: Match.stringLikeRegexp('Key') },
        })]),
      },
    });
  });

  test('one provider serves three connections: each adds one custom resource and nothing else', () => {
    const one = stack();
    requested(one, 'A');
    const three = stack();
    requested(three, 'A');
    requested(three, 'B');
    requested(three, 'C', { environmentId: 'other-env' });
    const count = (s: Stack) => Object.keys(Template.fromStack(s).toJSON().Resources).length;
    Template.fromStack(three).resourceCountIs(TYPE, 3);
    Template.fromStack(three).resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    Template.fromStack(three).resourceCountIs('AWS::Lambda::Function', 5);
    expect(count(three) - count(one)).toBe(2);
    const tokens = Template.fromStack(three).findResources(TYPE);
    expect(new Set(Object.values(tokens).map((r: any) => JSON.stringify(r.Properties.ServiceToken))).size).toBe(1);
  });

  test('IAM is scoped to this account and region\'s connection ARNs, never *', () => {
    const s = stack();
    requested(s);
    const policies = Template.fromStack(s).findResources('AWS::IAM::Policy');
    const statements = Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const interconnect = statements.filter((st: any) => [st.Action].flat().some((a: string) => a.startsWith('interconnect:')));
    // However many handler roles there are, every Interconnect statement is on this account's and region's connections.
    expect(interconnect.length).toBeGreaterThan(0);
    for (const statement of interconnect) {
      expect(statement.Resource).toEqual([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':interconnect:us-east-1:123456789012:connection/*']] }]);
    }
    const actions = interconnect.flatMap((st: any) => [st.Action].flat());
    expect(actions).toEqual(expect.arrayContaining([
      'interconnect:CreateConnection', 'interconnect:GetConnection', 'interconnect:UpdateConnection',
      'interconnect:DeleteConnection', 'interconnect:TagResource', 'interconnect:UntagResource',
    ]));
    expect(actions).not.toContain('interconnect:AcceptConnectionProposal');
  });

  test('attributes are typed getters over the custom resource; the activation key is only an attribute', () => {
    const s = stack();
    const conn = requested(s);
    new CfnOutput(s, 'Key', { value: conn.activationKey });
    new CfnOutput(s, 'Shared', { value: conn.sharedId });
    const outputs = Template.fromStack(s).toJSON().Outputs;
    expect(outputs.Key.Value).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Conn/), 'ActivationKey'] });
    expect(outputs.Shared.Value).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Conn/), 'SharedId'] });
    for (const attr of [conn.connectionId, conn.connectionArn, conn.state, conn.bandwidth, conn.environmentId, conn.location,
      conn.type, conn.billingTier, conn.ownerAccount, conn.cloudServiceProvider, conn.lastMileProvider]) {
      expect(s.resolve(attr)['Fn::GetAtt'][0]).toMatch(/^Conn/);
    }
  });

  test('the activation key is the one attribute of its own resource; the connection resource is not NoEcho', () => {
    const unread = stack();
    requested(unread);
    Template.fromStack(unread).resourceCountIs('Custom::InterconnectConnectionActivationKey', 0);
    const s = stack();
    const conn = requested(s);
    new CfnOutput(s, 'Key', { value: conn.activationKey });
    expect(conn.activationKey).toBe(conn.activationKey);
    const t = Template.fromStack(s);
    const keys = t.findResources('Custom::InterconnectConnectionActivationKey');
    expect(Object.keys(keys)).toHaveLength(1);
    const [keyId] = Object.keys(keys);
    const [connId] = Object.keys(t.findResources('Custom::InterconnectConnection'));
    expect(keyId).not.toBe(connId);
    expect(keys[keyId].Properties.ConnectionId).toEqual({ 'Fn::GetAtt': [connId, 'ConnectionId'] });
    expect(t.toJSON().Outputs.Key.Value).toEqual({ 'Fn::GetAtt': [keyId, 'ActivationKey'] });
    expect(s.resolve(conn.sharedId)).toEqual({ 'Fn::GetAtt': [connId, 'SharedId'] });
    // One provider serves both resource types.
    expect(keys[keyId].Properties.ServiceToken).toEqual(t.findResources('Custom::InterconnectConnection')[connId].Properties.ServiceToken);
  });

  test('another stack consumes activationKey and sharedId through exports', () => {
    const app = new App();
    const env = { account: '123456789012', region: 'us-east-1' };
    const producer = new Stack(app, 'Network', { env });
    const conn = requested(producer);
    const consumer = new Stack(app, 'Partner', { env });
    new CfnOutput(consumer, 'SharedId', { value: conn.sharedId });
    const out = Template.fromStack(consumer).toJSON().Outputs.SharedId.Value;
    expect(out).toEqual({ 'Fn::ImportValue': expect.stringContaining('SharedId') });
  });

  test('imports by id and by attributes', () => {
    const s = stack();
    const byId = InterconnectConnection.fromConnectionId(s, 'ById', 'mcc-1a2b3c4d');
    expect(byId.connectionId).toBe('mcc-1a2b3c4d');
    expect(s.resolve(byId.connectionArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':interconnect:us-east-1:123456789012:connection/mcc-1a2b3c4d']],
    });
    const arn = 'arn:aws:interconnect:eu-west-1:210987654321:connection/lmcc-abcd1234';
    const byAttrs = InterconnectConnection.fromConnectionAttributes(s, 'ByAttrs', { connectionId: 'lmcc-abcd1234', connectionArn: arn });
    expect(byAttrs.connectionArn).toBe(arn);
  });

  test('grantRead gives a principal read access to one connection', () => {
    const s = stack();
    const conn = InterconnectConnection.fromConnectionId(s, 'ById', 'mcc-1a2b3c4d');
    const role = new iam.Role(s, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    conn.grantRead(role);
    Template.fromStack(s).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{
          Action: ['interconnect:GetConnection', 'interconnect:ListTagsForResource'],
          Effect: 'Allow',
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':interconnect:us-east-1:123456789012:connection/mcc-1a2b3c4d']] },
        }],
      },
    });
  });

  test('identical input gives an identical template (snapshot)', () => {
    const build = () => {
      const s = stack();
      requested(s, 'Conn', { description: 'prod to gcp', tags: { team: 'net' } });
      return Template.fromStack(s).toJSON();
    };
    const first = build();
    expect(build()).toEqual(first);
    expect(first).toMatchSnapshot();
  });

  describe('validation rejects, quoting the value', () => {
    const cases: Array<[string, () => void, RegExp]> = [
      ['both modes', () => new InterconnectConnection(stack(), 'X', {
        environmentId: 'e',
        bandwidth: '1Gbps',
        attachPoint: AttachPoint.directConnectGateway(GATEWAY),
        activationKey: ActivationKey.fromSecret(secretsmanager.Secret.fromSecretNameV2(stack(), 'S', 'k')),
      }), /set only one of 'environmentId' or 'activationKey', but got 'environmentId' and 'activationKey'/],
      ['neither mode', () => new InterconnectConnection(stack(), 'X', { attachPoint: AttachPoint.directConnectGateway(GATEWAY) }),
        /set 'environmentId' or 'activationKey'/],
      ['missing bandwidth', () => new InterconnectConnection(stack(), 'X', { environmentId: 'e', attachPoint: AttachPoint.directConnectGateway(GATEWAY) }),
        /bandwidth is required when requesting a new connection/],
      ['bad bandwidth', () => requested(stack(), 'X', { bandwidth: '1 Gbit' }), /Invalid bandwidth: '1 Gbit'. Expected a number followed by Mbps or Gbps/],
      ['bandwidth too long', () => requested(stack(), 'X', { bandwidth: '100000Mbps' }), /Invalid bandwidth: '100000Mbps' is 10 characters long/],
      ['bad description', () => requested(stack(), 'X', { description: 'prod/gcp!' }), /Invalid description: 'prod\/gcp!'. Expected letters, digits, spaces/],
      ['long description', () => requested(stack(), 'X', { description: 'a'.repeat(256) }), /is 256 characters long. Expected 1 to 255/],
      ['bad remote account', () => requested(stack(), 'X', { remoteAccount: 'a b' }), /Invalid remoteAccount: 'a b'/],
      ['bad gateway id', () => AttachPoint.directConnectGateway('dxgw-123'), /Invalid Direct Connect gateway id: 'dxgw-123'. Expected a Direct Connect gateway id: a UUID/],
      ['bad attach point ARN', () => AttachPoint.fromArn('arn:aws:s3:::bucket'), /Invalid attach point ARN: 'arn:aws:s3:::bucket'/],
      ['bad connection id', () => InterconnectConnection.fromConnectionId(stack(), 'X', 'dxcon-1234'), /Invalid connection id: 'dxcon-1234'. Expected 'mcc-' or 'lmcc-'/],
      ['bad connection ARN', () => InterconnectConnection.fromConnectionAttributes(stack(), 'X', {
        connectionId: 'mcc-1a2b3c4d', connectionArn: 'arn:aws:interconnect:us-east-1:123:connection/mcc-1a2b3c4d',
      }), /Invalid connection ARN: 'arn:aws:interconnect:us-east-1:123:connection\/mcc-1a2b3c4d'/],
      ['bandwidth with a proposal', () => {
        const s = stack();
        new InterconnectConnection(s, 'X', {
          activationKey: ActivationKey.fromSecret(secretsmanager.Secret.fromSecretNameV2(s, 'S', 'k')),
          bandwidth: '1Gbps',
          attachPoint: AttachPoint.directConnectGateway(GATEWAY),
        });
      }, /bandwidth '1Gbps' cannot be set when accepting a proposal/],
      ['waitFor requested with a proposal', () => {
        const s = stack();
        new InterconnectConnection(s, 'X', {
          activationKey: ActivationKey.fromSecret(secretsmanager.Secret.fromSecretNameV2(s, 'S', 'k')),
          waitFor: ConnectionWaitFor.REQUESTED,
          attachPoint: AttachPoint.directConnectGateway(GATEWAY),
        });
      }, /waitFor 'requested' does not apply to an accepted proposal/],
      ['wait timeout too long', () => requested(stack(), 'X', { waitTimeout: Duration.minutes(90) }), /Invalid waitTimeout of .*: 1 hour 30 minutes. Expected 1 second to 50 minutes/],
      ['tag value too long', () => requested(stack(), 'X', { tags: { k: 'v'.repeat(257) } }), /Invalid connection tag value for 'k'/],
    ];
    test.each(cases)('%s', (_name, build, message) => {
      expect(build).toThrow(message);
    });
  });

  test('validation skips unresolved tokens', () => {
    const s = stack();
    const param = new CfnParameter(s, 'Bw');
    expect(() => requested(s, 'X', { bandwidth: param.valueAsString, description: param.valueAsString })).not.toThrow();
  });
});
