import { idMap, round, type RunResult } from '../metrics/index.js';
import type { Experience } from '../metrics/voice/experience.js';
import type { CellRuns } from './delta.js';
import { deltaMetric, estimate, type DeltaMetric, type Estimate } from './interval.js';

/** The experience figures compared across cells (SCENARIO-FORMAT.md, Experience), in table order. */
export type ExperienceKey = 'slaMetShare' | 'mos.mean' | 'poorShare';

export interface ExperienceMetric {
  key: ExperienceKey;
  label: string;
  lowerIsBetter: boolean;
  of(e: Experience): number | null;
}

export const EXPERIENCE_METRICS: readonly ExperienceMetric[] = [
  { key: 'slaMetShare', label: 'flows meeting the SLA', lowerIsBetter: false, of: (e) => e.slaMetShare },
  { key: 'mos.mean', label: 'mean MOS', lowerIsBetter: false, of: (e) => e.mos?.mean ?? null },
  { key: 'poorShare', label: 'poor calls', lowerIsBetter: true, of: (e) => e.poorShare },
];

/** One class's experience in one cell, across its replications. */
export interface ExperienceSummary {
  /** Each run's figure, then the mean and its confidence interval across replications. */
  metrics: Record<ExperienceKey, Estimate>;
  /** Flows judged and flows refused per replication. */
  flows: Estimate;
  refused: Estimate;
  /**
   * The MOS of every call that connected (each voice flow of the class), in every replication
   * together: [MOS, cumulative fraction], at most {@link MOS_CDF_POINTS} + 1 exact points of the
   * empirical CDF. Absent without calls. Refused calls have no MOS: they are in `poorShare`.
   */
  mosCdf?: Array<[number, number]>;
  /** How many calls the CDF holds. */
  calls: number;
}

/** Points kept of a MOS CDF: evenly spaced in rank, so a percentile is within 0.5% of the calls. */
export const MOS_CDF_POINTS = 200;

/** The empirical CDF of `values` as [value, fraction <= value], thinned to about `points` + 1 exact points. */
export function empiricalCdf(values: readonly number[], points = MOS_CDF_POINTS): Array<[number, number]> {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const out: Array<[number, number]> = [];
  for (let k = 0; k <= points && n > 0; k++) {
    let i = Math.round((k * (n - 1)) / points);
    while (i + 1 < n && sorted[i + 1] === sorted[i]) i++; // F(x) counts every value equal to x
    if (out.length > 0 && out[out.length - 1][0] === sorted[i]) continue;
    out.push([sorted[i], round((i + 1) / n)]);
  }
  return out;
}

/** Classes with judged flows in some run, in first-seen order. */
function classesOf(runs: readonly RunResult[]): string[] {
  const names = new Set<string>();
  for (const r of runs) for (const [c, e] of Object.entries(r.experience ?? {})) if (e.flows > 0) names.add(c);
  return [...names];
}

/** The class's value of an experience figure in every run (null where the run lacks it). */
function series(runs: readonly RunResult[], cls: string, of: (e: Experience) => number | null): Array<number | null> {
  return runs.map((r) => {
    const e = r.experience?.[cls];
    return e && e.flows > 0 ? of(e) : null;
  });
}

/** The MOS of every call of the class in every run (the flows' `call`). */
function callMos(runs: readonly RunResult[], cls: string): number[] {
  const out: number[] = [];
  for (const r of runs)
    for (const f of Object.values(r.flows)) {
      const call = f.call as { mos?: number } | undefined;
      if (f.class === cls && typeof call?.mos === 'number') out.push(call.mos);
    }
  return out;
}

/**
 * Per class, a cell's experience across its replications: the share of flows meeting the SLA,
 * the mean MOS and the poor-call share (each run's figure, then mean and interval), flows and
 * refusals, and the MOS CDF across calls. Undefined when no run has any (results from before).
 * Keyed by nothing but the runs it is given, so any grouping of runs (variant, policy, sweep
 * point) can be summarized.
 */
export function summarizeExperience(runs: readonly RunResult[]): Record<string, ExperienceSummary> | undefined {
  const classes = classesOf(runs);
  if (classes.length === 0) return undefined;
  // Classes are ids: a null-prototype map, so a cell without class `constructor` does not find Object's there.
  const out = idMap<ExperienceSummary>();
  for (const cls of classes) {
    const metrics = {} as Record<ExperienceKey, Estimate>;
    for (const m of EXPERIENCE_METRICS) metrics[m.key] = estimate(series(runs, cls, m.of));
    const mos = callMos(runs, cls);
    out[cls] = {
      metrics,
      flows: estimate(series(runs, cls, (e) => e.flows)),
      refused: estimate(series(runs, cls, (e) => e.refused ?? 0)),
      calls: mos.length,
      ...(mos.length > 0 ? { mosCdf: empiricalCdf(mos) } : {}),
    };
  }
  return out;
}

/** `to - from` of the experience figures, paired by seed, per class both cells have. Undefined without any. */
export function experienceDelta(
  from: CellRuns,
  to: CellRuns,
): Record<string, Record<ExperienceKey, DeltaMetric>> | undefined {
  const theirs = new Set(classesOf(to.runs));
  const classes = classesOf(from.runs).filter((c) => theirs.has(c));
  if (classes.length === 0) return undefined;
  const out = idMap<Record<ExperienceKey, DeltaMetric>>();
  for (const cls of classes) {
    const metrics = {} as Record<ExperienceKey, DeltaMetric>;
    for (const m of EXPERIENCE_METRICS) {
      metrics[m.key] = deltaMetric(series(from.runs, cls, m.of), series(to.runs, cls, m.of), m.lowerIsBetter);
    }
    out[cls] = metrics;
  }
  return out;
}
