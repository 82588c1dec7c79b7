import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { comparisonFile } from '../src/experiment/comparison.js';
import { runScenario } from '../src/experiment/run.js';
import { round, type RunResult } from '../src/metrics/index.js';
import type { TimeseriesResult } from '../src/metrics/timeseries/index.js';
import { parseCsv, toCsv } from '../src/report/csv.js';
import { reportHtml } from '../src/report/html.js';
import { timeseriesRows } from '../src/report/timeseries-csv.js';
import { failurePhases } from '../src/report/timeseries-phases.js';
import { buildSimulation, parseScenario, ScenarioError, type Scenario } from '../src/scenario/index.js';

/**
 * Time series (SCENARIO-FORMAT.md, Time series; docs/scenario-format.md): windows keyed by each
 * packet's delivery time, link directions sampled at window boundaries, sums equal to the run's
 * totals exactly, nothing changed when off, and the bounds.
 */

const sum = (xs: ReadonlyArray<number | null>) => xs.reduce<number>((a, x) => a + (x ?? 0), 0);
const scenario = (yaml: string) => parseScenario(yaml, 'ts.yaml');
const run = (s: Scenario, timeseries?: number, variant: string | null = null) =>
  runScenario(s, { variant }, timeseries === undefined ? {} : { timeseries });
const series = (r: RunResult) => r.timeseries as TimeseriesResult;

function shortened(file: string, duration: string): Scenario {
  const text = readFileSync(`scenarios/${file}`, 'utf8').replace(/^duration: .*$/m, `duration: ${duration}`);
  return parseScenario(text, `scenarios/${file}`);
}

/** Every class and reported link direction: the windows add up to the run's own totals, exactly. */
function expectSumsToTotals(r: RunResult, measuredSeconds: number, integral = true): void {
  const ts = series(r);
  expect(Object.keys(ts.classes).length).toBeGreaterThan(0);
  for (const [cls, w] of Object.entries(ts.classes)) {
    const s = r.classes[cls];
    expect({ cls, received: sum(w.received), lost: sum(w.lost) }).toEqual({ cls, received: s.received, lost: s.lost });
    // Throughput is the bits received over the measured window: the windows' bytes give it (exactly where
    // sizes are whole bytes; sizes drawn from a distribution are real numbers, summed in another order).
    const bits = (sum(w.bytes) * 8) / measuredSeconds;
    if (integral) expect(round(bits)).toBe(s.throughputBps);
    else expect(Math.abs(bits - s.throughputBps)).toBeLessThanOrEqual(1e-9 * s.throughputBps + 1e-9);
    for (const v of w.throughputBps) expect(v).toBeGreaterThanOrEqual(0);
  }
  expect(Object.keys(ts.links).length).toBeGreaterThan(0);
  for (const [key, w] of Object.entries(ts.links)) {
    const [id, side] = key.split('/') as [string, 'forward' | 'reverse'];
    const L = r.links[id][side];
    expect({ key, packets: sum(w.packets), drops: sum(w.drops) }).toEqual({ key, packets: L.packets, drops: L.drops });
    // Background traffic's sizes are drawn from a distribution: real numbers, summed in another order.
    if (integral && Number.isInteger(L.bytes)) expect({ key, bytes: sum(w.bytes) }).toEqual({ key, bytes: L.bytes });
    else expect(Math.abs(sum(w.bytes) - L.bytes)).toBeLessThanOrEqual(1e-12 * L.bytes);
    // Utilization: the windows' busy fractions weighted by their measured length give the run's.
    const weighted = w.utilization.reduce<number>(
      (a, u, k) => a + (u ?? 0) * (Math.min(ts.t[k] + ts.window, ts.end) - ts.t[k]),
      0,
    );
    expect(weighted / measuredSeconds).toBeCloseTo(L.utilization, 6);
  }
}

