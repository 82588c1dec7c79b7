import { describe, expect, it } from 'vitest';
import { breakingPoints, cellVerdicts, type SweptRun } from '../src/experiment/breaking-points.js';
import { runScenario } from '../src/experiment/run.js';
import { breakingPointLines } from '../src/report/breaking-points.js';
import { parseSource } from '../src/scenario/source.js';
import { compilePoints, planSweeps } from '../src/scenario/sweep-points.js';

/**
 * A breaking point with a known answer (issue 11). An M/M/1 queue: Poisson arrivals, packet sizes
 * exponential with mean 1250 B on a link of rate C, an unlimited FIFO queue, so service rate
 * mu = C / 10,000 bits per second (1000/s at 10 Mbps, 1250/s at 12.5 Mbps). The sojourn time (the
 * one-way latency here: no propagation) is exponential with rate mu - lambda, so its p99 is
 * ln(100) / (mu - lambda). The class's target is p99 <= 20 ms: it holds while
 * lambda <= mu - ln(100) / 20 ms = mu - 230.3/s, i.e. up to 769.7/s at 10 Mbps and 1019.7/s at
 * 12.5 Mbps.
 *
 * The arrival rate is swept through the file's sweep block, applied over both variants by the
 * key-path module, each point compiled and run with the library (4 replications, common seeds).
 * Grid 600, 700, 850, 900 pps. Closed-form p99 at 10 Mbps: 11.5, 15.4 | 30.7, 46.1 ms; at
 * 12.5 Mbps: 7.0, 8.4, 11.5, 13.2 ms. So `slow` holds up to 700pps and breaks at 850pps (latency);
 * `fast` holds at every point.
 *
 * Why the noise cannot move the answer: measured over 12 seeds with 300 s per run, the p99's
 * standard deviation is 0.51 ms at 700 pps on 10 Mbps (mean 15.38 ms: the target is 9 sd above),
 * 1.76 ms at 850 pps (mean 30.70 ms: the target is 6 sd below) and 0.28 ms at 900 pps on
 * 12.5 Mbps (mean 13.18 ms: 24 sd below). A point holds when all 4 replications pass (3 of 4 is
 * below 90%) and breaks when one fails, so a wrong answer needs one run at least 6 sd away from
 * its mean; the histogram's 1% relative error is far inside these margins.
 * The loss target (1%) is never at risk (unlimited queue): `failing` must name latency only.
 */
const TEXT = `name: mm1-capacity
description: M/M/1 whose p99 sojourn target (20 ms) is crossed at lambda = mu - ln(100)/20ms
seed: 1
warmup: 5s
duration: 300s
drain: 5s
classes:
  business:
    sla: { latency: 20ms, loss: 1% }
nodes:
  - { id: source, kind: host }
  - { id: sink, kind: host }
links:
  - from: source
    to: sink
    rate: 10Mbps
    queue: { discipline: fifo, limit: unlimited }
flows:
  - id: arrivals
    from: source
    to: sink
    traffic:
      model: poisson
      rate: 100pps
      size: { dist: exponential, mean: 1250B }
variants:
  slow: {}
  fast:
    links:
      - { id: source-sink, rate: 12.5Mbps }
sweep:
  load:
    at: flows[arrivals].traffic.rate
    values: [600pps, 700pps, 850pps, 900pps]
`;
const REPLICATIONS = 4;

describe('breaking point of an M/M/1 queue (closed form)', () => {
  it('lands on the grid point the closed form p99 = ln(100)/(mu - lambda) predicts', () => {
    const doc = parseSource(TEXT, 'mm1-capacity.yaml');
    const plan = planSweeps(doc);
    const runs: SweptRun[] = [];
    for (const { point, scenario } of compilePoints(doc, plan)) {
      for (const variant of ['slow', 'fast']) {
        for (let k = 0; k < REPLICATIONS; k++) {
          const r = runScenario(scenario, { variant, seed: scenario.seed + k });
          runs.push({ ...r, policy: null, sweep: point.labels });
        }
      }
    }
    // The swept rate reached the traffic: about lambda * 300 s packets in each run.
    const sent = (v: string, rate: string) =>
      runs.filter((r) => r.variant === v && r.sweep.load === rate).map((r) => r.classes.business.sent);
    for (const s of sent('fast', '850pps')) expect(Math.abs(s / 300 - 850)).toBeLessThan(850 * 0.02);

    const points = breakingPoints(plan.sweeps, cellVerdicts(plan.sweeps, runs));
    expect(points).toEqual([
      {
        variant: 'slow',
        policy: null,
        class: 'business',
        sweep: 'load',
        holdsUpTo: '700pps',
        breaksAt: '850pps',
        failing: ['latency'],
      },
      {
        variant: 'fast',
        policy: null,
        class: 'business',
        sweep: 'load',
        holdsUpTo: '900pps',
        breaksAt: null,
        failing: [],
      },
    ]);
    expect(breakingPointLines(points, plan.sweeps)).toEqual([
      'business: slow holds up to 700pps, breaks at 850pps (latency); fast holds up to 900pps',
    ]);
  });
});
