import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** One stack of a hand-written cloud assembly. */
export interface FixtureStack {
  readonly name: string;
  readonly resources: Record<string, unknown>;
  readonly outputs?: Record<string, unknown>;
  readonly conditions?: Record<string, unknown>;
  readonly parameters?: Record<string, unknown>;
  readonly dependencies?: string[];
  /** `aws://account/region`; environment-agnostic when absent. */
  readonly environment?: string;
}

/** The logical id of the Provider framework's onEvent function in fixture stacks. */
export const FRAMEWORK_ON_EVENT = 'CdkHybridConnectivityProviderProviderframeworkonEvent1A2B3C4D';

/** The resources the library's provider brings, reduced to what the runner must simulate. */
export function providerResources(): Record<string, unknown> {
  return {
    CdkHybridConnectivityProviderHandlerRole12345678: {
      Type: 'AWS::IAM::Role',
      Properties: { AssumeRolePolicyDocument: {} },
    },
    [FRAMEWORK_ON_EVENT]: {
      Type: 'AWS::Lambda::Function',
      Properties: { Role: { 'Fn::GetAtt': ['CdkHybridConnectivityProviderHandlerRole12345678', 'Arn'] } },
      DependsOn: ['CdkHybridConnectivityProviderHandlerRole12345678'],
    },
  };
}

/** A custom resource served by the library's provider. */
export function custom(type: string, properties: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    Type: `Custom::${type}`,
    Properties: { ServiceToken: { 'Fn::GetAtt': [FRAMEWORK_ON_EVENT, 'Arn'] }, ...properties },
    UpdateReplacePolicy: 'Delete',
    DeletionPolicy: 'Delete',
    ...extra,
  };
}

/** Write a manifest.json and one template per stack, with the construct paths the CDK would record. */
export function writeAssembly(stacks: FixtureStack[], directory?: string): string {
  const dir = directory ?? fs.mkdtempSync(path.join(os.tmpdir(), 'runner-assembly-'));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const artifacts: Record<string, unknown> = {};
  for (const stack of stacks) {
    const template: Record<string, unknown> = { Resources: stack.resources };
    if (stack.outputs) template.Outputs = stack.outputs;
    if (stack.conditions) template.Conditions = stack.conditions;
    if (stack.parameters) template.Parameters = stack.parameters;
    fs.writeFileSync(path.join(dir, `${stack.name}.template.json`), JSON.stringify(template, undefined, 1));
    const metadata: Record<string, unknown> = {};
    for (const logicalId of Object.keys(stack.resources)) {
      const constructPath = logicalId === FRAMEWORK_ON_EVENT
        ? `/${stack.name}/CdkHybridConnectivityProvider/Provider/framework-onEvent/Resource`
        : `/${stack.name}/${logicalId}/Resource`;
      metadata[constructPath] = [{ type: 'aws:cdk:logicalId', data: logicalId }];
    }
    artifacts[stack.name] = {
      type: 'aws:cloudformation:stack',
      environment: stack.environment ?? 'aws://unknown-account/unknown-region',
      properties: { templateFile: `${stack.name}.template.json` },
      dependencies: [...(stack.dependencies ?? []), `${stack.name}.assets`],
      metadata,
      displayName: stack.name,
    };
    artifacts[`${stack.name}.assets`] = { type: 'cdk:asset-manifest', properties: { file: `${stack.name}.assets.json` } };
  }
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '48.0.0', artifacts }, undefined, 1));
  return dir;
}
