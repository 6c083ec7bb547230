import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { HybridConnectivityProvider, PROVIDER_ID } from '../../../src/provider/hybrid-connectivity-provider';

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

interface SynthesizedProvider {
  readonly resources: Record<string, any>;
  readonly assets: Record<string, unknown>;
  readonly frameworkOnEvent: string;
}

let synthesized: SynthesizedProvider | undefined;

/**
 * The library's provider as the CDK synthesizes it (its functions, the framework's functions and the
 * waiter state machine, with asset staging disabled so the asset manifest names the framework runtime in
 * node_modules and the handler bundle in assets/ by absolute path), synthesized once per test file.
 */
function provider(): SynthesizedProvider {
  if (synthesized) return synthesized;
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-provider-'));
  try {
    const app = new App({ outdir, context: { 'aws:cdk:disable-asset-staging': true } });
    HybridConnectivityProvider.of(new Stack(app, 'ProviderFixture'));
    const assembly = app.synth();
    const template = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'ProviderFixture.template.json'), 'utf8'));
    const assets = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'ProviderFixture.assets.json'), 'utf8')).files;
    const resources = template.Resources as Record<string, any>;
    const frameworkOnEvent = Object.entries(resources)
      .find(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties?.Handler === 'framework.onEvent')![0];
    synthesized = { resources, assets, frameworkOnEvent };
    return synthesized;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The logical id of the Provider framework's onEvent function in fixture stacks. */
export function frameworkOnEventId(): string {
  return provider().frameworkOnEvent;
}

/** The resources the library's provider brings, exactly as synthesized. */
export function providerResources(): Record<string, unknown> {
  return JSON.parse(JSON.stringify(provider().resources));
}

/** A custom resource served by the library's provider. */
export function custom(type: string, properties: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    Type: `Custom::${type}`,
    Properties: { ServiceToken: { 'Fn::GetAtt': [frameworkOnEventId(), 'Arn'] }, ...properties },
    UpdateReplacePolicy: 'Delete',
    DeletionPolicy: 'Delete',
    ...extra,
  };
}

/** Write a manifest.json, one template and one asset manifest per stack, with the construct paths the CDK would record. */
export function writeAssembly(stacks: FixtureStack[], directory?: string): string {
  const dir = directory ?? fs.mkdtempSync(path.join(os.tmpdir(), 'runner-assembly-'));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const ours = new Set(Object.keys(provider().resources));
  const artifacts: Record<string, unknown> = {};
  for (const stack of stacks) {
    const template: Record<string, unknown> = { Resources: stack.resources };
    if (stack.outputs) template.Outputs = stack.outputs;
    if (stack.conditions) template.Conditions = stack.conditions;
    if (stack.parameters) template.Parameters = stack.parameters;
    fs.writeFileSync(path.join(dir, `${stack.name}.template.json`), JSON.stringify(template, undefined, 1));
    fs.writeFileSync(path.join(dir, `${stack.name}.assets.json`), JSON.stringify({ version: '48.0.0', files: provider().assets }, undefined, 1));
    const metadata: Record<string, unknown> = {};
    for (const logicalId of Object.keys(stack.resources)) {
      const constructPath = ours.has(logicalId) ? `/${stack.name}/${PROVIDER_ID}/${logicalId}/Resource` : `/${stack.name}/${logicalId}/Resource`;
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
