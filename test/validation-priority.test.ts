import { describe, expect, it } from 'vitest';
import { Mini } from './helpers/mini.js';

/**
 * Two classes on one 10 Mb/s link, Poisson arrivals, exponential sizes with mean 1250 B (mean
 * service 1 ms, E[S^2] = 2 ms^2): high (realtime, priority 0) at 300/s, low (bulk, priority 3)
 * at 400/s, rho = 0.7.
 *
 * Cobham (non-preemptive priority, M/G/1): with R = sum(lambda_i E[S_i^2]) / 2 = 0.7 ms the mean
 * waits in queue are W_high = R / (1 - rho_high) = 1 ms and W_low = R / ((1 - rho_high)(1 - rho))
 * = 3.333 ms; sojourns 2 ms and 4.333 ms. Under fifo both classes see the M/M/1 mean, 3.333 ms.
 * (Kleinrock's conservation law ties them: 300 x 1 + 400 x 3.333 = 700 x 2.333.)
 *
 * Tolerance from the run length (1000 s, 700 k packets): measured over 16 seeds at 2000 s, the
 * relative standard deviations were 0.24% (high), 0.61% (low) and 0.53% (fifo); at 1000 s they
 * are sqrt(2) larger: 0.34%, 0.87%, 0.75%. We allow 4 of them: 1.5%, 3.5%, 3%. The two
 * disciplines differ by 40% (high) and 30% (low), far outside those bands.
 */
const SEEDS = process.env.CI ? [1] : [1, 2, 3];
const RATE = 10e6;
const MEAN_SIZE = 1250;
const S = (MEAN_SIZE * 8) / RATE;
const L_HIGH = 300;
const L_LOW = 400;

function twoClasses(discipline: 'priority' | 'fifo', seed: number) {
  const m = new Mini({ start: 20, end: 1020 }, seed);
  m.chain(1, RATE, 0, { discipline, limit: {} });
  const high = m.flow('high', 'realtime');
  const low = m.flow('low', 'bulk');
  m.poissonExpSize(high, L_HIGH, MEAN_SIZE);
  m.poissonExpSize(low, L_LOW, MEAN_SIZE);
  const r = m.run();
  return { high: r.flows.high.latencyMs.mean! / 1000, low: r.flows.low.latencyMs.mean! / 1000 };
}

const rel = (got: number, want: number): number => Math.abs(got - want) / want;

describe('non-preemptive priority (validation)', () => {
  const R = ((L_HIGH + L_LOW) * 2 * S * S) / 2;
  const rhoHigh = L_HIGH * S;
  const rho = (L_HIGH + L_LOW) * S;
  const cobhamHigh = S + R / (1 - rhoHigh);
  const cobhamLow = S + R / ((1 - rhoHigh) * (1 - rho));
  const fifo = 1 / (1 / S - (L_HIGH + L_LOW));

  for (const seed of SEEDS) {
    it(`seed ${seed}: priority gives Cobham's means for both classes`, () => {
      const got = twoClasses('priority', seed);
      expect(rel(got.high, cobhamHigh)).toBeLessThan(0.015);
      expect(rel(got.low, cobhamLow)).toBeLessThan(0.035);
    });

    it(`seed ${seed}: the same load under fifo gives both classes the M/M/1 mean`, () => {
      const got = twoClasses('fifo', seed);
      expect(rel(got.high, fifo)).toBeLessThan(0.03);
      expect(rel(got.low, fifo)).toBeLessThan(0.03);
    });
  }

  /**
   * Bulk offered at twice the link rate (2000 fixed 1250-byte packets/s, 1 ms each) with realtime
   * at 1000 fixed 200-byte packets/s (0.16 ms, rho_rt = 0.16), 100-packet buffers. The link is
   * always busy; an arriving realtime packet waits for the residual of the packet in service,
   * R = rho_rt S_rt / 2 + (1 - rho_rt) S_bulk / 2 = 0.4328 ms, then for the realtime packets ahead:
   * W = R / (1 - rho_rt) = 0.5152 ms, sojourn 0.6752 ms. It loses nothing: bulk cannot take its
   * buffer. Tolerance: 200 s gives 200 k realtime packets; measured over 8 seeds, the mean has a
   * relative standard deviation of 0.11% and bulk's throughput 0.034%; we allow 0.5% and 1%.
   */
  it('a realtime class keeps Cobham delay and loses nothing while bulk overloads the link', () => {
    const m = new Mini({ start: 5, end: 205 }, 1);
    m.chain(1, RATE, 0, { discipline: 'priority', limit: { packets: 100 } });
    const rt = m.flow('rt', 'realtime');
    const bulk = m.flow('bulk', 'bulk');
    m.poisson(rt, 1000, 200);
    m.poisson(bulk, 2000, 1250);
    const r = m.run();
    const sRt = (200 * 8) / RATE;
    const rhoRt = 1000 * sRt;
    const residual = (rhoRt * sRt) / 2 + ((1 - rhoRt) * S) / 2;
    const want = sRt + residual / (1 - rhoRt);
    expect(r.flows.rt.lost).toBe(0);
    expect(rel(r.flows.rt.latencyMs.mean! / 1000, want)).toBeLessThan(0.005);
    // Bulk gets the rest of the link: (1 - rho_rt) of 10 Mb/s, and loses the excess.
    expect(rel(r.flows.bulk.throughputBps, (1 - rhoRt) * RATE)).toBeLessThan(0.01);
    expect(r.flows.bulk.lossRatio).toBeGreaterThan(0.5);
  });
});
