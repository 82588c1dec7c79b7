import { round } from '../metrics/stats.js';
import { CONFIDENCE, confidenceLabel } from './defaults.js';
import { tQuantile } from './student-t.js';

export { CONFIDENCE, confidenceLabel };

/**
 * A mean across replications with its Student-t confidence interval. `low`/`high` are null when
 * there are fewer than two values (no spread to estimate); `mean` is null when there are none.
 */
export interface Estimate {
  n: number;
  mean: number | null;
  sd: number | null;
  low: number | null;
  high: number | null;
}

/**
 * A share's estimate as shown: a share lies in [0, 1], so a symmetric t interval that crosses an end
 * (few replications, a share near 0 or 1) is clipped to it. For display only: the stored summary keeps
 * the symmetric interval, which its half-width and the paired tests rely on.
 */
export function clipToShare(e: Estimate): Estimate {
  const clip = (x: number | null) => (x === null ? null : Math.min(1, Math.max(0, x)));
  return { ...e, low: clip(e.low), high: clip(e.high) };
}

const quantiles = new Map<number, number>();

/** The two-sided t critical value for `df` degrees of freedom at CONFIDENCE (memoized: one per n). */
export function tCritical(df: number): number {
  let q = quantiles.get(df);
  if (q === undefined) {
    q = tQuantile(1 - (1 - CONFIDENCE) / 2, df);
    quantiles.set(df, q);
  }
  return q;
}

/** Mean and t interval of the non-null values, in their given order. */
export function estimate(values: ReadonlyArray<number | null>): Estimate {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { n, mean: null, sd: null, low: null, high: null };
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / n;
  if (n === 1) return { n, mean: round(mean), sd: null, low: null, high: null };
  let ss = 0;
  for (const x of xs) ss += (x - mean) * (x - mean);
  const sd = Math.sqrt(ss / (n - 1));
  const half = (tCritical(n - 1) * sd) / Math.sqrt(n);
  return { n, mean: round(mean), sd: round(sd), low: round(mean - half), high: round(mean + half) };
}

/**
 * The paired difference `after - before`, seed by seed (the arrays are aligned by seed). Common
 * random numbers make the pairs positively correlated, so the paired interval is much narrower
 * than the difference of two independent intervals. Pairs with a missing side are left out.
 */
export function pairedDifference(before: ReadonlyArray<number | null>, after: ReadonlyArray<number | null>): Estimate {
  if (before.length !== after.length)
    throw new Error(`paired difference of ${before.length} and ${after.length} values`);
  const diffs: number[] = [];
  for (let i = 0; i < before.length; i++) {
    const b = before[i],
      a = after[i];
    if (b !== null && a !== null && Number.isFinite(a) && Number.isFinite(b)) diffs.push(a - b);
  }
  return estimate(diffs);
}

export type Verdict = 'better' | 'worse' | 'no significant change' | 'too few runs';

/** Reads a difference's interval: significant when it excludes zero; the metric's direction says which way is good. */
export function verdict(diff: Estimate, lowerIsBetter: boolean): Verdict {
  if (diff.low === null || diff.high === null) return 'too few runs';
  if (diff.low > 0) return lowerIsBetter ? 'worse' : 'better';
  if (diff.high < 0) return lowerIsBetter ? 'better' : 'worse';
  return 'no significant change';
}

export interface DeltaMetric extends Estimate {
  /** The mean difference relative to the `from` cell's mean (0.1 = +10%); null when that mean is 0. */
  relative: number | null;
  verdict: Verdict;
}

/** `after - before` paired by seed, relative to before's mean (rounded to 1e-6), with its verdict. */
export function deltaMetric(
  before: ReadonlyArray<number | null>,
  after: ReadonlyArray<number | null>,
  lowerIsBetter: boolean,
): DeltaMetric {
  const diff = pairedDifference(before, after);
  const base = estimate(before).mean;
  const relative =
    diff.mean !== null && base !== null && base !== 0 ? Math.round((diff.mean / base) * 1e6) / 1e6 : null;
  return { ...diff, relative, verdict: verdict(diff, lowerIsBetter) };
}
