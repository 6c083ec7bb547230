import { validateInput } from '../model-validator';
import { ScheduledState } from '../scheduled-state';
import { ServiceError, type EmulatorRequest, type EmulatorResponse, type EmulatorService, type ServiceContext } from '../service';
import { ServiceModel } from '../service-model';
import {
  DX_CONNECTIONS, DX_INTERCONNECTS, DX_LAGS, DX_LOCATION, DX_VIRTUAL_INTERFACES, type LagSeed,
} from './directconnect-fixture';

/** Timing names (ms) and their defaults; set them with `setTiming` or `POST /_emulator/timings`. */
export const DIRECT_CONNECT_TIMINGS = {
  /** How long a hosted connection or virtual interface stays `pending` after an association moves it. */
  'directconnect.move': 300,
} as const;

/** The emulator's own page limit, below Direct Connect's 100 so that every client's paging is exercised. */
export const DIRECT_CONNECT_DEFAULT_PAGE_SIZE = 3;

const CONNECTION_STATES = ['ordering', 'requested', 'pending', 'available', 'down', 'deleting', 'deleted', 'rejected', 'unknown'];
const VIRTUAL_INTERFACE_STATES = ['confirming', 'verifying', 'pending', 'available', 'down', 'testing', 'deleting', 'deleted', 'rejected', 'unknown'];
const UNMOVABLE = new Set(['deleting', 'deleted', 'rejected']);

/** Direct Connect's limit on tags per resource. */
export const DIRECT_CONNECT_MAX_TAGS = 50;

/**
 * A Direct Connect resource ARN: `arn:<partition>:directconnect:<region>:<account>:<type>/<id>`. The emulator
 * tags `dxcon` (connections and hosted connections), `dxvif` and `dxlag`; any other type names nothing here.
 */
const RESOURCE_ARN = /^arn:(aws(?:-[a-z]+)*):directconnect:([a-z0-9-]*):(\d{12}):([a-z-]+)\/([A-Za-z0-9-]+)$/;

/** Tags in the order they were first added: key to value (a Tag's value is optional on the wire). */
type TagMap = Map<string, string | undefined>;

interface ConnectionRecord {
  readonly connectionId: string;
  readonly connectionName: string;
  readonly bandwidth: string;
  readonly vlan: number;
  /** Hosted connections: the interconnect or LAG it is on. */
  parentId?: string;
  readonly lagId?: string;
  readonly state: ScheduledState<string>;
  readonly tags: TagMap;
}

interface BgpPeerRecord {
  readonly bgpPeerId: string;
  bgpStatus: 'up' | 'down';
  readonly authKey: string;
}

interface VirtualInterfaceRecord {
  readonly virtualInterfaceId: string;
  readonly virtualInterfaceName: string;
  readonly virtualInterfaceType: string;
  connectionId: string;
  readonly vlan: number;
  readonly asn: number;
  readonly amazonSideAsn?: number;
  amazonAddress: string;
  customerAddress: string;
  readonly authKey: string;
  readonly virtualGatewayId?: string;
  readonly directConnectGatewayId?: string;
  readonly bgpPeers: BgpPeerRecord[];
  readonly state: ScheduledState<string>;
  readonly tags: TagMap;
}

interface RegionState {
  readonly interconnects: Map<string, { interconnectId: string; interconnectName: string; bandwidth: string }>;
  readonly lags: Map<string, LagSeed>;
  readonly connections: Map<string, ConnectionRecord>;
  readonly virtualInterfaces: Map<string, VirtualInterfaceRecord>;
  /** LAG id to its tags (the LAGs themselves are the fixture's, unchanged). */
  readonly lagTags: Map<string, TagMap>;
}

