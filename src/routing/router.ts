import type { Flow, Hop, Network } from '../net/index.js';
import { RouteCache } from './cache.js';
import { LoadMonitor } from './load.js';
import { sameRoute, type Path } from './path.js';
import type { PolicyContext, RouteRequest, RoutingPolicy } from './policy.js';
import { SAMPLES_PER_INTERVAL, SMOOTHING_INTERVALS } from './sampling.js';
import type { Topology } from './topology.js';

export { SAMPLES_PER_INTERVAL, SMOOTHING_INTERVALS };

interface FlowRoute {
  readonly req: RouteRequest;
  readonly policy: RoutingPolicy;
  path: Path | null;
  since: number;
  /** Seconds spent on each path (keyed by its node list), to report the one used longest. */
  readonly usage: Map<string, number>;
  reroutes: number;
}

/** Round order: lowest class priority first (bulk before realtime), then flow id. */
function roundOrder(a: FlowRoute, b: FlowRoute): number {
  const fa = a.req.flow;
  const fb = b.req.flow;
  if (fa.cls.priority !== fb.cls.priority) return fb.cls.priority - fa.cls.priority;
  if (fa.id !== fb.id) return fa.id < fb.id ? -1 : 1;
  return fa.index - fb.index;
}

/**
 * Installs routes on flows and keeps them current: when a flow is added, when the topology changes
 * (a failure or a repair: every flow is asked again, see below), and periodically for policies
 * with an `interval`. A flow with no route gets `route = null`, so its packets drop with reason
 * `no-route` until one returns. Packets already sent keep the route they were created with.
 *
 * On a topology change every flow is re-asked, not only those whose path broke: a repair can
 * offer a better path to anyone, and a class-aware `suboptimal` flow's path depends on where the
 * optimal one is. Searches are cached (cache.ts), and a failure invalidates only what crossed the
 * failed element, so re-asking a flow whose paths survived is a lookup (bench/routing.ts).
 */
export class Router {
  private readonly routes = new Map<Flow, FlowRoute>();
  /** Flows on the same cached path share its hops (packets only read them). */
  private readonly hops = new WeakMap<Path, readonly Hop[]>();
  private order: FlowRoute[] = [];
  private sorted = true;
  private stopped = false;
  private readonly ctx: PolicyContext;
  readonly cache: RouteCache;
  readonly load: LoadMonitor;
  /** Whether some policy re-evaluates routes periodically (routes may change without a failure). */
  readonly dynamic: boolean;

  constructor(
    private readonly net: Network,
    readonly topology: Topology,
    private readonly defaultPolicy: RoutingPolicy,
    /** Per-class policy overrides, by class name. */
    private readonly classPolicies: ReadonlyMap<string, RoutingPolicy> = new Map(),
  ) {
    const sim = net.sim;
    const cache = (this.cache = new RouteCache(topology));
    const load = (this.load = new LoadMonitor(net));
    this.ctx = {
      topology,
      get now() {
        return sim.now;
      },
      shortest: (req) => cache.shortest(stopsOf(req)),
      kShortest: (req, k) => cache.kShortest(stopsOf(req), k),
      load,
    };
    net.onTopologyChange((change) => {
      cache.changed(change.up);
      this.recomputeAll();
    });
    const periodic = [...new Set([defaultPolicy, ...classPolicies.values()])].filter((p) => p.interval !== undefined);
    this.dynamic = periodic.length > 0;
    for (const p of periodic) {
      if (!((p.interval as number) > 0)) throw new RangeError(`routing policy '${p.name}': interval must be > 0`);
      this.every(p);
    }
    if (periodic.length > 0) {
      const shortestInterval = Math.min(...periodic.map((p) => p.interval as number));
      load.start(shortestInterval / SAMPLES_PER_INTERVAL, SMOOTHING_INTERVALS * shortestInterval);
    }
  }

  /** The policy in force for a flow's class. */
  policyFor(className: string): RoutingPolicy {
    return this.classPolicies.get(className) ?? this.defaultPolicy;
  }

