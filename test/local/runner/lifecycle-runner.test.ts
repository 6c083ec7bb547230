import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FakeLambda } from './fake-lambda';
import { custom, FixtureStack, providerResources, writeAssembly } from './write-assembly';
import { LifecycleRunner, LifecycleRunnerOptions } from '../../../local/runner/lifecycle-runner';
import { CREATE_FAILED_PHYSICAL_ID_MARKER } from '../../../local/runner/provider-framework';

let workDir: string;
beforeEach(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-test-'));
});
const runners: LifecycleRunner[] = [];
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.close()));
  fs.rmSync(workDir, { recursive: true, force: true });
});

function assembly(name: string, stacks: FixtureStack[]): string {
  return writeAssembly(stacks, path.join(workDir, name));
}

function stack(name: string, resources: Record<string, unknown>, rest: Partial<FixtureStack> = {}): FixtureStack {
  return { name, resources: { ...providerResources(), ...resources }, ...rest };
}

function runnerWith(fake: FakeLambda, options: Partial<LifecycleRunnerOptions> = {}) {
  const lines: string[] = [];
  const runner = new LifecycleRunner({ handlers: fake.handlers(), pollIntervalMs: 1, log: (l) => lines.push(l), ...options });
  runners.push(runner);
  return { runner, lines };
}

