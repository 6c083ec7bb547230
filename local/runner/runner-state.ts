import * as fs from 'fs';
import * as path from 'path';

/** One resource as deployed. */
export interface ResourceRecord {
  readonly logicalId: string;
  readonly type: string;
  readonly physicalId: string;
  /** The Data the handlers returned; empty for simulated resources, whose attributes are made up on use. */
  readonly attributes: Record<string, unknown>;
  /** The resolved properties last sent (ServiceToken included), for the next Update's or Delete's event. */
  readonly properties: Record<string, unknown>;
  /** True for resources the runner only pretends to deploy (IAM, Lambda, the framework...). */
  readonly simulated: boolean;
  /** The handler asked CloudFormation to mask its attributes. */
  readonly noEcho: boolean;
  readonly deletionPolicy?: string;
  readonly updateReplacePolicy?: string;
  /** Logical ids this resource depended on when deployed, so Delete can run in reverse order later. */
  readonly dependsOn: string[];
}

/** One deployed stack. */
export interface StackRecord {
  readonly stackName: string;
  readonly artifactId: string;
  readonly stackId: string;
  readonly region: string;
  readonly account: string;
  /** Names of the stacks this one depends on. */
  readonly dependencies: string[];
  readonly resources: Record<string, ResourceRecord>;
  /** Resolved Outputs, by output key. */
  readonly outputs: Record<string, string>;
  /** Export name to value. */
  readonly exports: Record<string, string>;
  /** Export names this stack imports from others. */
  readonly imports: string[];
  /** Export names whose value comes from a NoEcho attribute, so importers mask it too. */
  readonly maskedExports?: string[];
}

/** Everything the runner has deployed. It holds attribute values in clear: keep the file private. */
export interface RunnerState {
  readonly version: 1;
  /** Stacks by name, in the order they were first deployed. */
  readonly stacks: Record<string, StackRecord>;
}

/** Where a stack is deployed. */
export interface StackEnvironment {
  readonly account: string;
  readonly region: string;
}

/**
 * Whether two stacks share an account and region. CloudFormation exports live in one account and region:
 * `Fn::ImportValue` sees only the exports of stacks there, and an export name need only be unique there.
 * Evidence: the AWS page on exports (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-stack-exports.html)
 * as summarized in https://codemia.io/knowledge-hub/path/cloudformation_cross-region_reference ("Export and
 * Fn::ImportValue, but only inside the same AWS account and Region"; "Export names must be unique only within a
 * Region") and https://dev.to/pahud/fngetstackoutput-how-cloudformation-and-cdk-solved-cross-region-references-together-9f8
 * ("Fn::ImportValue only works within the same account and region").
 */
export function sameEnvironment(a: StackEnvironment, b: StackEnvironment): boolean {
  return a.account === b.account && a.region === b.region;
}

export function emptyRunnerState(): RunnerState {
  return { version: 1, stacks: {} };
}

export function saveRunnerState(file: string, state: RunnerState): void {
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(state, undefined, 2)}\n`, { mode: 0o600 });
}

/** The state in `file`, or an empty state when the file does not exist yet. */
export function loadRunnerState(file: string): RunnerState {
  if (!fs.existsSync(file)) return emptyRunnerState();
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (parsed?.version !== 1 || typeof parsed.stacks !== 'object') {
    throw new Error(`${file} is not a lifecycle runner state file (expected version 1).`);
  }
  return parsed as RunnerState;
}
