import { App, CfnParameter, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as directconnect from 'aws-cdk-lib/aws-directconnect';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as interconnect from 'aws-cdk-lib/aws-interconnect';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { aws_directconnect as dxRefs, aws_interconnect as interconnectRefs } from 'aws-cdk-lib/interfaces';
import { Construct } from 'constructs';
import { ActivationKey, AttachPoint, InterconnectConnection } from '../../src';

const GATEWAY = '5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9';
const TYPE = 'Custom::InterconnectConnection';
const OTHER_ARN = 'arn:aws:interconnect:eu-west-1:210987654321:connection/mcc-9z8y7x6w';

function stack(): Stack {
  return new Stack(new App(), 'TestStack', { env: { account: '123456789012', region: 'us-east-1' } });
}

function requested(scope: Stack, attachPoint: AttachPoint, extra: Record<string, unknown> = {}): InterconnectConnection {
  return new InterconnectConnection(scope, 'Conn', { environmentId: 'aws-gcp-us-east4', bandwidth: '1Gbps', attachPoint, ...extra });
}

/** A Direct Connect gateway reference whose ARN synth can read, as another library's construct may hold one. */
function gatewayRef(scope: Construct, arn: string): dxRefs.IDirectConnectGatewayRef {
  return Object.assign(new Construct(scope, `Gateway${Stack.of(scope).node.children.length}`), {
    env: { account: '123456789012', region: 'us-east-1' },
    directConnectGatewayRef: { directConnectGatewayArn: arn },
  });
}

function policyStatements(s: Stack): any[] {
  return Object.values(Template.fromStack(s).findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

describe('AttachPoint from a Direct Connect gateway reference', () => {
  test('a CfnDirectConnectGateway: CloudFormation cuts the gateway id from the ARN its Ref gives', () => {
    const s = stack();
    const gateway = new directconnect.CfnDirectConnectGateway(s, 'Gateway', { directConnectGatewayName: 'to-gcp', amazonSideAsn: '64512' });
    requested(s, AttachPoint.fromDirectConnectGateway(gateway));
    const [gatewayId] = Object.keys(Template.fromStack(s).findResources('AWS::DirectConnect::DirectConnectGateway'));
    Template.fromStack(s).hasResourceProperties(TYPE, {
      AttachPointType: 'directConnectGateway',
      AttachPointValue: { 'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', { Ref: gatewayId }] }] }] }] },
    });
  });

  test('an ARN known at synth gives the id itself, the same as AttachPoint.directConnectGateway', () => {
    const s = stack();
    const fromRef = AttachPoint.fromDirectConnectGateway(gatewayRef(s, `arn:aws:directconnect::123456789012:dx-gateway/${GATEWAY}`));
    expect(fromRef.value).toBe(GATEWAY);
    requested(s, fromRef);
    const other = stack();
    requested(other, AttachPoint.directConnectGateway(GATEWAY));
    const props = (t: Stack) => Object.values(Template.fromStack(t).findResources(TYPE))[0].Properties;
    expect(props(s)).toEqual(props(other));
  });

  test.each([
    ['another service', 'arn:aws:ec2:us-east-1:123456789012:vpn-gateway/vgw-0123456789abcdef0',
      /Invalid Direct Connect gateway ARN: 'arn:aws:ec2:us-east-1:123456789012:vpn-gateway\/vgw-0123456789abcdef0' is an ARN of service 'ec2'. Expected an ARN of service 'directconnect' whose resource is 'dx-gateway\/…'/],
    ['another Direct Connect resource', 'arn:aws:directconnect:us-east-1:123456789012:dxlag/dxlag-ffrz71kw',
      /Invalid Direct Connect gateway ARN: 'arn:aws:directconnect:us-east-1:123456789012:dxlag\/dxlag-ffrz71kw' names resource 'dxlag\/dxlag-ffrz71kw'/],
    ['a gateway id that is not a UUID', 'arn:aws:directconnect::123456789012:dx-gateway/dxgw-123',
      /Invalid Direct Connect gateway id in ARN 'arn:aws:directconnect::123456789012:dx-gateway\/dxgw-123': 'dxgw-123'. Expected a Direct Connect gateway id: a UUID/],
  ])('refuses %s, quoting the ARN', (_name, arn, message) => {
    const s = stack();
    expect(() => AttachPoint.fromDirectConnectGateway(gatewayRef(s, arn))).toThrow(message);
  });

  test('the wire value of the attach point kind is not a public member', () => {
    const point = AttachPoint.directConnectGateway(GATEWAY);
    expect(Object.keys(point)).not.toContain('kind');
    expect((point as unknown as Record<string, unknown>).kind).toBeUndefined();
    const s = stack();
    requested(s, AttachPoint.fromArn('arn:aws:interconnect:us-east-1:123456789012:connection/mcc-1a2b3c4d'));
    Template.fromStack(s).hasResourceProperties(TYPE, { AttachPointType: 'arn' });
  });
});