/**
 * AWS Direct Connect over AWS JSON 1.1 (`X-Amz-Target: OvertureService.<Op>`), seeded in every region from
 * `directconnect-fixture.ts`: the two association operations and the Describe calls around them, checked
 * against the real model, with Direct Connect's own error shape (`DirectConnectClientException`, 400, and
 * a message; there is no NotFound error type).
 *
 * Tagging (`TagResource`, `UntagResource`, `DescribeTags`) works on connections, hosted connections,
 * virtual interfaces and LAGs by ARN (`arn:aws:directconnect:<region>:<account>:dxcon/<id>`, `dxvif/<id>`,
 * `dxlag/<id>`, any partition) in the region of the request: at most 50 tags a resource, no `aws:` keys, and
 * a resource's tags in its Describe view only when it has some. Tags go with a reset, as everything does.
 *
 * Describe calls return everything when `maxResults` is not given, as the service does for old clients,
 * and otherwise pages of at most the emulator's page size (3 unless `setPageSize` says otherwise).
 *
 * Controls (`POST /_emulator/directconnect/<action>`):
 * - `setConnectionState` `{connectionId, state, afterMs?, region?}`: a connection's state now, or after a delay;
 * - `setVirtualInterfaceState` `{virtualInterfaceId, state, afterMs?, region?}`;
 * - `setBgpStatus` `{virtualInterfaceId, status: 'up'|'down', region?}`: every BGP peer of an interface;
 * - `setPageSize` `{size}`;
 * - `seed` `{hostedConnections?, virtualInterfaces?, region?}`: that many more hosted connections (spread over
 *   the partner interconnects, each with a VLAN of its own) and private virtual interfaces (on
 *   `dxcon-dedx0001`, each with its own VLAN and addresses), for scale tests; the new ids are returned and
 *   are gone again after a reset.
 */
export class DirectConnectService implements EmulatorService {
  readonly name = 'directconnect';
  readonly protocol = 'json' as const;
  readonly targetPrefix = 'OvertureService';
  readonly jsonVersion = '1.1';

  private readonly model = ServiceModel.load('directconnect');
  private regions = new Map<string, RegionState>();
  private pageSize = DIRECT_CONNECT_DEFAULT_PAGE_SIZE;

  constructor(private readonly ctx: ServiceContext) {
    this.reset();
  }

  reset(): void {
    this.regions = new Map();
    this.pageSize = DIRECT_CONNECT_DEFAULT_PAGE_SIZE;
  }

  operationOf(req: EmulatorRequest): string | undefined {
    const op = req.target?.slice(this.targetPrefix.length + 1);
    return op && this.model.operation(op) ? op : undefined;
  }

  handle(operation: string, req: EmulatorRequest): EmulatorResponse {
    const input = req.json ?? {};
    validateInput(this.model, operation, input);
    return { status: 200, body: this.dispatch(operation, input, this.region(req.region)) };
  }

  control(action: string, body: any): unknown {
    const region = this.region(String(body?.region ?? 'us-east-1'));
    switch (action) {
      case 'setConnectionState': {
        const c = this.connection(region, String(body.connectionId));
        this.schedule(c.state, body.state, body.afterMs, CONNECTION_STATES);
        return this.connectionView(c, 'us-east-1');
      }
      case 'setVirtualInterfaceState': {
        const v = this.virtualInterface(region, String(body.virtualInterfaceId));
        this.schedule(v.state, body.state, body.afterMs, VIRTUAL_INTERFACE_STATES);
        return { virtualInterfaceId: v.virtualInterfaceId, virtualInterfaceState: v.state.current };
      }
      case 'setBgpStatus': {
        const v = this.virtualInterface(region, String(body.virtualInterfaceId));
        if (body.status !== 'up' && body.status !== 'down') throw this.clientError(`BGP status '${body.status}' is not up or down`);
        for (const peer of v.bgpPeers) peer.bgpStatus = body.status;
        const state = v.state.current;
        if (state === 'available' || state === 'down') v.state.set(body.status === 'up' ? 'available' : 'down');
        return { virtualInterfaceId: v.virtualInterfaceId, virtualInterfaceState: v.state.current };
      }
      case 'setAddresses': {
        // The BGP peer addresses of an interface, for tests of the IP-address conflict on a move.
        const v = this.virtualInterface(region, String(body.virtualInterfaceId));
        if (body.amazonAddress !== undefined) v.amazonAddress = String(body.amazonAddress);
        if (body.customerAddress !== undefined) v.customerAddress = String(body.customerAddress);
        return { virtualInterfaceId: v.virtualInterfaceId, amazonAddress: v.amazonAddress, customerAddress: v.customerAddress };
      }
      case 'setPageSize': {
        const size = Number(body.size);
        if (!Number.isInteger(size) || size < 1 || size > 100) throw this.clientError(`Page size ${body.size} is not a whole number from 1 to 100`);
        this.pageSize = size;
        return { pageSize: size };
      }
      case 'seed':
        return this.seedMore(region, Number(body.hostedConnections ?? 0), Number(body.virtualInterfaces ?? 0));
      default:
        throw this.clientError(`Direct Connect has no control '${action}'; have setConnectionState, setVirtualInterfaceState, setBgpStatus, setAddresses, setPageSize, seed`);
    }
  }

