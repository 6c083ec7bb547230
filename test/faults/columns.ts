import { CfnResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { RunningEmulator } from '../../local/emulator/emulator';
import type { FaultRule } from '../../local/emulator/fault-rule';
import type { DirectConnectService } from '../../local/emulator/services/directconnect';
import { DX_FIXTURE_AUTH_KEYS } from '../../local/emulator/services/directconnect-fixture';
import type { InterconnectService } from '../../local/emulator/services/interconnect';
import { sidewalkFingerprint } from '../../local/emulator/services/iotwireless';
import { NM_CONNECT_PEER, NM_DEVICE, NM_GLOBAL_NETWORK, NM_LINK, NM_OTHER_CONNECT_PEER, NM_OTHER_DEVICE, NM_OTHER_LINK } from '../../local/emulator/services/networkmanager-fixture';
import {
  AssociationRemovalBehavior, AttachPoint, ConnectionWaitFor, ConnectPeerAssociation, DirectConnectTarget, DirectConnectVirtualInterface,
  HostedConnectionAssociation, InterconnectConnection,
  SidewalkAccountAssociation, VirtualInterfaceAssociation,
} from '../../src';
import { CREATED_BY_TAG_KEY } from '../../src/interconnect/connection-contract';
import { SIDEWALK_OWNER_TAG } from '../../src/iotwireless/sidewalk-account-association-contract';

/**
 * The columns of the fault matrix: one per construct, each with the fixture it works on, the emulator
 * service and operations it uses, and what the emulator must hold after each phase of a lifecycle.
 */
export type ColumnKey = 'Interconnect' | 'HostedConn' | 'VirtualIf' | 'ConnectPeer' | 'Sidewalk';

/** Which version of the one-construct app. */
export interface Variant {
  /** 1: the first deployment; 2: the natural update (in place where the construct updates in place). */
  readonly version: 1 | 2;
  /** The construct's own wait limit. @default 20 s */
  readonly waitTimeout?: Duration;
  /** Make the resource wait for a state the emulator only reaches by a partner's action (Interconnect). */
  readonly waitForAvailable?: boolean;
  /** Very long free text and many tags, where the construct takes them. */
  readonly long?: boolean;
}

/** What the emulator holds of a column's resources, normalized for comparison. */
export type Holdings = unknown;

/** Where a lifecycle left the resources: which expectation applies. */
export type Phase = 'none' | 'v1' | 'v2' | 'destroyedFromV2';

export interface Column {
  readonly key: ColumnKey;
  /** The construct's class name, for the printed matrix. */
  readonly construct: string;
  readonly resourceType: string;
  /** The emulator service its handler calls (besides Secrets Manager). */
  readonly service: string;
  /** Every operation of `service` a create-update-delete lifecycle calls, for "throttle every operation". */
  readonly operations: readonly string[];
  /** The call that makes (or moves) the resource. */
  readonly createOp: string;
  /** The call isComplete reads the state with. */
  readonly readOp: string;
  /** One empty page of `readOp`, as the service would answer it (an empty list or no item). */
  readonly emptyReadBody: string;
  /** Calls to other services the lifecycle makes (reading a secret), throttled with the rest. */
  readonly extraOps: ReadonlyArray<{ readonly service: string; readonly operation: string }>;
  /** How `readOp` answers right after `createOp`, while the service is eventually consistent. */
  readonly eventualConsistency: { readonly shape: string; readonly rule: Pick<FaultRule, 'kind' | 'status' | 'code' | 'message' | 'rawBody' | 'rawContentType'> };
  /** Each way the resource can already be gone when its Delete comes: makes it so, in the emulator or with faults. */
  readonly goneShapes: Record<string, (em: RunningEmulator) => void>;
  /** What the emulator holds after deleting a resource that was already gone. */
  readonly goneExpected: Phase;
  /** A terminal state the resource can reach while the handler waits; undefined when it never waits on a state. */
  readonly terminal?: {
    readonly state: string;
    readonly variant?: Partial<Variant>;
    readonly timings?: Record<string, number>;
    /** What the emulator holds once the rollback has run. */
    readonly expected: Phase;
    apply(em: RunningEmulator): void;
  };
  /** Keeps the resource from ever becoming steady, and lets it settle again. */
  readonly neverSteady: {
    readonly variant?: Partial<Variant>;
    break(em: RunningEmulator): void;
    heal(em: RunningEmulator): void;
  };
  /** Physical ids of this resource type that never existed (besides a request id and the framework's marker). */
  readonly bogusPhysicalIds: readonly string[];
  /**
   * True when a Delete under a physical id the library did not make undoes what a cancelled create of the
   * same stack, logical id and properties made (issue 12): row 7's made-up id then removes the v1 resource,
   * which that stack's own create made.
   * @default false
   */
  readonly undoesCancelledCreate?: boolean;
  /** Attributes every create and update must return, not empty. */
  readonly requiredAttributes: readonly string[];
  /** Scenarios that cannot apply to this construct, by id, with the reason printed under the matrix. */
  readonly notApplicable?: Readonly<Record<string, string>>;
  /** A `readOp` answer whose item carries a state value the service never documented. */
  unknownStateBody(): string;
  /** Seeds what the lifecycle needs (secrets), before synthesis. */
  prepare(em: RunningEmulator): void;
  /** Adds the construct to the stack. */
  build(stack: Stack, variant: Variant, em: RunningEmulator): void;
  /**
   * Seeds `count` distinct subjects in the emulator and adds `count` constructs on them. Returns what
   * `holdings` must be once they are all deployed.
   */
  buildMany(stack: Stack, em: RunningEmulator, count: number): Holdings;
  holdings(em: RunningEmulator): Holdings;
  /** What `holdings` must be in each phase, given what it was right after the emulator reset. */
  expected(phase: Phase, initial: Holdings): Holdings;
  /** Every secret value the column's lifecycle may meet, for the leak checks. */
  secrets(em: RunningEmulator): string[];
  /** A `readOp` answer, steady for the v1 app, with every free-text field at (or past) its longest. */
  longReadBody?(): string;
}

const JSON_11 = 'application/x-amz-json-1.1';
const REST_JSON = 'application/json';
const FAST_MOVE_MS = 20;

const DEFAULT_WAIT = Duration.seconds(20);
const GATEWAY = '5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';

/** 50 tags at the limits every service here shares: 128-character keys, 256-character values. */
function longTags(): Record<string, string> {
  const tags: Record<string, string> = {};
  for (let i = 0; i < 50; i++) tags[`k${String(i).padStart(2, '0')}`.padEnd(128, 'k')] = `v${i}`.padEnd(256, 'v');
  return tags;
}
const LONG_DESCRIPTION = 'fault matrix long description '.repeat(9).slice(0, 255).replace(/ $/, 'x');

type Snapshot = Record<string, any[]>;
const snapshotOf = (em: RunningEmulator, service: string): Snapshot => em.service(service).snapshot() as Snapshot;

// ----- AWS Interconnect -----

interface IcVersion { description: string; bandwidth: string; tags: Record<string, string> }
const IC_V1: IcVersion = { description: 'fault matrix v1', bandwidth: '1Gbps', tags: { team: 'net', phase: 'v1' } };
const IC_V2: IcVersion = { description: 'fault matrix v2', bandwidth: '2Gbps', tags: { team: 'net', owner: 'ops' } };

const interconnect: Column = {
  key: 'Interconnect',
  construct: 'InterconnectConnection',
  resourceType: 'Custom::InterconnectConnection',
  service: 'interconnect',
  operations: ['CreateConnection', 'GetConnection', 'UpdateConnection', 'TagResource', 'UntagResource', 'DeleteConnection'],
  createOp: 'CreateConnection',
  requiredAttributes: ['ConnectionId', 'ConnectionArn', 'SharedId', 'State', 'Bandwidth'],
  readOp: 'GetConnection',
  emptyReadBody: '{}',
  unknownStateBody: () => JSON.stringify({ connection: { id: 'mcc-zzzzzzzz', state: 'reticulating', arn: 'arn:aws:interconnect:us-east-1:123456789012:connection/mcc-zzzzzzzz' } }),
  prepare: () => undefined,
  build(stack, variant) {
    const v = variant.version === 1 ? IC_V1 : IC_V2;
    new InterconnectConnection(stack, 'Connection', {
      attachPoint: AttachPoint.directConnectGateway(GATEWAY),
      environmentId: 'aws-gcp-us-east4',
      bandwidth: v.bandwidth,
      description: variant.long ? LONG_DESCRIPTION : v.description,
      tags: variant.long ? { ...v.tags, ...longTags() } : v.tags,
      waitFor: variant.waitForAvailable ? ConnectionWaitFor.AVAILABLE : undefined,
      waitTimeout: variant.waitTimeout ?? DEFAULT_WAIT,
      // Connections are retained by default; the matrix checks that a destroy deletes what it made.
      removalPolicy: RemovalPolicy.DESTROY,
    });
  },
  buildMany(stack, _em, count) {
    for (let i = 0; i < count; i++) {
      new InterconnectConnection(stack, `Connection${i}`, {
        attachPoint: AttachPoint.directConnectGateway(GATEWAY),
        environmentId: 'aws-gcp-us-east4',
        bandwidth: '1Gbps',
        description: `fault matrix ${i}`,
        waitTimeout: Duration.minutes(2),
        removalPolicy: RemovalPolicy.DESTROY,
      });
    }
    const connections = Array.from({ length: count }, (_, i) => ({ description: `fault matrix ${i}`, bandwidth: '1Gbps', tags: {}, state: 'requested' }))
      .sort((a, b) => a.description.localeCompare(b.description));
    return { connections, proposals: 0 };
  },
  holdings(em) {
    const s = snapshotOf(em, 'interconnect');
    return {
      // The handler's created-by tag is the library's bookkeeping (what a cancelled create's Delete finds its
      // connection by), not one of the user's tags; a second connection would still show as a second entry.
      connections: s.connections.map((c) => ({ description: c.description, bandwidth: c.bandwidth, tags: withoutOwnerTag(c.tags), state: c.state }))
        .sort((a, b) => String(a.description).localeCompare(String(b.description))),
      proposals: s.proposals.length,
    };
  },
  expected(phase) {
    const one = (v: IcVersion) => [{ description: v.description, bandwidth: v.bandwidth, tags: v.tags, state: 'requested' }];
    switch (phase) {
      case 'v1': return { connections: one(IC_V1), proposals: 0 };
      case 'v2': return { connections: one(IC_V2), proposals: 0 };
      default: return { connections: [], proposals: 0 };
    }
  },
  extraOps: [],
  eventualConsistency: {
    shape: 'NotFound',
    rule: { kind: 'error', status: 404, code: 'ResourceNotFoundException', message: 'Connection does not exist' },
  },
  goneShapes: {
    'deleted state': (em) => icSetState(em, 'deleted'),
    'ResourceNotFoundException': (em) => {
      icSetState(em, 'deleted');
      for (const operation of ['GetConnection', 'DeleteConnection']) {
        em.faults.add({ service: 'interconnect', operation, kind: 'error', status: 404, code: 'ResourceNotFoundException', message: 'Connection does not exist' });
      }
    },
  },
  goneExpected: 'none',
  terminal: { state: 'failed', variant: { waitForAvailable: true }, apply: (em) => icSetState(em, 'failed'), expected: 'none' },
  neverSteady: { variant: { waitForAvailable: true }, break: () => undefined, heal: () => undefined },
  bogusPhysicalIds: ['mcc-00000000'],
  // A Delete under an id that is not a connection id finds what this stack's create of the same logical id and
  // replacing properties made by its created-by tag, and deletes it (issue 12; connection-handler.ts `remove`).
  undoesCancelledCreate: true,
  longReadBody: () => JSON.stringify({
    connection: {
      id: 'mcc-l0ngl0ng',
      arn: 'arn:aws:interconnect:us-east-1:123456789012:connection/mcc-l0ngl0ng',
      description: 'd'.repeat(255),
      bandwidth: '100Gbps',
      attachPoint: { directConnectGateway: GATEWAY },
      environmentId: 'e'.repeat(255),
      provider: { cloudServiceProvider: 'p'.repeat(255) },
      location: 'l'.repeat(255),
      type: 't'.repeat(255),
      state: 'requested',
      sharedId: 's'.repeat(255),
      billingTier: 8,
      ownerAccount: '123456789012',
      activationKey: 'k'.repeat(2048),
      tags: longTags(),
    },
  }),
  secrets: (em) => em.service<InterconnectService>('interconnect').issuedActivationKeys(),
};

function withoutOwnerTag(tags: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(tags ?? {}).filter(([k]) => k !== CREATED_BY_TAG_KEY));
}

