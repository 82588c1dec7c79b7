import { describe, expect, it } from 'vitest';
import { meanCdf } from '../src/experiment/cdf-mean.js';
import { latencyCdfMs, thinCdf } from '../src/metrics/cdf.js';
import { LogHistogram } from '../src/metrics/index.js';

describe('latency CDF in class Stats', () => {
  it('keeps about 75 exact points of the histogram, finer in the tail', () => {
    const h = new LogHistogram();
    for (let i = 1; i <= 100_000; i++) h.record(i * 1e-6); // 1 us .. 100 ms, uniform
    const cdf = latencyCdfMs(h);
    // 75 thresholds at most; fewer here, because near 100 ms one bucket (1% wide) spans several tail thresholds.
    expect(cdf.length).toBeLessThanOrEqual(76);
    expect(cdf.length).toBeGreaterThan(50);
    expect(cdf[cdf.length - 1]).toEqual([100, 1]);
    for (let i = 1; i < cdf.length; i++) {
      expect(cdf[i][0]).toBeGreaterThan(cdf[i - 1][0]);
      expect(cdf[i][1]).toBeGreaterThan(cdf[i - 1][1]);
    }
    // Uniform on (0, 100] ms: F(x) = x / 100 at every kept point, up to the bucket width (0.5% of x
    // on each side, so the fraction at the upper bound is within 1% of x / 100).
    for (const [x, f] of cdf) expect(Math.abs(f - x / 100)).toBeLessThanOrEqual(0.01 * (x / 100) + 1e-5);
    // The body is cut every 0.02 of probability; a gap can exceed that by one bucket (1% of x / 100).
    for (let i = 1; i < cdf.length && cdf[i][1] <= 0.9; i++)
      expect(cdf[i][1] - cdf[i - 1][1]).toBeLessThan(0.02 + 0.01 * 0.9);
    expect(latencyCdfMs(new LogHistogram())).toEqual([]);
  });

  it('thins only: every output point is an input point', () => {
    const pts: Array<[number, number]> = Array.from({ length: 1000 }, (_, i) => [i + 1, (i + 1) / 1000]);
    const thin = thinCdf(pts);
    for (const p of thin) expect(pts).toContainEqual(p);
    expect(thin[0]).toEqual([1, 0.001]);
    expect(thin[thin.length - 1]).toEqual([1000, 1]);
  });

  it('averages runs as step functions, each run weighing the same', () => {
    const a: Array<[number, number]> = [
      [10, 0.5],
      [20, 1],
    ];
    const b: Array<[number, number]> = [
      [15, 0.5],
      [30, 1],
    ];
    expect(meanCdf([a, b, []])).toEqual([
      [10, 0.25],
      [15, 0.5],
      [20, 0.75],
      [30, 1],
    ]);
    expect(meanCdf([[], []])).toEqual([]);
  });
});