  snapshot(): Record<string, unknown[]> {
    const out: Record<string, unknown[]> = { hostedConnections: [], virtualInterfaces: [] };
    for (const [name, r] of this.regions) {
      for (const c of r.connections.values()) {
        if (c.parentId) out.hostedConnections.push({ region: name, connectionId: c.connectionId, parentId: c.parentId, state: c.state.current });
      }
      for (const v of r.virtualInterfaces.values()) {
        out.virtualInterfaces.push({ region: name, virtualInterfaceId: v.virtualInterfaceId, connectionId: v.connectionId, state: v.state.current });
      }
    }
    return out;
  }

  /**
   * Add `hostedConnections` hosted connections and `virtualInterfaces` virtual interfaces to a region, with
   * ids `dxcon-hs<6 digits>` and `dxvif-vs<6 digits>` numbered on from those already seeded, and VLANs and
   * addresses that clash with nothing.
   */
  seedMore(r: RegionState | string, hostedConnections: number, virtualInterfaces: number):
  { hostedConnectionIds: string[]; virtualInterfaceIds: string[] } {
    const region = typeof r === 'string' ? this.region(r) : r;
    for (const [name, n] of [['hostedConnections', hostedConnections], ['virtualInterfaces', virtualInterfaces]] as const) {
      if (!Number.isInteger(n) || n < 0 || n > 10_000) throw this.clientError(`seed: ${name} must be a whole number from 0 to 10000, got ${n}`);
    }
    const parents = DX_INTERCONNECTS.slice(0, 3).map((i) => i.interconnectId);
    const hostedConnectionIds: string[] = [];
    let i = [...region.connections.keys()].filter((id) => id.startsWith('dxcon-hs')).length;
    for (let k = 0; k < hostedConnections; k++, i++) {
      const connectionId = `dxcon-hs${String(i).padStart(6, '0')}`;
      region.connections.set(connectionId, {
        connectionId,
        connectionName: `seeded-${i}`,
        bandwidth: '50Mbps',
        vlan: 1000 + i,
        parentId: parents[i % parents.length],
        state: new ScheduledState<string>('available', this.ctx.now),
        tags: new Map(),
      });
      hostedConnectionIds.push(connectionId);
    }
    const virtualInterfaceIds: string[] = [];
    let j = [...region.virtualInterfaces.keys()].filter((id) => id.startsWith('dxvif-vs')).length;
    for (let k = 0; k < virtualInterfaces; k++, j++) {
      const virtualInterfaceId = `dxvif-vs${String(j).padStart(6, '0')}`;
      // 169.254.0.0/16 in /30s from 169.254.128.0: a range the fixture does not use.
      const base = 128 * 256 + j * 4;
      const address = (n: number) => `169.254.${Math.floor((base + n) / 256)}.${(base + n) % 256}/30`;
      region.virtualInterfaces.set(virtualInterfaceId, {
        virtualInterfaceId,
        virtualInterfaceName: `seeded-${j}`,
        virtualInterfaceType: 'private',
        connectionId: 'dxcon-dedx0001',
        vlan: 2000 + j,
        asn: 65100,
        amazonSideAsn: 64512,
        amazonAddress: address(1),
        customerAddress: address(2),
        authKey: `dxAuthKey-vs${j}-5ecret`,
        virtualGatewayId: 'vgw-0a1b2c3d4e5f60718',
        bgpPeers: [{ bgpPeerId: `dxpeer-vs${String(j).padStart(6, '0')}`, bgpStatus: 'up', authKey: `dxAuthKey-vs${j}-5ecret` }],
        state: new ScheduledState<string>('available', this.ctx.now),
        tags: new Map(),
      });
      virtualInterfaceIds.push(virtualInterfaceId);
    }
    return { hostedConnectionIds, virtualInterfaceIds };
  }

