import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { FakeLambda } from './fake-lambda';
import { custom, FixtureStack, frameworkOnEventId, providerResources, writeAssembly } from './write-assembly';
import { LifecycleRunner, LifecycleRunnerOptions, RunnerEvent } from '../../../local/runner/lifecycle-runner';
import { CREATE_FAILED_PHYSICAL_ID_MARKER } from '../../../local/runner/provider-framework';
import { HybridConnectivityProvider, PROVIDER_ID } from '../../../src/provider/hybrid-connectivity-provider';

/**
 * CloudFormation's hard cases, as the lifecycle runner reproduces them: creates cancelled by another
 * resource's failure, ServiceTimeout, a changed ServiceToken or resource type, and exports scoped by
 * account and region. The handlers are fakes; the runner is the subject.
 */

let workDir: string;
beforeEach(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cfn-cases-'));
});
afterEach(() => {
  fs.rmSync(workDir, { recursive: true, force: true });
});

function assembly(name: string, stacks: FixtureStack[]): string {
  return writeAssembly(stacks, path.join(workDir, name));
}

function stack(name: string, resources: Record<string, unknown>, rest: Partial<FixtureStack> = {}): FixtureStack {
  return { name, resources: { ...providerResources(), ...resources }, ...rest };
}

function runnerWith(handlers: LifecycleRunnerOptions['handlers'], options: Partial<LifecycleRunnerOptions> = {}) {
  const lines: string[] = [];
  const runner = new LifecycleRunner({ handlers, pollIntervalMs: 2, log: (l) => lines.push(l), ...options });
  return { runner, lines };
}

const GENERATED_ID = /^Net-Slow-[A-Z0-9]{12}$/;

function eventsOf(events: RunnerEvent[], logicalId: string): string[] {
  return events.filter((e) => e.logicalId === logicalId).map((e) => `${e.action}:${e.status}${e.reason ? `:${e.reason}` : ''}`);
}

/** Index of the first call matching, or -1. */
function indexOf(fake: FakeLambda, match: (c: FakeLambda['calls'][number]) => boolean): number {
  return fake.calls.findIndex(match);
}

/**
 * A fake that, like a handler built for it, copes with a Delete whose physical id it never made: it finds
 * what its Create made for the same stack and logical id, and deletes that.
 */
function carefulHandlers(fake: FakeLambda) {
  const madeFor = new Map<string, string>();
  const onEvent = async (event: any) => {
    const key = `${event.StackId}|${event.LogicalResourceId}`;
    const made = madeFor.get(key);
    if (event.RequestType === 'Delete' && !fake.live.has(event.PhysicalResourceId) && made) {
      madeFor.delete(key);
      await fake.onEvent({ ...event, PhysicalResourceId: made });
      return { PhysicalResourceId: event.PhysicalResourceId };
    }
    const result: any = await fake.onEvent(event);
    if (event.RequestType === 'Create') madeFor.set(key, result.PhysicalResourceId);
    return result;
  };
  return { onEvent, isComplete: fake.isComplete };
}

