import { execFile } from 'child_process';
import { promisify } from 'util';
import {
  AssociateHostedConnectionCommand, AssociateVirtualInterfaceCommand, DescribeConnectionsCommand, DescribeHostedConnectionsCommand,
  DescribeLagsCommand, DescribeVirtualInterfacesCommand, DirectConnectClient,
} from '@aws-sdk/client-direct-connect';
import { DX_FIXTURE_AUTH_KEYS } from '../../../local/emulator/services/directconnect-fixture';
import { awsRequest, emulatorControl, useEmulator } from '../../helpers/emulator';

const run = promisify(execFile);
const emulator = useEmulator({ timings: { 'directconnect.move': 100 } });
const client = () => new DirectConnectClient({ maxAttempts: 1 });
const control = (action: string, body: unknown) => emulatorControl(emulator().url, 'POST', `directconnect/${action}`, body);

async function cli(...args: string[]): Promise<any> {
  const { stdout } = await run('aws', ['--endpoint-url', emulator().url, '--region', 'us-east-1', '--output', 'json', 'directconnect', ...args], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AWS_ACCESS_KEY_ID: 'AKIAEMULATOR00000000',
      AWS_SECRET_ACCESS_KEY: 'emulator-secret-access-key',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  });
  return JSON.parse(stdout);
}

