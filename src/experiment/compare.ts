import { readSource, Registry, resolveVariant, variantNames, type Scenario } from '../scenario/index.js';
import { parseSource } from '../scenario/source.js';
import type { SetFlag, SweepFlag } from '../scenario/sweep.js';
import { compileSwept } from '../scenario/sweep-points.js';
import { matrixCells, type MatrixSpec } from './cells.js';
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
  const { plan, points } = compileSwept(doc, flags, { registry: options.registry ?? Registry.builtins });
  return {
    scenarios: new Map(points.map((p) => [p.point.index, p.scenario])),
    sweeps: plan.sweeps.map((s) => ({ name: s.name, at: s.at, values: [...s.values] })),
    sets: plan.sets.map((s) => ({ at: s.at, value: s.value })),
  };
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
  matrixCells(spec); // validates
  return spec;
}

/** Runs a scenario file's comparison matrix (or one shard of it) and assembles the results file. */
export async function compareScenario(file: string, options: CompareOptions = {}): Promise<ComparisonFile> {
  // The text is read once: the main thread hashes exactly what every worker parses.
  const text = readSource(file);
  const setup = setupSweeps({ file, text }, options);
  // Variant names and policies are the same at every point: the first point's scenario plans the matrix.
  const scenario = setup.scenarios.get(0)!;
  const spec = planMatrix(scenario, options, setup);
  const source: ScenarioSource = { file, text, sweeps: spec.sweeps, sets: spec.sets };
  const name = scenario.name;
  const shard = options.shard ?? null;
  const all = matrixCells(spec);
  const cells = shard ? shardCells(all, shard) : all;
  const runs = await runCells(source, cells, { ...options, compiled: setup.scenarios });
  // The picture shows the heaviest point (the last in grid order): where the design is pushed hardest.
  const points = [...setup.scenarios.keys()].sort((a, b) => a - b).map((k) => setup.scenarios.get(k)!);
  const shapes = topologies(points, spec.variants);
  return comparisonFile({ name, hash: scenarioHash(source.text) }, spec, shard, runs, undefined, shapes);
}
