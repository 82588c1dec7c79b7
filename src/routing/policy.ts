import type { Flow } from '../net/index.js';
import type { LoadView } from './load.js';
import type { Path } from './path.js';
import type { Topology } from './topology.js';

/** What a class asks of the class-aware policy (SCENARIO-FORMAT.md, Classes). */
export type ClassRouting = 'optimal' | 'suboptimal' | 'any';

/** A flow's routing request. */
export interface RouteRequest {
  readonly flow: Flow;
  readonly from: string;
  readonly to: string;
  /** Waypoints the path must pass, in order. */
  readonly via: readonly string[];
  readonly classRouting: ClassRouting;
}

/** What a policy may use: the topology, cached path searches, measured load, the clock. */
export interface PolicyContext {
  readonly topology: Topology;
  /** Simulated time, seconds. */
  readonly now: number;
  /** The least-cost usable route honouring the request's waypoints, or null. Cached. */
  shortest(req: RouteRequest): Path | null;
  /**
   * Up to k least-cost usable routes honouring the waypoints, best first, ordered by cost, then
   * hop count, then channel ids (Yen; see yen.ts). Cached; do not modify the array.
   */
  kShortest(req: RouteRequest, k: number): readonly Path[];
  /** Measured queueing and utilization (sampled only when some policy has an `interval`). */
  readonly load: LoadView;
}

/**
 * A routing policy: picks a path for each flow. The router calls `choose` when a flow is added,
 * after every topology change (a failure or a repair), and every `interval` seconds if the policy
 * has one. `current` is the flow's path in use (null at first, or while it has none); returning a
 * path with the same channels keeps the flow where it is, returning null leaves it without a route
 * (its packets drop with `no-route`). Within one round flows are asked in a fixed order: lowest
 * class priority first (bulk before realtime), then by flow id.
 */
export interface RoutingPolicy {
  readonly name: string;
  /** Seconds between re-evaluations of every flow's path; absent: only on topology changes. */
  readonly interval?: number;
  choose(req: RouteRequest, ctx: PolicyContext, current: Path | null): Path | null;
}

/** Every flow on its least-cost path. */
export const shortest: RoutingPolicy = {
  name: 'shortest',
  choose: (req, ctx) => ctx.shortest(req),
};