function icSetState(em: RunningEmulator, state: string): void {
  const ic = em.service('interconnect');
  for (const c of (ic.snapshot() as Snapshot).connections) ic.control!('setState', { connectionId: c.id, state }, undefined as never);
}

// ----- Direct Connect: hosted connection -----

const HC_MOVED = 'dxcon-hosx0002';
const HC_ORIGIN = 'dxcon-icx00001';
const HC_V1_TARGET = 'dxcon-icx00002';
const HC_V2_TARGET = 'dxcon-icx00003';

/** Direct Connect seeds a region on first use: the holdings must not depend on whether a call came first. */
function directConnectSnapshot(em: RunningEmulator): Snapshot {
  em.service<DirectConnectService>('directconnect').parentOf(HC_MOVED, 'us-east-1');
  return snapshotOf(em, 'directconnect');
}

function parents(em: RunningEmulator): Record<string, string> {
  const s = directConnectSnapshot(em);
  return Object.fromEntries(s.hostedConnections.filter((c) => c.region === 'us-east-1').map((c) => [c.connectionId, c.parentId]));
}

function vifConnections(em: RunningEmulator): Record<string, string> {
  const s = directConnectSnapshot(em);
  return Object.fromEntries(s.virtualInterfaces.filter((v) => v.region === 'us-east-1').map((v) => [v.virtualInterfaceId, v.connectionId]));
}

