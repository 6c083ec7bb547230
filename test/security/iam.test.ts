import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { allConstructsStack } from './all-constructs';
import { PROVIDER_ID } from '../../src/provider/hybrid-connectivity-provider';

/**
 * IAM audit: every policy the library synthesizes for a stack that uses every construct. No wildcard
 * action anywhere; a `*` resource only for the actions IAM cannot scope (each listed here, with why); and
 * the Provider framework's own functions allowed to invoke the library's two functions and start its own
 * waiter, nothing else.
 */

/** Actions that IAM authorizes only against `*`, reviewed one by one. */
const STAR_RESOURCE_ALLOWED: Record<string, string> = {
  'directconnect:DescribeInterconnects': 'Called without an id, to find which interconnect a hosted connection is on; ' +
    'a Describe call without an id is authorized against "*" only.',
  'directconnect:DescribeLags': 'Called without an id, to find which LAG a hosted connection is on; ' +
    'a Describe call without an id is authorized against "*" only.',
  'iotwireless:AssociateAwsAccountWithPartnerAccount': 'Has no resource type in IAM: the partner account it creates does not exist yet.',
};

/**
 * What the waiter state machine is granted to deliver its logs to its log group: the statement aws-cdk-lib's
 * StateMachine writes, on "*", as Step Functions' logging documentation has it.
 */
const LOG_DELIVERY_ACTIONS = ['logs:CreateLogDelivery', 'logs:CreateLogStream', 'logs:DeleteLogDelivery', 'logs:DescribeLogGroups',
  'logs:DescribeResourcePolicies', 'logs:GetLogDelivery', 'logs:ListLogDeliveries', 'logs:PutLogEvents', 'logs:PutResourcePolicy',
  'logs:UpdateLogDelivery'];

const HANDLER_ROLE = /^CdkHybridConnectivityProvider(OnEvent|IsComplete)Role[0-9A-F]{8}$/;

interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function template() {
  const app = new App({ context: { 'aws:cdk:disable-asset-staging': true } });
  return Template.fromStack(allConstructsStack(app, undefined, { withKmsKey: true })).toJSON();
}

/** Every statement of every identity policy, with the role it is attached to. */
function statements(t: any): Array<{ policy: string; roles: string[]; statement: Statement }> {
  const out: Array<{ policy: string; roles: string[]; statement: Statement }> = [];
  for (const [id, r] of Object.entries<any>(t.Resources)) {
    if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') {
      const roles = list<any>(r.Properties.Roles).map((ref) => ref.Ref);
      for (const s of r.Properties.PolicyDocument.Statement) out.push({ policy: id, roles, statement: s });
    }
    if (r.Type === 'AWS::IAM::Role') {
      for (const p of list<any>(r.Properties.Policies)) {
        for (const s of p.PolicyDocument.Statement) out.push({ policy: `${id}/${p.PolicyName}`, roles: [id], statement: s });
      }
    }
  }
  return out;
}

test('the stack has the library\'s roles and nothing else grants anything', () => {
  const t = template();
  const roles = Object.entries<any>(t.Resources).filter(([, r]) => r.Type === 'AWS::IAM::Role').map(([id]) => id);
  // One role per handler, three for the framework's functions, one for its waiter.
  expect(roles).toHaveLength(6);
  expect(roles.filter((id) => HANDLER_ROLE.test(id))).toHaveLength(2);
  expect(roles.every((id) => id.startsWith(PROVIDER_ID))).toBe(true);
  expect(statements(t).length).toBeGreaterThan(15);
});

test('no wildcard action in any policy', () => {
  for (const { policy, statement } of statements(template())) {
    for (const action of list(statement.Action)) {
      if (action.includes('*') || action.includes('?')) throw new Error(`${policy} allows the wildcard action ${action}`);
    }
    expect(statement.Effect).toBe('Allow');
  }
});

test('a "*" resource only for actions IAM cannot scope, each with its reason', () => {
  const unscoped = new Set<string>();
  for (const { policy, statement } of statements(template())) {
    if (!list(statement.Resource).includes('*')) continue;
    if (policy.includes('waiterstatemachine')) {
      expect(list(statement.Action).sort()).toEqual(LOG_DELIVERY_ACTIONS);
      continue;
    }
    for (const action of list(statement.Action)) {
      if (!(action in STAR_RESOURCE_ALLOWED)) {
        throw new Error(`${policy} allows ${action} on "*", but ${action.split(':')[0]} supports resource-level permissions for it`);
      }
      unscoped.add(action);
    }
  }
  // The allow-list holds exactly what the library needs: an entry nobody uses would hide a regression.
  expect([...unscoped].sort()).toEqual(Object.keys(STAR_RESOURCE_ALLOWED).sort());
  for (const reason of Object.values(STAR_RESOURCE_ALLOWED)) expect(reason.length).toBeGreaterThan(40);
});

