import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { StandardRetryStrategy } from '@smithy/util-retry';
import { AwsJsonRpcClient, AwsJsonRpcClientConfig, AwsServiceError } from '../../src/runtime/aws-json-rpc-client';
import { classifyError } from '../../src/runtime/errors';

interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  readonly at: number;
  readonly remotePort?: number;
}

/** What the server does with one request: answer it, or not (drop the socket, hang). */
type Reply = (res: http.ServerResponse, req: http.IncomingMessage) => void;

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => (res) => {
  const extra = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `req-${status}`, ...extra });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};
const raw = (status: number, body: string, headers: Record<string, string> = {}): Reply => (res) => {
  res.writeHead(status, headers);
  res.end(body);
};
const dropSocket: Reply = (_res, req) => req.socket.destroy();
const hang: Reply = () => undefined;
const ok = json(200, { ok: true });

interface TestServer {
  readonly url: string;
  readonly port: number;
  readonly received: Received[];
  close(): Promise<void>;
}

/** A loopback server answering each request with the next reply in `replies`, the last one repeating. */
async function startServer(...replies: Reply[]): Promise<TestServer> {
  const received: Received[] = [];
  const queue = replies.length > 0 ? replies : [ok];
  const httpServer = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
        remotePort: req.socket.remotePort,
      });
      const reply = queue.length > 1 ? queue.shift()! : queue[0];
      reply(res, req);
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const port = (httpServer.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    close: () => new Promise<void>((resolve) => {
      httpServer.closeAllConnections();
      httpServer.close(() => resolve());
    }),
  };
}

const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

/** The standard strategy (token bucket, classification, Retry-After) with no backoff, so tests stay fast. */
const fastRetries = (maxAttempts = 3) => new StandardRetryStrategy({
  maxAttempts,
  backoff: { computeNextBackoffDelay: () => 0, setDelayBase: () => undefined },
});

const ENV_KEYS = [
  'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_INTERCONNECT', 'AWS_ENDPOINT_URL_DIRECT_CONNECT',
  'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', 'AWS_MAX_ATTEMPTS', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
];
const savedEnv: Record<string, string | undefined> = {};
const servers: TestServer[] = [];
const clients: AwsJsonRpcClient[] = [];

beforeEach(() => {
  for (const key of ENV_KEYS) {
    savedEnv[key] = process.env[key];
    delete process.env[key];
  }
});

