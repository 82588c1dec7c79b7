import { performance } from 'node:perf_hooks';
import type { RunResult } from '../metrics/result.js';
import { buildSimulation, withSeed, type Registry, type RunOptions, type Scenario } from '../scenario/index.js';

/** One cell of an experiment: which variant, policy and seed to run (absent: the scenario's own). */
export interface RunCell {
  variant: string | null;
  policy?: string;
  /** Another seed compiles the scenario's document again with it (node kinds expand with the seed). */
  seed?: number;
}

export interface RunScenarioOptions extends RunOptions {
  /** The registry the scenario was parsed with (default: the built-ins). */
  registry?: Registry;
  /** `--timeseries WINDOW` (seconds): record a time series with this window (BuildOptions.timeseries). */
  timeseries?: number;
}

/**
 * Runs one scenario cell and returns its result. `wall.seconds` (compile for another seed, build and
 * run, measured here with performance.now(), outside the simulation) is the only part of the result
 * that may differ between identical runs.
 */
export function runScenario(s: Scenario, cell: RunCell, opts: RunScenarioOptions = {}): RunResult {
  const t0 = performance.now();
  const { registry, timeseries, ...run } = opts;
  const seeded = cell.seed === undefined ? s : withSeed(s, cell.seed, { registry });
  const sim = buildSimulation(seeded, { variant: cell.variant, policy: cell.policy, registry, timeseries });
  const result = sim.run(run);
  result.wall = { seconds: Math.round(performance.now() - t0) / 1000 };
  return result;
}