describe('windows add up to the run totals exactly (packets, bytes, losses)', () => {
  it('priority.yaml, both variants (a priority queue, and a drop-tail FIFO loaded at 0.97)', () => {
    const s = shortened('priority.yaml', '6s');
    for (const v of ['priority', 'fifo']) {
      const r = run(s, 0.5, v);
      expect(series(r).t.length).toBe(Math.ceil((6 + 5) / 0.5)); // duration and drain
      expectSumsToTotals(r, 6, false); // bulk sizes are exponential: real numbers of bytes
    }
  });

  it('region-failure.yaml: losses on a down element, a window that does not divide the run (0.7 s)', () => {
    const s = shortened('region-failure.yaml', '12s');
    const r = run(s, 0.7);
    expect(series(r).t.length).toBe(Math.ceil(14 / 0.7));
    expect(sum(series(r).classes.realtime.lost)).toBeGreaterThan(0);
    expectSumsToTotals(r, 12);
  });
});

describe('per-class windows are keyed by delivery time', () => {
  // One cbr flow: 125 B every 100 ms from t = 0 to 2 s (20 packets) over 1 Mbps (1 ms to serialize)
  // and 250 ms of propagation: packet i arrives at 0.1 i + 0.251 s. Windows of 1 s from 0: deliveries
  // 0.251 .. 0.951 (8) in [0, 1), 1.051 .. 1.951 (10) in [1, 2), 2.051, 2.151 (2) in [2, 3): keyed by
  // sending time it would be 10, 10, 0. Every latency is 251 ms, so mean and p99 are 251 ms (p99 from
  // the histogram: within its 0.5% relative error).
  const s = scenario(`
name: keyed
duration: 2s
drain: 1s
nodes: [{ id: a, kind: host }, { id: b, kind: host }]
links: [{ id: ab, from: a, to: b, rate: 1Mbps, delay: 250ms }]
flows: [{ id: f, from: a, to: b, class: realtime, traffic: { model: cbr, interval: 100ms, size: 125B } }]
`);
  const ts = series(run(s, 1));

  it('counts each packet in the window it arrived in', () => {
    expect(ts.t).toEqual([0, 1, 2]);
    expect(ts.classes.realtime.received).toEqual([8, 10, 2]);
    expect(ts.classes.realtime.bytes).toEqual([1000, 1250, 250]);
    expect(ts.classes.realtime.throughputBps).toEqual([8000, 10000, 2000]);
    expect(ts.classes.realtime.lost).toEqual([0, 0, 0]);
    expect(ts.classes.realtime.latencyMeanMs).toEqual([251, 251, 251]);
    for (const p99 of ts.classes.realtime.latencyP99Ms) expect(Math.abs(p99! - 251) / 251).toBeLessThanOrEqual(0.005);
  });

  it('samples the link at window edges: busy 1 ms per packet sent in it, nothing after the measured end', () => {
    // Serialization happens at sending time: 10 packets x 1 ms in [0, 1) and in [1, 2); the drain window is
    // after the measured window (counters stop at its end), so it has no link figures.
    expect(ts.end).toBe(2);
    expect(ts.links['ab/forward'].utilization).toEqual([0.01, 0.01, null]);
    expect(ts.links['ab/forward'].packets).toEqual([8, 10, null]);
    expect(ts.links['ab/forward'].queuePackets).toEqual([0, 0, null]);
    // The idle reverse direction is not among the busiest (nothing crossed it).
    expect(Object.keys(ts.links)).toEqual(['ab/forward']);
  });
});

describe('lazy and fused channels give the windows of the event model', () => {
  it('priority.yaml fifo (one fused FIFO chain): the same class windows, link windows within rounding', () => {
    // Lazy FIFO channels record each stay at admission and fused hops record crossings ahead of the
    // clock; the event model (an event at every serialization end) is the reference (net/channel.ts).
    const s = shortened('priority.yaml', '3s');
    const series = (model: 'lazy' | 'events') =>
      buildSimulation(s, { variant: 'fifo', timeseries: 0.25, model: { channels: model } }).run()
        .timeseries as TimeseriesResult;
    const lazy = series('lazy');
    const events = series('events');
    expect(lazy.classes.realtime.received).toEqual(events.classes.realtime.received);
    expect(lazy.classes.bulk.lost).toEqual(events.classes.bulk.lost);
    expect(Object.keys(lazy.links)).toEqual(Object.keys(events.links));
    for (const [key, w] of Object.entries(lazy.links)) {
      expect({ key, packets: w.packets, drops: w.drops }).toEqual({
        key,
        packets: events.links[key].packets,
        drops: events.links[key].drops,
      });
      w.utilization.forEach((u, k) =>
        expect(Math.abs((u ?? 0) - (events.links[key].utilization[k] ?? 0))).toBeLessThan(1e-6),
      );
      w.queuePackets.forEach((q, k) =>
        expect(Math.abs((q ?? 0) - (events.links[key].queuePackets[k] ?? 0))).toBeLessThan(1e-6 * Math.max(1, q ?? 0)),
      );
    }
  });
});

