import type { RunResult, Stats } from '../metrics/index.js';
import { DROP_REASONS } from '../net/index.js';
import { EXPERIENCE_COLUMNS } from './experience-columns.js';

export type CsvValue = string | number | boolean | null;

const STATS_COLUMNS: ReadonlyArray<[string, (s: Stats) => CsvValue]> = [
  ['sent', (s) => s.sent],
  ['received', (s) => s.received],
  ['lost', (s) => s.lost],
  ['inFlight', (s) => s.inFlight],
  ['lossRatio', (s) => s.lossRatio],
  ['throughputBps', (s) => s.throughputBps],
  ['latencyMs.mean', (s) => s.latencyMs.mean],
  ['latencyMs.p50', (s) => s.latencyMs.p50],
  ['latencyMs.p95', (s) => s.latencyMs.p95],
  ['latencyMs.p99', (s) => s.latencyMs.p99],
  ['latencyMs.max', (s) => s.latencyMs.max],
  ['jitterMs.mean', (s) => s.jitterMs.mean],
  ['jitterMs.rfc3550', (s) => s.jitterMs.rfc3550],
  // Admission is not loss (results from before these fields leave them empty).
  ['refusedFlows', (s) => s.refusedFlows ?? null],
  ['connectedLossRatio', (s) => s.connectedLossRatio ?? null],
  // Where the delay comes from (results from before the decomposition leave them empty).
  ['delayMs.propagation', (s) => s.delayMs?.propagation ?? null],
  ['delayMs.serialization', (s) => s.delayMs?.serialization ?? null],
  ['delayMs.processing', (s) => s.delayMs?.processing ?? null],
  ['delayMs.queueing', (s) => s.delayMs?.queueing ?? null],
];

const SLA_KEYS = ['latency', 'jitter', 'loss', 'met'] as const;

/** Drop reasons as columns: the known ones always, any other found in the runs after them. */
function dropReasons(runs: readonly RunResult[]): string[] {
  const extra = new Set<string>();
  for (const r of runs)
    for (const s of Object.values(r.classes)) for (const k of Object.keys(s.drops ?? {})) extra.add(k);
  for (const k of DROP_REASONS) extra.delete(k);
  return [...DROP_REASONS, ...[...extra].sort()];
}

/** The sweeps the runs carry (`sweep: { name: value }`), in the order the first run that has each lists them. */
export function sweepNames(runs: readonly RunResult[]): string[] {
  const names: string[] = [];
  for (const r of runs)
    for (const k of Object.keys((r.sweep as Record<string, unknown> | undefined) ?? {}))
      if (!names.includes(k)) names.push(k);
  return names;
}

/**
 * The tidy table: one row per run x class. Columns: scenario, variant, policy, seed, one
 * `sweep.<name>` per sweep (a sweep only: the point's value as written), class, the
 * Stats fields (nested keys joined with "."), drops by reason (`drops.<reason>`), and the SLA
 * verdicts (`sla.<target>`, empty when the class has no such target), then the class's experience
 * (`experience.<figure>`, experience-columns.ts). Missing values are empty.
 */
export function resultRows(runs: readonly RunResult[]): { header: string[]; rows: CsvValue[][] } {
  const reasons = dropReasons(runs);
  const sweeps = sweepNames(runs);
  const header = [
    'scenario',
    'variant',
    'policy',
    'seed',
    ...sweeps.map((n) => `sweep.${n}`),
    'class',
    ...STATS_COLUMNS.map(([k]) => k),
    ...reasons.map((r) => `drops.${r}`),
    ...SLA_KEYS.map((k) => `sla.${k}`),
    ...EXPERIENCE_COLUMNS.map(([k]) => k),
  ];
  const rows: CsvValue[][] = [];
  for (const r of runs) {
    for (const [cls, s] of Object.entries(r.classes)) {
      const sla = Object.hasOwn(r.sla, cls) ? r.sla[cls] : undefined;
      rows.push([
        r.scenario,
        r.variant,
        r.policy,
        r.seed,
        ...sweeps.map((n) => ((r.sweep as Record<string, CsvValue> | undefined)?.[n] ?? null) as CsvValue),
        cls,
        ...STATS_COLUMNS.map(([, of]) => of(s)),
        ...reasons.map((k) => s.drops[k] ?? 0),
        ...SLA_KEYS.map((k) => sla?.[k] ?? null),
        ...EXPERIENCE_COLUMNS.map(([, of]) => of(r.experience?.[cls])),
      ]);
    }
  }
  return { header, rows };
}

function field(v: CsvValue): string {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

/** RFC 4180 text (quotes only where needed, LF line ends); numbers print in JavaScript's shortest round-trip form. */
export function toCsv(header: readonly string[], rows: readonly CsvValue[][]): string {
  return [header, ...rows].map((row) => row.map(field).join(',')).join('\n') + '\n';
}

/** Parses RFC 4180 text (quoted fields with "" escapes and line breaks; LF or CRLF) into rows of strings. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cur = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cur += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else cur += c;
      i++;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cur);
      cur = '';
    } else if (c === '\n' || c === '\r') {
      row.push(cur);
      rows.push(row);
      row = [];
      cur = '';
      if (c === '\r' && text[i + 1] === '\n') i++;
    } else cur += c;
    i++;
  }
  if (quoted) throw new Error('CSV: unterminated quoted field');
  if (cur !== '' || row.length > 0) {
    row.push(cur);
    rows.push(row);
  }
  return rows;
}
