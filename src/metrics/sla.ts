import type { Stats } from './stats.js';

/** Targets for one class, in base units (seconds, ratio). */
export interface SlaTargets {
  latency?: number;
  jitter?: number;
  loss?: number;
}

/** What a verdict reads from a Stats (a class's or one flow's). */
export type SlaStats = Pick<Stats, 'sent' | 'received' | 'lossRatio' | 'latencyMs' | 'jitterMs'>;

export interface SlaVerdict {
  latency?: boolean;
  jitter?: boolean;
  loss?: boolean;
  met: boolean;
}

/**
 * Judges a class against its targets: one-way latency at p99, mean jitter (IPDV), loss ratio.
 * A class that sent nothing meets its targets vacuously; one that sent but received nothing fails
 * its latency and jitter targets.
 */
export function judgeSla(stats: SlaStats, t: SlaTargets): SlaVerdict {
  const v: SlaVerdict = { met: true };
  const idle = stats.sent === 0;
  if (t.latency !== undefined)
    v.latency = idle || (stats.latencyMs.p99 !== null && stats.latencyMs.p99 <= t.latency * 1000);
  if (t.jitter !== undefined)
    v.jitter =
      idle || stats.received < 2 ? idle : stats.jitterMs.mean !== null && stats.jitterMs.mean <= t.jitter * 1000;
  if (t.loss !== undefined) v.loss = stats.lossRatio <= t.loss;
  v.met = v.latency !== false && v.jitter !== false && v.loss !== false;
  return v;
}
