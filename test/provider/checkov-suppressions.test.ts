import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AttachPoint, ConnectPeerAssociation, HybridConnectivityProvider, InterconnectConnection } from '../../src';
import { CHECKOV_SUPPRESSIONS } from '../../src/provider/checkov-suppressions';

// checkov reads Metadata.checkov.skip; lint/lint_templates.py runs checkov itself on the synthesized
// templates. These tests check which resources carry which reasons, and that users' resources carry none.

function stackWithPeer(): Stack {
  const stack = new Stack(new App(), 'Peers', { env: { account: '123456789012', region: 'us-east-1' } });
  new ConnectPeerAssociation(stack, 'Peer', {
    globalNetworkId: 'global-network-0a1b2c3d4e5f60718', connectPeerId: 'connect-peer-0123456789abcdef0', deviceId: 'device-07f6fd08867abc123',
  });
  return stack;
}

function skips(resource: any): Array<{ id: string; comment: string }> {
  return resource.Metadata?.checkov?.skip ?? [];
}

function ofType(template: Template, type: string): Array<[string, any]> {
  return Object.entries(template.findResources(type));
}

const isHandler = (fn: any) => /^index\.(onEvent|isComplete)$/.test(fn.Properties.Handler);
const ids = (list: Array<{ id: string }>) => list.map((s) => s.id).sort();

test('the two handler functions carry the handler reasons, the framework functions the framework reasons', () => {
  const template = Template.fromStack(stackWithPeer());
  const fns = ofType(template, 'AWS::Lambda::Function');
  expect(fns.filter(([, fn]) => isHandler(fn))).toHaveLength(2);
  expect(fns.filter(([, fn]) => !isHandler(fn)).length).toBeGreaterThanOrEqual(1);
  for (const [, fn] of fns) {
    const expected = isHandler(fn) ? CHECKOV_SUPPRESSIONS.handlerFunction : CHECKOV_SUPPRESSIONS.frameworkFunction;
    expect(skips(fn)).toEqual(expected);
  }
  expect(ids(CHECKOV_SUPPRESSIONS.handlerFunction)).toEqual(['CKV_AWS_115', 'CKV_AWS_116', 'CKV_AWS_117', 'CKV_AWS_173']);
});

test('every log group of the provider carries the log-group reason', () => {
  const template = Template.fromStack(stackWithPeer());
  const groups = ofType(template, 'AWS::Logs::LogGroup');
  expect(groups.length).toBeGreaterThanOrEqual(1);
  for (const [, group] of groups) expect(skips(group)).toEqual(CHECKOV_SUPPRESSIONS.logGroup);
});

test('every reason is a sentence that checkov can print, and each check id appears once per kind', () => {
  for (const [kind, list] of Object.entries(CHECKOV_SUPPRESSIONS)) {
    expect(new Set(ids(list)).size).toBe(list.length);
    for (const s of list) {
      expect(s.id).toMatch(/^CKV2?_AWS_\d+$/);
      expect(s.comment.length).toBeGreaterThan(60);
      expect(`${kind}: ${s.comment}`).not.toMatch(/No comment provided/);
    }
  }
});

test('findings a provider setting fixes name that setting in their reason', () => {
  const comment = (list: Array<{ id: string; comment: string }>, id: string) => list.find((s) => s.id === id)!.comment;
  expect(comment(CHECKOV_SUPPRESSIONS.handlerFunction, 'CKV_AWS_117')).toContain('vpc in HybridConnectivityProvider.configure');
  expect(comment(CHECKOV_SUPPRESSIONS.frameworkFunction, 'CKV_AWS_117')).toContain('vpc in HybridConnectivityProvider.configure');
  expect(comment(CHECKOV_SUPPRESSIONS.logGroup, 'CKV_AWS_158')).toContain('encryptionKey in HybridConnectivityProvider.configure');
});

test('a provider rebuilt by configure after the first construct is covered too, once per resource', () => {
  const stack = stackWithPeer();
  HybridConnectivityProvider.configure(stack, { encryptionKey: new kms.Key(stack, 'Key'), logRetention: logs.RetentionDays.ONE_WEEK });
  const template = Template.fromStack(stack);
  const fns = ofType(template, 'AWS::Lambda::Function');
  expect(fns.length).toBeGreaterThanOrEqual(3);
  for (const [, fn] of fns) expect(skips(fn)).toHaveLength(4);
  for (const [, group] of ofType(template, 'AWS::Logs::LogGroup')) expect(ids(skips(group))).toEqual(['CKV_AWS_158']);
});

test('resources of the user in the same stack get no checkov suppression', () => {
  const stack = stackWithPeer();
  new lambda.Function(stack, 'UsersOwn', {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => {}'),
  });
  new logs.LogGroup(stack, 'UsersLogs');
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, any>;
  const users = Object.entries(resources).filter(([id]) => id.startsWith('UsersOwn') || id.startsWith('UsersLogs'));
  expect(users.length).toBeGreaterThanOrEqual(2);
  for (const [, resource] of users) expect(resource.Metadata?.checkov).toBeUndefined();
});

test('the activation-key secret an InterconnectConnection makes carries its reason, which names the option that fixes it', () => {
  const stack = stackWithPeer();
  new InterconnectConnection(stack, 'Conn', {
    environmentId: 'aws-gcp-us-east4',
    bandwidth: '1Gbps',
    attachPoint: AttachPoint.directConnectGateway('5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9'),
    activationKeySecret: {},
  });
  const secrets = ofType(Template.fromStack(stack), 'AWS::SecretsManager::Secret');
  expect(secrets).toHaveLength(1);
  expect(skips(secrets[0][1])).toEqual(CHECKOV_SUPPRESSIONS.activationKeySecret);
  expect(CHECKOV_SUPPRESSIONS.activationKeySecret[0].comment).toContain('Set encryptionKey in the InterconnectConnection\'s activationKeySecret');
});