afterEach(async () => {
  clients.splice(0).forEach((c) => c.destroy());
  await Promise.all(servers.splice(0).map((s) => s.close()));
  for (const key of ENV_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
});

async function server(...replies: Reply[]): Promise<TestServer> {
  const s = await startServer(...replies);
  servers.push(s);
  return s;
}

function client(config: Partial<AwsJsonRpcClientConfig> = {}): AwsJsonRpcClient {
  const c = new AwsJsonRpcClient({
    serviceId: 'Interconnect',
    signingName: 'interconnect',
    targetPrefix: 'Interconnect',
    jsonVersion: '1.0',
    region: 'us-west-2',
    credentials: CREDENTIALS,
    retryStrategy: fastRetries(),
    ...config,
  });
  clients.push(c);
  return c;
}

async function failure(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail');
}

function parseAuthorization(value: string) {
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(value);
  if (!match) throw new Error(`not a SigV4 Authorization header: ${value}`);
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match;
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

/** Recomputes the signature from what the server received, with the given secret. */
async function recomputeAuthorization(r: Received, port: number, credentials: typeof CREDENTIALS & { sessionToken?: string }, region = 'us-west-2') {
  const auth = parseAuthorization(String(r.headers.authorization));
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders) headers[name] = String(r.headers[name]);
  const amzDate = String(r.headers['x-amz-date']);
  const signingDate = new Date(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'));
  const signer = new SignatureV4({ service: 'interconnect', region, credentials, sha256: Sha256 });
  const request = new HttpRequest({ method: r.method, protocol: 'http:', hostname: '127.0.0.1', port, path: r.url, headers, body: r.body });
  const signed = await signer.sign(request, { signingDate });
  return signed.headers.authorization;
}

describe('the request', () => {
  test('is a POST / with the target, the JSON content type and the input as JSON', async () => {
    const s = await server(json(200, { connection: { id: 'mcc-abcd1234' } }, { 'x-amzn-RequestId': 'rid-1' }));
    const out = await client({ endpoint: s.url }).send('GetConnection', { identifier: 'mcc-abcd1234', nested: { a: [1, 2] } });

    expect(s.received).toHaveLength(1);
    const [r] = s.received;
    expect(r.method).toBe('POST');
    expect(r.url).toBe('/');
    expect(r.headers['x-amz-target']).toBe('Interconnect.GetConnection');
    expect(r.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(r.headers.host).toBe(`127.0.0.1:${s.port}`);
    expect(JSON.parse(r.body)).toEqual({ identifier: 'mcc-abcd1234', nested: { a: [1, 2] } });
    expect(r.headers['content-length']).toBe(String(Buffer.byteLength(r.body)));
    expect(r.headers['amz-sdk-request']).toBe('attempt=1; max=3');
    expect(out).toEqual({
      connection: { id: 'mcc-abcd1234' },
      $metadata: { httpStatusCode: 200, requestId: 'rid-1', attempts: 1, totalRetryDelay: 0 },
    });
  });

  test('speaks AWS JSON 1.1 with another target prefix when asked', async () => {
    const s = await server();
    await client({ endpoint: s.url, jsonVersion: '1.1', targetPrefix: 'OvertureService' }).send('DescribeConnections', {});
    expect(s.received[0].headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(s.received[0].headers['x-amz-target']).toBe('OvertureService.DescribeConnections');
    expect(s.received[0].body).toBe('{}');
  });

  test('drops undefined members and keeps the path of an endpoint that has one', async () => {
    const s = await server();
    await client({ endpoint: `${s.url}/prefix/` }).send('ListConnections', { maxResults: 10, nextToken: undefined });
    expect(s.received[0].url).toBe('/prefix/');
    expect(s.received[0].body).toBe('{"maxResults":10}');
  });

  test('reuses the connection for consecutive calls', async () => {
    const s = await server();
    const c = client({ endpoint: s.url });
    await c.send('ListConnections', {});
    await c.send('ListConnections', {});
    expect(s.received).toHaveLength(2);
    expect(s.received[1].remotePort).toBe(s.received[0].remotePort);
  });

  test('an empty 200 body is an empty output', async () => {
    const s = await server(raw(200, ''));
    const out = await client({ endpoint: s.url }).send('TagResource', { arn: 'x', tags: {} });
    expect(out).toEqual({ $metadata: expect.objectContaining({ httpStatusCode: 200, attempts: 1 }) });
  });
});

describe('SigV4', () => {
  test('signs with the credential scope <date>/<region>/interconnect/aws4_request, and the signature verifies', async () => {
    const s = await server();
    await client({ endpoint: s.url }).send('GetConnection', { identifier: 'mcc-abcd1234' });
    const r = s.received[0];
    const auth = parseAuthorization(String(r.headers.authorization));

    expect(auth.accessKeyId).toBe('AKIDEXAMPLE');
    expect(auth.date).toBe(String(r.headers['x-amz-date']).slice(0, 8));
    expect(auth.date).toBe(new Date().toISOString().slice(0, 10).replace(/-/g, ''));
    expect(auth.region).toBe('us-west-2');
    expect(auth.service).toBe('interconnect');
    // Every header sent except the ones SigV4 never signs, in canonical order.
    const sent = Object.keys(r.headers).filter((h) => !['authorization', 'user-agent', 'connection'].includes(h)).sort();
    expect(auth.signedHeaders).toEqual(sent);
    expect(auth.signedHeaders).toEqual(expect.arrayContaining(['content-type', 'host', 'x-amz-date', 'x-amz-target', 'x-amz-content-sha256']));
    expect(r.headers['x-amz-security-token']).toBeUndefined();

    expect(await recomputeAuthorization(r, s.port, CREDENTIALS)).toBe(r.headers.authorization);
    // The check above can fail: another secret gives another signature.
    expect(await recomputeAuthorization(r, s.port, { ...CREDENTIALS, secretAccessKey: 'other' })).not.toBe(r.headers.authorization);
  });

  test('uses the environment credentials through the default chain, session token included', async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIDFROMENV';
    process.env.AWS_SECRET_ACCESS_KEY = 'secret-from-env';
    process.env.AWS_SESSION_TOKEN = 'session-token-from-env';
    const s = await server();
    await client({ endpoint: s.url, credentials: undefined }).send('ListEnvironments', {});
    const r = s.received[0];
    const auth = parseAuthorization(String(r.headers.authorization));
    expect(auth.accessKeyId).toBe('AKIDFROMENV');
    expect(r.headers['x-amz-security-token']).toBe('session-token-from-env');
    expect(auth.signedHeaders).toContain('x-amz-security-token');
    const envCredentials = { accessKeyId: 'AKIDFROMENV', secretAccessKey: 'secret-from-env', sessionToken: 'session-token-from-env' };
    expect(await recomputeAuthorization(r, s.port, envCredentials)).toBe(r.headers.authorization);
  });

  test('accepts a credential provider function', async () => {
    const s = await server();
    await client({ endpoint: s.url, credentials: async () => ({ accessKeyId: 'AKIDPROVIDER', secretAccessKey: 'x' }) }).send('ListEnvironments', {});
    expect(parseAuthorization(String(s.received[0].headers.authorization)).accessKeyId).toBe('AKIDPROVIDER');
  });
});

describe('endpoint resolution', () => {
  test('the endpoint option wins over AWS_ENDPOINT_URL_INTERCONNECT and AWS_ENDPOINT_URL', async () => {
    const [option, service, global] = await Promise.all([server(), server(), server()]);
    process.env.AWS_ENDPOINT_URL_INTERCONNECT = service.url;
    process.env.AWS_ENDPOINT_URL = global.url;
    await client({ endpoint: option.url }).send('ListConnections', {});
    expect([option.received.length, service.received.length, global.received.length]).toEqual([1, 0, 0]);
  });

  test('AWS_ENDPOINT_URL_INTERCONNECT wins over AWS_ENDPOINT_URL', async () => {
    const [service, global] = await Promise.all([server(), server()]);
    process.env.AWS_ENDPOINT_URL_INTERCONNECT = service.url;
    process.env.AWS_ENDPOINT_URL = global.url;
    await client().send('ListConnections', {});
    expect([service.received.length, global.received.length]).toEqual([1, 0]);
  });

  test('AWS_ENDPOINT_URL is used when nothing more specific is set', async () => {
    const global = await server();
    process.env.AWS_ENDPOINT_URL = global.url;
    await client().send('ListConnections', {});
    expect(global.received).toHaveLength(1);
  });

  test('the service variable is named after the service id, upper-cased, spaces as underscores', async () => {
    const s = await server();
    process.env.AWS_ENDPOINT_URL_DIRECT_CONNECT = s.url;
    await client({ serviceId: 'Direct Connect', signingName: 'directconnect' }).send('DescribeConnections', {});
    expect(s.received).toHaveLength(1);
  });

  test('the default is https://<signing name>.<region>.api.aws, also when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is set', () => {
    expect(client().endpoint.href).toBe('https://interconnect.us-west-2.api.aws/');
    process.env.AWS_ENDPOINT_URL_INTERCONNECT = 'http://127.0.0.1:1';
    process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS = 'true';
    expect(client({ region: 'eu-central-1' }).endpoint.href).toBe('https://interconnect.eu-central-1.api.aws/');
  });

  test('a malformed endpoint is a clear error naming its source', () => {
    process.env.AWS_ENDPOINT_URL_INTERCONNECT = 'not a url';
    expect(() => client()).toThrow(/AWS_ENDPOINT_URL_INTERCONNECT is not a URL: 'not a url'/);
  });
});

describe('region resolution', () => {
  test('option, then AWS_REGION, then AWS_DEFAULT_REGION', async () => {
    process.env.AWS_REGION = 'eu-west-1';
    process.env.AWS_DEFAULT_REGION = 'ap-south-1';
    expect(client({ region: 'us-east-2' }).region).toBe('us-east-2');
    expect(client({ region: undefined }).region).toBe('eu-west-1');
    delete process.env.AWS_REGION;
    expect(client({ region: undefined }).region).toBe('ap-south-1');

    // And the signature is scoped to the resolved region.
    const s = await server();
    await client({ region: undefined, endpoint: s.url }).send('ListConnections', {});
    expect(parseAuthorization(String(s.received[0].headers.authorization)).region).toBe('ap-south-1');
  });

  test('no region at all is a clear error', () => {
    expect(() => client({ region: undefined })).toThrow('Region is missing: pass `region` to the client or set AWS_REGION (or AWS_DEFAULT_REGION).');
  });
});

describe('retries', () => {
  test('429 ThrottlingException without Retry-After, then success', async () => {
    const s = await server(json(429, { __type: 'ThrottlingException', message: 'Rate exceeded' }), ok);
    const out = await client({ endpoint: s.url }).send('GetConnection', {});
    expect(out.$metadata.attempts).toBe(2);
    expect(s.received.map((r) => r.headers['amz-sdk-request'])).toEqual(['attempt=1; max=3', 'attempt=2; max=3']);
    // One invocation, two attempts: the id stays, the signature is made afresh.
    expect(s.received[1].headers['amz-sdk-invocation-id']).toBe(s.received[0].headers['amz-sdk-invocation-id']);
    expect(await recomputeAuthorization(s.received[1], s.port, CREDENTIALS)).toBe(s.received[1].headers.authorization);
  });

  test('429 with Retry-After waits as long as the server asks', async () => {
    const s = await server(json(429, { __type: 'ThrottlingException' }, { 'Retry-After': '0.4' }), ok);
    const out = await client({ endpoint: s.url }).send('GetConnection', {});
    expect(out.$metadata.attempts).toBe(2);
    expect(s.received[1].at - s.received[0].at).toBeGreaterThanOrEqual(350);
    expect(out.$metadata.totalRetryDelay).toBeGreaterThanOrEqual(350);
  });

  test('a throttling code is retried whatever the status', async () => {
    const s = await server(json(400, { __type: 'TooManyRequestsException' }), ok);
    expect((await client({ endpoint: s.url }).send('GetConnection', {})).$metadata.attempts).toBe(2);
  });

  test.each([500, 502, 503, 504])('%d, then success', async (status) => {
    const s = await server(json(status, { __type: 'InterconnectServerException', message: 'boom' }), ok);
    const out = await client({ endpoint: s.url }).send('GetConnection', {});
    expect(out).toMatchObject({ ok: true, $metadata: { attempts: 2, httpStatusCode: 200 } });
    expect(s.received).toHaveLength(2);
  });

  test('a dropped socket, then success', async () => {
    const s = await server(dropSocket, ok);
    const out = await client({ endpoint: s.url }).send('GetConnection', {});
    expect(out.$metadata.attempts).toBe(2);
    expect(s.received).toHaveLength(2);
  });

  test('a request that gets no answer times out and is tried again', async () => {
    const s = await server(hang, ok);
    const out = await client({ endpoint: s.url, requestTimeoutMs: 300 }).send('GetConnection', {});
    expect(out.$metadata.attempts).toBe(2);
  });

  test('501 is not retried', async () => {
    const s = await server(json(501, { __type: 'NotImplemented', message: 'nope' }), ok);
    const err = await failure(client({ endpoint: s.url }).send('GetConnection', {}));
    expect(s.received).toHaveLength(1);
    expect(err).toMatchObject({ name: 'NotImplemented', $fault: 'server', $metadata: { httpStatusCode: 501, attempts: 1 } });
  });

  test('a client error is not retried', async () => {
    const s = await server(json(400, { __type: 'InterconnectValidationException', message: 'bad bandwidth' }), ok);
    const err = await failure(client({ endpoint: s.url }).send('CreateConnection', {}));
    expect(s.received).toHaveLength(1);
    expect(err).toMatchObject({ name: 'InterconnectValidationException', message: 'bad bandwidth', $fault: 'client' });
  });

  test('stop at maxAttempts and surface the last error', async () => {
    const s = await server(
      json(503, { __type: 'ServiceUnavailableException', message: 'first' }),
      json(503, { __type: 'ServiceUnavailableException', message: 'second' }),
      json(503, { __type: 'ServiceUnavailableException', message: 'third' }),
      ok,
    );
    const err = await failure(client({ endpoint: s.url, retryStrategy: fastRetries(3) }).send('GetConnection', {}));
    expect(s.received).toHaveLength(3);
    expect(err).toBeInstanceOf(AwsServiceError);
    expect(err).toMatchObject({ name: 'ServiceUnavailableException', message: 'third', $metadata: { attempts: 3, httpStatusCode: 503 } });
  });

  test('dropped sockets until attempts run out surface the network error', async () => {
    const s = await server(dropSocket);
    const err = await failure(client({ endpoint: s.url, retryStrategy: fastRetries(2) }).send('GetConnection', {}));
    expect(s.received).toHaveLength(2);
    expect(err.code).toBe('ECONNRESET');
    expect(err.$metadata).toMatchObject({ attempts: 2 });
  });

  test('without an injected strategy, maxAttempts comes from AWS_MAX_ATTEMPTS, and the option beats it', async () => {
    process.env.AWS_MAX_ATTEMPTS = '2';
    const s = await server(json(500, { __type: 'InternalServerException' }));
    const err = await failure(client({ endpoint: s.url, retryStrategy: undefined }).send('GetConnection', {}));
    expect(err.$metadata.attempts).toBe(2);
    expect(s.received.map((r) => r.headers['amz-sdk-request'])).toEqual(['attempt=1; max=2', 'attempt=2; max=2']);

    const s1 = await server(json(500, { __type: 'InternalServerException' }));
    await failure(client({ endpoint: s1.url, retryStrategy: undefined, maxAttempts: 1 }).send('GetConnection', {}));
    expect(s1.received).toHaveLength(1);
  });

  test('a default of 3 attempts, and a bad AWS_MAX_ATTEMPTS is an error', async () => {
    expect(client({ retryStrategy: undefined }).maxAttempts).toBe(3);
    process.env.AWS_MAX_ATTEMPTS = 'many';
    expect(() => client({ retryStrategy: undefined })).toThrow(/maxAttempts must be a whole number of at least 1; got 'many'/);
  });
});

describe('errors', () => {
  test('__type with a namespace and a suffix becomes the name; message, fault and metadata are set', async () => {
    const s = await server(json(404, {
      __type: 'com.amazonaws.interconnect#ResourceNotFoundException:http://internal.amazon.com/coral/',
      message: 'Connection mcc-abcd1234 not found',
    }, { 'x-amzn-RequestId': 'rid-404' }));
    const err = await failure(client({ endpoint: s.url }).send('GetConnection', {}));
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('ResourceNotFoundException');
    expect(err.message).toBe('Connection mcc-abcd1234 not found');
    expect(err.$fault).toBe('client');
    expect(err.$metadata).toEqual({ httpStatusCode: 404, requestId: 'rid-404', attempts: 1, totalRetryDelay: 0 });
    expect(classifyError(err)).toBe('notFound');
  });

  test('the x-amzn-ErrorType header alone names the error; Message is read too', async () => {
    const s = await server(json(403, { Message: 'User is not authorized' }, { 'x-amzn-ErrorType': 'AccessDeniedException:http://internal.amazon.com/' }));
    const err = await failure(client({ endpoint: s.url }).send('GetConnection', {}));
    expect(err).toMatchObject({ name: 'AccessDeniedException', message: 'User is not authorized', $fault: 'client' });
  });

  test('an HTML 502 becomes an error with the status, retried, never a TypeError', async () => {
    const s = await server(raw(502, '<html><body><h1>502 Bad Gateway</h1></body></html>', { 'content-type': 'text/html' }));
    const err = await failure(client({ endpoint: s.url }).send('GetConnection', {}));
    expect(err).not.toBeInstanceOf(TypeError);
    expect(err).toBeInstanceOf(AwsServiceError);
    expect(err).toMatchObject({ name: 'Unknown', $fault: 'server', $metadata: { httpStatusCode: 502, attempts: 3 } });
    expect(err.message).toContain('HTTP 502');
    expect(err.message).toContain('text/html');
    expect(s.received).toHaveLength(3);
    expect(classifyError(err)).toBe('transient');
  });

  test('an empty error body becomes an error with the status', async () => {
    const s = await server(raw(400, ''));
    const err = await failure(client({ endpoint: s.url }).send('GetConnection', {}));
    expect(err).toMatchObject({ name: 'Unknown', $fault: 'client', $metadata: { httpStatusCode: 400, attempts: 1 } });
    expect(err.message).toMatch(/HTTP 400 .*\(empty\)/);
  });

  test('an empty error body with a throttling status is still throttling', async () => {
    const s = await server(raw(429, ''), ok);
    const out = await client({ endpoint: s.url }).send('GetConnection', {});
    expect(out.$metadata.attempts).toBe(2);
  });

  test('a garbled 200 is a DeserializationError that does not quote the body', async () => {
    const s = await server(raw(200, '{"connection":{"activationKey":"SECRET-KEY-123"', { 'content-type': 'application/x-amz-json-1.0' }));
    const err = await failure(client({ endpoint: s.url }).send('GetConnection', {}));
    expect(err.name).toBe('DeserializationError');
    expect(err.$metadata).toMatchObject({ httpStatusCode: 200, attempts: 1 });
    expect(err.message).not.toContain('SECRET-KEY-123');
    expect(s.received).toHaveLength(1);
    expect(classifyError(err)).toBe('transient');
  });

  test('a JSON body that is not an object is a DeserializationError too', async () => {
    const s = await server(raw(200, '"just a string"'));
    expect((await failure(client({ endpoint: s.url }).send('GetConnection', {}))).name).toBe('DeserializationError');
  });

  test('throttling is classified as such by the handler kit', async () => {
    const s = await server(json(429, { __type: 'ThrottlingException', message: 'Rate exceeded' }));
    const err = await failure(client({ endpoint: s.url, retryStrategy: fastRetries(1) }).send('GetConnection', {}));
    expect(err).toMatchObject({ name: 'ThrottlingException', $metadata: { attempts: 1, httpStatusCode: 429 } });
    expect(classifyError(err)).toBe('throttling');
  });
});