  /** Where a hosted connection is now (in-process, for tests and the demo). */
  parentOf(connectionId: string, region = 'us-east-1'): string | undefined {
    return this.region(region).connections.get(connectionId)?.parentId;
  }

  /** Which connection or LAG a virtual interface is on now (in-process, for tests and the demo). */
  connectionOf(virtualInterfaceId: string, region = 'us-east-1'): string | undefined {
    return this.region(region).virtualInterfaces.get(virtualInterfaceId)?.connectionId;
  }

  /**
   * The tags of a connection, virtual interface (`dxvif-`) or LAG (`dxlag-`) now, as key to value (a tag
   * without a value reads as ''); in-process, for tests. Throws for an unknown id.
   */
  tagsOf(resourceId: string, region = 'us-east-1'): Record<string, string> {
    const r = this.region(region);
    let tags: TagMap | undefined;
    if (resourceId.startsWith('dxvif-')) tags = this.virtualInterface(r, resourceId).tags;
    else if (resourceId.startsWith('dxlag-')) tags = this.lagTags(r, resourceId);
    else tags = this.connection(r, resourceId).tags;
    if (!tags) throw this.clientError(`Lag ${resourceId} not found`);
    return Object.fromEntries([...tags].map(([k, v]) => [k, v ?? '']));
  }

