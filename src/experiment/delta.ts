import { idMap, type RunResult } from '../metrics/index.js';
import { experienceDelta, type ExperienceKey } from './experience.js';
import type { PointLabels } from './grid.js';
import { deltaMetric, type DeltaMetric } from './interval.js';
import { DELAY_PARTS, METRICS, type DelayPart, type MetricKey } from './metrics.js';

/** A cell's runs, one per seed in seed order; `sweep`: its point, in a sweep. */
export type CellRuns = { variant: string | null; policy: string | null; sweep?: PointLabels; runs: RunResult[] };

export type { DeltaMetric } from './interval.js';

/** `to - from`, paired by seed, per class and metric. */
export interface Delta {
  kind: 'variant' | 'policy';
  from: { variant: string | null; policy: string | null };
  to: { variant: string | null; policy: string | null };
  /** The sweep point both cells are at (a sweep only: deltas pair cells at the same point). */
  sweep?: PointLabels;
  classes: Record<string, Record<MetricKey, DeltaMetric>>;
  /** Where the delay comes from, `to - from` per part and class (when both cells' runs carry Stats.delayMs). */
  delayMs?: Record<string, Record<DelayPart, DeltaMetric>>;
  /** The experience figures per class (experience.ts); absent when the runs have none. */
  experience?: Record<string, Record<ExperienceKey, DeltaMetric>>;
}

const partSeries = (runs: readonly RunResult[], cls: string, k: DelayPart): Array<number | null> =>
  runs.map((r) => r.classes[cls]?.delayMs?.[k] ?? null);

/** The class's value of a metric in every run (null where the run lacks the class or the value). */
export function metricSeries(runs: readonly RunResult[], cls: string, key: MetricKey): Array<number | null> {
  const metric = METRICS.find((m) => m.key === key)!;
  return runs.map((r) => {
    const s = r.classes[cls];
    return s ? metric.of(s) : null;
  });
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
    const has = (r: RunResult) => r.classes[cls] !== undefined;
    if (!from.runs.some(has) || !to.runs.some(has)) continue;
    const metrics = {} as Record<MetricKey, DeltaMetric>;
    for (const m of METRICS)
      metrics[m.key] = deltaMetric(
        metricSeries(from.runs, cls, m.key),
        metricSeries(to.runs, cls, m.key),
        m.lowerIsBetter,
      );
    out.classes[cls] = metrics;
    const carried = (runs: readonly RunResult[]) => runs.some((r) => r.classes[cls]?.delayMs);
    if (carried(from.runs) && carried(to.runs)) {
      const parts = {} as Record<DelayPart, DeltaMetric>;
      for (const k of DELAY_PARTS)
        parts[k] = deltaMetric(partSeries(from.runs, cls, k), partSeries(to.runs, cls, k), true);
      (out.delayMs ??= idMap())[cls] = parts;
    }
  }
  const experience = experienceDelta(from, to);
  if (experience) out.experience = experience;
  return out;
}
