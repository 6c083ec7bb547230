import { IntrinsicResolver, ResolverContext } from '../../../local/runner/intrinsic-resolver';
import type { CfnTemplate } from '../../../local/runner/read-cloud-assembly';

const template: CfnTemplate = {
  Parameters: {
    Size: { Type: 'String', Default: 'small' },
    Zones: { Type: 'CommaDelimitedList', Default: 'a,b' },
    Required: { Type: 'String' },
  },
  Mappings: { Regions: { 'us-east-1': { Name: 'virginia' } } },
  Conditions: {
    IsSmall: { 'Fn::Equals': [{ Ref: 'Size' }, 'small'] },
    IsLarge: { 'Fn::Not': [{ Condition: 'IsSmall' }] },
    Both: { 'Fn::And': [{ Condition: 'IsSmall' }, { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] }] },
    Either: { 'Fn::Or': [{ Condition: 'IsLarge' }, { 'Fn::Equals': ['x', 'x'] }] },
  },
  Resources: {
    Conn: { Type: 'Custom::Thing' },
    Role: { Type: 'AWS::IAM::Role' },
    Later: { Type: 'Custom::Thing' },
  },
};

function resolver(overrides: Partial<ResolverContext> = {}) {
  return new IntrinsicResolver({
    template,
    region: 'us-east-1',
    account: '123456789012',
    stackName: 'Net',
    stackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Net/1234',
    resource: (id) => {
      if (id === 'Conn') {
        return {
          physicalId: 'mcc-abcd1234',
          attribute: (name: string) => {
            const data: Record<string, string> = { activationKey: 'KEY', sharedId: 'shared-1', list: 'x|y|z' };
            if (!(name in data)) throw new Error(`no attribute ${name}`);
            return data[name];
          },
        };
      }
      if (id === 'Role') return { physicalId: 'Role-sim', attribute: (name: string) => `Role-sim.${name}` };
      return undefined;
    },
    importValue: (name) => (name === 'Net:ExportsOutputKey' ? 'imported-key' : undefined),
    ...overrides,
  });
}