describe('deploy', () => {
  test('creates custom resources after what they reference, resolving properties from earlier attributes', async () => {
    const fake = new FakeLambda();
    const { runner } = runnerWith(fake);
    const dir = assembly('a', [stack('Net', {
      Second: custom('Thing', { Parent: { 'Fn::GetAtt': ['First', 'Arn'] }, Label: { 'Fn::Sub': '${First}/${AWS::Region}' } }),
      Third: custom('Thing', { Name: 'third' }, { DependsOn: 'Second' }),
      First: custom('Thing', { Name: 'first' }),
    })]);

    const result = await runner.deploy(dir);

    expect(result.ok).toBe(true);
    expect(fake.callsFor('onEvent', 'Create').map((c) => c.logicalId)).toEqual(['First', 'Second', 'Third']);
    const second = fake.callsFor('onEvent', 'Create')[1];
    expect(second.properties.Parent).toBe('arn:aws:fake:us-east-1:123456789012:thing/first-1');
    expect(second.properties.Label).toBe('first-1/us-east-1');
    expect(runner.state.stacks.Net.resources.Third.physicalId).toBe('third-3');
    expect(runner.state.stacks.Net.resources.Third.attributes).toMatchObject({ Id: 'third-3', State: 'available' });
  });

  test('sends what CloudFormation sends: the ServiceToken, string scalars, a fresh RequestId, no PhysicalResourceId on Create', async () => {
    const fake = new FakeLambda();
    const { runner } = runnerWith(fake);
    await runner.deploy(assembly('a', [stack('Net', {
      A: custom('Thing', { Count: 3, Enabled: true, Nested: { Deep: [1, false] } }),
      B: custom('Thing'),
    })]));

    const [a, b] = fake.callsFor('onEvent', 'Create');
    expect(a.event).toMatchObject({
      RequestType: 'Create',
      ResourceType: 'Custom::Thing',
      LogicalResourceId: 'A',
      StackId: expect.stringMatching(/^arn:aws:cloudformation:us-east-1:123456789012:stack\/Net\//),
      ResponseURL: expect.stringMatching(/^https:\/\/.*X-Amz-Signature=/),
    });
    expect(a.event.PhysicalResourceId).toBeUndefined();
    expect(a.properties).toEqual({
      ServiceToken: expect.stringMatching(/^arn:aws:lambda:us-east-1:123456789012:function:/),
      Count: '3',
      Enabled: 'true',
      Nested: { Deep: ['1', 'false'] },
    });
    expect(a.event.RequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.event.RequestId).not.toBe(a.event.RequestId);
  });

  test('points the handlers at the endpoint and the stack region with dummy credentials, then restores the environment', async () => {
    const fake = new FakeLambda();
    const before = { ...process.env };
    process.env.AWS_REGION = 'ap-southeast-2';
    delete process.env.AWS_ENDPOINT_URL;
    try {
      const { runner } = runnerWith(fake, { endpoint: 'http://127.0.0.1:4599' });
      await runner.deploy(assembly('a', [
        stack('Agnostic', { A: custom('Thing') }),
        stack('Pinned', { B: custom('Thing') }, { environment: 'aws://111122223333/eu-west-1' }),
      ]));

      expect(fake.callsFor('onEvent').map((c) => c.env)).toEqual([
        { endpoint: 'http://127.0.0.1:4599', region: 'us-east-1', accessKey: expect.any(String) },
        { endpoint: 'http://127.0.0.1:4599', region: 'eu-west-1', accessKey: expect.any(String) },
      ]);
      expect(fake.callsFor('onEvent')[1].event.StackId).toMatch(/^arn:aws:cloudformation:eu-west-1:111122223333:stack\/Pinned\//);
      expect(process.env.AWS_REGION).toBe('ap-southeast-2');
      expect(process.env.AWS_ENDPOINT_URL).toBeUndefined();
    } finally {
      process.env = before;
    }
  });

  test('polls isComplete at the interval until complete, prints progress lines, and counts invocations', async () => {
    const fake = new FakeLambda();
    const { runner, lines } = runnerWith(fake, { pollIntervalMs: 20, progressIntervalMs: 50 });
    const started = Date.now();

    const result = await runner.deploy(assembly('a', [stack('Net', { Slow: custom('Thing', { Polls: 6 }) })]));

    expect(result.ok).toBe(true);
    expect(fake.callsFor('isComplete')).toHaveLength(7);
    expect(Date.now() - started).toBeGreaterThanOrEqual(6 * 20);
    expect(result.invocations['Net/Slow']).toEqual({ onEvent: 1, isComplete: 7 });
    expect(lines.some((l) => /^ {2}… Slow \(Custom::Thing\) waiting \d+s$/.test(l))).toBe(true);
    expect(runner.state.stacks.Net.resources.Slow.attributes.Polled).toBe('7');
    // isComplete sees the event merged with onEvent's result.
    expect(fake.callsFor('isComplete')[0].event).toMatchObject({ PhysicalResourceId: 'slow-1', Data: { Id: 'slow-1' } });
  });

  test('fails a resource whose isComplete never completes within maxWaitMs, and rolls it back', async () => {
    const fake = new FakeLambda();
    const neverCreated = async (event: any) => (event.RequestType === 'Delete' ? { IsComplete: true } : { IsComplete: false });
    const { runner } = runnerWith(fake, { pollIntervalMs: 5, maxWaitMs: 40, handlers: { onEvent: fake.onEvent, isComplete: neverCreated } });

    const result = await runner.deploy(assembly('a', [stack('Net', { Stuck: custom('Thing') })]));

    expect(result).toMatchObject({ ok: false, rolledBack: true, failed: { stack: 'Net', logicalId: 'Stuck', reason: 'Operation timed out' } });
    expect(fake.callsFor('onEvent', 'Delete').map((c) => c.physicalId)).toEqual(['stuck-1']);
  });

  test('enforces the framework rule that isComplete returns no Data while not complete', async () => {
    const fake = new FakeLambda();
    const { runner } = runnerWith(fake, {
      handlers: { onEvent: fake.onEvent, isComplete: async () => ({ IsComplete: false, Data: { Early: 'x' } }) },
    });
    const result = await runner.deploy(assembly('a', [stack('Net', { A: custom('Thing') })]));
    expect(result.failed?.reason).toBe('"Data" is not allowed if "IsComplete" is "False"');
  });

  test('fails a response larger than CloudFormation accepts', async () => {
    const fake = new FakeLambda();
    const { runner } = runnerWith(fake, {
      handlers: { onEvent: async () => ({ PhysicalResourceId: 'big', Data: { Blob: 'x'.repeat(5000) } }), isComplete: async () => ({ IsComplete: true }) },
    });
    const result = await runner.deploy(assembly('a', [stack('Net', { A: custom('Thing') })]));
    expect(result.failed).toMatchObject({ logicalId: 'A', reason: 'Response object is too long.' });
  });

  test('runs independent resources concurrently, never more than the concurrency option', async () => {
    let running = 0;
    let peak = 0;
    const slow = async (event: any) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 20));
      running--;
      return { PhysicalResourceId: `${event.LogicalResourceId}-id` };
    };
    const resources = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`R${i}`, custom('Thing')]));
    const { runner } = runnerWith(new FakeLambda(), { handlers: { onEvent: slow, isComplete: async () => ({ IsComplete: true }) }, concurrency: 4 });

    const result = await runner.deploy(assembly('a', [stack('Net', resources)]));

    expect(result.ok).toBe(true);
    expect(peak).toBe(4);
  });

  test('prints each resource, its physical id and attributes, masking NoEcho ones unless revealed', async () => {
    const fake = new FakeLambda();
    const { runner, lines } = runnerWith(fake, { revealAttributes: ['Name'] });
    await runner.deploy(assembly('a', [stack('Net', {
      Open: custom('Thing', { Name: 'open' }),
      Hidden: custom('Thing', { Name: 'hidden', NoEcho: 'true' }),
    }, {
      outputs: {
        HiddenSecret: { Value: { 'Fn::GetAtt': ['Hidden', 'Secret'] } },
        HiddenName: { Value: { 'Fn::GetAtt': ['Hidden', 'Name'] } },
        OpenSecret: { Value: { 'Fn::Join': ['', ['s=', { 'Fn::GetAtt': ['Open', 'Secret'] }]] } },
      },
    })]));
    const output = lines.join('\n');

    expect(output).toMatch(/✓ Open \(Custom::Thing\) created open-\d/);
    expect(output).toContain('      Secret = secret-of-open-');
    expect(output).toMatch(/✓ Hidden \(Custom::Thing\) created hidden-\d/);
    expect(output).toContain('      Name = hidden');
    expect(output).not.toMatch(/secret-of-hidden/);
    expect(output).toContain('      Secret = ****');
    expect(output).toContain('    HiddenSecret = ****');
    expect(output).toContain('    HiddenName = hidden');
    expect(output).toMatch(/ {4}OpenSecret = s=secret-of-open-\d/);
    // The caller reads the values in clear.
    expect(runner.outputs('Net').HiddenSecret).toMatch(/^secret-of-hidden-\d$/);
  });

  test('simulates non-custom resources and custom resources of other providers, with fake ids and attributes', async () => {
    const fake = new FakeLambda();
    const { runner } = runnerWith(fake);
    await runner.deploy(assembly('a', [stack('Net', {
      Foreign: { Type: 'Custom::Foreign', Properties: { ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:other' } },
      SomeRole: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
      Mine: custom('Thing', {
        RoleArn: { 'Fn::GetAtt': ['SomeRole', 'Arn'] },
        Foreign: { Ref: 'Foreign' },
      }),
    })]));

    expect(fake.callsFor('onEvent').map((c) => c.logicalId)).toEqual(['Mine']);
    expect(fake.callsFor('onEvent')[0].properties).toMatchObject({
      RoleArn: 'arn:aws:iam::123456789012:role/SomeRole-sim',
      Foreign: 'Foreign-sim',
    });
    expect(runner.state.stacks.Net.resources.Foreign).toMatchObject({ physicalId: 'Foreign-sim', simulated: true });
  });

  test('fails clearly when a property reads an attribute the handler did not return', async () => {
    const fake = new FakeLambda();
    const { runner, lines } = runnerWith(fake);
    const result = await runner.deploy(assembly('a', [stack('Net', {
      A: custom('Thing'),
      B: custom('Thing', { X: { 'Fn::GetAtt': ['A', 'nonexistent'] } }),
    })]));

    expect(result.failed).toMatchObject({ logicalId: 'B', reason: expect.stringContaining('Fn::GetAtt A.nonexistent: the Custom::Thing handler returned no attribute nonexistent') });
    expect(lines.join('\n')).toContain('returned no attribute nonexistent');
    expect(fake.callsFor('onEvent', 'Delete').map((c) => c.logicalId)).toEqual(['A']);
  });

  test('refuses a template whose resources reference each other in a cycle', async () => {
    const { runner } = runnerWith(new FakeLambda());
    const result = await runner.deploy(assembly('a', [stack('Net', {
      A: custom('Thing', { X: { Ref: 'B' } }),
      B: custom('Thing', { X: { Ref: 'A' } }),
    })]));
    expect(result.failed?.reason).toMatch(/Circular dependency between resources: (A -> B -> A|B -> A -> B)/);
  });

  test('skips resources whose Condition is false', async () => {
    const fake = new FakeLambda();
    const { runner } = runnerWith(fake);
    await runner.deploy(assembly('a', [stack('Net', {
      Yes: custom('Thing', {}, { Condition: 'InVirginia' }),
      No: custom('Thing', {}, { Condition: 'NotInVirginia' }),
    }, {
      conditions: {
        InVirginia: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] },
        NotInVirginia: { 'Fn::Not': [{ Condition: 'InVirginia' }] },
      },
    })]));
    expect(fake.callsFor('onEvent').map((c) => c.logicalId)).toEqual(['Yes']);
  });
});