test('the Provider framework\'s functions may invoke the library\'s two functions and start its waiter, nothing more', () => {
  const t = template();
  const handlerRoles = Object.keys(t.Resources).filter((id) => HANDLER_ROLE.test(id));
  const userFunctions = Object.entries<any>(t.Resources)
    .filter(([, r]) => r.Type === 'AWS::Lambda::Function' && handlerRoles.includes(r.Properties.Role?.['Fn::GetAtt']?.[0])).map(([id]) => id);
  expect(userFunctions).toHaveLength(2);
  const waiter = Object.entries<any>(t.Resources).find(([, r]) => r.Type === 'AWS::StepFunctions::StateMachine')![0];
  const allowedResource = (resource: unknown): boolean => {
    const text = JSON.stringify(resource);
    return userFunctions.some((f) => text === JSON.stringify({ 'Fn::GetAtt': [f, 'Arn'] })
      || text === JSON.stringify({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [f, 'Arn'] }, ':*']] }))
      || text === JSON.stringify({ Ref: waiter })
      || /"Fn::GetAtt":\["CdkHybridConnectivityProviderframework(isComplete|onTimeout)[0-9A-F]{8}","Arn"\]/.test(text);
  };
  let frameworkStatements = 0;
  for (const { policy, roles, statement } of statements(t)) {
    if (roles.some((r) => handlerRoles.includes(r))) continue;
    // The waiter's log delivery, checked above.
    if (list(statement.Resource).includes('*') && policy.includes('waiterstatemachine')) continue;
    frameworkStatements++;
    for (const action of list(statement.Action)) {
      expect(['lambda:InvokeFunction', 'lambda:GetFunction', 'states:StartExecution']).toContain(action);
    }
    for (const resource of list(statement.Resource)) {
      if (!allowedResource(resource)) throw new Error(`${policy} (a framework role) allows ${JSON.stringify(statement.Action)} on ${JSON.stringify(resource)}`);
    }
  }
  expect(frameworkStatements).toBeGreaterThan(5);
  // The framework's roles carry only the basic Lambda logging policy besides; the handlers' role none.
  for (const [id, r] of Object.entries<any>(t.Resources)) {
    if (r.Type !== 'AWS::IAM::Role') continue;
    const managed = list<any>(r.Properties.ManagedPolicyArns).map((a) => JSON.stringify(a));
    if (handlerRoles.includes(id)) expect(managed).toEqual([]);
    else for (const arn of managed) expect(arn).toContain('service-role/AWSLambdaBasicExecutionRole');
  }
});

test('the handlers\' roles hold no framework permission, and no service action outside the library\'s services', () => {
  const t = template();
  const handlerRoles = Object.keys(t.Resources).filter((id) => HANDLER_ROLE.test(id));
  const services = new Set<string>();
  for (const { roles, statement } of statements(t)) {
    if (!roles.some((r) => handlerRoles.includes(r))) continue;
    for (const action of list(statement.Action)) services.add(action.split(':')[0]);
  }
  expect([...services].sort()).toEqual(['directconnect', 'interconnect', 'iotwireless', 'kms', 'logs', 'networkmanager', 'secretsmanager']);
});

test('the isComplete role holds reads, and only the writes its paths make', () => {
  const t = template();
  const isCompleteRole = Object.keys(t.Resources).find((id) => /^CdkHybridConnectivityProviderIsCompleteRole[0-9A-F]{8}$/.test(id))!;
  const actions = new Set<string>();
  for (const { roles, statement } of statements(t)) if (roles.includes(isCompleteRole)) list(statement.Action).forEach((a) => actions.add(a));
  const writes = [...actions].filter((a) => !/^[a-z-]+:(Describe|Get|List)[A-Za-z]*$/.test(a)).sort();
  // The move record's removal, its own log lines. (This stack writes no activation key into a secret.)
  expect(writes).toEqual(['directconnect:UntagResource', 'logs:CreateLogStream', 'logs:PutLogEvents']);
  expect([...actions].filter((a) => a.startsWith('secretsmanager:') || a.startsWith('kms:'))).toEqual([]);
  expect(actions.size).toBeGreaterThan(8);
});