function seeded(em: RunningEmulator, body: Record<string, number>): { hostedConnectionIds: string[]; virtualInterfaceIds: string[] } {
  return em.service('directconnect').control!('seed', body, undefined as never) as { hostedConnectionIds: string[]; virtualInterfaceIds: string[] };
}


function dxNotFound(em: RunningEmulator, operations: string[], message: string): void {
  for (const operation of operations) {
    em.faults.add({ service: 'directconnect', operation, kind: 'error', status: 400, code: 'DirectConnectClientException', message });
  }
}

function dxControl(em: RunningEmulator, action: string, body: Record<string, unknown>): void {
  em.service('directconnect').control!(action, body, undefined as never);
}

const hostedConnection: Column = {
  key: 'HostedConn',
  construct: 'HostedConnectionAssociation',
  resourceType: 'Custom::DirectConnectHostedConnectionAssociation',
  service: 'directconnect',
  // No DescribeConnections: the partner finds the hosted connection through its parents, and a RESTORE or
  // cleanup Delete asks only the target, with no owner's lookup after a miss.
  operations: ['DescribeHostedConnections', 'DescribeInterconnects', 'DescribeLags', 'DescribeTags', 'TagResource',
    'UntagResource', 'AssociateHostedConnection'],
  createOp: 'AssociateHostedConnection',
  requiredAttributes: ['ConnectionId', 'ParentConnectionId', 'PreviousParentId', 'ConnectionState', 'Vlan'],
  readOp: 'DescribeHostedConnections',
  emptyReadBody: '{"connections":[]}',
  unknownStateBody: () => JSON.stringify({
    connections: [{ connectionId: HC_MOVED, connectionState: 'recalibrating', vlan: 102, bandwidth: '1Gbps', partnerName: 'Example Partner' }],
  }),
  prepare: () => undefined,
  build(stack, variant) {
    new HostedConnectionAssociation(stack, 'Hosted', {
      hostedConnectionId: HC_MOVED,
      target: DirectConnectTarget.fromId(variant.version === 1 ? HC_V1_TARGET : HC_V2_TARGET),
      removalBehavior: AssociationRemovalBehavior.RESTORE,
      waitTimeout: variant.waitTimeout ?? DEFAULT_WAIT,
    });
  },
  buildMany(stack, em, count) {
    const { hostedConnectionIds } = seeded(em, { hostedConnections: count });
    // Direct Connect's own page size: the emulator's default of 3 exercises paging, but multiplies every
    // Describe call of 50 moves by ten and more, far beyond what the real service would see.
    dxControl(em, 'setPageSize', { size: 100 });
    hostedConnectionIds.forEach((id, i) => new HostedConnectionAssociation(stack, `Hosted${i}`, {
      hostedConnectionId: id, target: DirectConnectTarget.fromId('dxcon-icx00004'), removalBehavior: AssociationRemovalBehavior.RESTORE, waitTimeout: Duration.minutes(2),
    }));
    return { ...parents(em), ...Object.fromEntries(hostedConnectionIds.map((id) => [id, 'dxcon-icx00004'])) };
  },
  extraOps: [],
  eventualConsistency: { shape: 'empty list', rule: { kind: 'raw', status: 200, rawBody: '{"connections":[]}', rawContentType: JSON_11 } },
  goneShapes: {
    'deleted state': (em) => dxControl(em, 'setConnectionState', { connectionId: HC_MOVED, state: 'deleted' }),
    // The messages Direct Connect gives: Terraform's connection.go and hosted_connection.go match the first; the
    // second is quoted in terraform-provider-aws issue 43499 (see local/emulator/provenance/directconnect.md).
    'could not find': (em) => dxNotFound(em, ['DescribeHostedConnections', 'DescribeConnections'], `Could not find Connection with ID ${HC_MOVED}`),
    "doesn't exist": (em) => dxNotFound(em, ['DescribeHostedConnections', 'DescribeConnections'],
      `123456789012 DescribeHostedConnections failed for connection ${HC_V1_TARGET} doesn't exist.`),
  },
  // Nothing of Direct Connect is made or deleted: a move that finds nothing to move back leaves all as it is.
  goneExpected: 'v1',
  terminal: {
    state: 'rejected',
    timings: { 'directconnect.move': 400 },
    apply: (em) => dxControl(em, 'setConnectionState', { connectionId: HC_MOVED, state: 'rejected' }),
    expected: 'v1',
  },
  neverSteady: {
    break: (em) => em.setTiming('directconnect.move', 600_000),
    heal: (em) => {
      em.setTiming('directconnect.move', FAST_MOVE_MS);
      dxControl(em, 'setConnectionState', { connectionId: HC_MOVED, state: 'available' });
    },
  },
  bogusPhysicalIds: ['dxcon-zzzz9999:dxcon-icx00002:dxcon-icx00001'],
  // The longest values Direct Connect sends. Its model sets no maximum length on these strings, so the bounds come
  // from what the values are: a bandwidth is one of the listed values (botocore directconnect AllocateHostedConnection
  // `bandwidth`: 50Mbps to 25Gbps, at most 7 characters), a location code is a few letters (the AWS CLI's
  // examples/directconnect: EqDC2, CSVA1, TIVIT, TNDB). The location and partner name are given 255 characters
  // anyway, far past any code or name AWS lists, as nothing documents their limit. (The row used to seed a
  // 3000-character location and a 1000-character bandwidth, no answer of the service, and the handler rightly
  // refused a response that would not fit rather than cut an attribute.)
  longReadBody: () => JSON.stringify({
    connections: [{
      connectionId: HC_MOVED,
      connectionState: 'available',
      vlan: 102,
      bandwidth: '500Mbps',
      location: 'L'.repeat(255),
      partnerName: 'P'.repeat(255),
    }],
  }),
  holdings: parents,
  expected(phase, initial) {
    const at = (parent: string) => ({ ...(initial as Record<string, string>), [HC_MOVED]: parent });
    switch (phase) {
      case 'v1': return at(HC_V1_TARGET);
      case 'v2': return at(HC_V2_TARGET);
      // The replacing association moved it from the first target; deleting it moves it back there.
      case 'destroyedFromV2': return at(HC_V1_TARGET);
      default: return at(HC_ORIGIN);
    }
  },
  secrets: () => [...DX_FIXTURE_AUTH_KEYS],
};