describe('cross-stack references', () => {
  const producer = () => stack('Producer', { Conn: custom('Thing', { Name: 'conn' }) }, {
    outputs: {
      ExportsOutputFnGetAttConnIdABCD: { Value: { 'Fn::GetAtt': ['Conn', 'Id'] }, Export: { Name: 'Producer:ExportsOutputFnGetAttConnIdABCD' } },
    },
  });
  const consumer = () => stack('Consumer', { Use: custom('Thing', { ConnId: { 'Fn::ImportValue': 'Producer:ExportsOutputFnGetAttConnIdABCD' } }) }, {
    dependencies: ['Producer'],
    outputs: { UsedId: { Value: { 'Fn::GetAtt': ['Use', 'Name'] } }, Imported: { Value: { 'Fn::ImportValue': 'Producer:ExportsOutputFnGetAttConnIdABCD' } } },
  });

  test('deploys stacks in manifest dependency order and resolves Fn::ImportValue from earlier exports', async () => {
    const fake = new FakeLambda();
    const { runner } = runnerWith(fake);
    // The consumer is listed first: only the manifest's dependencies order the stacks.
    const result = await runner.deploy(assembly('a', [consumer(), producer()]));

    expect(result.ok).toBe(true);
    expect(fake.callsFor('onEvent').map((c) => c.logicalId)).toEqual(['Conn', 'Use']);
    expect(fake.callsFor('onEvent')[1].properties.ConnId).toBe('conn-1');
    expect(runner.outputs('Consumer')).toEqual({ UsedId: '', Imported: 'conn-1' });
    expect(runner.state.stacks.Consumer.imports).toEqual(['Producer:ExportsOutputFnGetAttConnIdABCD']);
  });

  test('deploying one named stack deploys what it depends on, not the rest', async () => {
    const fake = new FakeLambda();
    const { runner } = runnerWith(fake);
    const result = await runner.deploy(assembly('a', [producer(), consumer(), stack('Unrelated', { U: custom('Thing') })]), { stacks: ['Consumer'] });
    expect(result.ok).toBe(true);
    expect(Object.keys(runner.state.stacks)).toEqual(['Producer', 'Consumer']);
  });

  test('an export another stack imports cannot change, and destroying the exporter takes the importer with it', async () => {
    const fake = new FakeLambda();
    const { runner } = runnerWith(fake);
    await runner.deploy(assembly('a', [producer(), consumer()]));

    const changed = stack('Producer', { Conn: custom('Thing', { Name: 'conn', Key: 'new' }) }, { outputs: producer().outputs });
    const update = await runner.deploy(assembly('b', [changed]));
    expect(update).toMatchObject({ ok: false, rolledBack: true });
    expect(update.failed?.reason).toBe('Export Producer:ExportsOutputFnGetAttConnIdABCD cannot be updated as it is in use by Consumer.');
    expect(runner.state.stacks.Producer.resources.Conn.physicalId).toBe('conn-1');
    expect(fake.live.has('conn-3')).toBe(false);

    const destroyed = await runner.destroy({ stacks: ['Producer'] });
    expect(destroyed.ok).toBe(true);
    expect(fake.callsFor('onEvent', 'Delete').map((c) => c.physicalId).slice(-2)).toEqual(['use-2', 'conn-1']);
    expect(runner.state.stacks).toEqual({});
  });
});

