import { concatPaths, shortestPath, type Path } from './path.js';
import type { Topology } from './topology.js';
import { kShortestVia } from './yen.js';

interface KEntry {
  k: number;
  paths: Path[];
}

/**
 * Paths per (source, waypoints, destination), shared by every flow and policy: many flows share
 * endpoints (users behind one gateway), so each pair is searched once. The router clears it on
 * every topology change; between changes a path's cost cannot change, so entries never go stale.
 */
export class RouteCache {
  private readonly best = new Map<string, Path | null>();
  private readonly lists = new Map<string, KEntry>();
  hits = 0;
  misses = 0;

  constructor(readonly topology: Topology) {}

  /** The least-cost route through `stops` (each leg by {@link shortestPath}), or null. */
  shortest(stops: readonly string[]): Path | null {
    const key = stops.join('\u0000');
    const cached = this.best.get(key);
    if (cached !== undefined) {
      this.hits++;
      return cached;
    }
    this.misses++;
    const parts: (Path | null)[] = [];
    for (let i = 0; i + 1 < stops.length; i++) parts.push(shortestPath(this.topology, stops[i], stops[i + 1]));
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
    const paths = kShortestVia(this.topology, stops, k);
    this.lists.set(key, { k, paths });
    return paths;
  }

  clear(): void {
    this.best.clear();
    this.lists.clear();
  }
}
