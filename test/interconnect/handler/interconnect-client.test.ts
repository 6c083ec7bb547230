import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { StandardRetryStrategy } from '@smithy/util-retry';
import { createInterconnectClient, InterconnectApi } from '../../../src/interconnect/handler/interconnect-client';
import { AwsJsonRpcClient } from '../../../src/runtime/aws-json-rpc-client';
import { useEmulator } from '../../helpers/emulator';

interface Received {
  readonly target: string;
  readonly contentType: string;
  readonly authorization: string;
  readonly body: Record<string, unknown>;
}

/** A loopback stand-in for the service: records each call and answers from `answers` by operation. */
async function startService(answers: Record<string, { status?: number; body: unknown }>) {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target']);
      received.push({
        target,
        contentType: String(req.headers['content-type']),
        authorization: String(req.headers.authorization),
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      const answer = answers[target.replace(/^Interconnect\./, '')] ?? { body: {} };
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

const CONNECTION = {
  id: 'mcc-abcd1234',
  arn: 'arn:aws:interconnect:us-west-2:123456789012:connection/mcc-abcd1234',
  description: 'to-gcp',
  bandwidth: '1Gbps',
  attachPoint: { directConnectGateway: '5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9' },
  environmentId: 'gcp-us-west1',
  provider: { cloudServiceProvider: 'gcp' },
  location: 'us-west1',
  type: 'multicloud',
  state: 'requested',
  sharedId: '0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
  billingTier: 1,
  ownerAccount: '123456789012',
  activationKey: 'key-123',
};
const ENVIRONMENT = {
  provider: { cloudServiceProvider: 'gcp' },
  location: 'us-west1',
  environmentId: 'gcp-us-west1',
  state: 'available',
  bandwidths: { available: ['1Gbps'], supported: ['1Gbps', '10Gbps'] },
  type: 'multicloud',
};
const ANSWERS = {
  CreateConnection: { body: { connection: CONNECTION } },
  AcceptConnectionProposal: { body: { connection: CONNECTION } },
  GetConnection: { body: { connection: CONNECTION } },
  UpdateConnection: { body: { connection: { ...CONNECTION, state: 'updating' } } },
  DeleteConnection: { body: { connection: { ...CONNECTION, state: 'deleting' } } },
  ListConnections: { body: { connections: [CONNECTION], nextToken: 'n2' } },
  ListEnvironments: { body: { environments: [ENVIRONMENT] } },
  GetEnvironment: { body: { environment: ENVIRONMENT } },
  ListAttachPoints: { body: { attachPoints: [{ type: 'DirectConnectGateway', identifier: 'dxgw', name: 'main' }] } },
  DescribeConnectionProposal: { body: { bandwidth: '1Gbps', environmentId: 'gcp-us-west1', provider: { cloudServiceProvider: 'gcp' }, location: 'us-west1' } },
  ListTagsForResource: { body: { tags: { team: 'net' } } },
};

let service: Awaited<ReturnType<typeof startService>>;
let api: InterconnectApi;
const savedEndpoint = process.env.AWS_ENDPOINT_URL_INTERCONNECT;

beforeEach(async () => {
  service = await startService(ANSWERS);
  process.env.AWS_ENDPOINT_URL_INTERCONNECT = service.url;
  api = createInterconnectClient({
    region: 'us-west-2',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    retryStrategy: new StandardRetryStrategy({ maxAttempts: 3, backoff: { computeNextBackoffDelay: () => 0, setDelayBase: () => undefined } }),
  });
});

afterEach(async () => {
  api.destroy?.();
  await service.close();
  if (savedEndpoint === undefined) delete process.env.AWS_ENDPOINT_URL_INTERCONNECT;
  else process.env.AWS_ENDPOINT_URL_INTERCONNECT = savedEndpoint;
});

const ARN = CONNECTION.arn;
const DXGW = { directConnectGateway: '5f4e3d2c-1b0a-4987-a6b5-c4d3e2f1a0b9' };

// [method, operation, input, what the response must hold]
const CASES: Array<[keyof InterconnectApi, string, Record<string, unknown>, Record<string, unknown>]> = [
  ['createConnection', 'CreateConnection',
    { bandwidth: '1Gbps', attachPoint: DXGW, environmentId: 'gcp-us-west1', remoteAccount: { identifier: 'a@b.c' }, tags: { a: 'b' }, clientToken: 't-1' },
    { connection: CONNECTION }],
  ['acceptConnectionProposal', 'AcceptConnectionProposal', { attachPoint: { arn: ARN }, activationKey: 'key-123', clientToken: 't-2' }, { connection: CONNECTION }],
  ['getConnection', 'GetConnection', { identifier: 'mcc-abcd1234' }, { connection: CONNECTION }],
  ['updateConnection', 'UpdateConnection', { identifier: 'mcc-abcd1234', bandwidth: '10Gbps', clientToken: 't-3' }, { connection: { state: 'updating' } }],
  ['deleteConnection', 'DeleteConnection', { identifier: 'mcc-abcd1234', clientToken: 't-4' }, { connection: { state: 'deleting' } }],
  ['listConnections', 'ListConnections', { state: 'available', maxResults: 10 }, { connections: [CONNECTION], nextToken: 'n2' }],
  ['listEnvironments', 'ListEnvironments', { provider: { cloudServiceProvider: 'gcp' } }, { environments: [ENVIRONMENT] }],
  ['getEnvironment', 'GetEnvironment', { id: 'gcp-us-west1' }, { environment: ENVIRONMENT }],
  ['listAttachPoints', 'ListAttachPoints', { environmentId: 'gcp-us-west1' }, { attachPoints: [{ type: 'DirectConnectGateway', identifier: 'dxgw', name: 'main' }] }],
  ['describeConnectionProposal', 'DescribeConnectionProposal', { activationKey: 'key-123' }, { bandwidth: '1Gbps', location: 'us-west1' }],
  ['tagResource', 'TagResource', { arn: ARN, tags: { team: 'net' } }, {}],
  ['untagResource', 'UntagResource', { arn: ARN, tagKeys: ['team'] }, {}],
  ['listTagsForResource', 'ListTagsForResource', { arn: ARN }, { tags: { team: 'net' } }],
];

test('covers all 13 operations of the API model', () => {
  expect(new Set(CASES.map(([, op]) => op)).size).toBe(13);
});

test.each(CASES)('%s calls Interconnect.%s over AWS JSON 1.0, signed for interconnect', async (method, operation, input, expected) => {
  const call = api[method] as (input: unknown) => Promise<unknown>;
  const out = await call(input);
  expect(service.received).toHaveLength(1);
  const [r] = service.received;
  expect(r.target).toBe(`Interconnect.${operation}`);
  expect(r.contentType).toBe('application/x-amz-json-1.0');
  expect(r.authorization).toMatch(/Credential=AKIDEXAMPLE\/\d{8}\/us-west-2\/interconnect\/aws4_request/);
  expect(r.body).toEqual(input);
  expect(out).toMatchObject(expected);
});

test.each([
  ['createConnection', { bandwidth: '1Gbps', attachPoint: DXGW, environmentId: 'gcp-us-west1' }],
  ['acceptConnectionProposal', { attachPoint: DXGW, activationKey: 'key-123' }],
  ['updateConnection', { identifier: 'mcc-abcd1234', description: 'x' }],
  ['deleteConnection', { identifier: 'mcc-abcd1234' }],
] as const)('%s fills a missing clientToken, as the SDK does for idempotency tokens', async (method, input) => {
  await (api[method] as (input: unknown) => Promise<unknown>)(input);
  await (api[method] as (input: unknown) => Promise<unknown>)(input);
  const [first, second] = service.received.map((r) => r.body.clientToken);
  expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(second).not.toBe(first);
});

test('list calls without input send an empty object', async () => {
  await api.listConnections();
  await api.listEnvironments();
  expect(service.received.map((r) => r.body)).toEqual([{}, {}]);
});

test('a retried create sends the same clientToken each time', async () => {
  await service.close();
  let calls = 0;
  const tokens: unknown[] = [];
  const flaky = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      tokens.push(JSON.parse(Buffer.concat(chunks).toString('utf8')).clientToken);
      if (++calls === 1) {
        res.writeHead(503, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify({ __type: 'InterconnectServerException', message: 'try again' }));
      } else {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify({ connection: CONNECTION }));
      }
    });
  });
  await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
  try {
    const c = createInterconnectClient({
      region: 'us-west-2',
      endpoint: `http://127.0.0.1:${(flaky.address() as AddressInfo).port}`,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
      retryStrategy: new StandardRetryStrategy({ maxAttempts: 3, backoff: { computeNextBackoffDelay: () => 0, setDelayBase: () => undefined } }),
    });
    const out = await c.createConnection({ bandwidth: '1Gbps', attachPoint: DXGW, environmentId: 'gcp-us-west1' });
    c.destroy?.();
    expect(out.connection?.id).toBe('mcc-abcd1234');
    expect(tokens).toHaveLength(2);
    expect(tokens[1]).toBe(tokens[0]);
  } finally {
    flaky.closeAllConnections();
    await new Promise<void>((resolve) => flaky.close(() => resolve()));
    service = await startService(ANSWERS);
  }
});

