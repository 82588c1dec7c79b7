import { thinCdf } from '../metrics/cdf.js';

type Cdf = ReadonlyArray<readonly [number, number]>;

/** F(x) of a thinned CDF read as a step function: the fraction at the last point <= x. */
function stepAt(cdf: Cdf, x: number): number {
  let lo = 0,
    hi = cdf.length - 1,
    f = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid][0] <= x) {
      f = cdf[mid][1];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return f;
}

/**
 * The mean of several runs' CDFs (each run weighs the same, as each replication does in the
 * intervals), evaluated at every point of every run, then thinned again. Empty CDFs (a class that
 * received nothing in that run) are left out.
 */
export function meanCdf(cdfs: readonly Cdf[]): Array<[number, number]> {
  const used = cdfs.filter((c) => c.length > 0);
  if (used.length === 0) return [];
  const xs = [...new Set(used.flatMap((c) => c.map((p) => p[0])))].sort((a, b) => a - b);
  return thinCdf(xs.map((x) => [x, used.reduce((sum, c) => sum + stepAt(c, x), 0) / used.length] as [number, number]));
}
