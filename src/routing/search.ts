import type { Channel } from '../net/index.js';

/**
 * A compact, immutable index of a directed multigraph for path search: nodes 0..n-1, edges
 * 0..m-1, out- and in-adjacency in CSR form (edges in the order they were added). Up/down state
 * is read live from each edge's channel.
 *
 * Why not ngraph.path: on bench/routing.ts's 1,000-node WAN its NBA* answered about 2,200 and
 * its A* about 1,600 point-to-point searches per second (Map-based state, a closure call per
 * edge); this index and the heap below give full single-source trees and heuristic spur searches
 * in typed arrays, measured in bench/RESULTS.md (routing).
 */
export class SearchIndex {
  readonly n: number;
  readonly m: number;
  readonly ids: readonly string[];
  readonly index = new Map<string, number>();
  readonly edgeFrom: Int32Array;
  readonly edgeTo: Int32Array;
  readonly edgeCost: Float64Array;
  readonly edgeChannel: readonly Channel[];
  readonly edgeOf = new Map<Channel, number>();
  readonly outStart: Int32Array;
  readonly outEdges: Int32Array;
  readonly inStart: Int32Array;
  readonly inEdges: Int32Array;
  /** Scratch masks for blocked edges and nodes, cleared after each search. */
  readonly blockedEdge: Uint8Array;
  readonly blockedNode: Uint8Array;
  readonly heap: Heap;
  /**
   * The last search's result: `dist` and `via` are valid where `stamp` equals `generation`
   * (elsewhere: unreached). Stamping instead of clearing makes a search that settles few nodes
   * (A* spur searches) cost what it visits, not O(n).
   */
  readonly dist: Float64Array;
  readonly via: Int32Array;
  readonly stamp: Uint32Array;
  generation = 0;

  constructor(ids: readonly string[], edges: readonly { from: string; to: string; cost: number; channel: Channel }[]) {
    this.n = ids.length;
    this.m = edges.length;
    this.ids = ids;
    ids.forEach((id, i) => this.index.set(id, i));
    this.edgeFrom = new Int32Array(this.m);
    this.edgeTo = new Int32Array(this.m);
    this.edgeCost = new Float64Array(this.m);
    const channels: Channel[] = [];
    edges.forEach((e, i) => {
      this.edgeFrom[i] = this.index.get(e.from)!;
      this.edgeTo[i] = this.index.get(e.to)!;
      this.edgeCost[i] = e.cost;
      channels.push(e.channel);
      this.edgeOf.set(e.channel, i);
    });
    this.edgeChannel = channels;
    [this.outStart, this.outEdges] = csr(this.n, this.edgeFrom);
    [this.inStart, this.inEdges] = csr(this.n, this.edgeTo);
    this.blockedEdge = new Uint8Array(this.m);
    this.blockedNode = new Uint8Array(this.n);
    this.heap = new Heap(this.m + this.n + 1);
    this.dist = new Float64Array(this.n);
    this.via = new Int32Array(this.n);
    this.stamp = new Uint32Array(this.n);
  }

  /** The last search's distance of node v (Infinity: not reached). */
  distance(v: number): number {
    return this.stamp[v] === this.generation ? this.dist[v] : Infinity;
  }

  /** A copy of the last search's result that later searches do not overwrite. */
  snapshot(root: number): Tree {
    const dist = new Float64Array(this.n).fill(Infinity);
    const via = new Int32Array(this.n).fill(-1);
    for (let v = 0; v < this.n; v++) {
      if (this.stamp[v] === this.generation) {
        dist[v] = this.dist[v];
        via[v] = this.via[v];
      }
    }
    return { root, dist, via };
  }
}

/** Edges grouped by a node column, keeping insertion order within a node. */
function csr(n: number, column: Int32Array): [Int32Array, Int32Array] {
  const start = new Int32Array(n + 1);
  for (let e = 0; e < column.length; e++) start[column[e] + 1]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const edges = new Int32Array(column.length);
  for (let e = 0; e < column.length; e++) edges[fill[column[e]]++] = e;
  return [start, edges];
}

