import * as http from 'http';
import type { AddressInfo } from 'net';
import { DescribeConnectionsCommand, DirectConnectClient } from '@aws-sdk/client-direct-connect';
import { defaultProvider } from '../../src/runtime/lambda-credential-provider';

// The handler bundle's SDK clients get this provider in place of @aws-sdk/credential-provider-node's
// default chain (scripts/bundle-handler.js). A real client, built as the bundle builds it, against a local
// server that records what it receives.

const KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE'];
const saved: Record<string, string | undefined> = {};
let server: http.Server;
let received: http.IncomingHttpHeaders[];
let url: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    received.push(req.headers);
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end('{"connections":[]}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  received = [];
  for (const key of KEYS) {
    saved[key] = process.env[key];
    delete process.env[key];
  }
});
afterEach(() => {
  for (const key of KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

function client(): DirectConnectClient {
  return new DirectConnectClient({ region: 'us-east-1', endpoint: url, maxAttempts: 1, credentialDefaultProvider: defaultProvider as any });
}

test('signs with the function\'s credentials from the environment, session token included', async () => {
  process.env.AWS_ACCESS_KEY_ID = 'ASIAFROMLAMBDAENV000';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret-from-env';
  process.env.AWS_SESSION_TOKEN = 'session-token-from-env';

  const answer = await client().send(new DescribeConnectionsCommand({}));

  expect(answer.connections).toEqual([]);
  expect(received).toHaveLength(1);
  expect(String(received[0].authorization)).toMatch(/^AWS4-HMAC-SHA256 Credential=ASIAFROMLAMBDAENV000\/\d{8}\/us-east-1\/directconnect\/aws4_request/);
  expect(received[0]['x-amz-security-token']).toBe('session-token-from-env');
});

test('reads the environment at each client\'s first call, not when the bundle loads', async () => {
  const provider = defaultProvider();
  process.env.AWS_ACCESS_KEY_ID = 'AKIDSETLATER00000000';
  process.env.AWS_SECRET_ACCESS_KEY = 'later';
  await expect(provider()).resolves.toMatchObject({ accessKeyId: 'AKIDSETLATER00000000', secretAccessKey: 'later' });
});

test('without credentials in the environment, fails before any call, saying which variables Lambda sets', async () => {
  // A profile is no way in: the bundle has no ini-file, SSO or instance-metadata links.
  process.env.AWS_PROFILE = 'somebody';
  process.env.AWS_ACCESS_KEY_ID = 'AKIDWITHOUTSECRET000';

  const error = await client().send(new DescribeConnectionsCommand({})).then(() => undefined, (e: Error) => e);

  expect(error?.name).toBe('CredentialsProviderError');
  expect(error?.message).toBe('The handler found no AWS credentials in its environment (AWS_ACCESS_KEY_ID and ' +
    'AWS_SECRET_ACCESS_KEY, which Lambda sets from the function\'s execution role). Run it as a Lambda function, ' +
    'or set those variables to run it elsewhere.');
  expect(received).toHaveLength(0);
});
