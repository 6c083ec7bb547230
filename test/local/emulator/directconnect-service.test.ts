import { execFile } from 'child_process';
import { promisify } from 'util';
import {
  AssociateHostedConnectionCommand, AssociateVirtualInterfaceCommand, DescribeConnectionsCommand, DescribeHostedConnectionsCommand,
  DescribeLagsCommand, DescribeTagsCommand, DescribeVirtualInterfacesCommand, DirectConnectClient, TagResourceCommand, UntagResourceCommand,
} from '@aws-sdk/client-direct-connect';
import type { DirectConnectService } from '../../../local/emulator/services/directconnect';
import { DX_FIXTURE_AUTH_KEYS } from '../../../local/emulator/services/directconnect-fixture';
import { awsRequest, emulatorControl, useEmulator } from '../../helpers/emulator';

const run = promisify(execFile);
const emulator = useEmulator({ timings: { 'directconnect.move': 100 } });
const client = () => new DirectConnectClient({ maxAttempts: 1 });
const control = (action: string, body: unknown) => emulatorControl(emulator().url, 'POST', `directconnect/${action}`, body);
const dx = () => emulator().service<DirectConnectService>('directconnect');
const arn = (type: 'dxcon' | 'dxvif' | 'dxlag', id: string, region = 'us-east-1', partition = 'aws') =>
  `arn:${partition}:directconnect:${region}:123456789012:${type}/${id}`;

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

  describe('tags', () => {
    const HOSTED = arn('dxcon', 'dxcon-hosx0001');
    const VIF = arn('dxvif', 'dxvif-pvtx0001');

    test('a hosted connection and a virtual interface are tagged, and DescribeTags reads the tags back in order', async () => {
      expect(await client().send(new TagResourceCommand({ resourceArn: HOSTED, tags: [{ key: 'team', value: 'net' }, { key: 'cost-centre', value: '42' }] })))
        .toMatchObject({ $metadata: { httpStatusCode: 200 } });
      await client().send(new TagResourceCommand({ resourceArn: VIF, tags: [{ key: 'env', value: 'prod' }, { key: 'flag' }] }));
      const out = await client().send(new DescribeTagsCommand({ resourceArns: [VIF, HOSTED, arn('dxcon', 'dxcon-hosx0002')] }));
      expect(out.resourceTags).toEqual([
        { resourceArn: VIF, tags: [{ key: 'env', value: 'prod' }, { key: 'flag' }] },
        { resourceArn: HOSTED, tags: [{ key: 'team', value: 'net' }, { key: 'cost-centre', value: '42' }] },
        { resourceArn: arn('dxcon', 'dxcon-hosx0002'), tags: [] },
      ]);
      expect(dx().tagsOf('dxcon-hosx0001')).toEqual({ 'team': 'net', 'cost-centre': '42' });
      expect(dx().tagsOf('dxvif-pvtx0001')).toEqual({ env: 'prod', flag: '' });
    });

    test('the Describe views carry tags only when the resource has some', async () => {
      await client().send(new TagResourceCommand({ resourceArn: HOSTED, tags: [{ key: 'team', value: 'net' }] }));
      await client().send(new TagResourceCommand({ resourceArn: VIF, tags: [{ key: 'env', value: 'prod' }] }));
      const connections = (await client().send(new DescribeConnectionsCommand({}))).connections ?? [];
      expect(connections.find((c) => c.connectionId === 'dxcon-hosx0001')?.tags).toEqual([{ key: 'team', value: 'net' }]);
      expect(connections.find((c) => c.connectionId === 'dxcon-hosx0002')).not.toHaveProperty('tags');
      const hosted = await client().send(new DescribeHostedConnectionsCommand({ connectionId: 'dxcon-icx00004' }));
      expect(hosted.connections?.find((c) => c.connectionId === 'dxcon-hosx0001')?.tags).toEqual([{ key: 'team', value: 'net' }]);
      const vifs = (await client().send(new DescribeVirtualInterfacesCommand({}))).virtualInterfaces ?? [];
      expect(vifs.find((v) => v.virtualInterfaceId === 'dxvif-pvtx0001')?.tags).toEqual([{ key: 'env', value: 'prod' }]);
      expect(vifs.find((v) => v.virtualInterfaceId === 'dxvif-pubx0001')).not.toHaveProperty('tags');
      // The tags go with the interface when it moves.
      const moved = await client().send(new AssociateVirtualInterfaceCommand({ virtualInterfaceId: 'dxvif-pvtx0001', connectionId: 'dxcon-dedx0002' }));
      expect(moved.tags).toEqual([{ key: 'env', value: 'prod' }]);
    });

    test('TagResource overwrites the value of a key it already has; UntagResource removes keys and ignores unknown ones', async () => {
      await client().send(new TagResourceCommand({ resourceArn: HOSTED, tags: [{ key: 'team', value: 'net' }, { key: 'env', value: 'dev' }] }));
      await client().send(new TagResourceCommand({ resourceArn: HOSTED, tags: [{ key: 'team', value: 'platform' }, { key: 'owner', value: 'ops' }] }));
      expect(dx().tagsOf('dxcon-hosx0001')).toEqual({ team: 'platform', env: 'dev', owner: 'ops' });
      expect((await client().send(new DescribeTagsCommand({ resourceArns: [HOSTED] }))).resourceTags?.[0].tags)
        .toEqual([{ key: 'team', value: 'platform' }, { key: 'env', value: 'dev' }, { key: 'owner', value: 'ops' }]);
      await client().send(new UntagResourceCommand({ resourceArn: HOSTED, tagKeys: ['env', 'never-set'] }));
      expect(dx().tagsOf('dxcon-hosx0001')).toEqual({ team: 'platform', owner: 'ops' });
      await client().send(new UntagResourceCommand({ resourceArn: HOSTED, tagKeys: ['team', 'owner'] }));
      expect(dx().tagsOf('dxcon-hosx0001')).toEqual({});
      const after = await client().send(new DescribeConnectionsCommand({ connectionId: 'dxcon-hosx0001' }));
      expect(after.connections?.[0]).not.toHaveProperty('tags');
    });

    test('an ARN of another region or account, or of an unknown id, is not found; a malformed one is invalid', async () => {
      const westArn = arn('dxcon', 'dxcon-hosx0001', 'eu-west-1');
      await expect(client().send(new TagResourceCommand({ resourceArn: westArn, tags: [{ key: 'k', value: 'v' }] })))
        .rejects.toMatchObject({ name: 'DirectConnectClientException', message: `Resource ${westArn} not found`, $metadata: { httpStatusCode: 400 } });
      // The same ARN is fine in its own region, and tags there stay there.
      const west = new DirectConnectClient({ region: 'eu-west-1', maxAttempts: 1 });
      await west.send(new TagResourceCommand({ resourceArn: westArn, tags: [{ key: 'k', value: 'v' }] }));
      expect(dx().tagsOf('dxcon-hosx0001', 'eu-west-1')).toEqual({ k: 'v' });
      expect(dx().tagsOf('dxcon-hosx0001')).toEqual({});

      const otherAccount = 'arn:aws:directconnect:us-east-1:210987654321:dxcon/dxcon-hosx0001';
      await expect(client().send(new DescribeTagsCommand({ resourceArns: [otherAccount] })))
        .rejects.toMatchObject({ name: 'DirectConnectClientException', message: `Resource ${otherAccount} not found` });
      const unknown = arn('dxvif', 'dxvif-zzzzzzzz');
      await expect(client().send(new UntagResourceCommand({ resourceArn: unknown, tagKeys: ['k'] })))
        .rejects.toMatchObject({ name: 'DirectConnectClientException', message: `Resource ${unknown} not found` });
      // A connection id under dxvif/ names nothing either.
      await expect(client().send(new TagResourceCommand({ resourceArn: arn('dxvif', 'dxcon-hosx0001'), tags: [{ key: 'k' }] })))
        .rejects.toMatchObject({ message: expect.stringMatching(/^Resource .* not found$/) });
      await expect(client().send(new TagResourceCommand({ resourceArn: 'dxcon-hosx0001', tags: [{ key: 'k' }] })))
        .rejects.toMatchObject({ name: 'DirectConnectClientException', message: 'Invalid ARN: dxcon-hosx0001' });
      expect(dx().tagsOf('dxcon-hosx0001')).toEqual({});
    });

    test('any partition is accepted, and LAGs can be tagged too', async () => {
      const cn = new DirectConnectClient({ region: 'cn-north-1', maxAttempts: 1 });
      await cn.send(new TagResourceCommand({ resourceArn: arn('dxvif', 'dxvif-pvtx0001', 'cn-north-1', 'aws-cn'), tags: [{ key: 'p', value: 'cn' }] }));
      expect(dx().tagsOf('dxvif-pvtx0001', 'cn-north-1')).toEqual({ p: 'cn' });
      const gov = new DirectConnectClient({ region: 'us-gov-west-1', maxAttempts: 1 });
      await gov.send(new TagResourceCommand({ resourceArn: arn('dxcon', 'dxcon-hosx0001', 'us-gov-west-1', 'aws-us-gov'), tags: [{ key: 'p', value: 'gov' }] }));
      expect(dx().tagsOf('dxcon-hosx0001', 'us-gov-west-1')).toEqual({ p: 'gov' });

      await client().send(new TagResourceCommand({ resourceArn: arn('dxlag', 'dxlag-lagx0001'), tags: [{ key: 'lag', value: 'a' }] }));
      const lags = await client().send(new DescribeLagsCommand({ lagId: 'dxlag-lagx0001' }));
      expect(lags.lags?.[0].tags).toEqual([{ key: 'lag', value: 'a' }]);
      expect(dx().tagsOf('dxlag-lagx0001')).toEqual({ lag: 'a' });
    });

    test('a key starting with aws: is refused, and nothing of that request is applied', async () => {
      await expect(client().send(new TagResourceCommand({ resourceArn: VIF, tags: [{ key: 'fine', value: '1' }, { key: 'aws:cloudformation:stack-name', value: 'x' }] })))
        .rejects.toMatchObject({
          name: 'DirectConnectClientException',
          message: "Tag key aws:cloudformation:stack-name is not allowed: keys starting with 'aws:' are reserved for AWS use",
          $metadata: { httpStatusCode: 400 },
        });
      expect(dx().tagsOf('dxvif-pvtx0001')).toEqual({});
    });

    test('the model limits keys and values, and a key twice in one request is refused', async () => {
      await expect(client().send(new TagResourceCommand({ resourceArn: VIF, tags: [{ key: 'k'.repeat(129), value: 'v' }] })))
        .rejects.toMatchObject({ name: 'DirectConnectClientException', message: expect.stringContaining('Member must have length less than or equal to 128') });
      await expect(client().send(new TagResourceCommand({ resourceArn: VIF, tags: [{ key: 'k', value: 'v'.repeat(257) }] })))
        .rejects.toMatchObject({ name: 'DirectConnectClientException', message: expect.stringContaining('Member must have length less than or equal to 256') });
      await client().send(new TagResourceCommand({ resourceArn: VIF, tags: [{ key: 'k'.repeat(128), value: 'v'.repeat(256) }] }));
      await expect(client().send(new TagResourceCommand({ resourceArn: VIF, tags: [{ key: 'dup', value: '1' }, { key: 'dup', value: '2' }] })))
        .rejects.toMatchObject({ name: 'DuplicateTagKeysException', message: 'Tag key dup was specified more than once', $metadata: { httpStatusCode: 400 } });
      expect(dx().tagsOf('dxvif-pvtx0001')).toEqual({ ['k'.repeat(128)]: 'v'.repeat(256) });
    });

    test('50 tags are allowed; the 51st is refused with TooManyTagsException, counting keys already there', async () => {
      const tags = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ({ key: `key-${from + i}`, value: `${from + i}` }));
      await client().send(new TagResourceCommand({ resourceArn: HOSTED, tags: tags(0, 40) }));
      await client().send(new TagResourceCommand({ resourceArn: HOSTED, tags: tags(30, 50) }));
      expect(Object.keys(dx().tagsOf('dxcon-hosx0001'))).toHaveLength(50);
      // Overwriting at the limit is still fine.
      await client().send(new TagResourceCommand({ resourceArn: HOSTED, tags: [{ key: 'key-0', value: 'changed' }] }));
      expect(dx().tagsOf('dxcon-hosx0001')['key-0']).toBe('changed');
      await expect(client().send(new TagResourceCommand({ resourceArn: HOSTED, tags: [{ key: 'key-50', value: '50' }] })))
        .rejects.toMatchObject({
          name: 'TooManyTagsException',
          message: `Resource ${HOSTED} would have 51 tags; a resource can have at most 50 tags`,
          $metadata: { httpStatusCode: 400 },
        });
      expect(Object.keys(dx().tagsOf('dxcon-hosx0001'))).toHaveLength(50);
      expect(dx().tagsOf('dxcon-hosx0001')).not.toHaveProperty('key-50');
    });

    test('a reset clears every tag', async () => {
      await client().send(new TagResourceCommand({ resourceArn: VIF, tags: [{ key: 'env', value: 'prod' }] }));
      expect(dx().tagsOf('dxvif-pvtx0001')).toEqual({ env: 'prod' });
      emulator().reset();
      expect(dx().tagsOf('dxvif-pvtx0001')).toEqual({});
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
