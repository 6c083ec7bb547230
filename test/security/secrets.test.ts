import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { ACCOUNT, allConstructsStack, REGION, SecretArns } from './all-constructs';
import { DX_FIXTURE_AUTH_KEYS } from '../../local/emulator/services/directconnect-fixture';
import type { InterconnectService } from '../../local/emulator/services/interconnect';
import { LifecycleRunner, RunResult } from '../../local/runner/lifecycle-runner';
import { FAST_TIMINGS } from '../faults/harness';
import { CapturedLogs } from '../helpers/captured-logs';
import { useEmulator } from '../helpers/emulator';

/**
 * Secrets audit: every secret value the handlers meet (the activation keys the partner and the service
 * hand out, the Sidewalk application server private keys, the BGP auth keys Direct Connect returns, the
 * presigned ResponseURLs) is searched for in everything a deployment of every construct leaves behind:
 * the runner's output, the handlers' logs, the process's stdout and stderr, every failure reason, the
 * deployed state, the stack outputs, the runner's events, every synthesized template, and everything the
 * runner's audit kept of aws-cdk-lib's framework at work: every Step Functions execution input, every
 * Retry payload (kept in execution history), the framework's log lines at the template's level and at the
 * most verbose one, every Lambda invoke payload and result, every response body. The only place an
 * activation key may appear is the ActivationKey attribute of a NoEcho response: that attribute is the point.
 */
jest.setTimeout(120_000);

const emulator = useEmulator({ timings: FAST_TIMINGS });
const SIDEWALK_KEY = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';
const ROTATED_KEY = 'c0ffee00'.repeat(8);
/** Not a valid key (not hex): the failure it causes must describe it without quoting it. */
const BROKEN_KEY = 'this-is-a-5ecret-but-not-a-key-' + 'x'.repeat(33);

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secrets-audit-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

