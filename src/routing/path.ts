import pathFinders from 'ngraph.path';
import type { Link } from 'ngraph.graph';
import type { Channel } from '../net/index.js';
import type { Edge, Topology } from './topology.js';

/** A loopless path: the nodes in order, the channels between them, and its total cost. */
export interface Path {
  readonly nodes: readonly string[];
  readonly channels: readonly Channel[];
  readonly cost: number;
}

/**
 * Every hop costs this much on top of its metric, so that among paths of equal cost the one with
 * fewer hops wins (zero-delay links would otherwise tie arbitrarily).
 */
export const HOP_EPSILON = 1e-9;

export interface SearchOptions {
  /** Channels that may not be used (Yen's spur searches, failures). */
  blockedChannels?: ReadonlySet<Channel>;
  /** Nodes that may not be entered. */
  blockedNodes?: ReadonlySet<string>;
  /** Extra cost per channel (measured queueing delay for load-aware routing), in cost units. */
  extraCost?: (channel: Channel) => number;
}

/**
 * The least-cost path from `from` to `to` on usable edges, or null. Wraps ngraph.path's A* (with
 * no heuristic, i.e. Dijkstra) and its pitfalls: it returns the path reversed, returns `[target]`
 * when every route is blocked, and needs `from === to` handled apart.
 */
export function shortestPath(topo: Topology, from: string, to: string, opts: SearchOptions = {}): Path | null {
  if (!topo.hasNode(from) || !topo.hasNode(to)) return null;
  if (from === to) return { nodes: [from], channels: [], cost: 0 };
  const { blockedChannels, blockedNodes, extraCost } = opts;
  // Parallel edges: ngraph picks per link, so `blocked` and `distance` see the link itself.
  const finder = pathFinders.aStar<undefined, Edge>(topo.graph, {
    oriented: true,
    blocked(_a, _b, link: Link<Edge>) {
      const e = link.data;
      return !topo.usable(e) || (blockedChannels?.has(e.channel) ?? false) || (blockedNodes?.has(link.toId as string) ?? false);
    },
    distance(_a, _b, link: Link<Edge>) {
      const e = link.data;
      return e.cost + HOP_EPSILON + (extraCost ? extraCost(e.channel) : 0);
    },
  });
  const found = finder.find(from, to);
  if (found.length < 2 || found[found.length - 1].id !== from) return null;
  const nodes = found.map((n) => n.id as string).reverse();
  return pathOver(topo, nodes, opts);
}

/**
 * The cheapest usable channels along a node sequence (parallel links: the cheapest), or null when
 * a consecutive pair has no usable edge.
 */
export function pathOver(topo: Topology, nodes: readonly string[], opts: SearchOptions = {}): Path | null {
  const channels: Channel[] = [];
  let cost = 0;
  for (let i = 0; i + 1 < nodes.length; i++) {
    let best: Edge | null = null;
    let bestCost = Infinity;
    topo.graph.forEachLinkedNode(
      nodes[i],
      (other, link: Link<Edge>) => {
        if (other.id !== nodes[i + 1]) return;
        const e = link.data;
        if (!topo.usable(e) || opts.blockedChannels?.has(e.channel)) return;
        const c = e.cost + (opts.extraCost ? opts.extraCost(e.channel) : 0);
        if (c < bestCost) {
          best = e;
          bestCost = c;
        }
      },
      true,
    );
    if (best === null) return null;
    channels.push((best as Edge).channel);
    cost += (best as Edge).cost;
  }
  return { nodes, channels, cost };
}

/** Joins consecutive paths (a → w1, w1 → w2, ..., → b) into one; null if any is missing. */
export function concatPaths(parts: readonly (Path | null)[]): Path | null {
  const nodes: string[] = [];
  const channels: Channel[] = [];
  let cost = 0;
  for (const p of parts) {
    if (p === null) return null;
    nodes.push(...(nodes.length === 0 ? p.nodes : p.nodes.slice(1)));
    channels.push(...p.channels);
    cost += p.cost;
  }
  return { nodes, channels, cost };
}
