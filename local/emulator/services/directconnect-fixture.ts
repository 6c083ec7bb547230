/**
 * The Direct Connect estate the emulator starts with, in every region, and who owns each piece:
 *
 * - the partner, `DX_PARTNER_ACCOUNT` (the emulator's default account, so a caller without a 12-digit key
 *   acts as the partner): the interconnects, the two LAGs that carry hosted connections, and, as every
 *   partner is also a Direct Connect customer of its own, dedicated connections, two LAGs of those and the
 *   virtual interfaces on them;
 * - the customer, `DX_CUSTOMER_ACCOUNT`: the hosted connections the partner provisioned for it on those
 *   interconnects and LAGs, the virtual interfaces on them, and one hosted virtual interface that the
 *   partner provisioned for it on a partner connection (`dxvif-hpvx0001`);
 * - another customer, `DX_OTHER_CUSTOMER_ACCOUNT`: the filler hosted connections (and the ones `seed` adds),
 *   so that the partner sees hosted connections of several customers and each customer only its own.
 *
 * Ids are fixed so tests and the demo can name them; the collections are larger than the emulator's page
 * size, so Describe calls page. The VLAN numbers are chosen to make conflicts: see the notes on the
 * records that take part in one.
 */
export const DX_LOCATION = 'EqDC2';

/** The Direct Connect Partner: the emulator's default account. */
export const DX_PARTNER_ACCOUNT = '123456789012';
/** The customer whose hosted connections are on the partner's interconnects and LAGs. */
export const DX_CUSTOMER_ACCOUNT = '111122223333';
/** A second customer of the partner. */
export const DX_OTHER_CUSTOMER_ACCOUNT = '444455556666';

export interface InterconnectSeed {
  readonly ownerAccount: string;
  readonly interconnectId: string;
  readonly interconnectName: string;
  readonly bandwidth: string;
}

export interface LagSeed {
  readonly ownerAccount: string;
  readonly lagId: string;
  readonly lagName: string;
  readonly connectionsBandwidth: string;
  readonly numberOfConnections: number;
  /** A LAG of interconnects carries hosted connections; a LAG of dedicated connections carries virtual interfaces. */
  readonly allowsHostedConnections: boolean;
}

export interface ConnectionSeed {
  readonly ownerAccount: string;
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
  readonly ownerAccount: string;
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
  { ownerAccount: DX_PARTNER_ACCOUNT, interconnectId: 'dxcon-icx00001', interconnectName: 'partner-eqdc2-a', bandwidth: '10Gbps' },
  { ownerAccount: DX_PARTNER_ACCOUNT, interconnectId: 'dxcon-icx00002', interconnectName: 'partner-eqdc2-b', bandwidth: '10Gbps' },
  { ownerAccount: DX_PARTNER_ACCOUNT, interconnectId: 'dxcon-icx00003', interconnectName: 'partner-eqdc2-c', bandwidth: '10Gbps' },
  // On the second page of DescribeInterconnects, so finding a hosted connection here follows nextToken.
  { ownerAccount: DX_PARTNER_ACCOUNT, interconnectId: 'dxcon-icx00004', interconnectName: 'partner-eqdc2-d', bandwidth: '100Gbps' },
];

export const DX_LAGS: readonly LagSeed[] = [
  { ownerAccount: DX_PARTNER_ACCOUNT, lagId: 'dxlag-lagx0001', lagName: 'partner-lag-a', connectionsBandwidth: '10Gbps', numberOfConnections: 2, allowsHostedConnections: true },
  { ownerAccount: DX_PARTNER_ACCOUNT, lagId: 'dxlag-lagx0002', lagName: 'partner-own-lag-a', connectionsBandwidth: '10Gbps', numberOfConnections: 2, allowsHostedConnections: false },
  { ownerAccount: DX_PARTNER_ACCOUNT, lagId: 'dxlag-lagx0003', lagName: 'partner-lag-b', connectionsBandwidth: '10Gbps', numberOfConnections: 2, allowsHostedConnections: true },
  { ownerAccount: DX_PARTNER_ACCOUNT, lagId: 'dxlag-lagx0004', lagName: 'partner-own-lag-b', connectionsBandwidth: '10Gbps', numberOfConnections: 4, allowsHostedConnections: false },
  // The customer's own LAG of dedicated connections: a target for its virtual interfaces (but not for those on a hosted connection).
  { ownerAccount: DX_CUSTOMER_ACCOUNT, lagId: 'dxlag-lagx0005', lagName: 'customer-lag-a', connectionsBandwidth: '1Gbps', numberOfConnections: 2, allowsHostedConnections: false },
];

const fillerHostedConnections: ConnectionSeed[] = ['a', 'b', 'c', 'd', 'e'].map((c, i) => ({
  ownerAccount: DX_OTHER_CUSTOMER_ACCOUNT,
  connectionId: `dxcon-hosxf00${c}`,
  connectionName: `filler-${c}`,
  bandwidth: '50Mbps',
  connectionState: 'available',
  parentId: 'dxcon-icx00004',
  vlan: 500 + i,
}));

