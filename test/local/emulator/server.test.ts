import { Sha256 } from '@aws-crypto/sha256-js';
import { cbor } from '@smithy/core/cbor';
import { SignatureV4 } from '@smithy/signature-v4';
import { startEmulator } from '../../../local/emulator/emulator';
import { INTERCONNECT_TIMINGS } from '../../../local/emulator/services/interconnect';
import { awsRequest, emulatorControl, useEmulator, type AwsRequest } from '../../helpers/emulator';

const emulator = useEmulator();

const listEnvironments: AwsRequest = { target: 'Interconnect.ListEnvironments', signingName: 'interconnect', jsonVersion: '1.0', body: {} };
const getEnvironment: AwsRequest = { ...listEnvironments, target: 'Interconnect.GetEnvironment', body: { id: 'aws-gcp-us-east4' } };

function call(request: AwsRequest = listEnvironments) {
  return awsRequest(emulator().url, request);
}

describe('routing and authentication', () => {
  test('a request without a SigV4 Authorization header is rejected in the service error shape', async () => {
    const reply = await call({ ...listEnvironments, unsigned: true });
    expect(reply.status).toBe(403);
    expect(reply.headers['x-amzn-errortype']).toBe('MissingAuthenticationTokenException');
    expect(reply.headers['content-type']).toBe('application/x-amz-json-1.0');
    expect(reply.json).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
    expect(emulator().calls.all()).toEqual([expect.objectContaining({ service: 'interconnect', operation: 'ListEnvironments', status: 403 })]);
  });

  test('an Authorization header that is not SigV4 is rejected too', async () => {
    const reply = await call({ ...listEnvironments, unsigned: true, headers: { authorization: 'Bearer abc' } });
    expect(reply.status).toBe(403);
    expect(reply.json.__type).toBe('MissingAuthenticationTokenException');
  });

  test('any dummy credentials are accepted and the answer carries a request id', async () => {
    const reply = await call();
    expect(reply.status).toBe(200);
    expect(reply.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(reply.json.environments.length).toBeGreaterThan(0);
  });

  test('the region comes from the credential scope', async () => {
    await call({ ...listEnvironments, region: 'eu-west-1' });
    expect(emulator().calls.all()[0].region).toBe('eu-west-1');
  });

  test('an unknown target prefix or operation is UnknownOperationException', async () => {
    const unknownService = await call({ ...listEnvironments, target: 'NoSuchService_2020.DoThing' });
    expect(unknownService.status).toBe(400);
    expect(unknownService.json.__type).toBe('UnknownOperationException');
    const unknownOperation = await call({ ...listEnvironments, target: 'Interconnect.NoSuchOperation' });
    expect(unknownOperation.status).toBe(400);
    expect(unknownOperation.headers['x-amzn-errortype']).toBe('UnknownOperationException');
  });

  test('a body that is not JSON is a SerializationException', async () => {
    const reply = await call({ ...listEnvironments, body: '{not json' });
    expect(reply.status).toBe(400);
    expect(reply.json.__type).toBe('SerializationException');
  });

  test('JSON 1.1 services answer with their own content type', async () => {
    const reply = await call({ target: 'secretsmanager.GetSecretValue', signingName: 'secretsmanager', jsonVersion: '1.1', body: { SecretId: 'nope' } });
    expect(reply.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(reply.json.__type).toBe('ResourceNotFoundException');
  });
});

describe('what a real endpoint checks of a JSON-protocol request, for every JSON service', () => {
  // One row per JSON-protocol service: its signing name, target prefix and JSON version, and a read that works.
  const services: Array<[string, AwsRequest]> = [
    ['interconnect', listEnvironments],
    ['directconnect', { target: 'OvertureService.DescribeConnections', signingName: 'directconnect', jsonVersion: '1.1', body: {} }],
    ['secretsmanager', { target: 'secretsmanager.DescribeSecret', signingName: 'secretsmanager', jsonVersion: '1.1', body: { SecretId: 'nope' } }],
  ];

  test.each(services)('%s: a credential scope for another service is InvalidSignatureException naming the right one', async (name, request) => {
    const reply = await call({ ...request, signingName: 'execute-api' });
    expect(reply.status).toBe(403);
    expect(reply.headers['x-amzn-errortype']).toBe('InvalidSignatureException');
    expect(reply.json.message).toBe(`Credential should be scoped to correct service: '${name}'. `);
  });

  test.each(services)('%s: a credential scope without a real region is InvalidSignatureException', async (_name, request) => {
    const reply = await call({ ...request, region: 'moon' });
    expect(reply.status).toBe(403);
    expect(reply.json).toMatchObject({ __type: 'InvalidSignatureException', message: "Credential should be scoped to a valid region, not 'moon'. " });
  });

  test.each(services)('%s: another protocol\'s content type is refused; parameters after ; are ignored', async (_name, request) => {
    const other = request.jsonVersion === '1.0' ? '1.1' : '1.0';
    const wrong = await call({ ...request, headers: { 'content-type': `application/x-amz-json-${other}` } });
    expect(wrong.status).toBe(400);
    expect(wrong.json.__type).toBe('UnknownOperationException');
    const plain = await call({ ...request, headers: { 'content-type': 'application/json' } });
    expect(plain.status).toBe(400);
    const withCharset = await call({ ...request, headers: { 'content-type': `application/x-amz-json-${request.jsonVersion}; charset=utf-8` } });
    expect(['UnknownOperationException', 'InvalidSignatureException']).not.toContain(withCharset.headers['x-amzn-errortype']);
    expect(withCharset.status).toBeLessThan(500);
  });
});

describe('Smithy RPC v2 CBOR, the Interconnect model\'s first protocol', () => {

  /** A SigV4-signed RPC v2 CBOR call, encoded and decoded with smithy's own CBOR codec. */
  async function cborPost(signingName: string, path: string, input: unknown, headers: Record<string, string> = {}) {
    const url = new URL(emulator().url);
    const body = cbor.serialize(input);
    const signer = new SignatureV4({
      credentials: { accessKeyId: 'AKIAEMULATOR00000000', secretAccessKey: 'emulator-secret-access-key' },
      region: 'us-east-1',
      service: signingName,
      sha256: Sha256,
    });
    const signed = await signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path,
      query: {},
      headers: { 'host': url.host, 'content-type': 'application/cbor', 'accept': 'application/cbor', 'smithy-protocol': 'rpc-v2-cbor', ...headers },
      body,
    });
    const { host: _host, ...sendHeaders } = signed.headers as Record<string, string>;
    const res = await fetch(`${url.origin}${path}`, { method: 'POST', headers: sendHeaders, body });
    const bytes = new Uint8Array(await res.arrayBuffer());
    const cborReply = res.headers.get('content-type') === 'application/cbor';
    const value = cborReply && bytes.length > 0 ? cbor.deserialize(bytes) : undefined;
    return { status: res.status, headers: Object.fromEntries(res.headers.entries()), value };
  }
  const cborCall = (operation: string, input: unknown, headers: Record<string, string> = {}) =>
    cborPost('interconnect', `/service/Interconnect/operation/${operation}`, input, headers);

  test('an operation answers in CBOR with the Smithy-Protocol header', async () => {
    const reply = await cborCall('GetEnvironment', { id: 'aws-gcp-us-east4' });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/cbor');
    expect(reply.headers['smithy-protocol']).toBe('rpc-v2-cbor');
    expect(reply.value.environment).toMatchObject({ environmentId: 'aws-gcp-us-east4', provider: { cloudServiceProvider: 'gcp' } });
  });

  test('an error carries __type as the absolute shape id, with the model\'s status', async () => {
    const reply = await cborCall('GetConnection', { identifier: 'mcc-zzzzzzzz' });
    expect(reply.status).toBe(404);
    expect(reply.value).toEqual({ __type: 'com.amazonaws.interconnect#ResourceNotFoundException', message: expect.stringContaining('mcc-zzzzzzzz') });
  });

  test('input is checked against the model as for JSON', async () => {
    const reply = await cborCall('CreateConnection', { bandwidth: 'fast', environmentId: 'aws-gcp-us-east4', attachPoint: { directConnectGateway: '5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b' } });
    expect(reply.status).toBe(400);
    expect(reply.value.__type).toBe('com.amazonaws.interconnect#InterconnectValidationException');
  });

  test('without Smithy-Protocol, with X-Amz-Target, or with a JSON content type, the request is refused', async () => {
    expect((await cborCall('ListEnvironments', {}, { 'smithy-protocol': 'rpc-v2-json' })).status).toBe(400);
    expect((await cborCall('ListEnvironments', {}, { 'x-amz-target': 'Interconnect.ListEnvironments' })).status).toBe(400);
    expect((await cborCall('ListEnvironments', {}, { 'content-type': 'application/x-amz-json-1.0' })).status).toBe(415);
    expect((await cborCall('ListEnvironments', {})).status).toBe(200);
  });

  test('a service that does not list the protocol, or an unknown operation, is not served', async () => {
    const dx = await cborPost('directconnect', '/service/OvertureService/operation/DescribeLocations', {});
    expect(dx.status).toBe(400);
    expect(dx.headers['content-type']).not.toBe('application/cbor');
    const unknown = await cborCall('NoSuchOperation', {});
    expect(unknown.status).toBe(400);
    expect(unknown.value.__type).toBe('com.amazonaws.interconnect#UnknownOperationException');
  });
});