  private dispatch(operation: string, input: any, r: RegionState): unknown {
    const regionName = this.regionName(r);
    switch (operation) {
      case 'DescribeConnections': {
        const all = [...r.connections.values()];
        const matches = input.connectionId ? [this.connection(r, input.connectionId)] : all;
        return this.paged('connections', matches.map((c) => this.connectionView(c, regionName)), input);
      }
      case 'DescribeHostedConnections': {
        const parentId = String(input.connectionId);
        if (!r.interconnects.has(parentId) && !r.lags.has(parentId)) {
          throw this.clientError(`Interconnect or LAG ${parentId} not found`);
        }
        const hosted = [...r.connections.values()].filter((c) => c.parentId === parentId);
        return this.paged('connections', hosted.map((c) => this.connectionView(c, regionName)), input);
      }
      case 'DescribeInterconnects': {
        if (input.interconnectId && !r.interconnects.has(input.interconnectId)) throw this.clientError(`Interconnect ${input.interconnectId} not found`);
        const matches = [...r.interconnects.values()].filter((i) => !input.interconnectId || i.interconnectId === input.interconnectId);
        return this.paged('interconnects', matches.map((i) => ({
          interconnectId: i.interconnectId,
          interconnectName: i.interconnectName,
          interconnectState: 'available',
          region: regionName,
          location: DX_LOCATION,
          bandwidth: i.bandwidth,
          awsDevice: 'EqDC2-1a2b3c4d5e6f',
          awsDeviceV2: 'EqDC2-1a2b3c4d5e6f',
          jumboFrameCapable: true,
          hasLogicalRedundancy: 'no',
        })), input);
      }
      case 'DescribeLags': {
        if (input.lagId && !r.lags.has(input.lagId)) throw this.clientError(`Lag ${input.lagId} not found`);
        const matches = [...r.lags.values()].filter((l) => !input.lagId || l.lagId === input.lagId);
        return this.paged('lags', matches.map((l) => this.lagView(l, r, regionName)), input);
      }
      case 'DescribeVirtualInterfaces': {
        if (input.virtualInterfaceId) this.virtualInterface(r, input.virtualInterfaceId);
        if (input.connectionId && !r.connections.has(input.connectionId) && !r.lags.has(input.connectionId)) {
          throw this.clientError(`Connection ${input.connectionId} not found`);
        }
        const matches = [...r.virtualInterfaces.values()].filter((v) =>
          (!input.virtualInterfaceId || v.virtualInterfaceId === input.virtualInterfaceId)
          && (!input.connectionId || v.connectionId === input.connectionId));
        return this.paged('virtualInterfaces', matches.map((v) => this.virtualInterfaceView(v, regionName)), input);
      }
      case 'AssociateHostedConnection':
        return this.connectionView(this.associateHostedConnection(r, input.connectionId, input.parentConnectionId), regionName);
      case 'AssociateVirtualInterface':
        return this.virtualInterfaceView(this.associateVirtualInterface(r, input.virtualInterfaceId, input.connectionId), regionName);
      case 'TagResource':
        this.tagResource(this.tagsByArn(r, regionName, input.resourceArn), input.resourceArn, input.tags);
        return {};
      case 'UntagResource': {
        const tags = this.tagsByArn(r, regionName, input.resourceArn);
        for (const key of input.tagKeys as string[]) tags.delete(key);
        return {};
      }
      case 'DescribeTags':
        return {
          resourceTags: (input.resourceArns as string[]).map((arn) => ({ resourceArn: arn, tags: tagList(this.tagsByArn(r, regionName, arn)) })),
        };
      default:
        throw new ServiceError(501, 'DirectConnectServerException', `The emulator does not implement ${operation}`);
    }
  }

  private associateHostedConnection(r: RegionState, connectionId: string, parentId: string): ConnectionRecord {
    const c = this.connection(r, connectionId);
    if (!c.parentId) throw this.clientError(`Connection ${connectionId} is not a hosted connection`);
    if (!r.interconnects.has(parentId) && !r.lags.has(parentId)) {
      if (r.connections.has(parentId)) throw this.clientError(`${parentId} is not an interconnect or a LAG`);
      throw this.clientError(`Interconnect or LAG ${parentId} not found`);
    }
    const lag = r.lags.get(parentId);
    if (lag && !lag.allowsHostedConnections) throw this.clientError(`LAG ${parentId} does not allow hosted connections`);
    const state = c.state.current;
    if (UNMOVABLE.has(state)) throw this.clientError(`Hosted connection ${connectionId} is in state ${state} and cannot be associated`);
    if (c.parentId === parentId) return c;
    const clash = [...r.connections.values()].find((o) => o !== c && o.parentId === parentId && o.vlan === c.vlan && !UNMOVABLE.has(o.state.current));
    if (clash) {
      throw this.clientError(`Unable to associate ${connectionId} with ${parentId}: VLAN ${c.vlan} is already in use by ${clash.connectionId}`);
    }
    c.parentId = parentId;
    c.state.set('pending').then(this.timing('directconnect.move'), state === 'pending' ? 'available' : state);
    return c;
  }

