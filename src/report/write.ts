import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ComparisonFile } from '../experiment/comparison.js';
import { resultRows, toCsv } from './csv.js';
import { reportHtml } from './html.js';
import { timeseriesRows } from './timeseries-csv.js';

/** The files a comparison writes into its directory. */
export const REPORT_FILES = ['results.json', 'results.csv', 'report.html', 'timeseries.csv'] as const;

export interface WrittenReports {
  json: string;
  csv: string;
  html: string;
  /** timeseries.csv, when the runs recorded a time series. */
  timeseries?: string;
}

/**
 * Writes results.json (compact: it holds every run), results.csv, report.html and, when the runs
 * recorded a time series, timeseries.csv into `dir`
 * (created if needed). `write` lets the CLI write each file atomically.
 */
export function writeReports(
  dir: string,
  c: ComparisonFile,
  write: (path: string, text: string) => void = writeFileSync,
): WrittenReports {
  mkdirSync(dir, { recursive: true });
  const paths = { json: join(dir, REPORT_FILES[0]), csv: join(dir, REPORT_FILES[1]), html: join(dir, REPORT_FILES[2]) };
  write(paths.json, JSON.stringify(c) + '\n');
  const { header, rows } = resultRows(c.runs);
  write(paths.csv, toCsv(header, rows));
  write(paths.html, reportHtml(c));
  const series = timeseriesRows(c.runs);
  if (series === null) return paths;
  const timeseries = join(dir, REPORT_FILES[3]);
  write(timeseries, toCsv(series.header, series.rows));
  return { ...paths, timeseries };
}

/** The lines that tell a user where the reports went (compare and merge alike). */
export function writtenLines(paths: WrittenReports): string {
  const series = paths.timeseries ? `, ${paths.timeseries}` : '';
  return `\nreport: ${paths.html}\nresults: ${paths.json}, ${paths.csv}${series}\n`;
}
