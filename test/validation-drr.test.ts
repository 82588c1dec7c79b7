import { describe, expect, it } from 'vitest';
import type { ClassSpec } from '../src/net/index.js';
import { Mini } from './helpers/mini.js';

/**
 * Deficit round robin under overload: every backlogged class gets a share of the link's bytes
 * proportional to its weight, whatever its packet sizes or its offered load; a class offering
 * less than its share gets all it offers and the others split the rest by weight.
 *
 * Tolerance: the link is saturated and, with 100-packet buffers per class, every overloaded class
 * stays backlogged, so DRR's bound (each class within one quantum plus one packet of its share
 * per round) makes the shares exact up to the packets straddling the window edges: at most the
 * 100 packets of a class's buffer at either edge, against 15 k to 45 k packets per class over the
 * 60 s window (0.2 percentage point at worst). A class that offers less than its share gets a
 * Poisson amount: 18 k packets, standard deviation 0.22 point. We allow 1 percentage point (the
 * issue's 1-2% figure).
 */
const RATE = 10e6;
const WINDOW = { start: 5, end: 65 };

function classes(weights: number[]): ClassSpec[] {
  return weights.map((weight, i) => ({ name: `c${i}`, priority: 0, weight, dscp: 0 }));
}

/** Offered loads as fractions of the link rate, packet sizes in bytes; returns byte shares. */
function drr(weights: number[], offered: number[], sizes: number[], seed = 1): number[] {
  const m = new Mini(WINDOW, seed, classes(weights));
  m.chain(1, RATE, 0, { discipline: 'drr', limit: { packets: 100 } });
  const flows = weights.map((_, i) => m.flow(`f${i}`, `c${i}`));
  flows.forEach((f, i) => m.poisson(f, (offered[i] * RATE) / 8 / sizes[i], sizes[i]));
  const r = m.run();
  expect(r.links['n0-n1'].forward.utilization).toBeGreaterThan(0.999);
  return flows.map((f) => r.flows[f.id].throughputBps / RATE);
}

describe('DRR shares (validation)', () => {
  it('weights 3:1, both offering the full link rate: 75% / 25%', () => {
    const [a, b] = drr([3, 1], [1, 1], [1250, 1250]);
    expect(Math.abs(a - 0.75)).toBeLessThan(0.01);
    expect(Math.abs(b - 0.25)).toBeLessThan(0.01);
  });

  it('weights 3:1 with unequal packet sizes (1500 B vs 200 B): byte shares still 75% / 25%', () => {
    const [a, b] = drr([3, 1], [1, 1], [1500, 200]);
    expect(Math.abs(a - 0.75)).toBeLessThan(0.01);
    expect(Math.abs(b - 0.25)).toBeLessThan(0.01);
  });

  it('weights 4:3:2:1, all overloaded: 40% / 30% / 20% / 10%', () => {
    const shares = drr([4, 3, 2, 1], [0.8, 0.8, 0.8, 0.8], [1000, 1500, 600, 1250]);
    [0.4, 0.3, 0.2, 0.1].forEach((want, i) => expect(Math.abs(shares[i] - want)).toBeLessThan(0.01));
  });

  it('a class offering less than its share gets all it offers; the others split the rest by weight', () => {
    // Weights 3:1:1, the heavy class offers only 30% (its share would be 60%); the two others
    // offer 100% each and split the remaining 70% equally.
    const [a, b, c] = drr([3, 1, 1], [0.3, 1, 1], [1250, 1250, 1250]);
    expect(Math.abs(a - 0.3)).toBeLessThan(0.01);
    expect(Math.abs(b - 0.35)).toBeLessThan(0.01);
    expect(Math.abs(c - 0.35)).toBeLessThan(0.01);
  });
});
