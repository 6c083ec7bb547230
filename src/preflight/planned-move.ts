import type { AssemblyStack } from './assembly-stack';
import { idOf, ResolvedValue, resolveValue, ResolveScope } from './resolved-value';
import { HOSTED_CONNECTION_ASSOCIATION_RESOURCE_TYPE } from '../directconnect/hosted-connection-association-contract';
import { VIRTUAL_INTERFACE_ASSOCIATION_RESOURCE_TYPE } from '../directconnect/virtual-interface-association-contract';
import { CONNECTION_RESOURCE_TYPE } from '../interconnect/connection-contract';
import { CONNECT_PEER_ASSOCIATION_RESOURCE_TYPE } from '../networkmanager/connect-peer-association-contract';

/** The kinds of resource whose deployment moves or makes something on the network. */
export type MoveKind = 'hosted-connection' | 'virtual-interface' | 'connect-peer' | 'interconnect-connection';

/** The resource types, from the contracts the constructs and handlers share. */
export const MOVE_KINDS: Readonly<Record<string, MoveKind>> = {
  [HOSTED_CONNECTION_ASSOCIATION_RESOURCE_TYPE]: 'hosted-connection',
  [VIRTUAL_INTERFACE_ASSOCIATION_RESOURCE_TYPE]: 'virtual-interface',
  [CONNECT_PEER_ASSOCIATION_RESOURCE_TYPE]: 'connect-peer',
  [CONNECTION_RESOURCE_TYPE]: 'interconnect-connection',
};

/** One resource of a template that moves something, with its properties resolved where they can be. */
export interface PlannedMove {
  readonly kind: MoveKind;
  readonly stack: AssemblyStack;
  readonly logicalId: string;
  /** The construct path, when the template's metadata has it. */
  readonly path?: string;
  /** Properties by CloudFormation name (the handlers' contract), each resolved or not. */
  readonly properties: Readonly<Record<string, ResolvedValue>>;
}

/** The properties each kind is read by: the names in the contracts, never the constructs' TypeScript props. */
const READ: Readonly<Record<MoveKind, readonly string[]>> = {
  'hosted-connection': ['ConnectionId', 'ParentConnectionId', 'RemovalBehavior', 'CurrentParentId'],
  'virtual-interface': ['VirtualInterfaceId', 'ConnectionId', 'RemovalBehavior', 'WaitForBgpUp'],
  'connect-peer': ['GlobalNetworkId', 'ConnectPeerId', 'DeviceId', 'LinkId'],
  'interconnect-connection': ['Mode', 'AttachPointType', 'AttachPointValue', 'EnvironmentId', 'Bandwidth', 'RemoteAccount'],
};

/** Properties that hold a Direct Connect id, where an ARN stands for the id it names (a CfnLag's ARN). */
const DIRECT_CONNECT_ID_PROPERTIES = new Set(['ConnectionId', 'ParentConnectionId', 'VirtualInterfaceId', 'CurrentParentId']);

/** Every move in the stacks, in template order. */
export function findMoves(stacks: readonly AssemblyStack[], chosen: readonly AssemblyStack[],
  parameters: Readonly<Record<string, string>>): PlannedMove[] {
  const moves: PlannedMove[] = [];
  for (const stack of chosen) {
    const scope: ResolveScope = { stack, stacks, parameters };
    for (const [logicalId, resource] of Object.entries<any>(stack.template.Resources ?? {})) {
      const kind = MOVE_KINDS[resource?.Type];
      if (!kind) continue;
      const properties: Record<string, ResolvedValue> = {};
      for (const name of READ[kind]) {
        const raw = resource.Properties?.[name];
        if (raw === undefined) continue;
        const resolved = resolveValue(raw, scope);
        properties[name] = resolved.value !== undefined && DIRECT_CONNECT_ID_PROPERTIES.has(name) ? { value: idOf(resolved.value) } : resolved;
      }
      moves.push({ kind, stack, logicalId, path: resource.Metadata?.['aws:cdk:path'], properties });
    }
  }
  return moves;
}