/**
 * A binary min-heap of (key, node) in typed arrays with lazy deletion (a node may be pushed again
 * with a smaller key; stale entries are skipped when popped). Equal keys pop in a fixed order for
 * a given push sequence, so searches are deterministic.
 */
export class Heap {
  private readonly keys: Float64Array;
  private readonly nodes: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(capacity);
    this.nodes = new Int32Array(capacity);
  }

  clear(): void {
    this.size = 0;
  }

  push(key: number, node: number): void {
    const keys = this.keys;
    const nodes = this.nodes;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (keys[p] <= key) break;
      keys[i] = keys[p];
      nodes[i] = nodes[p];
      i = p;
    }
    keys[i] = key;
    nodes[i] = node;
  }

  /** The key of the top entry (the heap must not be empty). */
  topKey(): number {
    return this.keys[0];
  }

  /** Removes the top entry and returns its node. */
  pop(): number {
    const keys = this.keys;
    const nodes = this.nodes;
    const top = nodes[0];
    const n = --this.size;
    if (n > 0) {
      const key = keys[n];
      const node = nodes[n];
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && keys[c + 1] < keys[c]) c++;
        if (keys[c] >= key) break;
        keys[i] = keys[c];
        nodes[i] = nodes[c];
        i = c;
      }
      keys[i] = key;
      nodes[i] = node;
    }
    return top;
  }
}

/** Distances and the edge each node was reached by (-1: none), from or to one root. */
export interface Tree {
  readonly root: number;
  readonly dist: Float64Array;
  readonly via: Int32Array;
}

/**
 * Dijkstra over usable edges (channel up, not masked in `ix.blockedEdge`, endpoints not masked in
 * `ix.blockedNode`), each costing its cost plus `epsilon`; the result is left in the index (see
 * `SearchIndex.dist`). Forward (`reverse = false`): from `root`, `via[v]` the last edge into v.
 * Reverse: distances *to* `root` over reversed edges, `via[v]` the first edge out of v. With
 * `target >= 0` it stops once the target is settled, and with `heuristic` it is A* (the heuristic
 * must never overestimate: use a reverse tree's distances). It gives up on everything whose key
 * (distance, plus heuristic) exceeds `limit`.
 */
export function dijkstra(
  ix: SearchIndex,
  root: number,
  epsilon: number,
  reverse = false,
  target = -1,
  heuristic: Float64Array | null = null,
  limit = Infinity,
): void {
  const dist = ix.dist;
  const via = ix.via;
  const stamp = ix.stamp;
  const gen = ++ix.generation;
  if (gen === 0xffffffff) {
    stamp.fill(0);
    ix.generation = 1;
    return dijkstra(ix, root, epsilon, reverse, target, heuristic, limit);
  }
  const heap = ix.heap;
  heap.clear();
  const start = reverse ? ix.inStart : ix.outStart;
  const adj = reverse ? ix.inEdges : ix.outEdges;
  const other = reverse ? ix.edgeFrom : ix.edgeTo;
  const cost = ix.edgeCost;
  const channel = ix.edgeChannel;
  const blockedEdge = ix.blockedEdge;
  const blockedNode = ix.blockedNode;
  dist[root] = 0;
  via[root] = -1;
  stamp[root] = gen;
  heap.push(heuristic !== null ? heuristic[root] : 0, root);
  while (heap.size > 0) {
    const key = heap.topKey();
    if (key > limit) break;
    const u = heap.pop();
    const du = dist[u];
    // Stale entry: u was pushed again with a smaller distance.
    if (key > (heuristic !== null ? du + heuristic[u] : du)) continue;
    if (u === target) break;
    for (let i = start[u], end = start[u + 1]; i < end; i++) {
      const e = adj[i];
      const v = other[e];
      if (blockedEdge[e] !== 0 || blockedNode[v] !== 0 || !channel[e].up) continue;
      const d = du + cost[e] + epsilon;
      if (stamp[v] !== gen || d < dist[v]) {
        // A node that cannot reach the target at all is never worth queueing.
        if (heuristic !== null && !(heuristic[v] < Infinity)) continue;
        stamp[v] = gen;
        dist[v] = d;
        via[v] = e;
        heap.push(heuristic !== null ? d + heuristic[v] : d, v);
      }
    }
  }
}
