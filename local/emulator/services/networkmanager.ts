import { validateInput } from '../model-validator';
import { ScheduledState } from '../scheduled-state';
import { ServiceError, type EmulatorRequest, type EmulatorResponse, type EmulatorService, type ServiceContext } from '../service';
import { ServiceModel } from '../service-model';
import { NM_CONNECT_PEERS, NM_DEVICES, NM_GLOBAL_NETWORKS, NM_LINKS, type ConnectPeerSeed } from './networkmanager-fixture';
import { NETWORK_MANAGER_HOME_REGIONS, partitionOf } from '../partitions';

/** Timing names (ms) and their defaults; set them with `setTiming` or `POST /_emulator/timings`. */
export const NETWORK_MANAGER_TIMINGS = {
  /** PENDING -> AVAILABLE after AssociateConnectPeer. */
  'networkmanager.associate': 500,
  /** DELETING -> DELETED after DisassociateConnectPeer. */
  'networkmanager.disassociate': 500,
  /** How long a DELETED association is still listed before it disappears. */
  'networkmanager.deletedVisible': 1000,
} as const;

/** The region whose endpoint serves this global service in the `aws` partition (see `../partitions.ts` for the others). */
export const NETWORK_MANAGER_HOME_REGION = NETWORK_MANAGER_HOME_REGIONS.aws;

/** The emulator's page limit when a caller gives no MaxResults, small so that paging is exercised. */
const DEFAULT_PAGE_SIZE = 10;

type AssociationState = 'PENDING' | 'AVAILABLE' | 'DELETING' | 'DELETED' | 'GONE';
const ASSOCIATION_STATES: readonly AssociationState[] = ['PENDING', 'AVAILABLE', 'DELETING', 'DELETED'];

interface AssociationRecord {
  /** The account that made it: the owner of the peer's global network. */
  readonly ownerAccountId: string;
  readonly globalNetworkId: string;
  readonly connectPeerId: string;
  readonly deviceId: string;
  readonly linkId?: string;
  readonly state: ScheduledState<AssociationState>;
}

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly operation: string;
  /** Names of the captured path segments, as the model's `locationName`s. */
  readonly params: readonly string[];
}

const SEGMENT = '([^/]+)';
const ROUTES: readonly Route[] = [
  { method: 'POST', pattern: new RegExp(`^/global-networks/${SEGMENT}/connect-peer-associations$`), operation: 'AssociateConnectPeer', params: ['GlobalNetworkId'] },
  { method: 'GET', pattern: new RegExp(`^/global-networks/${SEGMENT}/connect-peer-associations$`), operation: 'GetConnectPeerAssociations', params: ['GlobalNetworkId'] },
  {
    method: 'DELETE',
    pattern: new RegExp(`^/global-networks/${SEGMENT}/connect-peer-associations/${SEGMENT}$`),
    operation: 'DisassociateConnectPeer',
    params: ['GlobalNetworkId', 'ConnectPeerId'],
  },
  { method: 'GET', pattern: /^\/global-networks$/, operation: 'DescribeGlobalNetworks', params: [] },
  { method: 'GET', pattern: new RegExp(`^/global-networks/${SEGMENT}/devices$`), operation: 'GetDevices', params: ['GlobalNetworkId'] },
  { method: 'GET', pattern: new RegExp(`^/global-networks/${SEGMENT}/links$`), operation: 'GetLinks', params: ['GlobalNetworkId'] },
  { method: 'GET', pattern: new RegExp(`^/global-networks/${SEGMENT}/link-associations$`), operation: 'GetLinkAssociations', params: ['GlobalNetworkId'] },
  { method: 'GET', pattern: new RegExp(`^/connect-peers/${SEGMENT}$`), operation: 'GetConnectPeer', params: ['ConnectPeerId'] },
  { method: 'GET', pattern: /^\/connect-peers$/, operation: 'ListConnectPeers', params: [] },
  { method: 'POST', pattern: new RegExp(`^/tags/${SEGMENT}$`), operation: 'TagResource', params: ['ResourceArn'] },
  { method: 'DELETE', pattern: new RegExp(`^/tags/${SEGMENT}$`), operation: 'UntagResource', params: ['ResourceArn'] },
  { method: 'GET', pattern: new RegExp(`^/tags/${SEGMENT}$`), operation: 'ListTagsForResource', params: ['ResourceArn'] },
];

