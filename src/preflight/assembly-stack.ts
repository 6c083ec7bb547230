import * as fs from 'fs';
import * as path from 'path';

/** One stack of a synthesized cloud assembly, as the preflight reads it. */
export interface AssemblyStack {
  /** The artifact id in manifest.json. */
  readonly artifactId: string;
  readonly stackName: string;
  /** `Stage/Stack` as the CDK CLI shows it. */
  readonly displayName: string;
  /** The account and region of its environment; undefined when the stack is environment-agnostic. */
  readonly account?: string;
  readonly region?: string;
  readonly template: Record<string, any>;
}

/** A cloud assembly the preflight cannot read: the message says what to do. */
export class AssemblyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssemblyError';
  }
}

function readJson(file: string, what: string): any {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf-8');
  } catch {
    throw new AssemblyError(`Cannot read ${what} ${file}. Run \`cdk synth\` first, or name the cloud assembly directory (default cdk.out).`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new AssemblyError(`${what} ${file} is not valid JSON (${(err as Error).message}). Synthesize the app again with \`cdk synth\`.`);
  }
}

/** `aws://<account>/<region>`; `unknown-account` and `unknown-region` are an environment-agnostic stack's. */
function environmentOf(env: unknown): { account?: string; region?: string } {
  const m = /^aws:\/\/([^/]+)\/([^/]+)$/.exec(String(env ?? ''));
  if (!m) return {};
  return { account: /^\d{12}$/.test(m[1]) ? m[1] : undefined, region: m[2] === 'unknown-region' ? undefined : m[2] };
}

/**
 * Every stack of a cloud assembly, nested stage assemblies included, read from `manifest.json` and the
 * templates it names (the cloud assembly schema: artifacts of type `aws:cloudformation:stack` with
 * `properties.templateFile`, and `cdk:cloud-assembly` with `properties.directoryName`).
 */
export function readAssemblyStacks(directory: string): AssemblyStack[] {
  const dir = path.resolve(directory);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new AssemblyError(`${directory} is not a directory. Run \`cdk synth\` first, or name the cloud assembly directory (default cdk.out).`);
  }
  const manifest = readJson(path.join(dir, 'manifest.json'), 'The cloud assembly manifest');
  const stacks: AssemblyStack[] = [];
  for (const [artifactId, artifact] of Object.entries<any>(manifest.artifacts ?? {})) {
    if (artifact?.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      stacks.push(...readAssemblyStacks(path.join(dir, artifact.properties.directoryName)));
    } else if (artifact?.type === 'aws:cloudformation:stack' && artifact.properties?.templateFile) {
      const template = readJson(path.join(dir, artifact.properties.templateFile), `The template of stack ${artifactId}`);
      stacks.push({
        artifactId,
        stackName: artifact.properties.stackName ?? artifactId,
        displayName: artifact.displayName ?? artifactId,
        ...environmentOf(artifact.environment),
        template,
      });
    }
  }
  return stacks;
}
