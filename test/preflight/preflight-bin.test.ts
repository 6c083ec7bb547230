import { execFile } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { DX_FIXTURE_AUTH_KEYS } from '../../local/emulator/services/directconnect-fixture';
import { NM_CONNECT_PEER, NM_DEVICE, NM_GLOBAL_NETWORK, NM_LINK, NM_OTHER_DEVICE, NM_OTHER_LINK } from '../../local/emulator/services/networkmanager-fixture';
import { emulatorControl, useEmulator } from '../helpers/emulator';

/**
 * The move preflight through the built bin (bin/cdk-hybrid-connectivity and its bundle in assets/preflight,
 * from `npx projen bundle`), as a child process against the emulator, as the partner (123456789012) and the
 * customers (111122223333, 444455556666). Every test also checks that only reads reached the emulator.
 */
const BIN = join(__dirname, '..', '..', 'bin', 'cdk-hybrid-connectivity');
const PARTNER = '123456789012';
const CUSTOMER = '111122223333';

const emulator = useEmulator();
let work: string;
beforeAll(() => { work = mkdtempSync(join(tmpdir(), 'preflight-test-')); });
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface StackSpec {
  readonly id: string;
  readonly account?: string;
  readonly template: Record<string, unknown>;
}

let assemblies = 0;
/** A cloud assembly as `cdk synth` writes it: manifest.json naming each stack's template. */
function assembly(stacks: StackSpec[]): string {
  const dir = join(work, `cdk.out.${++assemblies}`);
  mkdirSync(dir, { recursive: true });
  const artifacts: Record<string, unknown> = {};
  for (const s of stacks) {
    writeFileSync(join(dir, `${s.id}.template.json`), JSON.stringify(s.template));
    artifacts[s.id] = {
      type: 'aws:cloudformation:stack',
      environment: `aws://${s.account ?? PARTNER}/us-east-1`,
      properties: { templateFile: `${s.id}.template.json` },
      displayName: s.id,
    };
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ version: '48.0.0', artifacts }));
  return dir;
}

const hosted = (ConnectionId: unknown, ParentConnectionId: unknown, RemovalBehavior = 'RETAIN') =>
  ({ Type: 'Custom::DirectConnectHostedConnectionAssociation', Properties: { ServiceToken: 'arn:x', ConnectionId, ParentConnectionId, RemovalBehavior, WaitTimeoutSeconds: '900' } });
const vif = (VirtualInterfaceId: unknown, ConnectionId: unknown, RemovalBehavior = 'RETAIN') =>
  ({ Type: 'Custom::DirectConnectVirtualInterfaceAssociation', Properties: { ServiceToken: 'arn:x', VirtualInterfaceId, ConnectionId, RemovalBehavior, WaitForBgpUp: 'false', WaitTimeoutSeconds: '900' } });
const peer = (DeviceId: string, LinkId?: string) =>
  ({ Type: 'Custom::ConnectPeerAssociation', Properties: { ServiceToken: 'arn:x', GlobalNetworkId: NM_GLOBAL_NETWORK, ConnectPeerId: NM_CONNECT_PEER, DeviceId, LinkId, WaitTimeoutSeconds: '900' } });

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly json: any;
}

/** Runs the bin as `account`; asynchronous, so the emulator in this process keeps answering. */
function preflight(account: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, 'preflight', ...args], {
      env: {
        PATH: process.env.PATH,
        AWS_ENDPOINT_URL: emulator().url,
        AWS_ACCESS_KEY_ID: account,
        AWS_SECRET_ACCESS_KEY: 'emulator-secret-access-key',
        AWS_REGION: 'us-east-1',
        AWS_EC2_METADATA_DISABLED: 'true',
        HYBRID_CONNECTIVITY_RETRY_BASE_MS: '5',
      },
    }, (err, stdout, stderr) => {
      let json: any;
      try { json = JSON.parse(stdout); } catch { json = undefined; }
      resolve({ code: err ? Number((err as any).code ?? 99) : 0, stdout, stderr, json });
    });
  });
}

/** Every call the emulator saw was a read, and there was at least one. */
function expectOnlyReads(): void {
  const calls = emulator().calls.all().filter((c) => c.service !== 'sts');
  expect(calls.length).toBeGreaterThan(0);
  expect(calls.filter((c) => !/^(Describe|Get|List)/.test(c.operation)).map((c) => c.operation)).toEqual([]);
}

function expectNoSecrets(run: Run): void {
  for (const key of DX_FIXTURE_AUTH_KEYS) {
    expect(run.stdout).not.toContain(key);
    expect(run.stderr).not.toContain(key);
  }
}

