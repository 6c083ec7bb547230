import {
  AssociateHostedConnectionCommand, AssociateVirtualInterfaceCommand, Connection, DescribeConnectionsCommand,
  DescribeHostedConnectionsCommand, DescribeInterconnectsCommand, DescribeLagsCommand, DescribeTagsCommand, DescribeVirtualInterfacesCommand,
  DirectConnectClient, Tag, TagResourceCommand, UntagResourceCommand, VirtualInterface,
} from '@aws-sdk/client-direct-connect';
import type { AwsLikeError, NotFoundRule } from '../../runtime/errors';
import { pages } from '../../runtime/pages';
import { registerSecret } from '../../runtime/redact';
import { InvocationRetryStrategy } from '../../runtime/retry-budget';

/**
 * The one seam between the Direct Connect handlers and the service: every call follows `nextToken`,
 * "not found" comes back as `undefined` instead of an error, and every virtual interface is stripped of
 * its BGP authentication key (and the router configuration that embeds it) before any caller sees it.
 */

/** Direct Connect's own page limit; larger requests are cut to it anyway. */
const PAGE_SIZE = 100;

/**
 * Direct Connect has no NotFound error type: an id the caller cannot see is a `DirectConnectClientException`
 * whose message says so. These are the messages known from public sources, for the lookups the handlers make:
 * - DescribeConnections: "Could not find Connection with ID dxcon-…" (Terraform's connection.go matches
 *   "Could not find Connection with ID"; its hosted_connection.go matches the same on DescribeHostedConnections);
 * - DescribeLags: "Could not find Lag with ID dxlag-…" (Terraform's lag.go);
 * - DescribeHostedConnections on an id that is not one of the caller's interconnects or LAGs:
 *   "<account> DescribeHostedConnections failed for connection dxcon-… doesn't exist." (quoted in
 *   hashicorp/terraform-provider-aws issue 43499);
 * - a virtual interface: "… does not exist" (Terraform's virtual_interface.go matches it on
 *   DeleteVirtualInterface). DescribeVirtualInterfaces itself answers an id it cannot see with an empty list,
 *   which Terraform's finder reads as not found; `describeVirtualInterface` does the same.
 * Anything else (a VLAN conflict, a partner check) is a refusal, not "not found".
 */
const NOT_FOUND_MESSAGES = /Could not find (?:Connection|Lag) with ID|\bdoesn't exist\b|\bdoes not exist\b/;

export const isDirectConnectNotFound: NotFoundRule = (err: AwsLikeError) =>
  err.name === 'DirectConnectClientException' && NOT_FOUND_MESSAGES.test(err.message ?? '');

/** A connection as the handlers see it: the fields they use, nothing else. */
export interface ConnectionView {
  readonly connectionId: string;
  readonly connectionState: string;
  readonly vlan?: number;
  readonly bandwidth?: string;
  readonly location?: string;
  readonly lagId?: string;
  readonly partnerName?: string;
  readonly ownerAccount?: string;
  readonly region?: string;
  /**
   * Its tags by key, as the Describe answer carried them; undefined when the answer had no `tags` member,
   * which says nothing (it has none, or the service left them out: Direct Connect shows tags to their owner
   * only, and whether every Describe carries them is assumed, see the move record's reads).
   */
  readonly tags?: Record<string, string>;
}

/** A BGP peer without its authentication key. */
export interface BgpPeerView {
  readonly bgpPeerId?: string;
  readonly bgpStatus?: string;
  readonly bgpPeerState?: string;
  readonly addressFamily?: string;
}

/** A virtual interface without its authentication key or router configuration. */
export interface VirtualInterfaceView {
  readonly virtualInterfaceId: string;
  readonly connectionId: string;
  readonly virtualInterfaceState: string;
  readonly virtualInterfaceType?: string;
  readonly vlan?: number;
  readonly asn?: number;
  readonly amazonSideAsn?: number;
  readonly amazonAddress?: string;
  readonly customerAddress?: string;
  readonly directConnectGatewayId?: string;
  readonly virtualGatewayId?: string;
  readonly location?: string;
  readonly ownerAccount?: string;
  readonly region?: string;
  /** Its tags by key, as the Describe answer carried them; undefined when the answer had no `tags` member (as for ConnectionView). */
  readonly tags?: Record<string, string>;
  readonly bgpPeers: BgpPeerView[];
}