describe('fault injection', () => {
  test('error: throttling with Retry-After in the service error shape', async () => {
    emulator().faults.add({ service: 'interconnect', operation: 'ListEnvironments', kind: 'error', status: 429, retryAfterSeconds: 3 });
    const reply = await call();
    expect(reply.status).toBe(429);
    expect(reply.headers['retry-after']).toBe('3');
    expect(reply.headers['x-amzn-errortype']).toBe('ThrottlingException');
    expect(reply.json).toEqual({ __type: 'ThrottlingException', message: expect.any(String) });
  });

  test.each([
    [500, 'InternalFailure'],
    [501, 'NotImplemented'],
    [502, 'BadGateway'],
    [503, 'ServiceUnavailable'],
    [504, 'GatewayTimeout'],
    [403, 'AccessDeniedException'],
  ])('error: status %d defaults to code %s', async (status, code) => {
    emulator().faults.add({ service: 'interconnect', operation: '*', kind: 'error', status });
    const reply = await call();
    expect(reply.status).toBe(status);
    expect(reply.json.__type).toBe(code);
  });

  test('error: count and skip pick exactly which calls fail (AccessDenied for the 2nd and 3rd)', async () => {
    emulator().faults.add({
      service: 'interconnect',
      operation: 'ListEnvironments',
      kind: 'error',
      status: 403,
      code: 'AccessDeniedException',
      message: 'not yet',
      skip: 1,
      count: 2,
    });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await call()).status);
    expect(statuses).toEqual([200, 403, 403, 200, 200]);
    // Other operations are not touched by the rule.
    expect((await call(getEnvironment)).status).toBe(200);
  });

  test('error: an eventual-consistency window makes a fresh connection NotFound', async () => {
    const created = await call({
      ...listEnvironments,
      target: 'Interconnect.CreateConnection',
      body: { environmentId: 'aws-gcp-us-east4', bandwidth: '1Gbps', attachPoint: { directConnectGateway: '5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b' } },
    });
    expect(created.status).toBe(200);
    emulator().faults.add({ service: 'interconnect', operation: 'GetConnection', kind: 'error', status: 404, code: 'ResourceNotFoundException', count: 2 });
    const get = { ...listEnvironments, target: 'Interconnect.GetConnection', body: { identifier: created.json.connection.id } };
    expect((await call(get)).json.__type).toBe('ResourceNotFoundException');
    expect((await call(get)).status).toBe(404);
    const third = await call(get);
    expect(third.status).toBe(200);
    expect(third.json.connection.id).toBe(created.json.connection.id);
  });

  test('drop: the socket closes with no response, and the call is logged with status 0', async () => {
    emulator().faults.add({ service: 'interconnect', operation: 'ListEnvironments', kind: 'drop', count: 1 });
    await expect(call()).rejects.toThrow();
    expect(emulator().calls.all()).toEqual([expect.objectContaining({ operation: 'ListEnvironments', status: 0, errorCode: 'ConnectionDropped' })]);
    expect((await call()).status).toBe(200);
  });

  test('latency: the call waits, then is served normally', async () => {
    emulator().faults.add({ service: 'interconnect', operation: 'ListEnvironments', kind: 'latency', latencyMs: 1_000 });
    const finished: string[] = [];
    const started = Date.now();
    const slow = call().then((reply) => { finished.push('ListEnvironments'); return reply; });
    // Another operation, sent at the same time, is not held back by the rule.
    const quick = call(getEnvironment).then((reply) => { finished.push('GetEnvironment'); return reply; });
    const [reply, other] = await Promise.all([slow, quick]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(reply.status).toBe(200);
    expect(other.status).toBe(200);
    expect(finished).toEqual(['GetEnvironment', 'ListEnvironments']);
  });

  test('raw: an HTML 502 from a proxy, exactly as given', async () => {
    const html = '<html><body><h1>502 Bad Gateway</h1></body></html>';
    emulator().faults.add({ service: 'interconnect', operation: '*', kind: 'raw', status: 502, rawBody: html, count: 1 });
    const reply = await call();
    expect(reply.status).toBe(502);
    expect(reply.text).toBe(html);
    expect(reply.headers['content-type']).toBe('text/html');
    expect(reply.headers['x-amzn-errortype']).toBeUndefined();
  });

  test('raw: an empty body with a chosen status', async () => {
    emulator().faults.add({ service: 'interconnect', operation: '*', kind: 'raw', status: 500, count: 1 });
    const reply = await call();
    expect(reply.status).toBe(500);
    expect(reply.text).toBe('');
  });

  test('rate limit: calls beyond the bucket get 429 ThrottlingException, per operation', async () => {
    emulator().faults.rateLimit('interconnect', 'ListEnvironments', 2);
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await call()).status);
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    expect(statuses.slice(2).filter(s => s === 429).length).toBeGreaterThanOrEqual(3);
    const throttled = emulator().calls.all({ status: 429 });
    expect(throttled[0].errorCode).toBe('ThrottlingException');
    expect((await call(getEnvironment)).status).toBe(200);
    await new Promise(r => setTimeout(r, 600));
    expect((await call()).status).toBe(200);
  });

  test('rate limit with * gives each operation its own bucket', async () => {
    emulator().faults.rateLimit('interconnect', '*', 1);
    expect((await call()).status).toBe(200);
    expect((await call(getEnvironment)).status).toBe(200);
    expect((await call()).status).toBe(429);
    expect((await call(getEnvironment)).status).toBe(429);
  });

  test('faults match the service: a rule for another service leaves this one alone', async () => {
    emulator().faults.add({ service: 'secretsmanager', operation: '*', kind: 'error', status: 500 });
    expect((await call()).status).toBe(200);
  });

  test('an unknown fault kind is refused', () => {
    expect(() => emulator().faults.add({ service: 'interconnect', operation: '*', kind: 'explode' as any })).toThrow(/Unknown fault kind/);
  });
});