// ----- Direct Connect: virtual interface -----

const VIF_MOVED = 'dxvif-pubx0001';
const VIF_ORIGIN = 'dxcon-dedx0001';
/** A LAG: the move checks first that the interface is not on a hosted connection. */
const VIF_V1_TARGET = 'dxlag-lagx0002';
const VIF_V2_TARGET = 'dxcon-dedx0003';

const virtualInterface: Column = {
  key: 'VirtualIf',
  construct: 'VirtualInterfaceAssociation',
  resourceType: 'Custom::DirectConnectVirtualInterfaceAssociation',
  service: 'directconnect',
  // No DescribeTags: the interface is this account's, so its move record lives on it and DescribeVirtualInterfaces carries it.
  operations: ['DescribeVirtualInterfaces', 'DescribeConnections', 'TagResource', 'UntagResource', 'AssociateVirtualInterface'],
  createOp: 'AssociateVirtualInterface',
  requiredAttributes: ['VirtualInterfaceId', 'ConnectionId', 'PreviousConnectionId', 'VirtualInterfaceState', 'Vlan'],
  readOp: 'DescribeVirtualInterfaces',
  emptyReadBody: '{"virtualInterfaces":[]}',
  unknownStateBody: () => JSON.stringify({
    virtualInterfaces: [{ virtualInterfaceId: VIF_MOVED, connectionId: VIF_V1_TARGET, virtualInterfaceState: 'recalibrating', vlan: 402, bgpPeers: [] }],
  }),
  prepare: () => undefined,
  build(stack, variant) {
    new VirtualInterfaceAssociation(stack, 'Vif', {
      virtualInterface: DirectConnectVirtualInterface.fromId(VIF_MOVED),
      target: DirectConnectTarget.fromId(variant.version === 1 ? VIF_V1_TARGET : VIF_V2_TARGET),
      removalBehavior: AssociationRemovalBehavior.RESTORE,
      waitTimeout: variant.waitTimeout ?? DEFAULT_WAIT,
    });
  },
  buildMany(stack, em, count) {
    const { virtualInterfaceIds } = seeded(em, { virtualInterfaces: count });
    dxControl(em, 'setPageSize', { size: 100 });
    virtualInterfaceIds.forEach((id, i) => new VirtualInterfaceAssociation(stack, `Vif${i}`, {
      virtualInterface: DirectConnectVirtualInterface.fromId(id), target: DirectConnectTarget.fromId('dxcon-dedx0002'), removalBehavior: AssociationRemovalBehavior.RESTORE, waitTimeout: Duration.minutes(2),
    }));
    return { ...vifConnections(em), ...Object.fromEntries(virtualInterfaceIds.map((id) => [id, 'dxcon-dedx0002'])) };
  },
  extraOps: [],
  eventualConsistency: {
    shape: 'stale item',
    rule: {
      kind: 'raw',
      status: 200,
      rawContentType: JSON_11,
      rawBody: JSON.stringify({ virtualInterfaces: [{ virtualInterfaceId: VIF_MOVED, connectionId: VIF_ORIGIN, virtualInterfaceState: 'available', vlan: 402, asn: 65002, bgpPeers: [{ bgpStatus: 'up' }] }] }),
    },
  },
  goneShapes: {
    'deleted state': (em) => dxControl(em, 'setVirtualInterfaceState', { virtualInterfaceId: VIF_MOVED, state: 'deleted' }),
    // DescribeVirtualInterfaces answers an id it cannot see with an empty list (Terraform's virtual_interface.go
    // finder); "does not exist" is what Terraform matches on DeleteVirtualInterface.
    'empty list': (em) => em.faults.add({
      service: 'directconnect', operation: 'DescribeVirtualInterfaces', kind: 'raw', status: 200, rawBody: '{"virtualInterfaces":[]}', rawContentType: JSON_11,
    }),
    'does not exist': (em) => dxNotFound(em, ['DescribeVirtualInterfaces'], `Virtual interface ${VIF_MOVED} does not exist`),
  },
  goneExpected: 'v1',
  terminal: {
    state: 'rejected',
    timings: { 'directconnect.move': 400 },
    apply: (em) => dxControl(em, 'setVirtualInterfaceState', { virtualInterfaceId: VIF_MOVED, state: 'rejected' }),
    expected: 'v1',
  },
  neverSteady: {
    break: (em) => em.setTiming('directconnect.move', 600_000),
    heal: (em) => {
      em.setTiming('directconnect.move', FAST_MOVE_MS);
      dxControl(em, 'setVirtualInterfaceState', { virtualInterfaceId: VIF_MOVED, state: 'available' });
    },
  },
  bogusPhysicalIds: ['dxvif-zzzz9999:dxlag-lagx0002:dxcon-dedx0001'],
  // The longest values Direct Connect sends for what the handler returns. Its model sets no maximum length on these
  // strings; what they are bounds them: the type is private, public or transit (botocore directconnect VirtualInterface
  // `virtualInterfaceType`), the ASNs at most 4294967294 (`asnLong`), an address an IPv6 /125 written out in full
  // (the AWS CLI's examples/directconnect show 2001:db8:1100:2f0:0:1:9cb4:4211/125), a Direct Connect gateway id a
  // UUID, a virtual private gateway id vgw- and 17 hex digits (EC2's longer ids). A real interface names one gateway
  // or the other; both are set here, as an upper bound. (The row used to seed 1000-character addresses and gateway
  // ids, no answer of the service, and the handler rightly refused a response that would not fit.)
  longReadBody: () => JSON.stringify({
    virtualInterfaces: [{
      virtualInterface: DirectConnectVirtualInterface.fromId(VIF_MOVED),
      target: DirectConnectTarget.fromId(VIF_V1_TARGET),
      virtualInterfaceState: 'available',
      vlan: 402,
      asnLong: 4294967294,
      amazonSideAsn: 4294967294,
      virtualInterfaceType: 'transit',
      amazonAddress: '2001:0db8:1100:02f0:0000:0001:9cb4:4211/125',
      customerAddress: '2001:0db8:1100:02f0:0000:0001:9cb4:4216/125',
      virtualGatewayId: 'vgw-0123456789abcdef0',
      directConnectGatewayId: '5f294f92-bafb-4011-916d-9b0bd0000000',
      location: 'L'.repeat(255),
      bgpPeers: [{ bgpStatus: 'up' }],
    }],
  }),
  holdings: vifConnections,
  expected(phase, initial) {
    const at = (connection: string) => ({ ...(initial as Record<string, string>), [VIF_MOVED]: connection });
    switch (phase) {
      case 'v1': return at(VIF_V1_TARGET);
      case 'v2': return at(VIF_V2_TARGET);
      case 'destroyedFromV2': return at(VIF_V1_TARGET);
      default: return at(VIF_ORIGIN);
    }
  },
  secrets(em) {
    // The fixture's keys and those of interfaces seeded for the retry-budget scenario.
    const seededIds = Object.keys(vifConnections(em)).filter((id) => id.startsWith('dxvif-vs'));
    return [...DX_FIXTURE_AUTH_KEYS, ...seededIds.map((id) => `dxAuthKey-vs${Number(id.slice('dxvif-vs'.length))}-5ecret`)];
  },
};

