import * as http from 'http';
import type { AddressInfo } from 'net';
import { NetworkManagerClient } from '@aws-sdk/client-networkmanager';
import { NetworkManagerApi } from '../../../src/networkmanager/handler/network-manager-api';

// The paging of NetworkManagerApi's listings, with the real Network Manager client against a local server
// whose pages name a next token the client has already sent: a misbehaving service or proxy the emulator
// (which pages as AWS does) never plays.

let server: http.Server;
let requests: URL[];
let answer: (url: URL) => unknown;
let api: NetworkManagerApi;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push(url);
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer(url)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api = new NetworkManagerApi('us-west-2', new NetworkManagerClient({
    region: 'us-west-2',
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    credentials: { accessKeyId: 'AKIDPAGING0000000000', secretAccessKey: 'x' },
    maxAttempts: 1,
  }));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  requests = [];
});

const GLOBAL_NETWORK = 'global-network-0a1b2c3d4e5f60718';
const LINK = 'link-0123456789abcdef0';

test('linkAssociations stops at a repeated NextToken, with each page\'s associations once', async () => {
  answer = () => ({
    LinkAssociations: [{ GlobalNetworkId: GLOBAL_NETWORK, LinkId: LINK, DeviceId: `device-0000000000000000${requests.length}`, LinkAssociationState: 'AVAILABLE' }],
    NextToken: 'the-same-token',
  });

  const associations = await api.linkAssociations(GLOBAL_NETWORK, LINK);

  expect(requests.map((u) => [u.pathname, u.searchParams.get('linkId'), u.searchParams.get('nextToken')])).toEqual([
    [`/global-networks/${GLOBAL_NETWORK}/link-associations`, LINK, null],
    [`/global-networks/${GLOBAL_NETWORK}/link-associations`, LINK, 'the-same-token'],
  ]);
  expect(associations.map((a) => a.DeviceId)).toEqual(['device-00000000000000001', 'device-00000000000000002']);
});

test('linkAssociations reads every page while the tokens are new', async () => {
  answer = () => ({
    LinkAssociations: [{ GlobalNetworkId: GLOBAL_NETWORK, LinkId: LINK, DeviceId: `device-0000000000000000${requests.length}` }],
    ...(requests.length < 3 ? { NextToken: `token-${requests.length}` } : {}),
  });
  const associations = await api.linkAssociations(GLOBAL_NETWORK, LINK);
  expect(requests.map((u) => u.searchParams.get('nextToken'))).toEqual([null, 'token-1', 'token-2']);
  expect(associations).toHaveLength(3);
});

test('find stops at a repeated NextToken and reports no association', async () => {
  answer = () => ({ ConnectPeerAssociations: [], NextToken: 'again' });
  await expect(api.find(GLOBAL_NETWORK, 'connect-peer-0123456789abcdef0')).resolves.toBeUndefined();
  expect(requests.map((u) => [u.pathname, u.searchParams.get('nextToken')])).toEqual([
    [`/global-networks/${GLOBAL_NETWORK}/connect-peer-associations`, null],
    [`/global-networks/${GLOBAL_NETWORK}/connect-peer-associations`, 'again'],
  ]);
});
