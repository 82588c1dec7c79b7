import type { RunResult } from '../metrics/index.js';
import { checkMatrix, matrixCells, type Cell, type MatrixSpec } from './cells.js';
import { COMPARISON_FORMAT, comparisonFile, type ComparisonFile } from './comparison.js';
import { ExperimentError } from './errors.js';
import { samePoint, type PointLabels } from './grid.js';
import { checkComparisonFile } from './shard-schema.js';
import { shardCells, shardProblem, type Shard } from './shard.js';
import { clip } from '../spec/clip.js';

/** A results file as read from disk: its path (for messages) and its parsed JSON. */
export interface LoadedFile {
  path: string;
  data: unknown;
}

function asComparison(f: LoadedFile): ComparisonFile {
  const d = f.data as Partial<ComparisonFile> | null;
  if (d === null || typeof d !== 'object' || Array.isArray(d) || d.format !== COMPARISON_FORMAT) {
    const got =
      d !== null && typeof d === 'object' && 'format' in d ? `format ${JSON.stringify(d.format)}` : 'no format key';
    throw new ExperimentError(
      clip(`${f.path}: not a netsim results file (expected format "${COMPARISON_FORMAT}", found ${got})`),
    );
  }
  // Checked in place: the file's maps keyed by ids leave with a null prototype, as a run made in memory has them.
  checkComparisonFile(f.path, d);
  // The schema bounds each field of the matrix; what only their combination breaks (repeated names, more runs
  // than MATRIX_LIMITS) is checkMatrix's, whose message names no file: say which file it is.
  try {
    checkMatrix((d as ComparisonFile).matrix);
  } catch (e) {
    if (!(e instanceof ExperimentError)) throw e;
    throw new ExperimentError(clip(`${f.path}: matrix: ${e.message}`));
  }
  return d as ComparisonFile;
}

/** The first part of the matrix two files disagree on (`matrix.seed`, `matrix.sweeps`, ...), or null. */
function matrixDifference(a: MatrixSpec, b: MatrixSpec): { key: string; mine: unknown; theirs: unknown } | null {
  const keys = ['variants', 'policies', 'seed', 'replications', 'sweeps', 'sets', 'timeseries'] as const;
  for (const key of keys)
    if (JSON.stringify(a[key] ?? null) !== JSON.stringify(b[key] ?? null))
      return { key: `matrix.${key}`, mine: a[key] ?? null, theirs: b[key] ?? null };
  return null;
}

/** The matrix keys in words, for the reason two shards do not belong together. */
const WHAT: Readonly<Record<string, string>> = {
  'matrix.variants': 'variants (matrix.variants)',
  'matrix.policies': 'policies (matrix.policies)',
  'matrix.seed': 'first seed (matrix.seed)',
  'matrix.replications': 'replications (matrix.replications)',
  'matrix.sweeps': 'sweeps (matrix.sweeps)',
  'matrix.sets': '--set keys (matrix.sets)',
  'matrix.timeseries': '--timeseries window (matrix.timeseries)',
};

const shardName = (s: Shard) => `${s.index}/${s.count}`;

/**
 * The first run that is not its cell, in words, with the matrix key the expectation comes from (either may
 * be the edited one): `runs[3].seed is 5, expected 4 (matrix.seed)`; null when every run is its cell.
 */
function wrongRun(runs: readonly RunResult[], cells: readonly Cell[]): string | null {
  for (const [k, r] of runs.entries()) {
    const c = cells[k];
    const at = `runs[${k}]`;
    const is = (key: string, got: unknown, want: unknown, from: string) =>
      `${at}.${key} is ${JSON.stringify(got)}, expected ${JSON.stringify(want)} (${from})`;
    if (r.variant !== c.variant) return is('variant', r.variant, c.variant, 'matrix.variants');
    if (c.policy !== null && r.policy !== c.policy) return is('policy', r.policy, c.policy, 'matrix.policies');
    if (r.seed !== c.seed) return is('seed', r.seed, c.seed, 'matrix.seed');
    if (!samePoint(r.sweep as PointLabels | undefined, c.sweep))
      return is('sweep', r.sweep ?? null, c.sweep ?? null, 'matrix.sweeps');
  }
  return null;
}

/**
 * Joins shard files into the complete comparison. Refuses files from another netsim version,
 * another scenario (name or content hash) or another matrix, repeated or missing shards, and a
 * shard whose runs are not exactly its slice of the matrix.
 */
export function mergeComparisons(inputs: readonly LoadedFile[]): ComparisonFile {
  if (inputs.length === 0) throw new ExperimentError('merge: no results files given');
  const files = inputs.map(asComparison);
  const first = files[0],
    firstPath = inputs[0].path;
  const count = first.shard?.count ?? 1;
  const seen = new Map<number, string>();
  // Every file has first's matrix (checked below before its cells are used): list the cells once.
  const all = matrixCells(first.matrix);
  files.forEach((f, i) => {
    const path = inputs[i].path;
    const clash = (what: string, mine: unknown, theirs: unknown) =>
      new ExperimentError(
        clip(
          `${path}: ${what} ${JSON.stringify(mine)} differs from ${JSON.stringify(theirs)} in ${firstPath}; shards ` +
            `of one comparison must come from the same netsim, scenario file and options`,
        ),
      );
    if (f.netsim !== first.netsim) throw clash('netsim version', f.netsim, first.netsim);
    if (f.scenario.name !== first.scenario.name)
      throw clash('scenario (scenario.name)', f.scenario.name, first.scenario.name);
    if (f.scenario.hash !== first.scenario.hash)
      throw clash('scenario content (scenario.hash)', f.scenario.hash, first.scenario.hash);
    const differs = matrixDifference(f.matrix, first.matrix);
    if (differs) throw clash(WHAT[differs.key] ?? differs.key, differs.mine, differs.theirs);
    const shard = f.shard ?? { index: 1, count: 1 };
    const problem = shardProblem(shard.index, shard.count);
    if (problem !== null)
      throw new ExperimentError(`${path}: shard ${shardName(shard)} (shard.index/count): ${problem}`);
    if (shard.count !== count) throw clash('shard count (shard.count)', shard.count, count);
    const other = seen.get(shard.index);
    if (other !== undefined) throw new ExperimentError(`${path}: shard ${shardName(shard)} is also in ${other}`);
    seen.set(shard.index, path);
    const expected = shardCells(all, shard);
    const why =
      f.runs.length !== expected.length
        ? `it has ${f.runs.length} run(s), the shard has ${expected.length} cell(s) (matrix.variants, ` +
          'matrix.policies, matrix.sweeps, matrix.replications)'
        : wrongRun(f.runs, expected);
    if (why !== null)
      throw new ExperimentError(
        clip(
          `${path}: its runs are not the cells of shard ${shardName(shard)} (the file is incomplete or was ` +
            `edited): ${why}`,
        ),
      );
  });
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0)
    throw new ExperimentError(
      `merge: missing shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')}`,
    );
  const runs: RunResult[] = new Array(all.length);
  files.forEach((f) => {
    shardCells(all, f.shard ?? { index: 1, count: 1 }).forEach((cell, k) => (runs[cell.index] = f.runs[k]));
  });
  return comparisonFile(first.scenario, first.matrix, null, runs, first.netsim, first.topology);
}
