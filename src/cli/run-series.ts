import { join } from 'node:path';
import type { ComparisonFile } from '../experiment/comparison.js';
import { comparisonFile, scenarioHash } from '../experiment/comparison.js';
import type { RunResult } from '../metrics/result.js';
import { toCsv } from '../report/csv.js';
import { reportHtml } from '../report/html.js';
import { timeseriesRows } from '../report/timeseries-csv.js';
import { SERIES_FILES } from './timeseries.js';

// Apart from timeseries.ts (the flag and the terminal's lines), which every run loads: the report and the CSV
// (with node:crypto, for the scenario's hash) are loaded only by a run that records a time series.

/** One run as a comparison of one cell, so its report is the compare report (with its time series). */
function asComparison(result: RunResult, text: string): ComparisonFile {
  const spec = { variants: [result.variant], policies: [result.policy], seed: result.seed, replications: 1 };
  return comparisonFile({ name: result.scenario, hash: scenarioHash(text) }, spec, null, [result]);
}

/**
 * A run's time series beside its other outputs: timeseries.csv and report.html (the time series
 * plotted with the failures marked) in `dir` (the directory of `--out`, or `out/` without it; run.ts
 * checks it before the run). Each file written atomically by `write`. Returns the paths.
 */
export function writeRunSeries(
  result: RunResult,
  text: string,
  dir: string,
  write: (path: string, text: string) => void,
): { csv: string; html: string } {
  const paths = { csv: join(dir, SERIES_FILES.csv), html: join(dir, SERIES_FILES.html) };
  const rows = timeseriesRows([result])!;
  write(paths.csv, toCsv(rows.header, rows.rows));
  write(paths.html, reportHtml(asComparison(result, text)));
  return paths;
}
