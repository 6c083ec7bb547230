import { execFile } from 'child_process';
import { promisify } from 'util';
import {
  AssociateHostedConnectionCommand, AssociateVirtualInterfaceCommand, ConfirmPrivateVirtualInterfaceCommand, ConfirmPublicVirtualInterfaceCommand,
  DescribeConnectionsCommand, DescribeHostedConnectionsCommand, DescribeLagsCommand, DescribeTagsCommand, DescribeVirtualInterfacesCommand,
  DirectConnectClient, TagResourceCommand, UntagResourceCommand,
} from '@aws-sdk/client-direct-connect';
import type { DirectConnectService } from '../../../local/emulator/services/directconnect';
import {
  DX_CONNECTIONS, DX_CUSTOMER_ACCOUNT, DX_FIXTURE_AUTH_KEYS, DX_INTERCONNECTS, DX_LAGS, DX_OTHER_CUSTOMER_ACCOUNT, DX_PARTNER_ACCOUNT,
  DX_VIRTUAL_INTERFACES,
} from '../../../local/emulator/services/directconnect-fixture';
import { awsRequest, emulatorControl, useEmulator } from '../../helpers/emulator';

const run = promisify(execFile);
const emulator = useEmulator({ timings: { 'directconnect.move': 100 } });
/** A client of the default account (the partner), or of the given 12-digit account. */
const client = (account?: string) => new DirectConnectClient({
  maxAttempts: 1, ...(account ? { credentials: { accessKeyId: account, secretAccessKey: 'emulator-secret-access-key' } } : {}),
});
const customer = () => client(DX_CUSTOMER_ACCOUNT);
const control = (action: string, body: unknown) => emulatorControl(emulator().url, 'POST', `directconnect/${action}`, body);
const dx = () => emulator().service<DirectConnectService>('directconnect');
const arn = (type: 'dxcon' | 'dxvif' | 'dxlag', id: string, region = 'us-east-1', partition = 'aws', account = DX_PARTNER_ACCOUNT) =>
  `arn:${partition}:directconnect:${region}:${account}:${type}/${id}`;
const customerArn = (type: 'dxcon' | 'dxvif' | 'dxlag', id: string, region = 'us-east-1', partition = 'aws') => arn(type, id, region, partition, DX_CUSTOMER_ACCOUNT);

