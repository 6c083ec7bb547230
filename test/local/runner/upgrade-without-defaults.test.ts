import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildDemoApp } from '../../../examples/demo-app';
import { LifecycleRunner } from '../../../local/runner/lifecycle-runner';
import { FAST_TIMINGS } from '../../faults/harness';
import { useEmulator } from '../../helpers/emulator';
import { allConstructsStack } from '../../security/all-constructs';

// Templates no longer carry the properties that hold the handlers' defaults (WaitTimeoutSeconds 1800,
// RemovalBehavior RETAIN, WaitForBgpUp false). A stack deployed by an earlier release has them, so the first
// deploy after an upgrade sends each such custom resource an Update whose only change is a property that
// went missing. That update must keep every physical id (no replacement) and change nothing in the account.

/** The properties an earlier release wrote, by resource type, with the values it wrote. */
const EARLIER_DEFAULTS: Record<string, Record<string, unknown>> = {
  'Custom::InterconnectConnection': { WaitTimeoutSeconds: 1800 },
  'Custom::InterconnectConnectionActivationKey': { WaitTimeoutSeconds: 1800 },
  'Custom::ConnectPeerAssociation': { WaitTimeoutSeconds: 1800 },
  'Custom::SidewalkAccountAssociation': { WaitTimeoutSeconds: 1800 },
  'Custom::DirectConnectHostedConnectionAssociation': { WaitTimeoutSeconds: 1800, RemovalBehavior: 'RETAIN' },
  'Custom::DirectConnectVirtualInterfaceAssociation': { WaitTimeoutSeconds: 1800, RemovalBehavior: 'RETAIN', WaitForBgpUp: false },
};

/** Operations that change something: none may run during the upgrade's update. */
const WRITES = /^(Tag|Untag|Create|Delete|Update|Accept|Associate|Disassociate|Allocate|Confirm|Put|Start|Reject)/;

/**
 * The same assembly as an earlier release would have written it: each missing default added back. Returns
 * the resources it changed, as `<stack>/<logicalId>`, and their types.
 */
function asEarlierRelease(assembly: string, into: string): { resources: string[]; types: Set<string> } {
  fs.cpSync(assembly, into, { recursive: true });
  const resources: string[] = [];
  const types = new Set<string>();
  for (const file of fs.readdirSync(into).filter((f) => f.endsWith('.template.json'))) {
    const full = path.join(into, file);
    const template = JSON.parse(fs.readFileSync(full, 'utf8'));
    for (const [logicalId, resource] of Object.entries<any>(template.Resources ?? {})) {
      const missing = Object.entries(EARLIER_DEFAULTS[resource.Type] ?? {}).filter(([key]) => resource.Properties[key] === undefined);
      for (const [key, value] of missing) resource.Properties[key] = value;
      if (missing.length > 0) {
        resources.push(`${file.replace(/\.template\.json$/, '')}/${logicalId}`);
        types.add(resource.Type);
      }
    }
    fs.writeFileSync(full, JSON.stringify(template, undefined, 1));
  }
  return { resources, types };
}

const emulator = useEmulator({ timings: FAST_TIMINGS });
let work: string;
beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'upgrade-defaults-'));
});
afterEach(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

/** The types whose earlier template the tests below upgraded from: together, every type. */
const upgradedTypes = new Set<string>();

/** The demo app (every construct but Sidewalk, all with their defaults, in the partner's and the customer's accounts). */
function demoApp(outdir: string): string {
  return buildDemoApp({ outdir }).synth().directory;
}

/** Every construct in each mode that renders differently (requested and accepted connections, RETAIN and RESTORE moves, Sidewalk). */
function allConstructsApp(outdir: string): string {
  const em = emulator();
  const put = (name: string, value: Record<string, string>) => em.service('secretsmanager').control!('putSecret',
    { name, secretString: JSON.stringify(value) }, undefined as never) as { arn: string };
  const proposal = em.service('interconnect').control!('createProposal', { environmentId: 'aws-gcp-us-east4', bandwidth: '1Gbps' },
    undefined as never) as { activationKey: string };
  const app = new App({ outdir });
  allConstructsStack(app, {
    activationKey: put('interconnect/proposal', { activationKey: proposal.activationKey }).arn,
    sidewalkKey: put('sidewalk/key', { appServerPrivateKey: 'c0ffee00'.repeat(8) }).arn,
  });
  return app.synth().directory;
}

test.each([['the demo app', demoApp], ['every construct in every mode', allConstructsApp]])(
  'the first deploy after the upgrade of %s updates in place and changes nothing in the account', async (_name, synth) => {
    const em = emulator();
    const current = synth(path.join(work, 'current'));
    const earlier = path.join(work, 'earlier');
    const changed = asEarlierRelease(current, earlier);
    expect(changed.resources.length).toBeGreaterThan(0);
    changed.types.forEach((t) => upgradedTypes.add(t));

    const runner = new LifecycleRunner({ endpoint: em.url, pollIntervalMs: 20, log: () => undefined, handlerLog: () => undefined });
    try {
      const deployed = await runner.deploy(earlier);
      expect(deployed.failed).toBeUndefined();
      expect(deployed.ok).toBe(true);
      const physicalIds = (): Record<string, string> => Object.fromEntries(Object.entries(runner.state.stacks)
        .flatMap(([stack, record]) => Object.entries(record.resources)
          .filter(([, r]) => r.type in EARLIER_DEFAULTS)
          .map(([id, r]) => [`${stack}/${id}`, r.physicalId])));
      const before = physicalIds();
      expect(Object.keys(before)).toEqual(expect.arrayContaining(changed.resources));

      em.calls.clear();
      const upgraded = await runner.update(current);
      expect(upgraded.failed).toBeUndefined();
      expect(upgraded.ok).toBe(true);

      // Each changed one got the Update (a property went missing), and every one kept its physical id.
      const updated = upgraded.events.filter((e) => e.resourceType in EARLIER_DEFAULTS && e.action === 'update').map((e) => `${e.stack}/${e.logicalId}`);
      expect(updated.sort()).toEqual([...changed.resources].sort());
      expect(physicalIds()).toEqual(before);
      const writes = em.calls.all().filter((c) => WRITES.test(c.operation)).map((c) => `${c.service}.${c.operation}`);
      expect(writes).toEqual([]);
    } finally {
      await runner.destroy();
      await runner.close();
    }
  }, 180_000);

test('between them, the upgrades covered every type', () => {
  expect([...upgradedTypes].sort()).toEqual(Object.keys(EARLIER_DEFAULTS).sort());
});
