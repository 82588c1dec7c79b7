import { judgeSla, type SlaStats, type SlaTargets, type SlaVerdict } from '../sla.js';
import { round } from '../stats.js';

const TARGETS = ['latency', 'jitter', 'loss'] as const;

/**
 * One flow judged on its own packets against its class targets (one-way latency at p99, mean
 * jitter, loss ratio; SCENARIO-FORMAT.md, Classes): null when the class has no target. A flow
 * refused by an admission limit never connected: it fails every target.
 */
export function judgeFlowSla(stats: SlaStats, targets: SlaTargets, refused: boolean): SlaVerdict | null {
  const keys = TARGETS.filter((k) => targets[k] !== undefined);
  if (keys.length === 0) return null;
  if (!refused) return judgeSla(stats, targets);
  const v: SlaVerdict = { met: false };
  for (const k of keys) v[k] = false;
  return v;
}

/** What the experience of a class or an app is made of, one entry per flow (per user stream). */
export interface FlowOutcome {
  /** Refused by a tunnel or session limit. */
  refused: boolean;
  /** Its SLA verdict ({@link judgeFlowSla}); null when the class has no target. */
  sla: SlaVerdict | null;
  /** It carries voice (its app or the flow declares a codec). */
  voice: boolean;
  /** For a voice flow that connected, its call's MOS and CQD verdict; null otherwise. */
  call: { mos: number; poor: boolean } | null;
}

export interface MosDistribution {
  mean: number;
  p5: number;
  p50: number;
  p95: number;
}

/** SCENARIO-FORMAT.md, Experience, plus `refused` (docs/experience.md). */
export interface Experience {
  flows: number;
  /** Share of flows that met every target (refused flows did not); null without targets. */
  slaMetShare: number | null;
  /** MOS across the voice flows that connected; null without any. */
  mos: MosDistribution | null;
  /** Share of voice flows whose stream CQD calls poor, refused ones counted poor; null without voice flows. */
  poorShare: number | null;
  /** Flows refused by an admission limit (counted in `flows`, failing the SLA, poor if voice). */
  refused: number;
}

/**
 * The experience of a set of flows. Leave out flows that expected no packet in the measurement
 * window and were not refused: they carry no evidence either way. A voice flow that connected but
 * has no call verdict is not in the voice figures.
 */
export function experience(outcomes: readonly FlowOutcome[]): Experience {
  let judged = 0;
  let met = 0;
  let refused = 0;
  let voice = 0;
  let poor = 0;
  const mos: number[] = [];
  for (const o of outcomes) {
    if (o.refused) refused++;
    if (o.sla !== null) {
      judged++;
      if (o.sla.met && !o.refused) met++;
    }
    if (!o.voice) continue;
    if (o.refused) {
      voice++;
      poor++;
    } else if (o.call !== null) {
      voice++;
      if (o.call.poor) poor++;
      mos.push(o.call.mos);
    }
  }
  return {
    flows: outcomes.length,
    slaMetShare: judged > 0 ? round(met / judged) : null,
    mos: mos.length > 0 ? mosDistribution(mos) : null,
    poorShare: voice > 0 ? round(poor / voice) : null,
    refused,
  };
}

function mosDistribution(values: number[]): MosDistribution {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    mean: round(sum / sorted.length),
    p5: round(quantileSorted(sorted, 0.05)),
    p50: round(quantileSorted(sorted, 0.5)),
    p95: round(quantileSorted(sorted, 0.95)),
  };
}

/**
 * The p-quantile of ascending values by linear interpolation between order statistics (Hyndman
 * and Fan's type 7, numpy's and R's default): h = (n − 1) p, x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantile of an empty list');
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
