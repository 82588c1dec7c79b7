import { describe, expect, it } from 'vitest';
import { normal, RandomStreams } from '../src/engine/index.js';
import { clipToShare, estimate, pairedDifference, tCritical, verdict } from '../src/experiment/interval.js';
import { incompleteBeta, logGamma, tCdf, tQuantile } from '../src/experiment/student-t.js';

describe('Student t', () => {
  it('log-gamma matches factorials and sqrt(pi)', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
    expect(logGamma(101)).toBeCloseTo(363.73937555556347, 10);
  });

  it('the incomplete beta matches closed forms', () => {
    // I_x(2,3) = sum_{j=2..4} C(4,j) x^j (1-x)^(4-j): 11/16 at x = 1/2.
    expect(incompleteBeta(0.5, 2, 3)).toBeCloseTo(11 / 16, 14);
    // I_x(a,1) = x^a; I_x(1,b) = 1 - (1-x)^b.
    expect(incompleteBeta(0.3, 4.5, 1)).toBeCloseTo(Math.pow(0.3, 4.5), 14);
    expect(incompleteBeta(0.9, 1, 7)).toBeCloseTo(1 - Math.pow(0.1, 7), 14);
    expect(incompleteBeta(0, 2, 2)).toBe(0);
    expect(incompleteBeta(1, 2, 2)).toBe(1);
  });

  it('quantiles match the closed forms for 1 (Cauchy) and 2 degrees of freedom', () => {
    for (const p of [0.6, 0.9, 0.975, 0.995, 0.9995]) {
      expect(tQuantile(p, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 8);
      const a = 4 * p * (1 - p);
      expect(tQuantile(p, 2)).toBeCloseTo((2 * p - 1) * Math.sqrt(2 / a), 9);
    }
  });

  it('quantiles match the printed t table', () => {
    const table: Array<[number, number, number]> = [
      // [p, df, t] from standard tables (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2)
      [0.975, 3, 3.182446305],
      [0.975, 4, 2.776445105],
      [0.975, 5, 2.570581836],
      [0.975, 9, 2.262157163],
      [0.975, 10, 2.228138852],
      [0.975, 29, 2.045229642],
      [0.975, 30, 2.042272456],
      [0.975, 100, 1.983971519],
      [0.95, 10, 1.812461123],
      [0.995, 5, 4.032142984],
      [0.995, 10, 3.169272673],
      [0.9, 20, 1.325340707],
    ];
    for (const [p, df, t] of table) expect(tQuantile(p, df)).toBeCloseTo(t, 7);
    // Large df: the Cornish-Fisher expansion z + (z^3 + z) / (4 df) is accurate to O(1/df^2).
    const z = 1.959963985;
    expect(tQuantile(0.975, 100_000)).toBeCloseTo(z + (z ** 3 + z) / 400_000, 8);
    expect(tQuantile(0.025, 9)).toBeCloseTo(-2.262157163, 7);
  });

  it('the CDF inverts the quantile and is symmetric', () => {
    for (const df of [1, 2.5, 7, 40]) {
      for (const p of [0.01, 0.3, 0.5, 0.8, 0.999]) expect(tCdf(tQuantile(p, df), df)).toBeCloseTo(p, 11);
      expect(tCdf(-1.3, df) + tCdf(1.3, df)).toBeCloseTo(1, 14);
    }
  });
});