describe('update', () => {
  test('updates changed resources in place with OldResourceProperties and leaves unchanged ones alone', async () => {
    const fake = new FakeLambda();
    const { runner } = runnerWith(fake);
    await runner.deploy(assembly('v1', [stack('Net', { A: custom('Thing', { Name: 'one' }), B: custom('Thing', { Name: 'b' }) })]));
    const result = await runner.update(assembly('v2', [stack('Net', { A: custom('Thing', { Name: 'two' }), B: custom('Thing', { Name: 'b' }) })]));

    expect(result.ok).toBe(true);
    const updates = fake.callsFor('onEvent', 'Update');
    expect(updates.map((c) => c.logicalId)).toEqual(['A']);
    expect(updates[0]).toMatchObject({ physicalId: 'a-1', properties: { Name: 'two' }, oldProperties: { Name: 'one' } });
    expect(runner.state.stacks.Net.resources.A.properties.Name).toBe('two');
  });

  test('a replacement creates the new resource first and deletes the old physical id with the old properties in cleanup', async () => {
    const fake = new FakeLambda();
    const { runner, lines } = runnerWith(fake);
    await runner.deploy(assembly('v1', [stack('Net', {
      Conn: custom('Thing', { Key: 'k1' }),
      Dependent: custom('Thing', { Parent: { Ref: 'Conn' } }),
    })]));
    fake.calls.length = 0;

    const result = await runner.update(assembly('v2', [stack('Net', {
      Conn: custom('Thing', { Key: 'k2' }),
      Dependent: custom('Thing', { Parent: { Ref: 'Conn' } }),
    })]));

    expect(result.ok).toBe(true);
    const sequence = fake.callsFor('onEvent').map((c) => `${c.requestType} ${c.logicalId} ${c.physicalId ?? ''}`.trim());
    expect(sequence).toEqual(['Update Conn conn-1', 'Update Dependent dependent-2', 'Delete Conn conn-1']);
    const cleanup = fake.callsFor('onEvent', 'Delete')[0];
    expect(cleanup.properties.Key).toBe('k1');
    expect(fake.callsFor('onEvent', 'Update')[1].properties.Parent).toBe('conn-3');
    expect(runner.state.stacks.Net.resources.Conn.physicalId).toBe('conn-3');
    expect(result.events.find((e) => e.action === 'update' && e.logicalId === 'Conn')).toMatchObject({ physicalId: 'conn-3', replacedPhysicalId: 'conn-1' });
    expect(lines.join('\n')).toContain('Conn (Custom::Thing) replaced conn-1 with conn-3');
  });

  test('UpdateReplacePolicy Retain keeps the old physical resource of a replacement', async () => {
    const fake = new FakeLambda();
    const { runner } = runnerWith(fake);
    const v = (key: string) => [stack('Net', { Conn: custom('Thing', { Key: key }, { UpdateReplacePolicy: 'Retain' }) })];
    await runner.deploy(assembly('v1', v('k1')));
    const result = await runner.update(assembly('v2', v('k2')));

    expect(result.ok).toBe(true);
    expect(fake.callsFor('onEvent', 'Delete')).toHaveLength(0);
    expect(result.events.find((e) => e.action === 'retain')).toMatchObject({ logicalId: 'Conn', physicalId: 'conn-1' });
  });

  test('resources removed from the template are deleted in cleanup, dependents first, after creates succeed', async () => {
    const fake = new FakeLambda();
    const { runner } = runnerWith(fake);
    await runner.deploy(assembly('v1', [stack('Net', {
      Base: custom('Thing'),
      Middle: custom('Thing', { P: { Ref: 'Base' } }),
      Top: custom('Thing', { P: { Ref: 'Middle' } }),
    })]));
    fake.calls.length = 0;

    const result = await runner.update(assembly('v2', [stack('Net', { Fresh: custom('Thing') })]));

    expect(result.ok).toBe(true);
    expect(fake.callsFor('onEvent').map((c) => `${c.requestType} ${c.logicalId}`)).toEqual(['Create Fresh', 'Delete Top', 'Delete Middle', 'Delete Base']);
    expect(Object.keys(runner.state.stacks.Net.resources).filter((id) => !id.startsWith('Cdk'))).toEqual(['Fresh']);
  });

  test('a failed update is rolled back: in-place updates get Update with old and new swapped, new resources are deleted, no cleanup', async () => {
    const fake = new FakeLambda();
    const { runner, lines } = runnerWith(fake);
    await runner.deploy(assembly('v1', [stack('Net', {
      Kept: custom('Thing', { Name: 'before' }),
      Replaced: custom('Thing', { Key: 'k1' }),
      Removed: custom('Thing'),
    })]));
    fake.calls.length = 0;

    const result = await runner.update(assembly('v2', [stack('Net', {
      Kept: custom('Thing', { Name: 'after' }),
      Replaced: custom('Thing', { Key: 'k2' }),
      Added: custom('Thing'),
      Broken: custom('Thing', { FailOnEvent: 'Create' }, { DependsOn: ['Kept', 'Replaced', 'Added'] }),
    })]));

    expect(result).toMatchObject({ ok: false, rolledBack: true, failed: { stack: 'Net', logicalId: 'Broken', reason: 'onEvent refused Create of Broken' } });
    const rollback = fake.callsFor('onEvent').slice(fake.callsFor('onEvent').findIndex((c) => c.logicalId === 'Broken') + 1);
    const kept = rollback.find((c) => c.logicalId === 'Kept')!;
    expect(kept).toMatchObject({ requestType: 'Update', physicalId: 'kept-1', properties: { Name: 'before' }, oldProperties: { Name: 'after' } });
    expect(rollback.filter((c) => c.requestType === 'Delete').map((c) => c.physicalId).sort()).toEqual(['added-5', 'replaced-4']);
    // No cleanup: the removed resource and the replaced resource's old id are never deleted.
    expect(fake.callsFor('onEvent', 'Delete').map((c) => c.physicalId)).not.toContain('removed-3');
    expect(fake.callsFor('onEvent', 'Delete').map((c) => c.physicalId)).not.toContain('replaced-2');
    const resources = runner.state.stacks.Net.resources;
    expect(resources.Replaced.physicalId).toBe('replaced-2');
    expect(resources.Kept.properties.Name).toBe('before');
    expect(resources.Removed).toBeDefined();
    expect(resources.Added).toBeUndefined();
    expect(lines.join('\n')).toContain('Rolling back stack Net: Broken: onEvent refused Create of Broken');
  });

  test('the resource whose update failed is itself rolled back with swapped properties', async () => {
    const fake = new FakeLambda();
    const { runner } = runnerWith(fake);
    await runner.deploy(assembly('v1', [stack('Net', { A: custom('Thing', { Name: 'one' }) })]));
    const result = await runner.update(assembly('v2', [stack('Net', { A: custom('Thing', { Name: 'two', FailIsComplete: 'Update' }) })]));

    expect(result.failed).toMatchObject({ logicalId: 'A', reason: 'isComplete saw A fail' });
    expect(fake.callsFor('onEvent', 'Update').map((c) => [c.properties.Name, c.oldProperties?.Name])).toEqual([['two', 'one'], ['one', 'two']]);
    expect(result.events.map((e) => `${e.action}:${e.status}`)).toEqual(['update:failed', 'rollback-update:succeeded']);
  });
});

