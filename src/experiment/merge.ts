import type { RunResult } from '../metrics/index.js';
import { matrixCells, type MatrixSpec } from './cells.js';
import { COMPARISON_FORMAT, comparisonFile, type ComparisonFile } from './comparison.js';
import { ExperimentError } from './errors.js';
import { samePoint, type PointLabels } from './grid.js';
import { shardCells, type Shard } from './shard.js';

/** A results file as read from disk: its path (for messages) and its parsed JSON. */
export interface LoadedFile {
  path: string;
  data: unknown;
}

function asComparison(f: LoadedFile): ComparisonFile {
  const d = f.data as Partial<ComparisonFile> | null;
  if (d === null || typeof d !== 'object' || d.format !== COMPARISON_FORMAT) {
    const got =
      d !== null && typeof d === 'object' && 'format' in d ? `format ${JSON.stringify(d.format)}` : 'no format key';
    throw new ExperimentError(
      `${f.path}: not a netsim results file (expected format "${COMPARISON_FORMAT}", found ${got})`,
    );
  }
  if (!Array.isArray(d.runs) || !d.matrix || !d.scenario)
    throw new ExperimentError(`${f.path}: incomplete results file (runs, matrix or scenario missing)`);
  return d as ComparisonFile;
}

const sameMatrix = (a: MatrixSpec, b: MatrixSpec) => JSON.stringify(a) === JSON.stringify(b);

const shardName = (s: Shard) => `${s.index}/${s.count}`;

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
  files.forEach((f, i) => {
    const path = inputs[i].path;
    const clash = (what: string, mine: unknown, theirs: unknown) =>
      new ExperimentError(
        `${path}: ${what} ${JSON.stringify(mine)} differs from ${JSON.stringify(theirs)} in ${firstPath}; shards of ` +
          `one comparison must come from the same netsim, scenario file and options`,
      );
    if (f.netsim !== first.netsim) throw clash('netsim version', f.netsim, first.netsim);
    if (f.scenario.name !== first.scenario.name) throw clash('scenario', f.scenario.name, first.scenario.name);
    if (f.scenario.hash !== first.scenario.hash)
      throw clash('scenario content (hash)', f.scenario.hash, first.scenario.hash);
    if (!sameMatrix(f.matrix, first.matrix)) throw clash('matrix', f.matrix, first.matrix);
    const shard = f.shard ?? { index: 1, count: 1 };
    if (shard.count !== count) throw clash('shard count', shard.count, count);
    const other = seen.get(shard.index);
    if (other !== undefined) throw new ExperimentError(`${path}: shard ${shardName(shard)} is also in ${other}`);
    seen.set(shard.index, path);
    const expected = shardCells(matrixCells(f.matrix), shard);
    const ok =
      f.runs.length === expected.length &&
      f.runs.every(
        (r, k) =>
          r.variant === expected[k].variant &&
          (expected[k].policy === null || r.policy === expected[k].policy) &&
          r.seed === expected[k].seed &&
          samePoint(r.sweep as PointLabels | undefined, expected[k].sweep),
      );
    if (!ok)
      throw new ExperimentError(
        `${path}: its runs are not the cells of shard ${shardName(shard)} (the file is incomplete or was edited)`,
      );
  });
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0)
    throw new ExperimentError(
      `merge: missing shard${missing.length > 1 ? 's' : ''} ${missing.map((i) => `${i}/${count}`).join(', ')}`,
    );
  const runs: RunResult[] = new Array(matrixCells(first.matrix).length);
  files.forEach((f) => {
    shardCells(matrixCells(f.matrix), f.shard ?? { index: 1, count: 1 }).forEach(
      (cell, k) => (runs[cell.index] = f.runs[k]),
    );
  });
  return comparisonFile(first.scenario, first.matrix, null, runs, first.netsim, first.topology);
}