// ----- Network Manager: Connect peer association -----

function associations(em: RunningEmulator) {
  return snapshotOf(em, 'networkmanager').connectPeerAssociations
    .map((a) => ({ ConnectPeerId: a.ConnectPeerId, DeviceId: a.DeviceId, LinkId: a.LinkId, State: a.State }))
    .sort((a, b) => a.ConnectPeerId.localeCompare(b.ConnectPeerId));
}

function nmControl(em: RunningEmulator, action: string, body: Record<string, unknown>): void {
  em.service('networkmanager').control!(action, body, undefined as never);
}

const connectPeer: Column = {
  key: 'ConnectPeer',
  construct: 'ConnectPeerAssociation',
  resourceType: 'Custom::ConnectPeerAssociation',
  service: 'networkmanager',
  // TagResource, GetConnectPeer and UntagResource: the owner mark a cancelled create's Delete recognises.
  operations: ['GetConnectPeerAssociations', 'TagResource', 'AssociateConnectPeer', 'GetConnectPeer', 'DisassociateConnectPeer', 'UntagResource'],
  createOp: 'AssociateConnectPeer',
  requiredAttributes: ['ConnectPeerId', 'GlobalNetworkId', 'DeviceId', 'State'],
  readOp: 'GetConnectPeerAssociations',
  emptyReadBody: '{"ConnectPeerAssociations":[]}',
  unknownStateBody: () => JSON.stringify({
    ConnectPeerAssociations: [{ ConnectPeerId: NM_CONNECT_PEER, GlobalNetworkId: NM_GLOBAL_NETWORK, DeviceId: NM_DEVICE, LinkId: NM_LINK, State: 'REBALANCING' }],
  }),
  prepare: () => undefined,
  build(stack, variant) {
    new ConnectPeerAssociation(stack, 'Peer', {
      globalNetworkId: NM_GLOBAL_NETWORK,
      connectPeerId: NM_CONNECT_PEER,
      deviceId: variant.version === 1 ? NM_DEVICE : NM_OTHER_DEVICE,
      linkId: variant.version === 1 ? NM_LINK : NM_OTHER_LINK,
      waitTimeout: variant.waitTimeout ?? DEFAULT_WAIT,
    });
  },
  buildMany(stack, em, count) {
    const { connectPeerIds } = em.service('networkmanager').control!('seed', { connectPeers: count }, undefined as never) as { connectPeerIds: string[] };
    connectPeerIds.forEach((id, i) => new ConnectPeerAssociation(stack, `Peer${i}`, {
      globalNetworkId: NM_GLOBAL_NETWORK, connectPeerId: id, deviceId: NM_DEVICE, waitTimeout: Duration.minutes(2),
    }));
    return [...connectPeerIds].sort().map((ConnectPeerId) => ({ ConnectPeerId, DeviceId: NM_DEVICE, LinkId: undefined, State: 'AVAILABLE' }));
  },
  extraOps: [],
  eventualConsistency: { shape: 'empty list', rule: { kind: 'raw', status: 200, rawBody: '{"ConnectPeerAssociations":[]}', rawContentType: REST_JSON } },
  goneShapes: {
    'empty list': (em) => nmControl(em, 'removeAssociation', { connectPeerId: NM_CONNECT_PEER }),
    'DELETED state': (em) => nmControl(em, 'setAssociation', { connectPeerId: NM_CONNECT_PEER, deviceId: NM_DEVICE, linkId: NM_LINK, state: 'DELETED' }),
    'ResourceNotFoundException': (em) => {
      nmControl(em, 'removeAssociation', { connectPeerId: NM_CONNECT_PEER });
      for (const operation of ['GetConnectPeerAssociations', 'DisassociateConnectPeer']) {
        em.faults.add({ service: 'networkmanager', operation, kind: 'error', status: 404, code: 'ResourceNotFoundException', message: `Global network ${NM_GLOBAL_NETWORK} not found.` });
      }
    },
  },
  goneExpected: 'none',
  terminal: {
    state: 'DELETED',
    timings: { 'networkmanager.associate': 400 },
    apply: (em) => nmControl(em, 'setAssociation', { connectPeerId: NM_CONNECT_PEER, deviceId: NM_DEVICE, linkId: NM_LINK, state: 'DELETED' }),
    expected: 'none',
  },
  neverSteady: {
    break: (em) => em.setTiming('networkmanager.associate', 600_000),
    heal: (em) => {
      em.setTiming('networkmanager.associate', FAST_MOVE_MS);
      nmControl(em, 'setAssociation', { connectPeerId: NM_CONNECT_PEER, deviceId: NM_DEVICE, linkId: NM_LINK, state: 'AVAILABLE' });
    },
  },
  bogusPhysicalIds: [`${NM_GLOBAL_NETWORK}/${NM_OTHER_CONNECT_PEER}`, 'global-network-00000000000000000/connect-peer-00000000000000000'],
  undoesCancelledCreate: true,
  holdings: associations,
  expected(phase) {
    switch (phase) {
      case 'v1': return [{ ConnectPeerId: NM_CONNECT_PEER, DeviceId: NM_DEVICE, LinkId: NM_LINK, State: 'AVAILABLE' }];
      case 'v2': return [{ ConnectPeerId: NM_CONNECT_PEER, DeviceId: NM_OTHER_DEVICE, LinkId: NM_OTHER_LINK, State: 'AVAILABLE' }];
      default: return [];
    }
  },
  secrets: () => [],
};

