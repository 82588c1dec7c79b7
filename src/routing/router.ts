import type { Simulator } from '../engine/simulator.js';
import type { Flow, Hop, Network } from '../net/index.js';
import { concatPaths, shortestPath, type Path } from './path.js';
import type { PolicyContext, RouteRequest, RoutingPolicy } from './policy.js';
import type { Topology } from './topology.js';

interface FlowRoute {
  req: RouteRequest;
  policy: RoutingPolicy;
  path: Path | null;
  since: number;
  /** Seconds spent on each path (keyed by its node list), to report the one used longest. */
  usage: Map<string, number>;
  reroutes: number;
}

/**
 * Installs routes on flows and keeps them current: when a flow is added, when the topology changes
 * (a failure or a repair), and periodically for policies that ask for it. A flow with no route
 * gets `route = null`, so its packets drop with reason `no-route` until one returns.
 */
export class Router {
  private readonly routes = new Map<Flow, FlowRoute>();
  private readonly ctx: PolicyContext;

  constructor(
    private readonly net: Network,
    readonly topology: Topology,
    private readonly defaultPolicy: RoutingPolicy,
    /** Per-class policy overrides, by class name. */
    private readonly classPolicies: ReadonlyMap<string, RoutingPolicy> = new Map(),
  ) {
    const sim: Simulator = net.sim;
    this.ctx = {
      topology,
      get now() {
        return sim.now;
      },
      shortest: (req) => this.shortestVia(req),
    };
    net.onTopologyChange(() => this.recomputeAll());
    const periodic = new Set([defaultPolicy, ...classPolicies.values()].filter((p) => p.interval));
    for (const p of periodic) this.every(p);
  }

  /** The policy in force for a flow's class. */
  policyFor(className: string): RoutingPolicy {
    return this.classPolicies.get(className) ?? this.defaultPolicy;
  }

  add(req: RouteRequest): void {
    const policy = this.policyFor(req.flow.cls.name);
    const state: FlowRoute = { req, policy, path: null, since: this.net.sim.now, usage: new Map(), reroutes: 0 };
    this.routes.set(req.flow, state);
    this.install(state, policy.choose(req, this.ctx, null), false);
  }

  /** The path a flow used longest (ties: the earliest), as node ids. */
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
    return best === '' ? [] : best.split('\u0000');
  }

  reroutes(flow: Flow): number {
    return this.routes.get(flow)?.reroutes ?? 0;
  }

  recomputeAll(): void {
    for (const s of this.routes.values()) this.install(s, s.policy.choose(s.req, this.ctx, s.path), true);
  }

  private every(policy: RoutingPolicy): void {
    const tick = (): void => {
      for (const s of this.routes.values()) if (s.policy === policy) this.install(s, policy.choose(s.req, this.ctx, s.path), true);
      this.net.sim.schedule(policy.interval as number, tick);
    };
    this.net.sim.schedule(policy.interval as number, tick);
  }

  private shortestVia(req: RouteRequest): Path | null {
    const stops = [req.from, ...req.via, req.to];
    const parts: (Path | null)[] = [];
    for (let i = 0; i + 1 < stops.length; i++) parts.push(shortestPath(this.topology, stops[i], stops[i + 1]));
    return concatPaths(parts);
  }

  private install(s: FlowRoute, path: Path | null, isChange: boolean): void {
    const same = s.path === path || (s.path !== null && path !== null && sameChannels(s.path, path));
    if (same && isChange) return;
    this.account(s);
    if (isChange && !(s.path === null && path === null)) s.reroutes++;
    s.path = path;
    const flow = s.req.flow;
    flow.route = path ? hopsOf(this.net, path) : null;
    flow.path = path ? path.nodes : [];
  }

  private account(s: FlowRoute): void {
    const now = this.net.sim.now;
    const key = s.path ? s.path.nodes.join('\u0000') : '';
    if (s.path) s.usage.set(key, (s.usage.get(key) ?? 0) + (now - s.since));
    s.since = now;
  }
}

function sameChannels(a: Path, b: Path): boolean {
  if (a.channels.length !== b.channels.length) return false;
  for (let i = 0; i < a.channels.length; i++) if (a.channels[i] !== b.channels[i]) return false;
  return true;
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
