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
});