/** Query members by operation: model member name -> query parameter, and whether it is a list or a number. */
const QUERY: Record<string, Record<string, { name: string; kind: 'string' | 'list' | 'number' }>> = {
  GetConnectPeerAssociations: {
    ConnectPeerIds: { name: 'connectPeerIds', kind: 'list' }, MaxResults: { name: 'maxResults', kind: 'number' }, NextToken: { name: 'nextToken', kind: 'string' },
  },
  DescribeGlobalNetworks: {
    GlobalNetworkIds: { name: 'globalNetworkIds', kind: 'list' }, MaxResults: { name: 'maxResults', kind: 'number' }, NextToken: { name: 'nextToken', kind: 'string' },
  },
  GetLinkAssociations: {
    DeviceId: { name: 'deviceId', kind: 'string' },
    LinkId: { name: 'linkId', kind: 'string' },
    MaxResults: { name: 'maxResults', kind: 'number' },
    NextToken: { name: 'nextToken', kind: 'string' },
  },
  GetDevices: {
    DeviceIds: { name: 'deviceIds', kind: 'list' },
    SiteId: { name: 'siteId', kind: 'string' },
    MaxResults: { name: 'maxResults', kind: 'number' },
    NextToken: { name: 'nextToken', kind: 'string' },
  },
  ListConnectPeers: {
    CoreNetworkId: { name: 'coreNetworkId', kind: 'string' },
    ConnectAttachmentId: { name: 'connectAttachmentId', kind: 'string' },
    MaxResults: { name: 'maxResults', kind: 'number' },
    NextToken: { name: 'nextToken', kind: 'string' },
  },
  UntagResource: { TagKeys: { name: 'tagKeys', kind: 'list' } },
  GetLinks: {
    LinkIds: { name: 'linkIds', kind: 'list' },
    SiteId: { name: 'siteId', kind: 'string' },
    MaxResults: { name: 'maxResults', kind: 'number' },
    NextToken: { name: 'nextToken', kind: 'string' },
  },
};

/** Epoch seconds, as REST-JSON sends timestamps. */
const SEEDED_AT = Date.UTC(2024, 0, 15) / 1000;

/** Who calls, from where: the account a request acts as and the partition its signing region is in. */
interface Caller {
  readonly accountId: string;
  readonly partition: string;
}

type Tags = Map<string, string>;

/**
 * AWS Network Manager over REST-JSON (SigV4 signing name `networkmanager`), a global service with one
 * endpoint per partition (botocore `endpoints.json`: us-west-2 in `aws`, us-gov-west-1 in `aws-us-gov`,
 * none elsewhere): a request signed for any other region fails, as it would at the real endpoint. Global
 * networks, devices, links and Connect peers come from `networkmanager-fixture.ts` and belong to an account;
 * a caller sees and changes only its own account's (another account's global network reads as "Global
 * network not found", as a missing one does). ARNs carry the caller's partition and the owner's account.
 * Connect-peer associations follow the real state machine (`PENDING -> AVAILABLE`, `DELETING -> DELETED`,
 * then gone), with one association per peer. Requests are checked against the real model, and errors carry
 * the modelled members (`ResourceId`, `ResourceType`; `Reason`, `Fields`). See
 * `local/emulator/provenance/networkmanager.md` for where each answer comes from.
 *
 * Controls (`POST /_emulator/networkmanager/<action>`):
 * - `setAssociation` `{connectPeerId, deviceId, linkId?, state?}`: an association made outside any stack;
 * - `removeAssociation` `{connectPeerId}`: one deleted outside any stack;
 * - `seed` `{connectPeers}`: that many more Connect peers in the first global network, for scale tests;
 *   the new ids are returned and are gone again after a reset.
 */
export class NetworkManagerService implements EmulatorService {
  readonly name = 'networkmanager';
  readonly protocol = 'rest-json' as const;
  readonly signingName = 'networkmanager';