describe('create failure', () => {
  test('deletes every resource created so far, newest first, and reports the reason', async () => {
    const fake = new FakeLambda();
    const { runner, lines } = runnerWith(fake, { concurrency: 1 });
    const result = await runner.deploy(assembly('a', [stack('Net', {
      A: custom('Thing'),
      B: custom('Thing', { P: { Ref: 'A' } }),
      C: custom('Thing', { P: { Ref: 'B' }, FailOnEvent: 'Create' }),
      D: custom('Thing', {}, { DependsOn: 'C' }),
    })]));

    expect(result).toMatchObject({ ok: false, rolledBack: true, failed: { stack: 'Net', logicalId: 'C', reason: 'onEvent refused Create of C' } });
    // C's onEvent failed, so the framework's CREATE_FAILED marker keeps its Delete from reaching the handler.
    expect(fake.callsFor('onEvent', 'Delete').map((c) => c.physicalId)).toEqual(['b-2', 'a-1']);
    expect(fake.callsFor('onEvent').map((c) => c.logicalId)).not.toContain('D');
    expect(fake.live.size).toBe(0);
    expect(runner.state.stacks).toEqual({});
    expect(result.events.find((e) => e.logicalId === 'C' && e.action === 'rollback-delete')).toMatchObject({ physicalId: CREATE_FAILED_PHYSICAL_ID_MARKER, invocations: { onEvent: 0, isComplete: 0 } });
    expect(lines.join('\n')).toContain('Rolling back stack Net: C: onEvent refused Create of C');
  });

  test('a resource that failed in isComplete has a physical id, so the rollback deletes it too', async () => {
    const fake = new FakeLambda();
    const { runner } = runnerWith(fake);
    const result = await runner.deploy(assembly('a', [stack('Net', { A: custom('Thing', { FailIsComplete: 'Create' }) })]));
    expect(result.failed?.reason).toBe('isComplete saw A fail');
    expect(fake.callsFor('onEvent', 'Delete').map((c) => c.physicalId)).toEqual(['a-1']);
    expect(fake.live.size).toBe(0);
  });

  test('a rollback delete that fails leaves the stack in state for a later destroy', async () => {
    const fake = new FakeLambda();
    const { runner } = runnerWith(fake);
    const result = await runner.deploy(assembly('a', [stack('Net', {
      Sticky: custom('Thing', { FailOnEvent: 'Delete' }),
      Bad: custom('Thing', { FailOnEvent: 'Create' }, { DependsOn: 'Sticky' }),
    })]));
    expect(result).toMatchObject({ ok: false, rolledBack: false });
    expect(result.warnings.join('\n')).toContain('Net/Sticky: rollback-delete failed: onEvent refused Delete of Sticky');
    expect(Object.keys(runner.state.stacks.Net.resources)).toEqual(['Sticky']);
  });
});

