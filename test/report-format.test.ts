import { describe, expect, it } from 'vitest';
import { displayOf, formatEstimate, formatPercent, formatShare } from '../src/report/format.js';
import { METRICS } from '../src/experiment/metrics.js';

const est = (mean: number | null, half: number | null) => ({
  n: 5,
  mean,
  sd: null,
  low: half === null || mean === null ? null : mean - half,
  high: half === null || mean === null ? null : mean + half,
});

describe('number formatting', () => {
  it('writes a share as a percentage: 3 significant digits, or fixed decimals for a terminal column', () => {
    expect(formatShare(0.4876)).toBe('48.8%');
    expect(formatShare(0.0123456)).toBe('1.23%');
    expect(formatShare(1)).toBe('100%');
    expect(formatShare(null)).toBe('—');
    expect(formatShare(0.70581, { decimals: 2 })).toBe('70.58%');
    expect(formatShare(undefined, { decimals: 1, missing: '-' })).toBe('-');
    expect(formatShare(0.344, { decimals: 1 })).toBe('34.4%');
  });

  it('writes an SLA rate as a whole percentage, rounding as Math.round did before formatShare wrote it', () => {
    expect(formatPercent(0.97)).toBe('97%');
    expect(formatPercent(0.125)).toBe('13%');
    expect(formatPercent(null)).toBe('—');
    // Every pass rate k / n a run of up to 400 cells can have, halves included (1/8, 3/8, ...).
    const differ: string[] = [];
    for (let n = 1; n <= 400; n++)
      for (let k = 0; k <= n; k++)
        if (formatPercent(k / n) !== `${Math.round((k / n) * 100)}%`) differ.push(`${k}/${n}`);
    expect(differ).toEqual([]);
  });

  it('rounds the half-width to 1-2 significant digits and the mean to match', () => {
    expect(formatEstimate(est(45.234, 1.31))).toBe('45.2±1.3');
    expect(formatEstimate(est(45.234, 3.7))).toBe('45±4');
    expect(formatEstimate(est(0.1083, 0.0201))).toBe('0.108±0.020');
    expect(formatEstimate(est(312.4, 15.2))).toBe('312±15');
    expect(formatEstimate(est(-20.71, 1.96), 1, true)).toBe('-20.7±2.0');
    expect(formatEstimate(est(4.05, 0.15), 1, true)).toBe('+4.05±0.15');
    // A very tight interval keeps its digits; the mean stops at 4 significant digits.
    expect(formatEstimate(est(21.1512, 0.0004))).toBe('21.15±0.0004');
    expect(formatEstimate(est(80, 0))).toBe('80.0±0');
    expect(formatEstimate(est(7.5, null))).toBe('7.50');
    expect(formatEstimate(est(null, null))).toBe('—');
    expect(formatEstimate(est(0.0123, 0.005), 100)).toBe('1.2±0.5');
  });

  it('shows ms, %, and throughput in the largest unit that keeps the values >= 1', () => {
    const tput = METRICS.find((m) => m.key === 'throughputBps')!;
    expect(displayOf(tput, 64_000)).toEqual({ unit: 'kbps', scale: 1e-3 });
    expect(displayOf(tput, 1.2e9)).toEqual({ unit: 'Gbps', scale: 1e-9 });
    expect(displayOf(tput, 500)).toEqual({ unit: 'bps', scale: 1 });
    expect(
      displayOf(
        METRICS.find((m) => m.key === 'lossRatio')!,
        0.3,
      ),
    ).toEqual({ unit: '%', scale: 100 });
  });
});
