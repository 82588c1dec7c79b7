import type { RunResult, SlaVerdict } from '../metrics/index.js';
import type { SweepValue } from '../scenario/schema/sweep.js';
import { ExperimentError } from './errors.js';

/**
 * Breaking points (SCENARIO-FORMAT.md, Sweeps): for each variant, policy and class with SLA
 * targets, where along each sweep the class stops meeting its targets, and which target fails
 * there. Pure: from the per-replication SLA verdicts of each cell to `breakingPoints`.
 *
 * A point *holds* when the class met every target in at least 90% of its replications there.
 * Along a sweep, values are taken in the order the sweep lists them (the author lists them from
 * the lightest load to the heaviest: 40, 80, 160 users; or 1Gbps, 300Mbps, 100Mbps of capacity):
 * `holdsUpTo` is the last value before the first point that does not hold (null when the first
 * does not), `breaksAt` that first point (null when every point holds).
 *
 * A grid of several sweeps: the breaking point along each sweep is found at every combination of
 * the other sweeps' values (grid order, the first sweep slowest), and the entry carries that
 * combination as `at: { "<other sweep>": value }` (an extension of the contract; absent when
 * there is one sweep, so a single sweep's entries have exactly the contract's keys).
 */

/** The share of replications a point must meet every target in to hold. */
export const HOLDS_SHARE = 0.9;

/** The SLA targets, in the fixed order `failing` lists them. */
export const SLA_TARGETS = ['latency', 'jitter', 'loss'] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];

/** A sweep's name and its values in run order. */
export interface SweepAxis {
  readonly name: string;
  readonly values: readonly SweepValue[];
}

/** One (variant, policy, sweep point, class): its SLA verdict in each replication. */
export interface CellVerdicts {
  readonly variant: string | null;
  readonly policy: string | null;
  /** The point: `{ "<sweep name>": value }` for every sweep. */
  readonly sweep: Readonly<Record<string, SweepValue>>;
  readonly class: string;
  readonly verdicts: readonly SlaVerdict[];
}

export interface BreakingPoint {
  variant: string | null;
  policy: string | null;
  class: string;
  /** The sweep's name. */
  sweep: string;
  holdsUpTo: SweepValue | null;
  breaksAt: SweepValue | null;
  /** The targets that failed at `breaksAt`, in the order latency, jitter, loss; empty when nothing breaks. */
  failing: SlaTarget[];
  /** The other sweeps' values (a grid of several sweeps only). */
  at?: Record<string, SweepValue>;
}

/** `met` in at least 90% of `runs`, in integers (9 of 10 is exactly 90%, whatever 0.9 is in binary). */
const holds = (met: number, runs: number): boolean => met * 10 >= runs * 9;

/**
 * The targets that failed at a point that does not hold: each target met in fewer than 90% of
 * the replications that judged it; when none is on its own (the class failed a different target
 * in different replications), every target that failed in some replication.
 */
export function failingTargets(verdicts: readonly SlaVerdict[]): SlaTarget[] {
  const judged = (t: SlaTarget) => verdicts.filter((v) => v[t] !== undefined);
  const below = SLA_TARGETS.filter((t) => {
    const j = judged(t);
    return j.length > 0 && !holds(j.filter((v) => v[t]).length, j.length);
  });
  return below.length > 0 ? below : SLA_TARGETS.filter((t) => verdicts.some((v) => v[t] === false));
}

/** Whether a point holds: every target met in at least {@link HOLDS_SHARE} of the replications. */
export function pointHolds(verdicts: readonly SlaVerdict[]): boolean {
  if (verdicts.length === 0) throw new ExperimentError('a sweep point has no replications');
  return holds(verdicts.filter((v) => v.met).length, verdicts.length);
}

const pointKey = (axes: readonly SweepAxis[], labels: Readonly<Record<string, SweepValue>>): string =>
  JSON.stringify(axes.map((a) => labels[a.name]));

/** Every combination of the axes' values, the first axis slowest. */
function combinations(axes: readonly SweepAxis[]): Record<string, SweepValue>[] {
  let out: Record<string, SweepValue>[] = [{}];
  for (const a of axes) out = out.flatMap((c) => a.values.map((v) => ({ ...c, [a.name]: v })));
  return out;
}

/**
 * The breaking points of every (variant, policy, class) along every sweep. Order: sweep, then the
 * other sweeps' combination (grid order), then class, variant and policy as they first appear in
 * `cells`. Every point of the grid must have its cell for each (variant, policy, class) present.
 */
