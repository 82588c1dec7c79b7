import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** What a pool worker posts back for each task. */
export type WorkerReply<R> =
  { index: number; ok: true; value: R } | { index: number; ok: false; error: string; stack?: string };

/** A task failed in a worker: which one, the worker's message, and its stack there. */
export class TaskError extends Error {
  constructor(
    readonly index: number,
    readonly detail: string,
    readonly workerStack?: string,
  ) {
    super(detail);
  }
}

/**
 * Runs tasks on `size` worker threads, one task per worker at a time, and resolves with the
 * values in task order whatever order they finish in. The first failure rejects (a TaskError, or
 * an Error when a worker dies) and stops every worker. `script` must be JavaScript: a worker cannot
 * load TypeScript sources, so it is resolved next to the calling module's compiled file.
 */
export function runInWorkers<T extends { index: number }, R>(
  script: URL,
  workerData: unknown,
  tasks: readonly T[],
  size: number,
  onDone?: (done: number, total: number, task: T, value: R) => void,
): Promise<R[]> {
  if (!existsSync(fileURLToPath(script))) {
    return Promise.reject(
      new Error(
        `parallel runs need the compiled worker ${fileURLToPath(script)}: run \`npm run build\` first, or run with ` +
          `one job`,
      ),
    );
  }
  const results: R[] = new Array(tasks.length);
  const position = new Map(tasks.map((t, i) => [t.index, i]));
  let next = 0;
  let done = 0;
  const workers: Worker[] = [];
  return new Promise<R[]>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | null) => {
      if (settled) return;
      settled = true;
      for (const w of workers) void w.terminate();
      if (error) reject(error);
      else resolve(results);
    };
    const feed = (w: Worker) => {
      if (next < tasks.length) w.postMessage(tasks[next++]);
    };
    if (tasks.length === 0) return finish(null);
    for (let i = 0; i < Math.min(size, tasks.length); i++) {
      const w = new Worker(script, { workerData });
      workers.push(w);
      w.on('message', (reply: WorkerReply<R>) => {
        if (settled) return;
        if (!reply.ok) return finish(new TaskError(reply.index, reply.error, reply.stack));
        const at = position.get(reply.index)!;
        results[at] = reply.value;
        done++; // not inside `onDone?.(...)`: an absent callback would skip evaluating its arguments
        onDone?.(done, tasks.length, tasks[at], reply.value);
        if (done === tasks.length) finish(null);
        else feed(w);
      });
      w.on('error', (e) => finish(e instanceof Error ? e : new Error(String(e))));
      w.on('exit', (code) => {
        if (!settled) finish(new Error(`a worker thread exited (code ${code}) before the runs were done`));
      });
      feed(w);
    }
  });
}