describe('recording costs nothing to the results when off', () => {
  it('the same result with and without a time series, apart from it and the boundary events', () => {
    const s = shortened('priority.yaml', '3s');
    const strip = (r: RunResult) => {
      const { wall: _w, timeseries: _t, simulated: _s, ...rest } = r;
      return rest;
    };
    const off = run(s, undefined, 'fifo');
    const on = run(s, 0.25, 'fifo');
    expect(off.timeseries).toBeUndefined();
    expect(JSON.stringify(strip(on))).toBe(JSON.stringify(strip(off)));
    // One event per window boundary (the last window's end is read after the run).
    expect(on.simulated.events - off.simulated.events).toBe(series(on).t.length - 1);
  });
});

describe('record.timeseries in the file', () => {
  const base = (record: string) => `
name: rec
duration: 2s
drain: 1s
nodes: [{ id: a, kind: host }, { id: r }, { id: b, kind: host }]
links:
  - { id: ar, from: a, to: r, rate: 10Mbps }
  - { id: rb, from: r, to: b, rate: 1Mbps, delay: 5ms }
flows: [{ id: f, from: a, to: b, traffic: { model: cbr, interval: 10ms, size: 100B } }]
${record}
`;
  const problems = (yaml: string) => {
    try {
      scenario(yaml);
    } catch (e) {
      if (e instanceof ScenarioError) return e.problems.map((p) => `${p.path}: ${p.message}`);
      throw e;
    }
    throw new Error('the scenario was valid');
  };

  it('a window, or the window with named link directions (only those are followed)', () => {
    expect(run(scenario(base('record: { timeseries: 500ms }'))).timeseries?.t).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
    const named = series(run(scenario(base('record: { timeseries: { window: 1s, links: [rb/forward, ar] } }'))));
    expect(Object.keys(named.links)).toEqual(['ar/forward', 'ar/reverse', 'rb/forward']);
    const busiest = series(run(scenario(base('record: { timeseries: { window: 1s, busiest: 1 } }'))));
    expect(Object.keys(busiest.links)).toEqual(['rb/forward']);
  });

  it('--timeseries replaces the window and keeps the named links', () => {
    const s = scenario(base('record: { timeseries: { window: 1s, links: [rb] } }'));
    const ts = series(run(s, 0.5));
    expect(ts.window).toBe(0.5);
    expect(Object.keys(ts.links)).toEqual(['rb/forward', 'rb/reverse']);
  });

  it('refuses unknown links, a bare number and windows beyond the bounds, each at its key path', () => {
    expect(problems(base('record: { timeseries: { window: 1s, links: [rbb] } }'))).toEqual([
      'record.timeseries.links[0]: unknown link "rbb"; did you mean "rb"?',
    ]);
    expect(problems(base('record: { timeseries: 1 }')).join('\n')).toMatch(/^record\.timeseries: .*add a unit/);
    expect(problems(base('record: { timeseries: 100us }'))).toEqual([
      'record.timeseries: 30,000 windows of 100us over 3s (duration and drain): at most 10,000; use a window of ' +
        'at least 300us',
    ]);
    expect(problems(base('record: { timeseries: 1s, extra: 1 }'))).toEqual([
      'record.extra: unknown key (expected one of: timeseries)',
    ]);
  });

  it('bounds the link samples: all directions of a large network over many windows are refused', () => {
    // 1,000 links, 2,000 directions x 1,001 windows > 2,000,000.
    const links = Array.from({ length: 1000 }, (_, i) => `  - { id: l${i}, from: r, to: h${i}, rate: 1Mbps }`);
    const nodes = Array.from({ length: 1000 }, (_, i) => `  - { id: h${i}, kind: host }`);
    const yaml = `
name: big
duration: 1000s
drain: 1s
nodes:
  - { id: r }
${nodes.join('\n')}
links:
${links.join('\n')}
flows: [{ id: f, from: h0, to: h1, traffic: { model: cbr, interval: 1s, size: 100B } }]
record: { timeseries: 1s }
`;
    expect(problems(yaml)).toEqual([
      'record.timeseries: following the busiest of 2,000 link directions over 1,001 windows keeps 2,002,000 ' +
        'samples, more than 2,000,000: name the links to follow (record.timeseries: { window, links: [...], ' +
        'busiest: 0 }) or use a longer window',
    ]);
    // Named links only: 2 directions, well within the bound.
    expect(() =>
      scenario(yaml.replace('record: { timeseries: 1s }', 'record: { timeseries: { window: 1s, links: [l0] } }')),
    ).not.toThrow();
  });
});

