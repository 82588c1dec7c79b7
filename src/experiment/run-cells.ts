import { availableParallelism } from 'node:os';
import type { RunResult } from '../metrics/index.js';
import { parseScenario } from '../scenario/index.js';
import { policyLabel, variantLabel, type Cell } from './cells.js';
import { runInWorkers, TaskError } from './pool.js';
import { runScenario } from './run.js';

/** A scenario as text: what the main thread hashes and every worker parses. */
export interface ScenarioSource {
  file: string;
  text: string;
}

export interface RunCellsOptions {
  /** Worker threads; default one per core; 1 runs in this thread. */
  jobs?: number;
  /** Module URLs each worker imports first (e.g. one that registers a custom routing policy). */
  preload?: readonly string[];
  /** Called with 0 done before the first run, then after each run. */
  onProgress?: (done: number, total: number) => void;
}

/** What a worker receives at start. */
export interface WorkerSetup {
  file: string;
  text: string;
  preload: string[];
}

export function defaultJobs(): number {
  return availableParallelism();
}

const describe = (c: Cell) => `variant ${variantLabel(c.variant)}, policy ${policyLabel(c.policy)}, seed ${c.seed}`;

/**
 * Runs cells and returns their results in the given order. Each run depends only on the scenario
 * and its cell, so the results are the same bytes (outside `wall`) whether they ran here, one after
 * another, or spread over worker threads.
 */
export async function runCells(
  source: ScenarioSource,
  cells: readonly Cell[],
  options: RunCellsOptions = {},
): Promise<RunResult[]> {
  const jobs = Math.max(1, Math.min(options.jobs ?? defaultJobs(), cells.length));
  options.onProgress?.(0, cells.length);
  if (jobs === 1) {
    for (const url of options.preload ?? []) await import(url);
    const scenario = parseScenario(source.text, source.file);
    const results: RunResult[] = [];
    for (const cell of cells) {
      try {
        results.push(
          runScenario(scenario, { variant: cell.variant, policy: cell.policy ?? undefined, seed: cell.seed }),
        );
      } catch (e) {
        throw new Error(`${describe(cell)}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
      options.onProgress?.(results.length, cells.length);
      // Let timers run (the progress bar redraws on one) between runs that each hold the thread.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return results;
  }
  const setup: WorkerSetup = { file: source.file, text: source.text, preload: [...(options.preload ?? [])] };
  try {
    return await runInWorkers<Cell, RunResult>(
      new URL('./worker.js', import.meta.url),
      setup,
      cells,
      jobs,
      options.onProgress,
    );
  } catch (e) {
    if (e instanceof TaskError) {
      const cell = cells.find((c) => c.index === e.index)!;
      const error = new Error(`${describe(cell)} (in a worker thread): ${e.detail}`);
      if (e.workerStack) error.stack = `${error.message}\n--- in the worker:\n${e.workerStack}`;
      throw error;
    }
    throw e;
  }
}
