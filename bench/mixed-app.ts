import { App, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  AssociationRemovalBehavior, AttachPoint, ConnectPeerAssociation, HostedConnectionAssociation, InterconnectConnection,
  SidewalkAccountAssociation, VirtualInterfaceAssociation,
} from '../src';
import * as lib from '../src';

/** Every construct type of the library, in the order a mixed stack cycles through them. */
export const CONSTRUCT_TYPES = ['InterconnectConnection', 'HostedConnectionAssociation', 'VirtualInterfaceAssociation',
  'ConnectPeerAssociation', 'SidewalkAccountAssociation'] as const;
export type ConstructType = typeof CONSTRUCT_TYPES[number];

/** Ids the bench names; the emulator's `seed` controls create the numbered ones. */
export const BENCH_IDS = {
  directConnectGateway: '5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9',
  hostedTargets: ['dxlag-lagx0001', 'dxlag-lagx0003'],
  vifTarget: 'dxcon-dedx0003',
  vifSecondTarget: 'dxcon-dedx0002',
  globalNetwork: 'global-network-0a1b2c3d4e5f60718',
  device: 'device-07f6fd08867abc123',
  link: 'link-11112222aaaabbbb1',
  secondDevice: 'device-0a9b8c7d6e5f40312',
  secondLink: 'link-33334444ccccdddd2',
  /** A realistic complete secret ARN, for synth only; deployments pass the emulator's. */
  secretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:sidewalk/app-server-key-AbCdEf',
};

export const hostedConnectionId = (i: number) => `dxcon-hs${String(i).padStart(6, '0')}`;
export const virtualInterfaceId = (i: number) => `dxvif-vs${String(i).padStart(6, '0')}`;
export const connectPeerId = (i: number) => `connect-peer-5eed${i.toString(16).padStart(13, '0')}`;
export const amazonId = (i: number) => `amzn1.sidewalk.bench${String(i).padStart(6, '0')}`;

export interface MixedStackOptions {
  /** How many constructs. */
  readonly count: number;
  /** Which types to cycle through. @default all of them */
  readonly types?: readonly ConstructType[];
  /** The second stage: every construct changed in place (or, for Direct Connect moves, moved on). */
  readonly secondStage?: boolean;
  readonly secretArn?: string;
  readonly env?: StackProps['env'];
  /** Every hosted-connection move RESTOREs on delete. @default - every other one */
  readonly restoreAll?: boolean;
  /** Every virtual-interface move RESTOREs on delete. @default - none (RETAIN) */
  readonly restoreVifs?: boolean;
}

/**
 * The props of a HostedConnectionAssociation that moves `connectionId` to `targetId`, in whichever form the
 * library has: `hostedConnectionId` and `target: DirectConnectTarget.fromId(...)` (issue 14), or the earlier
 * `connectionId` and `parentConnectionId`. The bench measures the library as it is; its props are being renamed.
 */
export function hostedAssociationProps(connectionId: string, targetId: string, removalBehavior: AssociationRemovalBehavior): any {
  const target = (lib as any).DirectConnectTarget;
  return target
    ? { hostedConnectionId: connectionId, target: target.fromId(targetId), removalBehavior }
    : { connectionId, parentConnectionId: targetId, removalBehavior };
}

/** The props of a VirtualInterfaceAssociation, in whichever form the library has (see hostedAssociationProps). */
export function vifAssociationProps(vifId: string, targetId: string, removalBehavior?: AssociationRemovalBehavior): any {
  const vif = (lib as any).DirectConnectVirtualInterface;
  const target = (lib as any).DirectConnectTarget;
  return vif && target
    ? { virtualInterface: vif.fromId(vifId), target: target.fromId(targetId), removalBehavior }
    : { virtualInterfaceId: vifId, connectionId: targetId, removalBehavior };
}

/** A stack of `count` constructs of the library, cycling through the types; the k-th of a type gets id number k. */
export function addMixedConstructs(stack: Stack, options: MixedStackOptions): Record<ConstructType, number> {
  const types = options.types ?? CONSTRUCT_TYPES;
  const counts = Object.fromEntries(CONSTRUCT_TYPES.map((t) => [t, 0])) as Record<ConstructType, number>;
  const second = options.secondStage ?? false;
  const secret = secretsmanager.Secret.fromSecretCompleteArn(stack, 'SidewalkKey', options.secretArn ?? BENCH_IDS.secretArn);
  for (let n = 0; n < options.count; n++) {
    const type = types[n % types.length];
    const i = counts[type]++;
    switch (type) {
      case 'InterconnectConnection':
        new InterconnectConnection(stack, `Connection${i}`, {
          environmentId: 'aws-gcp-us-east4',
          bandwidth: '1Gbps',
          attachPoint: AttachPoint.directConnectGateway(BENCH_IDS.directConnectGateway),
          description: second ? `bench connection ${i} updated` : `bench connection ${i}`,
          tags: { team: 'network', ...(second ? { stage: 'two' } : {}) },
          // Retained by default; the bench's delete phase measures a real delete.
          removalPolicy: RemovalPolicy.DESTROY,
        });
        break;
      case 'HostedConnectionAssociation':
        new HostedConnectionAssociation(stack, `Hosted${i}`, hostedAssociationProps(hostedConnectionId(i),
          BENCH_IDS.hostedTargets[(i + (second ? 1 : 0)) % 2],
          options.restoreAll || i % 2 === 1 ? AssociationRemovalBehavior.RESTORE : AssociationRemovalBehavior.RETAIN));
        break;
      case 'VirtualInterfaceAssociation':
        new VirtualInterfaceAssociation(stack, `Vif${i}`, vifAssociationProps(virtualInterfaceId(i),
          second ? BENCH_IDS.vifSecondTarget : BENCH_IDS.vifTarget, options.restoreVifs ? AssociationRemovalBehavior.RESTORE : undefined));
        break;
      case 'ConnectPeerAssociation':
        new ConnectPeerAssociation(stack, `Peer${i}`, {
          globalNetworkId: BENCH_IDS.globalNetwork,
          connectPeerId: connectPeerId(i),
          deviceId: second ? BENCH_IDS.secondDevice : BENCH_IDS.device,
          linkId: second ? BENCH_IDS.secondLink : BENCH_IDS.link,
        });
        break;
      case 'SidewalkAccountAssociation':
        new SidewalkAccountAssociation(stack, `Sidewalk${i}`, {
          amazonId: amazonId(i),
          appServerPrivateKey: secret,
          appServerPrivateKeyField: 'appServerPrivateKey',
          tags: { team: 'iot', ...(second ? { stage: 'two' } : {}) },
        });
        break;
    }
  }
  return counts;
}

export function buildMixedApp(outdir: string, options: MixedStackOptions): App {
  const app = new App({ outdir });
  const stack = new Stack(app, 'Bench', { env: options.env });
  addMixedConstructs(stack, options);
  return app;
}
