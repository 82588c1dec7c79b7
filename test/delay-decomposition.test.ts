import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { Stats } from '../src/metrics/index.js';
import { buildSimulation, parseScenario } from '../src/scenario/index.js';
import { cli, tempFile } from './helpers/scenario.js';

/**
 * Where the delay comes from (SCENARIO-FORMAT.md): Stats.delayMs and Stats.hotspots, checked on
 * paths whose decomposition is known by hand.
 *
 *   a ==(10 Mb/s, 5 ms, fifo unlimited)==> fw [nva stage: 100 Mb/s, 0.5 ms] ==(100 Mb/s, 2 ms)==> b
 *
 * Poisson arrivals (700/s) of fixed 1250-byte packets: the first link is an M/D/1 queue with service
 * S = 1 ms, rho = 0.7, whose mean wait is rho S / (2 (1 - rho)) = 1.1667 ms (Pollaczek-Khinchine,
 * independent of the simulator). Its departures are at least 1 ms apart, and the stage and the second
 * link serve a packet in 0.1 ms, so nothing waits after the first link: it is the only hot spot.
 * Fixed parts, exactly: propagation 5 + 2 = 7 ms, serialization 1 + 0.1 = 1.1 ms (links), processing
 * 0.1 + 0.5 = 0.6 ms (the stage's serialization and processing delay).
 */
const MD1 = {
  name: 'delay-md1',
  warmup: '20s',
  duration: '400s',
  drain: '2s',
  nodes: [
    { id: 'a', kind: 'host' },
    { id: 'fw', kind: 'firewall', sku: 'nva', throughput: '100Mbps', processingDelay: '0.5ms' },
    { id: 'b', kind: 'host' },
  ],
  links: [
    {
      id: 'a-fw',
      from: 'a',
      to: 'fw',
      rate: '10Mbps',
      delay: '5ms',
      queue: { discipline: 'fifo', limit: 'unlimited' },
    },
    { id: 'fw-b', from: 'fw', to: 'b', rate: '100Mbps', delay: '2ms' },
  ],
  flows: [{ id: 'f', from: 'a', to: 'b', traffic: { model: 'poisson', rate: '700pps', size: '1250B' } }],
};

/*
 *   a ==(10 Mb/s, fifo)==> r ==(10 Mb/s, fifo, Poisson cross traffic at 60% of the rate: 90% with the flow)==> b
 *
 * The flow alone loads the first link to 30% (M/D/1 wait 0.214 ms); the second link is also loaded by
 * unmeasured cross traffic, so the class waits far longer there: two hot spots, the second link first.
 */
const TWO_SPOTS = {
  name: 'delay-two-spots',
  warmup: '5s',
  duration: '60s',
  drain: '2s',
  nodes: [{ id: 'a', kind: 'host' }, { id: 'r' }, { id: 'b', kind: 'host' }],
  links: [
    { id: 'ar', from: 'a', to: 'r', rate: '10Mbps', delay: '1ms', queue: { discipline: 'fifo', limit: 'unlimited' } },
    {
      id: 'rb',
      from: 'r',
      to: 'b',
      rate: '10Mbps',
      delay: '3ms',
      queue: { discipline: 'fifo', limit: 'unlimited' },
      background: { load: 0.6 },
    },
  ],
  flows: [
    { id: 'f', from: 'a', to: 'b', class: 'realtime', traffic: { model: 'poisson', rate: '300pps', size: '1250B' } },
  ],
};

const run = (doc: object) => buildSimulation(parseScenario(JSON.stringify(doc), 'test.json')).run();

/** The contract's promise: the four parts add up to the mean latency, within the results' 1e-9 ms rounding. */
function expectSumsToMean(s: Stats): void {
  const d = s.delayMs!;
  const sum = d.propagation! + d.serialization! + d.processing! + d.queueing!;
  expect(Math.abs(sum - s.latencyMs.mean!)).toBeLessThanOrEqual(1e-9);
}

