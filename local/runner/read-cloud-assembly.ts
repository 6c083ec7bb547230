import * as fs from 'fs';
import * as path from 'path';

/** The parts of a CloudFormation template the runner reads. */
export interface CfnTemplate {
  readonly Parameters?: Record<string, { Type?: string; Default?: unknown }>;
  readonly Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  readonly Conditions?: Record<string, unknown>;
  readonly Resources?: Record<string, CfnResource>;
  readonly Outputs?: Record<string, CfnOutput>;
}

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DependsOn?: string | string[];
  readonly Condition?: string;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly Metadata?: Record<string, unknown>;
}

export interface CfnOutput {
  readonly Value: unknown;
  readonly Export?: { readonly Name: unknown };
  readonly Condition?: string;
  readonly Description?: string;
}

/** One stack of a synthesized cloud assembly, with its environment made concrete. */
export interface AssemblyStack {
  /** The artifact id in manifest.json. */
  readonly artifactId: string;
  /** The CloudFormation stack name. */
  readonly stackName: string;
  /** `Stage/Stack` as the CDK CLI shows it. */
  readonly displayName: string;
  /** The stack's region; `us-east-1` for environment-agnostic stacks. */
  readonly region: string;
  /** The stack's account; a fixed dummy account for environment-agnostic stacks. */
  readonly account: string;
  readonly template: CfnTemplate;
  /** Artifact ids of the stacks this one depends on. */
  readonly dependencies: string[];
  /** Logical id to construct path, from template metadata and the manifest's metadata. */
  readonly constructPaths: Record<string, string>;
  /** The cloud assembly directory the stack was read from. */
  readonly directory?: string;
  /**
   * The stack's file assets: source hash (the `S3Key` of a function's code, less `.zip`) to the absolute
   * path of the staged directory or file, from the stack's asset manifest.
   */
  readonly assets?: Record<string, string>;
}

/** The account environment-agnostic stacks deploy to. */
export const DEFAULT_ACCOUNT = '123456789012';
/** The region environment-agnostic stacks deploy to. */
export const DEFAULT_REGION = 'us-east-1';

interface ManifestArtifact {
  readonly type: string;
  readonly environment?: string;
  readonly properties?: Record<string, any>;
  readonly dependencies?: string[];
  readonly metadata?: Record<string, Array<{ type: string; data?: unknown }>>;
  readonly additionalMetadataFile?: string;
  readonly displayName?: string;
}

/**
 * Read every stack of a cloud assembly (nested stage assemblies included), in an order where each stack
 * comes after the stacks it depends on.
 */
export function readCloudAssembly(directory: string): AssemblyStack[] {
  const stacks: AssemblyStack[] = [];
  collectStacks(path.resolve(directory), stacks);
  return orderByDependencies(stacks);
}

/**
 * The stacks to deploy when the caller names some: those stacks and everything they depend on, the way
 * `cdk deploy A` also deploys A's dependencies. Names match the stack name, artifact id or display name.
 */
export function selectStacks(all: AssemblyStack[], names?: string[]): AssemblyStack[] {
  if (!names || names.length === 0) return all;
  const byId = new Map(all.map((s) => [s.artifactId, s]));
  const wanted = new Set<string>();
  const visit = (stack: AssemblyStack) => {
    if (wanted.has(stack.artifactId)) return;
    wanted.add(stack.artifactId);
    for (const dep of stack.dependencies) {
      const upstream = byId.get(dep);
      if (upstream) visit(upstream);
    }
  };
  for (const name of names) {
    const match = all.find((s) => s.stackName === name || s.artifactId === name || s.displayName === name);
    if (!match) {
      throw new Error(`No stack named "${name}" in the cloud assembly; it has ${all.map((s) => s.stackName).join(', ') || 'no stacks'}.`);
    }
    visit(match);
  }
  return all.filter((s) => wanted.has(s.artifactId));
}

