import type { Channel } from '../net/index.js';
import { dijkstra, type SearchIndex, type Tree } from './search.js';
import type { Topology } from './topology.js';

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
  /** Nodes that may not be entered (Yen's root path). */
  blockedNodes?: ReadonlySet<string>;
  /**
   * Lower bounds on each node's distance to the target, by node index (a reverse tree's `dist`):
   * turns the search into A*, which then settles few nodes beyond the path it finds.
   */
  heuristic?: Float64Array;
  /**
   * Give up on paths costing more than this: the search returns null rather than a costlier path
   * (it may still return one that exceeds it by less than HOP_EPSILON per node). Yen's pruning.
   */
  maxCost?: number;
}

const NO_OPTIONS: SearchOptions = {};

/**
 * The least-cost path from `from` to `to` over usable channels, or null. Among equal costs, fewer
 * hops; among those, the one Dijkstra settles first (deterministic for a given topology); among
 * parallel links of equal cost, the first added. `from === to` gives the empty path.
 */
export function shortestPath(topo: Topology, from: string, to: string, opts: SearchOptions = NO_OPTIONS): Path | null {
  const ix = topo.search;
  const a = ix.index.get(from);
  const b = ix.index.get(to);
  if (a === undefined || b === undefined) return null;
  if (a === b) return { nodes: [from], channels: [], cost: 0 };
  const { blockedChannels, blockedNodes } = opts;
  mask(ix, blockedChannels, blockedNodes, 1);
  const max = opts.maxCost ?? Infinity;
  // Keys carry HOP_EPSILON per hop: allow for it (and for rounding) so no path within maxCost is cut.
  const limit = max === Infinity ? Infinity : max + HOP_EPSILON * ix.n + 1e-12 * Math.abs(max);
  try {
    dijkstra(ix, a, HOP_EPSILON, false, b, opts.heuristic ?? null, limit);
  } finally {
    mask(ix, blockedChannels, blockedNodes, 0);
  }
  // Unreached, or stopped at the limit: whatever reached the target is not known to be its best path.
  const d = ix.distance(b);
  if (d === Infinity || d > limit) return null;
  const edges: number[] = [];
  for (let v = b; v !== a; v = ix.edgeFrom[ix.via[v]]) edges.push(ix.via[v]);
  edges.reverse();
  return edgePath(ix, a, edges);
}

/**
 * Every node's least-cost distance to `to` (and its first edge), over usable channels not blocked
 * by `opts`: the heuristic for A* searches towards `to`. Null for an unknown node.
 */
export function reverseTree(topo: Topology, to: string, opts: SearchOptions = NO_OPTIONS): Tree | null {
  const ix = topo.search;
  const b = ix.index.get(to);
  if (b === undefined) return null;
  mask(ix, opts.blockedChannels, opts.blockedNodes, 1);
  try {
    dijkstra(ix, b, HOP_EPSILON, true);
  } finally {
    mask(ix, opts.blockedChannels, opts.blockedNodes, 0);
  }
  return ix.snapshot(b);
}

function mask(
  ix: SearchIndex,
  channels: ReadonlySet<Channel> | undefined,
  nodes: ReadonlySet<string> | undefined,
  value: number,
): void {
  if (channels !== undefined) {
    for (const ch of channels) {
      const e = ix.edgeOf.get(ch);
      if (e !== undefined) ix.blockedEdge[e] = value;
    }
  }
  if (nodes !== undefined) {
    for (const id of nodes) {
      const i = ix.index.get(id);
      if (i !== undefined) ix.blockedNode[i] = value;
    }
  }
}

/** The path a forward tree gives from its root to `target` (null if unreached), costed in path order. */
export function treePath(topo: Topology, tree: Tree, target: number): Path | null {
  const ix = topo.search;
  if (tree.via[target] < 0) return target === tree.root ? edgePath(ix, target, []) : null;
  const edges: number[] = [];
  for (let v = target; v !== tree.root; v = ix.edgeFrom[tree.via[v]]) edges.push(tree.via[v]);
  edges.reverse();
  return edgePath(ix, tree.root, edges);
}

/** The path a reverse tree gives from `source` to its root (null if the root is unreachable). */
export function reverseTreePath(topo: Topology, tree: Tree, source: number): Path | null {
  const ix = topo.search;
  if (tree.via[source] < 0) return source === tree.root ? edgePath(ix, source, []) : null;
  const edges: number[] = [];
  for (let v = source; v !== tree.root; v = ix.edgeTo[tree.via[v]]) edges.push(tree.via[v]);
  return edgePath(ix, source, edges);
}

/** The path from `source` along `edges` (consecutive edges of the index). */
export function edgePath(ix: SearchIndex, source: number, edges: readonly number[]): Path {
  const nodes = [ix.ids[source]];
  const channels: Channel[] = [];
  let cost = 0;
  for (const e of edges) {
    nodes.push(ix.ids[ix.edgeTo[e]]);
    channels.push(ix.edgeChannel[e]);
    cost += ix.edgeCost[e];
  }
  return { nodes, channels, cost };
}

/** Joins consecutive paths (a → w1, w1 → w2, ..., → b) into one; null if any is missing. Cost: the parts' sum. */
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