describe('IntrinsicResolver', () => {
  test('Ref resolves pseudo parameters', () => {
    const r = resolver();
    expect(r.resolve({
      region: { Ref: 'AWS::Region' },
      account: { Ref: 'AWS::AccountId' },
      partition: { Ref: 'AWS::Partition' },
      stackName: { Ref: 'AWS::StackName' },
      stackId: { Ref: 'AWS::StackId' },
      suffix: { Ref: 'AWS::URLSuffix' },
    })).toEqual({
      region: 'us-east-1',
      account: '123456789012',
      partition: 'aws',
      stackName: 'Net',
      stackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/Net/1234',
      suffix: 'amazonaws.com',
    });
  });

  test('Ref AWS::NoValue removes the property and the list element', () => {
    expect(resolver().resolve({ a: 1, b: { Ref: 'AWS::NoValue' }, c: ['x', { Ref: 'AWS::NoValue' }, 'y'] }))
      .toEqual({ a: 1, c: ['x', 'y'] });
  });

  test('Ref resolves resources to physical ids and parameters to their defaults or given values', () => {
    expect(resolver().resolve([{ Ref: 'Conn' }, { Ref: 'Size' }, { Ref: 'Zones' }])).toEqual(['mcc-abcd1234', 'small', ['a', 'b']]);
    expect(resolver({ parameters: { Size: 'large' } }).resolve({ Ref: 'Size' })).toBe('large');
  });

  test('Ref fails clearly on unknown names, parameters without value, and resources not deployed', () => {
    expect(() => resolver().resolve({ Ref: 'Nope' })).toThrow(/Ref Nope: no resource, parameter or pseudo parameter/);
    expect(() => resolver().resolve({ Ref: 'Required' })).toThrow(/Parameter Required has no value/);
    expect(() => resolver().resolve({ Ref: 'Later' })).toThrow(/resource Later has not been deployed/);
  });

  test('Fn::GetAtt reads attributes in both forms and fails clearly when one is missing', () => {
    expect(resolver().resolve({ 'Fn::GetAtt': ['Conn', 'activationKey'] })).toBe('KEY');
    expect(resolver().resolve({ 'Fn::GetAtt': 'Conn.sharedId' })).toBe('shared-1');
    expect(resolver().resolve({ 'Fn::GetAtt': ['Role', 'Arn'] })).toBe('Role-sim.Arn');
    expect(() => resolver().resolve({ 'Fn::GetAtt': ['Conn', 'missing'] })).toThrow(/no attribute missing/);
    expect(() => resolver().resolve({ 'Fn::GetAtt': ['Ghost', 'Arn'] })).toThrow(/the template has no resource Ghost/);
  });

  test('Fn::Join joins resolved values, including a list produced by another function', () => {
    expect(resolver().resolve({ 'Fn::Join': [':', ['arn', { Ref: 'AWS::Partition' }, { Ref: 'Conn' }]] })).toBe('arn:aws:mcc-abcd1234');
    expect(resolver().resolve({ 'Fn::Join': ['-', { 'Fn::Split': ['|', { 'Fn::GetAtt': ['Conn', 'list'] }] }] })).toBe('x-y-z');
    expect(() => resolver().resolve({ 'Fn::Join': [',', 'notalist'] })).toThrow(/Fn::Join needs a list/);
  });

  test('Fn::Sub in string form resolves pseudo parameters, Refs and attributes and keeps ${!literals}', () => {
    expect(resolver().resolve({ 'Fn::Sub': 'arn:${AWS::Partition}:x:${AWS::Region}:${Conn}/${Conn.sharedId} ${!Literal}' }))
      .toBe('arn:aws:x:us-east-1:mcc-abcd1234/shared-1 ${Literal}');
  });

  test('Fn::Sub in list form prefers its own variables, which may be intrinsics', () => {
    expect(resolver().resolve({ 'Fn::Sub': ['${Conn}-${Name}-${AWS::AccountId}', { Name: { 'Fn::GetAtt': ['Conn', 'activationKey'] }, Conn: 'mine' }] }))
      .toBe('mine-KEY-123456789012');
  });

  test('Fn::Select and Fn::Split', () => {
    expect(resolver().resolve({ 'Fn::Select': [1, { 'Fn::Split': ['|', 'a|b|c'] }] })).toBe('b');
    expect(resolver().resolve({ 'Fn::Select': ['0', ['only']] })).toBe('only');
    expect(() => resolver().resolve({ 'Fn::Select': [5, ['a']] })).toThrow(/out of range/);
  });

  test('Fn::If and Conditions evaluate Equals, Not, And, Or and Condition', () => {
    const r = resolver();
    expect(r.resolve({ 'Fn::If': ['IsSmall', 'yes', 'no'] })).toBe('yes');
    expect(r.resolve({ 'Fn::If': ['IsLarge', 'yes', 'no'] })).toBe('no');
    expect(r.condition('Both')).toBe(true);
    expect(r.condition('Either')).toBe(true);
    expect(resolver({ parameters: { Size: 'large' } }).condition('Both')).toBe(false);
    expect(r.resolve({ a: { 'Fn::If': ['IsLarge', 'x', { Ref: 'AWS::NoValue' }] } })).toEqual({});
    expect(() => r.condition('Undefined')).toThrow(/Condition Undefined is not defined/);
  });

  test('Fn::ImportValue reads another stack\'s export and remembers it', () => {
    const r = resolver();
    expect(r.resolve({ 'Fn::ImportValue': { 'Fn::Sub': '${AWS::StackName}:ExportsOutputKey' } })).toBe('imported-key');
    expect([...r.imports]).toEqual(['Net:ExportsOutputKey']);
    expect(() => r.resolve({ 'Fn::ImportValue': 'Other:Missing' })).toThrow(/no deployed stack in account 123456789012, region us-east-1 exports that name/);
    expect([...r.imports]).toEqual(['Net:ExportsOutputKey']);
  });

  test('Fn::ImportValue that the context cannot see (another account or region) says where it looked and that exports do not cross', () => {
    const r = resolver({ region: 'eu-west-1', account: '111122223333', importValue: () => undefined });
    expect(() => r.resolve({ 'Fn::ImportValue': 'Net:ExportsOutputKey' }))
      .toThrow('Fn::ImportValue Net:ExportsOutputKey: no deployed stack in account 111122223333, region eu-west-1 exports that name. ' +
        'Deploy the exporting stack first, in the same account and region (exports are not visible across them).');
    expect(r.imports.size).toBe(0);
  });

  test('Fn::Base64, Fn::FindInMap and Fn::GetAZs', () => {
    expect(resolver().resolve({ 'Fn::Base64': { 'Fn::Sub': '${AWS::Region}' } })).toBe(Buffer.from('us-east-1').toString('base64'));
    expect(resolver().resolve({ 'Fn::FindInMap': ['Regions', { Ref: 'AWS::Region' }, 'Name'] })).toBe('virginia');
    expect(resolver().resolve({ 'Fn::Select': [0, { 'Fn::GetAZs': '' }] })).toBe('us-east-1a');
  });

  test('an unsupported function is reported by name', () => {
    expect(() => resolver().resolve({ 'Fn::Cidr': ['10.0.0.0/16', 2, 8] })).toThrow(/does not support Fn::Cidr/);
  });
});