describe('destroy', () => {
  test('deletes in reverse dependency order, honours DeletionPolicy Retain, and empties the state', async () => {
    const fake = new FakeLambda();
    const { runner, lines } = runnerWith(fake);
    await runner.deploy(assembly('a', [stack('Net', {
      Base: custom('Thing'),
      Kept: custom('Thing', { P: { Ref: 'Base' } }, { DeletionPolicy: 'Retain' }),
      Top: custom('Thing', { P: { 'Fn::GetAtt': ['Kept', 'Id'] } }),
    })]));

    const result = await runner.destroy();

    expect(result.ok).toBe(true);
    expect(fake.callsFor('onEvent', 'Delete').map((c) => c.logicalId)).toEqual(['Top', 'Base']);
    expect(fake.callsFor('isComplete', 'Delete').map((c) => c.logicalId)).toEqual(['Top', 'Base']);
    expect(fake.live.has('kept-2')).toBe(true);
    expect(result.events.find((e) => e.logicalId === 'Kept')).toMatchObject({ action: 'retain', physicalId: 'kept-2' });
    expect(lines).toContain('  = Kept (Custom::Thing) retained: kept-2');
    expect(runner.state.stacks).toEqual({});
  });

  test('a failing delete stops the destroy and keeps what is left in state', async () => {
    const fake = new FakeLambda();
    const { runner } = runnerWith(fake);
    await runner.deploy(assembly('a', [stack('Net', { A: custom('Thing', { FailOnEvent: 'Delete' }), B: custom('Thing', { P: { Ref: 'A' } }) })]));
    const result = await runner.destroy();
    expect(result).toMatchObject({ ok: false, rolledBack: false, failed: { stack: 'Net', logicalId: 'A', reason: 'onEvent refused Delete of A' } });
    expect(Object.keys(runner.state.stacks.Net.resources).filter((id) => !id.startsWith('Cdk'))).toEqual(['A']);
  });
});

