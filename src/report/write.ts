import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ComparisonFile } from '../experiment/comparison.js';
import { resultRows, toCsv } from './csv.js';
import { reportHtml } from './html.js';

/** The files a comparison writes into its directory. */
export const REPORT_FILES = ['results.json', 'results.csv', 'report.html'] as const;

export interface WrittenReports {
  json: string;
  csv: string;
  html: string;
}

/**
 * Writes results.json (compact: it holds every run), results.csv and report.html into `dir`
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
  return paths;
}
