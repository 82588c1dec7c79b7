import type { RunResult } from '../metrics/index.js';
import { sweepNames, type CsvValue } from './csv.js';

/**
 * timeseries.csv, tidy and long: one row per run x series x metric x window. Columns: variant,
 * policy, seed, one `sweep.<name>` per sweep, series (`class:<name>`, `link:<id>/<direction>`, or
 * the failed element `link:<id>` / `node:<id>` with metric `up`), metric, t (window start, s;
 * for a failure the moment it went down or up), value (empty where the result has null). Null
 * when no run recorded a time series.
 */
export function timeseriesRows(runs: readonly RunResult[]): { header: string[]; rows: CsvValue[][] } | null {
  if (!runs.some((r) => r.timeseries)) return null;
  const sweeps = sweepNames(runs);
  const header = ['variant', 'policy', 'seed', ...sweeps.map((n) => `sweep.${n}`), 'series', 'metric', 't', 'value'];
  const rows: CsvValue[][] = [];
  for (const r of runs) {
    const ts = r.timeseries;
    if (!ts) continue;
    const cell: CsvValue[] = [
      r.variant,
      r.policy,
      r.seed,
      ...sweeps.map((n) => ((r.sweep as Record<string, CsvValue> | undefined)?.[n] ?? null) as CsvValue),
    ];
    const emit = (series: string, metrics: Record<string, ReadonlyArray<number | null>>) => {
      for (const [metric, values] of Object.entries(metrics))
        values.forEach((v, k) => rows.push([...cell, series, metric, ts.t[k], v]));
    };
    for (const [name, w] of Object.entries(ts.classes)) emit(`class:${name}`, { ...w });
    for (const [key, w] of Object.entries(ts.links)) emit(`link:${key}`, { ...w });
    for (const e of ts.events)
      rows.push([...cell, e.link !== undefined ? `link:${e.link}` : `node:${e.node}`, 'up', e.t, e.up ? 1 : 0]);
  }
  return { header, rows };
}
