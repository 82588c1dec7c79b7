import type { Flow } from '../net/index.js';
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

/** What a policy may use: the topology, path search helpers, the clock. */
export interface PolicyContext {
  readonly topology: Topology;
  readonly now: number;
  /** The least-cost usable path honouring the request's waypoints, or null. */
  shortest(req: RouteRequest): Path | null;
}

/**
 * A routing policy: picks a path for each flow. The router calls `choose` when a flow starts and
 * whenever the topology changes; a policy with `interval` is also re-asked periodically (load-aware).
 * Chosen once, by name, when the simulation is built.
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