describe('secrets', () => {
  test('the ResponseURL never appears in the runner output, even when a handler puts it in an error', async () => {
    const urls: string[] = [];
    const leaky = async (event: any) => {
      urls.push(event.ResponseURL);
      if (event.LogicalResourceId === 'Leak') throw new Error(`cannot post to ${event.ResponseURL}`);
      return { PhysicalResourceId: 'p', Data: { Echo: event.ResponseURL } };
    };
    const lines: string[] = [];
    const runner = new LifecycleRunner({ handlers: { onEvent: leaky, isComplete: async () => ({ IsComplete: true }) }, log: (l) => lines.push(l) });
    const result = await runner.deploy(assembly('a', [stack('Net', {
      Ok: custom('Thing', { Echo: 'yes' }),
      Leak: custom('Thing', {}, { DependsOn: 'Ok' }),
    })]));

    expect(urls.length).toBeGreaterThanOrEqual(3);
    const output = lines.join('\n') + JSON.stringify(result);
    for (const url of urls) {
      expect(output).not.toContain(url);
      expect(output).not.toContain(new URL(url).search);
    }
    expect(output).not.toMatch(/X-Amz-Signature|local-runner-secret/);
    expect(output).toContain('cannot post to <ResponseURL>');
  });
});

describe('handler output', () => {
  test('goes to handlerLog when given, while the runner\'s own lines still go to log', async () => {
    const chatty = async (event: any) => {
      process.stdout.write(`{"msg":"working on ${event.LogicalResourceId}"}\n`);
      process.stderr.write('partial ');
      process.stderr.write('line\n');
      return { PhysicalResourceId: 'p1' };
    };
    const lines: string[] = [];
    const handlerLines: string[] = [];
    const runner = new LifecycleRunner({
      handlers: { onEvent: chatty, isComplete: async () => ({ IsComplete: true }) },
      log: (l) => lines.push(l),
      handlerLog: (l) => handlerLines.push(l),
    });

    await runner.deploy(assembly('a', [stack('Net', { A: custom('Thing') })]));

    expect(handlerLines).toEqual(['{"msg":"working on A"}', 'partial line']);
    expect(lines.some((l) => l.includes('✓ A (Custom::Thing) created p1'))).toBe(true);
    expect(lines.join('\n')).not.toContain('working on');
  });
});

