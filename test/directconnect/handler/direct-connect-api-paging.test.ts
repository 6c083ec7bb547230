import * as http from 'http';
import type { AddressInfo } from 'net';
import { DirectConnectClient } from '@aws-sdk/client-direct-connect';
import { DirectConnectApi } from '../../../src/directconnect/handler/direct-connect-api';

// The paging of DirectConnectApi's Describe listings (through the kit's pager, runtime/pages.ts), with the
// real Direct Connect client against a local server that misbehaves as the emulator (which pages as AWS
// does) never does: a next token it has already sent, and a 200 without the list.

let server: http.Server;
let requests: Array<Record<string, unknown>>;
let answer: (body: Record<string, unknown>) => unknown;
let api: DirectConnectApi;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const body = JSON.parse(raw || '{}');
      requests.push(body);
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify(answer(body)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = new DirectConnectApi(new DirectConnectClient({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    credentials: { accessKeyId: 'AKIDPAGING0000000000', secretAccessKey: 'x' },
    maxAttempts: 1,
  }));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  requests = [];
});

test('a listing stops at a repeated nextToken, with each page\'s items once', async () => {
  answer = () => ({
    connections: [{ connectionId: `dxcon-hosx000${requests.length}`, connectionState: 'available' }],
    nextToken: 'the-same-token',
  });

  const hosted = await api.listHostedConnections('dxcon-icx00004');

  expect(requests.map((r) => [r.connectionId, r.nextToken])).toEqual([
    ['dxcon-icx00004', undefined],
    ['dxcon-icx00004', 'the-same-token'],
  ]);
  expect(hosted?.map((c) => c.connectionId)).toEqual(['dxcon-hosx0001', 'dxcon-hosx0002']);
});

test('a 200 without the list is a DeserializationError, not an empty listing', async () => {
  answer = () => ({});
  await expect(api.listHostedConnections('dxcon-icx00004')).rejects.toMatchObject({ name: 'DeserializationError' });
  expect(requests).toHaveLength(1);
});