describe('1. a failure cancels the creates in flight', () => {
  const template = () => [stack('Net', {
    Slow: custom('Thing', { Polls: 40 }),
    Bad: custom('Thing', { FailOnEvent: 'Create' }),
  })];

  test('the in-flight create fails as "Resource creation cancelled"; its rollback Delete carries a CloudFormation-made id while its waiter still polls', async () => {
    const fake = new FakeLambda();
    const { runner, lines } = runnerWith(fake.handlers());

    const result = await runner.deploy(assembly('a', template()));

    expect(result).toMatchObject({ ok: false, rolledBack: true, failed: { stack: 'Net', logicalId: 'Bad', reason: 'onEvent refused Create of Bad' } });
    expect(eventsOf(result.events, 'Slow')).toEqual(['create:failed:Resource creation cancelled', 'rollback-delete:succeeded']);
    expect(lines).toContain('  ✗ Slow (Custom::Thing) create failed: Resource creation cancelled');
    const deletes = fake.callsFor('onEvent', 'Delete').filter((c) => c.logicalId === 'Slow');
    // One Delete, not with the id the handler made (CloudFormation never heard of it), but one CloudFormation made up.
    expect(deletes).toHaveLength(1);
    expect(deletes[0].physicalId).toMatch(GENERATED_ID);
    expect(deletes[0].physicalId).not.toBe('slow-1');
    // The cancelled create's waiter went on polling after the Delete was sent, and finished.
    const deleteAt = indexOf(fake, (c) => c.fn === 'onEvent' && c.requestType === 'Delete' && c.logicalId === 'Slow');
    const polls = fake.calls.map((c, i) => ({ c, i })).filter(({ c }) => c.fn === 'isComplete' && c.requestType === 'Create' && c.logicalId === 'Slow');
    expect(polls[polls.length - 1].i).toBeGreaterThan(deleteAt);
    expect(polls).toHaveLength(41);
    // Its late success was ignored: the stack is gone from the state, and a handler that cannot place the
    // made-up id (this plain fake) leaves what the create made behind.
    expect(runner.state.stacks).toEqual({});
    expect([...fake.live.keys()]).toEqual(['slow-1']);
    // The resource that failed itself had onEvent fail: the framework's marker keeps its Delete from the handler.
    expect(result.events.find((e) => e.logicalId === 'Bad' && e.action === 'rollback-delete')?.physicalId).toBe(CREATE_FAILED_PHYSICAL_ID_MARKER);
  });

  test('a handler that finds what it made for that stack and logical id leaves nothing behind, deleted once', async () => {
    const fake = new FakeLambda();
    const { runner } = runnerWith(carefulHandlers(fake));

    const result = await runner.deploy(assembly('a', template()));

    expect(result).toMatchObject({ ok: false, rolledBack: true });
    expect(fake.live.size).toBe(0);
    // The one Delete CloudFormation sent, which the handler mapped onto what it had made.
    expect(fake.callsFor('onEvent', 'Delete').filter((c) => c.logicalId === 'Slow').map((c) => c.physicalId)).toEqual(['slow-1']);
    expect(result.events.filter((e) => e.logicalId === 'Slow' && e.action === 'rollback-delete').map((e) => e.physicalId))
      .toEqual([expect.stringMatching(GENERATED_ID)]);
    expect(runner.state.stacks).toEqual({});
  });

  test('every cancelled create gets its own made-up id; what finished before the failure is deleted with its real id', async () => {
    const fake = new FakeLambda();
    const { runner } = runnerWith(fake.handlers());
    const result = await runner.deploy(assembly('a', [stack('Net', {
      Done: custom('Thing'),
      Slow: custom('Thing', { Polls: 40 }),
      Slower: custom('Thing', { Polls: 60 }),
      Bad: custom('Thing', { FailOnEvent: 'Create' }, { DependsOn: 'Done' }),
    })]));

    expect(result.rolledBack).toBe(true);
    const deletes = Object.fromEntries(fake.callsFor('onEvent', 'Delete').map((c) => [c.logicalId, c.physicalId]));
    expect(deletes.Done).toBe('done-1');
    expect(deletes.Slow).toMatch(GENERATED_ID);
    expect(deletes.Slower).toMatch(/^Net-Slower-[A-Z0-9]{12}$/);
  });

  test("inFlightOnFailure 'finish' lets the in-flight create end first, so its Delete has the real id", async () => {
    const fake = new FakeLambda();
    const { runner } = runnerWith(fake.handlers(), { inFlightOnFailure: 'finish' });

    const result = await runner.deploy(assembly('a', template()));

    expect(eventsOf(result.events, 'Slow')).toEqual(['create:succeeded', 'rollback-delete:succeeded']);
    expect(fake.callsFor('onEvent', 'Delete').filter((c) => c.logicalId === 'Slow').map((c) => c.physicalId)).toEqual(['slow-1']);
    expect(fake.live.size).toBe(0);
  });

  test('an update in flight is cancelled too, and rolled back with old and new swapped', async () => {
    const fake = new FakeLambda();
    const { runner } = runnerWith(fake.handlers());
    await runner.deploy(assembly('v1', [stack('Net', { A: custom('Thing', { Name: 'one' }) })]));

    const result = await runner.update(assembly('v2', [stack('Net', {
      A: custom('Thing', { Name: 'two', Polls: 40 }),
      Bad: custom('Thing', { FailOnEvent: 'Create' }),
    })]));

    expect(result).toMatchObject({ ok: false, rolledBack: true, failed: { logicalId: 'Bad' } });
    expect(eventsOf(result.events, 'A')).toEqual(['update:failed:Resource update cancelled', 'rollback-update:succeeded']);
    const updates = fake.callsFor('onEvent', 'Update').map((c) => [c.physicalId, c.properties.Name, c.oldProperties?.Name]);
    expect(updates).toEqual([['a-1', 'two', 'one'], ['a-1', 'one', 'two']]);
    expect(runner.state.stacks.Net.resources.A).toMatchObject({ physicalId: 'a-1', properties: { Name: 'one' } });
  });
});