describe('cdk-hybrid-connectivity preflight (the built bin against the emulator)', () => {
  it('a clean move: the ids come from a parameter default, another stack\'s export and a LAG ARN; ok, exit 0, RESTORE possible', async () => {
    const dir = assembly([
      { id: 'Network', template: { Resources: {}, Outputs: { Lag: { Value: 'arn:aws:directconnect:us-east-1:123456789012:dxlag/dxlag-lagx0001', Export: { Name: 'partner-lag' } } } } },
      {
        id: 'PartnerMoves',
        template: {
          Parameters: { Hosted: { Type: 'String', Default: 'dxcon-hosx0001' } },
          Resources: { Move: hosted({ Ref: 'Hosted' }, { 'Fn::ImportValue': 'partner-lag' }, 'RESTORE') },
        },
      },
    ]);
    const run = await preflight(PARTNER, [dir, '--json']);
    expect(run.code).toBe(0);
    expect(run.json.moves).toHaveLength(1);
    const [move] = run.json.moves;
    expect(move).toMatchObject({ kind: 'hosted-connection', subject: 'dxcon-hosx0001', from: 'dxcon-icx00004', to: 'dxlag-lagx0001', verdict: 'ok' });
    expect(move.interrupts[0]).toContain('500Mbps');
    expect(move.onDelete).toBe('RESTORE: it moves back to dxcon-icx00004; possible now (VLAN 101 is free on dxcon-icx00004)');
    expectOnlyReads();
  });

  it('a hosted connection it had to search for: the report suggests currentParent, with the calls it saves per move', async () => {
    const dir = assembly([{ id: 'PartnerMoves', template: { Resources: { Move: hosted('dxcon-hosx0001', 'dxlag-lagx0001') } } }]);
    const run = await preflight(PARTNER, [dir]);
    expect(run.code).toBe(0);
    // Listed 4th: the lists of interconnects and LAGs, then 4 DescribeHostedConnections; told, the move reads once.
    expect(run.stdout).toContain('suggestion: currentParent: dxcon-icx00004 saves 5 calls per move: the search for dxcon-hosx0001 took 6 reads');
    expect(run.stdout).toContain("DirectConnectTarget.fromId('dxcon-icx00004')");
    expectOnlyReads();
  });

  it('a correct currentParent is read first and there is nothing to suggest; a wrong one is searched past and the real parent suggested', async () => {
    const told = (CurrentParentId: string) => ({
      ...hosted('dxcon-hosx0001', 'dxlag-lagx0001'),
      Properties: { ...hosted('dxcon-hosx0001', 'dxlag-lagx0001').Properties, CurrentParentId },
    });
    const readsOf = async (template: Record<string, unknown>) => {
      emulator().calls.clear();
      const run = await preflight(PARTNER, [assembly([{ id: 'PartnerMoves', template }]), '--json']);
      return { run, parents: emulator().calls.count({ service: 'directconnect', operation: 'DescribeHostedConnections' }) };
    };
    const searched = await readsOf({ Resources: { Move: hosted('dxcon-hosx0001', 'dxlag-lagx0001') } });
    const { run: right, parents } = await readsOf({ Resources: { Move: told('dxcon-icx00004') } });
    expect(right.code).toBe(0);
    expect(right.json.moves[0]).toMatchObject({ verdict: 'ok', from: 'dxcon-icx00004', to: 'dxlag-lagx0001' });
    expect(right.json.moves[0].suggestions).toBeUndefined();
    // Told, it reads dxcon-icx00004 straight away: dxcon-icx00001 to dxcon-icx00003, which the search reads, are not.
    expect(searched.parents - parents).toBe(3);

    emulator().calls.clear();
    const wrong = await preflight(PARTNER, [assembly([{
      id: 'PartnerMoves',
      template: {
        Resources: { Move: told('arn:aws:directconnect:us-east-1:123456789012:dxcon/dxcon-icx00002') },
      },
    }]), '--json']);
    expect(wrong.code).toBe(0);
    expect(wrong.json.moves[0]).toMatchObject({ verdict: 'ok', from: 'dxcon-icx00004' });
    // The hint (an ARN, read as its id) once, then icx00001, icx00003, icx00004 of the listing: 4 reads of parents and 2 lists.
    expect(wrong.json.moves[0].suggestions).toEqual([expect.stringContaining('currentParent: dxcon-icx00004 saves 5 calls per move')]);
    expectOnlyReads();
  });

  it('a clean virtual-interface move as the customer: its BGP peers and the bandwidth it interrupts, in a table', async () => {
    const dir = assembly([{ id: 'CustomerMoves', account: CUSTOMER, template: { Resources: { MoveVif: vif('dxvif-hstx0001', 'dxcon-hosx0006', 'RESTORE') } } }]);
    const run = await preflight(CUSTOMER, [dir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/CustomerMoves\/MoveVif\s+virtual interface dxvif-hstx0001\s+dxcon-hosx0003\s+dxcon-hosx0006\s+ok/);
    expect(run.stdout).toContain('BGP peer dxpeer-hstx0001 up');
    expect(run.stdout).toContain('bandwidth 1Gbps on dxcon-hosx0003 becomes 200Mbps on dxcon-hosx0006');
    expect(run.stdout).toContain('on delete: RESTORE: it moves back to dxcon-hosx0003; possible now');
    expectNoSecrets(run);
    expectOnlyReads();
  });

  it('a no-op: the hosted connection is already on its target', async () => {
    const dir = assembly([{ id: 'PartnerMoves', template: { Resources: { Move: hosted('dxcon-hosx0002', 'dxcon-icx00001') } } }]);
    const run = await preflight(PARTNER, [dir, '--json']);
    expect(run.code).toBe(0);
    expect(run.json.moves[0]).toMatchObject({ verdict: 'no-op', from: 'dxcon-icx00001', to: 'dxcon-icx00001', interrupts: [] });
    expectOnlyReads();
  });

  it('a VLAN clash on the target blocks the move (hosted connection and virtual interface), exit 1', async () => {
    const dir = assembly([{
      id: 'PartnerMoves',
      template: { Resources: { MoveHosted: hosted('dxcon-hosx0002', 'dxlag-lagx0001'), MoveVif: vif('dxvif-pvtx0001', 'dxcon-dedx0003') } },
    }]);
    const run = await preflight(PARTNER, [dir, '--json']);
    expect(run.code).toBe(1);
    const [h, v] = run.json.moves;
    expect(h.verdict).toBe('blocked');
    expect(h.findings[0]).toContain('VLAN 102 is already in use on dxlag-lagx0001 by hosted connection dxcon-hosx0004');
    expect(v.verdict).toBe('blocked');
    expect(v.findings[0]).toContain('VLAN 401 is already in use on dxcon-dedx0003 by virtual interface dxvif-pvtx0002');
    expectNoSecrets(run);
    expectOnlyReads();
  });

  it('an IP address clash on the target blocks a virtual-interface move', async () => {
    await emulatorControl(emulator().url, 'POST', 'directconnect/setAddresses', { virtualInterfaceId: 'dxvif-pvtx0002', amazonAddress: '203.0.113.1/30' });
    const dir = assembly([{ id: 'PartnerMoves', template: { Resources: { MoveVif: vif('dxvif-pubx0001', 'dxcon-dedx0003') } } }]);
    const run = await preflight(PARTNER, [dir, '--json']);
    expect(run.code).toBe(1);
    expect(run.json.moves[0].verdict).toBe('blocked');
    expect(run.json.moves[0].findings).toEqual([expect.stringContaining('IP address 203.0.113.1/30 (its Amazon address) is in use on dxcon-dedx0003 by virtual interface dxvif-pvtx0002')]);
    expectOnlyReads();
  });

  it('an interface on a hosted connection going to a LAG is blocked', async () => {
    const dir = assembly([{ id: 'CustomerMoves', account: CUSTOMER, template: { Resources: { MoveVif: vif('dxvif-hstx0001', 'dxlag-lagx0005') } } }]);
    const run = await preflight(CUSTOMER, [dir, '--json']);
    expect(run.code).toBe(1);
    expect(run.json.moves[0]).toMatchObject({ verdict: 'blocked', from: 'dxcon-hosx0003', to: 'dxlag-lagx0005' });
    expect(run.json.moves[0].findings[0]).toContain('cannot move an interface on a hosted connection to a LAG');
    expectOnlyReads();
  });

  it('an interface of another account needs its owner\'s confirmation after the move, and can go ahead (exit 0)', async () => {
    const dir = assembly([{ id: 'PartnerMoves', template: { Resources: { MoveVif: vif('dxvif-hpvx0001', 'dxcon-dedx0003') } } }]);
    const run = await preflight(PARTNER, [dir, '--json']);
    expect(run.code).toBe(0);
    expect(run.json.moves[0].verdict).toBe('needs-confirmation');
    expect(run.json.moves[0].findings[0]).toContain(`Account ${CUSTOMER} owns dxvif-hpvx0001 and must confirm it`);
    expectNoSecrets(run);
    expectOnlyReads();
  });

  it('a Connect peer whose link is on another device is blocked; its own device and link are ok', async () => {
    const bad = assembly([{ id: 'Wan', template: { Resources: { Peer: peer(NM_DEVICE, NM_OTHER_LINK) } } }]);
    const run = await preflight(PARTNER, [bad, '--json']);
    expect(run.code).toBe(1);
    expect(run.json.moves[0].verdict).toBe('blocked');
    expect(run.json.moves[0].findings[0]).toContain(`Link ${NM_OTHER_LINK} is not associated with device ${NM_DEVICE} (it is on ${NM_OTHER_DEVICE})`);
    const good = assembly([{ id: 'Wan', template: { Resources: { Peer: peer(NM_DEVICE, NM_LINK) } } }]);
    const ok = await preflight(PARTNER, [good, '--json']);
    expect(ok.code).toBe(0);
    expect(ok.json.moves[0]).toMatchObject({ verdict: 'ok', to: `${NM_DEVICE} / ${NM_LINK}` });
    expectOnlyReads();
  });

  it('an id known only at deploy time is unresolved, never guessed: exit 1, or 0 with --allow-unresolved', async () => {
    const dir = assembly([{
      id: 'PartnerMoves',
      template: { Resources: { Lag: { Type: 'AWS::DirectConnect::Lag', Properties: {} }, Move: hosted('dxcon-hosx0001', { Ref: 'Lag' }) } },
    }]);
    const run = await preflight(PARTNER, [dir, '--json']);
    expect(run.code).toBe(1);
    expect(run.json.moves[0]).toMatchObject({ verdict: 'unresolved', subject: 'dxcon-hosx0001' });
    expect(run.json.moves[0].findings[0]).toContain('ParentConnectionId cannot be resolved before the deployment: Ref Lag names a resource of stack PartnerMoves');
    expect((await preflight(PARTNER, [dir, '--allow-unresolved'])).code).toBe(0);
    // Nothing was looked up for it.
    expect(emulator().calls.count()).toBe(0);
  });

  it('throttled reads are retried as the handlers retry them, and the verdict is the same', async () => {
    emulator().faults.add({ service: 'directconnect', operation: 'DescribeHostedConnections', kind: 'error', status: 400, code: 'ThrottlingException', message: 'Rate exceeded', count: 5 });
    emulator().faults.add({ service: 'directconnect', operation: 'DescribeVirtualInterfaces', kind: 'error', status: 400, code: 'ThrottlingException', message: 'Rate exceeded', count: 3 });
    const dir = assembly([{ id: 'PartnerMoves', template: { Resources: { MoveHosted: hosted('dxcon-hosx0002', 'dxlag-lagx0001'), MoveOk: hosted('dxcon-hosx0001', 'dxlag-lagx0001') } } }]);
    const run = await preflight(PARTNER, [dir, '--json']);
    expect(run.code).toBe(1);
    expect(run.json.moves.map((m: any) => m.verdict)).toEqual(['blocked', 'ok']);
    expect(run.json.moves[0].findings[0]).toContain('VLAN 102 is already in use');
    expect(emulator().calls.count({ service: 'directconnect', operation: 'DescribeHostedConnections', errorCode: 'ThrottlingException' })).toBe(5);
    expect(emulator().calls.count({ service: 'directconnect', operation: 'DescribeVirtualInterfaces', errorCode: 'ThrottlingException' })).toBe(3);
    expectOnlyReads();
  });

  it('bad usage and an unreadable assembly exit 2 with what to do', async () => {
    const missing = await preflight(PARTNER, [join(work, 'no-such-dir')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Run `cdk synth` first, or name the cloud assembly directory');
    const broken = join(work, 'broken');
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, 'manifest.json'), '{ not json');
    const unreadable = await preflight(PARTNER, [broken]);
    expect(unreadable.code).toBe(2);
    expect(unreadable.stderr).toContain('is not valid JSON');
    const option = await preflight(PARTNER, ['--frobnicate']);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("Unknown option '--frobnicate'");
    const stack = await preflight(PARTNER, [assembly([{ id: 'A', template: { Resources: {} } }]), '--stack', 'B']);
    expect(stack.code).toBe(2);
    expect(stack.stderr).toContain('No stack named B in the cloud assembly; it has A');
    expect(emulator().calls.count()).toBe(0);
  });
});
