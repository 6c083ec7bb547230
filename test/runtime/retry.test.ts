import { Logger } from '../../src/runtime/logger';
import { retryingCaller } from '../../src/runtime/retry';

const ctx = { logger: new Logger() };
const fail = (name: string, message = name) => Object.assign(new Error(message), { name });

/** A call that fails with the given errors in turn, then succeeds; counts its attempts. */
function flaky(...errors: Error[]) {
  const calls = { n: 0 };
  const fn = async () => {
    calls.n++;
    if (calls.n <= errors.length) throw errors[calls.n - 1];
    return 'ok';
  };
  return { fn, calls };
}

describe('retryingCaller', () => {
  beforeAll(() => { process.env.HYBRID_CONNECTIVITY_RETRY_BASE_MS = '1'; });
  afterAll(() => { delete process.env.HYBRID_CONNECTIVITY_RETRY_BASE_MS; });

  test('retries IAM propagation, throttling and 5xx on its own', async () => {
    const { fn, calls } = flaky(fail('AccessDeniedException'), fail('ThrottlingException'), fail('InternalServerException'));
    await expect(retryingCaller()(ctx, 'Op', fn)).resolves.toBe('ok');
    expect(calls.n).toBe(4);
  });

  test('does not retry a conflict unless asked to', async () => {
    const plain = flaky(fail('ConflictException'));
    await expect(retryingCaller()(ctx, 'Op', plain.fn)).rejects.toThrow('ConflictException');
    expect(plain.calls.n).toBe(1);
    const busy = flaky(fail('ConflictException'), fail('ConflictException'));
    await expect(retryingCaller({ alsoRetryOn: ['conflict'] })(ctx, 'Op', busy.fn)).resolves.toBe('ok');
    expect(busy.calls.n).toBe(3);
  });

  test('a service not-found rule stops retries at once', async () => {
    const gone = flaky(fail('DirectConnectClientException', 'Connection dxcon-abcd1234 not found'));
    const call = retryingCaller({ notFoundRules: [(e) => /not found/.test(e.message ?? '')] });
    await expect(call(ctx, 'Op', gone.fn)).rejects.toThrow('not found');
    expect(gone.calls.n).toBe(1);
  });

  test('gives up after the bounded number of attempts', async () => {
    const { fn, calls } = flaky(...Array.from({ length: 20 }, () => fail('ThrottlingException')));
    await expect(retryingCaller()(ctx, 'Op', fn)).rejects.toThrow('ThrottlingException');
    expect(calls.n).toBe(8);
  });

  test('with time left in the invocation, throttling is retried past the attempt limit until it succeeds', async () => {
    const { fn, calls } = flaky(...Array.from({ length: 20 }, () => fail('ThrottlingException')));
    const withTime = { ...ctx, invocationRemainingMs: () => 60_000 };
    await expect(retryingCaller()(withTime, 'Op', fn)).resolves.toBe('ok');
    expect(calls.n).toBe(21);
  });

  test('with time left, other retryable errors still stop at the attempt limit', async () => {
    const { fn, calls } = flaky(...Array.from({ length: 20 }, () => fail('InternalServerException')));
    const withTime = { ...ctx, invocationRemainingMs: () => 60_000 };
    await expect(retryingCaller()(withTime, 'Op', fn)).rejects.toThrow('InternalServerException');
    expect(calls.n).toBe(8);
  });

  test('the delay after throttling stays within the first delay, while other errors keep doubling', async () => {
    process.env.HYBRID_CONNECTIVITY_RETRY_BASE_MS = '10';
    const random = jest.spyOn(Math, 'random').mockReturnValue(0.999);
    const delays: Record<string, number[]> = { throttling: [], transient: [] };
    const logger = new Logger();
    jest.spyOn(logger, 'warn').mockImplementation((_msg, fields) => { delays[String(fields?.errorClass)].push(Number(fields?.delayMs)); });
    try {
      const throttled = flaky(...Array.from({ length: 6 }, () => fail('ThrottlingException')));
      await expect(retryingCaller()({ logger, invocationRemainingMs: () => 60_000 }, 'Op', throttled.fn)).resolves.toBe('ok');
      const broken = flaky(...Array.from({ length: 6 }, () => fail('InternalServerException')));
      await expect(retryingCaller()({ logger }, 'Op', broken.fn)).resolves.toBe('ok');
    } finally {
      random.mockRestore();
      process.env.HYBRID_CONNECTIVITY_RETRY_BASE_MS = '1';
    }
    expect(delays.throttling).toEqual([9, 9, 9, 9, 9, 9]);
    expect(delays.transient).toEqual([9, 19, 39, 79, 159, 199]);
  });

  test('no delay is started that would outlast the invocation: throttling gives up when the time is spent', async () => {
    let left = 3;
    const { fn, calls } = flaky(...Array.from({ length: 50 }, () => fail('ThrottlingException')));
    const counted = async () => { left--; return fn(); };
    await expect(retryingCaller()({ ...ctx, invocationRemainingMs: () => left }, 'Op', counted)).rejects.toThrow('ThrottlingException');
    expect(calls.n).toBeLessThanOrEqual(3);
    const none = flaky(fail('ThrottlingException'));
    await expect(retryingCaller()({ ...ctx, invocationRemainingMs: () => 0 }, 'Op', none.fn)).rejects.toThrow('ThrottlingException');
    expect(none.calls.n).toBe(1);
  });
});