export const DX_CONNECTIONS: readonly ConnectionSeed[] = [
  // The partner's own dedicated connections: no VLAN of their own.
  { ownerAccount: DX_PARTNER_ACCOUNT, connectionId: 'dxcon-dedx0001', connectionName: 'partner-dedicated-1', bandwidth: '10Gbps', connectionState: 'available' },
  { ownerAccount: DX_PARTNER_ACCOUNT, connectionId: 'dxcon-dedx0002', connectionName: 'partner-dedicated-2', bandwidth: '10Gbps', connectionState: 'available' },
  { ownerAccount: DX_PARTNER_ACCOUNT, connectionId: 'dxcon-dedx0003', connectionName: 'partner-dedicated-3', bandwidth: '10Gbps', connectionState: 'available' },
  { ownerAccount: DX_PARTNER_ACCOUNT, connectionId: 'dxcon-dedx0004', connectionName: 'partner-lag-member', bandwidth: '10Gbps', connectionState: 'available', lagId: 'dxlag-lagx0002' },
  // Hosted connections: the partner provisioned them on its interconnects and LAGs; customers own them.
  ...fillerHostedConnections,
  // Listed after the fillers, so DescribeHostedConnections on dxcon-icx00004 reaches it on a later page.
  { ownerAccount: DX_CUSTOMER_ACCOUNT, connectionId: 'dxcon-hosx0001', connectionName: 'customer-a-500m', bandwidth: '500Mbps', connectionState: 'available', parentId: 'dxcon-icx00004', vlan: 101 },
  // VLAN 102 is also used on dxlag-lagx0001 by dxcon-hosx0004: moving this one there conflicts.
  { ownerAccount: DX_CUSTOMER_ACCOUNT, connectionId: 'dxcon-hosx0002', connectionName: 'customer-b-1g', bandwidth: '1Gbps', connectionState: 'available', parentId: 'dxcon-icx00001', vlan: 102 },
  { ownerAccount: DX_CUSTOMER_ACCOUNT, connectionId: 'dxcon-hosx0003', connectionName: 'customer-c-1g', bandwidth: '1Gbps', connectionState: 'available', parentId: 'dxlag-lagx0001', vlan: 201 },
  { ownerAccount: DX_CUSTOMER_ACCOUNT, connectionId: 'dxcon-hosx0004', connectionName: 'customer-d-1g', bandwidth: '1Gbps', connectionState: 'available', parentId: 'dxlag-lagx0001', vlan: 102 },
  { ownerAccount: DX_CUSTOMER_ACCOUNT, connectionId: 'dxcon-hosx0005', connectionName: 'customer-e-200m', bandwidth: '200Mbps', connectionState: 'ordering', parentId: 'dxcon-icx00002', vlan: 301 },
  { ownerAccount: DX_CUSTOMER_ACCOUNT, connectionId: 'dxcon-hosx0006', connectionName: 'customer-f-200m', bandwidth: '200Mbps', connectionState: 'available', parentId: 'dxcon-icx00002', vlan: 302 },
  { ownerAccount: DX_CUSTOMER_ACCOUNT, connectionId: 'dxcon-hosx0007', connectionName: 'customer-g-100m', bandwidth: '100Mbps', connectionState: 'available', parentId: 'dxcon-icx00003', vlan: 303 },
];

/** Every BGP auth key in the fixture, for tests that prove none of them leaks. */
export const DX_FIXTURE_AUTH_KEYS: readonly string[] = [
  'dxAuthKey-pvtx0001-5ecret', 'dxAuthKey-pubx0001-5ecret', 'dxAuthKey-trnx0001-5ecret', 'dxAuthKey-hstx0001-5ecret',
  'dxAuthKey-pvtx0002-5ecret', 'dxAuthKey-pvtx0003-5ecret', 'dxAuthKey-pvtx0001-peer2-5ecret', 'dxAuthKey-hpvx0001-5ecret',
];

export const DX_VIRTUAL_INTERFACES: readonly VirtualInterfaceSeed[] = [
  {
    ownerAccount: DX_PARTNER_ACCOUNT,
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
    ownerAccount: DX_PARTNER_ACCOUNT,
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
    ownerAccount: DX_PARTNER_ACCOUNT,
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
    // The customer's, on its hosted connection: Direct Connect refuses to move it to a LAG.
    ownerAccount: DX_CUSTOMER_ACCOUNT,
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
    ownerAccount: DX_PARTNER_ACCOUNT,
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
    ownerAccount: DX_PARTNER_ACCOUNT,
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
  {
    // A hosted virtual interface: the partner provisioned it on its own connection for the customer, who
    // owns it. The partner may move it (it owns the connection it is on); the customer must then confirm it.
    ownerAccount: DX_CUSTOMER_ACCOUNT,
    virtualInterfaceId: 'dxvif-hpvx0001',
    virtualInterfaceName: 'customer-hosted-private',
    virtualInterfaceType: 'private',
    connectionId: 'dxcon-dedx0001',
    vlan: 405,
    asn: 65007,
    amazonSideAsn: 64512,
    amazonAddress: '169.254.70.1/30',
    customerAddress: '169.254.70.2/30',
    authKey: DX_FIXTURE_AUTH_KEYS[7],
    virtualGatewayId: 'vgw-0e5f6071829304152',
    bgpPeers: [{ bgpPeerId: 'dxpeer-hpvx0001', bgpStatus: 'up' }],
  },
];
