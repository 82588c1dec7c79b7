import type { SweepValue } from '../scenario/schema/sweep.js';

/**
 * The sweep part of a comparison matrix, as results files record it (plain JSON): which keys are
 * swept over which values, and which keys `--set` fixed for every cell. A worker or a merge
 * rebuilds the same grid from it, so shards of one sweep agree on every cell.
 */
export interface SweepSpec {
  /** The sweep's name: results carry `"sweep": { "<name>": value }`, results.csv a column `sweep.<name>`. */
  name: string;
  /** Its key path as written (`nodes[home].users`). */
  at: string;
  /** In run order (the lightest load first). */
  values: SweepValue[];
}

/** A `--set PATH=VALUE` applied to every cell. */
export interface SetSpec {
  at: string;
  value: SweepValue;
}

/** One point of the grid: `{ "<sweep name>": value }` for every sweep, in sweep order. */
export type PointLabels = Readonly<Record<string, SweepValue>>;

/**
 * Every point of the grid, in grid order (the first sweep varies slowest, as
 * src/scenario/sweep.ts orders it). No sweep: one point with no labels, so a plain comparison is
 * a grid of one point.
 */
export function gridPoints(sweeps: readonly SweepSpec[] | undefined): PointLabels[] {
  const list = sweeps ?? [];
  if (list.some((s) => s.values.length === 0)) return [];
  const points: PointLabels[] = [];
  const coords = list.map(() => 0);
  for (;;) {
    const labels: Record<string, SweepValue> = {};
    list.forEach((s, k) => (labels[s.name] = s.values[coords[k]]));
    points.push(labels);
    let k = list.length - 1;
    while (k >= 0 && ++coords[k] === list[k].values.length) coords[k--] = 0;
    if (k < 0) return points;
  }
}

/** `users = 160, wan = 300Mbps`; empty for the point of a comparison without sweeps. */
export function pointLabel(labels: PointLabels | undefined): string {
  return Object.entries(labels ?? {})
    .map(([k, v]) => `${k} = ${String(v)}`)
    .join(', ');
}

/** Whether two points are the same (labels compared in sweep order). */
export function samePoint(a: PointLabels | undefined, b: PointLabels | undefined): boolean {
  return JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});
}