  /** Routes a flow now and keeps it routed. Unknown node ids are a build error and throw. */
  add(req: RouteRequest): void {
    if (this.routes.has(req.flow)) throw new Error(`flow '${req.flow.id}' is already routed`);
    for (const id of stopsOf(req))
      if (!this.topology.hasNode(id)) throw new Error(`flow '${req.flow.id}': unknown node '${id}'`);
    const policy = this.policyFor(req.flow.cls.name);
    const state: FlowRoute = { req, policy, path: null, since: this.net.sim.now, usage: new Map(), reroutes: 0 };
    this.routes.set(req.flow, state);
    this.order.push(state);
    this.sorted = false;
    this.install(state, policy.choose(req, this.ctx, null), false);
  }

  /** The path a flow used longest so far (ties: the earliest taken), as node ids; [] if it never had one. */
  pathOf(flow: Flow): string[] {
    const s = this.routes.get(flow);
    if (!s) return [...flow.path];
    this.account(s);
    let best: string | null = null;
    let bestTime = -1;
    for (const [key, t] of s.usage) {
      if (t > bestTime) {
        best = key;
        bestTime = t;
      }
    }
    if (best === null) return s.path ? [...s.path.nodes] : [];
    return best.split('\u0000');
  }

  /** How many times the flow's route changed after it was first installed (losing it and getting it back count). */
  reroutes(flow: Flow): number {
    return this.routes.get(flow)?.reroutes ?? 0;
  }

  /** The path a flow is on now (null: none). */
  current(flow: Flow): Path | null {
    return this.routes.get(flow)?.path ?? null;
  }

  /** Asks every flow's policy again (the router does this itself on topology changes). */
  recomputeAll(): void {
    for (const s of this.inOrder()) this.install(s, s.policy.choose(s.req, this.ctx, s.path), true);
  }

  /** Stops periodic re-evaluation and load sampling (so `sim.run()` without a bound can end). */
  stop(): void {
    this.stopped = true;
    this.load.stop();
  }

  private inOrder(): readonly FlowRoute[] {
    if (!this.sorted) {
      this.order.sort(roundOrder);
      this.sorted = true;
    }
    return this.order;
  }

  private every(policy: RoutingPolicy): void {
    const interval = policy.interval as number;
    const tick = (): void => {
      if (this.stopped) return;
      for (const s of this.inOrder())
        if (s.policy === policy) this.install(s, policy.choose(s.req, this.ctx, s.path), true);
      this.net.sim.schedule(interval, tick);
    };
    this.net.sim.schedule(interval, tick);
  }

  private install(s: FlowRoute, path: Path | null, isChange: boolean): void {
    const same = s.path === path || (s.path !== null && path !== null && sameRoute(s.path, path));
    if (same && isChange) return;
    if (isChange) this.net.assertChangeable(`the route of flow '${s.req.flow.id}'`);
    this.account(s);
    if (isChange) s.reroutes++;
    s.path = path;
    const flow = s.req.flow;
    flow.route = path ? this.hopsFor(path) : null;
    flow.path = path ? path.nodes : [];
  }

  private hopsFor(path: Path): readonly Hop[] {
    let h = this.hops.get(path);
    if (h === undefined) {
      h = hopsOf(this.net, path);
      this.hops.set(path, h);
    }
    return h;
  }

  private account(s: FlowRoute): void {
    const now = this.net.sim.now;
    if (s.path) {
      const key = s.path.nodes.join('\u0000');
      s.usage.set(key, (s.usage.get(key) ?? 0) + (now - s.since));
    }
    s.since = now;
  }
}

function stopsOf(req: RouteRequest): string[] {
  const stops = [req.from];
  for (const v of req.via) stops.push(v);
  stops.push(req.to);
  return stops;
}

/**
 * The hops a packet takes: the origin stages of its source node, then each channel followed by
 * the processing stages of the node it enters.
 */
export function hopsOf(net: Network, path: Path): Hop[] {
  const hops: Hop[] = [];
  if (path.nodes.length > 0) for (const stage of net.node(path.nodes[0]).originStages) hops.push(stage);
  for (const ch of path.channels) {
    hops.push(ch);
    for (const stage of net.node(ch.spec.to).stages) hops.push(stage);
  }
  return hops;
}
