/**
 * The Direct Connect estate the emulator starts with, in every region: a partner's interconnects and LAGs
 * with hosted connections on them, a customer's dedicated connections and LAG, and private, public and
 * transit virtual interfaces. Ids are fixed so tests and the demo can name them; every collection is
 * larger than the emulator's page size, so every Describe call pages.
 *
 * The VLAN numbers are chosen to make conflicts: see the notes on the records that take part in one.
 */
export const DX_LOCATION = 'EqDC2';

export interface InterconnectSeed {
  readonly interconnectId: string;
  readonly interconnectName: string;
  readonly bandwidth: string;
}

export interface LagSeed {
  readonly lagId: string;
  readonly lagName: string;
  readonly connectionsBandwidth: string;
  readonly numberOfConnections: number;
  /** A partner LAG carries hosted connections; a customer LAG carries virtual interfaces. */
  readonly allowsHostedConnections: boolean;
}

export interface ConnectionSeed {
  readonly connectionId: string;
  readonly connectionName: string;
  readonly bandwidth: string;
  readonly connectionState: string;
  /** Hosted connections only: the interconnect or LAG it is on, and its own VLAN. */
  readonly parentId?: string;
  readonly vlan?: number;
  /** Dedicated connections in a LAG. */
  readonly lagId?: string;
}

export interface BgpPeerSeed {
  readonly bgpPeerId: string;
  readonly bgpStatus: 'up' | 'down';
  /** Default: the interface's own key. */
  readonly authKey?: string;
}

export interface VirtualInterfaceSeed {
  readonly virtualInterfaceId: string;
  readonly virtualInterfaceName: string;
  readonly virtualInterfaceType: 'private' | 'public' | 'transit';
  readonly connectionId: string;
  readonly vlan: number;
  readonly asn: number;
  readonly amazonSideAsn?: number;
  readonly amazonAddress: string;
  readonly customerAddress: string;
  /** The BGP MD5 key: tests search every log line and response for these values. */
  readonly authKey: string;
  readonly virtualGatewayId?: string;
  readonly directConnectGatewayId?: string;
  readonly bgpPeers: BgpPeerSeed[];
}

export const DX_INTERCONNECTS: readonly InterconnectSeed[] = [
  { interconnectId: 'dxcon-icx00001', interconnectName: 'partner-eqdc2-a', bandwidth: '10Gbps' },
  { interconnectId: 'dxcon-icx00002', interconnectName: 'partner-eqdc2-b', bandwidth: '10Gbps' },
  { interconnectId: 'dxcon-icx00003', interconnectName: 'partner-eqdc2-c', bandwidth: '10Gbps' },
  // On the second page of DescribeInterconnects, so finding a hosted connection here follows nextToken.
  { interconnectId: 'dxcon-icx00004', interconnectName: 'partner-eqdc2-d', bandwidth: '100Gbps' },
];

export const DX_LAGS: readonly LagSeed[] = [
  { lagId: 'dxlag-lagx0001', lagName: 'partner-lag-a', connectionsBandwidth: '10Gbps', numberOfConnections: 2, allowsHostedConnections: true },
  { lagId: 'dxlag-lagx0002', lagName: 'customer-lag-a', connectionsBandwidth: '10Gbps', numberOfConnections: 2, allowsHostedConnections: false },
  { lagId: 'dxlag-lagx0003', lagName: 'partner-lag-b', connectionsBandwidth: '10Gbps', numberOfConnections: 2, allowsHostedConnections: true },
  { lagId: 'dxlag-lagx0004', lagName: 'customer-lag-b', connectionsBandwidth: '10Gbps', numberOfConnections: 4, allowsHostedConnections: false },
];

const fillerHostedConnections: ConnectionSeed[] = ['a', 'b', 'c', 'd', 'e'].map((c, i) => ({
  connectionId: `dxcon-hosxf00${c}`,
  connectionName: `filler-${c}`,
  bandwidth: '50Mbps',
  connectionState: 'available',
  parentId: 'dxcon-icx00004',
  vlan: 500 + i,
}));

export const DX_CONNECTIONS: readonly ConnectionSeed[] = [
  // Dedicated connections: no VLAN of their own.
  { connectionId: 'dxcon-dedx0001', connectionName: 'customer-dedicated-1', bandwidth: '10Gbps', connectionState: 'available' },
  { connectionId: 'dxcon-dedx0002', connectionName: 'customer-dedicated-2', bandwidth: '10Gbps', connectionState: 'available' },
  { connectionId: 'dxcon-dedx0003', connectionName: 'customer-dedicated-3', bandwidth: '10Gbps', connectionState: 'available' },
  { connectionId: 'dxcon-dedx0004', connectionName: 'customer-lag-member', bandwidth: '10Gbps', connectionState: 'available', lagId: 'dxlag-lagx0002' },
  // Hosted connections.
  ...fillerHostedConnections,
  // Listed after the fillers, so DescribeHostedConnections on dxcon-icx00004 reaches it on a later page.
  { connectionId: 'dxcon-hosx0001', connectionName: 'customer-a-500m', bandwidth: '500Mbps', connectionState: 'available', parentId: 'dxcon-icx00004', vlan: 101 },
  // VLAN 102 is also used on dxlag-lagx0001 by dxcon-hosx0004: moving this one there conflicts.
  { connectionId: 'dxcon-hosx0002', connectionName: 'customer-b-1g', bandwidth: '1Gbps', connectionState: 'available', parentId: 'dxcon-icx00001', vlan: 102 },
  { connectionId: 'dxcon-hosx0003', connectionName: 'customer-c-1g', bandwidth: '1Gbps', connectionState: 'available', parentId: 'dxlag-lagx0001', vlan: 201 },
  { connectionId: 'dxcon-hosx0004', connectionName: 'customer-d-1g', bandwidth: '1Gbps', connectionState: 'available', parentId: 'dxlag-lagx0001', vlan: 102 },
  { connectionId: 'dxcon-hosx0005', connectionName: 'customer-e-200m', bandwidth: '200Mbps', connectionState: 'ordering', parentId: 'dxcon-icx00002', vlan: 301 },
  { connectionId: 'dxcon-hosx0006', connectionName: 'customer-f-200m', bandwidth: '200Mbps', connectionState: 'available', parentId: 'dxcon-icx00002', vlan: 302 },
  { connectionId: 'dxcon-hosx0007', connectionName: 'customer-g-100m', bandwidth: '100Mbps', connectionState: 'available', parentId: 'dxcon-icx00003', vlan: 303 },
];

