import { idMap, type RunResult } from '../metrics/index.js';
import { breakingPoints, cellVerdicts, type BreakingPoint } from './breaking-points.js';
import { meanCdf } from './cdf-mean.js';
import { matrixCells, seedsOf, type MatrixSpec } from './cells.js';
import { ExperimentError } from './errors.js';
import { summarizeExperience, type ExperienceSummary } from './experience.js';
import { delta, metricSeries, type CellRuns, type Delta } from './delta.js';
import { gridPoints, pointLabel, samePoint, type PointLabels } from './grid.js';
import { refusalsOf, type Refusals } from './refusals.js';
import { CONFIDENCE, estimate, type Estimate } from './interval.js';
import { DELAY_PARTS, METRICS, type DelayPart, type MetricKey } from './metrics.js';
import { rankPolicies, type PolicyRanking } from './ranking.js';

/** How often a class met its SLA: over replications; per target where the class has that target. */
export interface SlaRate {
  runs: number;
  met: number;
  rate: number;
  latency?: number;
  jitter?: number;
  loss?: number;
}

export interface ClassSummary {
  metrics: Record<MetricKey, Estimate>;
  /** null: the class has no SLA targets. */
  sla: SlaRate | null;
  /** The mean over replications of the runs' latency CDFs (when the runs carry them). */
  latencyCdfMs?: Array<[number, number]>;
  /** Where the delay comes from: each part of the mean latency across replications (when the runs carry it). */
  delayMs?: Record<DelayPart, Estimate>;
}

/** One (variant, policy, sweep point) across its replications. */
export interface CellSummary {
  variant: string | null;
  policy: string | null;
  /** The sweep point (a sweep only). */
  sweep?: PointLabels;
  classes: Record<string, ClassSummary>;
  /** All SLA verdicts of all classes and replications together; null when no class has targets. */
  sla: SlaRate | null;
  /** Utilization per link and direction. */
  links: Record<string, { forward: Estimate; reverse: Estimate }>;
  /** Per class, its flows judged one by one (experience.ts); absent in results from before. */
  experience?: Record<string, ExperienceSummary>;
  /**
   * Users (tunnels, sessions) refused per admission-limited component, from the runs' `tunnels` and
   * `sessions` sections: `{ "tunnels.onprem-vpn": { requested, rejected } }` (absent: none in the runs).
   */
  refusals?: Refusals;
}

export interface Summary {
  confidence: number;
  seeds: number[];
  /** Every class that sent packets in some run, in first-seen order (the CSV and the runs have them all). */
  classes: string[];
  cells: CellSummary[];
  /** Each variant against the first, per policy; then each policy against the first, per variant. */
  deltas: Delta[];
  ranking: PolicyRanking[];
  /** Where each class stops meeting its SLA along each sweep (a sweep only; SCENARIO-FORMAT.md, Sweeps). */
  breakingPoints?: BreakingPoint[];
}

/**
 * Groups runs (in canonical cell order) by (variant, policy, sweep point), checking they are
 * exactly the matrix: each run's variant, policy, seed and point (`sweep`) are its cell's.
 */
export function groupRuns(spec: MatrixSpec, runs: readonly RunResult[]): CellRuns[] {
  const cells = matrixCells(spec);
  if (runs.length !== cells.length)
    throw new ExperimentError(`expected ${cells.length} runs for the matrix, got ${runs.length}`);
  cells.forEach((c, i) => {
    const r = runs[i];
    const sweep = r.sweep as PointLabels | undefined;
    if (
      r.variant !== c.variant ||
      (c.policy !== null && r.policy !== c.policy) ||
      r.seed !== c.seed ||
      !samePoint(sweep, c.sweep)
    ) {
      const at = (p: PointLabels | undefined) => (p ? ` at ${pointLabel(p)}` : '');
      throw new ExperimentError(
        `run ${i} is ${r.variant}/${r.policy}/seed ${r.seed}${at(sweep)}, ` +
          `expected ${c.variant}/${c.policy}/seed ${c.seed}${at(c.sweep)}`,
      );
    }
  });
  const groups: CellRuns[] = [];
  for (let i = 0; i < runs.length; i += spec.replications) {
    const { variant, policy, sweep } = cells[i];
    groups.push({ variant, policy, ...(sweep ? { sweep } : {}), runs: runs.slice(i, i + spec.replications) });
  }
  return groups;
}

/** Classes that sent something in at least one run (a default class no flow uses has nothing to compare). */
function classNames(runs: readonly RunResult[]): string[] {
  const names = new Set<string>();
  for (const r of runs) for (const [c, s] of Object.entries(r.classes)) if (s.sent > 0) names.add(c);
  return [...names];
}

