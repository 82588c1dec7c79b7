import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LogHistogram } from '../src/metrics/index.js';

/** The exact nearest-rank quantile of a sample (the definition the histogram approximates). */
function exactQuantile(sorted: readonly number[], q: number): number {
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1];
}

/**
 * Values as latencies: 0 (an idle zero-length hop) or 1 ns .. 1000 s, spread over many decades
 * (log-uniform), so samples straddle bucket boundaries at every scale.
 */
const latency = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 20, arbitrary: fc.double({ min: -9, max: 3, noNaN: true }).map((e) => 10 ** e) },
);

// The bound is 0.5% of the true value; the bucket index is computed by a rounded logarithm, so a
// value within a few ulps of a bucket boundary may land in the neighbour, which the 1e-12 slack covers.
const BOUND = LogHistogram.relativeError * (1 + 1e-12);

describe('LogHistogram', () => {
  it('every quantile is within 0.5% of the exact sample quantile (property)', () => {
    fc.assert(
      fc.property(
        fc.array(latency, { minLength: 1, maxLength: 400 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 20 }),
        (values, qs) => {
          const h = new LogHistogram();
          for (const v of values) h.record(v);
          const sorted = [...values].sort((a, b) => a - b);
          for (const q of [...qs, 0, 0.5, 0.95, 0.99, 1]) {
            const exact = exactQuantile(sorted, q);
            const got = h.quantile(q);
            if (Math.abs(got - exact) > BOUND * exact) return false;
          }
          return h.count === values.length && h.min === sorted[0] && h.max === sorted[sorted.length - 1];
        },
      ),
      { numRuns: 300, seed: 20261101 },
    );
  });

  it('holds on a large sample from one narrow decade too', () => {
    const h = new LogHistogram();
    const values: number[] = [];
    let x = 0.123456789;
    for (let i = 0; i < 20_000; i++) {
      x = (x * 9301 + 49297) % 233280; // a deterministic scatter in [0, 233280)
      const v = 0.01 + (x / 233280) * 0.01; // 10..20 ms
      values.push(v);
      h.record(v);
    }
    values.sort((a, b) => a - b);
    for (let q = 0; q <= 1; q += 0.001) {
      const exact = exactQuantile(values, q);
      expect(Math.abs(h.quantile(q) - exact)).toBeLessThanOrEqual(BOUND * exact);
    }
  });

  it('holds at bucket boundaries, where the rounded logarithm decides the bucket', () => {
    const a = LogHistogram.relativeError;
    const gamma = (1 + a) / (1 - a);
    for (let i = -5000; i <= 1500; i += 7) {
      const edge = gamma ** i;
      for (const v of [edge * (1 - Number.EPSILON), edge, edge * (1 + Number.EPSILON)]) {
        if (v < 1e-12) continue; // below the histogram's floor: the zero bucket
        const h = new LogHistogram();
        h.record(v);
        h.record(v * 1e6); // keeps the max clamp away, so the estimate for v shows
        expect(Math.abs(h.quantile(0.5) - v)).toBeLessThanOrEqual(BOUND * v);
      }
    }
  });

  it('an empty histogram has no quantile', () => {
    expect(h0().quantile(0.5)).toBeNaN();
    expect(h0().count).toBe(0);
  });

  it('merging equals recording both samples (property)', () => {
    fc.assert(
      fc.property(fc.array(latency, { maxLength: 200 }), fc.array(latency, { maxLength: 200 }), (a, b) => {
        const ha = h0();
        const hb = h0();
        const both = h0();
        for (const v of a) {
          ha.record(v);
          both.record(v);
        }
        for (const v of b) {
          hb.record(v);
          both.record(v);
        }
        ha.merge(hb);
        expect(ha.count).toBe(both.count);
        expect(ha.min).toBe(both.min);
        expect(ha.max).toBe(both.max);
        expect(ha.buckets()).toEqual(both.buckets());
        for (const q of [0, 0.1, 0.25, 0.5, 0.9, 0.95, 0.99, 1]) expect(ha.quantile(q)).toBe(both.quantile(q));
      }),
      { numRuns: 200, seed: 20261102 },
    );
  });

  it('merging far-apart ranges grows the buckets on both sides', () => {
    const lo = h0();
    const hi = h0();
    lo.record(1e-6);
    hi.record(100);
    hi.merge(lo); // the receiver must grow below its range
    expect(hi.count).toBe(2);
    expect(Math.abs(hi.quantile(0.5) - 1e-6)).toBeLessThanOrEqual(BOUND * 1e-6);
    expect(Math.abs(hi.quantile(1) - 100)).toBeLessThanOrEqual(BOUND * 100);
    const buckets = hi.buckets();
    expect(buckets).toHaveLength(2);
    expect(buckets[0][0]).toBeGreaterThanOrEqual(1e-6);
    expect(buckets[0][0]).toBeLessThan(1e-6 * (1 + 2 * LogHistogram.relativeError));
  });
});

function h0(): LogHistogram {
  return new LogHistogram();
}
