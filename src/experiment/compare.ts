import {
  checkTimeseries,
  readSource,
  Registry,
  resolveVariant,
  variantNames,
  type Scenario,
} from '../scenario/index.js';
import { parseSource, type SourceDocument } from '../scenario/source.js';
import type { SetFlag, SweepFlag } from '../scenario/sweep.js';
import { compileSwept, planSweeps } from '../scenario/sweep-points.js';
import { checkMatrix, matrixCells, type MatrixSpec } from './cells.js';
import { CellJournal } from './journal.js';
import { netsimVersion } from './version.js';
import type { RunResult } from '../metrics/index.js';
import type { Problem } from '../spec/problems.js';
import { comparisonFile, scenarioHash, type ComparisonFile } from './comparison.js';
import { DEFAULT_REPLICATIONS } from './defaults.js';
import { ExperimentError } from './errors.js';
import type { SetSpec, SweepSpec } from './grid.js';
import type { ScenarioSource } from './points.js';
import { runCells, type RunCellsOptions } from './run-cells.js';
import { shardCells, type Shard } from './shard.js';
import { topologies } from './topology.js';

export { DEFAULT_REPLICATIONS };

export interface CompareOptions extends RunCellsOptions {
  /** Default: every variant of the scenario, in file order (or the base when it has none). */
  variants?: readonly string[];
  /** Default: the scenario's policy (each variant's own if the variants differ). */
  policies?: readonly string[];
  replications?: number;
  /** First seed; default the scenario's. */
  seed?: number;
  /** Run only this slice of the matrix. */
  shard?: Shard | null;
  /** `--sweep KEY=v1,...`: replace the values of the file's sweep KEY, or sweep the key path KEY. */
  sweeps?: readonly SweepFlag[];
  /** `--set PATH=VALUE`: set a key in every cell. */
  sets?: readonly SetFlag[];
  /**
   * Save each finished run in this directory (src/experiment/journal.ts), so an interrupted
   * comparison can resume; removed once the comparison is complete. Absent: nothing is saved.
   */
  journal?: string;
  /** Reuse the runs saved in `journal` by an interrupted comparison of the same identity. */
  resume?: boolean;
  /** Told how many runs were reused from the journal (before any run). */
  onResumed?: (reused: number, total: number) => void;
  /** Told the scenario's warnings (valid keys with no effect) of every sweep point, once compiled, before any run. */
  onWarnings?: (warnings: Problem[]) => void;
  /** Told once if runs cannot be saved in the journal (the comparison goes on; it cannot be resumed). */
  onJournalProblem?: (problem: string) => void;
  /** `--timeseries WINDOW` (seconds): every run records a time series with this window. */
  timeseries?: number;
}

/** The scenario at every sweep point, and the sweeps and sets as the matrix records them. */
export interface SweepSetup {
  /** The scenario at each point, by point index (one point, the file as written, without sweeps). */
  scenarios: Map<number, Scenario>;
  sweeps: SweepSpec[];
  sets: SetSpec[];
}

/**
 * Reads the file's sweep block and the flags, and compiles every point: every problem of every
 * point (a key path that names nothing, a value the key refuses, a flag) is thrown together as one
 * ScenarioError, before anything runs.
 */
export function setupSweeps(source: { file: string; text: string }, options: CompareOptions = {}): SweepSetup {
  const doc = parseSource(source.text, source.file);
  const flags = { sweeps: options.sweeps, sets: options.sets };
  checkRunCount(doc, planSweeps(doc, flags).points.length, options);
  const { plan, points } = compileSwept(doc, flags, {
    registry: options.registry ?? Registry.builtins,
    limits: options.limits,
  });
  return {
    scenarios: new Map(points.map((p) => [p.point.index, p.scenario])),
    sweeps: plan.sweeps.map((s) => ({ name: s.name, at: s.at, values: [...s.values] })),
    sets: plan.sets.map((s) => ({ at: s.at, value: s.value })),
  };
}

/**
 * The runs of the matrix bounded before any sweep point is compiled (each takes time): variants as
 * the file names them (or --variants), policies, points and replications; checkMatrix checks the
 * exact number again once the matrix is planned.
 */
function checkRunCount(doc: SourceDocument, points: number, options: CompareOptions): void {
  const data = doc.data as { variants?: unknown } | null;
  const declared = typeof data?.variants === 'object' && data.variants !== null ? Object.keys(data.variants).length : 0;
  const variants = options.variants?.length ?? Math.max(1, declared);
  const policies = options.policies?.length ?? 1;
  const replications = options.replications ?? DEFAULT_REPLICATIONS;
  checkMatrix({
    variants: Array.from({ length: variants }, (_, i) => `v${i}`),
    policies: Array.from({ length: policies }, (_, i) => `p${i}`),
    seed: 0,
    replications,
    ...(points > 1
      ? { sweeps: [{ name: 'grid', at: 'grid', values: Array.from({ length: points }, (_, i) => i) }] }
      : {}),
  });
}

/**
 * The matrix a comparison of this scenario runs, with every name checked against the scenario; `grid`:
 * the sweeps and `--set` keys it records (from {@link setupSweeps}).
 */