describe('timeseries.csv and the report', () => {
  const s = shortened('region-failure.yaml', '12s');
  const r = run(s, 1);

  it('is tidy and long: one row per series, metric and window, plus the failures; nulls empty', () => {
    const csv = timeseriesRows([r])!;
    expect(csv.header).toEqual(['variant', 'policy', 'seed', 'series', 'metric', 't', 'value']);
    const ts = series(r);
    const perClass = Object.keys(ts.classes).length * 6 * ts.t.length;
    const perLink = Object.keys(ts.links).length * 5 * ts.t.length;
    expect(csv.rows.length).toBe(perClass + perLink + ts.events.length);
    const rows = parseCsv(toCsv(csv.header, csv.rows));
    const received = rows.filter((x) => x[3] === 'class:realtime' && x[4] === 'received');
    expect(received.map((x) => Number(x[6]))).toEqual(ts.classes.realtime.received);
    expect(rows.filter((x) => x[3] === 'node:northcentralus').map((x) => x.slice(4))).toEqual([
      ['up', '5', '0'],
      ['up', '9', '1'],
    ]);
    // Link windows after the measured window are empty cells.
    expect(rows.some((x) => x[3].startsWith('link:') && x[6] === '')).toBe(true);
    expect(timeseriesRows([run(shortened('priority.yaml', '2s'))])).toBeNull();
  });

  it('report.html plots each class over time with the failure marked, only when runs have a series', () => {
    const spec = { variants: [null], policies: [r.policy], seed: r.seed, replications: 1 };
    const html = reportHtml(comparisonFile({ name: r.scenario, hash: 'sha256:x' }, spec, null, [r]));
    expect(html).toContain('<h2 id="timeseries">Over time</h2>');
    expect(html).toContain('href="#timeseries"');
    expect(html.match(/data-plot="timeseries"/g)!.length).toBe(4 + 2); // realtime's four figures, one link cell
    expect(html.match(/data-mark="down" x1/g)!.length).toBe(6);
    expect(html.match(/data-mark="up"/g)!.length).toBe(6);
    const plain = run(shortened('priority.yaml', '2s'), undefined, 'fifo');
    const plainSpec = { variants: ['fifo'], policies: [plain.policy], seed: plain.seed, replications: 1 };
    const without = reportHtml(comparisonFile({ name: plain.scenario, hash: 'sha256:x' }, plainSpec, null, [plain]));
    expect(without).not.toContain('id="timeseries"');
  });
});

describe('region-failure.yaml: calls dip while the region is down and recover after (its qualitative answer)', () => {
  it('loses calls and adds delay only while northcentralus is down (its own record.timeseries: 1s)', () => {
    const phases = failurePhases(series(run(shortened('region-failure.yaml', '12s'))))!;
    expect(phases.failure).toEqual({ label: 'node northcentralus', down: 5, up: 9 });
    const { before, during, after } = phases.classes.realtime;
    expect([before.windows, during.windows, after!.windows]).toEqual([4, 4, 4]);
    // Before and after: no call packet lost. During: the relay calls (half the users, one of their two
    // calls: a third of the call streams... both directions) lose everything; the New York calls fail
    // over through centralus, a longer way: the mean one-way delay goes up, then back.
    expect(before.lost).toBe(0);
    expect(after!.lost).toBe(0);
    expect(during.lossRatio!).toBeGreaterThan(0.25);
    expect(during.latencyMeanMs!).toBeGreaterThan(before.latencyMeanMs! * 1.3);
    expect(Math.abs(after!.latencyMeanMs! - before.latencyMeanMs!)).toBeLessThan(0.05 * before.latencyMeanMs!);
  });
});
