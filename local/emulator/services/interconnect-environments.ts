/** An Interconnect environment as the API returns it. */
export interface InterconnectEnvironment {
  readonly environmentId: string;
  readonly provider: { readonly cloudServiceProvider?: string; readonly lastMileProvider?: string };
  readonly location: string;
  readonly state: 'available' | 'limited' | 'unavailable';
  readonly bandwidths: { readonly available: string[]; readonly supported: string[] };
  readonly type: string;
  readonly activationPageUrl?: string;
  readonly remoteIdentifierType?: 'account' | 'email';
}

const CLOUD_BANDWIDTHS = ['1Gbps', '2Gbps', '5Gbps', '10Gbps'];
const CLOUD_SUPPORTED = [...CLOUD_BANDWIDTHS, '25Gbps', '50Gbps', '100Gbps'];

/**
 * The environments every fresh emulator offers: two Google Cloud locations (so a change of environment can
 * replace a connection), an Azure one that is only partly available, and one last-mile provider, so tests
 * can cover both provider kinds and both id prefixes.
 */
export const INTERCONNECT_ENVIRONMENTS: readonly InterconnectEnvironment[] = [
  {
    environmentId: 'aws-gcp-us-east4',
    provider: { cloudServiceProvider: 'gcp' },
    location: 'us-east4',
    state: 'available',
    bandwidths: { available: CLOUD_BANDWIDTHS, supported: CLOUD_SUPPORTED },
    type: 'multicloud',
    activationPageUrl: 'https://console.cloud.google.com/hybrid/interconnect/partner-activation?location=us-east4',
    remoteIdentifierType: 'account',
  },
  {
    environmentId: 'aws-gcp-us-west1',
    provider: { cloudServiceProvider: 'gcp' },
    location: 'us-west1',
    state: 'available',
    bandwidths: { available: CLOUD_BANDWIDTHS, supported: CLOUD_SUPPORTED },
    type: 'multicloud',
    activationPageUrl: 'https://console.cloud.google.com/hybrid/interconnect/partner-activation?location=us-west1',
    remoteIdentifierType: 'account',
  },
  {
    environmentId: 'aws-azure-eastus2',
    provider: { cloudServiceProvider: 'azure' },
    location: 'eastus2',
    state: 'limited',
    bandwidths: { available: ['1Gbps', '2Gbps'], supported: CLOUD_SUPPORTED },
    type: 'multicloud',
    activationPageUrl: 'https://portal.azure.com/#blade/Microsoft_Azure_Network/InterconnectActivation',
    remoteIdentifierType: 'account',
  },
  {
    environmentId: 'aws-lumen-us-east-1',
    provider: { lastMileProvider: 'lumen' },
    location: 'Ashburn, VA',
    state: 'available',
    bandwidths: { available: ['50Mbps', '100Mbps', '200Mbps', '500Mbps', '1Gbps'], supported: ['50Mbps', '100Mbps', '200Mbps', '500Mbps', '1Gbps', '10Gbps'] },
    type: 'lastmile',
    activationPageUrl: 'https://www.lumen.com/interconnect/activate',
    remoteIdentifierType: 'email',
  },
];

/** Direct Connect gateways that ListAttachPoints reports in every environment until a test adds more. */
export const INTERCONNECT_ATTACH_POINTS: ReadonlyArray<{ readonly identifier: string; readonly name: string }> = [
  { identifier: '5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b', name: 'emulator-dxgw-primary' },
  { identifier: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', name: 'emulator-dxgw-secondary' },
];
