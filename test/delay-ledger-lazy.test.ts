import { describe, expect, it } from 'vitest';
import type { Stats } from '../src/metrics/index.js';
import type { NetworkModel } from '../src/net/index.js';
import { buildSimulation, parseScenario } from '../src/scenario/index.js';

/**
 * The delay ledger on the lazy channels (issue 13): FIFO channels decide a packet's serialization
 * start at its admission (Lindley), fused ones ahead of the clock, background arrives as work
 * without packets, other disciplines decide lazily. The ledger must see the same waits and drops.
 */

/*
 *   a ==(10 Mb/s, 2 ms, fifo unlimited, background work at 50%)==> b
 *
 * Measured Poisson stream at 200 pps and Poisson background at 50% of the rate, both with
 * exponential sizes of mean 1250 B (service 1 ms): an M/M/1 queue at rho = 0.7 fed by two Poisson
 * streams. By PASTA the measured stream waits the queue's mean wait, rho S / (1 - rho) = 2.333 ms
 * (independent of the simulator), most of it behind background work that has no packets: the wait
 * is only right if it is computed from the channel's work at admission.
 */
const MM1 = {
  name: 'ledger-mm1-work',
  seed: 7,
  warmup: '10s',
  duration: '400s',
  drain: '2s',
  nodes: [
    { id: 'a', kind: 'host' },
    { id: 'b', kind: 'host' },
  ],
  links: [
    {
      id: 'ab',
      from: 'a',
      to: 'b',
      rate: '10Mbps',
      delay: '2ms',
      queue: { discipline: 'fifo', limit: 'unlimited' },
      background: { load: 0.5, size: { dist: 'exponential', mean: '1250B' } },
    },
  ],
  flows: [
    {
      id: 'f',
      from: 'a',
      to: 'b',
      traffic: { model: 'poisson', rate: '200pps', size: { dist: 'exponential', mean: '1250B' } },
    },
  ],
};

/*
 *   a ==(fifo 30, background 60%)==> r1 ==(priority, 8 per class)==> r2 ==(codel)==> b
 *
 * One link of each lazy discipline, with queue drops, AQM drops and wire loss, three classes.
 */
const MIXED = {
  name: 'ledger-mixed',
  seed: 3,
  warmup: '2s',
  duration: '30s',
  drain: '2s',
  nodes: [{ id: 'a', kind: 'host' }, { id: 'r1' }, { id: 'r2' }, { id: 'b', kind: 'host' }],
  links: [
    {
      id: 'l1',
      from: 'a',
      to: 'r1',
      rate: '10Mbps',
      delay: '1ms',
      loss: 0.001,
      queue: { discipline: 'fifo', limit: 30 },
      background: { load: 0.6 },
    },
    { id: 'l2', from: 'r1', to: 'r2', rate: '8Mbps', delay: '2ms', queue: { discipline: 'priority', limit: 8 } },
    { id: 'l3', from: 'r2', to: 'b', rate: '9Mbps', delay: '3ms', queue: { discipline: 'codel' } },
  ],
  flows: [
    { id: 'v', from: 'a', to: 'b', class: 'realtime', traffic: { model: 'cbr', interval: '20ms', size: '200B' } },
    { id: 'w', from: 'a', to: 'b', class: 'business', traffic: { model: 'poisson', rate: '2Mbps', size: '800B' } },
    {
      id: 'x',
      from: 'a',
      to: 'b',
      class: 'bulk',
      traffic: { model: 'poisson', rate: '3Mbps', size: { dist: 'exponential', mean: '1200B' } },
    },
  ],
};

const run = (doc: object, model?: NetworkModel) =>
  buildSimulation(parseScenario(JSON.stringify(doc), 'test.json'), { model }).run();

function expectSumsToMean(s: Stats): void {
  const d = s.delayMs!;
  const sum = d.propagation! + d.serialization! + d.processing! + d.queueing!;
  expect(Math.abs(sum - s.latencyMs.mean!)).toBeLessThanOrEqual(1e-9);
}

