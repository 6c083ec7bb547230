import { App, CfnParameter, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { newStack, policyNamed, someConstructs } from './provider-fixtures';
import { AttachPoint, ConnectPeerAssociation, HybridConnectivityProvider, InterconnectConnection } from '../../src';
import { IS_COMPLETE_WRITES } from '../../src/provider/is-complete-permissions';

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Every Lambda function of the stack: the two handlers and the Provider framework's three. */
function functions(t: any): any[] {
  return Object.values<any>(t.Resources).filter((r) => r.Type === 'AWS::Lambda::Function');
}

function handler(t: any, entry: 'onEvent' | 'isComplete'): any {
  return functions(t).find((fn) => fn.Properties.Handler === `index.${entry}`);
}

/** Every action each role may perform, from every policy attached to it. */
function actionsOfRole(t: any, roleId: string): string[] {
  const out: string[] = [];
  for (const r of Object.values<any>(t.Resources)) {
    if (r.Type !== 'AWS::IAM::Policy') continue;
    if (!list<any>(r.Properties.Roles).some((ref) => ref.Ref === roleId)) continue;
    for (const s of r.Properties.PolicyDocument.Statement) out.push(...list<string>(s.Action));
  }
  return [...new Set(out)].sort();
}

const roleOf = (fn: any): string => fn.Properties.Role['Fn::GetAtt'][0];

describe('HybridConnectivityProvider.configure', () => {
  test('puts every function, the framework\'s too, in the VPC, subnets and security groups given', () => {
    const s = newStack();
    const vpc = new ec2.Vpc(s, 'Vpc', { maxAzs: 2 });
    const sg = new ec2.SecurityGroup(s, 'Sg', { vpc });
    HybridConnectivityProvider.configure(s, { vpc, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }, securityGroups: [sg] });
    const t = Template.fromStack(someConstructs(s)).toJSON();
    expect(functions(t)).toHaveLength(5);
    const privateSubnets = vpc.privateSubnets.map((n) => s.resolve(n.subnetId));
    for (const fn of functions(t)) {
      expect(fn.Properties.VpcConfig.SubnetIds).toEqual(privateSubnets);
      expect(fn.Properties.VpcConfig.SecurityGroupIds).toEqual([s.resolve(sg.securityGroupId)]);
    }
  });

  test('log retention and removal apply to the handlers\', the framework\'s and the waiter\'s log groups', () => {
    const s = newStack();
    HybridConnectivityProvider.configure(s, { logRetention: logs.RetentionDays.ONE_YEAR, logRemovalPolicy: RemovalPolicy.RETAIN });
    const template = Template.fromStack(someConstructs(s));
    const groups = Object.values<any>(template.findResources('AWS::Logs::LogGroup'));
    expect(groups).toHaveLength(3);
    for (const g of groups) expect(g).toMatchObject({ Properties: { RetentionInDays: 365 }, DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    // Every function logs to one of them, and the waiter logs every event but no execution data.
    const ids = Object.keys(template.findResources('AWS::Logs::LogGroup'));
    for (const fn of functions(template.toJSON())) expect(ids).toContain(fn.Properties.LoggingConfig.LogGroup.Ref);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false, Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] } } }] },
    });
  });

  test('the defaults: a month of logs, destroyed with the stack, no key, no VPC', () => {
    const template = Template.fromStack(someConstructs(newStack()));
    for (const g of Object.values<any>(template.findResources('AWS::Logs::LogGroup'))) {
      expect(g).toMatchObject({ Properties: { RetentionInDays: 30 }, DeletionPolicy: 'Delete' });
      expect(g.Properties.KmsKeyId).toBeUndefined();
    }
    for (const fn of functions(template.toJSON())) expect(fn.Properties.VpcConfig).toBeUndefined();
  });

  test('a KMS key encrypts every log group and every function\'s environment, and CloudWatch Logs may use it', () => {
    const s = newStack();
    const key = new kms.Key(s, 'Key', { enableKeyRotation: true });
    HybridConnectivityProvider.configure(s, { encryptionKey: key });
    const template = Template.fromStack(someConstructs(s));
    const keyArn = s.resolve(key.keyArn);
    const groups = Object.values<any>(template.findResources('AWS::Logs::LogGroup'));
    expect(groups).toHaveLength(3);
    for (const g of groups) expect(g.Properties.KmsKeyId).toEqual(keyArn);
    for (const fn of functions(template.toJSON())) expect(fn.Properties.KmsKeyArn).toEqual(keyArn);
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'logs.us-east-1.amazonaws.com' }, Action: Match.arrayWith(['kms:Decrypt', 'kms:Encrypt']) })]) },
    });
  });

  test('a permissions boundary is set on every role the provider creates', () => {
    const s = newStack();
    const boundary = new iam.ManagedPolicy(s, 'Boundary', { statements: [new iam.PolicyStatement({ actions: ['*'], resources: ['*'] })] });
    HybridConnectivityProvider.configure(s, { permissionsBoundary: boundary });
    const roles = Object.values<any>(Template.fromStack(someConstructs(s)).findResources('AWS::IAM::Role'));
    // Two handler roles, the framework's three, the waiter's.
    expect(roles).toHaveLength(6);
    for (const r of roles) expect(r.Properties.PermissionsBoundary).toEqual({ Ref: s.resolve(boundary.managedPolicyArn).Ref });
  });

  test('brought roles are used, and the library\'s policies attached to them', () => {
    const s = newStack();
    const onEventRole = iam.Role.fromRoleArn(s, 'Writer', 'arn:aws:iam::123456789012:role/hybrid-writer');
    const isCompleteRole = iam.Role.fromRoleArn(s, 'Reader', 'arn:aws:iam::123456789012:role/hybrid-reader');
    const frameworkOnEventRole = iam.Role.fromRoleArn(s, 'FwWriter', 'arn:aws:iam::123456789012:role/fw-on-event');
    const frameworkCompleteAndTimeoutRole = iam.Role.fromRoleArn(s, 'FwReader', 'arn:aws:iam::123456789012:role/fw-complete');
    HybridConnectivityProvider.configure(s, { onEventRole, isCompleteRole, frameworkOnEventRole, frameworkCompleteAndTimeoutRole });
    const template = Template.fromStack(someConstructs(s));
    // Only the waiter's role is created.
    template.resourceCountIs('AWS::IAM::Role', 1);
    const t = template.toJSON();
    expect(handler(t, 'onEvent').Properties.Role).toBe('arn:aws:iam::123456789012:role/hybrid-writer');
    expect(handler(t, 'isComplete').Properties.Role).toBe('arn:aws:iam::123456789012:role/hybrid-reader');
    expect(policyNamed(template, 'HybridConnectivityOnEventGrants').Properties.Roles).toEqual(['hybrid-writer']);
    expect(policyNamed(template, 'HybridConnectivityIsCompleteGrants').Properties.Roles).toEqual(['hybrid-reader']);
    const frameworkRoles = functions(t).filter((fn) => !/^index\./.test(fn.Properties.Handler)).map((fn) => fn.Properties.Role).sort();
    expect(frameworkRoles).toEqual(['arn:aws:iam::123456789012:role/fw-complete', 'arn:aws:iam::123456789012:role/fw-complete', 'arn:aws:iam::123456789012:role/fw-on-event']);
  });

  test('after the first construct: the functions are built again with the settings, and every grant made so far kept', () => {
    const s = newStack();
    someConstructs(s);
    const before = Template.fromStack(newStackWith(someConstructs)).toJSON();
    const key = new kms.Key(s, 'Key', { enableKeyRotation: true });
    HybridConnectivityProvider.configure(s, { encryptionKey: key, logRetention: logs.RetentionDays.ONE_WEEK });
    new ConnectPeerAssociation(s, 'After', {
      globalNetworkId: 'global-network-0a1b2c3d4e5f60719', connectPeerId: 'connect-peer-0123456789abcdef9', deviceId: 'device-07f6fd08867abc129',
    });
    const t = Template.fromStack(s).toJSON();
    expect(functions(t)).toHaveLength(5);
    for (const fn of functions(t)) expect(fn.Properties.KmsKeyArn).toEqual(s.resolve(key.keyArn));
    for (const g of Object.values<any>(t.Resources).filter((r) => r.Type === 'AWS::Logs::LogGroup')) expect(g.Properties.RetentionInDays).toBe(7);
    // The same roles get the same actions as without configure (statements added to `role`, such as
    // the secret read, included), plus the new construct's.
    for (const entry of ['onEvent', 'isComplete'] as const) {
      expect(actionsOfRole(t, roleOf(handler(t, entry)))).toEqual(actionsOfRole(before, roleOf(handler(before, entry))));
    }
    const peers = Object.values<any>(t.Resources).filter((r) => r.Type === 'Custom::ConnectPeerAssociation');
    expect(peers).toHaveLength(2);
    for (const p of peers) expect(p.Properties.ServiceToken).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/frameworkonEvent/), 'Arn'] });
  });

  test('a second configure of the same stack fails, saying to call it once', () => {
    const s = newStack();
    HybridConnectivityProvider.configure(s, { logRetention: logs.RetentionDays.ONE_WEEK });
    someConstructs(s);
    expect(() => HybridConnectivityProvider.configure(s, { logRetention: logs.RetentionDays.ONE_YEAR }))
      .toThrow(/HybridConnectivityProvider.configure for stack All was called a second time. Call it once per stack/);
  });

  test('configure after the provider\'s roles were used fails, naming what was used', () => {
    const s = newStack();
    new iam.User(s, 'Auditor').addToPolicy(new iam.PolicyStatement({ actions: ['iam:GetRole'], resources: [HybridConnectivityProvider.of(s).isCompleteRole.roleArn] }));
    expect(() => HybridConnectivityProvider.configure(s, { logRetention: logs.RetentionDays.ONE_YEAR }))
      .toThrow(/after the provider's isCompleteRole was used/);
  });
});

