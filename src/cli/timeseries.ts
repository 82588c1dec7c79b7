import type { RunResult } from '../metrics/result.js';
import { formatShare } from '../report/format.js';
import { failurePhases } from '../report/timeseries-phases.js';
import { parseUnit } from '../spec/units.js';
import { UsageError } from './io.js';

/** The files a run with a time series writes beside its result (run-series.ts), checked before the run (run.ts). */
export const SERIES_FILES = { csv: 'timeseries.csv', html: 'report.html' } as const;

/** Parses `--timeseries WINDOW`: a positive time. */
export function parseWindow(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const parsed = parseUnit('time', text);
  if (!parsed.ok) throw new UsageError(`--timeseries: ${parsed.error}`);
  if (!(parsed.value > 0)) throw new UsageError(`--timeseries: the window must be longer than 0, got "${text}"`);
  return parsed.value;
}

const pct = (x: number | null) => formatShare(x, { decimals: 1 });
const ms = (x: number | null) => (x === null ? '—' : (Math.round(x * 10) / 10).toFixed(1));

/** The terminal's view of a time series: each class before, during and after the first failure. */
export function phaseLines(result: RunResult): string[] {
  const ts = result.timeseries;
  if (!ts) return [];
  const head = `Over time: ${ts.t.length} windows of ${ts.window} s (report.html, timeseries.csv)`;
  const phases = failurePhases(ts);
  if (!phases) return ['', `${head}; no failure in this run.`];
  const f = phases.failure;
  const lines = [
    '',
    `${head}; ${f.label} down at ${f.down} s${f.up !== null ? `, back at ${f.up} s` : ''}:`,
    '  class            loss before / during / after     mean latency ms before / during / after',
  ];
  for (const [cls, p] of Object.entries(phases.classes)) {
    const loss = [p.before, p.during, p.after].map((x) => (x && x.windows > 0 ? pct(x.lossRatio) : '—'));
    const lat = [p.before, p.during, p.after].map((x) => (x && x.windows > 0 ? ms(x.latencyMeanMs) : '—'));
    lines.push(`  ${cls.padEnd(16)} ${loss.join(' / ').padEnd(32)} ${lat.join(' / ')}`);
  }
  return lines;
}