describe('the delay ledger on lazy channels', () => {
  it('M/M/1 with background as work: the measured stream waits rho S / (1 - rho), all at the link', () => {
    const s = run(MM1).flows.f;
    const d = s.delayMs!;
    expectSumsToMean(s);
    expect(d.propagation).toBeCloseTo(2, 9);
    // Serialization: the stream's own mean size, 1 ms (80,000 exponential sizes: 0.35% standard error).
    expect(Math.abs(d.serialization! - 1) / 1).toBeLessThan(0.015);
    // Queueing (M/M/1): the wait of an M/M/1 at rho = 0.7 is strongly correlated in time; over seeds
    // 1..8 at 400 s the mean wait's relative error had a standard deviation of 0.9%, at worst -2.1%
    // (measured), so 5%. Serialization was within 0.5% on those seeds.
    const W = (0.7 * 1) / (1 - 0.7);
    expect(Math.abs(d.queueing! - W) / W).toBeLessThan(0.05);
    expect(s.hotspots!.map((h) => h.at)).toEqual(['ab/forward']);
    expect(Math.abs(s.hotspots![0].queueingMs! - d.queueing!)).toBeLessThan(1e-6);
  });

  it('background as work and as packets give the measured stream the same waits', () => {
    const doc = { ...MM1, duration: '60s' };
    const lazy = run(doc).flows.f;
    const packets = run(doc, { background: 'packets' }).flows.f;
    // Same arrivals (the work source draws as the packet background does): equal up to float order.
    expect(lazy.hotspots!.length).toBe(1);
    expect(Math.abs(lazy.hotspots![0].queueingMs! - packets.hotspots![0].queueingMs!)).toBeLessThan(1e-9);
    expect(Math.abs(lazy.delayMs!.queueing! - packets.delayMs!.queueing!)).toBeLessThan(1e-9);
  });

  it('every discipline (fused FIFO with work, priority, CoDel) gives the event model waits and drops', () => {
    const lazy = run(MIXED);
    const events = run(MIXED, { channels: 'events', background: 'packets' });
    let dropped = 0;
    for (const cls of ['realtime', 'business', 'bulk']) {
      const a = lazy.classes[cls];
      const b = events.classes[cls];
      expectSumsToMean(a);
      expect(a.hotspots!.map((h) => [h.at, h.drops])).toEqual(b.hotspots!.map((h) => [h.at, h.drops]));
      // The FIFO link with background work (fused, lazy): the same waits as the event model.
      const l1 = (x: Stats) => x.hotspots!.find((h) => h.at === 'l1/forward')!.queueingMs!;
      expect(Math.abs(l1(a) - l1(b))).toBeLessThan(1e-9);
      for (const h of a.hotspots!) dropped += h.drops;
      for (const part of ['propagation', 'serialization', 'processing'] as const)
        expect(Math.abs(a.delayMs![part]! - b.delayMs![part]!)).toBeLessThan(1e-9);
      const waited = (s: Stats) => s.hotspots!.reduce((t, h) => t + h.queueingMs!, 0);
      // Further on, the models serve packets that meet at equal times in another order (net/channel.ts),
      // which moves a class's mean latency (realtime: by 22 us, one packet of 1,500 served 33 ms later
      // at the priority link): the waits differ by exactly that, so the ledger itself misses nothing.
      const dLatency = a.latencyMs.mean! - b.latencyMs.mean!;
      expect(Math.abs(waited(a) - waited(b) - dLatency)).toBeLessThan(1e-6);
    }
    // The scenario does drop (queue, AQM, wire), so the comparison covers drops too.
    expect(dropped).toBeGreaterThan(0);
  });

  it('a link failure loses queued packets: their waits, counted at admission, are taken back', () => {
    // The first link fails twice with packets queued (rho = 0.9 with background): packets waiting
    // when it fails never start, so the event model (deciding at the start) never counts their wait.
    const doc = structuredClone(MIXED) as Record<string, any>;
    doc.links[0].background = { load: 0.8 };
    doc.links[0].queue = { discipline: 'fifo', limit: 200 };
    // No wire loss here: after a failure the two models draw it for other packets (the event model
    // draws it for the one in service it then loses), which moves a few packets between the models.
    delete doc.links[0].loss;
    doc.failures = [
      { at: '10s', link: 'l1', for: '1s' },
      { at: '20.0005s', link: 'l1', for: '0.5s' },
    ];
    const lazy = run(doc);
    const events = run(doc, { channels: 'events', background: 'packets' });
    for (const cls of ['realtime', 'business', 'bulk']) {
      const at = (x: Stats) => x.hotspots!.find((h) => h.at === 'l1/forward')!;
      const a = at(lazy.classes[cls]);
      const b = at(events.classes[cls]);
      expect(a.drops).toBe(b.drops);
      expect(Math.abs(a.queueingMs! - b.queueingMs!)).toBeLessThan(1e-9);
      expect(lazy.classes[cls].drops.down).toBeGreaterThan(0);
    }
  });
});