/** An interconnect or LAG this account owns, where hosted connections can be. */
export interface HostedConnectionParent {
  readonly id: string;
  readonly location?: string;
}

/** True for a hosted connection: Direct Connect gives those, and only those, a VLAN of their own. */
export function isHostedConnection(connection: ConnectionView): boolean {
  return (connection.vlan ?? 0) > 0;
}

function tagMap(tags: Tag[] | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).filter((t) => t.key).map((t) => [t.key!, t.value ?? '']));
}

/** A Describe answer's `tags`, or undefined when it had none: absent is not the same as empty. */
function listedTags(tags: Tag[] | undefined): Record<string, string> | undefined {
  return Array.isArray(tags) ? tagMap(tags) : undefined;
}

function connectionView(c: Connection): ConnectionView {
  return {
    connectionId: c.connectionId ?? '',
    connectionState: c.connectionState ?? 'unknown',
    vlan: c.vlan,
    bandwidth: c.bandwidth,
    location: c.location,
    lagId: c.lagId,
    partnerName: c.partnerName,
    ownerAccount: c.ownerAccount,
    region: c.region,
    tags: listedTags(c.tags),
  };
}

/**
 * The only place a raw VirtualInterface is read. The keys are registered as secrets first, so that even an
 * error message or a log line that quotes a response later is masked.
 */
export function virtualInterfaceView(v: VirtualInterface): VirtualInterfaceView {
  registerSecret(v.authKey);
  for (const peer of v.bgpPeers ?? []) registerSecret(peer.authKey);
  return {
    virtualInterfaceId: v.virtualInterfaceId ?? '',
    connectionId: v.connectionId ?? '',
    virtualInterfaceState: v.virtualInterfaceState ?? 'unknown',
    virtualInterfaceType: v.virtualInterfaceType,
    vlan: v.vlan,
    asn: v.asnLong ?? v.asn,
    amazonSideAsn: v.amazonSideAsn,
    amazonAddress: v.amazonAddress,
    customerAddress: v.customerAddress,
    directConnectGatewayId: v.directConnectGatewayId,
    virtualGatewayId: v.virtualGatewayId,
    location: v.location,
    ownerAccount: v.ownerAccount,
    region: v.region,
    tags: listedTags(v.tags),
    bgpPeers: (v.bgpPeers ?? []).map((p) => ({
      bgpPeerId: p.bgpPeerId, bgpStatus: p.bgpStatus, bgpPeerState: p.bgpPeerState, addressFamily: p.addressFamily,
    })),
  };
}

/** Every item of a Describe listing, page by page through the kit's pager (which stops at a repeated token). */
async function allPages<T>(page: (nextToken: string | undefined) => Promise<{ items?: T[]; nextToken?: string }>): Promise<T[]> {
  const items: T[] = [];
  for await (const result of pages(page, (r) => r.nextToken)) {
    if (!Array.isArray(result.items)) {
      // Direct Connect always answers a Describe call with its list, empty or not: a body without one
      // (an empty 200 from a proxy, a truncated answer) says nothing about the resource. Try again.
      const error = new Error('Deserialization error: a Direct Connect Describe answer has no list of results.');
      error.name = 'DeserializationError';
      throw error;
    }
    items.push(...result.items);
  }
  return items;
}

async function orUndefined<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (err) {
    if (isDirectConnectNotFound(err as AwsLikeError)) return undefined;
    throw err;
  }
}

/** The Direct Connect calls the association handlers make. */
export class DirectConnectApi {
  constructor(private readonly client: DirectConnectClient = new DirectConnectClient({ retryStrategy: new InvocationRetryStrategy() })) {}

  /** One connection by id (dedicated, hosted or interconnect), or undefined when it does not exist. */
  public async describeConnection(connectionId: string): Promise<ConnectionView | undefined> {
    const found = await orUndefined(() => allPages(async (nextToken) => {
      const r = await this.client.send(new DescribeConnectionsCommand({ connectionId, maxResults: PAGE_SIZE, nextToken }));
      return { items: r.connections, nextToken: r.nextToken };
    }));
    const match = found?.find((c) => c.connectionId === connectionId);
    return match ? connectionView(match) : undefined;
  }

