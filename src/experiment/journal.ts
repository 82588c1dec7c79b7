import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult } from '../metrics/index.js';
import { createReason } from '../spec/fs-errors.js';
import type { Cell, MatrixSpec } from './cells.js';
import { writeAtomically } from './atomic-write.js';
import { runResultSchema } from './shard-schema.js';

/**
 * Resumable campaigns (issue 14, item 7): each finished run of a comparison is saved at once in a
 * journal directory, one file per cell, named by the cell's canonical identity (netsim version,
 * scenario hash, registry modules, variant, policy, sweep point with its key paths, `--set` keys,
 * `--timeseries`, seed). A comparison interrupted anywhere (Ctrl-C, a killed job, a run stopped by the watchdog)
 * and started again with `--resume` reuses every run already saved and runs the others; since a
 * run depends only on its identity, the final files are the same bytes outside `wall`.
 *
 * Each file is written to a temporary name and renamed, so a killed process leaves at most a
 * temporary file (ignored, and removed by the next run); a saved run is checked against the run
 * schema before it is reused. The journal of a comparison is removed once its files are written.
 */

export { JOURNAL_DIR } from './defaults.js';
const CELL_FORMAT = 'netsim-cell/1';

/** What makes a cell's result: the same identity gives the same bytes outside `wall`. */
export interface CampaignIdentity {
  netsim: string;
  scenarioHash: string;
  modules: readonly string[];
  matrix: MatrixSpec;
}

export class CellJournal {
  constructor(
    readonly dir: string,
    private readonly identity: CampaignIdentity,
  ) {}

  /** The cell's identity as a file name: sha256 over its canonical JSON. */
  key(cell: Cell): string {
    const { netsim, scenarioHash, modules, matrix } = this.identity;
    // The point with the key path of each sweep: the same label at another key is another cell.
    const sweep = (matrix.sweeps ?? []).map((s) => ({ at: s.at, value: cell.sweep?.[s.name] ?? null }));
    const identity = {
      format: CELL_FORMAT,
      netsim,
      scenario: scenarioHash,
      modules,
      variant: cell.variant,
      policy: cell.policy,
      sweep,
      sets: matrix.sets ?? [],
      // A run with a time series (--timeseries) has more in its result than one without.
      timeseries: matrix.timeseries ?? null,
      seed: cell.seed,
    };
    return createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 40);
  }

  private path(cell: Cell): string {
    return join(this.dir, `${this.key(cell)}.json`);
  }

  /** The saved results of these cells (by cell index) that are whole and are the cell's run. */
  load(cells: readonly Cell[]): Map<number, RunResult> {
    const found = new Map<number, RunResult>();
    for (const cell of cells) {
      let text: string;
      try {
        text = readFileSync(this.path(cell), 'utf8');
      } catch {
        continue; // not run yet
      }
      const run = parseRun(text, cell);
      if (run !== null) found.set(cell.index, run);
    }
    return found;
  }

  /** Why saving stopped (a full disk, a directory made read-only), or null: the comparison goes on without. */
  problem: string | null = null;

  /**
   * Saves a finished run (atomically: a temporary file, then a rename). A failure to save does not
   * stop the comparison (it is called from a worker's message handler, where a throw would crash the
   * process): the first one is kept in {@link problem} and later runs are not saved.
   */
  save(cell: Cell, run: RunResult): void {
    if (this.problem !== null) return;
    try {
      mkdirSync(this.dir, { recursive: true });
      writeAtomically(this.path(cell), JSON.stringify(run));
    } catch (e) {
      this.problem = `cannot save runs in ${this.dir}: ${createReason(e)}`;
      this.onProblem?.(this.problem);
    }
  }

  /** Told once when saving fails. */
  onProblem?: (problem: string) => void;

  /**
   * The comparison is written: removes the saved runs of these cells, this process's temporary
   * files, and the directory once empty (shards sharing it leave it to the last one).
   */
  clear(cells: readonly Cell[]): void {
    try {
      for (const cell of cells) rmSync(this.path(cell), { force: true });
    } catch {
      return; // best effort: the comparison's files are written; a stale journal only costs disk
    }
    this.prune();
  }

  /** Removes leftover temporary files of killed runs and the directory if nothing else is in it. */
  prune(): void {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return;
    }
    // Another shard may be writing into the same directory: only this process's files, and files a
    // killed process left (a save takes milliseconds; an hour-old one is nobody's).
    const now = Date.now();
    for (const n of names) {
      if (!n.endsWith('.tmp')) continue;
      const p = join(this.dir, n);
      try {
        if (n.endsWith(`.${process.pid}.tmp`) || now - statSync(p).mtimeMs > 3600e3) rmSync(p, { force: true });
      } catch {
        // gone already
      }
    }
    try {
      rmdirSync(this.dir);
    } catch {
      // not empty: runs of another shard or of an interrupted comparison, kept for --resume
    }
  }
}

/** A saved run, if it is whole (the run schema) and is this cell's (variant, seed). */
function parseRun(text: string, cell: Cell): RunResult | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  // The check also gives the run's id maps a null prototype, as a run made in memory has (id-record.ts).
  if (!runResultSchema.safeParse(data).success) return null;
  const run = data as RunResult;
  return run.variant === cell.variant && run.seed === cell.seed ? run : null;
}
