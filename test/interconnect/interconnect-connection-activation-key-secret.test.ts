import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ActivationKey, AttachPoint, InterconnectConnection, InterconnectConnectionProps } from '../../src';

const GATEWAY = '5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9';
const KEY_TYPE = 'Custom::InterconnectConnectionActivationKey';

function stack(): Stack {
  return new Stack(new App(), 'TestStack', { env: { account: '123456789012', region: 'us-east-1' } });
}

function requested(scope: Stack, extra: Partial<InterconnectConnectionProps> = {}, id = 'Conn'): InterconnectConnection {
  return new InterconnectConnection(scope, id, {
    environmentId: 'aws-gcp-us-east4',
    bandwidth: '1Gbps',
    attachPoint: AttachPoint.directConnectGateway(GATEWAY),
    activationKeySecret: {},
    ...extra,
  });
}

/**
 * Every statement of every IAM policy in the template, each once: the provider's roles (onEvent's, and
 * isComplete's, which writes the key) may hold the same statement.
 */
function statements(s: Stack): any[] {
  const all = Object.values(Template.fromStack(s).findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
  return [...new Map(all.map((st) => [JSON.stringify(st), st])).values()];
}

describe('InterconnectConnection activationKeySecret', () => {
  test('the construct owns one empty secret and the key resource names it; without the option there is neither', () => {
    const s = stack();
    const conn = requested(s);
    const template = Template.fromStack(s);
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    // Empty: no generated placeholder value and no value of any kind in the template.
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.absent(),
      SecretString: Match.absent(),
      Description: 'The activation key of the AWS Interconnect connection TestStack/Conn, written by its deployment.',
    });
    // It follows the connection's removal policy, RETAIN by default: a retained connection's key stays readable.
    template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    const [secretId] = Object.keys(template.findResources('AWS::SecretsManager::Secret'));
    // The key resource exists without anyone reading `activationKey`, and writes to that secret.
    template.resourceCountIs(KEY_TYPE, 1);
    template.hasResourceProperties(KEY_TYPE, { SecretArn: { Ref: secretId }, ConnectionId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Conn'), 'ConnectionId'] } });
    expect(conn.activationKeySecret).toBeDefined();
    expect(Stack.of(s).resolve(conn.activationKeySecret!.secretArn)).toEqual({ Ref: secretId });

    const without = stack();
    const plain = requested(without, { activationKeySecret: undefined });
    expect(plain.activationKeySecret).toBeUndefined();
    Template.fromStack(without).resourceCountIs('AWS::SecretsManager::Secret', 0);
    Template.fromStack(without).resourceCountIs(KEY_TYPE, 0);
  });

  test('reading activationKey too gives the same one key resource', () => {
    const s = stack();
    const conn = requested(s);
    expect(conn.activationKey).toBe(conn.activationKey);
    Template.fromStack(s).resourceCountIs(KEY_TYPE, 1);
  });

  test('the handlers may only PutSecretValue on that secret: no read, no other secret', () => {
    const s = stack();
    requested(s);
    const [secretId] = Object.keys(Template.fromStack(s).findResources('AWS::SecretsManager::Secret'));
    const secretStatements = statements(s).filter((st) => [st.Action].flat().some((a: string) => a.startsWith('secretsmanager:')));
    expect(secretStatements).toEqual([{ Effect: 'Allow', Action: 'secretsmanager:PutSecretValue', Resource: [{ Ref: secretId }] }]);
    expect(statements(s).some((st) => [st.Action].flat().some((a: string) => a.startsWith('kms:')))).toBe(false);
  });

  test('a customer managed key encrypts the secret; the handlers may generate data keys with it through Secrets Manager only', () => {
    const s = stack();
    const key = new kms.Key(s, 'Key');
    requested(s, { activationKeySecret: { encryptionKey: key } });
    const template = Template.fromStack(s);
    const [keyId] = Object.keys(template.findResources('AWS::KMS::Key'));
    template.hasResourceProperties('AWS::SecretsManager::Secret', { KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    const kmsStatement = (resource: unknown) => [{
      Effect: 'Allow',
      Action: 'kms:GenerateDataKey',
      Resource: resource,
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } },
    }];
    expect(statements(s).filter((st) => [st.Action].flat().some((a: string) => a.startsWith('kms:')))).toEqual(kmsStatement({ 'Fn::GetAtt': [keyId, 'Arn'] }));
    // An imported key is granted the same way.
    const other = stack();
    requested(other, { activationKeySecret: { encryptionKey: kms.Key.fromKeyArn(other, 'Imported', 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab') } });
    expect(statements(other).filter((st) => [st.Action].flat().some((a: string) => a.startsWith('kms:'))))
      .toEqual(kmsStatement('arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'));
  });

  test('a name and a removal policy of its own; by default it follows the connection\'s', () => {
    const s = stack();
    requested(s, { activationKeySecret: { secretName: 'interconnect/gcp-key', removalPolicy: RemovalPolicy.RETAIN } });
    Template.fromStack(s).hasResource('AWS::SecretsManager::Secret', {
      Properties: Match.objectLike({ Name: 'interconnect/gcp-key' }), DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain',
    });
    const destroyed = stack();
    requested(destroyed, { removalPolicy: RemovalPolicy.DESTROY });
    Template.fromStack(destroyed).hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: 'Delete' });
  });

  test('users grant the partner\'s tooling read access to the secret', () => {
    const s = stack();
    const conn = requested(s);
    const tooling = new iam.Role(s, 'PartnerTooling', { assumedBy: new iam.AccountRootPrincipal() });
    conn.activationKeySecret!.grantRead(tooling);
    const [secretId] = Object.keys(Template.fromStack(s).findResources('AWS::SecretsManager::Secret'));
    Template.fromStack(s).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^PartnerTooling') }],
      PolicyDocument: { Statement: [{ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: { Ref: secretId } }] },
    });
  });

  test('nothing secret is in the template: no key, no placeholder value, the key resource and its attribute masked', () => {
    const s = stack();
    requested(s);
    const json = JSON.stringify(Template.fromStack(s).toJSON());
    expect(json).not.toMatch(/SecretString|GenerateSecretString|ActivationKey"\s*:\s*"/);
    const keyResource = Object.values(Template.fromStack(s).findResources(KEY_TYPE))[0] as any;
    expect(Object.keys(keyResource.Properties).sort()).toEqual(['ConnectionId', 'SecretArn', 'ServiceTimeout', 'ServiceToken']);
  });

  describe('validation', () => {
    test('cannot be set when accepting a proposal: its key is already in the user\'s secret', () => {
      const s = stack();
      expect(() => new InterconnectConnection(s, 'Accept', {
        activationKey: ActivationKey.fromSecret(secretsmanager.Secret.fromSecretNameV2(s, 'S', 'proposal')),
        attachPoint: AttachPoint.directConnectGateway(GATEWAY),
        activationKeySecret: {},
      })).toThrow('InterconnectConnection TestStack/Accept: activationKeySecret cannot be set when accepting a proposal with activationKey');
    });

    test.each([
      ['a character Secrets Manager does not allow', 'bad name!', /Invalid activationKeySecret secretName: 'bad name!'. Expected ASCII letters, digits/],
      ['too long', 'n'.repeat(513), /Invalid activationKeySecret secretName: 'n+' is 513 characters long. Expected 1 to 512 characters./],
    ])('a secret name with %s is refused, quoting it', (_what, secretName, message) => {
      expect(() => requested(stack(), { activationKeySecret: { secretName } })).toThrow(message);
    });
  });
});