describe('2. ServiceTimeout', () => {
  const stuck = async (event: any) => (event.RequestType === 'Delete' ? { IsComplete: true } : { IsComplete: false });

  test('no response within ServiceTimeout fails the create with CloudFormation\'s reason and rolls back while the waiter still polls', async () => {
    const fake = new FakeLambda();
    let pollsAfterDelete = 0;
    let deleted = false;
    const isComplete = async (event: any) => {
      if (event.RequestType === 'Create' && deleted) pollsAfterDelete++;
      return stuck(event);
    };
    const onEvent = async (event: any) => {
      if (event.RequestType === 'Delete') deleted = true;
      return fake.onEvent(event);
    };
    // The framework's own limit (totalTimeout) is longer than the resource's ServiceTimeout of 1 s.
    const { runner } = runnerWith({ onEvent, isComplete }, { pollIntervalMs: 20, maxWaitMs: 1_600 });

    const result = await runner.deploy(assembly('a', [stack('Net', { Slow: custom('Thing', { ServiceTimeout: '1' }) })]));

    expect(result).toMatchObject({ ok: false, rolledBack: true, failed: { logicalId: 'Slow' } });
    expect(result.failed!.reason).toMatch(/^CloudFormation did not receive a response from your Custom Resource\. Please check your logs for requestId \[[0-9a-f-]{36}\]\. /);
    const deletes = fake.callsFor('onEvent', 'Delete');
    expect(deletes.map((c) => c.physicalId)).toEqual([expect.stringMatching(GENERATED_ID)]);
    // The waiter kept polling after CloudFormation gave up and the rollback had sent its Delete.
    expect(pollsAfterDelete).toBeGreaterThan(0);
    // The framework's own timeout came later and was ignored.
    expect(result.events.map((e) => e.reason ?? '').join('\n')).not.toContain('Operation timed out');
  });

  test('an update past its ServiceTimeout fails and is rolled back with old and new swapped', async () => {
    const fake = new FakeLambda();
    const isComplete = async (event: any) => (event.RequestType === 'Update' && event.ResourceProperties.Name === 'two' ? { IsComplete: false } : fake.isComplete(event));
    const { runner } = runnerWith({ onEvent: fake.onEvent, isComplete }, { pollIntervalMs: 20, maxWaitMs: 1_400 });
    await runner.deploy(assembly('v1', [stack('Net', { A: custom('Thing', { Name: 'one', ServiceTimeout: '1' }) })]));

    const result = await runner.update(assembly('v2', [stack('Net', { A: custom('Thing', { Name: 'two', ServiceTimeout: '1' }) })]));

    expect(result.failed?.reason).toMatch(/^CloudFormation did not receive a response from your Custom Resource\./);
    expect(eventsOf(result.events, 'A').map((e) => e.split(':').slice(0, 2).join(':'))).toEqual(['update:failed', 'rollback-update:succeeded']);
    expect(runner.state.stacks.Net.resources.A).toMatchObject({ physicalId: 'a-1', properties: { Name: 'one' } });
  });
});