  private readonly model = ServiceModel.load('networkmanager');
  private associations = new Map<string, AssociationRecord>();
  /** Connect peers added by the `seed` control, beside the fixture's. */
  private extraPeers = new Map<string, ConnectPeerSeed>();
  /** Tags by resource id (global network, device, link or Connect peer id). */
  private tags = new Map<string, Tags>();

  constructor(private readonly ctx: ServiceContext) {}

  reset(): void {
    this.associations = new Map();
    this.extraPeers = new Map();
    this.tags = new Map();
  }

  /** Add `count` Connect peers to the first global network; ids `connect-peer-5eed<13 hex digits>`. */
  seedConnectPeers(count: number): string[] {
    if (!Number.isInteger(count) || count < 0 || count > 10_000) throw validation(`seed: connectPeers must be a whole number from 0 to 10000, got ${count}`);
    const first = NM_CONNECT_PEERS[0];
    const ids: string[] = [];
    for (let k = 0, i = this.extraPeers.size; k < count; k++, i++) {
      const connectPeerId = `connect-peer-5eed${i.toString(16).padStart(13, '0')}`;
      this.extraPeers.set(connectPeerId, { ...first, connectPeerId });
      ids.push(connectPeerId);
    }
    return ids;
  }

  operationOf(req: EmulatorRequest): string | undefined {
    return this.route(req)?.route.operation;
  }

