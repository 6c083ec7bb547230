import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FakeLambda } from './fake-lambda';
import { custom, FixtureStack, providerResources, writeAssembly } from './write-assembly';
import { EmulatorClock } from '../../../local/emulator/emulator-clock';
import { DEFAULT_FRAMEWORK_RUNTIME_DIRECTORY } from '../../../local/runner/framework-runtime';
import { LifecycleRunner, LifecycleRunnerOptions } from '../../../local/runner/lifecycle-runner';

/**
 * The runner runs aws-cdk-lib's own Provider framework runtime: these tests change the runtime or the
 * template and show the outcome follows, and check the seam the runner serves (Lambda, the waiter, the
 * response PUT) against what the services do.
 */
let workDir: string;
const runners: LifecycleRunner[] = [];
beforeEach(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'framework-runtime-'));
});
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.close()));
  fs.rmSync(workDir, { recursive: true, force: true });
});

function stack(name: string, resources: Record<string, unknown>, rest: Partial<FixtureStack> = {}): FixtureStack {
  return { name, resources: { ...providerResources(), ...resources }, ...rest };
}

function runner(options: Partial<LifecycleRunnerOptions>): LifecycleRunner {
  const r = new LifecycleRunner({ log: () => undefined, ...options });
  runners.push(r);
  return r;
}

test('a stubbed framework.js changes the outcome: the runner runs the runtime it is given, not its own copy', async () => {
  const stubbed = path.join(workDir, 'runtime');
  fs.cpSync(DEFAULT_FRAMEWORK_RUNTIME_DIRECTORY, stubbed, { recursive: true });
  fs.writeFileSync(path.join(stubbed, 'framework.js'), [
    '"use strict";',
    'const cfnResponse = require("./cfn-response");',
    'exports.onEvent = async (event) => { await cfnResponse.submitResponse("FAILED", { ...event, PhysicalResourceId: "stub-id" }, { reason: "STUBBED-FRAMEWORK-MARKER" }); };',
    'exports.isComplete = async () => undefined;',
    'exports.onTimeout = async () => undefined;',
  ].join('\n'));
  const dir = writeAssembly([stack('Net', { A: custom('Thing', { Name: 'a' }) })], path.join(workDir, 'a'));

  const fake = new FakeLambda();
  const real = await runner({ handlers: fake.handlers(), pollIntervalMs: 1 }).deploy(dir);
  expect(real.ok).toBe(true);
  expect(fake.callsFor('onEvent', 'Create')).toHaveLength(1);

  const stubFake = new FakeLambda();
  const stubbedRun = await runner({ handlers: stubFake.handlers(), pollIntervalMs: 1, frameworkRuntimeDirectory: stubbed }).deploy(dir);
  expect(stubbedRun.failed).toMatchObject({ logicalId: 'A', reason: 'STUBBED-FRAMEWORK-MARKER' });
  // The stub never calls the user function: its Create never reached the fake.
  expect(stubFake.callsFor('onEvent', 'Create')).toHaveLength(0);
});

test('the waiter follows the template: 10 s between isComplete attempts on the runner clock, Retry payloads kept', async () => {
  const clock = new EmulatorClock();
  clock.freeze();
  const start = clock.now();
  const fake = new FakeLambda();
  const r = runner({ handlers: fake.handlers(), clock });
  const result = await r.deploy(writeAssembly([stack('Net', { Slow: custom('Thing', { Polls: 3 }) })], path.join(workDir, 'a')));

  expect(result.ok).toBe(true);
  expect(result.invocations['Net/Slow']).toEqual({ onEvent: 1, isComplete: 4 });
  // The synthesized waiter's Retry: IntervalSeconds 10, BackoffRate 1.
  expect(clock.now() - start).toBe(30_000);
  expect(r.audit.executionInputs).toHaveLength(1);
  // Each failed attempt's error is the framework's Retry, whose message is the whole event.
  expect(r.audit.retryPayloads).toHaveLength(3);
  for (const payload of r.audit.retryPayloads) expect(JSON.parse(payload)).toMatchObject({ LogicalResourceId: 'Slow', PhysicalResourceId: 'slow-1' });
});

test('the framework\'s onTimeout answers after the template\'s MaxAttempts, through the Catch', async () => {
  const clock = new EmulatorClock();
  clock.freeze();
  const start = clock.now();
  const fake = new FakeLambda();
  const never = async (event: any) => (event.RequestType === 'Delete' ? { IsComplete: true } : { IsComplete: false });
  const r = runner({ handlers: { onEvent: fake.onEvent, isComplete: never }, clock });
  const result = await r.deploy(writeAssembly([stack('Net', { Stuck: custom('Thing') })], path.join(workDir, 'a')));

  expect(result.failed).toMatchObject({ logicalId: 'Stuck', reason: 'Operation timed out' });
  // MaxAttempts 330 retries after the first attempt, 10 s apart (the create's waiter; the rollback Delete completes at once).
  expect(result.events.find((e) => e.action === 'create')?.invocations.isComplete).toBe(331);
  expect(clock.now() - start).toBe(330 * 10_000);
  expect(fake.callsFor('onEvent', 'Delete').map((c) => c.physicalId)).toEqual(['stuck-1']);
});