describe('3. changes CloudFormation refuses', () => {
  test('a changed ServiceToken fails the update with CloudFormation\'s reason, reaches no handler, and rolls the rest back', async () => {
    const fake = new FakeLambda();
    const { runner } = runnerWith(fake.handlers());
    const renamed = `${frameworkOnEventId()}RENAMED`;
    const v1 = stack('Net', { A: custom('Thing', { Name: 'one' }), B: custom('Thing', { Name: 'b1' }) });
    await runner.deploy(assembly('v1', [v1]));
    fake.calls.length = 0;

    const v2 = stack('Net', {
      [renamed]: (providerResources() as Record<string, unknown>)[frameworkOnEventId()],
      A: { ...custom('Thing', { Name: 'two' }), Properties: { ServiceToken: { 'Fn::GetAtt': [renamed, 'Arn'] }, Name: 'two' }, DependsOn: 'B' },
      B: custom('Thing', { Name: 'b2' }),
    });
    const result = await runner.update(assembly('v2', [v2]));

    expect(result).toMatchObject({ ok: false, rolledBack: true, failed: { stack: 'Net', logicalId: 'A', reason: 'Modifying service token is not allowed.' } });
    expect(fake.calls.filter((c) => c.logicalId === 'A')).toEqual([]);
    expect(fake.callsFor('onEvent', 'Update').map((c) => [c.logicalId, c.properties.Name, c.oldProperties?.Name])).toEqual([['B', 'b2', 'b1'], ['B', 'b1', 'b2']]);
    expect(runner.state.stacks.Net.resources.A.properties.Name).toBe('one');
    expect(runner.state.stacks.Net.resources[renamed]).toBeUndefined();
  });

  test('a changed resource type is refused before anything is touched', async () => {
    const fake = new FakeLambda();
    const { runner } = runnerWith(fake.handlers());
    await runner.deploy(assembly('v1', [stack('Net', { A: custom('Thing'), Role: { Type: 'AWS::IAM::Role', Properties: {} }, Kept: custom('Thing', { Name: 'k1' }) })]));
    const before = runner.state;
    fake.calls.length = 0;

    const result = await runner.update(assembly('v2', [stack('Net', {
      A: custom('Other'),
      Role: { Type: 'AWS::IAM::User', Properties: {} },
      Kept: custom('Thing', { Name: 'k2' }),
    })]));

    expect(result).toMatchObject({
      ok: false,
      rolledBack: false,
      failed: { stack: 'Net', reason: 'Update of resource type is not permitted. The new template modifies resource type of the following resources: [A, Role]' },
    });
    expect(fake.calls).toEqual([]);
    expect(runner.state).toEqual(before);
  });

  test('our provider\'s service token points at the same function however the app is built, so a library upgrade never changes it', () => {
    const targets = [
      synthesizeProvider('One', (scope) => [thing(scope, 'A')]),
      synthesizeProvider('Two', (scope) => [thing(scope, 'Z'), thing(scope, 'B'), thing(new Construct(scope, 'Nested'), 'C')]),
    ].flatMap((template) => serviceTokenTargets(template));

    expect(new Set(targets).size).toBe(1);
    // The logical id users' deployed stacks hold: a release that renames it (a new construct id or path for the
    // provider or its framework function) must change this line on purpose, and ship a migration.
    expect(targets[0]).toBe(EXPECTED_SERVICE_TOKEN_TARGET);
  });

  test('a release that renamed the provider\'s function would fail the update with that reason, and roll back', async () => {
    const fake = new FakeLambda();
    const { runner } = runnerWith(fake.handlers());
    const build = (scope: Construct) => [thing(scope, 'A')];
    await runner.deploy(synthesizeProviderApp('v1', build));
    fake.calls.length = 0;

    const result = await runner.update(synthesizeProviderApp('v2', build, (stackScope) => {
      const fn = HybridConnectivityProvider.of(stackScope).node.findAll()
        .find((c) => c instanceof CfnResource && c.cfnResourceType === 'AWS::Lambda::Function' && c.node.path.includes('framework-onEvent')) as CfnResource;
      fn.overrideLogicalId('RenamedFrameworkOnEvent');
    }));

    expect(result).toMatchObject({ ok: false, rolledBack: true, failed: { logicalId: expect.stringMatching(/^A/), reason: 'Modifying service token is not allowed.' } });
    expect(fake.calls).toEqual([]);
  });
});

const EXPECTED_SERVICE_TOKEN_TARGET = 'CdkHybridConnectivityProviderframeworkonEvent83185DCB';

function thing(scope: Construct, id: string): CfnResource {
  return HybridConnectivityProvider.of(scope).customResource(new Construct(scope, id), 'Custom::Thing', { Name: id });
}

function synthesizeProviderApp(name: string, build: (scope: Stack) => unknown, tweak?: (scope: Stack) => void): string {
  const app = new App({ outdir: path.join(workDir, name), context: { 'aws:cdk:disable-asset-staging': true } });
  const scope = new Stack(app, 'Net');
  build(scope);
  tweak?.(scope);
  return app.synth().directory;
}

function synthesizeProvider(stackName: string, build: (scope: Stack) => unknown): any {
  const app = new App({ outdir: path.join(workDir, stackName), context: { 'aws:cdk:disable-asset-staging': true } });
  const scope = new Stack(app, stackName);
  build(scope);
  return app.synth().getStackByName(stackName).template;
}

function serviceTokenTargets(template: any): string[] {
  return Object.values(template.Resources as Record<string, any>)
    .filter((r) => r.Type === 'Custom::Thing')
    .map((r) => {
      const getAtt = r.Properties.ServiceToken['Fn::GetAtt'];
      expect(getAtt[1]).toBe('Arn');
      expect(template.Resources[getAtt[0]].Type).toBe('AWS::Lambda::Function');
      expect(template.Resources[getAtt[0]].Metadata?.['aws:cdk:path'] ?? `${PROVIDER_ID}/`).toContain(PROVIDER_ID);
      return getAtt[0] as string;
    });
}

