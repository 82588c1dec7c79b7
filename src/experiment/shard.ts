import type { Cell } from './cells.js';
import { ExperimentError } from './errors.js';

/** Shard `index` of `count`, 1-based: `--shard 1/4` ... `--shard 4/4`. */
export interface Shard {
  index: number;
  count: number;
}

/** A cluster job array is far smaller (Slurm's default MaxArraySize is 1001). */
export const MAX_SHARDS = 100_000;

const RULE = `i/n with 1 <= i <= n <= ${MAX_SHARDS}`;

/** Why `index`/`count` is not a shard, or null: the one check of `--shard` and of a shard file's `shard`. */
export function shardProblem(index: number, count: number): string | null {
  const ok = Number.isSafeInteger(index) && Number.isSafeInteger(count) && index >= 1 && index <= count;
  return ok && count <= MAX_SHARDS ? null : `expected ${RULE}`;
}

/** `--shard i/n`. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(m?.[1]),
    count = Number(m?.[2]);
  const problem = m ? shardProblem(index, count) : `expected ${RULE}`;
  if (problem !== null) throw new ExperimentError(`--shard: ${problem}, e.g. 2/8 (got ${JSON.stringify(text)})`);
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
