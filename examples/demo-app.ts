import { App, CfnOutput, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import {
  AssociationRemovalBehavior, AttachPoint, ConnectPeerAssociation, DirectConnectTarget, DirectConnectVirtualInterface, HostedConnectionAssociation,
  InterconnectConnection,
  VirtualInterfaceAssociation,
} from '../src';

/** The account and region the demo deploys to; the local emulator serves any. */
export const DEMO_ENV = { account: '123456789012', region: 'us-east-1' };

/**
 * Direct Connect moves are made by the account that may make them, as the local emulator's Direct Connect
 * estate has it: the Direct Connect Partner owns the interconnects and LAGs (and moves hosted connections
 * between them); its customer owns the hosted connections and the virtual interfaces on them.
 */
export const DEMO_PARTNER_ENV = { account: '123456789012', region: 'us-east-1' };
export const DEMO_CUSTOMER_ENV = { account: '111122223333', region: 'us-east-1' };

/**
 * The ids the demo works on. They name resources seeded in the local emulator, as they would name
 * existing resources in a real account.
 */
export const DEMO_IDS = {
  directConnectGateway: '5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9',
  hostedConnection: 'dxcon-hosx0001',
  hostedConnectionTarget: 'dxlag-lagx0001',
  /** The customer's interface on its hosted connection dxcon-hosx0003, moved to its other hosted connections. */
  virtualInterface: 'dxvif-hstx0001',
  virtualInterfaceTarget: 'dxcon-hosx0006',
  virtualInterfaceSecondTarget: 'dxcon-hosx0007',
  globalNetwork: 'global-network-0a1b2c3d4e5f60718',
  connectPeer: 'connect-peer-0123456789abcdef0',
  device: 'device-07f6fd08867abc123',
  link: 'link-11112222aaaabbbb1',
  secondDevice: 'device-0a9b8c7d6e5f40312',
  secondLink: 'link-33334444ccccdddd2',
};

/** What changes between the demo's first deployment and its update. */
export interface DemoAppOptions {
  /** Where to write the cloud assembly. @default - a temporary directory */
  readonly outdir?: string;
  /**
   * The second stage of the demo: the virtual interface moves on to a third hosted connection (a new move,
   * so a new physical id) and the Connect peer moves to another device and link (in place).
   * @default false
   */
  readonly secondStage?: boolean;
}

/**
 * The example app:
 * - `HybridNetwork` requests an AWS Interconnect connection to Google Cloud;
 * - `PartnerHandoff` consumes its activation key and shared id, as a platform team hands them on;
 * - `PartnerMoves`, in the Direct Connect Partner's account, moves its customer's hosted connection to a LAG
 *   (moved back on delete);
 * - `CustomerMoves`, in the customer's account, moves the customer's virtual interface to its other hosted
 *   connection;
 * - `CloudWan` associates a Connect peer with a branch device and its link.
 */
export function buildDemoApp(options: DemoAppOptions = {}): App {
  const app = new App({ outdir: options.outdir });
  const ids = DEMO_IDS;

  const network = new Stack(app, 'HybridNetwork', { env: DEMO_ENV });
  const connection = new InterconnectConnection(network, 'ToGoogleCloud', {
    environmentId: 'aws-gcp-us-east4',
    bandwidth: '1Gbps',
    attachPoint: AttachPoint.directConnectGateway(ids.directConnectGateway),
    description: 'prod to gcp',
    tags: { team: 'network' },
    // Connections are retained by default: a new one needs a person at the partner's portal. The demo is
    // deployed and destroyed again, so it deletes what it made.
    removalPolicy: RemovalPolicy.DESTROY,
  });

  const handoff = new Stack(app, 'PartnerHandoff', { env: DEMO_ENV });
  new ssm.StringParameter(handoff, 'SharedIdParameter', {
    parameterName: '/network/gcp/shared-id',
    stringValue: connection.sharedId,
  });
  new CfnOutput(handoff, 'SharedId', { value: connection.sharedId });
  new CfnOutput(handoff, 'ActivationKey', { value: connection.activationKey });
  new CfnOutput(handoff, 'ConnectionId', { value: connection.connectionId });

  const partnerMoves = new Stack(app, 'PartnerMoves', { env: DEMO_PARTNER_ENV });
  const hosted = new HostedConnectionAssociation(partnerMoves, 'MoveCustomerA', {
    hostedConnectionId: ids.hostedConnection,
    target: DirectConnectTarget.fromId(ids.hostedConnectionTarget),
    removalBehavior: AssociationRemovalBehavior.RESTORE,
  });
  new CfnOutput(partnerMoves, 'HostedWas', { value: hosted.previousParentId });
  new CfnOutput(partnerMoves, 'HostedNow', { value: hosted.targetId });

  const customerMoves = new Stack(app, 'CustomerMoves', { env: DEMO_CUSTOMER_ENV });
  const vif = new VirtualInterfaceAssociation(customerMoves, 'MoveProdVif', {
    virtualInterface: DirectConnectVirtualInterface.fromId(ids.virtualInterface),
    target: DirectConnectTarget.fromId(options.secondStage ? ids.virtualInterfaceSecondTarget : ids.virtualInterfaceTarget),
  });
  new CfnOutput(customerMoves, 'VifWas', { value: vif.previousConnectionId });
  new CfnOutput(customerMoves, 'VifNow', { value: vif.targetId });
  // After the move, BGP on the interface's new connection is what to watch: alarm when it is down.
  vif.metricVirtualInterfaceBgpStatus().createAlarm(customerMoves, 'ProdVifBgpDown', {
    threshold: 1,
    evaluationPeriods: 3,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.BREACHING,
  });

  const wan = new Stack(app, 'CloudWan', { env: DEMO_ENV });
  const peer = new ConnectPeerAssociation(wan, 'BranchRouterPeer', {
    globalNetworkId: ids.globalNetwork,
    connectPeerId: ids.connectPeer,
    deviceId: options.secondStage ? ids.secondDevice : ids.device,
    linkId: options.secondStage ? ids.secondLink : ids.link,
  });
  new CfnOutput(wan, 'PeerState', { value: peer.state });
  new CfnOutput(wan, 'PeerDevice', { value: peer.deviceId });

  return app;
}

if (require.main === module) {
  buildDemoApp().synth();
}
