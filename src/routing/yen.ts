import type { Channel } from '../net/index.js';
import {
  comparePaths,
  pathKey,
  reverseTree,
  reverseTreePath,
  shortestPath,
  type Path,
  type SearchOptions,
} from './path.js';
import type { Tree } from './search.js';
import type { Topology } from './topology.js';

/**
 * How many paths beyond k Yen may collect while completing a group of paths tied in cost with the
 * k-th. Past it, which of the tied paths are returned depends on search order (still deterministic).
 */
export const MAX_EXTRA_TIES = 64;

/**
 * The k least-cost loopless paths from `from` to `to` (Yen, 1971), ordered by {@link comparePaths}:
 * cost, then hop count, then channel ids. Loopless means no node repeats; parallel links give
 * distinct paths. Built on {@link shortestPath} with blocked channels (the next hop of every earlier
 * path sharing the root) and blocked nodes (the root path).
 *
 * The order is exact including ties: Yen finds paths in non-decreasing cost but picks among equal
 * costs arbitrarily, so after the k-th path it keeps going while the next candidate costs the
 * same, then sorts and cuts (at most {@link MAX_EXTRA_TIES} extra). Costs are compared exactly, so
 * the tie-break applies to costs whose sums are exact in floating point (integers, or milliseconds
 * with few decimals); candidates are costed by summing their channels in path order.
 */
export function kShortestPaths(
  topo: Topology,
  from: string,
  to: string,
  k: number,
  opts: SearchOptions = {},
  /** `reverseTree(topo, to, opts)` if the caller has it (a cache). */
  towards: Tree | null = null,
): Path[] {
  if (!(k >= 1)) return [];
  const source = topo.search.index.get(from);
  if (source === undefined) return [];
  if (from === to) return topo.hasNode(to) ? [{ nodes: [from], channels: [], cost: 0 }] : [];
  const tree = towards ?? reverseTree(topo, to, opts);
  if (tree === null) return [];
  const first = reverseTreePath(topo, tree, source);
  if (first === null) return [];
  const heuristic = tree.dist;
  const found: Path[] = [first];
  const seen = new Set<string>([pathKey(first)]);
  const candidates: Path[] = [];
  const limit = k + MAX_EXTRA_TIES;
  while (found.length < limit) {
    addDeviations(topo, found, to, opts, heuristic, bound(found, candidates, k), seen, candidates);
    if (candidates.length === 0) break;
    const i = indexOfBest(candidates);
    const next = candidates[i];
    if (found.length >= k && next.cost > found[k - 1].cost) break;
    candidates[i] = candidates[candidates.length - 1];
    candidates.pop();
    found.push(next);
  }
  found.sort(comparePaths);
  if (found.length > k) found.length = k;
  return found;
}

/**
 * The most a path may cost and still matter: once the candidates hold enough paths to complete the
 * k (and once k are found, the k-th), nothing costlier can enter the result. Ties stay in.
 */
function bound(found: readonly Path[], candidates: readonly Path[], k: number): number {
  if (found.length >= k) return found[k - 1].cost;
  const needed = k - found.length;
  if (candidates.length < needed) return Infinity;
  const costs = candidates.map((p) => p.cost).sort((a, b) => a - b);
  return costs[needed - 1];
}

/**
 * Yen's inner loop: every deviation of the last path found, from each of its nodes (the spur),
 * skipping searches that cannot find one costing at most `max`.
 */
function addDeviations(
  topo: Topology,
  found: readonly Path[],
  to: string,
  opts: SearchOptions,
  heuristic: Float64Array,
  max: number,
  seen: Set<string>,
  out: Path[],
): void {
  const prev = found[found.length - 1];
  const blockedNodes = new Set<string>(opts.blockedNodes);
  let rootCost = 0;
  for (let j = 0; j < prev.channels.length; j++) {
    if (j > 0) rootCost += topo.cost(prev.channels[j - 1]);
    const blockedChannels = new Set<Channel>(opts.blockedChannels);
    for (const p of found) if (p.channels.length > j && sharesRoot(p, prev, j)) blockedChannels.add(p.channels[j]);
    const spur = shortestPath(topo, prev.nodes[j], to, {
      blockedChannels,
      blockedNodes,
      heuristic,
      maxCost: max - rootCost,
    });
    blockedNodes.add(prev.nodes[j]);
    if (spur === null) continue;
    const candidate = joinAt(topo, prev, j, spur);
    const key = pathKey(candidate);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(candidate);
  }
}

/** Whether `p` begins with the first `j` channels of `root`. */
function sharesRoot(p: Path, root: Path, j: number): boolean {
  if (p === root) return true;
  for (let i = 0; i < j; i++) if (p.channels[i] !== root.channels[i]) return false;
  return true;
}

/** The first `j` hops of `root` followed by `spur`, costed by summing channels in path order. */
function joinAt(topo: Topology, root: Path, j: number, spur: Path): Path {
  const nodes = root.nodes.slice(0, j);
  for (const n of spur.nodes) nodes.push(n);
  const channels = root.channels.slice(0, j);
  for (const ch of spur.channels) channels.push(ch);
  let cost = 0;
  for (const ch of channels) cost += topo.cost(ch);
  return { nodes, channels, cost };
}

function indexOfBest(paths: readonly Path[]): number {
  let best = 0;
  for (let i = 1; i < paths.length; i++) if (comparePaths(paths[i], paths[best]) < 0) best = i;
  return best;
}

/**
 * The k best routes through `stops` (source, waypoints in order, destination): each leg is a
 * loopless path, the route is their concatenation (it may revisit a node between legs, such as a
 * hairpin through a gateway), its cost the sum of the legs' costs. Exact: the k best sums of
 * independent legs only ever use each leg's k best, merged leg by leg and ordered as in
 * {@link comparePaths}.
 */
export function kShortestVia(
  topo: Topology,
  stops: readonly string[],
  k: number,
  opts: SearchOptions = {},
  /** Reverse trees by destination, if the caller keeps them (a cache). */
  towards: (to: string) => Tree | null = () => null,
): Path[] {
  if (stops.length < 2) throw new RangeError('a route needs a source and a destination');
  let routes = kShortestPaths(topo, stops[0], stops[1], k, opts, towards(stops[1]));
  for (let i = 1; i + 1 < stops.length && routes.length > 0; i++) {
    const legs = kShortestPaths(topo, stops[i], stops[i + 1], k, opts, towards(stops[i + 1]));
    const merged: Path[] = [];
    for (const a of routes) for (const b of legs) merged.push(joinLegs(a, b));
    merged.sort(comparePaths);
    if (merged.length > k) merged.length = k;
    routes = merged;
  }
  return routes;
}

function joinLegs(a: Path, b: Path): Path {
  return {
    nodes: a.nodes.concat(b.nodes.slice(1)),
    channels: a.channels.concat(b.channels),
    cost: a.cost + b.cost,
  };
}