test('service errors surface with the AWS error code as name', async () => {
  await service.close();
  service = await startService({
    GetConnection: { status: 404, body: { __type: 'ResourceNotFoundException', message: 'Connection mcc-zzzzzzzz not found' } },
  });
  const c = createInterconnectClient({ region: 'us-west-2', endpoint: service.url, credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' } });
  try {
    await expect(c.getConnection({ identifier: 'mcc-zzzzzzzz' })).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Connection mcc-zzzzzzzz not found',
      $fault: 'client',
      $metadata: { httpStatusCode: 404, attempts: 1 },
    });
  } finally {
    c.destroy?.();
  }
});

test('the service identity cannot be overridden by the config', async () => {
  const c = createInterconnectClient({
    region: 'us-west-2',
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' },
    serviceId: 'Other',
    signingName: 'other',
    targetPrefix: 'Other',
    jsonVersion: '1.1',
  });
  try {
    await c.listConnections();
    const [r] = service.received;
    expect(r.target).toBe('Interconnect.ListConnections');
    expect(r.contentType).toBe('application/x-amz-json-1.0');
    expect(r.authorization).toMatch(/\/interconnect\/aws4_request/);
  } finally {
    c.destroy?.();
  }
});

describe('the client\'s wire settings, against the emulator that checks them as a real endpoint does', () => {
  const emulator = useEmulator();
  const INTERCONNECT = { serviceId: 'Interconnect', signingName: 'interconnect', targetPrefix: 'Interconnect', jsonVersion: '1.0' as const };

  async function errorOf(promise: Promise<unknown>): Promise<any> {
    try {
      await promise;
    } catch (err) {
      return err;
    }
    throw new Error('expected the call to fail, but it succeeded');
  }

  test('the hand-written client\'s settings are accepted', async () => {
    const client = createInterconnectClient({ endpoint: emulator().url, maxAttempts: 1 });
    const { environments } = await client.listEnvironments();
    expect(environments.map((e) => e.environmentId)).toContain('aws-gcp-us-east4');
    client.destroy?.();
  });

  test.each([
    ['a wrong target prefix', { targetPrefix: 'Interconnect_20220726' }, 'UnknownOperationException'],
    ['the JSON 1.1 content type', { jsonVersion: '1.1' as const }, 'UnknownOperationException'],
    ['another signing name', { signingName: 'directconnect' }, 'InvalidSignatureException'],
  ])('a regression to %s fails, as it would against AWS', async (_what, change, code) => {
    const rpc = new AwsJsonRpcClient({ ...INTERCONNECT, ...change, endpoint: emulator().url, maxAttempts: 1 });
    const err = await errorOf(rpc.send('ListEnvironments', {}));
    expect(err.name).toBe(code);
    rpc.destroy();
  });
});
