import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { cli, tempFile } from './helpers/scenario.js';

// Ids are data, never object keys of a plain object (issue 14, item 2): names of Object.prototype's
// members work as node, link, flow, class and variant names end to end, in the result, the table,
// the comparison files. (The key `__proto__` itself is refused in maps: see robust-input.test.ts.)
const SCENARIO = `name: object-keys
duration: 1s
drain: 0.5s
classes:
  constructor: { dscp: AF41, priority: 1 }
  toString: { dscp: EF, priority: 0, sla: { latency: 50ms } }
nodes:
  - { id: __proto__, kind: host }
  - { id: constructor, kind: host }
  - { id: toString }
links:
  - { id: __proto__, from: __proto__, to: toString, rate: 10Mbps, delay: 1ms }
  - { from: toString, to: constructor, rate: 10Mbps, delay: 1ms }
flows:
  - { id: __proto__, from: __proto__, to: constructor, class: toString,
      traffic: { model: cbr, interval: 20ms, size: 200B } }
  - { id: toString, from: __proto__, to: constructor, class: constructor,
      traffic: { model: cbr, interval: 20ms, size: 200B } }
  - { id: hasOwnProperty, from: constructor, to: __proto__, traffic: { model: cbr, interval: 20ms, size: 200B } }
variants:
  constructor: {}
  valueOf:
    links:
      - { id: __proto__, rate: 5Mbps }
`;

const ownKeys = (o: object) => Object.keys(o).sort();

describe('ids that are names of Object.prototype members', () => {
  const file = tempFile(SCENARIO);

  it('run --json: every flow, link and class is in the result, with its own figures', async () => {
    for (const variant of [[], ['--variant', 'constructor'], ['--variant', 'valueOf']]) {
      const r = await cli('run', file, '--json', ...variant);
      expect(r.code, r.stderr).toBe(0);
      const result = JSON.parse(r.stdout);
      expect(ownKeys(result.flows)).toEqual(['__proto__', 'hasOwnProperty', 'toString']);
      expect(ownKeys(result.links)).toEqual(['__proto__', 'toString-constructor']);
      expect(ownKeys(result.classes)).toEqual([
        'bulk',
        'business',
        'constructor',
        'interactive',
        'realtime',
        'toString',
      ]);
      // Only the class with targets has a verdict (`sla.constructor` is not Object's constructor).
      expect(ownKeys(result.sla)).toEqual(['toString']);
      expect(result.flows.__proto__).toMatchObject({
        class: 'toString',
        sent: 50,
        path: ['__proto__', 'toString', 'constructor'],
      });
      expect(result.links.__proto__.forward.packets).toBe(100);
      expect(result.classes.constructor.sent).toBe(50);
      expect(result.sla.toString).toMatchObject({ latency: true, met: true });
    }
  });

  it('the table lists every flow and judges only the classes with targets', async () => {
    const r = await cli('run', file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^constructor +50 +50 .*\d$/m); // no "MISSED ()" verdict
    expect(r.stdout).toMatch(/^toString +50 +50 .* met$/m);
    expect(r.stdout).toMatch(/^__proto__ +toString +50/m);
    expect(r.stdout).toContain('__proto__ > toString > constructor: __proto__, toString');
    expect(r.stdout).toMatch(/^__proto__ >/m);
  });

  it('compare writes every id into results.json and results.csv', async () => {
    const out = mkdtempSync(join(tmpdir(), 'netsim-ids-'));
    onTestFinished(() => rmSync(out, { recursive: true, force: true }));
    const r = await cli('compare', file, '--replications', '2', '--jobs', '1', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const c = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    for (const run of c.runs) {
      expect(ownKeys(run.flows)).toEqual(['__proto__', 'hasOwnProperty', 'toString']);
      expect(ownKeys(run.links)).toEqual(['__proto__', 'toString-constructor']);
    }
    const csv = readFileSync(join(out, 'results.csv'), 'utf8');
    const rows = csv.trim().split('\n');
    const header = rows[0].split(',');
    const cls = header.indexOf('class');
    const met = header.findIndex((h) => /sla/i.test(h));
    const constructorRows = rows
      .slice(1)
      .map((l) => l.split(','))
      .filter((cells) => cells[cls] === 'constructor');
    expect(constructorRows.length).toBe(4); // 2 variants x 2 seeds
    if (met >= 0) for (const cells of constructorRows) expect(cells[met]).toBe('');
    // The summary (and the report's link section built from it) keeps them too.
    for (const cell of c.summary.cells) {
      expect(ownKeys(cell.links)).toEqual(['__proto__', 'toString-constructor']);
      expect(ownKeys(cell.classes)).toEqual(expect.arrayContaining(['constructor', 'toString']));
    }
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<title>__proto__ →</title>'); // the link utilization plot
  });
});