  /** The hosted connections on an interconnect or LAG, or undefined when there is no such parent. */
  public async listHostedConnections(parentId: string): Promise<ConnectionView[] | undefined> {
    const found = await orUndefined(() => allPages(async (nextToken) => {
      const r = await this.client.send(new DescribeHostedConnectionsCommand({ connectionId: parentId, maxResults: PAGE_SIZE, nextToken }));
      return { items: r.connections, nextToken: r.nextToken };
    }));
    return found?.map(connectionView);
  }

  /** The interconnects this account owns in the region (DescribeInterconnects lists only the caller's own). */
  public async listInterconnects(): Promise<HostedConnectionParent[]> {
    const all = await allPages(async (nextToken) => {
      const r = await this.client.send(new DescribeInterconnectsCommand({ maxResults: PAGE_SIZE, nextToken }));
      return { items: r.interconnects, nextToken: r.nextToken };
    });
    return all.filter((i) => i.interconnectId).map((i) => ({ id: i.interconnectId!, location: i.location }));
  }

  /** The LAGs this account owns in the region that may carry hosted connections. */
  public async listHostedConnectionLags(): Promise<HostedConnectionParent[]> {
    const all = await allPages(async (nextToken) => {
      const r = await this.client.send(new DescribeLagsCommand({ maxResults: PAGE_SIZE, nextToken }));
      return { items: r.lags, nextToken: r.nextToken };
    });
    return all.filter((l) => l.lagId && l.allowsHostedConnections !== false).map((l) => ({ id: l.lagId!, location: l.location }));
  }

  /** One virtual interface, without its secrets, or undefined when it does not exist. */
  public async describeVirtualInterface(virtualInterfaceId: string): Promise<VirtualInterfaceView | undefined> {
    const found = await orUndefined(() => allPages(async (nextToken) => {
      const r = await this.client.send(new DescribeVirtualInterfacesCommand({ virtualInterfaceId, maxResults: PAGE_SIZE, nextToken }));
      return { items: r.virtualInterfaces, nextToken: r.nextToken };
    }));
    const match = found?.find((v) => v.virtualInterfaceId === virtualInterfaceId);
    return match ? virtualInterfaceView(match) : undefined;
  }

  /**
   * The virtual interfaces on a connection or LAG this account owns, without their secrets, or undefined when
   * it cannot name it (DescribeVirtualInterfaces takes only the caller's own connections and LAGs).
   */
  public async listVirtualInterfaces(connectionId: string): Promise<VirtualInterfaceView[] | undefined> {
    const found = await orUndefined(() => allPages(async (nextToken) => {
      const r = await this.client.send(new DescribeVirtualInterfacesCommand({ connectionId, maxResults: PAGE_SIZE, nextToken }));
      return { items: r.virtualInterfaces, nextToken: r.nextToken };
    }));
    return found?.filter((v) => v.connectionId === connectionId).map(virtualInterfaceView);
  }

  public async associateHostedConnection(connectionId: string, parentConnectionId: string): Promise<ConnectionView> {
    return connectionView(await this.client.send(new AssociateHostedConnectionCommand({ connectionId, parentConnectionId })));
  }

  public async associateVirtualInterface(virtualInterfaceId: string, connectionId: string): Promise<VirtualInterfaceView> {
    return virtualInterfaceView(await this.client.send(new AssociateVirtualInterfaceCommand({ virtualInterfaceId, connectionId })));
  }

  /** Adds tags to a resource this account owns, overwriting the values of keys it already has. */
  public async tagResource(resourceArn: string, tags: Record<string, string>): Promise<void> {
    await this.client.send(new TagResourceCommand({ resourceArn, tags: Object.entries(tags).map(([key, value]) => ({ key, value })) }));
  }

  /** Removes tags by key from a resource this account owns. */
  public async untagResource(resourceArn: string, tagKeys: string[]): Promise<void> {
    await this.client.send(new UntagResourceCommand({ resourceArn, tagKeys }));
  }

  /** The tags of a resource this account owns (only the owner may read them). */
  public async describeTags(resourceArn: string): Promise<Record<string, string>> {
    const r = await this.client.send(new DescribeTagsCommand({ resourceArns: [resourceArn] }));
    return tagMap(r.resourceTags?.find((t) => t.resourceArn === resourceArn)?.tags ?? r.resourceTags?.[0]?.tags);
  }
}
