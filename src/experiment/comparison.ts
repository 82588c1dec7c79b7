import { createHash } from 'node:crypto';
import type { RunResult } from '../metrics/index.js';
import type { MatrixSpec } from './cells.js';
import type { Shard } from './shard.js';
import { summarizeMatrix, type Summary } from './summary.js';
import type { ScenarioTopology } from './topology.js';
import { netsimVersion } from './version.js';

export const COMPARISON_FORMAT = 'netsim-comparison/1';

/** Which scenario a comparison ran: its name and the sha256 of the file's text. */
export interface ScenarioIdentity {
  name: string;
  hash: string;
}

/**
 * results.json, and a shard's results file: every run in canonical cell order plus, once the
 * matrix is complete, the summary. Nothing in it depends on the machine, the path or the clock
 * except each run's `wall`, so shards merged elsewhere give the same file as one big run.
 */
export interface ComparisonFile {
  format: typeof COMPARISON_FORMAT;
  netsim: string;
  scenario: ScenarioIdentity;
  matrix: MatrixSpec;
  /** null: the whole matrix. */
  shard: Shard | null;
  runs: RunResult[];
  summary?: Summary;
  /**
   * Extension: each variant's shape for the report's picture (declared nodes, expanded links, who
   * expanded what), at the last sweep point; absent in files from before it.
   */
  topology?: Record<string, ScenarioTopology>;
}

export function scenarioHash(text: string): string {
  return 'sha256:' + createHash('sha256').update(text).digest('hex');
}

/** Assembles a results file; a complete matrix (no shard) gets its summary. `netsim`: the version that ran the runs. */
export function comparisonFile(
  scenario: ScenarioIdentity,
  matrix: MatrixSpec,
  shard: Shard | null,
  runs: RunResult[],
  netsim = netsimVersion(),
  topology?: Record<string, ScenarioTopology>,
): ComparisonFile {
  const file: ComparisonFile = {
    format: COMPARISON_FORMAT,
    netsim,
    scenario,
    matrix: {
      variants: [...matrix.variants],
      policies: [...matrix.policies],
      seed: matrix.seed,
      replications: matrix.replications,
      ...(matrix.sweeps && matrix.sweeps.length > 0
        ? { sweeps: matrix.sweeps.map((s) => ({ name: s.name, at: s.at, values: [...s.values] })) }
        : {}),
      ...(matrix.sets && matrix.sets.length > 0 ? { sets: matrix.sets.map((s) => ({ ...s })) } : {}),
      ...(matrix.timeseries !== undefined ? { timeseries: matrix.timeseries } : {}),
    },
    shard,
    runs,
  };
  if (shard === null) file.summary = summarizeMatrix(matrix, runs);
  if (topology !== undefined) file.topology = topology;
  return file;
}