  private associateVirtualInterface(r: RegionState, virtualInterfaceId: string, connectionId: string): VirtualInterfaceRecord {
    const v = this.virtualInterface(r, virtualInterfaceId);
    if (r.interconnects.has(connectionId)) throw this.clientError('Virtual interfaces cannot be associated with an interconnect');
    const target = r.connections.get(connectionId);
    if (!target && !r.lags.has(connectionId)) throw this.clientError(`Connection ${connectionId} not found`);
    const state = v.state.current;
    if (UNMOVABLE.has(state)) throw this.clientError(`Virtual interface ${virtualInterfaceId} is in state ${state} and cannot be associated`);
    if (v.connectionId === connectionId) return v;
    const current = r.connections.get(v.connectionId);
    if (current?.parentId && r.lags.has(connectionId)) {
      throw this.clientError('Virtual interfaces on a hosted connection cannot be associated with a LAG. ' +
        `Use AssociateHostedConnection to move ${current.connectionId} together with its virtual interfaces.`);
    }
    const others = [...r.virtualInterfaces.values()].filter((o) => o !== v && o.connectionId === connectionId && !UNMOVABLE.has(o.state.current));
    const vlanClash = others.find((o) => o.vlan === v.vlan);
    if (vlanClash) {
      throw this.clientError(`Unable to associate ${virtualInterfaceId} with ${connectionId}: VLAN ${v.vlan} is already in use by virtual interface ${vlanClash.virtualInterfaceId}`);
    }
    const ipClash = others.find((o) => o.amazonAddress === v.amazonAddress || o.customerAddress === v.customerAddress);
    if (ipClash) {
      const address = ipClash.amazonAddress === v.amazonAddress ? v.amazonAddress : v.customerAddress;
      throw this.clientError(`Unable to associate ${virtualInterfaceId} with ${connectionId}: IP address ${address} conflicts with virtual interface ${ipClash.virtualInterfaceId}`);
    }
    v.connectionId = connectionId;
    const settled = v.bgpPeers.every((p) => p.bgpStatus === 'up') ? 'available' : 'down';
    v.state.set('pending').then(this.timing('directconnect.move'), settled);
    return v;
  }

  /** All or nothing: a request that breaks a rule changes no tag. */
  private tagResource(tags: TagMap, arn: string, wanted: Array<{ key: string; value?: string }>): void {
    const seen = new Set<string>();
    for (const { key } of wanted) {
      if (key.startsWith('aws:')) throw this.clientError(`Tag key ${key} is not allowed: keys starting with 'aws:' are reserved for AWS use`);
      if (seen.has(key)) throw new ServiceError(400, 'DuplicateTagKeysException', `Tag key ${key} was specified more than once`);
      seen.add(key);
    }
    const total = new Set([...tags.keys(), ...seen]).size;
    if (total > DIRECT_CONNECT_MAX_TAGS) {
      throw new ServiceError(400, 'TooManyTagsException',
        `Resource ${arn} would have ${total} tags; a resource can have at most ${DIRECT_CONNECT_MAX_TAGS} tags`);
    }
    for (const { key, value } of wanted) tags.set(key, value ?? undefined);
  }

  /**
   * The tags of the resource an ARN names, in the region of the request and this account; a malformed ARN is
   * refused as invalid, any other ARN that names nothing here as not found.
   */
  private tagsByArn(r: RegionState, regionName: string, arn: string): TagMap {
    const match = RESOURCE_ARN.exec(arn);
    if (!match) throw this.clientError(`Invalid ARN: ${arn}`);
    const [, , region, account, type, id] = match;
    let tags: TagMap | undefined;
    if (region === regionName && account === this.ctx.accountId) {
      if (type === 'dxcon') tags = r.connections.get(id)?.tags;
      else if (type === 'dxvif') tags = r.virtualInterfaces.get(id)?.tags;
      else if (type === 'dxlag') tags = this.lagTags(r, id);
    }
    if (!tags) throw this.clientError(`Resource ${arn} not found`);
    return tags;
  }

  private lagTags(r: RegionState, lagId: string): TagMap | undefined {
    if (!r.lags.has(lagId)) return undefined;
    let tags = r.lagTags.get(lagId);
    if (!tags) {
      tags = new Map();
      r.lagTags.set(lagId, tags);
    }
    return tags;
  }