describe('4. exports are scoped by account and region', () => {
  const A = 'aws://111111111111/us-east-1';
  const producer = (name: string, environment: string, value = 'v') => stack(name, { Conn: custom('Thing', { Name: value }) }, {
    environment,
    outputs: { Shared: { Value: { 'Fn::GetAtt': ['Conn', 'Name'] }, Export: { Name: 'SharedExport' } } },
  });
  const consumer = (name: string, environment: string, dependencies: string[] = []) => stack(name, {
    Use: custom('Thing', { Got: { 'Fn::ImportValue': 'SharedExport' } }),
  }, { environment, dependencies });

  test('an export is visible in its own account and region only', async () => {
    const fake = new FakeLambda();
    const { runner } = runnerWith(fake.handlers());
    expect((await runner.deploy(assembly('p', [producer('ProducerA', A, 'from-a')]))).ok).toBe(true);

    const otherAccount = await runner.deploy(assembly('c1', [consumer('OtherAccount', 'aws://222222222222/us-east-1')]));
    expect(otherAccount.failed?.reason).toBe('Fn::ImportValue SharedExport: no deployed stack in account 222222222222, region us-east-1 exports that name. ' +
      'Deploy the exporting stack first, in the same account and region (exports are not visible across them).');
    const otherRegion = await runner.deploy(assembly('c2', [consumer('OtherRegion', 'aws://111111111111/eu-west-1')]));
    expect(otherRegion.failed?.reason).toMatch(/no deployed stack in account 111111111111, region eu-west-1 exports that name/);

    const same = await runner.deploy(assembly('c3', [consumer('SameEnv', A)]));
    expect(same.ok).toBe(true);
    expect(fake.callsFor('onEvent', 'Create').filter((c) => c.logicalId === 'Use').map((c) => c.properties.Got)).toEqual(['from-a']);
    expect(runner.state.stacks.SameEnv.imports).toEqual(['SharedExport']);
  });

  test('the same export name is a conflict only within one account and region, and each importer reads its own', async () => {
    const fake = new FakeLambda();
    const { runner } = runnerWith(fake.handlers());
    const result = await runner.deploy(assembly('all', [
      producer('ProducerA', A, 'from-a'),
      producer('ProducerB', 'aws://222222222222/us-east-1', 'from-b'),
      producer('ProducerC', 'aws://111111111111/eu-west-1', 'from-c'),
      consumer('ConsumerB', 'aws://222222222222/us-east-1', ['ProducerB']),
    ]));
    expect(result.ok).toBe(true);
    expect(fake.callsFor('onEvent', 'Create').filter((c) => c.logicalId === 'Use').map((c) => c.properties.Got)).toEqual(['from-b']);

    const duplicate = await runner.deploy(assembly('dup', [producer('ProducerA2', A, 'again')]));
    expect(duplicate).toMatchObject({ ok: false, rolledBack: true, failed: { stack: 'ProducerA2', reason: 'Output Shared: export SharedExport is already exported by stack ProducerA.' } });
  });

  test('an import protects the export of its own account and region only, and destroy follows imports there only', async () => {
    const fake = new FakeLambda();
    const { runner } = runnerWith(fake.handlers());
    const B = 'aws://222222222222/us-east-1';
    await runner.deploy(assembly('all', [
      producer('ProducerA', A, 'from-a'), producer('ProducerB', B, 'from-b'),
      consumer('ConsumerA', A, ['ProducerA']),
    ]));

    // ProducerB's export has the same name as the one ConsumerA imports, but it is not the one ConsumerA imports.
    const changed = await runner.deploy(assembly('b2', [producer('ProducerB', B, 'from-b-2')]));
    expect(changed.ok).toBe(true);
    expect(runner.outputs('ProducerB').Shared).toBe('from-b-2');
    const refused = await runner.deploy(assembly('a2', [producer('ProducerA', A, 'from-a-2')]));
    expect(refused.failed?.reason).toBe('Export SharedExport cannot be updated as it is in use by ConsumerA.');

    const destroyed = await runner.destroy({ stacks: ['ProducerB'] });
    expect(destroyed.ok).toBe(true);
    expect(Object.keys(runner.state.stacks).sort()).toEqual(['ConsumerA', 'ProducerA']);
  });
});
