import { runGraph } from '../../../local/runner/run-graph';

const tick = () => new Promise((r) => setTimeout(r, 5));

test('runs each node after its dependencies, in parallel up to the limit', async () => {
  const deps: Record<string, string[]> = { a: [], b: [], c: ['a', 'b'], d: ['c'], e: [] };
  const order: string[] = [];
  let running = 0;
  let peak = 0;
  const result = await runGraph(Object.keys(deps), (id) => deps[id], 2, async (id) => {
    running++;
    peak = Math.max(peak, running);
    await tick();
    order.push(id);
    running--;
  });
  expect(result.failures).toEqual([]);
  expect(order.indexOf('c')).toBeGreaterThan(Math.max(order.indexOf('a'), order.indexOf('b')));
  expect(order.indexOf('d')).toBeGreaterThan(order.indexOf('c'));
  expect(peak).toBe(2);
});

test('starts nothing new after a failure, lets running tasks finish, and reports what never started', async () => {
  const finished: string[] = [];
  const result = await runGraph(['slow', 'bad', 'after'], (id) => (id === 'after' ? ['bad'] : []), 5, async (id) => {
    if (id === 'bad') throw new Error('no');
    await tick();
    finished.push(id);
  });
  expect(result.failures.map((f) => f.id)).toEqual(['bad']);
  expect(finished).toEqual(['slow']);
  expect(result.notStarted).toEqual(['after']);
});

test('ignores dependencies outside the set', async () => {
  const result = await runGraph(['x'], () => ['elsewhere'], 1, async () => undefined);
  expect(result.succeeded).toEqual(['x']);
});

describe('cancelOnFailure', () => {
  test('aborts the signal of every running task at the first failure; they may end early, and nothing new starts', async () => {
    const seen: string[] = [];
    const result = await runGraph(['slow', 'bad', 'next'], (id) => (id === 'next' ? ['slow'] : []), 5, (id, signal) => {
      if (id === 'bad') return Promise.reject(new Error('no'));
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, 10_000);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          seen.push(`${id} aborted`);
          reject(new Error(`${id} cancelled`));
        });
      });
    }, { cancelOnFailure: true });

    expect(seen).toEqual(['slow aborted']);
    expect(result.failures.map((f) => [f.id, (f.error as Error).message])).toEqual([['bad', 'no'], ['slow', 'slow cancelled']]);
    expect(result.notStarted).toEqual(['next']);
  });

  test('without it the signal is never aborted', async () => {
    let aborted: boolean | undefined;
    await runGraph(['slow', 'bad'], () => [], 5, async (id, signal) => {
      if (id === 'bad') throw new Error('no');
      await tick();
      aborted = signal.aborted;
    });
    expect(aborted).toBe(false);
  });
});