describe('where the delay comes from', () => {
  it('an M/D/1 link, a processing stage and an idle link: the parts match the hand calculation', () => {
    const r = run(MD1);
    for (const s of [r.classes.business, r.flows.f]) {
      const d = s.delayMs!;
      // Fixed parts: exact but for the double arithmetic of summing them packet by packet.
      expect(Math.abs(d.propagation! - 7)).toBeLessThan(1e-9);
      expect(Math.abs(d.serialization! - 1.1)).toBeLessThan(1e-9);
      expect(Math.abs(d.processing! - 0.6)).toBeLessThan(1e-9);
      // Queueing: Pollaczek-Khinchine. 400 s of rho = 0.7 (280,000 packets): the mean wait's relative
      // standard deviation is about 1% here (measured over seeds: validation-md1.test.ts gives 0.21% of
      // the sojourn at 2000 s, the wait is about half of it and 5x shorter runs give sqrt(5)x more); 4%.
      const W = (0.7 * 1) / (2 * (1 - 0.7));
      expect(Math.abs(d.queueing! - W) / W).toBeLessThan(0.04);
      expectSumsToMean(s);
      // The only place it waited: the first link, all of the queueing, and its share of the mean.
      expect(s.hotspots!.map((h) => h.at)).toEqual(['a-fw/forward']);
      const h = s.hotspots![0];
      expect(h.drops).toBe(0);
      expect(Math.abs(h.queueingMs! - d.queueing!)).toBeLessThan(1e-6);
      expect(Math.abs(h.share! - d.queueing! / s.latencyMs.mean!)).toBeLessThan(1e-6);
    }
  });

  it('two hot spots: the second link (cross traffic) first, the first next; their waits add up to the queueing', () => {
    const r = run(TWO_SPOTS);
    const s = r.classes.realtime;
    expectSumsToMean(s);
    const spots = s.hotspots!;
    expect(spots.map((h) => h.at)).toEqual(['rb/forward', 'ar/forward']);
    expect(spots[0].queueingMs!).toBeGreaterThan(spots[1].queueingMs!);
    // First link: M/D/1 at rho = 0.3, 0.214 ms (shorter run: 10%).
    const W1 = (0.3 * 1) / (2 * (1 - 0.3));
    expect(Math.abs(spots[1].queueingMs! - W1) / W1).toBeLessThan(0.1);
    // Second link: M/G/1, Pollaczek-Khinchine W = sum(lambda_i E[S_i^2]) / (2 (1 - rho)) over the flow (300/s of
    // 1 ms) and the background (Poisson, 60% of 10 Mb/s in 1500 B packets: 500/s of 1.2 ms), rho = 0.9:
    // W = (300 * 1^2 + 500 * 1.2^2) / 1000 / (2 * 0.1) = 5.1 ms. It takes the flow's arrivals as Poisson, but
    // they are the first link's departures (at least 1 ms apart): smoother, so they wait a little less (three
    // 3000 s runs: 5.02 ms, 1.6% below). A 60 s run at rho = 0.9 is noisy: 3.6% standard deviation over 8
    // seeds (4.59 to 5.17 ms); 12% covers the bias and a deviation of nearly three (3 x 3.6% + 1.6% = 12.4%).
    const W2 = (300 * 1 ** 2 + 500 * 1.2 ** 2) / 1000 / (2 * (1 - 0.3 - 0.6));
    expect(Math.abs(spots[0].queueingMs! - W2) / W2).toBeLessThan(0.12);
    const total = spots.reduce((a, h) => a + h.queueingMs!, 0);
    expect(Math.abs(total - s.delayMs!.queueing!)).toBeLessThan(1e-6);
    expect(Math.abs(spots.reduce((a, h) => a + h.share!, 0) - s.delayMs!.queueing! / s.latencyMs.mean!)).toBeLessThan(
      1e-6,
    );
    expect(r.flows.f.hotspots).toEqual(spots);
    // Background traffic is unmeasured: it appears in no class.
    for (const [name, c] of Object.entries(r.classes)) if (name !== 'realtime') expect(c.hotspots).toEqual([]);
  });

  it('drops are counted where they happen, per class and flow', () => {
    const doc = structuredClone(TWO_SPOTS) as typeof TWO_SPOTS;
    doc.links[1] = { ...doc.links[1], queue: { discipline: 'fifo', limit: 5 } as never, background: { load: 0.95 } };
    const r = run(doc);
    const s = r.classes.realtime;
    expect(s.drops.queue).toBeGreaterThan(0);
    const rb = s.hotspots!.find((h) => h.at === 'rb/forward')!;
    expect(rb.drops).toBe(s.drops.queue);
    expect(s.hotspots![0].at).toBe('rb/forward');
    expect(r.flows.f.hotspots!.find((h) => h.at === 'rb/forward')!.drops).toBe(s.drops.queue);
    expectSumsToMean(s);
  });

  it('an idle path has no hot spot and no queueing', () => {
    const doc = structuredClone(TWO_SPOTS) as Record<string, any>;
    doc.links[1] = { id: 'rb', from: 'r', to: 'b', rate: '10Mbps', delay: '3ms' };
    doc.flows[0].traffic = { model: 'cbr', interval: '10ms', size: '100B' };
    const s = run(doc).classes.realtime;
    expect(s.hotspots).toEqual([]);
    expect(s.delayMs).toEqual({ propagation: 4, serialization: 0.16, processing: 0, queueing: 0 });
    expect(s.latencyMs.mean).toBeCloseTo(4.16, 9);
  });

  it('netsim run on a file prints the parts and the hot spots, and --json writes them', async () => {
    const file = tempFile({ ...MD1, duration: '20s' });
    const text = await cli('run', file);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Where the delay comes from');
    expect(text.stdout).toMatch(/business\s+[\d.]+\s+7\.00\s+1\.10\s+0\.60\s+[\d.]+/);
    expect(text.stdout).toMatch(/business: a-fw\/forward [\d.]+ ms \([\d.]+%\)/);
    const json = await cli('run', file, '--json');
    const r = JSON.parse(json.stdout);
    expect(Object.keys(r.classes.business.delayMs)).toEqual(['propagation', 'serialization', 'processing', 'queueing']);
    expect(r.classes.business.hotspots[0]).toEqual({
      at: 'a-fw/forward',
      queueingMs: expect.any(Number),
      share: expect.any(Number),
      drops: 0,
    });
    expect(r.flows.f.delayMs.propagation).toBeCloseTo(7, 9);
  });

  it('netsim compare: intervals per part in the terminal, the parts in results.json and results.csv', async () => {
    // A quiet variant: the second link's cross traffic at 10% instead of 60%.
    const quiet = { links: [{ id: 'rb', background: { load: 0.1 } }] };
    const file = tempFile({ ...TWO_SPOTS, duration: '10s', variants: { busy: {}, quiet } });
    const out = mkdtempSync(join(tmpdir(), 'netsim-delay-'));
    const res = await cli('compare', file, '--replications', '3', '--jobs', '1', '--out', out);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/Where the delay comes from \(ms per received packet, mean ± 95% interval\)/);
    expect(res.stdout).toMatch(
      /realtime\n\s+mean\s+propagation\s+serialization\s+processing\s+queueing\s+top hot spot/,
    );
    expect(res.stdout).toMatch(/rb\/forward [\d.]+%/);
    // The delta, part by part, paired by seed: the quieter link cuts the queueing, nothing else.
    expect(res.stdout).toMatch(/Δ quiet - busy\s+-[\d.±]+ ✓\s+0±0 ·\s+0±0 ·\s+0±0 ·\s+-[\d.±]+ ✓/);
    const delta = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')).summary.deltas[0];
    expect(delta.delayMs.realtime.queueing.mean).toBeLessThan(0);
    expect(delta.delayMs.realtime.queueing.verdict).toBe('better');
    expect(delta.delayMs.realtime.propagation).toMatchObject({ mean: 0, verdict: 'no significant change' });
    const json = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
    const cell = json.summary.cells[0].classes.realtime;
    expect(cell.delayMs.propagation.mean).toBeCloseTo(4, 9);
    expect(cell.delayMs.queueing.n).toBe(3);
    expect(cell.delayMs.queueing.low).toBeLessThan(cell.delayMs.queueing.high);
    const csv = readFileSync(join(out, 'results.csv'), 'utf8').split('\n');
    const header = csv[0].split(',');
    for (const k of ['propagation', 'serialization', 'processing', 'queueing'])
      expect(header).toContain(`delayMs.${k}`);
    const row = csv.find((l) => l.includes(',realtime,'))!.split(',');
    expect(Number(row[header.indexOf('delayMs.propagation')])).toBeCloseTo(4, 9);
    // The report's "where it hurts": the parts per class, the hot spots with their share, marked on the picture.
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const hurts = html.slice(html.indexOf('<section id="hurts">'), html.indexOf('</section>'));
    expect(hurts).toMatch(/<table data-delay>.*<td class="l">realtime<\/td><td>[\d.±]+<\/td><td>4\.00±0<\/td>/);
    expect(hurts).toMatch(
      /<table data-hotspots>.*<td class="l">realtime<\/td><td>rb\/forward<\/td><td>[\d.]+<\/td><td>[\d.]+%/,
    );
    expect(hurts).toMatch(/<title>rb: r → b \(forward\)[^<]*, hot spot 1<\/title>/);
    expect(hurts).toMatch(/<g data-hotspot="1">/);
  });
});