export function breakingPoints(axes: readonly SweepAxis[], cells: readonly CellVerdicts[]): BreakingPoint[] {
  for (const a of axes) {
    if (a.values.length === 0) throw new ExperimentError(`sweep ${JSON.stringify(a.name)} has no values`);
  }
  const byKey = new Map<string, CellVerdicts>();
  const classes: string[] = [];
  const series: { variant: string | null; policy: string | null }[] = [];
  for (const c of cells) {
    for (const a of axes) {
      if (!a.values.some((v) => v === c.sweep[a.name]))
        throw new ExperimentError(
          `a cell of ${c.variant ?? 'base'} has ${a.name} = ${JSON.stringify(c.sweep[a.name])}, ` +
            'not a value of the sweep',
        );
    }
    const key = JSON.stringify([c.variant, c.policy, c.class, pointKey(axes, c.sweep)]);
    if (byKey.has(key)) throw new ExperimentError(`two cells for ${describe(c)}`);
    byKey.set(key, c);
    if (!classes.includes(c.class)) classes.push(c.class);
    if (!series.some((s) => s.variant === c.variant && s.policy === c.policy))
      series.push({ variant: c.variant, policy: c.policy });
  }
  const present = new Set(cells.map((c) => JSON.stringify([c.variant, c.policy, c.class])));

  const out: BreakingPoint[] = [];
  axes.forEach((axis, k) => {
    const others = axes.filter((_, j) => j !== k);
    for (const at of combinations(others)) {
      for (const cls of classes) {
        for (const { variant, policy } of series) {
          if (!present.has(JSON.stringify([variant, policy, cls]))) continue;
          let breaksAt = -1;
          let failing: SlaTarget[] = [];
          for (let i = 0; i < axis.values.length; i++) {
            const labels = { ...at, [axis.name]: axis.values[i] };
            const cell = byKey.get(JSON.stringify([variant, policy, cls, pointKey(axes, labels)]));
            if (!cell)
              throw new ExperimentError(
                `no runs of ${describe({ variant, policy, class: cls, sweep: labels })}: ` +
                  'every point of the grid is needed',
              );
            if (!pointHolds(cell.verdicts)) {
              breaksAt = i;
              failing = failingTargets(cell.verdicts);
              break;
            }
          }
          const entry: BreakingPoint = {
            variant,
            policy,
            class: cls,
            sweep: axis.name,
            holdsUpTo: breaksAt === 0 ? null : axis.values[breaksAt < 0 ? axis.values.length - 1 : breaksAt - 1],
            breaksAt: breaksAt < 0 ? null : axis.values[breaksAt],
            failing,
          };
          if (axes.length > 1) entry.at = at;
          out.push(entry);
        }
      }
    }
  });
  return out;
}

function describe(c: Pick<CellVerdicts, 'variant' | 'policy' | 'class' | 'sweep'>): string {
  const point = Object.entries(c.sweep)
    .map(([k, v]) => `${k} = ${String(v)}`)
    .join(', ');
  return `${c.variant ?? 'base'}/${c.policy ?? 'scenario policy'}, class ${c.class}, at ${point}`;
}

/** A run of a sweep: its result and the point it ran at. */
export type SweptRun = Pick<RunResult, 'variant' | 'policy' | 'sla' | 'classes'> & {
  readonly sweep: Readonly<Record<string, SweepValue>>;
};

/**
 * Groups runs into {@link CellVerdicts}: one per (variant, policy, point, class with SLA targets),
 * in first-seen order. A class that sent nothing in any run of its variant and policy is left
 * out (its verdicts are vacuous: a class no flow uses has no breaking point).
 */
export function cellVerdicts(axes: readonly SweepAxis[], runs: readonly SweptRun[]): CellVerdicts[] {
  const cells = new Map<
    string,
    {
      variant: string | null;
      policy: string | null;
      sweep: Record<string, SweepValue>;
      class: string;
      verdicts: SlaVerdict[];
    }
  >();
  const sent = new Set<string>();
  for (const r of runs) {
    for (const [cls, verdict] of Object.entries(r.sla)) {
      const key = JSON.stringify([r.variant, r.policy, cls, pointKey(axes, r.sweep)]);
      let cell = cells.get(key);
      if (!cell) {
        cell = { variant: r.variant, policy: r.policy, sweep: { ...r.sweep }, class: cls, verdicts: [] };
        cells.set(key, cell);
      }
      cell.verdicts.push(verdict);
      if ((r.classes[cls]?.sent ?? 0) > 0) sent.add(JSON.stringify([r.variant, r.policy, cls]));
    }
  }
  return [...cells.values()].filter((c) => sent.has(JSON.stringify([c.variant, c.policy, c.class])));
}
