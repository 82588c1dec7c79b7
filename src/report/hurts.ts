import type { BreakingPoint } from '../experiment/breaking-points.js';
import type { ComparisonFile } from '../experiment/comparison.js';
import { samePoint, type PointLabels } from '../experiment/grid.js';
import { estimate } from '../experiment/interval.js';
import { groupRuns, type CellSummary } from '../experiment/summary.js';
import type { RunResult } from '../metrics/index.js';
import { admissionComponents, type AdmissionComponent } from './admission.js';

/**
 * Where it hurts, per cell (variant, policy, sweep point): the users refused per component, the
 * busiest link directions (utilization, drops) and, once results carry them, the hot spots.
 *
 * The hot spots are the seam for the delay decomposition (SCENARIO-FORMAT.md, "Where the delay
 * comes from"): each class's `Stats.hotspots` (`[{ at, queueingMs, share, drops }]`, largest
 * first). Results without them (every result until the hot-path accounting lands) give `hotspots:
 * null`, and the report and terminal show what exists: refusals, busiest links, breaking points.
 */

/** How many link directions and hot spots a cell lists. */
export const TOP = 5;

export interface LinkLoad {
  /** `<link id>/forward` or `<link id>/reverse`, as hot spots name them. */
  at: string;
  /** Mean busy fraction over replications. */
  utilization: number | null;
  /** Mean packets dropped there per replication (every class and background traffic). */
  drops: number | null;
}

export interface HotspotEntry {
  class: string;
  /** `<link id>/<direction>` or `<node id>/stage`. */
  at: string;
  /** Means over the replications that report the place. */
  queueingMs: number | null;
  share: number | null;
  drops: number | null;
}

export interface CellHurts {
  cell: CellSummary;
  /** Components that refused someone (mean over replications > 0), largest first. */
  refusals: { component: AdmissionComponent; rejected: number; requested: number | null }[];
  /** The busiest link directions: by utilization, then drops; at most {@link TOP}. */
  links: LinkLoad[];
  /** Per class, the places its packets waited or were dropped; null when the results have none. */
  hotspots: HotspotEntry[] | null;
}

const mean = (xs: ReadonlyArray<number | null>): number | null => estimate(xs).mean;

/** The busiest link directions of one cell's runs. */
function busiestLinks(cell: CellSummary, runs: readonly RunResult[], top = TOP): LinkLoad[] {
  const out: LinkLoad[] = [];
  for (const [id, l] of Object.entries(cell.links)) {
    for (const dir of ['forward', 'reverse'] as const) {
      const drops = mean(runs.map((r) => r.links[id]?.[dir].drops ?? null));
      const utilization = l[dir].mean;
      if ((utilization ?? 0) > 0 || (drops ?? 0) > 0) out.push({ at: `${id}/${dir}`, utilization, drops });
    }
  }
  out.sort(
    (a, b) => (b.utilization ?? 0) - (a.utilization ?? 0) || (b.drops ?? 0) - (a.drops ?? 0) || (a.at < b.at ? -1 : 1),
  );
  return out.slice(0, top);
}

/** One hot spot as `Stats.hotspots` gives it (SCENARIO-FORMAT.md); anything else is ignored. */
interface RawHotspot {
  at: string;
  queueingMs?: number;
  share?: number;
  drops?: number;
}

function rawHotspots(v: unknown): RawHotspot[] | null {
  if (!Array.isArray(v)) return null;
  return v.filter(
    (h): h is RawHotspot => typeof h === 'object' && h !== null && typeof (h as RawHotspot).at === 'string',
  );
}

/**
 * The hot spots of one cell's runs, per class: each place's figures averaged over the runs that
 * report it, ordered by mean queueing (then drops), at most {@link TOP} per class. null when no run
 * of the cell carries `hotspots` for any class (results from before the delay decomposition).
 */
function cellHotspots(runs: readonly RunResult[], classes: readonly string[], top = TOP): HotspotEntry[] | null {
  let found = false;
  const out: HotspotEntry[] = [];
  for (const cls of classes) {
    const byAt = new Map<string, RawHotspot[]>();
    for (const r of runs) {
      const list = rawHotspots((r.classes[cls] as unknown as Record<string, unknown> | undefined)?.hotspots);
      if (list === null) continue;
      found = true;
      for (const h of list) byAt.set(h.at, [...(byAt.get(h.at) ?? []), h]);
    }
    const entries = [...byAt.entries()].map(([at, hs]) => ({
      class: cls,
      at,
      queueingMs: mean(hs.map((h) => h.queueingMs ?? null)),
      share: mean(hs.map((h) => h.share ?? null)),
      drops: mean(hs.map((h) => h.drops ?? null)),
    }));
    entries.sort((a, b) => (b.queueingMs ?? 0) - (a.queueingMs ?? 0) || (b.drops ?? 0) - (a.drops ?? 0));
    out.push(...entries.slice(0, top));
  }
  return found ? out : null;
}

/** Where it hurts in every cell of a complete comparison, in the summary's cell order. */
export function whereItHurts(c: ComparisonFile): CellHurts[] {
  const summary = c.summary;
  if (!summary) throw new Error('whereItHurts: the results have no summary');
  const groups = groupRuns(c.matrix, c.runs);
  const components = admissionComponents(summary);
  return summary.cells.map((cell, i) => {
    const runs = groups[i].runs;
    const refusals = components
      .map((component) => {
        const r = cell.refusals?.[component.key];
        return { component, rejected: r?.rejected.mean ?? 0, requested: r?.requested.mean ?? null };
      })
      .filter((r) => r.rejected > 0)
      .sort((a, b) => b.rejected - a.rejected);
    return { cell, refusals, links: busiestLinks(cell, runs), hotspots: cellHotspots(runs, summary.classes) };
  });
}

/** The sweep point of a breaking point's `breaksAt`, with the other sweeps' values of a grid. */
export function breakPoint(c: ComparisonFile, bp: BreakingPoint): PointLabels | null {
  if (bp.breaksAt === null) return null;
  const order = (c.matrix.sweeps ?? []).map((s) => s.name);
  const labels: Record<string, string | number | boolean> = { ...(bp.at ?? {}), [bp.sweep]: bp.breaksAt };
  return Object.fromEntries(order.map((n) => [n, labels[n]]));
}

/** The cell a breaking point breaks in (its policy is the run's; the matrix may say "each variant's own"). */
export function cellAt<T extends { cell: CellSummary }>(
  all: readonly T[],
  variant: string | null,
  policy: string | null,
  point: PointLabels,
): T | undefined {
  return all.find(
    (h) =>
      h.cell.variant === variant &&
      (h.cell.policy === policy || h.cell.policy === null) &&
      samePoint(h.cell.sweep, point),
  );
}
