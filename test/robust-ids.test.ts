import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { compareScenario } from '../src/experiment/compare.js';
import { JOURNAL_DIR } from '../src/experiment/journal.js';
import { builtCli, ensureBuilt } from './helpers/built.js';
import { cli, tempFile } from './helpers/scenario.js';
import { comparisonOutputs } from './helpers/comparison-files.js';

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

/** Runs `compare` as shards 1/2 and 2/2 of `scenario` into `dir`; returns the two shard files. */
async function twoShards(scenario: string, args: string[], dir: string): Promise<string[]> {
  for (const shard of ['1/2', '2/2']) {
    const r = await cli('compare', scenario, ...args, '--shard', shard, '--out', dir);
    expect(r.code, r.stderr).toBe(0);
  }
  return ['shard-1-of-2.json', 'shard-2-of-2.json'].map((f) => join(dir, f));
}

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

  it('merged shards and a resumed comparison keep them: the same files as one whole comparison', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netsim-ids-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    // With time series: their links (`__proto__/forward`) are read back and checked too.
    const args = ['--replications', '2', '--jobs', '1', '--timeseries', '250ms'];
    const whole = await cli('compare', file, ...args, '--out', join(dir, 'whole'));
    expect(whole.code, whole.stderr).toBe(0);

    const shards = await twoShards(file, args, join(dir, 'sh'));
    const merged = await cli('merge', ...shards, '--out', join(dir, 'merged'));
    expect(merged.code, merged.stderr).toBe(0);

    // The journal an interrupted comparison leaves: compareScenario saves each run there as it ends (the CLI
    // removes it once the files are written). Of the 4 runs, one is lost and one has its flow `__proto__` damaged
    // (a negative count: the run schema checks that entry like any other, so that run is run again).
    const cut = join(dir, 'cut');
    const journal = join(cut, JOURNAL_DIR);
    await compareScenario(file, { replications: 2, jobs: 1, timeseries: 0.25, journal });
    const saved = readdirSync(journal).sort();
    expect(saved).toHaveLength(4);
    rmSync(join(journal, saved[0]));
    const damaged = JSON.parse(readFileSync(join(journal, saved[1]), 'utf8'));
    expect(Object.hasOwn(damaged.flows, '__proto__')).toBe(true);
    Object.getOwnPropertyDescriptor(damaged.flows, '__proto__')!.value.sent = -1;
    writeFileSync(join(journal, saved[1]), JSON.stringify(damaged));
    const resumed = await cli('compare', file, ...args, '--out', cut, '--resume');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('--resume: 2 of 4 run(s) reused');

    const expected = comparisonOutputs(join(dir, 'whole'));
    expect(comparisonOutputs(join(dir, 'merged'))).toEqual(expected);
    expect(comparisonOutputs(cut)).toEqual(expected);
    const c = JSON.parse(readFileSync(join(cut, 'results.json'), 'utf8'));
    for (const run of c.runs) {
      expect(ownKeys(run.flows)).toEqual(['__proto__', 'hasOwnProperty', 'toString']);
      expect(run.flows.__proto__.sent).toBe(50);
      expect(Object.keys(run.timeseries.links)).toContain('__proto__/forward');
    }
  });

  it("merge reads a shard's topology and drop reasons by own keys (a variant and a reason 'constructor')", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netsim-ids-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const args = ['--replications', '1', '--jobs', '1'];
    const [one, two] = await twoShards(file, args, join(dir, 'sh'));
    const shard = JSON.parse(readFileSync(one, 'utf8'));
    const edit = (name: string, change: (d: typeof shard) => void) => {
      const d = structuredClone(shard);
      change(d);
      const path = join(dir, name);
      writeFileSync(path, JSON.stringify(d));
      return path;
    };
    // No topology for the variant `constructor`: its pictures are left out (the lookup found Object's constructor,
    // and merge failed with "Cannot read properties of undefined").
    const noShape = edit('no-shape.json', (d) => {
      for (const f of [d, JSON.parse(readFileSync(two, 'utf8'))])
        expect(Object.hasOwn(f.topology, 'constructor')).toBe(true);
      delete d.topology.constructor;
    });
    const r1 = await cli('merge', noShape, two, '--out', join(dir, 'm1'));
    expect(r1.code, r1.stderr).toBe(0);
    // A drop reason `constructor` in one class of one run: the other rows count 0, not Object's constructor.
    const reason = edit('reason.json', (d) => {
      const cls = Object.values(d.runs[0].classes)[0] as { drops: Record<string, number> };
      cls.drops.constructor = 1;
    });
    const r2 = await cli('merge', reason, two, '--out', join(dir, 'm2'));
    expect(r2.code, r2.stderr).toBe(0);
    const csv = readFileSync(join(dir, 'm2', 'results.csv'), 'utf8');
    expect(csv.split('\n')[0].split(',')).toContain('drops.constructor');
    expect(csv).not.toContain('function');
    // A variant's topology under the key __proto__ is checked like any other (z.record skipped it unchecked).
    const proto = edit('proto.json', (d) => {
      const shape = d.topology.constructor;
      delete d.topology.constructor;
      Object.defineProperty(d.topology, '__proto__', { value: { ...shape, declared: 5 }, enumerable: true });
    });
    const r3 = await cli('merge', proto, two, '--out', join(dir, 'm3'));
    expect(r3.code).toBe(2);
    expect(r3.stderr).toContain('topology.__proto__.declared');
  });

  it('a class named constructor in one variant only: compare and merge show it in its cells only', async () => {
    const out = mkdtempSync(join(tmpdir(), 'netsim-ids-'));
    onTestFinished(() => rmSync(out, { recursive: true, force: true }));
    // The cells of `before` have no class `constructor`: a lookup in a plain {} finds Object's constructor there.
    const scenario = tempFile(`name: one-variant-class
duration: 1s
drain: 0.5s
nodes:
  - { id: a, kind: host }
  - { id: b, kind: host }
links:
  - { id: ab, from: a, to: b, rate: 10Mbps, delay: 1ms }
flows:
  - { id: f, from: a, to: b, class: realtime, traffic: { model: cbr, interval: 20ms, size: 200B } }
variants:
  before: {}
  after:
    classes:
      constructor: { dscp: AF41, priority: 1, sla: { latency: 50ms } }
    flows:
      - { id: f, class: constructor }
`);
    const args = ['--replications', '2', '--jobs', '1', '--timeseries', '250ms'];
    const r = await cli('compare', scenario, ...args, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    // Merged, the runs are read back from JSON (maps with Object's prototype): the same files.
    const shards = await twoShards(scenario, args, join(out, 'sh'));
    const merged = await cli('merge', ...shards, '--out', join(out, 'merged'));
    expect(merged.code, merged.stderr).toBe(0);
    expect(comparisonOutputs(join(out, 'merged'))).toEqual(comparisonOutputs(out));
    // Run in worker threads, every run is a structured clone (Object's prototype everywhere) until it is checked.
    ensureBuilt();
    const jobs2 = args.map((a) => (a === '1' ? '2' : a));
    const threads = builtCli(out, ['compare', scenario, ...jobs2, '--out', join(out, 'w')]);
    expect(threads.code, threads.stderr).toBe(0);
    expect(comparisonOutputs(join(out, 'w'))).toEqual(comparisonOutputs(out));
    // Resumed, every run is read back from the journal: the `before` runs' maps must not find Object's members.
    const cut = join(out, 'cut');
    await compareScenario(scenario, { replications: 2, jobs: 1, timeseries: 0.25, journal: join(cut, JOURNAL_DIR) });
    const resumed = await cli('compare', scenario, ...args, '--out', cut, '--resume');
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('--resume: 4 of 4 run(s) reused');
    expect(comparisonOutputs(cut)).toEqual(comparisonOutputs(out));
    const c = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    const [before, after] = c.summary.cells;
    expect(Object.keys(before.classes)).not.toContain('constructor');
    expect(Object.keys(before.experience)).not.toContain('constructor');
    expect(after.classes.constructor.sla).toMatchObject({ runs: 2, met: 2, rate: 1 });
    expect(after.experience.constructor.flows.mean).toBe(1);
  });
});
