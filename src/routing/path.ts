import pathFinders, { type PathFinder } from 'ngraph.path';
import type { Link } from 'ngraph.graph';
import type { Channel } from '../net/index.js';
import type { Edge, Topology } from './topology.js';

/** A path: the nodes in order, the channels between them, and its total cost. */
export interface Path {
  readonly nodes: readonly string[];
  readonly channels: readonly Channel[];
  /** Sum of the channels' costs, added in path order (no hop epsilon). */
  readonly cost: number;
}

/**
 * Every hop costs this much on top of its metric during the search, so that among paths of equal
 * cost the one with fewer hops wins (zero-delay links would otherwise tie arbitrarily). Costs that
 * differ by less than this per hop may be ordered by hop count instead.
 */
export const HOP_EPSILON = 1e-9;

export interface SearchOptions {
  /** Channels that may not be used (Yen's spur searches). */
  blockedChannels?: ReadonlySet<Channel>;
  /** Nodes that may not be entered or left (Yen's root path). */
  blockedNodes?: ReadonlySet<string>;
}

const NO_OPTIONS: SearchOptions = {};

/**
 * One NBA* finder per topology, created once: its `blocked` callback reads the options of the
 * search in progress. Creating a finder per call allocates its state pool and closures every time;
 * Yen runs one search per spur node, so reuse matters. NBA* over A*: measured about 5x faster on a
 * 1,000-node graph (reference/packages.md; bench/routing.ts compares them again).
 */
class Searcher {
  options: SearchOptions = NO_OPTIONS;
  readonly finder: PathFinder<undefined>;

  constructor(readonly topo: Topology) {
    this.finder = pathFinders.nba<undefined, Edge>(topo.graph, {
      oriented: true,
      // NBA* calls these with (from, to) swapped in its backward half: use only the link itself.
      blocked: (_a, _b, link: Link<Edge>) => {
        const e = link.data;
        if (!e.channel.up) return true;
        const { blockedChannels, blockedNodes } = this.options;
        if (blockedChannels !== undefined && blockedChannels.has(e.channel)) return true;
        return blockedNodes !== undefined && (blockedNodes.has(link.toId as string) || blockedNodes.has(link.fromId as string));
      },
      distance: (_a, _b, link: Link<Edge>) => link.data.cost + HOP_EPSILON,
    });
  }
}

const searchers = new WeakMap<Topology, Searcher>();

function searcherOf(topo: Topology): Searcher {
  let s = searchers.get(topo);
  if (s === undefined) {
    s = new Searcher(topo);
    searchers.set(topo, s);
  }
  return s;
}

/**
 * The least-cost path from `from` to `to` over usable channels, or null. Among equal costs, fewer
 * hops; among those, whichever NBA* settles first (deterministic for a given topology). Handles
 * ngraph.path's pitfalls: the result comes target-first, an unreachable target gives `[]`, and
 * `from === to` is answered here (NBA* returns a bogus cycle for it).
 */
export function shortestPath(topo: Topology, from: string, to: string, opts: SearchOptions = NO_OPTIONS): Path | null {
  if (!topo.hasNode(from) || !topo.hasNode(to)) return null;
  if (from === to) return { nodes: [from], channels: [], cost: 0 };
  const s = searcherOf(topo);
  s.options = opts;
  let found;
  try {
    found = s.finder.find(from, to);
  } finally {
    s.options = NO_OPTIONS;
  }
  const n = found.length;
  if (n < 2 || found[n - 1].id !== from || found[0].id !== to) return null;
  const nodes = new Array<string>(n);
  for (let i = 0; i < n; i++) nodes[i] = found[n - 1 - i].id as string;
  return pathOver(topo, nodes, opts);
}

/**
 * The cheapest usable channels along a node sequence (parallel links: the cheapest; equal costs:
 * the first added), or null when a consecutive pair has no usable edge.
 */
export function pathOver(topo: Topology, nodes: readonly string[], opts: SearchOptions = NO_OPTIONS): Path | null {
  const channels: Channel[] = [];
  let cost = 0;
  for (let i = 0; i + 1 < nodes.length; i++) {
    const next = nodes[i + 1];
    let best: Edge | null = null;
    topo.graph.forEachLinkedNode(
      nodes[i],
      (other, link: Link<Edge>) => {
        if (other.id !== next) return;
        const e = link.data;
        if (!topo.usable(e) || opts.blockedChannels?.has(e.channel)) return;
        if (best === null || e.cost < best.cost) best = e;
      },
      true,
    );
    if (best === null) return null;
    channels.push((best as Edge).channel);
    cost += (best as Edge).cost;
  }
  return { nodes, channels, cost };
}

/** Joins consecutive paths (a → w1, w1 → w2, ..., → b) into one; null if any is missing. Cost: the sum of the parts' costs. */
export function concatPaths(parts: readonly (Path | null)[]): Path | null {
  if (parts.length === 1) return parts[0];
  const nodes: string[] = [];
  const channels: Channel[] = [];
  let cost = 0;
  for (const p of parts) {
    if (p === null) return null;
    for (let i = nodes.length === 0 ? 0 : 1; i < p.nodes.length; i++) nodes.push(p.nodes[i]);
    for (const ch of p.channels) channels.push(ch);
    cost += p.cost;
  }
  return { nodes, channels, cost };
}

/** True when every channel of the path is up. */
export function isUsable(path: Path): boolean {
  for (const ch of path.channels) if (!ch.up) return false;
  return true;
}

/** Two paths are the same route when they use the same channels in the same order. */
export function sameRoute(a: Path, b: Path): boolean {
  if (a === b) return true;
  if (a.channels.length !== b.channels.length || a.nodes.length !== b.nodes.length) return false;
  for (let i = 0; i < a.channels.length; i++) if (a.channels[i] !== b.channels[i]) return false;
  return a.nodes[0] === b.nodes[0];
}

/** An identity string for a path: its first node and its channel ids (channel ids are unique). */
export function pathKey(p: Path): string {
  let key = p.nodes[0] ?? '';
  for (const ch of p.channels) key += '\u0000' + ch.id;
  return key;
}

/**
 * The total order on paths used by k-shortest searches: cost, then hop count, then the channel ids
 * compared element by element (by UTF-16 code units, as `<` compares strings; locale-independent).
 */
export function comparePaths(a: Path, b: Path): number {
  if (a.cost !== b.cost) return a.cost < b.cost ? -1 : 1;
  if (a.channels.length !== b.channels.length) return a.channels.length - b.channels.length;
  for (let i = 0; i < a.channels.length; i++) {
    const x = a.channels[i].id;
    const y = b.channels[i].id;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
