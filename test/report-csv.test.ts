import { describe, expect, it } from 'vitest';
import { matrixCells } from '../src/experiment/cells.js';
import { parseCsv, resultRows, toCsv } from '../src/report/csv.js';
import { beforeAfter, syntheticMatrix, syntheticRun } from './experiment-fixtures.js';

describe('results.csv', () => {
  it('parses RFC 4180 quoting: commas, quotes, line breaks, empty fields, CRLF', () => {
    expect(parseCsv('a,"b,c","d ""e""",\r\n"x\ny",,z\n')).toEqual([
      ['a', 'b,c', 'd "e"', ''],
      ['x\ny', '', 'z'],
    ]);
    expect(() => parseCsv('"open')).toThrow(/unterminated/);
  });

  it('round-trips every run x class, values exact, tricky names intact', () => {
    const spec = { variants: ['before', 'after, "quoted"\nnewline'], policies: ['shortest'], seed: 3, replications: 3 };
    const runs = syntheticMatrix('name, with "quotes"', spec, beforeAfter);
    runs[0].classes.realtime.latencyMs.p99 = null; // a class that received nothing
    runs[1].classes.bulk.drops = { queue: 3, 'future-reason': 2 };
    const { header, rows } = resultRows(runs);
    const parsed = parseCsv(toCsv(header, rows));
    expect(parsed[0]).toEqual(header);
    expect(parsed.length - 1).toBe(runs.length * 2);
    expect(header.slice(0, 5)).toEqual(['scenario', 'variant', 'policy', 'seed', 'class']);
    expect(header).toContain('latencyMs.p99');
    expect(header).toContain('drops.future-reason');
    expect(header).not.toContain('latencyCdfMs');
    const col = (name: string) => header.indexOf(name);
    // Typed back: empty -> null, true/false -> boolean, numbers -> Number (shortest round-trip form).
    const typed = (s: string) =>
      s === '' ? null : s === 'true' ? true : s === 'false' ? false : /^-?[\d.]+(e[-+]?\d+)?$/i.test(s) ? Number(s) : s;
    parsed.slice(1).forEach((row, i) => {
      const run = runs[Math.floor(i / 2)];
      const cls = row[col('class')];
      const s = run.classes[cls];
      expect(row[col('scenario')]).toBe(run.scenario);
      expect(row[col('variant')]).toBe(run.variant);
      expect(typed(row[col('seed')])).toBe(run.seed);
      expect(typed(row[col('sent')])).toBe(s.sent);
      expect(typed(row[col('lossRatio')])).toBe(s.lossRatio);
      expect(typed(row[col('throughputBps')])).toBe(s.throughputBps);
      expect(typed(row[col('latencyMs.mean')])).toBe(s.latencyMs.mean);
      expect(typed(row[col('latencyMs.p99')])).toBe(s.latencyMs.p99);
      expect(typed(row[col('jitterMs.rfc3550')])).toBe(s.jitterMs.rfc3550);
      expect(typed(row[col('drops.queue')])).toBe(s.drops.queue ?? 0);
      expect(typed(row[col('sla.met')])).toBe(run.sla[cls]?.met ?? null);
      expect(typed(row[col('sla.jitter')])).toBe(null);
      expect(row.map(typed)).toEqual(rows[i]);
    });
    expect(rows[0][col('latencyMs.p99')]).toBeNull();
    expect(rows[3][col('drops.future-reason')]).toBe(2);
  });

  it('a scenario without variants has an empty variant column', () => {
    const { rows } = resultRows([
      syntheticRun('s', null, 'shortest', 1, { c: { latencyMs: 5, lossRatio: 0, throughputBps: 1 } }),
    ]);
    expect(toCsv(['variant'], [[rows[0][1]]])).toBe('variant\n\n');
    expect(matrixCells({ variants: [null], policies: ['p'], seed: 1, replications: 1 })[0].variant).toBeNull();
  });
});