describe('the Direct Connect emulator', () => {
  describe('through the AWS CLI', () => {
    test('describe-virtual-interfaces lists the seeded private, public and transit interfaces', async () => {
      const out = await cli('describe-virtual-interfaces');
      expect(out.virtualInterfaces.map((v: any) => v.virtualInterfaceType).sort()).toEqual(['private', 'private', 'private', 'private', 'public', 'transit']);
      expect(out.virtualInterfaces.find((v: any) => v.virtualInterfaceId === 'dxvif-pvtx0001'))
        .toMatchObject({ connectionId: 'dxcon-dedx0001', vlan: 401, virtualInterfaceState: 'available' });
    });

    test('describe-connections, -lags, -interconnects and -hosted-connections', async () => {
      expect((await cli('describe-interconnects')).interconnects).toHaveLength(4);
      expect((await cli('describe-lags')).lags).toHaveLength(4);
      expect((await cli('describe-connections', '--connection-id', 'dxcon-hosx0001')).connections[0]).toMatchObject({ vlan: 101, connectionState: 'available' });
      const hosted = await cli('describe-hosted-connections', '--connection-id', 'dxlag-lagx0001');
      expect(hosted.connections.map((c: any) => c.connectionId)).toEqual(['dxcon-hosx0003', 'dxcon-hosx0004']);
    }, 120_000);

    test('the CLI reads state the handlers changed', async () => {
      emulator().setTiming('directconnect.move', 60_000);
      try {
        await client().send(new AssociateVirtualInterfaceCommand({ virtualInterfaceId: 'dxvif-pvtx0001', connectionId: 'dxlag-lagx0004' }));
        const out = await cli('describe-virtual-interfaces', '--virtual-interface-id', 'dxvif-pvtx0001');
        expect(out.virtualInterfaces[0]).toMatchObject({ connectionId: 'dxlag-lagx0004', virtualInterfaceState: 'pending' });
      } finally {
        emulator().setTiming('directconnect.move', 100);
      }
    });
  });

  describe('wire shape', () => {
    test('AWS JSON 1.1 under OvertureService, errors as DirectConnectClientException with a message', async () => {
      const ok = await awsRequest(emulator().url, {
        target: 'OvertureService.DescribeLags', signingName: 'directconnect', jsonVersion: '1.1', body: { lagId: 'dxlag-lagx0001' },
      });
      expect(ok.status).toBe(200);
      expect(ok.headers['content-type']).toBe('application/x-amz-json-1.1');
      const missing = await awsRequest(emulator().url, {
        target: 'OvertureService.DescribeConnections', signingName: 'directconnect', jsonVersion: '1.1', body: { connectionId: 'dxcon-zzzzzzzz' },
      });
      expect(missing.status).toBe(400);
      expect(missing.headers['x-amzn-errortype']).toBe('DirectConnectClientException');
      expect(missing.json).toMatchObject({ __type: 'DirectConnectClientException', message: 'Connection dxcon-zzzzzzzz not found' });
    });

    test('requests are checked against the real model', async () => {
      const reply = await awsRequest(emulator().url, {
        target: 'OvertureService.AssociateHostedConnection', signingName: 'directconnect', jsonVersion: '1.1', body: { connectionId: 'dxcon-hosx0001' },
      });
      expect(reply.status).toBe(400);
      expect(reply.json.__type).toBe('DirectConnectClientException');
      expect(reply.json.message).toContain('parentConnectionId');
    });

    test('unknown ids, in the messages Direct Connect uses', async () => {
      await expect(client().send(new DescribeVirtualInterfacesCommand({ virtualInterfaceId: 'dxvif-zzzzzzzz' })))
        .rejects.toMatchObject({ name: 'DirectConnectClientException', message: 'Virtual interface dxvif-zzzzzzzz does not exist' });
      await expect(client().send(new DescribeHostedConnectionsCommand({ connectionId: 'dxlag-zzzzzzzz' })))
        .rejects.toMatchObject({ name: 'DirectConnectClientException', message: 'Interconnect or LAG dxlag-zzzzzzzz not found' });
    });
  });

  describe('moves', () => {
    test('a hosted connection moves with a simulated pending time', async () => {
      const moved = await client().send(new AssociateHostedConnectionCommand({ connectionId: 'dxcon-hosx0001', parentConnectionId: 'dxlag-lagx0003' }));
      expect(moved).toMatchObject({ connectionId: 'dxcon-hosx0001', connectionState: 'pending', lagId: 'dxlag-lagx0003' });
      await new Promise((resolve) => setTimeout(resolve, 150));
      const after = await client().send(new DescribeHostedConnectionsCommand({ connectionId: 'dxlag-lagx0003' }));
      expect(after.connections).toEqual([expect.objectContaining({ connectionId: 'dxcon-hosx0001', connectionState: 'available' })]);
    });

    test('a conflicting VLAN is refused', async () => {
      await expect(client().send(new AssociateHostedConnectionCommand({ connectionId: 'dxcon-hosx0002', parentConnectionId: 'dxlag-lagx0001' })))
        .rejects.toMatchObject({ message: 'Unable to associate dxcon-hosx0002 with dxlag-lagx0001: VLAN 102 is already in use by dxcon-hosx0004' });
      await expect(client().send(new AssociateVirtualInterfaceCommand({ virtualInterfaceId: 'dxvif-pvtx0001', connectionId: 'dxcon-dedx0003' })))
        .rejects.toMatchObject({ message: expect.stringContaining('VLAN 401 is already in use by virtual interface dxvif-pvtx0002') });
    });

    test('a conflicting IP address is refused, naming the address that clashes', async () => {
      // dxvif-trnx0001 on dxcon-dedx0002 has another VLAN; give it dxvif-pvtx0001's customer address only.
      expect(await control('setAddresses', { virtualInterfaceId: 'dxvif-trnx0001', customerAddress: '169.254.10.2/30' }))
        .toMatchObject({ virtualInterfaceId: 'dxvif-trnx0001', customerAddress: '169.254.10.2/30' });
      await expect(client().send(new AssociateVirtualInterfaceCommand({ virtualInterfaceId: 'dxvif-pvtx0001', connectionId: 'dxcon-dedx0002' })))
        .rejects.toMatchObject({ message: 'Unable to associate dxvif-pvtx0001 with dxcon-dedx0002: IP address 169.254.10.2/30 conflicts with virtual interface dxvif-trnx0001' });
      await expect(control('setAddresses', { virtualInterfaceId: 'dxvif-nope0001', amazonAddress: '10.0.0.1/30' })).rejects.toThrow();
    });

    test('an interface on a hosted connection is refused a LAG', async () => {
      await expect(client().send(new AssociateVirtualInterfaceCommand({ virtualInterfaceId: 'dxvif-hstx0001', connectionId: 'dxlag-lagx0002' })))
        .rejects.toMatchObject({
          name: 'DirectConnectClientException',
          message: expect.stringContaining('Virtual interfaces on a hosted connection cannot be associated with a LAG'),
        });
    });

    test('the Associate response carries the auth key, as the real one does', async () => {
      const moved = await client().send(new AssociateVirtualInterfaceCommand({ virtualInterfaceId: 'dxvif-pvtx0001', connectionId: 'dxcon-dedx0002' }));
      expect(moved.authKey).toBe(DX_FIXTURE_AUTH_KEYS[0]);
      expect(moved.bgpPeers?.[1].authKey).toBe(DX_FIXTURE_AUTH_KEYS[6]);
    });
  });

  describe('paging, controls and faults', () => {
    test('without maxResults everything comes back; with it, pages of the emulator page size and a nextToken', async () => {
      expect((await client().send(new DescribeConnectionsCommand({}))).connections).toHaveLength(16);
      const first = await client().send(new DescribeConnectionsCommand({ maxResults: 100 }));
      expect(first.connections).toHaveLength(3);
      const second = await client().send(new DescribeConnectionsCommand({ maxResults: 100, nextToken: first.nextToken }));
      expect(second.connections?.[0].connectionId).not.toBe(first.connections?.[0].connectionId);
      await expect(client().send(new DescribeConnectionsCommand({ maxResults: 2, nextToken: 'bogus' })))
        .rejects.toMatchObject({ message: 'The pagination token is invalid' });
    });

    test('controls set states now or later', async () => {
      emulator().clock.freeze();
      await control('setConnectionState', { connectionId: 'dxcon-hosx0001', state: 'rejected', afterMs: 50 });
      const before = await client().send(new DescribeConnectionsCommand({ connectionId: 'dxcon-hosx0001' }));
      expect(before.connections?.[0].connectionState).toBe('available');
      emulator().clock.advance(50);
      const after = await client().send(new DescribeConnectionsCommand({ connectionId: 'dxcon-hosx0001' }));
      expect(after.connections?.[0].connectionState).toBe('rejected');
      await expect(control('setConnectionState', { connectionId: 'dxcon-hosx0001', state: 'gone' })).rejects.toThrow("State 'gone' is not one of");
    });

    test('fault injection reaches Direct Connect calls', async () => {
      emulator().faults.add({ service: 'directconnect', operation: 'DescribeLags', kind: 'error', status: 500, code: 'DirectConnectServerException', message: 'Boom', count: 1 });
      await expect(client().send(new DescribeConnectionsCommand({}))).resolves.toBeDefined();
      await expect(client().send(new DescribeLagsCommand({}))).rejects.toMatchObject({ name: 'DirectConnectServerException', $metadata: { httpStatusCode: 500 } });
      await expect(client().send(new DescribeLagsCommand({}))).resolves.toBeDefined();
    });

    test('every region has its own seeded estate', async () => {
      const west = new DirectConnectClient({ region: 'eu-west-1', maxAttempts: 1 });
      await west.send(new AssociateVirtualInterfaceCommand({ virtualInterfaceId: 'dxvif-pvtx0001', connectionId: 'dxcon-dedx0002' }));
      const east = await client().send(new DescribeVirtualInterfacesCommand({ virtualInterfaceId: 'dxvif-pvtx0001' }));
      expect(east.virtualInterfaces?.[0].connectionId).toBe('dxcon-dedx0001');
      const westView = await west.send(new DescribeVirtualInterfacesCommand({ virtualInterfaceId: 'dxvif-pvtx0001' }));
      expect(westView.virtualInterfaces?.[0]).toMatchObject({ connectionId: 'dxcon-dedx0002', region: 'eu-west-1' });
    });
  });
});
