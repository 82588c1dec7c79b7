import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../src/engine/random.js';
import { expZiggurat } from '../src/net/ziggurat.js';

/**
 * The ziggurat's Exp(1) variates against the exponential law itself: the Kolmogorov-Smirnov
 * distance of 400,000 draws below its 0.1% critical value (1.95 / sqrt(n)), mean and variance 1
 * within 4 standard errors, and the tail beyond R = 7.697 (drawn by the base layer's own branch) at
 * its probability exp(-R) within 4 standard deviations of a binomial count.
 */
describe('expZiggurat', () => {
  it('draws the exponential law: KS distance, moments and the tail', () => {
    const alea = new RandomStreams(11).generator('zig');
    const n = 400_000;
    const xs = new Float64Array(n);
    let sum = 0;
    let sum2 = 0;
    let tail = 0;
    for (let i = 0; i < n; i++) {
      const x = expZiggurat(alea.double(), alea);
      xs[i] = x;
      sum += x;
      sum2 += x * x;
      if (x > 7.69711747013105) tail++;
    }
    xs.sort();
    let d = 0;
    for (let i = 0; i < n; i++) {
      const f = 1 - Math.exp(-xs[i]);
      d = Math.max(d, Math.abs(f - (i + 1) / n), Math.abs(f - i / n));
    }
    expect(d).toBeLessThan(1.95 / Math.sqrt(n));
    const mean = sum / n;
    expect(Math.abs(mean - 1)).toBeLessThan(4 / Math.sqrt(n));
    // Var of X^2 for Exp(1) is 20, so the second moment's standard error is sqrt(20 / n).
    expect(Math.abs(sum2 / n - 2)).toBeLessThan(4 * Math.sqrt(20 / n));
    const p = Math.exp(-7.69711747013105);
    expect(Math.abs(tail - n * p)).toBeLessThan(4 * Math.sqrt(n * p) + 1);
    expect(xs[0]).toBeGreaterThanOrEqual(0);
  });
});