describe('the isComplete role', () => {
  test('holds reads and only the writes its paths make; onEvent holds the rest', () => {
    const t = Template.fromStack(someConstructs(newStack())).toJSON();
    const onEventRole = roleOf(handler(t, 'onEvent'));
    const isCompleteRole = roleOf(handler(t, 'isComplete'));
    expect(onEventRole).not.toBe(isCompleteRole);
    const isCompleteActions = actionsOfRole(t, isCompleteRole);
    const writes = isCompleteActions.filter((a) => !/^[a-z-]+:(Describe|Get|List)[A-Za-z]*$/.test(a));
    // Logging is the function's own; every other write is one an isComplete path makes, listed with why.
    expect(writes.sort()).toEqual(['directconnect:UntagResource', 'logs:CreateLogStream', 'logs:PutLogEvents', 'secretsmanager:PutSecretValue']);
    for (const w of writes.filter((a) => !a.startsWith('logs:'))) expect(IS_COMPLETE_WRITES[w]).toBeDefined();
    // No secret is read by isComplete.
    expect(isCompleteActions).not.toContain('secretsmanager:GetSecretValue');
    expect(isCompleteActions).toEqual(expect.arrayContaining(['interconnect:GetConnection', 'networkmanager:GetConnectPeerAssociations', 'iotwireless:GetPartnerAccount']));
    const onEventActions = actionsOfRole(t, onEventRole);
    for (const a of ['interconnect:CreateConnection', 'interconnect:DeleteConnection', 'networkmanager:AssociateConnectPeer', 'directconnect:TagResource',
      'directconnect:AssociateHostedConnection', 'iotwireless:AssociateAwsAccountWithPartnerAccount', 'secretsmanager:GetSecretValue']) {
      expect(onEventActions).toContain(a);
      expect(isCompleteActions).not.toContain(a);
    }
  });
});

