import { parseScenario, readSource, Registry, resolveVariant, variantNames, type Scenario } from '../scenario/index.js';
import { matrixCells, type MatrixSpec } from './cells.js';
import { comparisonFile, scenarioHash, type ComparisonFile } from './comparison.js';
import { ExperimentError } from './errors.js';
import { runCells, type RunCellsOptions, type ScenarioSource } from './run-cells.js';
import { shardCells, type Shard } from './shard.js';

/** Default replications: enough for a t interval (9 degrees of freedom) that is not wide by construction. */
export const DEFAULT_REPLICATIONS = 10;

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
}

/** The matrix a comparison of this scenario runs, with every name checked against the scenario. */
export function planMatrix(scenario: Scenario, options: CompareOptions = {}): MatrixSpec {
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
  matrixCells(spec); // validates
  return spec;
}

/** Runs a scenario file's comparison matrix (or one shard of it) and assembles the results file. */
export async function compareScenario(file: string, options: CompareOptions = {}): Promise<ComparisonFile> {
  // The text is read once: the main thread hashes exactly what every worker parses.
  const text = readSource(file);
  const source: ScenarioSource = { file, text };
  const scenario = parseScenario(text, file, { registry: options.registry, limits: options.limits });
  const spec = planMatrix(scenario, options);
  const name = scenario.name;
  const shard = options.shard ?? null;
  const all = matrixCells(spec);
  const cells = shard ? shardCells(all, shard) : all;
  const runs = await runCells(source, cells, options);
  return comparisonFile({ name, hash: scenarioHash(source.text) }, spec, shard, runs);
}
