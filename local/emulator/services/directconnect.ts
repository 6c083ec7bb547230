import { validateInput } from '../model-validator';
import { ScheduledState } from '../scheduled-state';
import { ServiceError, type EmulatorRequest, type EmulatorResponse, type EmulatorService, type ServiceContext } from '../service';
import { ServiceModel } from '../service-model';
import {
  DX_CONNECTIONS, DX_INTERCONNECTS, DX_LAGS, DX_LOCATION, DX_OTHER_CUSTOMER_ACCOUNT, DX_PARTNER_ACCOUNT, DX_VIRTUAL_INTERFACES,
  type InterconnectSeed, type LagSeed,
} from './directconnect-fixture';

/** Timing names (ms) and their defaults; set them with `setTiming` or `POST /_emulator/timings`. */
export const DIRECT_CONNECT_TIMINGS = {
  /** How long a hosted connection or virtual interface stays `pending` after an association moves it (or its owner confirms it). */
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
 * The messages of Direct Connect's refusals, in one place so the provenance table
 * (`local/emulator/provenance/directconnect.md`) can say where each comes from. Those marked "assumed" there
 * have no public source; the rest are the strings a public client matches or a caller quoted.
 */
export const DX_MESSAGES = {
  /** terraform: internal/service/directconnect/connection.go matches "Could not find Connection with ID". */
  connectionNotFound: (id: string) => `Could not find Connection with ID ${id}`,
  /** terraform: internal/service/directconnect/lag.go matches "Could not find Lag with ID". */
  lagNotFound: (id: string) => `Could not find Lag with ID ${id}`,
  /** Quoted in hashicorp/terraform-provider-aws issue 43499 (a partner's DescribeHostedConnections on a hosted connection's id). */
  hostedParentNotFound: (account: string, id: string) => `${account} DescribeHostedConnections failed for connection ${id} doesn't exist.`,
  /** Assumed, in the form of the two above. */
  interconnectNotFound: (id: string) => `Could not find Interconnect with ID ${id}`,
  /** terraform: virtual_interface.go matches "does not exist" on DeleteVirtualInterface; the words around it are assumed. */
  virtualInterfaceNotFound: (id: string) => `Virtual interface ${id} does not exist`,
  /** Quoted in crossplane-contrib/provider-upjet-aws issue 279 (AllocateHostedConnection by a non-partner). */
  notAPartner: (account: string, region: string) => `Account ${account} is not an authorized Direct Connect partner in ${region}.`,
} as const;

/**
 * A Direct Connect resource ARN: `arn:<partition>:directconnect:<region>:<account>:<type>/<id>`. The emulator
 * tags `dxcon` (connections, hosted connections and interconnects), `dxvif` and `dxlag`; any other type names
 * nothing here.
 */
const RESOURCE_ARN = /^arn:(aws(?:-[a-z]+)*):directconnect:([a-z0-9-]*):(\d{12}):([a-z-]+)\/([A-Za-z0-9-]+)$/;

/** Tags in the order they were first added: key to value (a Tag's value is optional on the wire). */
type TagMap = Map<string, string | undefined>;

interface InterconnectRecord extends InterconnectSeed {
  readonly tags: TagMap;
}

interface LagRecord extends LagSeed {
  readonly tags: TagMap;
}

interface ConnectionRecord {
  readonly ownerAccount: string;
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
  readonly ownerAccount: string;
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
  readonly name: string;
  readonly interconnects: Map<string, InterconnectRecord>;
  readonly lags: Map<string, LagRecord>;
  readonly connections: Map<string, ConnectionRecord>;
  readonly virtualInterfaces: Map<string, VirtualInterfaceRecord>;
}

/** One request: the region's state and the account the caller acts as. */
interface Call {
  readonly r: RegionState;
  readonly caller: string;
}

/**
 * AWS Direct Connect over AWS JSON 1.1 (`X-Amz-Target: OvertureService.<Op>`), seeded in every region from
 * `directconnect-fixture.ts`: the two association operations, the Describe calls around them, the three
 * Confirm*VirtualInterface calls and tagging, checked against the real model, with Direct Connect's own error
 * shape (`DirectConnectClientException`, 400, and a message; there is no NotFound error type).
 *
 * Every resource has an owner account, and each call sees what its caller's account would see (the caller is
 * `EmulatorRequest.accountId`: a 12-digit access key id acts as that account):
 * - DescribeInterconnects and DescribeLags: the caller's own; DescribeConnections: the dedicated and hosted
 *   connections the caller owns (a partner does not see its customers' hosted connections there);
 * - DescribeHostedConnections: every hosted connection on an interconnect or LAG the caller owns, whoever owns
 *   it, with tags only where the caller owns the hosted connection;
 * - DescribeVirtualInterfaces: the interfaces the caller owns and those on connections or LAGs it owns; an id
 *   it cannot see gives an empty list;
 * - AssociateHostedConnection: only a partner (an account with an interconnect or LAG), for a hosted connection
 *   on one of its interconnects or LAGs, to another of its own;
 * - AssociateVirtualInterface: the caller owns the interface or the connection it is on, and owns the target;
 *   an interface whose owner is not the target's owner then stays `confirming` until its owner confirms it;
 * - tags: read and written by the resource's owner only, by an ARN that carries the owner's account.
 *
 * Tagging works on connections, hosted connections, interconnects, virtual interfaces and LAGs: at most 50
 * tags a resource, no `aws:` keys, and a resource's tags in its Describe view only when it has some.
 *
 * Describe calls return everything when `maxResults` is not given, as the service does for old clients,
 * and otherwise pages of at most the emulator's page size (3 unless `setPageSize` says otherwise).
 *
 * Controls (`POST /_emulator/directconnect/<action>`), which act for no account in particular:
 * - `setConnectionState` `{connectionId, state, afterMs?, region?}`: a connection's state now, or after a delay;
 * - `setVirtualInterfaceState` `{virtualInterfaceId, state, afterMs?, region?}`;
 * - `setBgpStatus` `{virtualInterfaceId, status: 'up'|'down', region?}`: every BGP peer of an interface;
 * - `setAddresses` `{virtualInterfaceId, amazonAddress?, customerAddress?, region?}`;
 * - `setPageSize` `{size}`;
 * - `seed` `{hostedConnections?, virtualInterfaces?, region?}`: that many more hosted connections (the second
 *   customer's, spread over the partner's interconnects, each with a VLAN of its own) and private virtual
 *   interfaces (the partner's, on `dxcon-dedx0001`, each with its own VLAN and addresses), for scale tests; the
 *   new ids are returned and are gone again after a reset;
 * - `seedPartner` `{interconnects?, lags?, hostedConnections?, region?}`: a partner at scale (see `seedPartner`).
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
    return { status: 200, body: this.dispatch(operation, input, { r: this.region(req.region), caller: req.accountId }) };
  }

  control(action: string, body: any): unknown {
    const region = this.region(String(body?.region ?? 'us-east-1'));
    switch (action) {
      case 'setConnectionState': {
        const c = this.anyConnection(region, String(body.connectionId));
        this.schedule(c.state, body.state, body.afterMs, CONNECTION_STATES);
        return this.connectionView(c, region, c.ownerAccount);
      }
      case 'setVirtualInterfaceState': {
        const v = this.anyVirtualInterface(region, String(body.virtualInterfaceId));
        this.schedule(v.state, body.state, body.afterMs, VIRTUAL_INTERFACE_STATES);
        return { virtualInterfaceId: v.virtualInterfaceId, virtualInterfaceState: v.state.current };
      }
      case 'setBgpStatus': {
        const v = this.anyVirtualInterface(region, String(body.virtualInterfaceId));
        if (body.status !== 'up' && body.status !== 'down') throw this.clientError(`BGP status '${body.status}' is not up or down`);
        for (const peer of v.bgpPeers) peer.bgpStatus = body.status;
        const state = v.state.current;
        if (state === 'available' || state === 'down') v.state.set(body.status === 'up' ? 'available' : 'down');
        return { virtualInterfaceId: v.virtualInterfaceId, virtualInterfaceState: v.state.current };
      }
      case 'setAddresses': {
        // The BGP peer addresses of an interface, for tests of the IP-address conflict on a move.
        const v = this.anyVirtualInterface(region, String(body.virtualInterfaceId));
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
      case 'seedPartner':
        return this.seedPartner(region, Number(body.interconnects ?? 0), Number(body.lags ?? 0), Number(body.hostedConnections ?? 0));
      default:
        throw this.clientError(`Direct Connect has no control '${action}'; have setConnectionState, setVirtualInterfaceState, setBgpStatus, setAddresses, setPageSize, seed, seedPartner`);
    }
  }

  snapshot(): Record<string, unknown[]> {
    const out: Record<string, unknown[]> = { hostedConnections: [], virtualInterfaces: [] };
    for (const [name, r] of this.regions) {
      for (const c of r.connections.values()) {
        if (c.parentId) {
          out.hostedConnections.push({
            region: name, connectionId: c.connectionId, parentId: c.parentId, state: c.state.current, ownerAccount: c.ownerAccount,
          });
        }
      }
      for (const v of r.virtualInterfaces.values()) {
        out.virtualInterfaces.push({
          region: name, virtualInterfaceId: v.virtualInterfaceId, connectionId: v.connectionId, state: v.state.current, ownerAccount: v.ownerAccount,
        });
      }
    }
    return out;
  }

  /**
   * Add `hostedConnections` hosted connections and `virtualInterfaces` virtual interfaces to a region, with
   * ids `dxcon-hs<6 digits>` and `dxvif-vs<6 digits>` numbered on from those already seeded, and VLANs and
   * addresses that clash with nothing. The hosted connections belong to the second customer, on the partner's
   * interconnects; the interfaces to the partner, on its own connection.
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
        ownerAccount: DX_OTHER_CUSTOMER_ACCOUNT,
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
        ownerAccount: DX_PARTNER_ACCOUNT,
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

  /**
   * A Direct Connect Partner at scale, for the bench: `interconnects` more interconnects (`dxcon-icp<5 digits>`)
   * and `lags` more LAGs of interconnects that allow hosted connections (`dxlag-lagp<4 digits>`), all the
   * partner's (`DX_PARTNER_ACCOUNT`) at the fixture's location, and `hostedConnections` hosted connections of the
   * second customer (`dxcon-hp<6 digits>`, each with a VLAN of its own) spread round robin over the new parents,
   * in the order DescribeInterconnects then DescribeLags list them. Called again, it numbers on.
   */
  seedPartner(r: RegionState | string, interconnects: number, lags: number, hostedConnections: number):
  { interconnectIds: string[]; lagIds: string[]; hostedConnectionIds: string[]; parentOf: Record<string, string> } {
    const region = typeof r === 'string' ? this.region(r) : r;
    for (const [name, n, max] of [['interconnects', interconnects, 999], ['lags', lags, 999], ['hostedConnections', hostedConnections, 1000]] as const) {
      if (!Number.isInteger(n) || n < 0 || n > max) throw this.clientError(`seedPartner: ${name} must be a whole number from 0 to ${max}, got ${n}`);
    }
    const numbered = (ids: Iterable<string>, prefix: string) => [...ids].filter((id) => id.startsWith(prefix)).length;
    const interconnectIds: string[] = [];
    for (let k = 0, i = numbered(region.interconnects.keys(), 'dxcon-icp'); k < interconnects; k++, i++) {
      const interconnectId = `dxcon-icp${String(i).padStart(5, '0')}`;
      region.interconnects.set(interconnectId, {
        ownerAccount: DX_PARTNER_ACCOUNT, interconnectId, interconnectName: `partner-scale-${i}`, bandwidth: '10Gbps', tags: new Map(),
      });
      interconnectIds.push(interconnectId);
    }
    const lagIds: string[] = [];
    for (let k = 0, i = numbered(region.lags.keys(), 'dxlag-lagp'); k < lags; k++, i++) {
      const lagId = `dxlag-lagp${String(i).padStart(4, '0')}`;
      region.lags.set(lagId, {
        ownerAccount: DX_PARTNER_ACCOUNT,
        lagId,
        lagName: `partner-scale-lag-${i}`,
        connectionsBandwidth: '10Gbps',
        numberOfConnections: 2,
        allowsHostedConnections: true,
        tags: new Map(),
      });
      lagIds.push(lagId);
    }
    const parents = [...interconnectIds, ...lagIds];
    if (hostedConnections > 0 && parents.length === 0) throw this.clientError('seedPartner: hosted connections need interconnects or LAGs to be on');
    const hostedConnectionIds: string[] = [];
    const parentOf: Record<string, string> = {};
    for (let k = 0, i = numbered(region.connections.keys(), 'dxcon-hp'); k < hostedConnections; k++, i++) {
      const connectionId = `dxcon-hp${String(i).padStart(6, '0')}`;
      const parentId = parents[k % parents.length];
      region.connections.set(connectionId, {
        ownerAccount: DX_OTHER_CUSTOMER_ACCOUNT,
        connectionId,
        connectionName: `partner-scale-hosted-${i}`,
        bandwidth: '50Mbps',
        vlan: 3000 + i,
        parentId,
        state: new ScheduledState<string>('available', this.ctx.now),
        tags: new Map(),
      });
      hostedConnectionIds.push(connectionId);
      parentOf[connectionId] = parentId;
    }
    return { interconnectIds, lagIds, hostedConnectionIds, parentOf };
  }

  /** Where a hosted connection is now (in-process, for tests and the demo). */
  parentOf(connectionId: string, region = 'us-east-1'): string | undefined {
    return this.region(region).connections.get(connectionId)?.parentId;
  }

  /** Which connection or LAG a virtual interface is on now (in-process, for tests and the demo). */
  connectionOf(virtualInterfaceId: string, region = 'us-east-1'): string | undefined {
    return this.region(region).virtualInterfaces.get(virtualInterfaceId)?.connectionId;
  }

  /** A virtual interface's state now (in-process, for tests and the demo). */
  virtualInterfaceStateOf(virtualInterfaceId: string, region = 'us-east-1'): string | undefined {
    return this.region(region).virtualInterfaces.get(virtualInterfaceId)?.state.current;
  }

  /**
   * The tags of a connection, interconnect, virtual interface (`dxvif-`) or LAG (`dxlag-`) now, as key to
   * value (a tag without a value reads as ''), whoever owns it; in-process, for tests. Throws for an unknown id.
   */
  tagsOf(resourceId: string, region = 'us-east-1'): Record<string, string> {
    const r = this.region(region);
    const tags = this.anyTags(r, resourceId);
    if (!tags) throw this.clientError(`No resource ${resourceId} in ${region}`);
    return Object.fromEntries([...tags].map(([k, v]) => [k, v ?? '']));
  }

  private dispatch(operation: string, input: any, call: Call): unknown {
    const { r, caller } = call;
    switch (operation) {
      case 'DescribeConnections': {
        const owned = [...r.connections.values()].filter((c) => c.ownerAccount === caller);
        const matches = input.connectionId ? [this.ownConnection(call, input.connectionId)] : owned;
        return this.paged('connections', matches.map((c) => this.connectionView(c, r, caller)), input);
      }
      case 'DescribeHostedConnections': {
        const parentId = String(input.connectionId);
        const parent = r.interconnects.get(parentId) ?? r.lags.get(parentId);
        if (!parent || parent.ownerAccount !== caller) throw this.clientError(DX_MESSAGES.hostedParentNotFound(caller, parentId));
        const hosted = [...r.connections.values()].filter((c) => c.parentId === parentId);
        return this.paged('connections', hosted.map((c) => this.connectionView(c, r, caller)), input);
      }
      case 'DescribeInterconnects': {
        const owned = [...r.interconnects.values()].filter((i) => i.ownerAccount === caller);
        if (input.interconnectId && !owned.some((i) => i.interconnectId === input.interconnectId)) {
          throw this.clientError(DX_MESSAGES.interconnectNotFound(input.interconnectId));
        }
        const matches = owned.filter((i) => !input.interconnectId || i.interconnectId === input.interconnectId);
        return this.paged('interconnects', matches.map((i) => this.interconnectView(i, r)), input);
      }
      case 'DescribeLags': {
        const owned = [...r.lags.values()].filter((l) => l.ownerAccount === caller);
        if (input.lagId && !owned.some((l) => l.lagId === input.lagId)) throw this.clientError(DX_MESSAGES.lagNotFound(input.lagId));
        const matches = owned.filter((l) => !input.lagId || l.lagId === input.lagId);
        return this.paged('lags', matches.map((l) => this.lagView(l, r)), input);
      }
      case 'DescribeVirtualInterfaces': {
        if (input.connectionId && !this.visibleParent(call, input.connectionId)) {
          throw this.clientError(input.connectionId.startsWith('dxlag-')
            ? DX_MESSAGES.lagNotFound(input.connectionId) : DX_MESSAGES.connectionNotFound(input.connectionId));
        }
        // An id the caller cannot see is an empty list, not an error: see the provenance table.
        const matches = [...r.virtualInterfaces.values()].filter((v) => this.seesVirtualInterface(call, v)
          && (!input.virtualInterfaceId || v.virtualInterfaceId === input.virtualInterfaceId)
          && (!input.connectionId || v.connectionId === input.connectionId));
        return this.paged('virtualInterfaces', matches.map((v) => this.virtualInterfaceView(v, r, caller)), input);
      }
      case 'AssociateHostedConnection':
        return this.connectionView(this.associateHostedConnection(call, input.connectionId, input.parentConnectionId), r, caller);
      case 'AssociateVirtualInterface':
        return this.virtualInterfaceView(this.associateVirtualInterface(call, input.virtualInterfaceId, input.connectionId), r, caller);
      case 'ConfirmPrivateVirtualInterface':
        return { virtualInterfaceState: this.confirmVirtualInterface(call, input.virtualInterfaceId, 'private') };
      case 'ConfirmPublicVirtualInterface':
        return { virtualInterfaceState: this.confirmVirtualInterface(call, input.virtualInterfaceId, 'public') };
      case 'ConfirmTransitVirtualInterface':
        return { virtualInterfaceState: this.confirmVirtualInterface(call, input.virtualInterfaceId, 'transit') };
      case 'TagResource':
        this.tagResource(this.tagsByArn(call, input.resourceArn), input.resourceArn, input.tags);
        return {};
      case 'UntagResource': {
        const tags = this.tagsByArn(call, input.resourceArn);
        for (const key of input.tagKeys as string[]) tags.delete(key);
        return {};
      }
      case 'DescribeTags':
        return {
          resourceTags: (input.resourceArns as string[]).map((arn) => ({ resourceArn: arn, tags: tagList(this.tagsByArn(call, arn)) })),
        };
      default:
        throw new ServiceError(501, 'DirectConnectServerException', `The emulator does not implement ${operation}`);
    }
  }

  /**
   * A partner moves a hosted connection between its own interconnects and LAGs. It does not own the hosted
   * connection (its customer does), so ownership is of the parents: the current one and the target.
   */
  private associateHostedConnection({ r, caller }: Call, connectionId: string, parentId: string): ConnectionRecord {
    // A partner is an account with interconnects (or LAGs of them, which may carry hosted connections).
    const isPartner = [...r.interconnects.values(), ...[...r.lags.values()].filter((l) => l.allowsHostedConnections)]
      .some((p) => p.ownerAccount === caller);
    if (!isPartner) throw this.clientError(DX_MESSAGES.notAPartner(caller, r.name));
    const c = r.connections.get(connectionId);
    const currentParent = c?.parentId ? r.interconnects.get(c.parentId) ?? r.lags.get(c.parentId) : undefined;
    if (c && !c.parentId && c.ownerAccount === caller) throw this.clientError(`Connection ${connectionId} is not a hosted connection`);
    if (!c || currentParent?.ownerAccount !== caller) throw this.clientError(DX_MESSAGES.connectionNotFound(connectionId));
    const target = r.interconnects.get(parentId) ?? r.lags.get(parentId);
    if (!target || target.ownerAccount !== caller) {
      const ownConnection = r.connections.get(parentId)?.ownerAccount === caller;
      if (ownConnection) throw this.clientError(`${parentId} is not an interconnect or a LAG`);
      throw this.clientError(parentId.startsWith('dxlag-') ? DX_MESSAGES.lagNotFound(parentId) : DX_MESSAGES.connectionNotFound(parentId));
    }
    if ('allowsHostedConnections' in target && !target.allowsHostedConnections) throw this.clientError(`LAG ${parentId} does not allow hosted connections`);
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

  /**
   * Seed 002: "the requester must own either the virtual interface itself or the connection to which the
   * virtual interface is currently associated. Additionally, the requester must own the connection or LAG
   * for the association." An interface that does not belong to the target's owner then waits for its owner.
   */
  private associateVirtualInterface(call: Call, virtualInterfaceId: string, connectionId: string): VirtualInterfaceRecord {
    const { r, caller } = call;
    const v = r.virtualInterfaces.get(virtualInterfaceId);
    if (!v || !this.seesVirtualInterface(call, v)) throw this.clientError(DX_MESSAGES.virtualInterfaceNotFound(virtualInterfaceId));
    if (r.interconnects.get(connectionId)?.ownerAccount === caller) throw this.clientError('Virtual interfaces cannot be associated with an interconnect');
    const targetOwner = this.ownerOfParent(r, connectionId);
    if (targetOwner !== caller) {
      throw this.clientError(connectionId.startsWith('dxlag-') ? DX_MESSAGES.lagNotFound(connectionId) : DX_MESSAGES.connectionNotFound(connectionId));
    }
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
    if (v.ownerAccount !== targetOwner) {
      // Seed 002, `confirming`: "If the owner of the virtual interface is different from the owner of the
      // connection on which it is provisioned, then the virtual interface will remain in this state until it
      // is confirmed by the virtual interface owner." Nothing here moves it on: only a Confirm call does.
      v.state.set('confirming');
    } else {
      v.state.set('pending').then(this.timing('directconnect.move'), settledState(v));
    }
    return v;
  }

  /** ConfirmPrivate/Public/TransitVirtualInterface: the owner accepts an interface that waits for it. */
  private confirmVirtualInterface({ r, caller }: Call, virtualInterfaceId: string, type: string): string {
    const v = r.virtualInterfaces.get(virtualInterfaceId);
    if (!v || v.ownerAccount !== caller) throw this.clientError(DX_MESSAGES.virtualInterfaceNotFound(virtualInterfaceId));
    if (v.virtualInterfaceType !== type) throw this.clientError(`Virtual interface ${virtualInterfaceId} is not a ${type} virtual interface`);
    const state = v.state.current;
    if (state !== 'confirming') throw this.clientError(`Virtual interface ${virtualInterfaceId} is in state ${state}, not confirming`);
    v.state.set('pending').then(this.timing('directconnect.move'), settledState(v));
    return v.state.current;
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
   * The tags of the resource an ARN names, when the caller owns it: the ARN must carry the region of the
   * request and the caller's account, which is the owner's. A malformed ARN is refused as invalid; any other
   * (unknown, another account's, another region's) as not found.
   */
  private tagsByArn({ r, caller }: Call, arn: string): TagMap {
    const match = RESOURCE_ARN.exec(arn);
    if (!match) throw this.clientError(`Invalid ARN: ${arn}`);
    const [, , region, account, type, id] = match;
    let owned: { ownerAccount: string; tags: TagMap } | undefined;
    if (region === r.name && account === caller) {
      if (type === 'dxcon') owned = r.connections.get(id) ?? r.interconnects.get(id);
      else if (type === 'dxvif') owned = r.virtualInterfaces.get(id);
      else if (type === 'dxlag') owned = r.lags.get(id);
    }
    if (!owned || owned.ownerAccount !== caller) throw this.clientError(`Resource ${arn} not found`);
    return owned.tags;
  }

  private anyTags(r: RegionState, id: string): TagMap | undefined {
    if (id.startsWith('dxvif-')) return r.virtualInterfaces.get(id)?.tags;
    if (id.startsWith('dxlag-')) return r.lags.get(id)?.tags;
    return (r.connections.get(id) ?? r.interconnects.get(id))?.tags;
  }

  /** Who owns the connection or LAG a virtual interface can be on (not an interconnect), if it exists. */
  private ownerOfParent(r: RegionState, id: string): string | undefined {
    return (r.connections.get(id) ?? r.lags.get(id))?.ownerAccount;
  }

  /** A connection or LAG the caller may name in DescribeVirtualInterfaces: its own. */
  private visibleParent({ r, caller }: Call, id: string): boolean {
    return this.ownerOfParent(r, id) === caller;
  }

  /** The interface's owner sees it, and so does the owner of the connection or LAG it is on. */
  private seesVirtualInterface({ r, caller }: Call, v: VirtualInterfaceRecord): boolean {
    return v.ownerAccount === caller || this.ownerOfParent(r, v.connectionId) === caller;
  }

  private region(name: string): RegionState {
    let r = this.regions.get(name);
    if (!r) {
      r = seed(name, this.ctx.now);
      this.regions.set(name, r);
    }
    return r;
  }

  /** A connection the caller owns, as DescribeConnections finds it. */
  private ownConnection({ r, caller }: Call, id: string): ConnectionRecord {
    const c = r.connections.get(id);
    if (!c || c.ownerAccount !== caller) throw this.clientError(DX_MESSAGES.connectionNotFound(id));
    return c;
  }

  /** For controls, which act for no account. */
  private anyConnection(r: RegionState, id: string): ConnectionRecord {
    const c = r.connections.get(id);
    if (!c) throw this.clientError(DX_MESSAGES.connectionNotFound(id));
    return c;
  }

  private anyVirtualInterface(r: RegionState, id: string): VirtualInterfaceRecord {
    const v = r.virtualInterfaces.get(id);
    if (!v) throw this.clientError(DX_MESSAGES.virtualInterfaceNotFound(id));
    return v;
  }

  private schedule(state: ScheduledState<string>, next: unknown, afterMs: unknown, allowed: string[]): void {
    if (typeof next !== 'string' || !allowed.includes(next)) throw this.clientError(`State '${next}' is not one of ${allowed.join(', ')}`);
    const delay = Number(afterMs ?? 0);
    if (delay > 0) state.then(delay, next);
    else state.set(next);
  }

  /**
   * A connection as `caller` reads it. Tags are the owner's to read: the partner reading its customers'
   * hosted connections sees none (Terraform's hosted_connection.go: "conn.Tags seems to always come back
   * empty and DescribeTags needs to be called from the owner account").
   */
  private connectionView(c: ConnectionRecord, r: RegionState, caller: string): Record<string, unknown> {
    const lagId = c.lagId ?? (c.parentId?.startsWith('dxlag-') ? c.parentId : undefined);
    return {
      ownerAccount: c.ownerAccount,
      connectionId: c.connectionId,
      connectionName: c.connectionName,
      connectionState: c.state.current,
      region: r.name,
      location: DX_LOCATION,
      bandwidth: c.bandwidth,
      vlan: c.vlan,
      ...(c.parentId ? { partnerName: 'Example Partner' } : {}),
      ...(lagId ? { lagId } : {}),
      awsDevice: 'EqDC2-1a2b3c4d5e6f',
      awsDeviceV2: 'EqDC2-1a2b3c4d5e6f',
      jumboFrameCapable: false,
      hasLogicalRedundancy: 'no',
      ...(c.ownerAccount === caller ? tagsMember(c.tags) : {}),
    };
  }

  private interconnectView(i: InterconnectRecord, r: RegionState): Record<string, unknown> {
    return {
      interconnectId: i.interconnectId,
      interconnectName: i.interconnectName,
      interconnectState: 'available',
      region: r.name,
      location: DX_LOCATION,
      bandwidth: i.bandwidth,
      awsDevice: 'EqDC2-1a2b3c4d5e6f',
      awsDeviceV2: 'EqDC2-1a2b3c4d5e6f',
      jumboFrameCapable: true,
      hasLogicalRedundancy: 'no',
      ...tagsMember(i.tags),
    };
  }

  private lagView(l: LagRecord, r: RegionState): Record<string, unknown> {
    const members = [...r.connections.values()].filter((c) => c.lagId === l.lagId).map((c) => this.connectionView(c, r, l.ownerAccount));
    return {
      lagId: l.lagId,
      lagName: l.lagName,
      lagState: 'available',
      connectionsBandwidth: l.connectionsBandwidth,
      numberOfConnections: l.numberOfConnections,
      minimumLinks: 0,
      ownerAccount: l.ownerAccount,
      region: r.name,
      location: DX_LOCATION,
      awsDevice: 'EqDC2-1a2b3c4d5e6f',
      awsDeviceV2: 'EqDC2-1a2b3c4d5e6f',
      allowsHostedConnections: l.allowsHostedConnections,
      jumboFrameCapable: false,
      hasLogicalRedundancy: 'no',
      connections: members,
      ...tagsMember(l.tags),
    };
  }

  /** As the real API does, this includes the BGP auth keys, in the peers and in the router configuration. */
  private virtualInterfaceView(v: VirtualInterfaceRecord, r: RegionState, caller: string): Record<string, unknown> {
    return {
      ownerAccount: v.ownerAccount,
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
      region: r.name,
      awsDeviceV2: 'EqDC2-1a2b3c4d5e6f',
      ...(v.ownerAccount === caller ? tagsMember(v.tags) : {}),
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

/** Where an interface settles after a move or a confirmation: BGP decides between available and down. */
function settledState(v: VirtualInterfaceRecord): string {
  return v.bgpPeers.every((p) => p.bgpStatus === 'up') ? 'available' : 'down';
}

/** Tags on the wire: `[{key, value}]`, `value` left out when the tag has none. */
function tagList(tags: TagMap): Array<{ key: string; value?: string }> {
  return [...tags].map(([key, value]) => (value === undefined ? { key } : { key, value }));
}

/** A Describe view's `tags` member: there only when the resource has tags. */
function tagsMember(tags: TagMap | undefined): { tags?: Array<{ key: string; value?: string }> } {
  return tags && tags.size > 0 ? { tags: tagList(tags) } : {};
}

function seed(name: string, now: () => number): RegionState {
  return {
    name,
    interconnects: new Map(DX_INTERCONNECTS.map((i) => [i.interconnectId, { ...i, tags: new Map() }])),
    lags: new Map(DX_LAGS.map((l) => [l.lagId, { ...l, tags: new Map() }])),
    connections: new Map(DX_CONNECTIONS.map((c) => [c.connectionId, {
      ownerAccount: c.ownerAccount,
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
  };
}