/** The real AWS CLI, as a person would run it, with the given access key id (a 12-digit one acts as that account). */
async function cliAs(accessKeyId: string, ...args: string[]): Promise<any> {
  const { stdout } = await run('aws', ['--endpoint-url', emulator().url, '--region', 'us-east-1', '--output', 'json', 'directconnect', ...args], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: 'emulator-secret-access-key',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
  });
  return stdout.trim() ? JSON.parse(stdout) : {};
}
const cli = (...args: string[]) => cliAs('AKIAEMULATOR00000000', ...args);

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
      // The customer owns the hosted connection: its own DescribeConnections shows it.
      expect((await cliAs(DX_CUSTOMER_ACCOUNT, 'describe-connections', '--connection-id', 'dxcon-hosx0001')).connections[0])
        .toMatchObject({ vlan: 101, connectionState: 'available', ownerAccount: DX_CUSTOMER_ACCOUNT });
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
      expect(missing.json).toMatchObject({ __type: 'DirectConnectClientException', message: 'Could not find Connection with ID dxcon-zzzzzzzz' });
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
      // Terraform's finder reads an empty list as "not found" and matches no error for this call.
      expect((await client().send(new DescribeVirtualInterfacesCommand({ virtualInterfaceId: 'dxvif-zzzzzzzz' }))).virtualInterfaces).toEqual([]);
      await expect(client().send(new DescribeHostedConnectionsCommand({ connectionId: 'dxlag-zzzzzzzz' })))
        .rejects.toMatchObject({ name: 'DirectConnectClientException', message: `${DX_PARTNER_ACCOUNT} DescribeHostedConnections failed for connection dxlag-zzzzzzzz doesn't exist.` });
      await expect(client().send(new DescribeLagsCommand({ lagId: 'dxlag-zzzzzzzz' })))
        .rejects.toMatchObject({ name: 'DirectConnectClientException', message: 'Could not find Lag with ID dxlag-zzzzzzzz' });
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
      await expect(customer().send(new AssociateVirtualInterfaceCommand({ virtualInterfaceId: 'dxvif-hstx0001', connectionId: 'dxlag-lagx0005' })))
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
    const HOSTED = customerArn('dxcon', 'dxcon-hosx0001');
    const VIF = arn('dxvif', 'dxvif-pvtx0001');

    test('a hosted connection and a virtual interface are tagged by their owners, and DescribeTags reads the tags back in order', async () => {
      expect(await customer().send(new TagResourceCommand({ resourceArn: HOSTED, tags: [{ key: 'team', value: 'net' }, { key: 'cost-centre', value: '42' }] })))
        .toMatchObject({ $metadata: { httpStatusCode: 200 } });
      await client().send(new TagResourceCommand({ resourceArn: VIF, tags: [{ key: 'env', value: 'prod' }, { key: 'flag' }] }));
      const out = await customer().send(new DescribeTagsCommand({ resourceArns: [HOSTED, customerArn('dxcon', 'dxcon-hosx0002')] }));
      expect(out.resourceTags).toEqual([
        { resourceArn: HOSTED, tags: [{ key: 'team', value: 'net' }, { key: 'cost-centre', value: '42' }] },
        { resourceArn: customerArn('dxcon', 'dxcon-hosx0002'), tags: [] },
      ]);
      expect((await client().send(new DescribeTagsCommand({ resourceArns: [VIF] }))).resourceTags)
        .toEqual([{ resourceArn: VIF, tags: [{ key: 'env', value: 'prod' }, { key: 'flag' }] }]);
      expect(dx().tagsOf('dxcon-hosx0001')).toEqual({ 'team': 'net', 'cost-centre': '42' });
      expect(dx().tagsOf('dxvif-pvtx0001')).toEqual({ env: 'prod', flag: '' });
    });

    test('tags are the owner\'s alone: the partner may neither write nor read its customer\'s, and its views leave them out', async () => {
      await customer().send(new TagResourceCommand({ resourceArn: HOSTED, tags: [{ key: 'team', value: 'net' }] }));
      // With the owner's account in the ARN, or with its own: refused either way (wording assumed, see the provenance table).
      for (const resourceArn of [HOSTED, arn('dxcon', 'dxcon-hosx0001')]) {
        await expect(client().send(new TagResourceCommand({ resourceArn, tags: [{ key: 'partner', value: 'x' }] })))
          .rejects.toMatchObject({ name: 'DirectConnectClientException', message: `Resource ${resourceArn} not found`, $metadata: { httpStatusCode: 400 } });
        await expect(client().send(new DescribeTagsCommand({ resourceArns: [resourceArn] })))
          .rejects.toMatchObject({ name: 'DirectConnectClientException' });
      }
      expect(dx().tagsOf('dxcon-hosx0001')).toEqual({ team: 'net' });
      // Terraform's hosted_connection.go: "conn.Tags seems to always come back empty and DescribeTags needs to be
      // called from the owner account".
      const hosted = await client().send(new DescribeHostedConnectionsCommand({ connectionId: 'dxcon-icx00004' }));
      expect(hosted.connections?.find((c) => c.connectionId === 'dxcon-hosx0001')).not.toHaveProperty('tags');
      expect(hosted.connections?.find((c) => c.connectionId === 'dxcon-hosx0001')?.ownerAccount).toBe(DX_CUSTOMER_ACCOUNT);
    });

    test('the Describe views carry tags only when the resource has some', async () => {
      await customer().send(new TagResourceCommand({ resourceArn: HOSTED, tags: [{ key: 'team', value: 'net' }] }));
      await client().send(new TagResourceCommand({ resourceArn: VIF, tags: [{ key: 'env', value: 'prod' }] }));
      const connections = (await customer().send(new DescribeConnectionsCommand({}))).connections ?? [];
      expect(connections.find((c) => c.connectionId === 'dxcon-hosx0001')?.tags).toEqual([{ key: 'team', value: 'net' }]);
      expect(connections.find((c) => c.connectionId === 'dxcon-hosx0002')).not.toHaveProperty('tags');
      const vifs = (await client().send(new DescribeVirtualInterfacesCommand({}))).virtualInterfaces ?? [];
      expect(vifs.find((v) => v.virtualInterfaceId === 'dxvif-pvtx0001')?.tags).toEqual([{ key: 'env', value: 'prod' }]);
      expect(vifs.find((v) => v.virtualInterfaceId === 'dxvif-pubx0001')).not.toHaveProperty('tags');
      // The tags go with the interface when it moves.
      const moved = await client().send(new AssociateVirtualInterfaceCommand({ virtualInterfaceId: 'dxvif-pvtx0001', connectionId: 'dxcon-dedx0002' }));
      expect(moved.tags).toEqual([{ key: 'env', value: 'prod' }]);
    });

    test('TagResource overwrites the value of a key it already has; UntagResource removes keys and ignores unknown ones', async () => {
      await customer().send(new TagResourceCommand({ resourceArn: HOSTED, tags: [{ key: 'team', value: 'net' }, { key: 'env', value: 'dev' }] }));
      await customer().send(new TagResourceCommand({ resourceArn: HOSTED, tags: [{ key: 'team', value: 'platform' }, { key: 'owner', value: 'ops' }] }));
      expect(dx().tagsOf('dxcon-hosx0001')).toEqual({ team: 'platform', env: 'dev', owner: 'ops' });
      expect((await customer().send(new DescribeTagsCommand({ resourceArns: [HOSTED] }))).resourceTags?.[0].tags)
        .toEqual([{ key: 'team', value: 'platform' }, { key: 'env', value: 'dev' }, { key: 'owner', value: 'ops' }]);
      await customer().send(new UntagResourceCommand({ resourceArn: HOSTED, tagKeys: ['env', 'never-set'] }));
      expect(dx().tagsOf('dxcon-hosx0001')).toEqual({ team: 'platform', owner: 'ops' });
      await customer().send(new UntagResourceCommand({ resourceArn: HOSTED, tagKeys: ['team', 'owner'] }));
      expect(dx().tagsOf('dxcon-hosx0001')).toEqual({});
      const after = await customer().send(new DescribeConnectionsCommand({ connectionId: 'dxcon-hosx0001' }));
      expect(after.connections?.[0]).not.toHaveProperty('tags');
    });

    test('an ARN of another region or account, or of an unknown id, is not found; a malformed one is invalid', async () => {
      const westArn = customerArn('dxcon', 'dxcon-hosx0001', 'eu-west-1');
      await expect(customer().send(new TagResourceCommand({ resourceArn: westArn, tags: [{ key: 'k', value: 'v' }] })))
        .rejects.toMatchObject({ name: 'DirectConnectClientException', message: `Resource ${westArn} not found`, $metadata: { httpStatusCode: 400 } });
      // The same ARN is fine in its own region, and tags there stay there.
      const west = new DirectConnectClient({ region: 'eu-west-1', maxAttempts: 1, credentials: { accessKeyId: DX_CUSTOMER_ACCOUNT, secretAccessKey: 'x' } });
      await west.send(new TagResourceCommand({ resourceArn: westArn, tags: [{ key: 'k', value: 'v' }] }));
      expect(dx().tagsOf('dxcon-hosx0001', 'eu-west-1')).toEqual({ k: 'v' });
      expect(dx().tagsOf('dxcon-hosx0001')).toEqual({});

      const otherAccount = 'arn:aws:directconnect:us-east-1:210987654321:dxcon/dxcon-hosx0001';
      await expect(customer().send(new DescribeTagsCommand({ resourceArns: [otherAccount] })))
        .rejects.toMatchObject({ name: 'DirectConnectClientException', message: `Resource ${otherAccount} not found` });
      const unknown = arn('dxvif', 'dxvif-zzzzzzzz');
      await expect(client().send(new UntagResourceCommand({ resourceArn: unknown, tagKeys: ['k'] })))
        .rejects.toMatchObject({ name: 'DirectConnectClientException', message: `Resource ${unknown} not found` });
      // A connection id under dxvif/ names nothing either.
      await expect(customer().send(new TagResourceCommand({ resourceArn: customerArn('dxvif', 'dxcon-hosx0001'), tags: [{ key: 'k' }] })))
        .rejects.toMatchObject({ message: expect.stringMatching(/^Resource .* not found$/) });
      await expect(client().send(new TagResourceCommand({ resourceArn: 'dxcon-hosx0001', tags: [{ key: 'k' }] })))
        .rejects.toMatchObject({ name: 'DirectConnectClientException', message: 'Invalid ARN: dxcon-hosx0001' });
      expect(dx().tagsOf('dxcon-hosx0001')).toEqual({});
    });

    test('any partition is accepted, and LAGs and interconnects can be tagged too', async () => {
      const cn = new DirectConnectClient({ region: 'cn-north-1', maxAttempts: 1 });
      await cn.send(new TagResourceCommand({ resourceArn: arn('dxvif', 'dxvif-pvtx0001', 'cn-north-1', 'aws-cn'), tags: [{ key: 'p', value: 'cn' }] }));
      expect(dx().tagsOf('dxvif-pvtx0001', 'cn-north-1')).toEqual({ p: 'cn' });
      const gov = new DirectConnectClient({ region: 'us-gov-west-1', maxAttempts: 1, credentials: { accessKeyId: DX_CUSTOMER_ACCOUNT, secretAccessKey: 'x' } });
      await gov.send(new TagResourceCommand({ resourceArn: customerArn('dxcon', 'dxcon-hosx0001', 'us-gov-west-1', 'aws-us-gov'), tags: [{ key: 'p', value: 'gov' }] }));
      expect(dx().tagsOf('dxcon-hosx0001', 'us-gov-west-1')).toEqual({ p: 'gov' });

      await client().send(new TagResourceCommand({ resourceArn: arn('dxlag', 'dxlag-lagx0001'), tags: [{ key: 'lag', value: 'a' }] }));
      const lags = await client().send(new DescribeLagsCommand({ lagId: 'dxlag-lagx0001' }));
      expect(lags.lags?.[0].tags).toEqual([{ key: 'lag', value: 'a' }]);
      expect(dx().tagsOf('dxlag-lagx0001')).toEqual({ lag: 'a' });
      await client().send(new TagResourceCommand({ resourceArn: arn('dxcon', 'dxcon-icx00001'), tags: [{ key: 'icx', value: '1' }] }));
      expect(dx().tagsOf('dxcon-icx00001')).toEqual({ icx: '1' });
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
      await customer().send(new TagResourceCommand({ resourceArn: HOSTED, tags: tags(0, 40) }));
      await customer().send(new TagResourceCommand({ resourceArn: HOSTED, tags: tags(30, 50) }));
      expect(Object.keys(dx().tagsOf('dxcon-hosx0001'))).toHaveLength(50);
      // Overwriting at the limit is still fine.
      await customer().send(new TagResourceCommand({ resourceArn: HOSTED, tags: [{ key: 'key-0', value: 'changed' }] }));
      expect(dx().tagsOf('dxcon-hosx0001')['key-0']).toBe('changed');
      await expect(customer().send(new TagResourceCommand({ resourceArn: HOSTED, tags: [{ key: 'key-50', value: '50' }] })))
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

  describe('accounts: each caller sees and may change what its account owns', () => {
    test('the real AWS CLI, as the partner and then as the customer, sees each account\'s own view of every seeded resource', async () => {
      const ids = (list: any[], key: string) => list.map((x) => x[key]).sort();
      const byOwner = <T extends { ownerAccount: string }>(list: readonly T[], owner: string) => list.filter((x) => x.ownerAccount === owner);

      // The partner: its interconnects and LAGs, every hosted connection on them (whoever owns it), its own
      // dedicated connections, and the interfaces it owns or that are on its connections.
      const partner = (...args: string[]) => cliAs(DX_PARTNER_ACCOUNT, ...args);
      expect(ids((await partner('describe-interconnects')).interconnects, 'interconnectId')).toEqual(ids([...DX_INTERCONNECTS], 'interconnectId'));
      expect(ids((await partner('describe-lags')).lags, 'lagId')).toEqual(ids(byOwner(DX_LAGS, DX_PARTNER_ACCOUNT), 'lagId'));
      const hosted: any[] = [];
      for (const parent of [...DX_INTERCONNECTS.map((i) => i.interconnectId), 'dxlag-lagx0001', 'dxlag-lagx0003']) {
        hosted.push(...(await partner('describe-hosted-connections', '--connection-id', parent)).connections);
      }
      expect(ids(hosted, 'connectionId')).toEqual(ids(DX_CONNECTIONS.filter((c) => c.parentId), 'connectionId'));
      expect(new Set(hosted.map((c) => c.ownerAccount))).toEqual(new Set([DX_CUSTOMER_ACCOUNT, DX_OTHER_CUSTOMER_ACCOUNT]));
      expect(ids((await partner('describe-connections')).connections, 'connectionId')).toEqual(ids(byOwner(DX_CONNECTIONS, DX_PARTNER_ACCOUNT), 'connectionId'));
      const partnerVifs = (await partner('describe-virtual-interfaces')).virtualInterfaces;
      expect(ids(partnerVifs, 'virtualInterfaceId')).toEqual(
        ids([...byOwner(DX_VIRTUAL_INTERFACES, DX_PARTNER_ACCOUNT), DX_VIRTUAL_INTERFACES.find((v) => v.virtualInterfaceId === 'dxvif-hpvx0001')!], 'virtualInterfaceId'));
      expect(partnerVifs.find((v: any) => v.virtualInterfaceId === 'dxvif-hpvx0001').ownerAccount).toBe(DX_CUSTOMER_ACCOUNT);
      await partner('tag-resource', '--resource-arn', arn('dxcon', 'dxcon-icx00001'), '--tags', 'key=site,value=eqdc2');
      expect((await partner('describe-tags', '--resource-arns', arn('dxcon', 'dxcon-icx00001'))).resourceTags[0].tags).toEqual([{ key: 'site', value: 'eqdc2' }]);

      // The customer: no interconnects, its own LAG, its hosted connections, the interfaces it owns.
      const cust = (...args: string[]) => cliAs(DX_CUSTOMER_ACCOUNT, ...args);
      expect((await cust('describe-interconnects')).interconnects).toEqual([]);
      expect(ids((await cust('describe-lags')).lags, 'lagId')).toEqual(['dxlag-lagx0005']);
      expect(ids((await cust('describe-connections')).connections, 'connectionId')).toEqual(ids(byOwner(DX_CONNECTIONS, DX_CUSTOMER_ACCOUNT), 'connectionId'));
      expect(ids((await cust('describe-virtual-interfaces')).virtualInterfaces, 'virtualInterfaceId'))
        .toEqual(ids(byOwner(DX_VIRTUAL_INTERFACES, DX_CUSTOMER_ACCOUNT), 'virtualInterfaceId'));
      await expect(cust('describe-hosted-connections', '--connection-id', 'dxcon-icx00004'))
        .rejects.toThrow(`${DX_CUSTOMER_ACCOUNT} DescribeHostedConnections failed for connection dxcon-icx00004 doesn't exist.`);
      await cust('tag-resource', '--resource-arn', customerArn('dxcon', 'dxcon-hosx0001'), '--tags', 'key=team,value=net');
      expect((await cust('describe-tags', '--resource-arns', customerArn('dxcon', 'dxcon-hosx0001'))).resourceTags[0].tags).toEqual([{ key: 'team', value: 'net' }]);
      await expect(cust('describe-tags', '--resource-arns', arn('dxcon', 'dxcon-icx00001'))).rejects.toThrow('not found');

      // The other customer sees its own hosted connections only.
      expect(ids((await cliAs(DX_OTHER_CUSTOMER_ACCOUNT, 'describe-connections')).connections, 'connectionId'))
        .toEqual(ids(byOwner(DX_CONNECTIONS, DX_OTHER_CUSTOMER_ACCOUNT), 'connectionId'));
    }, 180_000);

    test('AssociateHostedConnection is for the partner that owns the interconnects and LAGs', async () => {
      await expect(customer().send(new AssociateHostedConnectionCommand({ connectionId: 'dxcon-hosx0001', parentConnectionId: 'dxlag-lagx0003' })))
        .rejects.toMatchObject({ name: 'DirectConnectClientException', message: `Account ${DX_CUSTOMER_ACCOUNT} is not an authorized Direct Connect partner in us-east-1.` });
      // Another partner cannot move this partner's customers, nor onto this partner's LAG.
      const rival = client('999988887777');
      await expect(rival.send(new AssociateHostedConnectionCommand({ connectionId: 'dxcon-hosx0001', parentConnectionId: 'dxlag-lagx0003' })))
        .rejects.toMatchObject({ message: 'Account 999988887777 is not an authorized Direct Connect partner in us-east-1.' });
      await expect(client().send(new AssociateHostedConnectionCommand({ connectionId: 'dxcon-hosx0001', parentConnectionId: 'dxlag-lagx0005' })))
        .rejects.toMatchObject({ message: 'Could not find Lag with ID dxlag-lagx0005' });
      await expect(client().send(new AssociateHostedConnectionCommand({ connectionId: 'dxcon-hosx0001', parentConnectionId: 'dxcon-dedx0001' })))
        .rejects.toMatchObject({ message: 'dxcon-dedx0001 is not an interconnect or a LAG' });
      expect(dx().parentOf('dxcon-hosx0001')).toBe('dxcon-icx00004');
      // The partner, between its own: allowed, though its customer owns the connection.
      await client().send(new AssociateHostedConnectionCommand({ connectionId: 'dxcon-hosx0001', parentConnectionId: 'dxlag-lagx0003' }));
      expect(dx().parentOf('dxcon-hosx0001')).toBe('dxlag-lagx0003');
    });

    test('AssociateVirtualInterface: the requester owns the interface or its connection, and owns the target', async () => {
      // The customer owns dxvif-hpvx0001 but not the partner's connections it could go to.
      await expect(customer().send(new AssociateVirtualInterfaceCommand({ virtualInterfaceId: 'dxvif-hpvx0001', connectionId: 'dxcon-dedx0002' })))
        .rejects.toMatchObject({ message: 'Could not find Connection with ID dxcon-dedx0002' });
      // The customer neither owns the partner's interface nor the connection it is on.
      await expect(customer().send(new AssociateVirtualInterfaceCommand({ virtualInterfaceId: 'dxvif-pvtx0001', connectionId: 'dxcon-hosx0006' })))
        .rejects.toMatchObject({ message: 'Virtual interface dxvif-pvtx0001 does not exist' });
      // The partner owns the connection the customer's interface is on, and the target: allowed.
      const moved = await client().send(new AssociateVirtualInterfaceCommand({ virtualInterfaceId: 'dxvif-hpvx0001', connectionId: 'dxcon-dedx0002' }));
      expect(moved).toMatchObject({ ownerAccount: DX_CUSTOMER_ACCOUNT, connectionId: 'dxcon-dedx0002', virtualInterfaceState: 'confirming' });
    });

    test('an interface moved onto another account\'s connection stays confirming until its owner confirms it', async () => {
      emulator().clock.freeze();
      await client().send(new AssociateVirtualInterfaceCommand({ virtualInterfaceId: 'dxvif-hpvx0001', connectionId: 'dxcon-dedx0002' }));
      emulator().clock.advance(3_600_000);
      expect(dx().virtualInterfaceStateOf('dxvif-hpvx0001')).toBe('confirming');
      // Only the owner may confirm, with the call for its type.
      await expect(client().send(new ConfirmPrivateVirtualInterfaceCommand({ virtualInterfaceId: 'dxvif-hpvx0001', virtualGatewayId: 'vgw-0e5f6071829304152' })))
        .rejects.toMatchObject({ message: 'Virtual interface dxvif-hpvx0001 does not exist' });
      await expect(customer().send(new ConfirmPublicVirtualInterfaceCommand({ virtualInterfaceId: 'dxvif-hpvx0001' })))
        .rejects.toMatchObject({ message: 'Virtual interface dxvif-hpvx0001 is not a public virtual interface' });
      const confirmed = await customer().send(new ConfirmPrivateVirtualInterfaceCommand({ virtualInterfaceId: 'dxvif-hpvx0001', virtualGatewayId: 'vgw-0e5f6071829304152' }));
      expect(confirmed.virtualInterfaceState).toBe('pending');
      emulator().clock.advance(100);
      expect(dx().virtualInterfaceStateOf('dxvif-hpvx0001')).toBe('available');
      await expect(customer().send(new ConfirmPrivateVirtualInterfaceCommand({ virtualInterfaceId: 'dxvif-hpvx0001' })))
        .rejects.toMatchObject({ message: 'Virtual interface dxvif-hpvx0001 is in state available, not confirming' });
      // Its own interface between its own connections needs no confirmation.
      const own = await client().send(new AssociateVirtualInterfaceCommand({ virtualInterfaceId: 'dxvif-pubx0001', connectionId: 'dxcon-dedx0002' }));
      expect(own.virtualInterfaceState).toBe('pending');
    });
  });

  describe('paging, controls and faults', () => {
    test('without maxResults everything comes back; with it, pages of the emulator page size and a nextToken', async () => {
      // The partner's own: its four dedicated connections (not its customers' hosted ones).
      expect((await client().send(new DescribeConnectionsCommand({}))).connections).toHaveLength(4);
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
      const before = await customer().send(new DescribeConnectionsCommand({ connectionId: 'dxcon-hosx0001' }));
      expect(before.connections?.[0].connectionState).toBe('available');
      emulator().clock.advance(50);
      const after = await customer().send(new DescribeConnectionsCommand({ connectionId: 'dxcon-hosx0001' }));
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
