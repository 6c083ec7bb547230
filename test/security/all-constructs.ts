import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { NM_CONNECT_PEER, NM_DEVICE, NM_GLOBAL_NETWORK, NM_LINK } from '../../local/emulator/services/networkmanager-fixture';
import {
  ActivationKey, AssociationRemovalBehavior, AttachPoint, ConnectPeerAssociation, DirectConnectTarget, DirectConnectVirtualInterface,
  HostedConnectionAssociation, InterconnectConnection,
  SidewalkAccountAssociation, VirtualInterfaceAssociation,
} from '../../src';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const GATEWAY = '5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b';

/** Where the secrets live, for an app that the emulator will run. */
export interface SecretArns {
  /** The partner's proposal: `{"activationKey": "..."}`. */
  readonly activationKey: string;
  /** `{"appServerPrivateKey": "..."}`. */
  readonly sidewalkKey: string;
  readonly sidewalkKeyVersionId?: string;
}

/**
 * A stack that uses every construct of the library in every mode that changes what it is granted: a
 * requested and an accepted Interconnect connection, hosted-connection and virtual-interface moves with
 * RETAIN and RESTORE, a Connect-peer association, and a Sidewalk partner account whose key secret is
 * encrypted with a customer managed key.
 */
export function allConstructsStack(app: App, secrets: SecretArns = {
  activationKey: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:interconnect/proposal-AbCdEf`,
  sidewalkKey: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:sidewalk/key-AbCdEf`,
}, options: { withKmsKey?: boolean; description?: string } = {}): Stack {
  const stack = new Stack(app, 'Hybrid', { env: { account: ACCOUNT, region: REGION } });
  new InterconnectConnection(stack, 'Requested', {
    attachPoint: AttachPoint.directConnectGateway(GATEWAY),
    environmentId: 'aws-gcp-us-east4',
    bandwidth: '1Gbps',
    description: options.description ?? 'requested',
    waitTimeout: Duration.seconds(30),
    // Retained by default; DESTROY so that the destroy runs the connections' delete paths too.
    removalPolicy: RemovalPolicy.DESTROY,
  });
  new InterconnectConnection(stack, 'Accepted', {
    attachPoint: AttachPoint.directConnectGateway(GATEWAY),
    activationKey: ActivationKey.fromSecret(secretsmanager.Secret.fromSecretCompleteArn(stack, 'ProposalKey', secrets.activationKey), 'activationKey'),
    waitTimeout: Duration.seconds(30),
    removalPolicy: RemovalPolicy.DESTROY,
  });
  new HostedConnectionAssociation(stack, 'HostedRestore', {
    hostedConnectionId: 'dxcon-hosx0002', target: DirectConnectTarget.fromId('dxcon-icx00002'), removalBehavior: AssociationRemovalBehavior.RESTORE, waitTimeout: Duration.seconds(30),
  });
  new HostedConnectionAssociation(stack, 'HostedRetain', {
    hostedConnectionId: 'dxcon-hosx0006', target: DirectConnectTarget.fromId('dxcon-icx00003'), waitTimeout: Duration.seconds(30),
  });
  new VirtualInterfaceAssociation(stack, 'VifRestore', {
    virtualInterface: DirectConnectVirtualInterface.fromId('dxvif-pubx0001'), target: DirectConnectTarget.fromId('dxlag-lagx0002'), removalBehavior: AssociationRemovalBehavior.RESTORE, waitTimeout: Duration.seconds(30),
  });
  new VirtualInterfaceAssociation(stack, 'VifRetain', {
    virtualInterface: DirectConnectVirtualInterface.fromId('dxvif-pvtx0003'), target: DirectConnectTarget.fromId('dxcon-dedx0002'), waitTimeout: Duration.seconds(30),
  });
  new ConnectPeerAssociation(stack, 'Peer', {
    globalNetworkId: NM_GLOBAL_NETWORK, connectPeerId: NM_CONNECT_PEER, deviceId: NM_DEVICE, linkId: NM_LINK, waitTimeout: Duration.seconds(30),
  });
  const key = options.withKmsKey ? new kms.Key(stack, 'SidewalkKeyKey', { enableKeyRotation: true }) : undefined;
  new SidewalkAccountAssociation(stack, 'Sidewalk', {
    amazonId: 'amzn1.account.AAUDIT0001',
    appServerPrivateKey: secretsmanager.Secret.fromSecretAttributes(stack, 'SidewalkKey', { secretCompleteArn: secrets.sidewalkKey, encryptionKey: key }),
    appServerPrivateKeyField: 'appServerPrivateKey',
    appServerPrivateKeyVersionId: secrets.sidewalkKeyVersionId,
  });
  return stack;
}
