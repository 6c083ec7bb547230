/**
 * What the emulated Network Manager holds after every reset: two global networks of the emulator's default
 * account and one of a second account (`NM_SECOND_ACCOUNT`), each with a core network, devices, links
 * (some associated with a device) and Connect peers. Tests and the demo use these ids; they follow the real
 * id forms (`<prefix>-` and 17 lower-case hex digits). A device, link or Connect peer belongs to the account
 * that owns its global network.
 */
export interface GlobalNetworkSeed {
  readonly globalNetworkId: string;
  readonly description: string;
  readonly coreNetworkId: string;
  /** The owner account; undefined: the emulator's default account (123456789012 unless started with another). */
  readonly ownerAccountId?: string;
}

export interface DeviceSeed {
  readonly deviceId: string;
  readonly globalNetworkId: string;
  readonly siteId: string;
  readonly description: string;
}

export interface LinkSeed {
  readonly linkId: string;
  readonly globalNetworkId: string;
  readonly siteId: string;
  /** The devices the link is associated with (AssociateLink). */
  readonly deviceIds: readonly string[];
}

export interface ConnectPeerSeed {
  readonly connectPeerId: string;
  readonly globalNetworkId: string;
  readonly coreNetworkId: string;
  readonly connectAttachmentId: string;
  readonly edgeLocation: string;
}

export const NM_GLOBAL_NETWORK = 'global-network-0a1b2c3d4e5f60718';
export const NM_OTHER_GLOBAL_NETWORK = 'global-network-0fedcba9876543210';
export const NM_DEVICE = 'device-07f6fd08867abc123';
export const NM_OTHER_DEVICE = 'device-0a9b8c7d6e5f40312';
/** Associated with `NM_DEVICE`. */
export const NM_LINK = 'link-11112222aaaabbbb1';
/** Associated with `NM_OTHER_DEVICE`. */
export const NM_OTHER_LINK = 'link-33334444ccccdddd2';
/** Associated with no device. */
export const NM_LOOSE_LINK = 'link-55556666eeeeffff3';
export const NM_CONNECT_PEER = 'connect-peer-0123456789abcdef0';
export const NM_OTHER_CONNECT_PEER = 'connect-peer-0123456789abcdef1';
/** In `NM_OTHER_GLOBAL_NETWORK`. */
export const NM_FAR_CONNECT_PEER = 'connect-peer-0a0b0c0d0e0f01020';
export const NM_FAR_DEVICE = 'device-0c1d2e3f4a5b60789';

/** A second account, with a global network of its own that the default account cannot see. */
export const NM_SECOND_ACCOUNT = '444455556666';
export const NM_SECOND_GLOBAL_NETWORK = 'global-network-0bbbbccccddddeeee';
export const NM_SECOND_DEVICE = 'device-0bbbbccccddddeee1';
export const NM_SECOND_LINK = 'link-0bbbbccccddddeee2';
export const NM_SECOND_CONNECT_PEER = 'connect-peer-0bbbbccccddddeee3';

export const NM_GLOBAL_NETWORKS: readonly GlobalNetworkSeed[] = [
  { globalNetworkId: NM_GLOBAL_NETWORK, description: 'prod wan', coreNetworkId: 'core-network-0123456789abcdef0' },
  { globalNetworkId: NM_OTHER_GLOBAL_NETWORK, description: 'lab wan', coreNetworkId: 'core-network-0fedcba9876543210' },
  { globalNetworkId: NM_SECOND_GLOBAL_NETWORK, description: 'second account wan', coreNetworkId: 'core-network-0bbbbccccddddeee0', ownerAccountId: NM_SECOND_ACCOUNT },
];

export const NM_DEVICES: readonly DeviceSeed[] = [
  { deviceId: NM_DEVICE, globalNetworkId: NM_GLOBAL_NETWORK, siteId: 'site-0aaaabbbbccccddd1', description: 'branch router a' },
  { deviceId: NM_OTHER_DEVICE, globalNetworkId: NM_GLOBAL_NETWORK, siteId: 'site-0aaaabbbbccccddd1', description: 'branch router b' },
  { deviceId: NM_FAR_DEVICE, globalNetworkId: NM_OTHER_GLOBAL_NETWORK, siteId: 'site-0eeeeffff00001111', description: 'lab router' },
  { deviceId: NM_SECOND_DEVICE, globalNetworkId: NM_SECOND_GLOBAL_NETWORK, siteId: 'site-0bbbbccccddddeee4', description: 'second account router' },
];

export const NM_LINKS: readonly LinkSeed[] = [
  { linkId: NM_LINK, globalNetworkId: NM_GLOBAL_NETWORK, siteId: 'site-0aaaabbbbccccddd1', deviceIds: [NM_DEVICE] },
  { linkId: NM_OTHER_LINK, globalNetworkId: NM_GLOBAL_NETWORK, siteId: 'site-0aaaabbbbccccddd1', deviceIds: [NM_OTHER_DEVICE] },
  { linkId: NM_LOOSE_LINK, globalNetworkId: NM_GLOBAL_NETWORK, siteId: 'site-0aaaabbbbccccddd1', deviceIds: [] },
  { linkId: NM_SECOND_LINK, globalNetworkId: NM_SECOND_GLOBAL_NETWORK, siteId: 'site-0bbbbccccddddeee4', deviceIds: [NM_SECOND_DEVICE] },
];

export const NM_CONNECT_PEERS: readonly ConnectPeerSeed[] = [
  {
    connectPeerId: NM_CONNECT_PEER,
    globalNetworkId: NM_GLOBAL_NETWORK,
    coreNetworkId: 'core-network-0123456789abcdef0',
    connectAttachmentId: 'attachment-0123456789abcdef0',
    edgeLocation: 'us-east-1',
  },
  {
    connectPeerId: NM_OTHER_CONNECT_PEER,
    globalNetworkId: NM_GLOBAL_NETWORK,
    coreNetworkId: 'core-network-0123456789abcdef0',
    connectAttachmentId: 'attachment-0123456789abcdef0',
    edgeLocation: 'us-east-1',
  },
  {
    connectPeerId: NM_FAR_CONNECT_PEER,
    globalNetworkId: NM_OTHER_GLOBAL_NETWORK,
    coreNetworkId: 'core-network-0fedcba9876543210',
    connectAttachmentId: 'attachment-0fedcba9876543210',
    edgeLocation: 'eu-west-1',
  },
  {
    connectPeerId: NM_SECOND_CONNECT_PEER,
    globalNetworkId: NM_SECOND_GLOBAL_NETWORK,
    coreNetworkId: 'core-network-0bbbbccccddddeee0',
    connectAttachmentId: 'attachment-0bbbbccccddddeee5',
    edgeLocation: 'us-west-2',
  },
];
