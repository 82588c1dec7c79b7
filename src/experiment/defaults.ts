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
