import { DescribeConnectionsCommand, DirectConnectClient } from '@aws-sdk/client-direct-connect';
import { startEmulator, RunningEmulator } from '../../local/emulator/emulator';
import { Logger } from '../../src/runtime/logger';
import { retryingCaller } from '../../src/runtime/retry';
import { InvocationRetryStrategy, withInvocationRetryBudget } from '../../src/runtime/retry-budget';

let em: RunningEmulator;
let client: DirectConnectClient;
const ctx = { logger: new Logger(), invocationRemainingMs: () => 60_000 };

beforeAll(async () => {
  em = await startEmulator({ port: 0, quiet: true });
  client = new DirectConnectClient({
    endpoint: em.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIDRETRYBUDGET00000', secretAccessKey: 'retry-budget-secret' },
    retryStrategy: new InvocationRetryStrategy(),
  });
  process.env.HYBRID_CONNECTIVITY_RETRY_BASE_MS = '1';
});
afterAll(async () => {
  delete process.env.HYBRID_CONNECTIVITY_RETRY_BASE_MS;
  client.destroy();
  await em.stop();
});
beforeEach(() => {
  em.faults.clear();
  em.calls.clear();
});

/** DescribeConnections throttled `count` times (JSON-RPC: 400 with the code), optionally with Retry-After. */
function throttle(count: number, retryAfterSeconds?: number): void {
  em.faults.add({
    service: 'directconnect',
    operation: 'DescribeConnections',
    kind: 'error',
    status: 400,
    code: 'ThrottlingException',
    message: 'Rate exceeded',
    count,
    retryAfterSeconds,
  });
}

const describe3 = () => client.send(new DescribeConnectionsCommand({}));
const attempts = () => em.calls.count({ service: 'directconnect', operation: 'DescribeConnections' });

describe('InvocationRetryStrategy: one backoff per throttled call', () => {
  test('in onEvent, a call no kit loop retries is retried by the SDK, as before', async () => {
    throttle(1);
    const out = await withInvocationRetryBudget(describe3);
    expect(out.connections).toBeDefined();
    expect(attempts()).toBe(2);
  });

  test('in an isComplete poll, a throttled read is not retried by the SDK: the waiter polls again', async () => {
    throttle(1);
    await expect(withInvocationRetryBudget(describe3, { poll: true })).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(attempts()).toBe(1);
  });

  test('in a poll, a Retry-After is still honoured by the SDK', async () => {
    throttle(1, 1);
    const out = await withInvocationRetryBudget(describe3, { poll: true });
    expect(out.connections).toBeDefined();
    expect(attempts()).toBe(2);
    const [first, second] = em.calls.all({ operation: 'DescribeConnections' });
    expect(first.status).toBe(400);
    expect(second.status).toBe(200);
  });

  test('under the kit\'s retries the SDK gives each throttled attempt back: one HTTP call per kit attempt', async () => {
    throttle(5);
    const logged: Array<Record<string, unknown> | undefined> = [];
    const logger = new Logger();
    jest.spyOn(logger, 'warn').mockImplementation((_msg, fields) => { logged.push(fields); });
    const out = await withInvocationRetryBudget(() => retryingCaller()({ ...ctx, logger }, 'DescribeConnections', describe3));
    expect(out.connections).toBeDefined();
    expect(attempts()).toBe(6);
    expect(em.calls.count({ operation: 'DescribeConnections', status: 400 })).toBe(5);
    // Every throttled attempt was the kit's own (with the SDK's 3 attempts nested, the kit would have seen 2).
    expect(logged.map((f) => f?.attempt)).toEqual([1, 2, 3, 4, 5]);
    expect(logged.every((f) => f?.errorClass === 'throttling')).toBe(true);
  });

  test('under the kit\'s retries, a 5xx is still retried by the SDK inside one kit attempt', async () => {
    em.faults.add({ service: 'directconnect', operation: 'DescribeConnections', kind: 'error', status: 503, count: 1 });
    const lines: string[] = [];
    const logger = new Logger();
    const warn = jest.spyOn(logger, 'warn').mockImplementation((msg) => { lines.push(msg); });
    const out = await withInvocationRetryBudget(() => retryingCaller()({ ...ctx, logger }, 'DescribeConnections', describe3));
    expect(out.connections).toBeDefined();
    expect(attempts()).toBe(2);
    // The SDK retried it: the kit's loop saw no error at all.
    expect(lines).toEqual([]);
    warn.mockRestore();
  });
});
