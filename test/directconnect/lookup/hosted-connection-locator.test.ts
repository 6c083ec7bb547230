import { DirectConnectClient } from '@aws-sdk/client-direct-connect';
import { DirectConnectApi } from '../../../src/directconnect/handler/direct-connect-api';
import { locate } from '../../../src/directconnect/lookup/hosted-connection-locator';
import { emulatorControl, useEmulator } from '../../helpers/emulator';

const emulator = useEmulator();
const api = () => new DirectConnectApi(new DirectConnectClient({}));
const calls = (operation: string) => emulator().calls.count({ service: 'directconnect', operation });

/** The partner at scale, as the bench seeds it: 25 more interconnects, 25 more LAGs, hosted connections round robin over them. */
async function seedPartner(hostedConnections: number): Promise<{ hostedConnectionIds: string[]; parentOf: Record<string, string> }> {
  await emulatorControl(emulator().url, 'POST', 'directconnect/setPageSize', { size: 100 });
  return emulatorControl(emulator().url, 'POST', 'directconnect/seedPartner', { interconnects: 25, lags: 25, hostedConnections }) as any;
}

describe('locate at partner scale', () => {
  test('a hosted connection on the last of 56 interconnects and LAGs is found, one DescribeHostedConnections per parent', async () => {
    const seeded = await seedPartner(50);
    const last = seeded.hostedConnectionIds[49];
    expect(seeded.parentOf[last]).toBe('dxlag-lagp0024');
    emulator().calls.clear();

    const placement = await locate(api(), last, 'dxlag-lagx0001', true);

    expect(placement?.parentId).toBe('dxlag-lagp0024');
    expect(placement?.subject.connectionId).toBe(last);
    // The target, then every other parent in the listed order (4 + 25 interconnects, 1 + 25 LAGs), once each.
    expect(calls('DescribeHostedConnections')).toBe(56);
    expect(calls('DescribeInterconnects')).toBe(1);
    expect(calls('DescribeLags')).toBe(1);
    // Found by the search: the owner's DescribeConnections (not-found for the partner) is never made.
    expect(calls('DescribeConnections')).toBe(0);
  });

  test('an update looks on the previous target first, and searches no further', async () => {
    const seeded = await seedPartner(50);
    const moved = seeded.hostedConnectionIds[30];
    const lastSeenOn = seeded.parentOf[moved];
    emulator().calls.clear();

    const placement = await locate(api(), moved, 'dxlag-lagx0001', true, lastSeenOn);

    expect(placement?.parentId).toBe(lastSeenOn);
    expect(calls('DescribeHostedConnections')).toBe(1);
    expect(calls('DescribeInterconnects') + calls('DescribeLags') + calls('DescribeConnections')).toBe(0);
  });

  test('a connection on no parent of this partner is searched for everywhere once, then read as its owner would', async () => {
    await seedPartner(10);
    emulator().calls.clear();

    expect(await locate(api(), 'dxcon-zzzzzzzz', 'dxlag-lagx0001', true)).toBeUndefined();

    expect(calls('DescribeHostedConnections')).toBe(56);
    expect(calls('DescribeConnections')).toBe(1);
  });
});