function slaRate(verdicts: ReadonlyArray<RunResult['sla'][string]>): SlaRate | null {
  if (verdicts.length === 0) return null;
  const share = (k: 'latency' | 'jitter' | 'loss'): number | undefined => {
    const judged = verdicts.filter((v) => v[k] !== undefined);
    return judged.length > 0 ? judged.filter((v) => v[k]).length / judged.length : undefined;
  };
  const met = verdicts.filter((v) => v.met).length;
  const rate: SlaRate = { runs: verdicts.length, met, rate: met / verdicts.length };
  for (const k of ['latency', 'jitter', 'loss'] as const) {
    const s = share(k);
    if (s !== undefined) rate[k] = s;
  }
  return rate;
}

function summarizeCell(group: CellRuns, classes: readonly string[]): CellSummary {
  // Ids are data: a link named __proto__ must be a key like any other (null-prototype maps).
  const out: CellSummary = {
    variant: group.variant,
    policy: group.policy,
    ...(group.sweep ? { sweep: group.sweep } : {}),
    classes: idMap(),
    sla: null,
    links: idMap(),
  };
  const allVerdicts: Array<RunResult['sla'][string]> = [];
  for (const cls of classes) {
    if (!group.runs.some((r) => r.classes[cls] !== undefined)) continue;
    const metrics = {} as Record<MetricKey, Estimate>;
    for (const m of METRICS) metrics[m.key] = estimate(metricSeries(group.runs, cls, m.key));
    // An id map (idMap): a class without targets named `constructor` has no verdict.
    const verdicts = group.runs.flatMap((r) => r.sla[cls] ?? []);
    allVerdicts.push(...verdicts);
    const summary: ClassSummary = { metrics, sla: slaRate(verdicts) };
    const cdfs = group.runs.flatMap((r) => {
      const cdf = r.classes[cls]?.latencyCdfMs;
      return cdf ? [cdf] : [];
    });
    if (cdfs.length > 0) summary.latencyCdfMs = meanCdf(cdfs);
    if (group.runs.some((r) => r.classes[cls]?.delayMs)) {
      const part = (k: DelayPart) => estimate(group.runs.map((r) => r.classes[cls]?.delayMs?.[k] ?? null));
      summary.delayMs = Object.fromEntries(DELAY_PARTS.map((k) => [k, part(k)])) as Record<DelayPart, Estimate>;
    }
    out.classes[cls] = summary;
  }
  out.sla = slaRate(allVerdicts);
  const experience = summarizeExperience(group.runs);
  if (experience) out.experience = experience;
  const linkIds = new Set<string>();
  for (const r of group.runs) for (const id of Object.keys(r.links)) linkIds.add(id);
  for (const id of linkIds) {
    out.links[id] = {
      forward: estimate(group.runs.map((r) => r.links[id]?.forward.utilization ?? null)),
      reverse: estimate(group.runs.map((r) => r.links[id]?.reverse.utilization ?? null)),
    };
  }
  const refusals = refusalsOf(group.runs);
  if (refusals !== null) out.refusals = refusals;
  return out;
}

/** The comparison: per-cell estimates, paired deltas, SLA pass rates and the policy ranking. */
export function summarizeMatrix(spec: MatrixSpec, runs: readonly RunResult[]): Summary {
  const groups = groupRuns(spec, runs);
  const classes = classNames(runs);
  const points = gridPoints(spec.sweeps);
  const swept = (spec.sweeps ?? []).length > 0;
  const byKey = new Map(groups.map((g) => [JSON.stringify([g.variant, g.policy, g.sweep ?? null]), g]));
  const at = (variant: string | null, policy: string | null, point: number) =>
    byKey.get(JSON.stringify([variant, policy, swept ? points[point] : null]))!;
  const deltas: Delta[] = [];
  const [firstVariant, ...otherVariants] = spec.variants;
  const [firstPolicy, ...otherPolicies] = spec.policies;
  // A sweep pairs cells at the same point: the difference a design makes at that load.
  points.forEach((_, k) => {
    for (const policy of spec.policies) {
      for (const v of otherVariants)
        deltas.push(delta('variant', at(firstVariant, policy, k), at(v, policy, k), classes));
    }
  });
  points.forEach((_, k) => {
    for (const variant of spec.variants) {
      for (const p of otherPolicies)
        deltas.push(delta('policy', at(variant, firstPolicy, k), at(variant, p, k), classes));
    }
  });
  const cells = groups.map((g) => summarizeCell(g, classes));
  const ranking = spec.variants.flatMap((variant) =>
    points.map((point, k) =>
      rankPolicies(
        variant,
        spec.policies.map((p) => at(variant, p, k)),
        cells.filter((c) => c.variant === variant && (!swept || samePoint(c.sweep, point))),
        classes,
      ),
    ),
  );
  const summary: Summary = { confidence: CONFIDENCE, seeds: seedsOf(spec), classes, cells, deltas, ranking };
  if (swept) {
    const axes = spec.sweeps!.map((s) => ({ name: s.name, values: s.values }));
    const swRuns = runs.map((r) => ({ ...r, sweep: r.sweep as PointLabels }));
    summary.breakingPoints = breakingPoints(axes, cellVerdicts(axes, swRuns));
  }
  return summary;
}
