import { hash32 } from '../hash.js';
import { pathKey, type Path } from '../path.js';
import type { PolicyContext, RouteRequest, RoutingPolicy } from '../policy.js';

/** Paths whose cost is within this fraction of the least cost count as equal (float sums of delays). */
export const ECMP_TOLERANCE = 1e-9;

function limitOf(best: Path): number {
  return best.cost + ECMP_TOLERANCE * Math.max(1, best.cost);
}

/**
 * Equal-cost multipath: among the least-cost paths (at most `k`, within {@link ECMP_TOLERANCE}),
 * each flow takes the one with the highest hash of (flow id, path): rendezvous hashing. A flow's
 * choice depends only on its id and the set of equal paths, never on the order flows are added,
 * and when a path fails only the flows that were on it move.
 */
export class EcmpPolicy implements RoutingPolicy {
  readonly name = 'ecmp';

  constructor(readonly k: number) {}

  choose(req: RouteRequest, ctx: PolicyContext): Path | null {
    // Ask Yen for 2 paths, then 4, 8, ... only while all found are equal: a pair with a single
    // least-cost path (the common case) costs a k = 2 search, not a k = this.k one.
    let n = Math.min(2, this.k);
    let paths = ctx.kShortest(req, n);
    while (paths.length === n && n < this.k && paths[n - 1].cost <= limitOf(paths[0])) {
      n = Math.min(this.k, 2 * n);
      paths = ctx.kShortest(req, n);
    }
    if (paths.length <= 1) return paths[0] ?? null;
    const limit = limitOf(paths[0]);
    let best = paths[0];
    let bestScore = -1;
    for (const p of paths) {
      if (p.cost > limit) break;
      const score = hash32(`${req.flow.id}\u0000${pathKey(p)}`);
      if (score > bestScore) {
        best = p;
        bestScore = score;
      }
    }
    return best;
  }
}