describe('confidence intervals', () => {
  it('a share is shown with its interval clipped to [0, 1], the rest of the estimate kept', () => {
    const e = { n: 3, mean: 0.05, sd: 0.05, low: -0.0742, high: 0.174 };
    expect(clipToShare(e)).toEqual({ ...e, low: 0 });
    expect(clipToShare({ ...e, mean: 0.97, low: 0.9, high: 1.04 })).toEqual({ ...e, mean: 0.97, low: 0.9, high: 1 });
    expect(clipToShare({ n: 1, mean: 0.5, sd: null, low: null, high: null }).low).toBeNull();
  });

  it('estimate: mean, sample sd and t half-width', () => {
    const e = estimate([1, 2, 3, 4, null]);
    expect(e.n).toBe(4);
    expect(e.mean).toBe(2.5);
    expect(e.sd).toBeCloseTo(Math.sqrt(5 / 3), 9);
    expect(e.high! - 2.5).toBeCloseTo((3.182446305 * Math.sqrt(5 / 3)) / 2, 7);
    expect(estimate([7])).toEqual({ n: 1, mean: 7, sd: null, low: null, high: null });
    expect(estimate([null])).toEqual({ n: 0, mean: null, sd: null, low: null, high: null });
  });

  it('paired differences use only seeds where both sides have a value', () => {
    const d = pairedDifference([10, 12, null, 11], [8, 10, 9, 8.5]);
    expect(d.n).toBe(3);
    expect(d.mean).toBeCloseTo(-13 / 6, 9);
    expect(verdict(d, true)).toBe('better');
    expect(verdict(d, false)).toBe('worse');
    expect(verdict(pairedDifference([1, 2, 3], [1.5, 1.5, 3.1]), true)).toBe('no significant change');
    expect(verdict(pairedDifference([1], [2]), true)).toBe('too few runs');
    // No spread and a real difference (a deterministic model): significant.
    expect(verdict(pairedDifference([5, 5], [4, 4]), true)).toBe('better');
  });

  // Coverage: with normal data of known mean, a 95% interval must contain the mean in 95% of
  // trials. 2000 trials: the binomial standard error of the observed coverage is
  // sqrt(0.95 * 0.05 / 2000) = 0.0049, so [0.935, 0.965] is +-3 standard errors. n = 3 also shows
  // why the t quantile matters: with the normal 1.96 the coverage is P(|T_2| <= 1.96) = 0.81.
  const trials = 2000;
  function coverage(n: number, critical: (n: number) => number, seed: number): number {
    const gauss = normal(new RandomStreams(seed).stream('coverage'), 10, 3);
    let covered = 0;
    for (let t = 0; t < trials; t++) {
      const xs = Array.from({ length: n }, () => gauss.sample());
      const mean = xs.reduce((a, b) => a + b, 0) / n;
      const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
      if (Math.abs(mean - 10) <= (critical(n) * sd) / Math.sqrt(n)) covered++;
    }
    return covered / trials;
  }

  it.each([3, 5, 10, 30])('the 95%% interval covers the true mean in 95%% of %i-replication trials', (n) => {
    const viaEstimate = (() => {
      const gauss = normal(new RandomStreams(40 + n).stream('coverage'), 10, 3);
      let covered = 0;
      for (let t = 0; t < trials; t++) {
        const e = estimate(Array.from({ length: n }, () => gauss.sample()));
        if (e.low! <= 10 && 10 <= e.high!) covered++;
      }
      return covered / trials;
    })();
    expect(viaEstimate).toBeGreaterThan(0.935);
    expect(viaEstimate).toBeLessThan(0.965);
    expect(coverage(n, (k) => tCritical(k - 1), 40 + n)).toBe(viaEstimate);
  });

  it('a normal-quantile interval would undercover with 3 replications', () => {
    const z = coverage(3, () => 1.959964, 43);
    expect(z).toBeGreaterThan(0.78);
    expect(z).toBeLessThan(0.84);
  });

  it('the paired interval covers the true difference of correlated pairs', () => {
    const rng = new RandomStreams(9);
    const common = normal(rng.stream('common'), 0, 5);
    const own = normal(rng.stream('own'), 0, 0.5);
    let covered = 0;
    for (let t = 0; t < trials; t++) {
      const before: number[] = [],
        after: number[] = [];
      for (let i = 0; i < 5; i++) {
        const c = common.sample();
        before.push(40 + c + own.sample());
        after.push(38 + c + own.sample());
      }
      const d = pairedDifference(before, after);
      if (d.low! <= -2 && -2 <= d.high!) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.935);
    expect(covered / trials).toBeLessThan(0.965);
  });
});
