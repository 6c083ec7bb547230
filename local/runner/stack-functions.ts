import { IntrinsicResolver } from './intrinsic-resolver';
import type { AssemblyStack } from './read-cloud-assembly';
import type { StackRecord } from './runner-state';
import { simulatedAttribute } from './simulated-attribute';

/** One `AWS::Lambda::Function` of a stack, as its resolved template properties configure it. */
export interface LambdaFunctionConfig {
  readonly logicalId: string;
  /** The function's name: the runner's physical id for it. */
  readonly name: string;
  readonly arn: string;
  /** `<file>.<export>`. */
  readonly handler: string;
  /** Lambda's default is 3 seconds. */
  readonly timeoutSeconds: number;
  /** Lambda's default is 128 MB. */
  readonly memorySize: number;
  readonly environment: Record<string, string>;
  /** The staged code directory, found through `Code.S3Key` in the stack's asset manifest. */
  readonly codeDirectory?: string;
  readonly logFormat?: string;
  readonly applicationLogLevel?: string;
}

/** The Lambda functions and state machines of one stack in one region and account. */
export interface StackFunctions {
  /** `<stack>@<account>/<region>`: one set of execution environments per key. */
  readonly key: string;
  readonly stackName: string;
  readonly region: string;
  readonly account: string;
  /** By ARN. */
  readonly functions: Map<string, LambdaFunctionConfig>;
  /** Definitions by ARN and by the state machine's Ref. */
  readonly stateMachines: Map<string, { readonly logicalId: string; readonly definition: string }>;
}

interface ResolvedResource {
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId: string;
  readonly properties: Record<string, unknown>;
}

/**
 * The functions of a stack from its template: the runner does not deploy Lambda functions or state
 * machines (it simulates them), so their properties resolve against simulated ids, as the runner
 * resolves every other reference to them.
 */
export function functionsOfAssemblyStack(stack: AssemblyStack, stackId: string): StackFunctions {
  const template = stack.template;
  const resolver = new IntrinsicResolver({
    template,
    region: stack.region,
    account: stack.account,
    stackName: stack.stackName,
    stackId,
    resource: (logicalId) => {
      const def = template.Resources?.[logicalId];
      if (!def || def.Type.startsWith('Custom::') || def.Type === 'AWS::CloudFormation::CustomResource') return undefined;
      const physicalId = `${logicalId}-sim`;
      return { physicalId, attribute: (name) => simulatedAttribute(def.Type, physicalId, name, stack) };
    },
    importValue: () => undefined,
  });
  const resources: ResolvedResource[] = [];
  for (const [logicalId, def] of Object.entries(template.Resources ?? {})) {
    if (def.Type !== 'AWS::Lambda::Function' && def.Type !== 'AWS::StepFunctions::StateMachine') continue;
    let properties: Record<string, unknown>;
    try {
      properties = (resolver.resolve(def.Properties ?? {}) ?? {}) as Record<string, unknown>;
    } catch {
      // A function whose properties read something not deployed yet is not one the framework reaches.
      continue;
    }
    resources.push({ logicalId, type: def.Type, physicalId: `${logicalId}-sim`, properties });
  }
  return collect(stack.stackName, stack.region, stack.account, resources, stack.assets ?? {});
}

/** The functions of a deployed stack from the runner's state (their resolved properties), without code directories. */
export function functionsOfStackRecord(record: StackRecord): StackFunctions {
  const resources = Object.values(record.resources)
    .filter((r) => r.type === 'AWS::Lambda::Function' || r.type === 'AWS::StepFunctions::StateMachine')
    .map((r) => ({ logicalId: r.logicalId, type: r.type, physicalId: r.physicalId, properties: r.properties }));
  return collect(record.stackName, record.region, record.account, resources, {});
}

function collect(stackName: string, region: string, account: string, resources: ResolvedResource[],
  assets: Record<string, string>): StackFunctions {
  const env = { region, account };
  const functions = new Map<string, LambdaFunctionConfig>();
  const stateMachines = new Map<string, { logicalId: string; definition: string }>();
  for (const r of resources) {
    const p = r.properties as Record<string, any>;
    if (r.type === 'AWS::StepFunctions::StateMachine') {
      const definition = typeof p.DefinitionString === 'string' ? p.DefinitionString
        : p.Definition !== undefined ? JSON.stringify(p.Definition) : undefined;
      if (definition === undefined) continue;
      const entry = { logicalId: r.logicalId, definition };
      stateMachines.set(r.physicalId, entry);
      stateMachines.set(simulatedAttribute(r.type, r.physicalId, 'Arn', env), entry);
      continue;
    }
    const arn = simulatedAttribute(r.type, r.physicalId, 'Arn', env);
    const s3Key = typeof p.Code?.S3Key === 'string' ? p.Code.S3Key : undefined;
    const hash = s3Key?.replace(/\.zip$/, '');
    const variables = (p.Environment?.Variables ?? {}) as Record<string, unknown>;
    functions.set(arn, {
      logicalId: r.logicalId,
      name: r.physicalId,
      arn,
      handler: String(p.Handler ?? 'index.handler'),
      timeoutSeconds: Number(p.Timeout ?? 3),
      memorySize: Number(p.MemorySize ?? 128),
      environment: Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, String(v)])),
      codeDirectory: hash ? assets[hash] : undefined,
      logFormat: p.LoggingConfig?.LogFormat,
      applicationLogLevel: p.LoggingConfig?.ApplicationLogLevel,
    });
  }
  return { key: `${stackName}@${account}/${region}`, stackName, region, account, functions, stateMachines };
}
