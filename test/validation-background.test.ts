import { describe, expect, it } from 'vitest';
import { exponential } from '../src/engine/index.js';
import type { NetworkModel } from '../src/net/index.js';
import { Mini } from './helpers/mini.js';

/**
 * Background work without events on an M/M/1 link. A 10 Mb/s FIFO link carries unmeasured
 * Poisson background at 40% of its rate and a measured Poisson flow at 30%, both with exponential
 * sizes of mean 1250 B (service 1 ms on average, mu = 1000/s). The superposition is Poisson at
 * lambda = 700/s with the same service law, so by PASTA the measured packets see the M/M/1 sojourn
 * time: exponential with rate mu - lambda, mean 3.333 ms and p99 -ln(0.01) / (mu - lambda) = 15.35 ms.
 *
 * Checked two ways: against the closed form (tolerances as in validation-mm1.test.ts: over 2000 s
 * the mean's relative standard deviation is about 0.5%, we allow 2%; the p99's is about 1.2%
 * measured over 8 seeds, we allow 5% with the histogram's 0.5%), and against the packet-level
 * background on the event model (an event per background packet and per serialization end), which
 * the issue asks to agree within 2% on the mean and p99: it draws the same arrivals from the same
 * streams, so it is held to agree exactly (1e-9 on the mean, the same p99).
 */
const SEEDS = process.env.CI ? [1] : [1, 2];
const RATE = 10e6;
const MEAN_SIZE = 1250;
const MU = RATE / 8 / MEAN_SIZE;
const BACKGROUND = 0.4;
const LAMBDA = 300;
const MEASURED = 2000;

function run(seed: number, model: NetworkModel) {
  const m = new Mini({ start: 20, end: 20 + MEASURED }, seed, undefined, model);
  const [link] = m.chain(1, RATE, 0, { discipline: 'fifo', limit: {} });
  const bg = m.net.addBackground(
    link.forward,
    BACKGROUND,
    exponential(m.random.stream('bg:size'), MEAN_SIZE),
    m.random.stream('bg'),
    m.net.classes.get('bulk'),
  );
  bg.start();
  bg.stopAt(m.window.end);
  const f = m.flow('f', 'business');
  m.poissonExpSize(f, LAMBDA, MEAN_SIZE);
  return m.run(1);
}

describe('background work without events on an M/M/1 link (validation)', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: measured packets see the M/M/1 sojourn time, as with packet-level background`, () => {
      const lazy = run(seed, {});
      const s = lazy.flows.f;
      const W = 1 / (MU - LAMBDA - BACKGROUND * MU);
      const relative = (got: number | null, want: number) => Math.abs(got! - want) / want;
      expect(relative(s.latencyMs.mean! / 1000, W)).toBeLessThan(0.02);
      expect(relative(s.latencyMs.p99! / 1000, -Math.log(0.01) * W)).toBeLessThan(0.05);
      // The link is busy 70% of the time (background included).
      expect(Math.abs(lazy.links['n0-n1'].forward.utilization - 0.7)).toBeLessThan(0.005);

      const packets = run(seed, { channels: 'events', background: 'packets' });
      const p = packets.flows.f;
      // The same arrivals from the same streams: equal up to the order of floating-point sums (the 2% the
      // issue allows would hide a drift between the two models).
      expect(relative(s.latencyMs.mean, p.latencyMs.mean!)).toBeLessThan(1e-9);
      expect(s.latencyMs.p99).toBe(p.latencyMs.p99);
      expect(lazy.links['n0-n1'].forward.packets).toBe(packets.links['n0-n1'].forward.packets);
      // Two events per measured packet (its generation and arrival) against, in the event model,
      // three per measured packet and two per background packet (800/s here against 300/s).
      expect(lazy.simulated.events).toBeLessThan(packets.simulated.events / 2);
    });
  }
});
