import { DirectConnectClient } from '@aws-sdk/client-direct-connect';
import { DirectConnectApi } from '../../../src/directconnect/handler/direct-connect-api';
import { locate } from '../../../src/directconnect/lookup/hosted-connection-locator';
import { emulatorControl, useEmulator } from '../../helpers/emulator';

const emulator = useEmulator();
const api = () => new DirectConnectApi(new DirectConnectClient({}));

/** The API, remembering which parents were read (the calls still go to the emulator, which counts them). */
class RecordingApi extends DirectConnectApi {
  public readonly parentsRead: string[] = [];
  public async listHostedConnections(parentId: string) {
    this.parentsRead.push(parentId);
    return super.listHostedConnections(parentId);
  }
}
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
    // Every parent in the listed order (4 + 25 interconnects, 2 + 25 LAGs), the target in its place, once each.
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

  test('the target is read in its listed place: a connection on a parent listed before it costs no read of the target', async () => {
    const seeded = await seedPartner(50);
    const early = seeded.hostedConnectionIds[0];
    // Listed fifth (after the fixture's 4 interconnects); the target, dxlag-lagx0001, is listed 30th.
    expect(seeded.parentOf[early]).toBe('dxcon-icp00000');
    emulator().calls.clear();

    const recording = new RecordingApi(new DirectConnectClient({}));
    const placement = await locate(recording, early, 'dxlag-lagx0001', true);

    expect(placement?.parentId).toBe('dxcon-icp00000');
    expect(calls('DescribeHostedConnections')).toBe(5);
    expect(recording.parentsRead).not.toContain('dxlag-lagx0001');
  });

  test('a connection already on the target is found there, in the listed place of the target, read once', async () => {
    await seedPartner(50);
    emulator().calls.clear();

    // The fixture's hosted connection dxcon-hosx0003 is on its LAG of interconnects dxlag-lagx0001 (listed 30th).
    const placement = await locate(api(), 'dxcon-hosx0003', 'dxlag-lagx0001', true);

    expect(placement?.parentId).toBe('dxlag-lagx0001');
    expect(calls('DescribeHostedConnections')).toBe(30);
  });

  test('a right currentParent hint is one read: no listing, no search', async () => {
    const seeded = await seedPartner(50);
    const moved = seeded.hostedConnectionIds[30];
    emulator().calls.clear();

    const placement = await locate(api(), moved, 'dxlag-lagx0001', true, undefined, seeded.parentOf[moved]);

    expect(placement?.parentId).toBe(seeded.parentOf[moved]);
    expect(calls('DescribeHostedConnections')).toBe(1);
    expect(calls('DescribeInterconnects') + calls('DescribeLags') + calls('DescribeConnections')).toBe(0);
  });

  test('a wrong currentParent hint costs its one read, then the search finds it and never reads the hint again', async () => {
    const seeded = await seedPartner(50);
    const moved = seeded.hostedConnectionIds[30];
    expect(seeded.parentOf[moved]).toBe('dxlag-lagp0005');
    emulator().calls.clear();

    // The hint is listed 5th, before the real parent (listed 37th): the search skips it.
    const recording = new RecordingApi(new DirectConnectClient({}));
    const placement = await locate(recording, moved, 'dxlag-lagx0001', true, undefined, 'dxcon-icp00000');

    expect(placement?.parentId).toBe('dxlag-lagp0005');
    expect(calls('DescribeHostedConnections')).toBe(37);
    expect(recording.parentsRead[0]).toBe('dxcon-icp00000');
    expect(new Set(recording.parentsRead).size).toBe(37);
  });

  test('a currentParent that is no Direct Connect id costs no call; the search finds the connection', async () => {
    const seeded = await seedPartner(50);
    const moved = seeded.hostedConnectionIds[0];
    emulator().calls.clear();

    const recording = new RecordingApi(new DirectConnectClient({}));
    const placement = await locate(recording, moved, 'dxlag-lagx0001', true, undefined, 'not-an-id');

    expect(placement?.parentId).toBe('dxcon-icp00000');
    expect(recording.parentsRead).not.toContain('not-an-id');
    expect(calls('DescribeHostedConnections')).toBe(5);
  });

  test('a currentParent whose read is refused falls back to the search, which reads that parent again in its listed place', async () => {
    const seeded = await seedPartner(50);
    const moved = seeded.hostedConnectionIds[0];
    emulator().calls.clear();
    // The first DescribeHostedConnections (the hint's) is refused; the search's reads are answered.
    emulator().faults.add({
      service: 'directconnect',
      operation: 'DescribeHostedConnections',
      kind: 'error',
      status: 400,
      code: 'DirectConnectClientException',
      message: 'Connection is not available.',
      count: 1,
    });

    const recording = new RecordingApi(new DirectConnectClient({}));
    const placement = await locate(recording, moved, 'dxlag-lagx0001', true, undefined, 'dxcon-icp00000');

    expect(placement?.parentId).toBe('dxcon-icp00000');
    expect(recording.parentsRead).toEqual(['dxcon-icp00000', 'dxcon-icx00001', 'dxcon-icx00002', 'dxcon-icx00003', 'dxcon-icx00004', 'dxcon-icp00000']);
  });

  test('a hint that is the previous target too is read once', async () => {
    const seeded = await seedPartner(50);
    const moved = seeded.hostedConnectionIds[0];
    emulator().calls.clear();

    const recording = new RecordingApi(new DirectConnectClient({}));
    const placement = await locate(recording, moved, 'dxlag-lagx0001', true, 'dxcon-icp00001', 'dxcon-icp00001');

    expect(placement?.parentId).toBe('dxcon-icp00000');
    // icp00001 (read first, once), then the listed parents up to icp00000, the 5th.
    expect(recording.parentsRead).toEqual(['dxcon-icp00001', 'dxcon-icx00001', 'dxcon-icx00002', 'dxcon-icx00003', 'dxcon-icx00004', 'dxcon-icp00000']);
    expect(calls('DescribeHostedConnections')).toBe(6);
  });

  test('a connection on no parent of this partner is searched for everywhere once, then read as its owner would', async () => {
    await seedPartner(10);
    emulator().calls.clear();

    expect(await locate(api(), 'dxcon-zzzzzzzz', 'dxlag-lagx0001', true)).toBeUndefined();

    expect(calls('DescribeHostedConnections')).toBe(56);
    expect(calls('DescribeConnections')).toBe(1);
  });
});