export function planMatrix(
  scenario: Scenario,
  options: CompareOptions = {},
  grid: { sweeps?: readonly SweepSpec[]; sets?: readonly SetSpec[] } = {},
): MatrixSpec {
  const known = variantNames(scenario);
  const variants: Array<string | null> = options.variants ? [...options.variants] : known.length > 0 ? known : [null];
  const unknownVariants = variants.filter((v) => v !== null && !known.includes(v));
  if (unknownVariants.length > 0) {
    const names = unknownVariants.map((v) => `'${v}'`).join(', ');
    const has = known.length > 0 ? known.join(', ') : 'no variants';
    throw new ExperimentError(`${scenario.file}: no variant ${names} (the scenario has ${has})`);
  }
  let policies: Array<string | null>;
  if (options.policies) {
    const registry = options.registry ?? Registry.builtins;
    const problems = options.policies.map((p) => registry.policyProblem(p)).filter((p) => p !== null);
    if (problems.length > 0) throw new ExperimentError(`--policies: ${problems.join('; ')}`);
    policies = [...options.policies];
  } else {
    const own = new Set(variants.map((v) => resolveVariant(scenario, v).routing.policy));
    policies = own.size === 1 ? [...own] : [null];
  }
  const spec: MatrixSpec = {
    variants,
    policies,
    seed: options.seed ?? scenario.seed,
    replications: options.replications ?? DEFAULT_REPLICATIONS,
  };
  if (grid.sweeps && grid.sweeps.length > 0) spec.sweeps = [...grid.sweeps];
  if (grid.sets && grid.sets.length > 0) spec.sets = [...grid.sets];
  if (options.timeseries !== undefined) spec.timeseries = options.timeseries;
  matrixCells(spec); // validates
  return spec;
}

/** `--timeseries` within the recording bounds at every sweep point and variant, before anything runs. */
function checkTimeseriesAtPoints(scenarios: Iterable<Scenario>, window: number): void {
  for (const s of scenarios)
    for (const v of [s, ...Object.values(s.variants)]) {
      const problem = checkTimeseries(v, window);
      if (problem) throw new ExperimentError(`--timeseries: ${problem}`);
    }
}

/** Runs a scenario file's comparison matrix (or one shard of it) and assembles the results file. */
export async function compareScenario(file: string, options: CompareOptions = {}): Promise<ComparisonFile> {
  // The text is read once: the main thread hashes exactly what every worker parses.
  const text = readSource(file);
  const setup = setupSweeps({ file, text }, options);
  // Variant names and policies are the same at every point: the first point's scenario plans the matrix.
  const scenario = setup.scenarios.get(0)!;
  options.onWarnings?.([...setup.scenarios.values()].flatMap((s) => s.warnings));
  const spec = planMatrix(scenario, options, setup);
  if (spec.timeseries !== undefined) checkTimeseriesAtPoints(setup.scenarios.values(), spec.timeseries);
  const source: ScenarioSource = { file, text, sweeps: spec.sweeps, sets: spec.sets, timeseries: spec.timeseries };
  // What the results file will say it is: also the identity of the journal's runs.
  const header: JournalHeader = {
    netsim: netsimVersion(),
    scenario: { name: scenario.name, hash: scenarioHash(text) },
    matrix: spec,
  };
  const shard = options.shard ?? null;
  const all = matrixCells(spec);
  const cells = shard ? shardCells(all, shard) : all;
  const journal = options.journal === undefined ? null : journalOf(options.journal, header, options.registry);
  if (journal) journal.onProblem = options.onJournalProblem;
  const reused = journal && options.resume ? journal.load(cells) : new Map<number, RunResult>();
  options.onResumed?.(reused.size, cells.length);
  const todo = cells.filter((c) => !reused.has(c.index));
  const fresh = await runCells(source, todo, {
    ...options,
    compiled: setup.scenarios,
    onResult: journal ? (cell, result) => journal.save(cell, result) : undefined,
    onProgress: (done) => options.onProgress?.(reused.size + done, cells.length),
  });
  const byIndex = new Map(todo.map((c, k) => [c.index, fresh[k]]));
  const runs = cells.map((c) => reused.get(c.index) ?? byIndex.get(c.index)!);
  // The picture shows the heaviest point (the last in grid order): where the design is pushed hardest.
  const points = [...setup.scenarios.keys()].sort((a, b) => a - b).map((k) => setup.scenarios.get(k)!);
  const shapes = topologies(points, spec.variants);
  return comparisonFile(header.scenario, spec, shard, runs, header.netsim, shapes);
}

/** What identifies a comparison's runs: the results file's netsim version, scenario and matrix. */
type JournalHeader = Pick<ComparisonFile, 'netsim' | 'scenario' | 'matrix'>;

/** The journal of a comparison's runs: its identity is the results file's header and the registry's modules. */
function journalOf(dir: string, header: JournalHeader, registry: Registry = Registry.builtins): CellJournal {
  return new CellJournal(dir, {
    netsim: header.netsim,
    scenarioHash: header.scenario.hash,
    modules: [...(registry.modules ?? [])],
    matrix: header.matrix,
  });
}

/**
 * After the files of a comparison (or shard) are written: removes its saved runs from the journal
 * directory (and the directory once empty). Until then, an interrupted command keeps them.
 */
export function clearJournal(dir: string, file: ComparisonFile, registry: Registry = Registry.builtins): void {
  const journal = journalOf(dir, file, registry);
  const all = matrixCells(file.matrix);
  journal.clear(file.shard ? shardCells(all, file.shard) : all);
}
