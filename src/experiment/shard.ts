import type { Cell } from './cells.js';
import { ExperimentError } from './errors.js';

/** Shard `index` of `count`, 1-based: `--shard 1/4` ... `--shard 4/4`. */
export interface Shard {
  index: number;
  count: number;
}

/** A cluster job array is far smaller (Slurm's default MaxArraySize is 1001). */
export const MAX_SHARDS = 100_000;

export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) throw new ExperimentError(`--shard: expected i/n with 1 <= i <= n, e.g. 2/8 (got "${text}")`);
  const index = Number(m[1]),
    count = Number(m[2]);
  if (count < 1 || index < 1 || index > count)
    throw new ExperimentError(`--shard: expected i/n with 1 <= i <= n (got "${text}")`);
  return { index, count };
}

/**
 * The cells of one shard: every count-th cell starting at index - 1. Interleaving (rather than
 * contiguous blocks) spreads each variant and policy over all shards, so shards take about the same
 * time even when one variant is much slower to simulate than another. `cells` is the whole matrix in
 * its canonical order (cell k at place k), so stepping through it is linear in the shard, not the matrix.
 */
export function shardCells(cells: readonly Cell[], shard: Shard): Cell[] {
  const out: Cell[] = [];
  for (let k = shard.index - 1; k < cells.length; k += shard.count) out.push(cells[k]);
  return out;
}

/** The file a shard writes into its output directory: shard-2-of-8.json. */
export function shardFileName(shard: Shard): string {
  return `shard-${shard.index}-of-${shard.count}.json`;
}
