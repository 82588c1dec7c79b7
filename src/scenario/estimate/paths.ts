import { Heap } from '../../routing/search.js';
import type { LinkDef, NodeDef } from '../../spec/model.js';

/** Destinations searched from; past them, bounds come from the links at the ends alone. */
const MAX_ROOTS = 24;

/** What the searches from one destination found for every node. */
interface Searched {
  /** Fewest links to the destination (0: not reachable, or the destination itself). */
  hops?: Uint32Array;
  /** Shortest propagation delay to the destination (s). */
  delay?: Float64Array;
  /** The widest path's narrowest rate to the destination (bits/s): no route carries more. */
  width?: Float64Array;
}

/**
 * What the estimate needs to know of the paths flows will take, before any route is chosen: hop
 * counts (fewest links), the shortest propagation delay and the widest bottleneck between two
 * nodes, each a bound every route obeys. Searches run from each distinct destination (at most
 * MAX_ROOTS: a population's 100,000 users reach a handful of servers), over the links as an
 * undirected graph in typed arrays, so the estimate stays linear in the scenario's size.
 */
export class PathBounds {
  private readonly index = new Map<string, number>();
  private readonly offsets: Int32Array;
  private readonly targets: Int32Array;
  /** Per adjacency entry: the link's faster direction's rate and shorter direction's delay (bounds). */
  private readonly edgeRate: Float64Array;
  private readonly edgeDelay: Float64Array;
  /** Per node: the fastest rate and the shortest delay of its links. */
  private readonly rate: Float64Array;
  private readonly delay: Float64Array;
  private readonly roots = new Map<number, Searched>();

  constructor(nodes: readonly Pick<NodeDef, 'id'>[], links: readonly { def: LinkDef }[]) {
    nodes.forEach((n, i) => this.index.set(n.id, i));
    const n = nodes.length;
    this.rate = new Float64Array(n);
    this.delay = new Float64Array(n).fill(Infinity);
    const degree = new Int32Array(n);
    const ends: [number, number, number, number][] = [];
    for (const { def } of links) {
      const a = this.index.get(def.from);
      const b = this.index.get(def.to);
      if (a === undefined || b === undefined || a === b) continue;
      const rate = Math.max(def.forward.rate, def.reverse.rate);
      const delay = Math.min(def.forward.delay, def.reverse.delay);
      ends.push([a, b, rate, delay]);
      degree[a]++;
      degree[b]++;
      for (const x of [a, b]) {
        this.rate[x] = Math.max(this.rate[x], rate);
        this.delay[x] = Math.min(this.delay[x], delay);
      }
    }
    this.offsets = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) this.offsets[i + 1] = this.offsets[i] + degree[i];
    const m = this.offsets[n];
    this.targets = new Int32Array(m);
    this.edgeRate = new Float64Array(m);
    this.edgeDelay = new Float64Array(m);
    const fill = this.offsets.slice(0, n);
    for (const [a, b, rate, delay] of ends) {
      for (const [x, y] of [
        [a, b],
        [b, a],
      ]) {
        const e = fill[x]++;
        this.targets[e] = y;
        this.edgeRate[e] = rate;
        this.edgeDelay[e] = delay;
      }
    }
  }

  /** Links crossed from the first stop to the last through each in turn (at least 1 per leg). */
  hops(stops: readonly string[]): number {
    let total = 0;
    for (let k = 0; k + 1 < stops.length; k++) {
      // Two look-ups, not a destructured pair: called per flow, and the pair's iteration made it hot enough that
      // V8 optimized it, 20 ms of compiling in a `validate` (--trace-opt).
      const a = this.index.get(stops[k]);
      const to = this.index.get(stops[k + 1]);
      const found = this.searched(to, 'hops', (root) => this.searchHops(root));
      total += found !== undefined && a !== undefined ? Math.max(1, found[a]) : 1;
    }
    return total;
  }

  /** The shortest one-way propagation delay between two nodes (s): a round trip takes at least twice this. */
  minDelay(from: string, to: string): number {
    const a = this.index.get(from);
    const b = this.index.get(to);
    const found = this.searched(b, 'delay', (root) => this.searchDelay(root));
    if (found !== undefined && a !== undefined && Number.isFinite(found[a])) return found[a];
    // Any route leaves `from` and enters `to` by one of their links.
    const at = (i: number | undefined) => (i === undefined || !Number.isFinite(this.delay[i]) ? 0 : this.delay[i]);
    return a === b ? 0 : Math.max(at(a), at(b));
  }

  /** The most bits per second any route between two nodes can carry (its narrowest link's rate, at best). */
  maxRate(from: string, to: string): number {
    const a = this.index.get(from);
    const b = this.index.get(to);
    const found = this.searched(b, 'width', (root) => this.searchWidth(root));
    if (found !== undefined && a !== undefined) return found[a];
    const at = (i: number | undefined) => (i === undefined ? 0 : this.rate[i]);
    return Math.min(at(a), at(b));
  }

  private searched<K extends keyof Searched>(
    root: number | undefined,
    what: K,
    search: (root: number) => NonNullable<Searched[K]>,
  ): Searched[K] | undefined {
    if (root === undefined) return undefined;
    let s = this.roots.get(root);
    if (s === undefined) {
      if (this.roots.size >= MAX_ROOTS) return undefined;
      this.roots.set(root, (s = {}));
    }
    return (s[what] ??= search(root));
  }

  private searchHops(root: number): Uint32Array {
    const n = this.offsets.length - 1;
    const dist = new Uint32Array(n);
    const seen = new Uint8Array(n);
    const queue = new Int32Array(n);
    let [head, tail] = [0, 0];
    queue[tail++] = root;
    seen[root] = 1;
    while (head < tail) {
      const x = queue[head++];
      for (let e = this.offsets[x]; e < this.offsets[x + 1]; e++) {
        const y = this.targets[e];
        if (seen[y] === 0) {
          seen[y] = 1;
          dist[y] = dist[x] + 1;
          queue[tail++] = y;
        }
      }
    }
    return dist;
  }

  /** Dijkstra by propagation delay (links are full duplex: the shorter direction bounds both). */
  private searchDelay(root: number): Float64Array {
    return this.dijkstra(root, 0, (d, e) => d + this.edgeDelay[e]);
  }

  /** The widest path (max-min rate) from every node to the root: Dijkstra on minus the width. */
  private searchWidth(root: number): Float64Array {
    const found = this.dijkstra(root, -Infinity, (w, e) => Math.max(w, -this.edgeRate[e]));
    for (let i = 0; i < found.length; i++) found[i] = found[i] === Infinity ? 0 : -found[i];
    return found;
  }

  /** Smallest labels from `root` under a monotone `extend` (Infinity: not reachable). */
  private dijkstra(root: number, start: number, extend: (label: number, edge: number) => number): Float64Array {
    const n = this.offsets.length - 1;
    const label = new Float64Array(n).fill(Infinity);
    const done = new Uint8Array(n);
    const heap = new Heap(this.targets.length + 1);
    label[root] = start;
    heap.push(start, root);
    while (heap.size > 0) {
      const x = heap.pop();
      if (done[x] === 1) continue;
      done[x] = 1;
      for (let e = this.offsets[x]; e < this.offsets[x + 1]; e++) {
        const y = this.targets[e];
        const l = extend(label[x], e);
        if (done[y] === 0 && l < label[y]) {
          label[y] = l;
          heap.push(l, y);
        }
      }
    }
    return label;
  }
}