describe('InterconnectConnection as an Interconnect IConnectionRef', () => {
  test('a connection is an IConnectionRef whose ARN is its ConnectionArn attribute; the L1 reads it as one', () => {
    const s = stack();
    const conn = requested(s, AttachPoint.directConnectGateway(GATEWAY));
    const [logicalId] = Object.keys(Template.fromStack(s).findResources(TYPE));
    expect(s.resolve(conn.connectionRef.connectionArn)).toEqual({ 'Fn::GetAtt': [logicalId, 'ConnectionArn'] });
    expect(s.resolve(interconnect.CfnConnection.arnForConnection(conn))).toEqual({ 'Fn::GetAtt': [logicalId, 'ConnectionArn'] });
    expect(conn.env).toEqual({ account: '123456789012', region: 'us-east-1' });
  });

  test('fromConnectionArn: the id from the ARN, the ARN\'s account and region, grants scoped to that ARN', () => {
    const s = stack();
    const conn = InterconnectConnection.fromConnectionArn(s, 'Other', OTHER_ARN);
    expect(conn.connectionId).toBe('mcc-9z8y7x6w');
    expect(conn.connectionRef).toEqual({ connectionArn: OTHER_ARN });
    expect(conn.env).toEqual({ account: '210987654321', region: 'eu-west-1' });
    const role = new iam.Role(s, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    conn.grantRead(role);
    expect(policyStatements(s)).toEqual([{
      Action: ['interconnect:GetConnection', 'interconnect:ListTagsForResource'], Effect: 'Allow', Resource: OTHER_ARN,
    }]);
  });

  test('fromConnectionArn with a token ARN: CloudFormation cuts the id', () => {
    const s = stack();
    const arn = new CfnParameter(s, 'ConnectionArn').valueAsString;
    const conn = InterconnectConnection.fromConnectionArn(s, 'Param', arn);
    expect(Token.isUnresolved(conn.connectionId)).toBe(true);
    expect(s.resolve(conn.connectionId)).toEqual({
      'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', { Ref: 'ConnectionArn' }] }] }] }],
    });
  });

  test('fromConnectionRef takes an aws_interconnect.CfnConnection: its id cut from the Ref, which is its ARN', () => {
    const s = stack();
    const l1 = new interconnect.CfnConnection(s, 'L1', { attachPoint: { directConnectGateway: GATEWAY }, environmentId: 'aws-gcp-us-east4', bandwidth: '1Gbps' });
    const conn = InterconnectConnection.fromConnectionRef(s, 'FromL1', l1);
    expect(s.resolve(conn.connectionArn)).toEqual({ Ref: 'L1' });
    expect(s.resolve(conn.connectionId)).toEqual({
      'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', { Ref: 'L1' }] }] }] }],
    });
    const role = new iam.Role(s, 'Writer', { assumedBy: new iam.AccountRootPrincipal() });
    conn.grant(role, 'interconnect:UpdateConnection');
    Template.fromStack(s).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Action: 'interconnect:UpdateConnection', Effect: 'Allow', Resource: { Ref: 'L1' } }] },
    });
  });

  test('fromConnectionRef refuses a Direct Connect connection, whose IConnectionRef has the same shape, quoting its ARN', () => {
    const s = stack();
    const dxArn = 'arn:aws:directconnect:us-east-1:123456789012:dxcon/dxcon-fgabc123';
    const dxConnection: dxRefs.IConnectionRef = Object.assign(new Construct(s, 'DxConnection'), {
      env: { account: '123456789012', region: 'us-east-1' },
      connectionRef: { connectionArn: dxArn },
    });
    expect(() => InterconnectConnection.fromConnectionRef(s, 'Dx', dxConnection)).toThrow(
      "Invalid Interconnect connection reference: 'arn:aws:directconnect:us-east-1:123456789012:dxcon/dxcon-fgabc123' is a Direct Connect " +
      'connection, not an AWS Interconnect connection.');
    expect(() => InterconnectConnection.fromConnectionArn(s, 'DxArn', dxArn)).toThrow(/Invalid connection ARN: '.*dxcon-fgabc123' is a Direct Connect connection/);
  });

  test('fromConnectionRef refuses another service\'s IConnectionRef of the same shape (CodeConnections), quoting its ARN', () => {
    const s = stack();
    const arn = 'arn:aws:codeconnections:us-east-1:123456789012:connection/aEXAMPLE-8aad-4d5d-8878-dfcab0bc441f';
    const other: interconnectRefs.IConnectionRef = Object.assign(new Construct(s, 'CodeConnection'), {
      env: { account: '123456789012', region: 'us-east-1' },
      connectionRef: { connectionArn: arn },
    });
    expect(() => InterconnectConnection.fromConnectionRef(s, 'Code', other)).toThrow(`Invalid Interconnect connection reference: '${arn}'.`);
  });

  test('fromConnectionArn refuses an ARN that is not an Interconnect connection\'s', () => {
    expect(() => InterconnectConnection.fromConnectionArn(stack(), 'Bad', 'arn:aws:interconnect:us-east-1:123456789012:environment/aws-gcp-us-east4'))
      .toThrow(/Invalid connection ARN: 'arn:aws:interconnect:us-east-1:123456789012:environment\/aws-gcp-us-east4'. Expected arn:aws:interconnect/);
  });
});

