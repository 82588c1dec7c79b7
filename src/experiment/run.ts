import { performance } from 'node:perf_hooks';
import type { RunResult } from '../metrics/result.js';
import { buildSimulation, type RunOptions, type Scenario } from '../scenario/index.js';

/** One cell of an experiment: which variant, policy and seed to run (absent: the scenario's own). */
export interface RunCell {
  variant: string | null;
  policy?: string;
  seed?: number;
}

/**
 * Runs one scenario cell and returns its result. `wall.seconds` (build and run, measured here with
 * performance.now(), outside the simulation) is the only part of the result that may differ
 * between identical runs.
 */
export function runScenario(s: Scenario, cell: RunCell, opts: RunOptions = {}): RunResult {
  const t0 = performance.now();
  const sim = buildSimulation(s, cell);
  const result = sim.run(opts);
  result.wall = { seconds: Math.round(performance.now() - t0) / 1000 };
  return result;
}