  handle(operation: string, req: EmulatorRequest): EmulatorResponse {
    const partition = partitionOf(req.region);
    const home = partition ? NETWORK_MANAGER_HOME_REGIONS[partition] : undefined;
    if (!home) {
      // No endpoint in this partition at all: no real server would answer; this is the closest an emulator can say.
      throw new ServiceError(403, 'UnrecognizedClientException',
        `Network Manager has no endpoint in partition ${partition ?? 'unknown'} (region '${req.region}').`);
    }
    if (req.region !== home) {
      // The global service has one endpoint per partition; a request signed for another region fails there.
      throw new ServiceError(403, 'InvalidSignatureException',
        `Credential should be scoped to a valid region, not '${req.region}'. Network Manager is served from ${home}.`);
    }
    const caller: Caller = { accountId: req.accountId, partition: partition! };
    const input = this.inputOf(operation, req);
    validateInput(this.model, operation, input);
    switch (operation) {
      case 'AssociateConnectPeer': return ok({ ConnectPeerAssociation: this.view(this.associate(input, caller)) });
      case 'DisassociateConnectPeer': return ok({ ConnectPeerAssociation: this.view(this.disassociate(input, caller)) });
      case 'GetConnectPeerAssociations': {
        this.globalNetwork(input.GlobalNetworkId, caller);
        const wanted: string[] | undefined = input.ConnectPeerIds;
        const matches = [...this.associations.values()]
          .filter((a) => a.globalNetworkId === input.GlobalNetworkId && a.state.current !== 'GONE')
          .filter((a) => !wanted || wanted.length === 0 || wanted.includes(a.connectPeerId))
          .map((a) => this.view(a));
        return ok(paged('ConnectPeerAssociations', matches, input));
      }
      case 'DescribeGlobalNetworks': {
        // An id of another account's (or no) global network is simply not listed, as Terraform's finder expects.
        const wanted: string[] | undefined = input.GlobalNetworkIds;
        const matches = NM_GLOBAL_NETWORKS.filter((g) => this.ownerOf(g) === caller.accountId)
          .filter((g) => !wanted || wanted.length === 0 || wanted.includes(g.globalNetworkId)).map((g) => ({
            GlobalNetworkId: g.globalNetworkId,
            GlobalNetworkArn: this.arn(caller, 'global-network', g.globalNetworkId),
            Description: g.description,
            CreatedAt: SEEDED_AT,
            State: 'AVAILABLE',
            Tags: this.tagList(g.globalNetworkId),
          }));
        return ok(paged('GlobalNetworks', matches, input));
      }
      case 'GetDevices': {
        this.globalNetwork(input.GlobalNetworkId, caller);
        const wanted: string[] | undefined = input.DeviceIds;
        const matches = NM_DEVICES.filter((d) => d.globalNetworkId === input.GlobalNetworkId)
          .filter((d) => (!wanted || wanted.length === 0 || wanted.includes(d.deviceId)) && (!input.SiteId || d.siteId === input.SiteId))
          .map((d) => ({
            DeviceId: d.deviceId,
            GlobalNetworkId: d.globalNetworkId,
            SiteId: d.siteId,
            Description: d.description,
            DeviceArn: this.arn(caller, 'device', `${d.globalNetworkId}/${d.deviceId}`),
            CreatedAt: SEEDED_AT,
            State: 'AVAILABLE',
            Tags: this.tagList(d.deviceId),
          }));
        return ok(paged('Devices', matches, input));
      }
      case 'GetLinks': {
        this.globalNetwork(input.GlobalNetworkId, caller);
        const wanted: string[] | undefined = input.LinkIds;
        const matches = NM_LINKS.filter((l) => l.globalNetworkId === input.GlobalNetworkId)
          .filter((l) => (!wanted || wanted.length === 0 || wanted.includes(l.linkId)) && (!input.SiteId || l.siteId === input.SiteId))
          .map((l) => ({
            LinkId: l.linkId,
            GlobalNetworkId: l.globalNetworkId,
            SiteId: l.siteId,
            LinkArn: this.arn(caller, 'link', `${l.globalNetworkId}/${l.linkId}`),
            Bandwidth: { UploadSpeed: 100, DownloadSpeed: 100 },
            CreatedAt: SEEDED_AT,
            State: 'AVAILABLE',
            Tags: this.tagList(l.linkId),
          }));
        return ok(paged('Links', matches, input));
      }
      case 'GetLinkAssociations': {
        // Which links are associated with which devices (AssociateLink): the seeded pairs, for this account's global network.
        this.globalNetwork(input.GlobalNetworkId, caller);
        if (!input.DeviceId && !input.LinkId) throw validation('Either the device ID or the link ID must be specified.');
        const matches = NM_LINKS.filter((l) => l.globalNetworkId === input.GlobalNetworkId && (!input.LinkId || l.linkId === input.LinkId))
          .flatMap((l) => l.deviceIds.map((deviceId) => ({ GlobalNetworkId: l.globalNetworkId, DeviceId: deviceId, LinkId: l.linkId, LinkAssociationState: 'AVAILABLE' })))
          .filter((a) => !input.DeviceId || a.DeviceId === input.DeviceId);
        return ok(paged('LinkAssociations', matches, input));
      }
      case 'GetConnectPeer': {
        const peer = this.connectPeer(input.ConnectPeerId, caller);
        return ok({
          ConnectPeer: {
            ConnectPeerId: peer.connectPeerId,
            CoreNetworkId: peer.coreNetworkId,
            ConnectAttachmentId: peer.connectAttachmentId,
            EdgeLocation: peer.edgeLocation,
            State: 'AVAILABLE',
            CreatedAt: SEEDED_AT,
            Tags: this.tagList(peer.connectPeerId),
          },
        });
      }
      case 'ListConnectPeers': {
        const matches = this.allPeers().filter((p) => this.peerOwner(p) === caller.accountId)
          .filter((p) => (!input.CoreNetworkId || p.coreNetworkId === input.CoreNetworkId)
            && (!input.ConnectAttachmentId || p.connectAttachmentId === input.ConnectAttachmentId))
          .map((p) => ({
            CoreNetworkId: p.coreNetworkId,
            ConnectAttachmentId: p.connectAttachmentId,
            ConnectPeerId: p.connectPeerId,
            EdgeLocation: p.edgeLocation,
            ConnectPeerState: 'AVAILABLE',
            CreatedAt: SEEDED_AT,
            Tags: this.tagList(p.connectPeerId),
          }));
        return ok(paged('ConnectPeers', matches, input));
      }
      case 'TagResource': {
        const id = this.taggable(String(input.ResourceArn), caller);
        const tags = this.tags.get(id) ?? new Map<string, string>();
        for (const t of (input.Tags ?? []) as Array<{ Key?: string; Value?: string }>) tags.set(String(t.Key ?? ''), String(t.Value ?? ''));
        this.tags.set(id, tags);
        return ok({});
      }
      case 'UntagResource': {
        const id = this.taggable(String(input.ResourceArn), caller);
        for (const k of (input.TagKeys ?? []) as string[]) this.tags.get(id)?.delete(k);
        return ok({});
      }
      case 'ListTagsForResource':
        return ok({ TagList: this.tagList(this.taggable(String(input.ResourceArn), caller)) });
      default:
        throw new ServiceError(400, 'ValidationException', `The emulator does not implement ${operation}`);
    }
  }