describe('state', () => {
  test('saved state can be loaded by another runner, which destroys what the first deployed', async () => {
    const fake = new FakeLambda();
    const first = runnerWith(fake).runner;
    await first.deploy(assembly('a', [stack('Net', { A: custom('Thing', { Name: 'x' }) }, { outputs: { Id: { Value: { Ref: 'A' } } } })]));
    const file = path.join(workDir, 'state', 'runner.json');
    first.saveState(file);

    const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(saved.stacks.Net.resources.A).toMatchObject({ physicalId: 'a-1', properties: { Name: 'x' }, attributes: { Id: 'a-1' }, simulated: false });
    // Only the owner may read it: it holds attribute values in clear.
    expect((fs.statSync(file).mode % 0o1000).toString(8)).toBe('600');

    const second = runnerWith(fake).runner;
    second.loadState(file);
    expect(second.outputs('Net')).toEqual({ Id: 'a-1' });
    const result = await second.destroy();
    expect(result.ok).toBe(true);
    expect(fake.callsFor('onEvent', 'Delete')[0]).toMatchObject({ physicalId: 'a-1', properties: { Name: 'x' } });
    expect(fake.live.size).toBe(0);
  });

  test('the state getter returns a copy', async () => {
    const { runner } = runnerWith(new FakeLambda());
    await runner.deploy(assembly('a', [stack('Net', { A: custom('Thing') })]));
    (runner.state.stacks as any).Net = undefined;
    expect(runner.state.stacks.Net).toBeDefined();
  });
});