  private region(name: string): RegionState {
    let r = this.regions.get(name);
    if (!r) {
      r = seed(this.ctx.now);
      this.regions.set(name, r);
    }
    return r;
  }

  private regionName(r: RegionState): string {
    for (const [name, state] of this.regions) if (state === r) return name;
    return 'us-east-1';
  }

  private connection(r: RegionState, id: string): ConnectionRecord {
    const c = r.connections.get(id);
    if (!c) throw this.clientError(`Connection ${id} not found`);
    return c;
  }

  private virtualInterface(r: RegionState, id: string): VirtualInterfaceRecord {
    const v = r.virtualInterfaces.get(id);
    if (!v) throw this.clientError(`Virtual interface ${id} does not exist`);
    return v;
  }

  private schedule(state: ScheduledState<string>, next: unknown, afterMs: unknown, allowed: string[]): void {
    if (typeof next !== 'string' || !allowed.includes(next)) throw this.clientError(`State '${next}' is not one of ${allowed.join(', ')}`);
    const delay = Number(afterMs ?? 0);
    if (delay > 0) state.then(delay, next);
    else state.set(next);
  }

  private connectionView(c: ConnectionRecord, region: string): Record<string, unknown> {
    const lagId = c.lagId ?? (c.parentId?.startsWith('dxlag-') ? c.parentId : undefined);
    return {
      ownerAccount: this.ctx.accountId,
      connectionId: c.connectionId,
      connectionName: c.connectionName,
      connectionState: c.state.current,
      region,
      location: DX_LOCATION,
      bandwidth: c.bandwidth,
      vlan: c.vlan,
      ...(c.parentId ? { partnerName: 'Example Partner' } : {}),
      ...(lagId ? { lagId } : {}),
      awsDevice: 'EqDC2-1a2b3c4d5e6f',
      awsDeviceV2: 'EqDC2-1a2b3c4d5e6f',
      jumboFrameCapable: false,
      hasLogicalRedundancy: 'no',
      ...tagsMember(c.tags),
    };
  }

  private lagView(l: LagSeed, r: RegionState, region: string): Record<string, unknown> {
    const members = [...r.connections.values()].filter((c) => c.lagId === l.lagId).map((c) => this.connectionView(c, region));
    return {
      lagId: l.lagId,
      lagName: l.lagName,
      lagState: 'available',
      connectionsBandwidth: l.connectionsBandwidth,
      numberOfConnections: l.numberOfConnections,
      minimumLinks: 0,
      ownerAccount: this.ctx.accountId,
      region,
      location: DX_LOCATION,
      awsDevice: 'EqDC2-1a2b3c4d5e6f',
      awsDeviceV2: 'EqDC2-1a2b3c4d5e6f',
      allowsHostedConnections: l.allowsHostedConnections,
      jumboFrameCapable: false,
      hasLogicalRedundancy: 'no',
      connections: members,
      ...tagsMember(r.lagTags.get(l.lagId)),
    };
  }

