// The demo app (examples/demo-app.ts) as a user writes it against the published package. It is the source
// of examples/python/demo_app.py and examples/java/DemoApp.java: `scripts/translate-examples.sh` type-checks
// it and translates it with jsii-rosetta (without this header). Edit this file, not the translations.
import * as cdk from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import {
  AssociationRemovalBehavior, AttachPoint, ConnectPeerAssociation, DirectConnectTarget, DirectConnectVirtualInterface, HostedConnectionAssociation,
  InterconnectConnection,
  VirtualInterfaceAssociation,
} from 'cdk-hybrid-connectivity';

const app = new cdk.App();
const env: cdk.Environment = { account: '123456789012', region: 'us-east-1' };

// An AWS Interconnect connection to Google Cloud, on a Direct Connect gateway.
const network = new cdk.Stack(app, 'HybridNetwork', { env });
const connection = new InterconnectConnection(network, 'ToGoogleCloud', {
  environmentId: 'aws-gcp-us-east4',
  bandwidth: '1Gbps',
  attachPoint: AttachPoint.directConnectGateway('5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9'),
  description: 'prod to gcp',
  tags: { team: 'network' },
  // Connections are retained by default: a new one needs a person at the partner's portal. The demo is
  // deployed and destroyed again, so it deletes what it made.
  removalPolicy: cdk.RemovalPolicy.DESTROY,
});

// Another stack hands the activation key and the shared id on, as a platform team does.
const handoff = new cdk.Stack(app, 'PartnerHandoff', { env });
new ssm.StringParameter(handoff, 'SharedIdParameter', {
  parameterName: '/network/gcp/shared-id',
  stringValue: connection.sharedId,
});
new cdk.CfnOutput(handoff, 'SharedId', { value: connection.sharedId });
new cdk.CfnOutput(handoff, 'ActivationKey', { value: connection.activationKey });

// Direct Connect moves, each deployed by the account that may make it. The Direct Connect Partner moves its
// customer's hosted connection between its own interconnect and LAG (and back on delete).
const partnerMoves = new cdk.Stack(app, 'PartnerMoves', { env: { account: '123456789012', region: 'us-east-1' } });
const hosted = new HostedConnectionAssociation(partnerMoves, 'MoveCustomerA', {
  hostedConnectionId: 'dxcon-hosx0001',
  target: DirectConnectTarget.fromId('dxlag-lagx0001'),
  removalBehavior: AssociationRemovalBehavior.RESTORE,
});
new cdk.CfnOutput(partnerMoves, 'HostedWas', { value: hosted.previousParentId });

// The customer moves its own virtual interface to its other hosted connection.
const customerMoves = new cdk.Stack(app, 'CustomerMoves', { env: { account: '111122223333', region: 'us-east-1' } });
const vif = new VirtualInterfaceAssociation(customerMoves, 'MoveProdVif', {
  virtualInterface: DirectConnectVirtualInterface.fromId('dxvif-hstx0001'),
  target: DirectConnectTarget.fromId('dxcon-hosx0006'),
});
new cdk.CfnOutput(customerMoves, 'VifWas', { value: vif.previousConnectionId });
// After the move, BGP on the interface's new connection is what to watch: alarm when it is down.
vif.metricVirtualInterfaceBgpStatus().createAlarm(customerMoves, 'ProdVifBgpDown', {
  threshold: 1,
  evaluationPeriods: 3,
  comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
  treatMissingData: cloudwatch.TreatMissingData.BREACHING,
});

// A Cloud WAN Connect peer associated with a branch router and its link.
const wan = new cdk.Stack(app, 'CloudWan', { env });
const peer = new ConnectPeerAssociation(wan, 'BranchRouterPeer', {
  globalNetworkId: 'global-network-0a1b2c3d4e5f60718',
  connectPeerId: 'connect-peer-0123456789abcdef0',
  deviceId: 'device-07f6fd08867abc123',
  linkId: 'link-11112222aaaabbbb1',
});
new cdk.CfnOutput(wan, 'PeerState', { value: peer.state });

app.synth();
