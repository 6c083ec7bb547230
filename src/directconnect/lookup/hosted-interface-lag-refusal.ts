import { directConnectIdKind } from '../direct-connect-ids';
import { DirectConnectApi, isHostedConnection } from '../handler/direct-connect-api';

/**
 * Direct Connect refuses to move a virtual interface that is on a hosted connection to a LAG (seed 002,
 * AssociateVirtualInterface). The reason, when a move from `fromId` to `targetId` is such a move; undefined
 * otherwise. Shared by the virtual-interface association handler (which fails with it before the call) and
 * the move preflight (which reports it before the deployment).
 */
export async function hostedInterfaceLagRefusal(api: DirectConnectApi, virtualInterfaceId: string, fromId: string | undefined, targetId: string):
Promise<string | undefined> {
  if (directConnectIdKind(targetId) !== 'dxlag' || !fromId || directConnectIdKind(fromId) !== 'dxcon') return undefined;
  const connection = await api.describeConnection(fromId);
  if (!connection || !isHostedConnection(connection)) return undefined;
  return `Virtual interface ${virtualInterfaceId} is on hosted connection ${fromId}, and Direct Connect ` +
    `cannot move an interface on a hosted connection to a LAG (${targetId}).`;
}
