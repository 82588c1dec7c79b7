/**
 * The experiment layer's defaults that the CLI's help shows, apart from the machinery that uses them
 * so that `netsim --help` does not load it (docs/architecture.md, "Fast start").
 */

/** Default replications: enough for a t interval (9 degrees of freedom) that is not wide by construction. */
export const DEFAULT_REPLICATIONS = 10;

/** The confidence level of every interval netsim reports. */
export const CONFIDENCE = 0.95;

/** A confidence level as text for reports and help: `95%`. */
export function confidenceLabel(level: number = CONFIDENCE): string {
  return `${Math.round(level * 1000) / 10}%`;
}

/** Where `netsim compare` saves each finished run for `--resume`, inside its output directory (journal.ts). */
export const JOURNAL_DIR = '.netsim-cells';

/**
 * Bounds of a comparison matrix, whatever asks for it (flags, a library call, a shard file): every
 * cell's result is held in memory until the files are written, so a typo (`--replications
 * 1000000000`) or an edited shard must be refused before the cells are listed.
 */
export const MATRIX_LIMITS = {
  /** A t interval needs far fewer. */
  replications: 10_000,
  /** Policies compared in one matrix (a registry holds a handful). */
  policies: 100,
  /** `--set` keys. */
  sets: 1000,
  /**
   * Runs of one comparison (variants x policies x sweep points x replications): a result is
   * 5-50 KB in memory, so this is a few GB at most. Split a larger study into comparisons.
   */
  cells: 200_000,
} as const;
