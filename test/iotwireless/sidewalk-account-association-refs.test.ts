import { App, CfnParameter, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as iotwireless from 'aws-cdk-lib/aws-iotwireless';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { aws_iotwireless as iotwirelessRefs } from 'aws-cdk-lib/interfaces';
import { SidewalkAccountAssociation } from '../../src';

const TYPE = 'Custom::SidewalkAccountAssociation';
const AMAZON_ID = 'amzn1.account.AEXAMPLE0001';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:sidewalk/key-AbCdEf';
const PARTNER_ARN = `arn:aws:iotwireless:us-east-1:210987654321:SidewalkAccount/${AMAZON_ID}`;

function stack(): Stack {
  return new Stack(new App(), 'Iot', { env: { account: '123456789012', region: 'eu-west-1' } });
}

function association(s: Stack): SidewalkAccountAssociation {
  return new SidewalkAccountAssociation(s, 'Sidewalk', {
    amazonId: AMAZON_ID, appServerPrivateKey: secretsmanager.Secret.fromSecretCompleteArn(s, 'Key', SECRET_ARN),
  });
}

/** What a function that takes any partner account reference reads from it. */
function readRef(ref: iotwirelessRefs.IPartnerAccountRef): iotwirelessRefs.PartnerAccountReference {
  return ref.partnerAccountRef;
}

describe('SidewalkAccountAssociation as an IoT Wireless IPartnerAccountRef', () => {
  test('the association is a partner account reference: its id and ARN are the handler\'s attributes', () => {
    const s = stack();
    const sidewalk = association(s);
    const [logicalId] = Object.keys(Template.fromStack(s).findResources(TYPE));
    expect(s.resolve(readRef(sidewalk))).toEqual({
      partnerAccountId: { 'Fn::GetAtt': [logicalId, 'PartnerAccountId'] },
      partnerAccountArn: { 'Fn::GetAtt': [logicalId, 'PartnerAccountArn'] },
    });
    // The same shape the L1 gives, so code written for CfnPartnerAccount takes the association too.
    const l1 = new iotwireless.CfnPartnerAccount(s, 'L1', { partnerAccountId: AMAZON_ID, partnerType: 'Sidewalk' });
    expect(Object.keys(readRef(l1)).sort()).toEqual(Object.keys(readRef(sidewalk)).sort());
  });

  test('fromPartnerAccountArn: the Amazon ID from the ARN, the ARN\'s account and region, grants scoped to it', () => {
    const s = stack();
    const existing = SidewalkAccountAssociation.fromPartnerAccountArn(s, 'Existing', PARTNER_ARN);
    expect(existing.partnerAccountId).toBe(AMAZON_ID);
    expect(existing.partnerAccountRef).toEqual({ partnerAccountId: AMAZON_ID, partnerAccountArn: PARTNER_ARN });
    expect(existing.env).toEqual({ account: '210987654321', region: 'us-east-1' });
    const reader = new iam.Role(s, 'Reader', { assumedBy: new iam.AccountRootPrincipal() });
    existing.grantRead(reader);
    Template.fromStack(s).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Reader') }],
      PolicyDocument: { Statement: [{ Action: ['iotwireless:GetPartnerAccount', 'iotwireless:ListTagsForResource'], Effect: 'Allow', Resource: PARTNER_ARN }] },
    });
  });

  test('fromPartnerAccountArn with a token: CloudFormation cuts the Amazon ID', () => {
    const s = stack();
    const arn = new CfnParameter(s, 'PartnerAccountArn').valueAsString;
    const existing = SidewalkAccountAssociation.fromPartnerAccountArn(s, 'Existing', arn);
    expect(Token.isUnresolved(existing.partnerAccountId)).toBe(true);
    expect(s.resolve(existing.partnerAccountId)).toEqual({
      'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', { Ref: 'PartnerAccountArn' }] }] }] }],
    });
  });

  test.each([
    ['another service', 'arn:aws:iot:us-east-1:123456789012:thing/sensor', /Invalid Sidewalk partner account ARN: 'arn:aws:iot:us-east-1:123456789012:thing\/sensor' is an ARN of service 'iot'/],
    ['another IoT Wireless resource', 'arn:aws:iotwireless:us-east-1:123456789012:WirelessDevice/0123',
      /Invalid Sidewalk partner account ARN: 'arn:aws:iotwireless:us-east-1:123456789012:WirelessDevice\/0123' names resource 'WirelessDevice\/0123'. Expected an ARN of service 'iotwireless' whose resource is 'SidewalkAccount\/…'/],
    ['not an ARN', AMAZON_ID, `Invalid Sidewalk partner account ARN: '${AMAZON_ID}'.`],
  ])('fromPartnerAccountArn refuses %s, quoting it', (_name, arn, message) => {
    expect(() => SidewalkAccountAssociation.fromPartnerAccountArn(stack(), 'Bad', arn)).toThrow(message);
  });

  test('grant and grantRead on the association itself and on an import by id, in the Sidewalk region', () => {
    const s = stack();
    const sidewalk = association(s);
    const operator = new iam.Role(s, 'Operator', { assumedBy: new iam.AccountRootPrincipal() });
    sidewalk.grant(operator, 'iotwireless:UpdatePartnerAccount');
    const [logicalId] = Object.keys(Template.fromStack(s).findResources(TYPE));
    Template.fromStack(s).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Operator') }],
      PolicyDocument: { Statement: [{ Action: 'iotwireless:UpdatePartnerAccount', Effect: 'Allow', Resource: { 'Fn::GetAtt': [logicalId, 'PartnerAccountArn'] } }] },
    });
    const byId = SidewalkAccountAssociation.fromPartnerAccountId(s, 'ById', AMAZON_ID);
    expect(byId.env).toEqual({ account: '123456789012', region: 'us-east-1' });
  });
});