// ----- IoT Wireless: Sidewalk partner account -----

export const SIDEWALK_KEY_V1 = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';
export const SIDEWALK_KEY_V2 = 'c0ffee00'.repeat(8);
const AMAZON_ID = 'amzn1.account.AFAULTMATRIX01';
const SECRET_NAME = 'fault-matrix/sidewalk';
const SW_TAGS_V1 = { team: 'iot', phase: 'v1' };
const SW_TAGS_V2 = { team: 'iot', owner: 'ops' };

interface PutSecret { arn: string; versionId: string }
const sidewalkVersions = new WeakMap<RunningEmulator, { arn: string; v1: string; v2: string }>();

function partnerAccounts(em: RunningEmulator) {
  return snapshotOf(em, 'iotwireless').partnerAccounts
    // The handler's owner mark goes with the partner account; it is not one of the user's tags.
    .map((a) => ({
      AmazonId: a.AmazonId,
      Fingerprint: a.Fingerprint,
      Tags: Object.fromEntries(a.Tags.filter((t: any) => t.Key !== SIDEWALK_OWNER_TAG).map((t: any) => [t.Key, t.Value])),
    }))
    .sort((a, b) => a.AmazonId.localeCompare(b.AmazonId));
}

const sidewalk: Column = {
  key: 'Sidewalk',
  construct: 'SidewalkAccountAssociation',
  resourceType: 'Custom::SidewalkAccountAssociation',
  service: 'iotwireless',
  operations: ['AssociateAwsAccountWithPartnerAccount', 'GetPartnerAccount', 'UpdatePartnerAccount', 'TagResource', 'UntagResource',
    'DisassociateAwsAccountFromPartnerAccount'],
  createOp: 'AssociateAwsAccountWithPartnerAccount',
  requiredAttributes: ['PartnerAccountId', 'PartnerAccountArn', 'Fingerprint'],
  readOp: 'GetPartnerAccount',
  emptyReadBody: '{}',
  // A partner account has no state; the closest is an answer without the account in it.
  unknownStateBody: () => JSON.stringify({ AccountLinked: false }),
  prepare(em) {
    const secrets = em.service('secretsmanager');
    const put = (key: string) => secrets.control!('putSecret', { name: SECRET_NAME, secretString: JSON.stringify({ appServerPrivateKey: key }) },
      undefined as never) as PutSecret;
    const first = put(SIDEWALK_KEY_V1);
    const second = put(SIDEWALK_KEY_V2);
    sidewalkVersions.set(em, { arn: first.arn, v1: first.versionId, v2: second.versionId });
  },
  build(stack, variant, em) {
    const versions = sidewalkVersions.get(em)!;
    const association = new SidewalkAccountAssociation(stack, 'Sidewalk', {
      amazonId: AMAZON_ID,
      appServerPrivateKey: secretsmanager.Secret.fromSecretCompleteArn(stack, 'Key', versions.arn),
      appServerPrivateKeyField: 'appServerPrivateKey',
      appServerPrivateKeyVersionId: variant.version === 1 ? versions.v1 : versions.v2,
      tags: variant.long ? { ...(variant.version === 1 ? SW_TAGS_V1 : SW_TAGS_V2), ...longTags() } : variant.version === 1 ? SW_TAGS_V1 : SW_TAGS_V2,
    });
    // The construct has no waitTimeout prop (its handler never waits on a state); the kit's wait limit
    // applies to it all the same, so the matrix sets it with an escape hatch.
    const seconds = (variant.waitTimeout ?? DEFAULT_WAIT).toSeconds();
    (association.node.defaultChild as CfnResource).addPropertyOverride('WaitTimeoutSeconds', seconds);
  },
  buildMany(stack, em, count) {
    const versions = sidewalkVersions.get(em)!;
    const key = secretsmanager.Secret.fromSecretCompleteArn(stack, 'Key', versions.arn);
    for (let i = 0; i < count; i++) {
      new SidewalkAccountAssociation(stack, `Sidewalk${i}`, {
        amazonId: `amzn1.account.AFAULTMATRIX${String(i).padStart(3, '0')}`,
        appServerPrivateKey: key,
        appServerPrivateKeyField: 'appServerPrivateKey',
        appServerPrivateKeyVersionId: versions.v1,
      });
    }
    return Array.from({ length: count }, (_, i) => ({
      AmazonId: `amzn1.account.AFAULTMATRIX${String(i).padStart(3, '0')}`, Fingerprint: sidewalkFingerprint(SIDEWALK_KEY_V1), Tags: {},
    })).sort((a, b) => a.AmazonId.localeCompare(b.AmazonId));
  },
  extraOps: [{ service: 'secretsmanager', operation: 'GetSecretValue' }],
  eventualConsistency: {
    shape: 'NotFound',
    rule: { kind: 'error', status: 404, code: 'ResourceNotFoundException', message: `Partner account ${AMAZON_ID} not found.` },
  },
  goneShapes: {
    ResourceNotFoundException: (em) => {
      // Disassociated outside the stack, through the service's own API.
      void em.service('iotwireless').handle('DisassociateAwsAccountFromPartnerAccount', {
        method: 'DELETE',
        path: `/partner-accounts/${AMAZON_ID}`,
        query: new URLSearchParams({ partnerType: 'Sidewalk' }),
        headers: {},
        body: Buffer.alloc(0),
        json: {},
        accountId: '123456789012',
        region: 'us-east-1',
      }, undefined as never);
    },
  },
  goneExpected: 'none',
  notApplicable: {
    10: 'a partner account has no state to wait on: GetPartnerAccount finds it or does not (404, covered by 4, 9 and 11)',
  },
  neverSteady: {
    break: (em) => em.faults.add({
      service: 'iotwireless',
      operation: 'GetPartnerAccount',
      after: 'AssociateAwsAccountWithPartnerAccount',
      kind: 'error',
      status: 404,
      code: 'ResourceNotFoundException',
      message: `Partner account ${AMAZON_ID} not found.`,
    }),
    heal: () => undefined,
  },
  bogusPhysicalIds: ['amzn1.account.ANEVEREXISTED'],
  undoesCancelledCreate: true,
  longReadBody: () => JSON.stringify({
    // The model's longest: Fingerprint is exactly 64 hex characters (botocore iotwireless `Fingerprint`); the ARN
    // carries an Amazon ID of up to 2048 characters.
    Sidewalk: { AmazonId: AMAZON_ID, Fingerprint: 'f'.repeat(64), Arn: `arn:aws:iotwireless:us-east-1:123456789012:SidewalkAccount/${'x'.repeat(2048)}` },
    AccountLinked: true,
  }),
  holdings: partnerAccounts,
  expected(phase) {
    switch (phase) {
      case 'v1': return [{ AmazonId: AMAZON_ID, Fingerprint: sidewalkFingerprint(SIDEWALK_KEY_V1), Tags: SW_TAGS_V1 }];
      case 'v2': return [{ AmazonId: AMAZON_ID, Fingerprint: sidewalkFingerprint(SIDEWALK_KEY_V2), Tags: SW_TAGS_V2 }];
      default: return [];
    }
  },
  secrets: () => [SIDEWALK_KEY_V1, SIDEWALK_KEY_V2],
};

export const COLUMNS: readonly Column[] = [interconnect, hostedConnection, virtualInterface, connectPeer, sidewalk];

export const FIXTURE = {
  HC_MOVED, HC_V1_TARGET, VIF_MOVED, VIF_V1_TARGET, AMAZON_ID, NM_CONNECT_PEER, NM_DEVICE, NM_LINK,
};
