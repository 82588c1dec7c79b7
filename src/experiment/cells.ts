import { MATRIX_LIMITS } from './defaults.js';
import { ExperimentError } from './errors.js';
import { gridPoints, type PointLabels, type SetSpec, type SweepSpec } from './grid.js';

export { MATRIX_LIMITS };

/**
 * What a comparison runs: every variant x every policy x every sweep point x `replications` seeds
 * from `seed` (the same seeds at every point: common random numbers).
 */
export interface MatrixSpec {
  /** Variant names; `null` is the scenario without variants. */
  variants: ReadonlyArray<string | null>;
  /** Routing policy names; `null` is each variant's own policy, as its scenario says. */
  policies: ReadonlyArray<string | null>;
  seed: number;
  replications: number;
  /** The swept keys and their values (absent: no sweep; the matrix is one point). */
  sweeps?: SweepSpec[];
  /** Keys `--set` fixed in every cell (absent: none). */
  sets?: SetSpec[];
  /** `--timeseries WINDOW` (seconds): every run records a time series with this window (absent: the file's). */
  timeseries?: number;
}

/** One run of the matrix. `index` is its place in the canonical order. */
export interface Cell {
  index: number;
  variant: string | null;
  policy: string | null;
  /** Its sweep point's index in grid order (0 without sweeps). */
  point: number;
  /** The point's values (absent without sweeps): what the run's result carries as `sweep`. */
  sweep?: PointLabels;
  seed: number;
}

export function checkMatrix(spec: MatrixSpec): void {
  const problems: string[] = [];
  if (!Number.isInteger(spec.replications) || spec.replications < 1)
    problems.push(`replications must be an integer >= 1 (got ${spec.replications})`);
  else if (spec.replications > MATRIX_LIMITS.replications)
    problems.push(`replications must be at most ${MATRIX_LIMITS.replications} (got ${spec.replications})`);
  if (!Number.isInteger(spec.seed) || spec.seed < 0) problems.push(`seed must be an integer >= 0 (got ${spec.seed})`);
  // Replication k runs seed + k: every seed must stay an exact integer.
  else if (Number.isInteger(spec.replications) && spec.seed > Number.MAX_SAFE_INTEGER - (spec.replications - 1))
    problems.push(
      `seeds ${spec.seed} to ${spec.seed} + ${spec.replications - 1} go past ${Number.MAX_SAFE_INTEGER}, ` +
        'the largest exact integer: use a smaller seed',
    );
  if (spec.variants.length === 0) problems.push('at least one variant is needed');
  if (spec.policies.length === 0) problems.push('at least one policy is needed');
  if (new Set(spec.variants).size !== spec.variants.length)
    problems.push(`variants are repeated: ${spec.variants.join(', ')}`);
  if (new Set(spec.policies).size !== spec.policies.length)
    problems.push(`policies are repeated: ${spec.policies.join(', ')}`);
  const names = (spec.sweeps ?? []).map((s) => s.name);
  if (new Set(names).size !== names.length) problems.push(`sweeps are repeated: ${names.join(', ')}`);
  for (const s of spec.sweeps ?? []) if (s.values.length === 0) problems.push(`sweep ${s.name} has no values`);
  if (problems.length === 0) {
    const points = (spec.sweeps ?? []).reduce((n, s) => n * s.values.length, 1);
    const cells = spec.variants.length * spec.policies.length * points * spec.replications;
    if (cells > MATRIX_LIMITS.cells)
      problems.push(
        `the matrix has ${cells} runs (${spec.variants.length} variant(s) x ${spec.policies.length} ` +
          `polic${spec.policies.length === 1 ? 'y' : 'ies'} x ${points} sweep point(s) x ${spec.replications} ` +
          `replication(s)); at most ${MATRIX_LIMITS.cells}: split the study into several comparisons`,
      );
  }
  if (problems.length > 0) throw new ExperimentError(problems.join('; '));
}

/** The seeds of the replications: seed, seed + 1, ..., the same in every variant and policy (common random numbers). */
export function seedsOf(spec: MatrixSpec): number[] {
  return Array.from({ length: spec.replications }, (_, i) => spec.seed + i);
}

/**
 * Every cell in the canonical order: variant, then policy, then sweep point (grid order), then seed.
 * Results are always kept in this order.
 */
export function matrixCells(spec: MatrixSpec): Cell[] {
  checkMatrix(spec);
  const swept = (spec.sweeps ?? []).length > 0;
  const points = gridPoints(spec.sweeps);
  const cells: Cell[] = [];
  for (const variant of spec.variants) {
    for (const policy of spec.policies) {
      points.forEach((labels, point) => {
        for (const seed of seedsOf(spec))
          cells.push({ index: cells.length, variant, policy, point, ...(swept ? { sweep: labels } : {}), seed });
      });
    }
  }
  return cells;
}

/** A readable name for a cell's variant (the scenario without variants is "base"). */
export function variantLabel(variant: string | null): string {
  return variant ?? 'base';
}

/** A readable name for a cell's policy (null: each variant's own). */
export function policyLabel(policy: string | null): string {
  return policy ?? 'scenario policy';
}
