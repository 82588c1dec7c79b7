import { describe, expect, it } from 'vitest';
import type { TrafficSpec } from '../src/traffic/index.js';
import { Mini } from './helpers/mini.js';
import { Arrivals, attach } from './helpers/traffic.js';

/** Emission times of an onoff source (no links: delivery is instant). */
function emissions(spec: TrafficSpec, end: number, seed = 1): number[] {
  const m = new Mini({ start: 0, end }, seed);
  const f = m.flow('o', 'business', []);
  const rx = new Arrivals(m.net);
  f.receiver = rx;
  attach(m, spec, f);
  m.run(0);
  return rx.times;
}

describe('onoff', () => {
  it('fixed periods: 1 s on at 100 pps, 2 s off, repeated; a cbr spacing inside each burst', () => {
    const t = emissions({ model: 'onoff', on: 1, off: 2, interval: 0.01, size: 200 }, 30);
    expect(t.length).toBe(1000);
    for (let cycle = 0; cycle < 10; cycle++) {
      const burst = t.slice(cycle * 100, cycle * 100 + 100);
      for (let i = 0; i < 100; i++) expect(burst[i]).toBeCloseTo(3 * cycle + i * 0.01, 9);
    }
  });

  it('a period shorter than the interval still sends its first packet; an empty one sends none', () => {
    expect(emissions({ model: 'onoff', on: 0.001, off: 0.999, interval: 0.01, size: 200 }, 10).length).toBe(10);
  });

  it('exponential periods: the rate is E[ceil(on / interval)] / (E[on] + E[off]) (duty cycle 25%)', () => {
    // For exponential on-periods of mean m, E[ceil(D / I)] = 1 / (1 - exp(-I / m)) = 25.503 here.
    const m = 0.5;
    const I = 0.02;
    const T = 10000;
    const t = emissions(
      {
        model: 'onoff',
        on: { dist: 'exponential', mean: m },
        off: { dist: 'exponential', mean: 1.5 },
        interval: I,
        size: 200,
      },
      T,
      3,
    );
    const perPeriod = 1 / (1 - Math.exp(-I / m));
    const expected = (perPeriod / (m + 1.5)) * T;
    // About 5,000 on/off cycles with ~25 packets each (sd ~25): the total's sd is ~2% of its mean.
    expect(t.length / expected).toBeGreaterThan(0.94);
    expect(t.length / expected).toBeLessThan(1.06);
    // Inside an on period packets are exactly `interval` apart; any other gap starts a new period
    // (it can be shorter than the interval: the rest of the last interval plus a short off period).
    let bursts = 1;
    for (let i = 1; i < t.length; i++) if (Math.abs(t[i] - t[i - 1] - I) > 1e-9) bursts++;
    expect(bursts / (T / 2)).toBeGreaterThan(0.94);
    expect(bursts / (T / 2)).toBeLessThan(1.06);
  });
});
