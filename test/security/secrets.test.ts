import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { ACCOUNT, allConstructsStack, REGION, SecretArns } from './all-constructs';
import { DX_FIXTURE_AUTH_KEYS } from '../../local/emulator/services/directconnect-fixture';
import type { InterconnectService } from '../../local/emulator/services/interconnect';
import { LifecycleRunner, RunResult } from '../../local/runner/lifecycle-runner';
import { loadBundledHandlers } from '../../local/runner/load-bundled-handlers';
import { FAST_TIMINGS } from '../faults/harness';
import { CapturedLogs } from '../helpers/captured-logs';
import { useEmulator } from '../helpers/emulator';

/**
 * Secrets audit: every secret value the handlers meet (the activation keys the partner and the service
 * hand out, the Sidewalk application server private keys, the BGP auth keys Direct Connect returns, the
 * presigned ResponseURLs) is searched for in everything a deployment of every construct leaves behind:
 * the runner's output, the handlers' logs, the process's stdout and stderr, every response the handlers
 * returned, every failure reason, the deployed state and every synthesized template. The only place an
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

  // Every answer and every failure the handlers give the Provider framework, as it receives them.
  const responses: string[] = [];
  const bundled = loadBundledHandlers();
  const record = (fn: (event: any, context: any) => Promise<any>) => async (event: any, context: any) => {
    try {
      const result = await fn(event, context);
      responses.push(JSON.stringify(result ?? null));
      return result;
    } catch (err) {
      responses.push(`FAILED: ${(err as Error).message}`);
      throw err;
    }
  };
  const lines: string[] = [];
  const runner = new LifecycleRunner({
    endpoint: em.url,
    pollIntervalMs: 20,
    progressIntervalMs: 3_600_000,
    log: (l) => lines.push(l),
    handlerLog: (l) => lines.push(l),
    handlers: { onEvent: record(bundled.onEvent), isComplete: record(bundled.isComplete!) },
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
    expect(withKeys.map((r) => r.noEcho)).toEqual([true, true]);
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
    expect(results[2].rolledBack).toBe(true);
    results.push(await runner.destroy());
    expect(results[3].ok).toBe(true);
  } finally {
    captured.stop();
  }

  const secrets = [
    proposal.activationKey,
    ...em.service<InterconnectService>('interconnect').issuedActivationKeys(),
    SIDEWALK_KEY, ROTATED_KEY, BROKEN_KEY,
    ...DX_FIXTURE_AUTH_KEYS,
    ...(runner as unknown as { framework: { responseUrls: Set<string> } }).framework.responseUrls,
  ];
  expect(secrets.length).toBeGreaterThan(12);

  // The activation key may be in the ActivationKey attribute of a NoEcho response, and nowhere else.
  const publicResponses = responses.map((text) => {
    if (text.startsWith('FAILED: ')) return text;
    const response = JSON.parse(text);
    if (response?.Data?.ActivationKey) {
      // onEvent's answer sets NoEcho; isComplete's Data is merged into it by the framework.
      if (!('IsComplete' in response)) expect(response.NoEcho).toBe(true);
      response.Data.ActivationKey = '<NoEcho>';
    }
    return JSON.stringify(response);
  });
  expect(responses.some((r) => r.includes(proposal.activationKey))).toBe(true);
  const haystacks: Record<string, string> = {
    'runner output and handler logs': lines.join('\n'),
    'stdout, stderr and console': captured.text(),
    'handler responses and failures': publicResponses.join('\n'),
    'failure reasons and warnings': results.flatMap((r) => [r.failed?.reason ?? '', ...r.events.map((e) => e.reason ?? ''), ...r.warnings]).join('\n'),
    'deployed state': states.join('\n'),
    'synthesized templates': assemblies.flatMap((a) => fs.readdirSync(a).filter((f) => f.endsWith('.json')).map((f) => fs.readFileSync(path.join(a, f), 'utf-8'))).join('\n'),
  };
  expect(haystacks['handler responses and failures']).toContain('FAILED: ');
  expect(haystacks['runner output and handler logs'].length).toBeGreaterThan(1000);
  for (const [where, text] of Object.entries(haystacks)) {
    for (const secret of secrets) {
      if (text.includes(secret)) throw new Error(`A secret (${secret.slice(0, 8)}…) appears in the ${where}`);
    }
    expect(text).not.toMatch(/local-runner-secret-[0-9a-f]{24}/);
  }
  // The account and region are those of the app: the searches above ran over real output.
  expect(haystacks['deployed state']).toContain(`${REGION}:${ACCOUNT}`);
});