  control(action: string, body: any): unknown {
    switch (action) {
      case 'setAssociation': {
        const peer = this.anyConnectPeer(String(body.connectPeerId));
        const state = (body.state ?? 'AVAILABLE') as AssociationState;
        if (!ASSOCIATION_STATES.includes(state)) throw validation(`State '${body.state}' is not one of ${ASSOCIATION_STATES.join(', ')}`);
        const record: AssociationRecord = {
          ownerAccountId: this.peerOwner(peer),
          globalNetworkId: peer.globalNetworkId,
          connectPeerId: peer.connectPeerId,
          deviceId: String(body.deviceId),
          linkId: body.linkId ? String(body.linkId) : undefined,
          state: new ScheduledState<AssociationState>(state, this.ctx.now),
        };
        this.associations.set(peer.connectPeerId, record);
        return this.view(record);
      }
      case 'removeAssociation': {
        this.associations.delete(String(body.connectPeerId));
        return { removed: body.connectPeerId };
      }
      case 'seed':
        return { connectPeerIds: this.seedConnectPeers(Number(body.connectPeers ?? 0)) };
      default:
        throw validation(`Network Manager has no control '${action}'; have setAssociation, removeAssociation, seed`);
    }
  }

  snapshot(): Record<string, unknown[]> {
    // What the service still holds: a DELETED association is only a tombstone the API shows for a while.
    return {
      connectPeerAssociations: [...this.associations.values()]
        .filter((a) => a.state.current !== 'GONE' && a.state.current !== 'DELETED').map((a) => this.view(a)),
      tags: [...this.tags].filter(([, t]) => t.size > 0).map(([ResourceId, t]) => ({ ResourceId, Tags: tagListOf(t) })),
    };
  }

  /** The peer's association now (in-process, for tests and the demo). */
  associationOf(connectPeerId: string): { deviceId: string; linkId?: string; state: string } | undefined {
    const a = this.associations.get(connectPeerId);
    if (!a || a.state.current === 'GONE' || a.state.current === 'DELETED') return undefined;
    return { deviceId: a.deviceId, linkId: a.linkId, state: a.state.current };
  }

  /** A resource's tags now (in-process, for tests). */
  tagsOf(resourceId: string): Record<string, string> {
    return Object.fromEntries(this.tags.get(resourceId) ?? []);
  }

  private associate(input: any, caller: Caller): AssociationRecord {
    const globalNetworkId = String(input.GlobalNetworkId);
    this.globalNetwork(globalNetworkId, caller);
    const peer = this.connectPeer(input.ConnectPeerId, caller);
    if (peer.globalNetworkId !== globalNetworkId) {
      throw validation(`Connect peer ${peer.connectPeerId} is on a core network of global network ${peer.globalNetworkId}, not ${globalNetworkId}.`);
    }
    const device = NM_DEVICES.find((d) => d.deviceId === input.DeviceId && d.globalNetworkId === globalNetworkId);
    if (!device) throw notFound(String(input.DeviceId), 'device', `Device ${input.DeviceId} not found in global network ${globalNetworkId}.`);
    if (input.LinkId) {
      const link = NM_LINKS.find((l) => l.linkId === input.LinkId && l.globalNetworkId === globalNetworkId);
      if (!link) throw notFound(String(input.LinkId), 'link', `Link ${input.LinkId} not found in global network ${globalNetworkId}.`);
      if (!link.deviceIds.includes(device.deviceId)) {
        throw validation(`Link ${link.linkId} is not associated with device ${device.deviceId}. Associate the link with the device first.`);
      }
    }
    const existing = this.associations.get(peer.connectPeerId);
    const state = existing?.state.current;
    if (existing && state === 'DELETING') {
      // Network Manager's answer for a resource still busy with another change (Terraform retries it on CreateConnectPeer).
      throw busyState(existing.connectPeerId);
    }
    if (existing && state !== 'DELETED' && state !== 'GONE') {
      throw new ServiceError(409, 'ConflictException',
        `Connect peer ${peer.connectPeerId} already has an association (${state}) with device ${existing.deviceId}.`,
        { ResourceId: peer.connectPeerId, ResourceType: 'connect-peer-association' });
    }
    const record: AssociationRecord = {
      ownerAccountId: caller.accountId,
      globalNetworkId,
      connectPeerId: peer.connectPeerId,
      deviceId: device.deviceId,
      linkId: input.LinkId || undefined,
      state: new ScheduledState<AssociationState>('PENDING', this.ctx.now)
        .then(this.ctx.timing('networkmanager.associate', NETWORK_MANAGER_TIMINGS['networkmanager.associate']), 'AVAILABLE'),
    };
    this.associations.set(peer.connectPeerId, record);
    return record;
  }

