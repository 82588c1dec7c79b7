import { availableParallelism } from 'node:os';
import type { RunResult } from '../metrics/index.js';
import { Registry, type RunLimits, type Scenario } from '../scenario/index.js';
import { policyLabel, variantLabel, type Cell } from './cells.js';
import { pointLabel } from './grid.js';
import { PointScenarios, type ScenarioSource } from './points.js';
import { runInWorkers, TaskError } from './pool.js';
import { runScenario } from './run.js';
import { runResultSchema } from './shard-schema.js';

export type { ScenarioSource };

export interface RunCellsOptions {
  /** Worker threads; default one per core; 1 runs in this thread. */
  jobs?: number;
  /**
   * The node kinds and routing policies (default: the built-ins). Workers rebuild it from the
   * module URLs it was extended with (`Registry.withModule`); one extended in code runs with one job.
   */
  registry?: Registry;
  /** Called with 0 done before the first run, then after each run. */
  onProgress?: (done: number, total: number) => void;
  /** Called with each finished run as soon as it is done (any order), before onProgress: the journal saves it. */
  onResult?: (cell: Cell, result: RunResult) => void;
  /** Events and memory allowed beyond the defaults (`--max-events`, `--max-memory`): checked, then watched. */
  limits?: RunLimits;
  /** Sweep points already compiled (by point index), so a run in this thread does not compile them again. */
  compiled?: ReadonlyMap<number, Scenario>;
}

/** What a worker receives at start: the scenario source (text, sweeps, sets) and the registry's modules. */
export interface WorkerSetup {
  source: ScenarioSource;
  modules: string[];
  limits: RunLimits;
}

export function defaultJobs(): number {
  return availableParallelism();
}

const describe = (c: Cell) =>
  `variant ${variantLabel(c.variant)}, policy ${policyLabel(c.policy)}, ` +
  `${c.sweep ? `at ${pointLabel(c.sweep)}, ` : ''}seed ${c.seed}`;

/**
 * Runs one cell: its point's scenario with its variant, policy and seed. A cell of a sweep carries
 * its point as `sweep`, right after `seed` (SCENARIO-FORMAT.md, Sweeps).
 */
export function runCell(points: PointScenarios, cell: Cell, registry: Registry, limits: RunLimits = {}): RunResult {
  const run = { variant: cell.variant, policy: cell.policy ?? undefined, seed: cell.seed };
  const timeseries = points.timeseries;
  const result = runScenario(points.at(cell.point), run, {
    registry,
    limits,
    ...(timeseries ? { timeseries } : {}),
  });
  if (cell.sweep === undefined) return result;
  const { format, scenario, variant, policy, seed, ...rest } = result;
  return { format, scenario, variant, policy, seed, sweep: { ...cell.sweep }, ...rest };
}

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
  const registry = options.registry ?? Registry.builtins;
  if (jobs > 1 && registry.modules === null)
    throw new Error(
      'a registry extended in code cannot reach worker threads: export its kinds and policies from a module ' +
        'and add them with Registry.withModule(url), or run with one job',
    );
  options.onProgress?.(0, cells.length);
  if (jobs === 1) {
    const limits = options.limits ?? {};
    const points = new PointScenarios(source, registry, options.compiled, limits);
    const results: RunResult[] = [];
    for (const cell of cells) {
      let result: RunResult;
      try {
        result = runCell(points, cell, registry, limits);
      } catch (e) {
        throw new Error(`${describe(cell)}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
      results.push(result);
      options.onResult?.(cell, result);
      options.onProgress?.(results.length, cells.length);
      // Let timers run (the progress bar redraws on one) between runs that each hold the thread.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return results;
  }
  const setup: WorkerSetup = { source, modules: [...(registry.modules ?? [])], limits: options.limits ?? {} };
  // A run from a worker is a structured clone, whose objects all have Object's prototype: checked against the run
  // schema as it arrives, its id maps get back the null prototype a run made in this thread has (id-record.ts), so
  // onResult and every reader after it index them by id alone. About 10 ms per flagship run (0.85 MB).
  let malformed: string | null = null;
  let results: RunResult[];
  try {
    results = await runInWorkers<Cell, RunResult>(
      new URL('./worker.js', import.meta.url),
      setup,
      cells,
      jobs,
      (done, total, cell, result) => {
        const checked = runResultSchema.safeParse(result);
        if (!checked.success) {
          malformed ??= `${describe(cell)} (from a worker thread): not a run result: ${checked.error.message}`;
          return;
        }
        options.onResult?.(cell, result);
        options.onProgress?.(done, total);
      },
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
  if (malformed !== null) throw new Error(malformed);
  return results;
}