test('a waiter definition with a field the interpreter does not implement fails loudly, naming it', async () => {
  const resources = providerResources() as Record<string, any>;
  const machine = Object.values(resources).find((r) => r.Type === 'AWS::StepFunctions::StateMachine');
  const parts = machine.Properties.DefinitionString['Fn::Join'][1] as unknown[];
  parts[0] = (parts[0] as string).replace('{"StartAt"', '{"TimeoutSeconds":60,"StartAt"');
  const fake = new FakeLambda();
  const result = await runner({ handlers: fake.handlers(), pollIntervalMs: 1 }).deploy(
    writeAssembly([{ name: 'Net', resources: { ...resources, A: custom('Thing') } }], path.join(workDir, 'a')));

  expect(result.failed?.reason).toMatch(/the definition has field TimeoutSeconds, which the runner's waiter interpreter does not implement/);
});

test('only the first response counts: a second delivery\'s answers are recorded and ignored', async () => {
  const fake = new FakeLambda();
  const r = runner({ handlers: fake.handlers(), pollIntervalMs: 1, duplicateDelivery: true });
  const result = await r.deploy(writeAssembly([stack('Net', { A: custom('Thing') })], path.join(workDir, 'a')));
  await r.drain();

  expect(result.ok).toBe(true);
  expect(fake.callsFor('onEvent', 'Create')).toHaveLength(2);
  expect(r.audit.responses.map((x) => x.accepted)).toEqual([true, false]);
  expect(r.audit.responses[1].problem).toBe('not the first response');
});

test('our bundle runs in a worker with the template\'s settings and the stack\'s account, and is stopped at its Timeout', async () => {
  const bundle = path.join(workDir, 'bundle.js');
  fs.writeFileSync(bundle, [
    'exports.onEvent = async (event, context) => {',
    '  if (event.ResourceProperties.Hang) await new Promise(() => setInterval(() => undefined, 1000));',
    '  console.log("handler line for " + event.LogicalResourceId);',
    '  const e = process.env;',
    '  return { PhysicalResourceId: "p-" + event.LogicalResourceId, Data: { Account: e.AWS_ACCESS_KEY_ID, Region: e.AWS_REGION,',
    '    Memory: e.AWS_LAMBDA_FUNCTION_MEMORY_SIZE, Endpoint: e.AWS_ENDPOINT_URL, Home: String(e.HOME), Name: context.functionName,',
    '    Remaining: String(context.getRemainingTimeInMillis() > 0) } };',
    '};',
    'exports.isComplete = async () => ({ IsComplete: true });',
  ].join('\n'));
  const handlerLines: string[] = [];
  const r = runner({ handlerBundle: bundle, pollIntervalMs: 1, endpoint: 'http://127.0.0.1:1', invocationTimeoutMs: 300, handlerLog: (l) => handlerLines.push(l) });

  const hung = await r.deploy(writeAssembly([stack('Hung', { H: custom('Thing', { Hang: 'yes' }) }, { environment: 'aws://111122223333/eu-west-1' })], path.join(workDir, 'a')));
  expect(hung.failed?.reason).toMatch(/^RequestId: [0-9a-f-]{36} Error: Task timed out after 0\.30 seconds$/);
  expect(r.audit.invocations.some((i) => JSON.parse(i.result).errorType === 'Sandbox.Timedout')).toBe(true);

  // The next invocation of that function gets a fresh environment, which answers.
  const ok = await r.deploy(writeAssembly([stack('Hung', { H: custom('Thing') }, { environment: 'aws://111122223333/eu-west-1' })], path.join(workDir, 'b')));
  expect(ok.ok).toBe(true);
  expect(r.state.stacks.Hung.resources.H.attributes).toEqual({
    Account: '111122223333',
    Region: 'eu-west-1',
    Memory: '256',
    Endpoint: 'http://127.0.0.1:1',
    Home: 'undefined',
    Name: expect.stringMatching(/OnEvent.*-sim$/),
    Remaining: 'true',
  });
  expect(handlerLines).toContain('handler line for H');
  expect(r.audit.handlerLogs.map((l) => l.line)).toContain('handler line for H');
});

test('framework log lines are kept at the most verbose level; the template\'s FATAL level ships none of them', async () => {
  const fake = new FakeLambda();
  const r = runner({ handlers: fake.handlers(), pollIntervalMs: 1 });
  await r.deploy(writeAssembly([stack('Net', { A: custom('Thing') })], path.join(workDir, 'a')));

  expect(r.audit.frameworkLogs.some((l) => l.line.startsWith('[provider-framework] onEventHandler'))).toBe(true);
  expect(r.audit.frameworkLogs.every((l) => l.level === 'INFO')).toBe(true);
  expect(r.audit.frameworkLogsShipped).toEqual([]);
  // The framework logs the request with the ResponseURL replaced, and the response URL only up to its path.
  const urls = (r as unknown as { framework: { responseUrls: Set<string> } }).framework.responseUrls;
  for (const url of urls) expect(r.audit.frameworkLogs.map((l) => l.line).join('\n')).not.toContain(new URL(url).search);
});
