import { WAIT_DEADLINE_DATA_KEY } from '../../src/provider/provider-contract';
import { createIsCompleteHandler, createOnEventHandler, INVOCATION_RESERVE_MS } from '../../src/runtime/dispatch';
import { TerminalError } from '../../src/runtime/errors';
import type { HandlerTable, ResourceHandler } from '../../src/runtime/resource-handler';
import { retryingCaller } from '../../src/runtime/retry';
import { CapturedLogs } from '../helpers/captured-logs';
import { createEvent, TEST_RESPONSE_URL_SECRET } from '../helpers/provider-events';

function table(handler: Partial<ResourceHandler>): HandlerTable {
  return { 'Custom::Test': async () => ({ resourceType: 'Custom::Test', onEvent: async () => ({ physicalResourceId: 'p' }), isComplete: async () => ({ isComplete: true }), ...handler }) };
}

describe('dispatch', () => {
  let logs: CapturedLogs;
  beforeEach(() => { logs = CapturedLogs.start(); });
  afterEach(() => logs.stop());

  test('an unknown resource type fails with a reason that lists what the provider serves', async () => {
    const onEvent = createOnEventHandler(table({}));
    await expect(onEvent(createEvent('Custom::Nope', {}))).rejects.toThrow('This provider does not serve resource type Custom::Nope; it serves Custom::Test.');
  });

  test('onEvent returns the physical id, NoEcho when the handler asks, and the wait deadline', async () => {
    const onEvent = createOnEventHandler(table({ noEcho: true, onEvent: async () => ({ physicalResourceId: 'p-1', data: { A: 1 } }) }));
    const before = Date.now();
    const res = await onEvent(createEvent('Custom::Test', { WaitTimeoutSeconds: '10' }));
    expect(res).toMatchObject({ PhysicalResourceId: 'p-1', NoEcho: true, Data: { A: '1' } });
    const deadline = Number(res.Data[WAIT_DEADLINE_DATA_KEY]);
    expect(deadline).toBeGreaterThanOrEqual(before + 10_000);
    expect(deadline).toBeLessThan(before + 11_000);
  });

  test('the handler never sees ResponseURL or ServiceToken, and nothing logs them', async () => {
    let seen: any;
    const onEvent = createOnEventHandler(table({ onEvent: async (e) => { seen = e; return { physicalResourceId: 'p' }; } }));
    await onEvent(createEvent('Custom::Test', { Name: 'n' }));
    expect(JSON.stringify(seen)).not.toContain(TEST_RESPONSE_URL_SECRET);
    expect(seen.properties).toEqual({ Name: 'n' });
    expect(logs.text()).toContain('request received');
    expect(logs.text()).not.toContain(TEST_RESPONSE_URL_SECRET);
  });

  test('isComplete treats throttling as not yet, and a terminal error as failure', async () => {
    const throttled = createIsCompleteHandler(table({ isComplete: async () => { throw Object.assign(new Error('slow down'), { name: 'ThrottlingException' }); } }));
    await expect(throttled({ ...createEvent('Custom::Test', {}), PhysicalResourceId: 'p' })).resolves.toEqual({ IsComplete: false });
    const failed = createIsCompleteHandler(table({ isComplete: async () => { throw new TerminalError('State is failed.'); } }));
    await expect(failed({ ...createEvent('Custom::Test', {}), PhysicalResourceId: 'p' })).rejects.toThrow('State is failed.');
  });

  test('past the deadline, isComplete fails with the last progress seen', async () => {
    const waiting = createIsCompleteHandler(table({ isComplete: async () => ({ isComplete: false, progress: 'thing is pending' }) }));
    const event = { ...createEvent('Custom::Test', { WaitTimeoutSeconds: '5' }), PhysicalResourceId: 'p', Data: { [WAIT_DEADLINE_DATA_KEY]: String(Date.now() - 1) } };
    await expect(waiting(event)).rejects.toThrow('Timed out after 5s waiting for p (last seen: thing is pending).');
  });

  test('a response over CloudFormation\'s limit fails in onEvent and isComplete, naming the attribute, never cut short', async () => {
    const big = { physicalResourceId: 'p', data: { Huge: 'h'.repeat(5000), Small: 's' } };
    const onEvent = createOnEventHandler(table({ onEvent: async () => big }));
    await expect(onEvent(createEvent('Custom::Test', {}))).rejects.toThrow(/^This resource's response would be \d+ bytes over .* Largest attributes: Huge \(5000 bytes\), /);
    const isComplete = createIsCompleteHandler(table({ isComplete: async () => ({ isComplete: true, data: big.data }) }));
    await expect(isComplete({ ...createEvent('Custom::Test', {}), PhysicalResourceId: 'p' })).rejects.toThrow(/Largest attributes: Huge \(5000 bytes\)/);
    expect(logs.text()).toContain('Largest attributes: Huge');
  });

  describe('a call AWS keeps throttling', () => {
    const saved = process.env.HYBRID_CONNECTIVITY_RETRY_BASE_MS;
    beforeAll(() => { process.env.HYBRID_CONNECTIVITY_RETRY_BASE_MS = '1'; });
    afterAll(() => {
      if (saved === undefined) delete process.env.HYBRID_CONNECTIVITY_RETRY_BASE_MS;
      else process.env.HYBRID_CONNECTIVITY_RETRY_BASE_MS = saved;
    });

    /** A handler whose one call is throttled `times` times, then answers; counts the calls. */
    function throttledTable(times: number) {
      const calls = { n: 0 };
      const call = retryingCaller();
      const send = async () => {
        if (++calls.n <= times) throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      };
      const handlers = table({
        onEvent: async (_e, ctx) => {
          await call(ctx, 'CreateThing', send);
          return { physicalResourceId: 'p' };
        },
        isComplete: async (_e, ctx) => {
          await call(ctx, 'GetThing', send);
          return { isComplete: true };
        },
      });
      return { handlers, calls };
    }

    test('is retried past the attempt limit while the Lambda has time', async () => {
      const { handlers, calls } = throttledTable(15);
      const lambda = { getRemainingTimeInMillis: () => INVOCATION_RESERVE_MS + 60_000 };
      await expect(createOnEventHandler(handlers)(createEvent('Custom::Test', {}), lambda)).resolves.toMatchObject({ PhysicalResourceId: 'p' });
      expect(calls.n).toBe(16);
    });

    test('fails before the Lambda times out, with a reason that says what to do', async () => {
      const { handlers, calls } = throttledTable(1_000);
      const lambda = { getRemainingTimeInMillis: () => INVOCATION_RESERVE_MS };
      await expect(createOnEventHandler(handlers)(createEvent('Custom::Test', {}), lambda))
        .rejects.toThrow(/^ThrottlingException: Rate exceeded\. AWS throttled this call for the whole invocation: .* Retry the deployment, or create fewer of these resources at a time/);
      expect(calls.n).toBe(1);
      expect(logs.text()).toContain('AWS throttled this call for the whole invocation');
    });

    test('in isComplete, stops before its shorter Lambda times out and answers "not yet"', async () => {
      const { handlers, calls } = throttledTable(1_000);
      const lambda = { getRemainingTimeInMillis: () => INVOCATION_RESERVE_MS };
      const event = { ...createEvent('Custom::Test', {}), PhysicalResourceId: 'p' };
      await expect(createIsCompleteHandler(handlers)(event, lambda)).resolves.toEqual({ IsComplete: false });
      expect(calls.n).toBe(1);
    });
  });
});