function collectStacks(directory: string, into: AssemblyStack[]): void {
  const manifestFile = path.join(directory, 'manifest.json');
  if (!fs.existsSync(manifestFile)) {
    throw new Error(`${directory} is not a cloud assembly: it has no manifest.json. Synthesize the app first (cdk synth, or app.synth()).`);
  }
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as { artifacts?: Record<string, ManifestArtifact> };
  const artifacts = manifest.artifacts ?? {};
  const stackIds = new Set(Object.entries(artifacts).filter(([, a]) => a.type === 'aws:cloudformation:stack').map(([id]) => id));
  for (const [artifactId, artifact] of Object.entries(artifacts)) {
    if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      collectStacks(path.join(directory, artifact.properties.directoryName), into);
      continue;
    }
    if (artifact.type !== 'aws:cloudformation:stack') continue;
    const props = artifact.properties ?? {};
    const template = JSON.parse(fs.readFileSync(path.join(directory, props.templateFile), 'utf8')) as CfnTemplate;
    const { account, region } = parseEnvironment(artifact.environment);
    into.push({
      artifactId,
      stackName: props.stackName ?? artifactId,
      displayName: artifact.displayName ?? artifactId,
      account,
      region,
      template,
      // Asset manifests are dependencies too; only stacks order a deployment.
      dependencies: (artifact.dependencies ?? []).filter((d) => stackIds.has(d)),
      constructPaths: constructPaths(directory, artifact, template),
      directory,
      assets: fileAssets(directory, artifacts, artifact.dependencies ?? []),
    });
  }
}

/**
 * The file assets of the asset manifests a stack depends on. A source path is relative to the assembly
 * directory, or absolute when asset staging is disabled (`aws:cdk:disable-asset-staging`).
 */
function fileAssets(directory: string, artifacts: Record<string, ManifestArtifact>, dependencies: string[]): Record<string, string> {
  const assets: Record<string, string> = {};
  for (const dep of dependencies) {
    const manifest = artifacts[dep];
    if (manifest?.type !== 'cdk:asset-manifest' || !manifest.properties?.file) continue;
    const file = path.join(directory, manifest.properties.file);
    if (!fs.existsSync(file)) continue;
    const files = (JSON.parse(fs.readFileSync(file, 'utf8')) as { files?: Record<string, { source?: { path?: string } }> }).files ?? {};
    for (const [hash, entry] of Object.entries(files)) {
      if (entry.source?.path) assets[hash] = path.resolve(directory, entry.source.path);
    }
  }
  return assets;
}

function parseEnvironment(environment: string | undefined): { account: string; region: string } {
  const match = /^aws:\/\/([^/]+)\/([^/]+)$/.exec(environment ?? '');
  const account = match && !match[1].startsWith('unknown-') ? match[1] : DEFAULT_ACCOUNT;
  const region = match && !match[2].startsWith('unknown-') ? match[2] : DEFAULT_REGION;
  return { account, region };
}

/**
 * Templates carry `aws:cdk:path` only when path metadata is on (the CDK CLI's default); the manifest's
 * logical-id metadata is there either way, inline or, in newer CDK versions, in a side file.
 */
function constructPaths(directory: string, artifact: ManifestArtifact, template: CfnTemplate): Record<string, string> {
  const paths: Record<string, string> = {};
  const metadata: Record<string, Array<{ type: string; data?: unknown }>> = { ...(artifact.metadata ?? {}) };
  if (artifact.additionalMetadataFile) {
    const file = path.join(directory, artifact.additionalMetadataFile);
    if (fs.existsSync(file)) Object.assign(metadata, JSON.parse(fs.readFileSync(file, 'utf8')));
  }
  for (const [constructPath, entries] of Object.entries(metadata)) {
    for (const entry of entries) {
      if (entry.type === 'aws:cdk:logicalId' && typeof entry.data === 'string') paths[entry.data] = constructPath;
    }
  }
  for (const [logicalId, resource] of Object.entries(template.Resources ?? {})) {
    const cdkPath = resource.Metadata?.['aws:cdk:path'];
    if (typeof cdkPath === 'string') paths[logicalId] = `/${cdkPath.replace(/^\//, '')}`;
  }
  return paths;
}

function orderByDependencies(stacks: AssemblyStack[]): AssemblyStack[] {
  const byId = new Map(stacks.map((s) => [s.artifactId, s]));
  const ordered: AssemblyStack[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (stack: AssemblyStack, trail: string[]) => {
    const seen = state.get(stack.artifactId);
    if (seen === 'done') return;
    if (seen === 'visiting') throw new Error(`The stacks depend on each other in a cycle: ${[...trail, stack.artifactId].join(' -> ')}.`);
    state.set(stack.artifactId, 'visiting');
    for (const dep of stack.dependencies) {
      const upstream = byId.get(dep);
      if (upstream) visit(upstream, [...trail, stack.artifactId]);
    }
    state.set(stack.artifactId, 'done');
    ordered.push(stack);
  };
  for (const stack of stacks) visit(stack, []);
  return ordered;
}
