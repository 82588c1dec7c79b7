import type { Flow, Link } from '../../src/net/index.js';
import { Router, Topology, type ClassRouting, type RouteRequest, type RoutingPolicy } from '../../src/routing/index.js';
import type { Mini } from './mini.js';

/** What the default classes ask of class-aware routing (SCENARIO-FORMAT.md). */
export const CLASS_ROUTING: Record<string, ClassRouting> = {
  realtime: 'optimal',
  interactive: 'optimal',
  business: 'any',
  bulk: 'suboptimal',
};

/** Adds the nodes (if new) and a symmetric link with `delayMs` each way; 10 Mbps unless given. */
export function link(m: Mini, from: string, to: string, delayMs: number, rate = 10e6, id?: string): Link {
  for (const n of [from, to]) if (!m.net.nodes.has(n)) m.net.addNode(n);
  const d = { rate, delay: delayMs / 1000 };
  return m.net.addLink({ id, from, to, forward: d, reverse: d });
}

/** A routing request for a flow, with the class-aware intent of its class. */
export function request(flow: Flow, from: string, to: string, via: string[] = []): RouteRequest {
  return { flow, from, to, via, classRouting: CLASS_ROUTING[flow.cls.name] ?? 'any' };
}

/** A router over the whole network of `m`. */
export function router(m: Mini, policy: RoutingPolicy, classPolicies = new Map<string, RoutingPolicy>()): Router {
  return new Router(m.net, new Topology(m.net), policy, classPolicies);
}

/** A measured flow (no route yet) routed from `from` to `to` by `r`. */
export function routedFlow(
  m: Mini,
  r: Router,
  id: string,
  cls: string,
  from: string,
  to: string,
  via: string[] = [],
): Flow {
  const f = m.flow(id, cls, []);
  f.route = null;
  r.add(request(f, from, to, via));
  return f;
}