describe('waitTimeout', () => {
  const attachPoint = AttachPoint.directConnectGateway('5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9');
  test('a token is refused at synth, not replaced by 30 minutes', () => {
    const s = newStack();
    const minutes = new CfnParameter(s, 'WaitSeconds', { type: 'Number' });
    expect(() => new InterconnectConnection(s, 'Conn', {
      environmentId: 'env', bandwidth: '1Gbps', attachPoint, waitTimeout: Duration.seconds(Token.asNumber(minutes.valueAsNumber)),
    })).toThrow(/Invalid waitTimeout of All\/Conn: the Duration is a token .* Give a literal Duration from 1 second to 50 minutes/);
  });

  test('a literal out of range is refused with the range', () => {
    expect(() => new InterconnectConnection(newStack(), 'Conn', { environmentId: 'env', bandwidth: '1Gbps', attachPoint, waitTimeout: Duration.hours(2) }))
      .toThrow(/Invalid waitTimeout of All\/Conn: 2 hours. Expected 1 second to 50 minutes/);
  });

  test('a literal in range is the resource\'s WaitTimeoutSeconds', () => {
    const s = newStack();
    new InterconnectConnection(s, 'Conn', { environmentId: 'env', bandwidth: '1Gbps', attachPoint, waitTimeout: Duration.minutes(12) });
    Template.fromStack(s).hasResourceProperties('Custom::InterconnectConnection', { WaitTimeoutSeconds: 720 });
  });
});

function newStackWith(build: (s: Stack) => Stack): Stack {
  return build(newStack(new App()));
}
