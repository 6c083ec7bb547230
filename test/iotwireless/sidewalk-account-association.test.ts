import { App, RemovalPolicy, SecretValue, Stack, Tags } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { SidewalkAccountAssociation } from '../../src';

const TYPE = 'Custom::SidewalkAccountAssociation';
const KEY = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';
const AMAZON_ID = 'amzn1.account.AEXAMPLE0001';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:sidewalk/key-AbCdEf';

function stack(app = new App(), id = 'Iot'): Stack {
  return new Stack(app, id, { env: { account: '123456789012', region: 'eu-west-1' } });
}

function imported(s: Stack, arn = SECRET_ARN) {
  return secretsmanager.Secret.fromSecretCompleteArn(s, 'Key', arn);
}

/**
 * The statements of the handler role that associates (onEvent's): every policy of the role that may
 * AssociateAwsAccountWithPartnerAccount. (isComplete, where it has a role of its own, holds only reads.)
 */
function statements(s: Stack): any[] {
  const policies = Object.values(Template.fromStack(s).findResources('AWS::IAM::Policy')).map((p: any) => p.Properties);
  const writes = (p: any) => p.PolicyDocument.Statement.some((st: any) => [st.Action].flat().includes('iotwireless:AssociateAwsAccountWithPartnerAccount'));
  const roles = new Set(policies.filter(writes).flatMap((p: any) => p.Roles.map((r: unknown) => JSON.stringify(r))));
  return policies.filter((p: any) => p.Roles.some((r: unknown) => roles.has(JSON.stringify(r)))).flatMap((p: any) => p.PolicyDocument.Statement);
}

function actionsOf(st: any): string[] {
  return [st.Action].flat();
}

