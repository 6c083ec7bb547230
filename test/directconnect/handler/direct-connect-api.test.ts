import { DirectConnectClient, DescribeVirtualInterfacesCommand } from '@aws-sdk/client-direct-connect';
import { DX_FIXTURE_AUTH_KEYS } from '../../../local/emulator/services/directconnect-fixture';
import { parseAssociationId, formatAssociationId } from '../../../src/directconnect/handler/association-physical-id';
import { DirectConnectApi, isDirectConnectNotFound } from '../../../src/directconnect/handler/direct-connect-api';
import { classifyError } from '../../../src/runtime/errors';
import { redact, redactString } from '../../../src/runtime/redact';
import { emulatorControl, useEmulator } from '../../helpers/emulator';

const emulator = useEmulator();
const api = () => new DirectConnectApi(new DirectConnectClient({}));
const calls = (operation: string) => emulator().calls.count({ service: 'directconnect', operation });

describe('DirectConnectApi against the emulator', () => {
  test('DescribeHostedConnections follows nextToken to the last page', async () => {
    const hosted = await api().listHostedConnections('dxcon-icx00004');
    expect(hosted?.map((c) => c.connectionId)).toEqual([
      'dxcon-hosxf00a', 'dxcon-hosxf00b', 'dxcon-hosxf00c', 'dxcon-hosxf00d', 'dxcon-hosxf00e', 'dxcon-hosx0001',
    ]);
    expect(calls('DescribeHostedConnections')).toBe(2);
  });

  test('DescribeInterconnects and DescribeLags follow nextToken, and list the partner\'s own', async () => {
    await emulatorControl(emulator().url, 'POST', 'directconnect/setPageSize', { size: 1 });
    expect((await api().listInterconnects()).map((i) => i.id)).toEqual(['dxcon-icx00001', 'dxcon-icx00002', 'dxcon-icx00003', 'dxcon-icx00004']);
    // Of the partner's four LAGs, two are of interconnects and may carry hosted connections.
    expect((await api().listHostedConnectionLags()).map((l) => l.id)).toEqual(['dxlag-lagx0001', 'dxlag-lagx0003']);
    expect(calls('DescribeInterconnects')).toBe(4);
    expect(calls('DescribeLags')).toBe(4);
  });

  test('not found is undefined, with the messages Direct Connect uses', async () => {
    expect(await api().describeConnection('dxcon-zzzzzzzz')).toBeUndefined();
    expect(await api().describeVirtualInterface('dxvif-zzzzzzzz')).toBeUndefined();
    expect(await api().listHostedConnections('dxlag-zzzzzzzz')).toBeUndefined();
    // The partner cannot read its customer's hosted connection with DescribeConnections, nor list hosted
    // connections under a hosted connection's id.
    expect(await api().describeConnection('dxcon-hosx0001')).toBeUndefined();
    expect(await api().listHostedConnections('dxcon-hosx0001')).toBeUndefined();
    expect(emulator().calls.count({ service: 'directconnect', errorCode: 'DirectConnectClientException' })).toBe(4);
  });

  test('other client errors are not swallowed', async () => {
    await expect(api().associateHostedConnection('dxcon-hosx0002', 'dxlag-lagx0001')).rejects.toMatchObject({
      name: 'DirectConnectClientException', message: expect.stringContaining('VLAN 102'),
    });
  });

  test('a virtual interface comes back without any auth key or router configuration, and the keys are masked everywhere after', async () => {
    const raw = await new DirectConnectClient({}).send(new DescribeVirtualInterfacesCommand({ virtualInterfaceId: 'dxvif-pvtx0001' }));
    expect(JSON.stringify(raw)).toContain(DX_FIXTURE_AUTH_KEYS[0]);

    const vif = await api().describeVirtualInterface('dxvif-pvtx0001');
    const text = JSON.stringify(vif);
    expect(text).not.toMatch(/authKey|customerRouterConfig/);
    expect(vif?.bgpPeers).toHaveLength(2);
    for (const key of [DX_FIXTURE_AUTH_KEYS[0], DX_FIXTURE_AUTH_KEYS[6]]) {
      expect(redactString(`the key is ${key}`)).toBe('the key is *****');
    }
    expect(JSON.stringify(redact(raw))).not.toContain(DX_FIXTURE_AUTH_KEYS[0]);
  });
});

describe('Direct Connect "not found" classification', () => {
  const err = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });

  // Only messages from public sources: Terraform's finders (connection.go, lag.go, hosted_connection.go,
  // virtual_interface.go) and the DescribeHostedConnections answer quoted in terraform-provider-aws issue 43499.
  test.each([
    'Could not find Connection with ID dxcon-zzzzzzzz',
    'Could not find Lag with ID dxlag-zzzzzzzz',
    "737034565428 DescribeHostedConnections failed for connection dxcon-fg5pmr7l doesn't exist.",
    'Virtual interface dxvif-zzzzzzzz does not exist',
  ])('%s is notFound', (message) => {
    expect(isDirectConnectNotFound(err('DirectConnectClientException', message))).toBe(true);
    expect(classifyError(err('DirectConnectClientException', message), [isDirectConnectNotFound])).toBe('notFound');
  });

  test.each([
    ['DirectConnectClientException', 'Unable to associate dxvif-a with dxcon-b: VLAN 401 is already in use by virtual interface dxvif-c'],
    ['DirectConnectClientException', 'Account 153891904029 is not an authorized Direct Connect partner in us-west-1.'],
    ['DirectConnectServerException', 'Could not find Connection with ID dxcon-zzzzzzzz'],
  ])('%s "%s" is not notFound', (name, message) => {
    expect(isDirectConnectNotFound(err(name, message))).toBe(false);
  });
});

describe('association physical ids', () => {
  test('round trip, with and without a previous parent', () => {
    const id = { movedId: 'dxvif-pvtx0001', targetId: 'dxlag-lagx0002', previousId: 'dxcon-dedx0001' };
    expect(formatAssociationId(id)).toBe('dxvif-pvtx0001:dxlag-lagx0002:dxcon-dedx0001');
    expect(parseAssociationId(formatAssociationId(id))).toEqual(id);
    expect(parseAssociationId('dxcon-hosx0001:dxcon-icx00001:none')).toEqual({ movedId: 'dxcon-hosx0001', targetId: 'dxcon-icx00001', previousId: undefined });
  });

  test.each(['', 'a1b2c3d4-request-id', 'dxcon-hosx0001:dxcon-icx00001', 'dxvif-pvtx0001:dxvif-pvtx0002:none', 'x:y:z'])('%s is not ours', (id) => {
    expect(parseAssociationId(id)).toBeUndefined();
  });
});
