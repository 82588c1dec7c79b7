import { idMap, type RunResult } from '../metrics/index.js';
import { experienceDelta, type ExperienceKey } from './experience.js';
import type { PointLabels } from './grid.js';
import { estimate, pairedDifference, verdict, type Estimate, type Verdict } from './interval.js';
import { METRICS, type MetricKey } from './metrics.js';

/** A cell's runs, one per seed in seed order; `sweep`: its point, in a sweep. */
export type CellRuns = { variant: string | null; policy: string | null; sweep?: PointLabels; runs: RunResult[] };

export interface DeltaMetric extends Estimate {
  /** The mean difference relative to the `from` cell's mean (0.1 = +10%); null when that mean is 0. */
  relative: number | null;
  verdict: Verdict;
}

/** `to - from`, paired by seed, per class and metric. */
export interface Delta {
  kind: 'variant' | 'policy';
  from: { variant: string | null; policy: string | null };
  to: { variant: string | null; policy: string | null };
  /** The sweep point both cells are at (a sweep only: deltas pair cells at the same point). */
  sweep?: PointLabels;
  classes: Record<string, Record<MetricKey, DeltaMetric>>;
  /** The experience figures per class (experience.ts); absent when the runs have none. */
  experience?: Record<string, Record<ExperienceKey, DeltaMetric>>;
}

/** The class's value of a metric in every run (null where the run lacks the class or the value). */
export function metricSeries(runs: readonly RunResult[], cls: string, key: MetricKey): Array<number | null> {
  const metric = METRICS.find((m) => m.key === key)!;
  return runs.map((r) => (r.classes[cls] ? metric.of(r.classes[cls]) : null));
}

/** `to - from` for every class both cells have, paired by seed. */
export function delta(kind: Delta['kind'], from: CellRuns, to: CellRuns, classes: readonly string[]): Delta {
  const out: Delta = {
    kind,
    from: { variant: from.variant, policy: from.policy },
    to: { variant: to.variant, policy: to.policy },
    ...(from.sweep !== undefined ? { sweep: from.sweep } : {}),
    classes: idMap(),
  };
  for (const cls of classes) {
    if (!from.runs.some((r) => r.classes[cls]) || !to.runs.some((r) => r.classes[cls])) continue;
    const metrics = {} as Record<MetricKey, DeltaMetric>;
    for (const m of METRICS) {
      const before = metricSeries(from.runs, cls, m.key);
      const diff = pairedDifference(before, metricSeries(to.runs, cls, m.key));
      const base = estimate(before).mean;
      const relative =
        diff.mean !== null && base !== null && base !== 0 ? Math.round((diff.mean / base) * 1e6) / 1e6 : null;
      metrics[m.key] = { ...diff, relative, verdict: verdict(diff, m.lowerIsBetter) };
    }
    out.classes[cls] = metrics;
  }
  const experience = experienceDelta(from, to);
  if (experience) out.experience = experience;
  return out;
}
