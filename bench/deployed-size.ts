/**
 * What a template's IAM policies weigh once CloudFormation has resolved them: every pseudo parameter,
 * Ref and GetAtt replaced by a realistic value of realistic length, then measured as IAM counts (JSON
 * without whitespace).
 */
export const REALISTIC = {
  account: '123456789012',
  region: 'ap-southeast-2',
  partition: 'aws',
  urlSuffix: 'amazonaws.com',
  stackName: 'network-platform-hybrid-connectivity-prod',
};

type Json = any;

/** A physical id as CloudFormation makes one: `<stack>-<logical id, cut>-<12 random-looking chars>`, at most 64. */
function physicalName(logicalId: string): string {
  return `${REALISTIC.stackName}-${logicalId}`.slice(0, 51) + '-A1B2C3D4E5F6';
}

function arnFor(type: string | undefined, logicalId: string): string {
  const name = physicalName(logicalId);
  const { partition, region, account } = REALISTIC;
  switch (type) {
    case 'AWS::IAM::Role': return `arn:${partition}:iam::${account}:role/${name}`;
    case 'AWS::Lambda::Function': return `arn:${partition}:lambda:${region}:${account}:function:${name}`;
    case 'AWS::Logs::LogGroup': return `arn:${partition}:logs:${region}:${account}:log-group:${name}:*`;
    case 'AWS::StepFunctions::StateMachine': return `arn:${partition}:states:${region}:${account}:stateMachine:${name}`;
    default: return `arn:${partition}:cloudformation:${region}:${account}:resource/${name}`;
  }
}

/** Resolve the intrinsics CDK emits in policies to realistic deployed values. */
export function resolveRealistic(value: Json, resources: Record<string, { Type?: string }>): Json {
  const walk = (v: Json): Json => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const keys = Object.keys(v);
    if (keys.length === 1) {
      const [k] = keys;
      const arg = v[k];
      switch (k) {
        case 'Ref':
          switch (arg) {
            case 'AWS::AccountId': return REALISTIC.account;
            case 'AWS::Region': return REALISTIC.region;
            case 'AWS::Partition': return REALISTIC.partition;
            case 'AWS::URLSuffix': return REALISTIC.urlSuffix;
            case 'AWS::StackName': return REALISTIC.stackName;
            case 'AWS::StackId': return `arn:aws:cloudformation:${REALISTIC.region}:${REALISTIC.account}:stack/${REALISTIC.stackName}/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0`;
            default: {
              const type = resources[arg]?.Type;
              if (type === 'AWS::StepFunctions::StateMachine') return arnFor(type, arg);
              return physicalName(arg);
            }
          }
        case 'Fn::GetAtt': {
          const [logicalId, attr] = Array.isArray(arg) ? arg : String(arg).split('.');
          if (attr === 'Arn') return arnFor(resources[logicalId]?.Type, logicalId);
          return physicalName(`${logicalId}${attr}`);
        }
        case 'Fn::Join': {
          const [sep, parts] = arg;
          return (walk(parts) as Json[]).map(String).join(sep);
        }
        case 'Fn::Select': {
          const [index, list] = arg;
          return (walk(list) as Json[])[Number(walk(index))];
        }
        case 'Fn::Split': {
          const [sep, text] = arg;
          return String(walk(text)).split(sep);
        }
        case 'Fn::Sub': return String(Array.isArray(arg) ? arg[0] : arg).replace(/\$\{AWS::Region\}/g, REALISTIC.region)
          .replace(/\$\{AWS::AccountId\}/g, REALISTIC.account).replace(/\$\{AWS::Partition\}/g, REALISTIC.partition);
      }
    }
    return Object.fromEntries(keys.map((k) => [k, walk(v[k])]));
  };
  return walk(value);
}

/** IAM's length of a policy document: characters of its JSON, whitespace excluded. */
export function iamLength(document: Json): number {
  return JSON.stringify(document).replace(/\s+/g, '').length;
}

export interface PolicySizes {
  /** The largest single policy document. */
  readonly largestPolicy: number;
  readonly largestPolicyId: string;
  /** The largest total of inline policies on one role: IAM's 10,240-character limit applies to this sum. */
  readonly largestRoleInline: number;
  readonly largestRoleId: string;
  /** Every role's inline total, by logical id. */
  readonly roles: Record<string, number>;
}

/** Deployed sizes of every IAM policy in a template, and of every role's inline policies together. */
export function policySizes(template: Json): PolicySizes {
  const resources: Record<string, Json> = template.Resources ?? {};
  const roles: Record<string, number> = {};
  let largestPolicy = 0;
  let largestPolicyId = '';
  const addToRole = (roleRef: Json, n: number) => {
    const id = roleRef?.Ref ?? String(roleRef);
    roles[id] = (roles[id] ?? 0) + n;
  };
  for (const [id, r] of Object.entries(resources)) {
    if (r.Type === 'AWS::IAM::Policy') {
      const n = iamLength(resolveRealistic(r.Properties.PolicyDocument, resources));
      if (n > largestPolicy) { largestPolicy = n; largestPolicyId = id; }
      for (const role of r.Properties.Roles ?? []) addToRole(role, n);
    }
    if (r.Type === 'AWS::IAM::Role') {
      roles[id] = roles[id] ?? 0;
      for (const p of r.Properties?.Policies ?? []) {
        const n = iamLength(resolveRealistic(p.PolicyDocument, resources));
        if (n > largestPolicy) { largestPolicy = n; largestPolicyId = `${id}/${p.PolicyName}`; }
        roles[id] += n;
      }
    }
  }
  let largestRoleInline = 0;
  let largestRoleId = '';
  for (const [id, n] of Object.entries(roles)) if (n > largestRoleInline) { largestRoleInline = n; largestRoleId = id; }
  return { largestPolicy, largestPolicyId, largestRoleInline, largestRoleId, roles };
}
