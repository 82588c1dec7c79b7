import { sameRoute, type Path } from '../path.js';
import type { PolicyContext, RouteRequest, RoutingPolicy } from '../policy.js';

/**
 * Each class as its `routing` says (SCENARIO-FORMAT.md, Classes):
 * - `optimal` and `any`: the least-cost path, the same one `shortest` picks (`any` states that the
 *   class does not care; giving it the least-cost path keeps class-aware equal to `shortest` for
 *   every class that is not `suboptimal`);
 * - `suboptimal`: the best path that is not the optimal one (the next in Yen's order), so the
 *   optimal path stays free for delay-sensitive traffic; the optimal one when no other exists.
 */
export class ClassAwarePolicy implements RoutingPolicy {
  readonly name = 'class-aware';

  choose(req: RouteRequest, ctx: PolicyContext): Path | null {
    const optimal = ctx.shortest(req);
    if (req.classRouting !== 'suboptimal' || optimal === null) return optimal;
    for (const p of ctx.kShortest(req, 2)) if (!sameRoute(p, optimal)) return p;
    return optimal;
  }
}
