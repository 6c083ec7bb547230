import { setMaxListeners } from 'events';
/** How a graph run ended. */
export interface GraphRunResult {
  /** Nodes whose task succeeded, in the order they finished. */
  readonly succeeded: string[];
  /** Nodes whose task threw, in the order they failed; the first is the cause. */
  readonly failures: Array<{ readonly id: string; readonly error: unknown }>;
  /** Nodes never started because something failed first. */
  readonly notStarted: string[];
}

export interface GraphRunOptions {
  /**
   * Abort the signal every running task was given as soon as one task fails, as CloudFormation cancels
   * the creates and updates still in progress when a resource fails. The tasks decide what an abort
   * means to them; their failures after it are listed after the cause. When false, running tasks are
   * left to finish. @default false
   */
  readonly cancelOnFailure?: boolean;
}

/**
 * Run one task per node, each after the nodes it depends on have succeeded, at most `concurrency` at once.
 * After the first failure nothing new starts; the tasks already running finish, or are cancelled through
 * their signal with `cancelOnFailure`. Dependencies on nodes outside `ids` are ignored.
 */
export async function runGraph(
  ids: string[],
  dependencies: (id: string) => Iterable<string>,
  concurrency: number,
  task: (id: string, signal: AbortSignal) => Promise<void>,
  options: GraphRunOptions = {},
): Promise<GraphRunResult> {
  const cancel = new AbortController();
  // Every task of the graph (hundreds, in a large stack) listens on this one signal while it runs.
  setMaxListeners(0, cancel.signal);
  const members = new Set(ids);
  const waitingOn = new Map<string, Set<string>>();
  const dependents = new Map<string, string[]>();
  for (const id of ids) {
    const deps = new Set([...dependencies(id)].filter((d) => members.has(d) && d !== id));
    waitingOn.set(id, deps);
    for (const d of deps) dependents.set(d, [...(dependents.get(d) ?? []), id]);
  }

  const ready = ids.filter((id) => waitingOn.get(id)!.size === 0);
  const started = new Set<string>();
  const succeeded: string[] = [];
  const failures: Array<{ id: string; error: unknown }> = [];
  const limit = Math.max(1, Math.floor(concurrency));

  await new Promise<void>((resolve) => {
    let running = 0;
    const pump = () => {
      while (failures.length === 0 && running < limit && ready.length > 0) {
        const id = ready.shift()!;
        started.add(id);
        running++;
        task(id, cancel.signal).then(() => {
          succeeded.push(id);
          for (const next of dependents.get(id) ?? []) {
            const pending = waitingOn.get(next)!;
            pending.delete(id);
            if (pending.size === 0) ready.push(next);
          }
        }, (error: unknown) => {
          failures.push({ id, error });
          if (options.cancelOnFailure && !cancel.signal.aborted) cancel.abort();
        }).finally(() => {
          running--;
          pump();
        });
      }
      if (running === 0) resolve();
    };
    pump();
  });

  return { succeeded, failures, notStarted: ids.filter((id) => !started.has(id)) };
}