describe('SidewalkAccountAssociation', () => {
  test('renders the secret reference, field, version and tags; never a key', () => {
    const s = stack();
    new SidewalkAccountAssociation(s, 'Sidewalk', {
      amazonId: AMAZON_ID,
      appServerPrivateKey: imported(s),
      appServerPrivateKeyField: 'appServerPrivateKey',
      appServerPrivateKeyVersionId: 'a1b2c3d4-0000-4000-8000-0123456789ab',
      tags: { team: 'iot' },
    });
    Tags.of(s).add('costCenter', '42');
    const template = Template.fromStack(s);
    template.hasResourceProperties(TYPE, {
      AmazonId: AMAZON_ID,
      AppServerPrivateKeySecretArn: SECRET_ARN,
      AppServerPrivateKeySecretField: 'appServerPrivateKey',
      AppServerPrivateKeyVersionId: 'a1b2c3d4-0000-4000-8000-0123456789ab',
      Tags: { team: 'iot', costCenter: '42' },
    });
    template.hasResource(TYPE, { Properties: { ServiceTimeout: '3600' }, DeletionPolicy: 'Delete' });
  });

  test('defaults: whole secret string, AWSCURRENT, no tags; RETAIN is honoured', () => {
    const s = stack();
    new SidewalkAccountAssociation(s, 'Sidewalk', { amazonId: AMAZON_ID, appServerPrivateKey: imported(s), removalPolicy: RemovalPolicy.RETAIN });
    const template = Template.fromStack(s);
    template.hasResourceProperties(TYPE, {
      AppServerPrivateKeySecretField: Match.absent(), AppServerPrivateKeyVersionId: Match.absent(), Tags: Match.absent(),
    });
    template.hasResource(TYPE, { DeletionPolicy: 'Retain' });
  });

  test('no key material reaches the template, even when the secret is defined in the same app', () => {
    const app = new App();
    const secrets = stack(app, 'Secrets');
    const secret = new secretsmanager.Secret(secrets, 'Key', { secretStringValue: SecretValue.unsafePlainText(KEY) });
    const s = stack(app, 'Iot');
    new SidewalkAccountAssociation(s, 'Sidewalk', { amazonId: AMAZON_ID, appServerPrivateKey: secret });
    const text = JSON.stringify(Template.fromStack(s).toJSON());
    expect(text).toContain('AppServerPrivateKeySecretArn');
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('{{resolve:secretsmanager');
  });

  test('IAM: GetSecretValue on that one secret only; no kms:Decrypt without a customer key', () => {
    const s = stack();
    new SidewalkAccountAssociation(s, 'Sidewalk', { amazonId: AMAZON_ID, appServerPrivateKey: imported(s) });
    const secretStatements = statements(s).filter((st) => actionsOf(st).some((a) => a.startsWith('secretsmanager:')));
    expect(secretStatements).toEqual([{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: [SECRET_ARN] }]);
    expect(statements(s).filter((st) => actionsOf(st).some((a) => a.startsWith('kms:')))).toEqual([]);
  });

  test('IAM: a partial ARN is matched with the six-character suffix', () => {
    const s = stack();
    const partial = secretsmanager.Secret.fromSecretPartialArn(s, 'Partial', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:sidewalk/key');
    new SidewalkAccountAssociation(s, 'Sidewalk', { amazonId: AMAZON_ID, appServerPrivateKey: partial });
    const secretStatement = statements(s).find((st) => actionsOf(st).includes('secretsmanager:GetSecretValue'));
    expect(secretStatement.Resource).toEqual(['arn:aws:secretsmanager:eu-west-1:123456789012:secret:sidewalk/key-??????']);
  });

  test('IAM: kms:Decrypt through Secrets Manager when the secret has a customer key', () => {
    const s = stack();
    const key = new kms.Key(s, 'Cmk');
    const secret = new secretsmanager.Secret(s, 'Secret', { encryptionKey: key });
    new SidewalkAccountAssociation(s, 'Sidewalk', { amazonId: AMAZON_ID, appServerPrivateKey: secret });
    const decrypt = statements(s).find((st) => actionsOf(st).includes('kms:Decrypt'));
    expect(decrypt).toEqual({
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Cmk/), 'Arn'] },
    });
    const secretStatement = statements(s).find((st) => actionsOf(st).includes('secretsmanager:GetSecretValue'));
    expect(secretStatement.Resource).toEqual([{ Ref: expect.stringMatching(/^Secret/) }]);
  });

  test('IAM: IoT Wireless actions on this Sidewalk account in us-east-1; only Associate, which has no resource type, on *', () => {
    const s = stack();
    new SidewalkAccountAssociation(s, 'Sidewalk', { amazonId: AMAZON_ID, appServerPrivateKey: imported(s) });
    const iot = statements(s).filter((st) => actionsOf(st).some((a) => a.startsWith('iotwireless:')));
    expect(iot).toEqual([
      { Effect: 'Allow', Action: 'iotwireless:AssociateAwsAccountWithPartnerAccount', Resource: ['*'] },
      {
        Effect: 'Allow',
        Action: [
          'iotwireless:DisassociateAwsAccountFromPartnerAccount', 'iotwireless:GetPartnerAccount', 'iotwireless:ListTagsForResource',
          'iotwireless:TagResource', 'iotwireless:UntagResource', 'iotwireless:UpdatePartnerAccount',
        ],
        Resource: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iotwireless:us-east-1:123456789012:SidewalkAccount/${AMAZON_ID}`]] }],
      },
    ]);
  });

  test('partitions: aws-cn and aws-us-gov stacks fail at synth; an environment-agnostic stack scopes the ARN to any region', () => {
    for (const region of ['cn-north-1', 'us-gov-west-1']) {
      const s = new Stack(new App(), 'Iot', { env: { account: '123456789012', region } });
      expect(() => new SidewalkAccountAssociation(s, 'Sidewalk', { amazonId: AMAZON_ID, appServerPrivateKey: imported(s) }))
        .toThrow(new RegExp('^SidewalkAccountAssociation Iot/Sidewalk: Amazon Sidewalk \\(AWS IoT Wireless\\) is not served in partition \'aws-(cn|us-gov)\' ' +
          `\\(stack region '${region}'\\)\\. Partner accounts exist in us-east-1 of partition 'aws' only`));
    }
    const agnostic = new Stack(new App(), 'Agnostic');
    new SidewalkAccountAssociation(agnostic, 'Sidewalk', { amazonId: AMAZON_ID, appServerPrivateKey: imported(agnostic) });
    const iot = statements(agnostic).find((st) => actionsOf(st).includes('iotwireless:GetPartnerAccount'));
    expect(iot.Resource).toEqual([{
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iotwireless:*:', { Ref: 'AWS::AccountId' }, `:SidewalkAccount/${AMAZON_ID}`]],
    }]);
  });

  test.each([
    [{ appServerPrivateKeyField: 'bad field!' }, "Invalid appServerPrivateKeyField: 'bad field!'"],
    [{ appServerPrivateKeyVersionId: 'v2' }, "Invalid appServerPrivateKeyVersionId: 'v2'. Expected a Secrets Manager VersionId"],
    [{ amazonId: '' }, "Invalid amazonId: '' is 0 characters long"],
    [{ tags: { ['k'.repeat(129)]: 'v' } }, 'Invalid Sidewalk partner account tag key'],
  ])('validates %o at synth time', (override, message) => {
    const s = stack();
    expect(() => new SidewalkAccountAssociation(s, 'Sidewalk', { amazonId: AMAZON_ID, appServerPrivateKey: imported(s), ...override }))
      .toThrow(message);
  });

  test('attributes are the handler\'s Data keys; fromPartnerAccountId builds the us-east-1 ARN', () => {
    const s = stack();
    const sidewalk = new SidewalkAccountAssociation(s, 'Sidewalk', { amazonId: AMAZON_ID, appServerPrivateKey: imported(s) });
    const att = (v: string) => s.resolve(v)['Fn::GetAtt'][1];
    expect([sidewalk.partnerAccountId, sidewalk.partnerAccountArn, sidewalk.fingerprint].map(att))
      .toEqual(['PartnerAccountId', 'PartnerAccountArn', 'Fingerprint']);
    const existing = SidewalkAccountAssociation.fromPartnerAccountId(s, 'Existing', AMAZON_ID);
    expect(existing.partnerAccountId).toBe(AMAZON_ID);
    expect(s.resolve(existing.partnerAccountArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iotwireless:us-east-1:123456789012:SidewalkAccount/${AMAZON_ID}`]],
    });
  });
});

test('IAM: an imported customer key is granted on the handler role', () => {
  const s = stack();
  const key = kms.Key.fromKeyArn(s, 'Cmk', 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab');
  const secret = secretsmanager.Secret.fromSecretAttributes(s, 'Secret', { secretCompleteArn: SECRET_ARN, encryptionKey: key });
  new SidewalkAccountAssociation(s, 'Sidewalk', { amazonId: AMAZON_ID, appServerPrivateKey: secret });
  const decrypt = statements(s).find((st) => actionsOf(st).includes('kms:Decrypt'));
  expect(decrypt).toEqual({
    Effect: 'Allow',
    Action: 'kms:Decrypt',
    Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } },
    Resource: 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  });
});