describe('call log', () => {
  test('records every call with its outcome', async () => {
    await call();
    await call(getEnvironment);
    await call({ ...getEnvironment, body: { id: 'nope' } });
    const log = emulator().calls;
    expect(log.count()).toBe(3);
    expect(log.count({ operation: 'GetEnvironment' })).toBe(2);
    expect(log.count({ errorCode: 'ResourceNotFoundException' })).toBe(1);
    expect(log.byOperation()).toEqual({ 'interconnect.ListEnvironments': 1, 'interconnect.GetEnvironment': 2 });
    expect(log.all()[2]).toEqual(expect.objectContaining({ status: 404, region: 'us-east-1', at: expect.any(Number) }));
    emulator().reset();
    expect(log.count()).toBe(0);
  });
});

describe('control routes', () => {
  test('faults, rate limits and clear over HTTP', async () => {
    const url = emulator().url;
    await emulatorControl(url, 'POST', 'faults', { service: 'interconnect', operation: 'ListEnvironments', kind: 'error', status: 503, count: 1 });
    expect((await call()).status).toBe(503);
    expect((await call()).status).toBe(200);
    await emulatorControl(url, 'POST', 'faults', { rateLimit: { service: 'interconnect', operation: 'GetEnvironment', perSecond: 0 } });
    expect((await call(getEnvironment)).status).toBe(429);
    await emulatorControl(url, 'POST', 'faults', { clear: true });
    expect((await call(getEnvironment)).status).toBe(200);
    await expect(emulatorControl(url, 'POST', 'faults', { service: 'x', operation: '*', kind: 'nope' })).rejects.toThrow(/400 BadRequest/);
  });

  test('state, calls, timings and reset over HTTP', async () => {
    const url = emulator().url;
    await call();
    const calls = await emulatorControl(url, 'GET', 'calls');
    expect(calls.calls).toEqual([expect.objectContaining({ service: 'interconnect', operation: 'ListEnvironments', status: 200 })]);
    expect(calls.byOperation).toEqual({ 'interconnect.ListEnvironments': 1 });

    const timings = await emulatorControl(url, 'POST', 'timings', { 'interconnect.updating': 42 });
    expect(timings['interconnect.updating']).toBe(42);

    const proposal = await emulatorControl(url, 'POST', 'interconnect/createProposal', { environmentId: 'aws-gcp-us-east4', bandwidth: '1Gbps' });
    let state = await emulatorControl(url, 'GET', 'state');
    expect(state.interconnect.proposals).toEqual([expect.objectContaining({ activationKey: proposal.activationKey })]);
    expect(state.secretsmanager).toEqual({ secrets: [] });
    expect(state._timings['interconnect.updating']).toBe(42);

    await emulatorControl(url, 'POST', 'reset');
    state = await emulatorControl(url, 'GET', 'state');
    expect(state.interconnect.proposals).toEqual([]);
    expect((await emulatorControl(url, 'GET', 'calls')).calls).toEqual([]);
  });

  test('clock over HTTP: frozen, a transition waits for advanceMs; reset releases it', async () => {
    const url = emulator().url;
    emulator().setTiming('interconnect.deleting', 100);
    try {
      const frozen = await emulatorControl(url, 'POST', 'clock', { freeze: true });
      expect(frozen.frozen).toBe(true);
      const created = await awsRequest(url, {
        ...listEnvironments,
        target: 'Interconnect.CreateConnection',
        body: { environmentId: 'aws-gcp-us-east4', bandwidth: '1Gbps', attachPoint: { directConnectGateway: '5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b' } },
      });
      const id = created.json.connection.id;
      const describe = () => awsRequest(url, { ...listEnvironments, target: 'Interconnect.GetConnection', body: { identifier: id } });
      await awsRequest(url, { ...listEnvironments, target: 'Interconnect.DeleteConnection', body: { identifier: id } });
      await new Promise((r) => setTimeout(r, 300));
      expect((await describe()).json.connection.state).toBe('deleting');

      const advanced = await emulatorControl(url, 'POST', 'clock', { advanceMs: 100 });
      expect(advanced.now).toBe(frozen.now + 100);
      expect((await describe()).json.connection.state).toBe('deleted');

      await emulatorControl(url, 'POST', 'reset');
      expect(emulator().clock.frozen).toBe(false);
      expect(emulator().clock.now()).toBeGreaterThanOrEqual(advanced.now);
    } finally {
      emulator().setTiming('interconnect.deleting', INTERCONNECT_TIMINGS['interconnect.deleting']);
    }
  });

  test('unknown routes, services and actions are 404, a bad body is 400', async () => {
    const url = emulator().url;
    await expect(emulatorControl(url, 'POST', 'nosuchservice/doit')).rejects.toThrow(/404/);
    await expect(emulatorControl(url, 'POST', 'interconnect/doit')).rejects.toThrow(/404 ResourceNotFoundException/);
    await expect(emulatorControl(url, 'GET', 'nothing')).rejects.toThrow(/404/);
    await expect(emulatorControl(url, 'POST', 'timings', { 'interconnect.updating': -1 })).rejects.toThrow(/400/);
    await expect(emulatorControl(url, 'POST', 'clock', { advanceMs: -5 })).rejects.toThrow(/400.*got -5/);
    await expect(emulatorControl(url, 'POST', 'clock', { stop: true })).rejects.toThrow(/400/);
    const res = await fetch(`${url}/_emulator/faults`, { method: 'POST', body: '{oops' });
    expect(res.status).toBe(400);
  });
});

describe('startEmulator', () => {
  test('services are reachable in process; unknown names fail clearly', () => {
    expect(emulator().service('interconnect').name).toBe('interconnect');
    expect(() => emulator().service('nope')).toThrow(/No emulated service named nope/);
  });

  test('timings from the options, setTiming, and stop() frees the port', async () => {
    const own = await startEmulator({ port: 0, quiet: true, timings: { 'interconnect.deleting': 5 }, accountId: '210987654321' });
    try {
      expect(own.url).toBe(`http://127.0.0.1:${own.port}`);
      const created = await awsRequest(own.url, {
        ...listEnvironments,
        target: 'Interconnect.CreateConnection',
        body: { environmentId: 'aws-gcp-us-east4', bandwidth: '1Gbps', attachPoint: { directConnectGateway: '5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b' } },
      });
      expect(created.json.connection.ownerAccount).toBe('210987654321');
      expect(() => own.setTiming('interconnect.updating', -5)).toThrow(/>= 0/);
    } finally {
      await own.stop();
    }
    await expect(fetch(`${own.url}/_emulator/state`)).rejects.toThrow();
  });
});