/** Every BGP auth key in the fixture, for tests that prove none of them leaks. */
export const DX_FIXTURE_AUTH_KEYS: readonly string[] = [
  'dxAuthKey-pvtx0001-5ecret', 'dxAuthKey-pubx0001-5ecret', 'dxAuthKey-trnx0001-5ecret', 'dxAuthKey-hstx0001-5ecret',
  'dxAuthKey-pvtx0002-5ecret', 'dxAuthKey-pvtx0003-5ecret', 'dxAuthKey-pvtx0001-peer2-5ecret',
];

export const DX_VIRTUAL_INTERFACES: readonly VirtualInterfaceSeed[] = [
  {
    virtualInterfaceId: 'dxvif-pvtx0001',
    virtualInterfaceName: 'prod-private',
    virtualInterfaceType: 'private',
    connectionId: 'dxcon-dedx0001',
    vlan: 401,
    asn: 65001,
    amazonSideAsn: 64512,
    amazonAddress: '169.254.10.1/30',
    customerAddress: '169.254.10.2/30',
    authKey: DX_FIXTURE_AUTH_KEYS[0],
    virtualGatewayId: 'vgw-0a1b2c3d4e5f60718',
    bgpPeers: [{ bgpPeerId: 'dxpeer-pvtx0001', bgpStatus: 'up' }, { bgpPeerId: 'dxpeer-pvtx001b', bgpStatus: 'up', authKey: DX_FIXTURE_AUTH_KEYS[6] }],
  },
  {
    virtualInterfaceId: 'dxvif-pubx0001',
    virtualInterfaceName: 'prod-public',
    virtualInterfaceType: 'public',
    connectionId: 'dxcon-dedx0001',
    vlan: 402,
    asn: 65002,
    amazonAddress: '203.0.113.1/30',
    customerAddress: '203.0.113.2/30',
    authKey: DX_FIXTURE_AUTH_KEYS[1],
    bgpPeers: [{ bgpPeerId: 'dxpeer-pubx0001', bgpStatus: 'up' }],
  },
  {
    // BGP is down: steady by default, not when the association waits for BGP to be up.
    virtualInterfaceId: 'dxvif-trnx0001',
    virtualInterfaceName: 'prod-transit',
    virtualInterfaceType: 'transit',
    connectionId: 'dxcon-dedx0002',
    vlan: 403,
    asn: 65003,
    amazonSideAsn: 64513,
    amazonAddress: '169.254.20.1/30',
    customerAddress: '169.254.20.2/30',
    authKey: DX_FIXTURE_AUTH_KEYS[2],
    directConnectGatewayId: '5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9',
    bgpPeers: [{ bgpPeerId: 'dxpeer-trnx0001', bgpStatus: 'down' }],
  },
  {
    // On a hosted connection: Direct Connect refuses to move it to a LAG.
    virtualInterfaceId: 'dxvif-hstx0001',
    virtualInterfaceName: 'customer-c-private',
    virtualInterfaceType: 'private',
    connectionId: 'dxcon-hosx0003',
    vlan: 201,
    asn: 65004,
    amazonSideAsn: 64512,
    amazonAddress: '169.254.30.1/30',
    customerAddress: '169.254.30.2/30',
    authKey: DX_FIXTURE_AUTH_KEYS[3],
    virtualGatewayId: 'vgw-0b2c3d4e5f6071829',
    bgpPeers: [{ bgpPeerId: 'dxpeer-hstx0001', bgpStatus: 'up' }],
  },
  {
    // VLAN 401, like dxvif-pvtx0001: moving that one onto dxcon-dedx0003 conflicts.
    virtualInterfaceId: 'dxvif-pvtx0002',
    virtualInterfaceName: 'dev-private',
    virtualInterfaceType: 'private',
    connectionId: 'dxcon-dedx0003',
    vlan: 401,
    asn: 65005,
    amazonSideAsn: 64512,
    amazonAddress: '169.254.40.1/30',
    customerAddress: '169.254.40.2/30',
    authKey: DX_FIXTURE_AUTH_KEYS[4],
    virtualGatewayId: 'vgw-0c3d4e5f607182930',
    bgpPeers: [{ bgpPeerId: 'dxpeer-pvtx0002', bgpStatus: 'up' }],
  },
  {
    virtualInterfaceId: 'dxvif-pvtx0003',
    virtualInterfaceName: 'lag-private',
    virtualInterfaceType: 'private',
    connectionId: 'dxlag-lagx0002',
    vlan: 404,
    asn: 65006,
    amazonSideAsn: 64512,
    amazonAddress: '169.254.50.1/30',
    customerAddress: '169.254.50.2/30',
    authKey: DX_FIXTURE_AUTH_KEYS[5],
    virtualGatewayId: 'vgw-0d4e5f60718293041',
    bgpPeers: [{ bgpPeerId: 'dxpeer-pvtx0003', bgpStatus: 'up' }],
  },
];
