import type { LogHistogram } from './histogram.js';

/**
 * Cumulative fractions at which a CDF keeps a point: coarse in the body, fine in the tail where
 * latency SLAs live (p99, p99.9). About 75 points describe a distribution well enough to plot it.
 */
const THRESHOLDS: readonly number[] = [
  ...Array.from({ length: 45 }, (_, i) => (i + 1) * 0.02),
  ...Array.from({ length: 18 }, (_, i) => 0.9 + (i + 1) * 0.005),
  ...Array.from({ length: 9 }, (_, i) => 0.99 + (i + 1) * 0.001),
  0.9999,
];

/**
 * Thins an ascending CDF ([value, cumulative fraction] with fractions rising to 1) to the first
 * point, the points where the fraction first reaches each threshold, and the last point. Every kept
 * point is an exact point of the input; values keep 5 significant digits (the histogram's own
 * error is 0.5%), fractions 6 decimals.
 */
export function thinCdf(points: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let t = 0;
  points.forEach(([x, f], i) => {
    const last = i === points.length - 1;
    if (i > 0 && !last && (t >= THRESHOLDS.length || f < THRESHOLDS[t] - 1e-12)) return;
    out.push([Number(x.toPrecision(5)), Math.round(f * 1e6) / 1e6]);
    while (t < THRESHOLDS.length && f >= THRESHOLDS[t] - 1e-12) t++;
  });
  return out;
}

/** A histogram's CDF in milliseconds (the histogram holds seconds): [ms, cumulative fraction][]. */
export function latencyCdfMs(h: LogHistogram): Array<[number, number]> {
  if (h.count === 0) return [];
  const points: Array<[number, number]> = [];
  let seen = 0;
  for (const [upper, count] of h.buckets()) {
    seen += count;
    // All recorded values are <= max, so clamping a bucket's upper bound to max keeps F exact.
    points.push([Math.min(upper, h.max) * 1000, seen / h.count]);
  }
  return thinCdf(points);
}
