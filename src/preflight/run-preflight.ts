import { DirectConnectClient } from '@aws-sdk/client-direct-connect';
import { AssemblyError, readAssemblyStacks, AssemblyStack } from './assembly-stack';
import { checkConnectPeerMove } from './check-connect-peer-move';
import { checkHostedConnectionMove } from './check-hosted-connection-move';
import { checkInterconnectConnection } from './check-interconnect-connection';
import { checkVirtualInterfaceMove } from './check-virtual-interface-move';
import { reportBase } from './move-check';
import type { MoveReport } from './move-report';
import { findMoves, PlannedMove } from './planned-move';
import { CallListener, readOnlyApi } from './read-only-api';
import { homeRegionIn, partitionOfRegion } from '../core/aws-partitions';
import { DirectConnectApi, isDirectConnectNotFound } from '../directconnect/handler/direct-connect-api';
import { NETWORK_MANAGER_HOME_REGIONS } from '../networkmanager/connect-peer-association-contract';
import { NetworkManagerApi } from '../networkmanager/handler/network-manager-api';
import { isGlobalNetworkNotFound } from '../networkmanager/handler/network-manager-errors';
import { describeError } from '../runtime/errors';
import { InvocationRetryStrategy } from '../runtime/retry-budget';

/** The Direct Connect reads the preflight makes; nothing else of the seam can be called. */
const DX_READS = ['describeConnection', 'listHostedConnections', 'listInterconnects', 'listHostedConnectionLags',
  'describeVirtualInterface', 'listVirtualInterfaces'] as const;
const NM_READS = ['find', 'peerTag', 'deviceExists', 'linkAssociations'] as const;

export interface PreflightOptions {
  readonly assemblyDir: string;
  /** Stack names, artifact ids or display names; all stacks when empty. */
  readonly stacks?: readonly string[];
  readonly parameters?: Readonly<Record<string, string>>;
  /** The region of environment-agnostic stacks. @default AWS_REGION, else us-east-1 */
  readonly defaultRegion?: string;
  readonly onCall?: CallListener;
}

export interface PreflightResult {
  readonly moves: MoveReport[];
  /** The stacks read, by display name. */
  readonly stacks: string[];
}

function chooseStacks(all: AssemblyStack[], wanted: readonly string[]): AssemblyStack[] {
  if (wanted.length === 0) return all;
  const chosen = all.filter((s) => wanted.some((w) => [s.stackName, s.artifactId, s.displayName].includes(w)));
  const unknown = wanted.filter((w) => !all.some((s) => [s.stackName, s.artifactId, s.displayName].includes(w)));
  if (unknown.length) {
    throw new AssemblyError(`No stack named ${unknown.join(', ')} in the cloud assembly; it has ${all.map((s) => s.displayName).join(', ') || 'no stacks'}. ` +
      'Pass --stack with one of those.');
  }
  return chosen;
}

/** Reads the assembly, finds every move and checks each with read-only calls. */
export async function runPreflight(options: PreflightOptions): Promise<PreflightResult> {
  const all = readAssemblyStacks(options.assemblyDir);
  const chosen = chooseStacks(all, options.stacks ?? []);
  const moves = findMoves(all, chosen, options.parameters ?? {});
  const dx = new Map<string, DirectConnectApi>();
  const nm = new Map<string, NetworkManagerApi>();
  const regionOf = (stack: AssemblyStack) => stack.region ?? options.defaultRegion ?? process.env.AWS_REGION ?? 'us-east-1';
  const dxApi = (region: string) => {
    let api = dx.get(region);
    if (!api) {
      const client = new DirectConnectClient({ region, retryStrategy: new InvocationRetryStrategy() });
      dx.set(region, (api = readOnlyApi(new DirectConnectApi(client), [...DX_READS], [isDirectConnectNotFound], options.onCall)));
    }
    return api;
  };
  const nmApi = (region: string) => {
    let api = nm.get(region);
    if (!api) nm.set(region, (api = readOnlyApi(new NetworkManagerApi(region), [...NM_READS], [isGlobalNetworkNotFound], options.onCall)));
    return api;
  };

  const reports: MoveReport[] = [];
  for (const move of moves) reports.push(await checkOne(move, regionOf(move.stack), dxApi, nmApi));
  return { moves: reports, stacks: chosen.map((s) => s.displayName) };
}

async function checkOne(move: PlannedMove, region: string, dxApi: (r: string) => DirectConnectApi,
  nmApi: (r: string) => NetworkManagerApi): Promise<MoveReport> {
  try {
    switch (move.kind) {
      case 'hosted-connection': return await checkHostedConnectionMove(move, dxApi(region));
      case 'virtual-interface': return await checkVirtualInterfaceMove(move, dxApi(region));
      case 'interconnect-connection': return checkInterconnectConnection(move);
      case 'connect-peer': {
        const home = homeRegionIn(NETWORK_MANAGER_HOME_REGIONS, partitionOfRegion(region) ?? 'aws');
        if (!home) throw new Error(`Network Manager has no endpoint in the partition of ${region}`);
        return await checkConnectPeerMove(move, nmApi(home));
      }
    }
  } catch (err) {
    // A refusal of a read (no permission, a service fault past its retries) says nothing about the move: blocked, with the reason.
    return {
      ...reportBase(move),
      subject: move.logicalId,
      verdict: 'blocked',
      interrupts: [],
      findings: [`The preflight could not read what it needs: ${describeError(err)}. Check the credentials (AWS_PROFILE, AWS_REGION) and their read permissions, then run it again.`],
    };
  }
}