  /** As the real API does, this includes the BGP auth keys, in the peers and in the router configuration. */
  private virtualInterfaceView(v: VirtualInterfaceRecord, region: string): Record<string, unknown> {
    return {
      ownerAccount: this.ctx.accountId,
      virtualInterfaceId: v.virtualInterfaceId,
      location: DX_LOCATION,
      connectionId: v.connectionId,
      virtualInterfaceType: v.virtualInterfaceType,
      virtualInterfaceName: v.virtualInterfaceName,
      vlan: v.vlan,
      asn: v.asn,
      asnLong: v.asn,
      ...(v.amazonSideAsn !== undefined ? { amazonSideAsn: v.amazonSideAsn } : {}),
      authKey: v.authKey,
      amazonAddress: v.amazonAddress,
      customerAddress: v.customerAddress,
      addressFamily: 'ipv4',
      virtualInterfaceState: v.state.current,
      customerRouterConfig: `<router><bgp neighbor="${v.amazonAddress.split('/')[0]}" password="${v.authKey}"/></router>`,
      mtu: 1500,
      jumboFrameCapable: false,
      ...(v.virtualGatewayId ? { virtualGatewayId: v.virtualGatewayId } : {}),
      ...(v.directConnectGatewayId ? { directConnectGatewayId: v.directConnectGatewayId } : {}),
      routeFilterPrefixes: [],
      bgpPeers: v.bgpPeers.map((p) => ({
        bgpPeerId: p.bgpPeerId,
        asn: v.asn,
        authKey: p.authKey,
        addressFamily: 'ipv4',
        amazonAddress: v.amazonAddress,
        customerAddress: v.customerAddress,
        bgpPeerState: 'available',
        bgpStatus: p.bgpStatus,
        awsDeviceV2: 'EqDC2-1a2b3c4d5e6f',
      })),
      region,
      awsDeviceV2: 'EqDC2-1a2b3c4d5e6f',
      ...tagsMember(v.tags),
      siteLinkEnabled: false,
    };
  }

  private paged(key: string, items: unknown[], input: { maxResults?: number; nextToken?: string }): Record<string, unknown> {
    let offset = 0;
    if (input.nextToken !== undefined) {
      const match = /^page:(\d+)$/.exec(Buffer.from(input.nextToken, 'base64url').toString('utf-8'));
      offset = match ? Number(match[1]) : -1;
      if (offset < 0 || offset > items.length) throw this.clientError('The pagination token is invalid');
    }
    if (input.maxResults === undefined && input.nextToken === undefined) return { [key]: items };
    const size = Math.min(input.maxResults ?? 100, 100, this.pageSize);
    const end = offset + size;
    return {
      [key]: items.slice(offset, end),
      ...(end < items.length ? { nextToken: Buffer.from(`page:${end}`, 'utf-8').toString('base64url') } : {}),
    };
  }

  private timing(name: keyof typeof DIRECT_CONNECT_TIMINGS): number {
    return this.ctx.timing(name, DIRECT_CONNECT_TIMINGS[name]);
  }

  private clientError(message: string): ServiceError {
    return new ServiceError(400, 'DirectConnectClientException', message);
  }
}

/** Tags on the wire: `[{key, value}]`, `value` left out when the tag has none. */
function tagList(tags: TagMap): Array<{ key: string; value?: string }> {
  return [...tags].map(([key, value]) => (value === undefined ? { key } : { key, value }));
}

/** A Describe view's `tags` member: there only when the resource has tags. */
function tagsMember(tags: TagMap | undefined): { tags?: Array<{ key: string; value?: string }> } {
  return tags && tags.size > 0 ? { tags: tagList(tags) } : {};
}

function seed(now: () => number): RegionState {
  return {
    interconnects: new Map(DX_INTERCONNECTS.map((i) => [i.interconnectId, { ...i }])),
    lags: new Map(DX_LAGS.map((l) => [l.lagId, { ...l }])),
    connections: new Map(DX_CONNECTIONS.map((c) => [c.connectionId, {
      connectionId: c.connectionId,
      connectionName: c.connectionName,
      bandwidth: c.bandwidth,
      vlan: c.vlan ?? 0,
      parentId: c.parentId,
      lagId: c.lagId,
      state: new ScheduledState<string>(c.connectionState, now),
      tags: new Map(),
    }])),
    virtualInterfaces: new Map(DX_VIRTUAL_INTERFACES.map((v) => [v.virtualInterfaceId, {
      ...v,
      bgpPeers: v.bgpPeers.map((p) => ({ bgpPeerId: p.bgpPeerId, bgpStatus: p.bgpStatus, authKey: p.authKey ?? v.authKey })),
      state: new ScheduledState<string>(v.bgpPeers.every((p) => p.bgpStatus === 'up') ? 'available' : 'down', now),
      tags: new Map(),
    }])),
    lagTags: new Map(),
  };
}
