import { concatPaths, edgePath, HOP_EPSILON, isUsable, reverseTree, treePath, type Path } from './path.js';
import { dijkstra, type Tree } from './search.js';
import type { Topology } from './topology.js';
import { kShortestVia } from './yen.js';

interface KEntry {
  k: number;
  paths: Path[];
}

/** Cached trees of each kind hold at most this many node entries (12 bytes each: about 48 MB). */
const TREE_BUDGET = 4_000_000;

/**
 * Paths per (source, waypoints, destination), shared by every flow and policy, plus one
 * shortest-path tree per source: flows from one source (users behind a gateway, a region's
 * servers) share one search, and each leg of a route is read off its source's tree.
 *
 * Changes: when an element comes back up anything may get shorter, so everything is dropped.
 * When one goes down, paths only disappear: an entry none of whose paths uses a down channel is
 * still exact (the same least-cost path, the same k best), so only the entries and trees through
 * it are dropped, and flows elsewhere keep their paths even among equal-cost alternatives.
 */
export class RouteCache {
  private readonly best = new Map<string, Path | null>();
  private readonly lists = new Map<string, KEntry>();
  private readonly trees = new Map<number, Tree>();
  /** Reverse trees by destination: Yen's first path and A* heuristic. */
  private readonly towards = new Map<string, Tree | null>();
  private readonly maxTrees: number;
  hits = 0;
  misses = 0;
  searches = 0;

  constructor(readonly topology: Topology) {
    this.maxTrees = Math.max(8, Math.floor(TREE_BUDGET / Math.max(1, topology.search.n)));
  }

  /** The least-cost route through `stops` (each leg as {@link shortestPath} finds it), or null. */
  shortest(stops: readonly string[]): Path | null {
    const key = stops.join('\u0000');
    const cached = this.best.get(key);
    if (cached !== undefined) {
      this.hits++;
      return cached;
    }
    this.misses++;
    const parts: (Path | null)[] = [];
    for (let i = 0; i + 1 < stops.length; i++) parts.push(this.leg(stops[i], stops[i + 1]));
    const path = concatPaths(parts);
    this.best.set(key, path);
    return path;
  }

  /** Up to k best routes through `stops`, best first (see {@link kShortestVia}). Do not modify the array. */
  kShortest(stops: readonly string[], k: number): readonly Path[] {
    const key = stops.join('\u0000');
    const e = this.lists.get(key);
    // A list computed for a larger k, or one that ran out of paths, answers any smaller request.
    if (e !== undefined && (e.k >= k || e.paths.length < e.k)) {
      this.hits++;
      return k >= e.paths.length ? e.paths : e.paths.slice(0, k);
    }
    this.misses++;
    const paths = kShortestVia(this.topology, stops, k, {}, this.towardsOf);
    this.lists.set(key, { k, paths });
    return paths;
  }

  /** Called after a topology change (`up`: something came back). */
  changed(up: boolean): void {
    if (up) {
      this.clear();
      return;
    }
    for (const [key, p] of this.best) if (p !== null && !isUsable(p)) this.best.delete(key);
    for (const [key, e] of this.lists) if (!e.paths.every(isUsable)) this.lists.delete(key);
    for (const [root, t] of this.trees) if (!this.intact(t)) this.trees.delete(root);
    for (const [to, t] of this.towards) if (t !== null && !this.intact(t)) this.towards.delete(to);
  }

  /** Whether none of a tree's edges is down. */
  private intact(t: Tree): boolean {
    const channel = this.topology.search.edgeChannel;
    for (const e of t.via) if (e >= 0 && !channel[e].up) return false;
    return true;
  }

  private readonly towardsOf = (to: string): Tree | null => {
    let t = this.towards.get(to);
    if (t === undefined) {
      this.searches++;
      t = reverseTree(this.topology, to);
      if (this.towards.size >= this.maxTrees) this.towards.delete(this.towards.keys().next().value as string);
      this.towards.set(to, t);
    }
    return t;
  };

  clear(): void {
    this.best.clear();
    this.lists.clear();
    this.trees.clear();
    this.towards.clear();
  }

  private leg(from: string, to: string): Path | null {
    const ix = this.topology.search;
    const a = ix.index.get(from);
    const b = ix.index.get(to);
    if (a === undefined || b === undefined) return null;
    if (a === b) return { nodes: [from], channels: [], cost: 0 };
    const stub = this.stubWalk(a, b);
    if (stub === 'unreachable') return null;
    if (stub !== null) {
      const rest = this.leg(ix.ids[stub.end], to);
      return rest === null ? null : concatPaths([edgePath(ix, a, stub.edges), rest]);
    }
    let tree = this.trees.get(a);
    if (tree === undefined) {
      this.searches++;
      // The same search as shortestPath's, run to the end: the path to any target is the same.
      dijkstra(ix, a, HOP_EPSILON);
      tree = ix.snapshot(a);
      if (this.trees.size >= this.maxTrees) this.trees.delete(this.trees.keys().next().value as number);
      this.trees.set(a, tree);
    }
    return treePath(this.topology, tree, b);
  }

  /**
   * From a stub (a node with a single way out, such as a home user's host), every path to `b`
   * starts with that one edge, so its least-cost path is that edge followed by the least-cost path
   * from the next node: the walk follows such edges up to the first node with a choice (or `b`).
   * Thousands of users behind one aggregation router then share that router's tree instead of
   * searching the whole graph each: the 10,000-user scale bench built its routes in 10.0 s with a
   * tree per user, 1.3 s with this walk (bench/RESULTS.md, scale). Returns null when `a` is not a stub.
   */
  private stubWalk(a: number, b: number): { edges: number[]; end: number } | 'unreachable' | null {
    const ix = this.topology.search;
    const edges: number[] = [];
    const seen = new Set<number>([a]);
    let v = a;
    while (v !== b && ix.outStart[v + 1] - ix.outStart[v] === 1) {
      const e = ix.outEdges[ix.outStart[v]];
      if (!ix.edgeChannel[e].up) return 'unreachable';
      v = ix.edgeTo[e];
      // A ring of single exits that does not pass `b` never reaches it.
      if (seen.has(v)) return 'unreachable';
      seen.add(v);
      edges.push(e);
    }
    return edges.length === 0 ? null : { edges, end: v };
  }
}