test('no secret in any log, response, failure reason, state or template of a full lifecycle of every construct', async () => {
  const em = emulator();
  const proposal = em.service('interconnect').control!('createProposal', { environmentId: 'aws-gcp-us-east4', bandwidth: '1Gbps' }, undefined as never) as {
    activationKey: string;
  };
  const put = (name: string, value: Record<string, string>) => em.service('secretsmanager').control!('putSecret', { name, secretString: JSON.stringify(value) },
    undefined as never) as { arn: string; versionId: string };
  const activationKeySecret = put('interconnect/proposal', { activationKey: proposal.activationKey });
  const first = put('sidewalk/key', { appServerPrivateKey: SIDEWALK_KEY });
  const rotated = put('sidewalk/key', { appServerPrivateKey: ROTATED_KEY });
  const broken = put('sidewalk/key', { appServerPrivateKey: BROKEN_KEY });

  let apps = 0;
  const synth = (secrets: Partial<SecretArns>, description?: string) => {
    const app = new App({ outdir: path.join(dir, `app${++apps}`) });
    allConstructsStack(app, { activationKey: activationKeySecret.arn, sidewalkKey: first.arn, ...secrets }, { description });
    return app.synth().directory;
  };

  // The bundle in Lambda workers behind aws-cdk-lib's framework: the runner's audit keeps what they leave.
  const lines: string[] = [];
  const runner = new LifecycleRunner({
    endpoint: em.url,
    pollIntervalMs: 20,
    progressIntervalMs: 3_600_000,
    log: (l) => lines.push(l),
    handlerLog: (l) => lines.push(l),
  });
  const results: RunResult[] = [];
  /** The deployed state after every step, NoEcho attributes included, as the runner keeps it. */
  const states: string[] = [];
  const publicState = () => {
    const state = runner.state;
    for (const r of Object.values(state.stacks.Hybrid?.resources ?? {})) {
      if (r.noEcho && r.attributes.ActivationKey) (r as { attributes: Record<string, unknown> }).attributes = { ...r.attributes, ActivationKey: '<NoEcho>' };
    }
    states.push(JSON.stringify(state));
  };
  let keyIsAnAttribute = false;
  const captured = CapturedLogs.start();
  const assemblies: string[] = [];
  try {
    const v1 = synth({ sidewalkKeyVersionId: first.versionId });
    assemblies.push(v1);
    results.push(await runner.deploy(v1));
    publicState();
    expect(results[0].failed).toBeUndefined();
    // What CloudFormation records for the connections: the activation key, NoEcho.
    const withKeys = Object.values(runner.state.stacks.Hybrid.resources).filter((r) => r.attributes.ActivationKey);
    process.stdout.write(`resources with an ActivationKey attribute: ${withKeys.map((r) => `${r.logicalId} (${r.type}, noEcho ${r.noEcho})`).join(', ') || 'none'}\n`);
    // Where the key is an attribute (the Interconnect construct is moving it to a resource of its own), it is NoEcho.
    expect(withKeys.every((r) => r.noEcho)).toBe(true);
    keyIsAnAttribute = withKeys.length > 0;
    // The key rotated, the description changed: in-place updates.
    const v2 = synth({ sidewalkKeyVersionId: rotated.versionId }, 'rotated');
    assemblies.push(v2);
    results.push(await runner.update(v2));
    publicState();
    expect(results[1].failed).toBeUndefined();
    // A broken key: the update fails, with a reason that describes the key without quoting it, and rolls back.
    const v3 = synth({ sidewalkKeyVersionId: broken.versionId });
    assemblies.push(v3);
    results.push(await runner.update(v3));
    publicState();
    expect(results[2].failed?.reason).toMatch(/must be 64 hexadecimal characters/);
    expect({ rolledBack: results[2].rolledBack, warnings: results[2].warnings }).toEqual({ rolledBack: true, warnings: [] });
    results.push(await runner.destroy());
    expect(results[3].ok).toBe(true);
    await runner.drain();
  } finally {
    captured.stop();
    await runner.close();
  }

  const secrets = [
    proposal.activationKey,
    ...em.service<InterconnectService>('interconnect').issuedActivationKeys(),
    SIDEWALK_KEY, ROTATED_KEY, BROKEN_KEY,
    ...DX_FIXTURE_AUTH_KEYS,
  ];
  const responseUrls = [...(runner as unknown as { framework: { responseUrls: Set<string> } }).framework.responseUrls];
  // The secret half of each ResponseURL, which a log line would carry if it logged the URL whole.
  const responseUrlSecrets = [...responseUrls, ...responseUrls.map((u) => new URL(u).search)];
  expect(secrets.length).toBeGreaterThan(12);

  const audit = runner.audit;
  // The activation key may be the ActivationKey attribute of a NoEcho response (and of the isComplete
  // result it comes from), and nowhere else: not in Step Functions execution inputs or Retry payloads.
  const masked = (text: string) => text.replace(/"ActivationKey":"[^"]*"/g, '"ActivationKey":"<NoEcho>"');
  const noEchoBodies = audit.responses.map((r) => r.body).filter((b) => /"NoEcho":true/.test(b));
  const otherBodies = audit.responses.map((r) => r.body).filter((b) => !/"NoEcho":true/.test(b));
  const ours = audit.invocations.filter((i) => !/framework/.test(i.functionName));
  const finalResults = ours.filter((i) => /"IsComplete":true/.test(i.result)).map((i) => i.result);
  // The search below runs over the real thing: the key went through the framework (or the state, when it is an attribute).
  expect(noEchoBodies.some((b) => b.includes(proposal.activationKey))).toBe(keyIsAnAttribute);
  const haystacks: Record<string, string> = {
    'runner output and handler logs': lines.join('\n'),
    'stdout, stderr and console': captured.text(),
    'failure reasons and warnings': results.flatMap((r) => [r.failed?.reason ?? '', ...r.events.map((e) => e.reason ?? ''), ...r.warnings]).join('\n'),
    'runner events': JSON.stringify(results.map((r) => r.events)),
    'deployed state': states.join('\n'),
    'stack outputs': JSON.stringify(states.map((st) => Object.values(JSON.parse(st).stacks).map((x: any) => x.outputs))),
    'synthesized templates': assemblies.flatMap((a) => fs.readdirSync(a).filter((f) => f.endsWith('.json')).map((f) => fs.readFileSync(path.join(a, f), 'utf-8'))).join('\n'),
    ...audit.texts(),
    // The framework logs invoke responses with their Payload bytes as a JSON map of numbers: read them as text too.
    'framework logs (most verbose), payload bytes decoded': audit.frameworkLogs.map((l) => decodeByteMaps(l.line)).join('\n'),
    'response bodies': [...noEchoBodies.map(masked), ...otherBodies].join('\n'),
    'Lambda invoke results': ours.filter((i) => !finalResults.includes(i.result)).map((i) => i.result).concat(finalResults.map(masked)).join('\n'),
  };
  expect(haystacks['Step Functions execution inputs'].length).toBeGreaterThan(100);
  expect(haystacks['framework logs (most verbose)'].length).toBeGreaterThan(1000);
  expect(haystacks['handler logs'].length).toBeGreaterThan(1000);
  expect(haystacks['runner output and handler logs'].length).toBeGreaterThan(1000);
  /**
   * aws-cdk-lib's framework itself carries the presigned ResponseURL: it passes it to our functions in the
   * invoke payload and keeps the whole event, ResponseURL included, as the waiter's execution input (so
   * every Retry error repeats it), because its isComplete and onTimeout answer CloudFormation from there
   * (framework.js: `input: JSON.stringify(resourceEvent)`). No library on the unchanged framework can keep
   * it out of the execution history; that it is there, and only there, is checked so a change is noticed.
   */
  const FRAMEWORK_CARRIES_RESPONSE_URL = ['Step Functions execution inputs', 'Step Functions Retry payloads', 'Lambda invoke payloads'];
  const findings = new Set<string>();
  const responseUrlPlaces = new Set<string>();
  for (const [where, text] of Object.entries(haystacks)) {
    for (const secret of secrets) {
      if (text.includes(secret)) findings.add(`a secret (${secret.slice(0, 8)}…) appears in the ${where}`);
    }
    if (responseUrlSecrets.some((u) => text.includes(u)) || /local-runner-secret-[0-9a-f]{24}/.test(text)) {
      if (FRAMEWORK_CARRIES_RESPONSE_URL.includes(where)) responseUrlPlaces.add(where);
      else findings.add(`a ResponseURL secret appears in the ${where}`);
    }
  }
  // Every place searched, and what was found where, for whoever reads the test's output.
  process.stdout.write(`secrets audit searched: ${Object.keys(haystacks).join('; ')}\n` +
    `found: ${findings.size ? [...findings].join('; ') : 'nothing'}\n` +
    `ResponseURL carried by the framework itself in: ${[...responseUrlPlaces].join('; ') || 'nowhere'}\n`);
  expect([...findings]).toEqual([]);
  expect([...responseUrlPlaces].sort()).toEqual([...FRAMEWORK_CARRIES_RESPONSE_URL].sort());
  // The account and region are those of the app: the searches above ran over real output.
  expect(haystacks['deployed state']).toContain(`${REGION}:${ACCOUNT}`);
});

/** `{"0":123,"1":34,...}` (a Uint8Array through JSON.stringify) back to its text, so a secret in it is found. */
function decodeByteMaps(line: string): string {
  return line.replace(/\{\s*"0":\s*\d+(?:,\s*"\d+":\s*\d+)*\s*\}/g, (map) => {
    const bytes = Object.values(JSON.parse(map) as Record<string, number>);
    return Buffer.from(bytes).toString('utf8');
  });
}
