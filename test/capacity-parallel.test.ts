import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli, ensureBuilt } from './helpers/built.js';

/**
 * A sweep in worker threads gives the same bytes as one thread: each worker compiles the sweep
 * points of its cells from the plan the main thread recorded (the file's text, the sweeps and the
 * --set keys), and each point runs with the same seeds.
 */
const SCENARIO = `name: tiny-parallel-sweep
seed: 1
warmup: 1s
duration: 2s
drain: 1s
classes:
  realtime: { sla: { latency: 60ms, loss: 1% } }
nodes:
  - { id: a, kind: host }
  - { id: r }
  - { id: b, kind: host }
links:
  - { from: a, to: r, rate: 10Mbps, delay: 1ms }
  - { id: wan, from: r, to: b, rate: 2Mbps, delay: 10ms, queue: { discipline: fifo, limit: 50 } }
flows:
  - { id: voice, from: a, to: b, class: realtime, traffic: { model: cbr, interval: 20ms, size: 200B } }
  - { id: web, from: a, to: b, class: business,
      traffic: { model: poisson, rate: 120pps, size: { dist: exponential, mean: 1200B } } }
variants:
  before: {}
  after:
    links:
      - { id: wan, rate: 5Mbps }
sweep:
  load:
    at: flows[web].traffic.rate
    values: [60pps, 240pps]
`;

const tmp = mkdtempSync(join(tmpdir(), 'netsim-sweep-parallel-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function withoutWall(dir: string): string {
  const c = JSON.parse(readFileSync(join(tmp, dir, 'results.json'), 'utf8'));
  for (const r of c.runs) delete r.wall;
  return JSON.stringify(c);
}

describe('a sweep in worker threads (built CLI)', () => {
  beforeAll(() => {
    ensureBuilt();
    writeFileSync(join(tmp, 'tiny.yaml'), SCENARIO);
  });

  it('gives the same results, CSV and report as one thread', () => {
    const base = ['compare', 'tiny.yaml', '--replications', '2', '--set', 'links[wan].delay=5ms'];
    const serial = builtCli(tmp, [...base, '--jobs', '1', '--out', 'serial']);
    expect(serial.stderr).toBe('');
    expect(serial.code).toBe(0);
    const parallel = builtCli(tmp, [...base, '--jobs', '2', '--out', 'parallel']);
    expect(parallel.code).toBe(0);
    expect(withoutWall('parallel')).toBe(withoutWall('serial'));
    for (const f of ['results.csv', 'report.html'])
      expect(readFileSync(join(tmp, 'parallel', f), 'utf8')).toBe(readFileSync(join(tmp, 'serial', f), 'utf8'));
    expect(parallel.stdout).toContain('Breaking points');
    const c = JSON.parse(readFileSync(join(tmp, 'parallel', 'results.json'), 'utf8'));
    expect(c.matrix.sets).toEqual([{ at: 'links[wan].delay', value: '5ms' }]);
    expect(c.runs.map((r: { sweep: unknown }) => r.sweep)).toHaveLength(8);
  });
});