  private disassociate(input: any, caller: Caller): AssociationRecord {
    const globalNetworkId = String(input.GlobalNetworkId);
    this.globalNetwork(globalNetworkId, caller);
    const existing = this.associations.get(String(input.ConnectPeerId));
    const state = existing?.state.current;
    if (!existing || existing.globalNetworkId !== globalNetworkId || state === 'DELETED' || state === 'GONE') {
      throw notFound(String(input.ConnectPeerId), 'connect-peer-association',
        `Connect peer ${input.ConnectPeerId} has no association in global network ${globalNetworkId}.`);
    }
    if (state !== 'AVAILABLE') throw busyState(existing.connectPeerId);
    existing.state.set('DELETING')
      .then(this.ctx.timing('networkmanager.disassociate', NETWORK_MANAGER_TIMINGS['networkmanager.disassociate']), 'DELETED')
      .then(this.ctx.timing('networkmanager.deletedVisible', NETWORK_MANAGER_TIMINGS['networkmanager.deletedVisible']), 'GONE');
    return existing;
  }

  private view(a: AssociationRecord): Record<string, unknown> {
    return {
      ConnectPeerId: a.connectPeerId,
      GlobalNetworkId: a.globalNetworkId,
      DeviceId: a.deviceId,
      ...(a.linkId ? { LinkId: a.linkId } : {}),
      State: a.state.current,
    };
  }

  private arn(caller: Caller, resource: string, name: string): string {
    return `arn:${caller.partition}:networkmanager::${caller.accountId}:${resource}/${name}`;
  }

  private ownerOf(g: { ownerAccountId?: string }): string {
    return g.ownerAccountId ?? this.ctx.accountId;
  }

  private peerOwner(peer: ConnectPeerSeed): string {
    const g = NM_GLOBAL_NETWORKS.find((n) => n.globalNetworkId === peer.globalNetworkId);
    return g ? this.ownerOf(g) : this.ctx.accountId;
  }

  private allPeers(): ConnectPeerSeed[] {
    return [...NM_CONNECT_PEERS, ...this.extraPeers.values()];
  }

  /** The caller's global network, or the answer Network Manager gives for one it cannot find. */
  private globalNetwork(id: string, caller: Caller) {
    const found = NM_GLOBAL_NETWORKS.find((g) => g.globalNetworkId === id && this.ownerOf(g) === caller.accountId);
    if (!found) throw globalNetworkNotFound();
    return found;
  }

  private anyConnectPeer(id: string): ConnectPeerSeed {
    const found = this.allPeers().find((p) => p.connectPeerId === id);
    if (!found) throw notFound(id, 'connect-peer', `Connect peer ${id} not found.`);
    return found;
  }

  /** The caller's Connect peer; another account's reads as not found. */
  private connectPeer(id: string, caller: Caller): ConnectPeerSeed {
    const found = this.allPeers().find((p) => p.connectPeerId === id && this.peerOwner(p) === caller.accountId);
    if (!found) throw notFound(id, 'connect-peer', `Connect peer ${id} not found.`);
    return found;
  }

