import { App, Stack, aws_directconnect as dx } from 'aws-cdk-lib';
import { arnScope, literalArnService, resourceIdFromArn } from '../../src/core/arn-ids';

const LAG = { service: 'directconnect', resourcePrefix: ['dxcon', 'dxlag'], what: 'target' };

describe('resourceIdFromArn', () => {
  test('a literal ARN is cut at synth', () => {
    expect(resourceIdFromArn('arn:aws:directconnect:us-east-1:111122223333:dxlag/dxlag-ffrz71kw', LAG)).toBe('dxlag-ffrz71kw');
  });

  test('a later piece of the resource part, for ARNs with a parent id', () => {
    expect(resourceIdFromArn('arn:aws:networkmanager::111122223333:device/global-network-01234567890abcdef/device-07f6fd08867abc123',
      { service: 'networkmanager', resourcePrefix: 'device', idIndex: 2 })).toBe('device-07f6fd08867abc123');
  });

  test('a literal ARN of another service is refused, quoting it', () => {
    expect(() => resourceIdFromArn('arn:aws:interconnect:us-east-1:111122223333:connection/mcc-abcd1234', LAG))
      .toThrow("Invalid target: 'arn:aws:interconnect:us-east-1:111122223333:connection/mcc-abcd1234' is an ARN of service 'interconnect'. " +
        "Expected an ARN of service 'directconnect' whose resource is 'dxcon/…' or 'dxlag/…'");
  });

  test('a literal ARN of another resource type is refused', () => {
    expect(() => resourceIdFromArn('arn:aws:directconnect:us-east-1:111122223333:dxvif/dxvif-ffrz71kw', LAG))
      .toThrow(/names resource 'dxvif\/dxvif-ffrz71kw'/);
  });

  test('text that is no ARN is refused', () => {
    expect(() => resourceIdFromArn('dxlag-ffrz71kw', LAG)).toThrow("Invalid target: 'dxlag-ffrz71kw'. Expected an ARN");
    expect(() => resourceIdFromArn('arn:aws:directconnect', LAG)).toThrow("Invalid target: 'arn:aws:directconnect'.");
  });

  test('a token ARN (Ref of a CfnLag) is cut by CloudFormation, with no colon left in the id', () => {
    const stack = new Stack(new App(), 'S');
    const lag = new dx.CfnLag(stack, 'Lag', { connectionsBandwidth: '10Gbps', lagName: 'l', location: 'EqDC2' });
    const id = resourceIdFromArn(lag.ref, LAG);
    expect(stack.resolve(id)).toEqual({
      'Fn::Select': [1, { 'Fn::Split': ['/', { 'Fn::Select': [5, { 'Fn::Split': [':', { Ref: 'Lag' }] }] }] }],
    });
  });

  test('an environment-agnostic formatArn is checked and cut at synth, its tokens being elsewhere', () => {
    const stack = new Stack(new App(), 'S');
    const arn = stack.formatArn({ service: 'directconnect', resource: 'dxlag', resourceName: 'dxlag-ffrz71kw' });
    expect(resourceIdFromArn(arn, LAG)).toBe('dxlag-ffrz71kw');
    const wrong = stack.formatArn({ service: 'ec2', resource: 'dxlag', resourceName: 'dxlag-ffrz71kw' });
    expect(() => resourceIdFromArn(wrong, LAG)).toThrow(/is an ARN of service 'ec2'/);
  });
});

describe('arnScope and literalArnService', () => {
  test('a literal ARN gives its own account and region', () => {
    expect(arnScope('arn:aws-cn:directconnect:cn-north-1:444455556666:dxlag/dxlag-ffrz71kw'))
      .toEqual({ partition: 'aws-cn', region: 'cn-north-1', account: '444455556666' });
    expect(literalArnService('arn:aws:directconnect:us-east-1:111122223333:dxlag/dxlag-ffrz71kw')).toBe('directconnect');
  });

  test('a token ARN gives tokens for CloudFormation, and no service at synth', () => {
    const stack = new Stack(new App(), 'S');
    const lag = new dx.CfnLag(stack, 'Lag', { connectionsBandwidth: '10Gbps', lagName: 'l', location: 'EqDC2' });
    expect(stack.resolve(arnScope(lag.ref).account)).toEqual({ 'Fn::Select': [4, { 'Fn::Split': [':', { Ref: 'Lag' }] }] });
    expect(literalArnService(lag.ref)).toBeUndefined();
  });
});