describe('InterconnectConnection props that mean what users think', () => {
  test('retained by default, with its activation-key secret: a new connection needs a person at the partner\'s portal', () => {
    const s = stack();
    requested(s, AttachPoint.directConnectGateway(GATEWAY), { activationKeySecret: {} });
    const template = Template.fromStack(s);
    template.hasResource(TYPE, { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('RemovalPolicy.DESTROY deletes the connection and its secret with the stack', () => {
    const s = stack();
    requested(s, AttachPoint.directConnectGateway(GATEWAY), { activationKeySecret: {}, removalPolicy: RemovalPolicy.DESTROY });
    const template = Template.fromStack(s);
    template.hasResource(TYPE, { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Delete' });
  });

  test('billingTier is a number, as the L1 has it', () => {
    const s = stack();
    const conn = requested(s, AttachPoint.directConnectGateway(GATEWAY));
    const tier: number = conn.billingTier;
    expect(typeof tier).toBe('number');
    expect(Token.isUnresolved(tier)).toBe(true);
    const [logicalId] = Object.keys(Template.fromStack(s).findResources(TYPE));
    expect(s.resolve(tier)).toEqual({ 'Fn::GetAtt': [logicalId, 'BillingTier'] });
    const l1 = new interconnect.CfnConnection(s, 'L1', { attachPoint: {} });
    expect(typeof l1.attrBillingTier).toBe(typeof tier);
  });

  /** The replacing identity of the proposal's secret, resolved as CloudFormation would for partition `aws`. */
  function secretIdentity(secret: (s: Stack) => secretsmanager.ISecret): { arn: string; partial: string; field: string } {
    const s = stack();
    new InterconnectConnection(s, 'Accepted', {
      activationKey: ActivationKey.fromSecret(secret(s), 'key'),
      attachPoint: AttachPoint.directConnectGateway(GATEWAY),
    });
    const props = Object.values(Template.fromStack(s).findResources(TYPE))[0].Properties;
    const resolve = (v: unknown): string => typeof v === 'string' ? v
      : (v as any)['Fn::Join'][1].map((p: unknown) => typeof p === 'string' ? p : (p as any).Ref === 'AWS::Partition' ? 'aws' : '?').join('');
    return {
      arn: resolve(props.ActivationKeySecretArn),
      partial: resolve(props.ActivationKeySecretPartialArn),
      field: props.ActivationKeySecretField,
    };
  }

  test('a name and the complete ARN of one secret give the same replacing identity; the handler still reads what it was given', () => {
    const complete = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:proposal-key-AbCdEf';
    const byName = secretIdentity((s) => secretsmanager.Secret.fromSecretNameV2(s, 'Key', 'proposal-key'));
    const byArn = secretIdentity((s) => secretsmanager.Secret.fromSecretCompleteArn(s, 'Key', complete));
    const partial = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:proposal-key';
    const byPartial = secretIdentity((s) => secretsmanager.Secret.fromSecretPartialArn(s, 'Key', partial));
    expect(byName.partial).toBe('arn:aws:secretsmanager:us-east-1:123456789012:secret:proposal-key');
    expect(byArn.partial).toBe(byName.partial);
    expect(byPartial.partial).toBe(byName.partial);
    expect(byArn.arn).toBe(complete);
    expect(byName.arn).toBe(byName.partial);
    // Another secret is another identity, and a name that happens to end like a suffix is not cut.
    const other = secretIdentity((s) => secretsmanager.Secret.fromSecretNameV2(s, 'Key', 'proposal-key-AbCdEf'));
    expect(other.partial).toBe(complete);
    expect(other.partial).not.toBe(byName.partial);
  });

  test('a secret this app owns: its ARN is a token, carried as it is', () => {
    const s = stack();
    const secret = new secretsmanager.Secret(s, 'Key');
    new InterconnectConnection(s, 'Accepted', { activationKey: ActivationKey.fromSecret(secret), attachPoint: AttachPoint.directConnectGateway(GATEWAY) });
    Template.fromStack(s).hasResourceProperties(TYPE, {
      ActivationKeySecretArn: { Ref: Match.stringLikeRegexp('^Key') },
      ActivationKeySecretPartialArn: { Ref: Match.stringLikeRegexp('^Key') },
    });
  });
});
