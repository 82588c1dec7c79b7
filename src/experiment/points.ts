import { parseScenario, Registry, type RunLimits, type Scenario } from '../scenario/index.js';
import { compile } from '../scenario/compile.js';
import { parseSource } from '../scenario/source.js';
import { compilePoint, restorePlan } from '../scenario/sweep-points.js';
import type { SetSpec, SweepSpec } from './grid.js';

/**
 * A scenario as text, and the keys a comparison sweeps and sets: what the main thread hashes and
 * plans, and every worker parses and compiles again (the same text, so the same scenarios).
 */
export interface ScenarioSource {
  file: string;
  text: string;
  /** Swept keys (absent or empty: one point, the file as written). */
  sweeps?: readonly SweepSpec[];
  /** `--set` keys applied at every point. */
  sets?: readonly SetSpec[];
  /** `--timeseries WINDOW` (seconds): every run records a time series with this window. */
  timeseries?: number;
}

/**
 * The scenario of each sweep point of a source, compiled when first asked for and kept: a worker
 * compiles only the points its cells are at. The main thread has validated every point before
 * any run (src/experiment/compare.ts), so a problem here is not the user's.
 */
export class PointScenarios {
  private readonly cache = new Map<number, Scenario>();

  constructor(
    private readonly source: ScenarioSource,
    private readonly registry: Registry = Registry.builtins,
    compiled: ReadonlyMap<number, Scenario> = new Map(),
    private readonly limits: RunLimits = {},
  ) {
    for (const [point, s] of compiled) this.cache.set(point, s);
  }

  /** `--timeseries` of the source, for the runs (absent: the file's `record`). */
  get timeseries(): number | undefined {
    return this.source.timeseries;
  }

  /** Whether the source sweeps or sets anything (otherwise every cell runs the file as written). */
  get plain(): boolean {
    return (this.source.sweeps ?? []).length === 0 && (this.source.sets ?? []).length === 0;
  }

  at(point: number): Scenario {
    let s = this.cache.get(point);
    if (s === undefined) {
      s = this.compile(point);
      this.cache.set(point, s);
    }
    return s;
  }

  private compile(point: number): Scenario {
    const { file, text, sweeps = [], sets = [] } = this.source;
    const { registry, limits } = this;
    if (this.plain) return parseScenario(text, file, { registry, limits });
    const plan = restorePlan(sweeps, sets);
    const at = plan.points[point];
    if (at === undefined) throw new RangeError(`no sweep point ${point} (the grid has ${plan.points.length})`);
    return compilePoint(parseSource(text, file), plan, at, (doc) => compile(doc, { registry, limits }));
  }
}
