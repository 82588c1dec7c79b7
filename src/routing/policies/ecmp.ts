import { hash32 } from '../hash.js';
import { pathKey, type Path } from '../path.js';
import type { PolicyContext, RouteRequest, RoutingPolicy } from '../policy.js';

/** Paths whose cost is within this fraction of the least cost count as equal (float sums of delays). */
export const ECMP_TOLERANCE = 1e-9;

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
    const paths = ctx.kShortest(req, this.k);
    if (paths.length <= 1) return paths[0] ?? null;
    const limit = paths[0].cost + ECMP_TOLERANCE * Math.max(1, paths[0].cost);
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