  /** The id of the caller's resource an ARN names, for the tag operations. */
  private taggable(resourceArn: string, caller: Caller): string {
    const m = /^arn:([^:]+):networkmanager::(\d{12}):(global-network|device|link|connect-peer)\/(?:[^/]+\/)?([^/]+)$/.exec(resourceArn);
    const id = m?.[4];
    const mine = (networkId: string) => NM_GLOBAL_NETWORKS.some((g) => g.globalNetworkId === networkId && this.ownerOf(g) === caller.accountId);
    const exists = !!id && m![1] === caller.partition && m![2] === caller.accountId && (
      NM_GLOBAL_NETWORKS.some((g) => g.globalNetworkId === id && mine(id))
      || NM_DEVICES.some((d) => d.deviceId === id && mine(d.globalNetworkId))
      || NM_LINKS.some((l) => l.linkId === id && mine(l.globalNetworkId))
      || this.allPeers().some((p) => p.connectPeerId === id && this.peerOwner(p) === caller.accountId));
    if (!exists) throw notFound(resourceArn, 'resource', `Resource ${resourceArn} not found.`);
    return id!;
  }

  private tagList(resourceId: string): Array<{ Key: string; Value: string }> {
    return tagListOf(this.tags.get(resourceId) ?? new Map());
  }

  private route(req: EmulatorRequest): { route: Route; params: Record<string, string> } | undefined {
    for (const route of ROUTES) {
      if (route.method !== req.method) continue;
      const m = route.pattern.exec(req.path);
      if (!m) continue;
      const params: Record<string, string> = {};
      route.params.forEach((name, i) => { params[name] = decodeURIComponent(m[i + 1]); });
      return { route, params };
    }
    return undefined;
  }

  /** Path, query and body members merged into one object, as the model describes the input. */
  private inputOf(operation: string, req: EmulatorRequest): Record<string, any> {
    const input: Record<string, any> = { ...(req.json ?? {}), ...(this.route(req)?.params ?? {}) };
    for (const [member, q] of Object.entries(QUERY[operation] ?? {})) {
      if (!req.query.has(q.name)) continue;
      input[member] = q.kind === 'list' ? req.query.getAll(q.name) : q.kind === 'number' ? Number(req.query.get(q.name)) : req.query.get(q.name);
    }
    return input;
  }
}

function ok(body: unknown): EmulatorResponse {
  return { status: 200, body };
}

function tagListOf(tags: Tags): Array<{ Key: string; Value: string }> {
  return [...tags].map(([Key, Value]) => ({ Key, Value }));
}

function notFound(resourceId: string, resourceType: string, message: string): ServiceError {
  return new ServiceError(404, 'ResourceNotFoundException', message, { ResourceId: resourceId, ResourceType: resourceType });
}

function validation(message: string): ServiceError {
  return new ServiceError(400, 'ValidationException', message, { Reason: 'Other' });
}

/**
 * A missing (or another account's) global network: a ValidationException whose field message says "Global
 * network not found", the answer the Terraform AWS provider's `globalNetworkIDNotFoundError` matches; the
 * top-level "Incorrect input." is the message of the same error shape quoted in its connect_attachment.go.
 */
function globalNetworkNotFound(): ServiceError {
  return new ServiceError(400, 'ValidationException', 'Incorrect input.', {
    Reason: 'FieldValidationFailed',
    Fields: [{ Name: 'globalNetworkId', Message: 'Global network not found.' }],
  });
}

/** A peer whose association is still changing: "state is invalid", as Network Manager words a busy resource. */
function busyState(connectPeerId: string): ServiceError {
  return validation(`Connect peer association state is invalid. connect peer id: ${connectPeerId}`);
}

function paged<T>(key: string, items: T[], input: { MaxResults?: number; NextToken?: string }): Record<string, unknown> {
  const size = input.MaxResults ?? DEFAULT_PAGE_SIZE;
  const start = input.NextToken ? Number(Buffer.from(input.NextToken, 'base64').toString('utf-8')) : 0;
  if (!Number.isInteger(start) || start < 0 || start > items.length) throw validation(`Invalid NextToken '${input.NextToken}'.`);
  const end = start + size;
  return { [key]: items.slice(start, end), ...(end < items.length ? { NextToken: Buffer.from(String(end)).toString('base64') } : {}) };
}
