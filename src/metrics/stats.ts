import { DROP_REASONS, DropReason } from '../net/drop.js';
import type { FlowRecorder } from './flow-recorder.js';
import { latencyCdfMs } from './cdf.js';
import { LogHistogram } from './histogram.js';

/** The contract's Stats object (SCENARIO-FORMAT.md, Results), plus drops by reason. */
export interface Stats {
  sent: number;
  received: number;
  lost: number;
  inFlight: number;
  lossRatio: number;
  throughputBps: number;
  latencyMs: { mean: number | null; p50: number | null; p95: number | null; p99: number | null; max: number | null };
  jitterMs: { mean: number | null; rfc3550: number | null };
  drops: Record<string, number>;
  /**
   * Admission is not loss (SCENARIO-FORMAT.md, Admission): the flows refused by a tunnel or session
   * limit (see {@link refused}); for one flow, 1 or 0.
   */
  refusedFlows: number;
  /** The loss ratio over the packets of the flows that were admitted; null when none was (or none sent). */
  connectedLossRatio: number | null;
  /** Extension (docs/experiments.md): the latency CDF, [ms, cumulative fraction][], about 75 points; classes only. */
  latencyCdfMs?: Array<[number, number]>;
}

/**
 * A flow refused admission: it sent in the window, nothing of it arrived, and every packet it lost
 * was refused by a tunnel or session limit (drop reason `tunnel` or `admission`). A flow admitted and
 * later cut off (its session closed) received something, so it is connected, and its loss is loss.
 */
export function refused(r: FlowRecorder): boolean {
  return (
    r.sent > 0 &&
    r.received === 0 &&
    r.lost > 0 &&
    r.drops[DropReason.Tunnel] + r.drops[DropReason.Admission] === r.lost
  );
}

/** Rounds to 1e-9 of the unit: stable, readable JSON without hiding any meaningful digit. */
export function round(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}

const ms = (seconds: number): number | null => (Number.isFinite(seconds) ? round(seconds * 1000) : null);

/**
 * Pools recorders (a flow, or every flow of a class) into one Stats: counts add, histograms
 * merge, IPDV pools packets, and the RFC 3550 figure is the packet-weighted mean over flows.
 * With `cdf`, the Stats also carry the latency CDF (for plots).
 */
export function summarize(
  recorders: readonly FlowRecorder[],
  windowSeconds: number,
  options: { cdf?: boolean } = {},
): Stats {
  let sent = 0,
    received = 0,
    lost = 0,
    bytes = 0,
    latencySum = 0,
    ipdvSum = 0,
    ipdvCount = 0,
    jWeighted = 0,
    jWeight = 0,
    refusedFlows = 0,
    refusedSent = 0,
    refusedLost = 0;
  const drops = new Float64Array(DROP_REASONS.length);
  const pooled = recorders.length === 1 ? recorders[0].latency : new LogHistogram();
  for (const r of recorders) {
    sent += r.sent;
    received += r.received;
    lost += r.lost;
    bytes += r.bytesReceived;
    latencySum += r.latencySum;
    ipdvSum += r.ipdvSum;
    ipdvCount += r.ipdvCount;
    if (r.ipdvCount > 0) {
      jWeighted += r.rfc3550 * r.received;
      jWeight += r.received;
    }
    for (let i = 0; i < drops.length; i++) drops[i] += r.drops[i];
    if (refused(r)) {
      refusedFlows++;
      refusedSent += r.sent;
      refusedLost += r.lost;
    }
    if (pooled !== r.latency) pooled.merge(r.latency);
  }
  const dropsByReason: Record<string, number> = Object.create(null);
  DROP_REASONS.forEach((name, i) => {
    if (drops[i] > 0) dropsByReason[name] = drops[i];
  });
  const stats: Stats = {
    sent,
    received,
    lost,
    inFlight: sent - received - lost,
    lossRatio: sent > 0 ? round(lost / sent) : 0,
    throughputBps: windowSeconds > 0 ? round((bytes * 8) / windowSeconds) : 0,
    latencyMs: {
      mean: received > 0 ? ms(latencySum / received) : null,
      p50: ms(pooled.quantile(0.5)),
      p95: ms(pooled.quantile(0.95)),
      p99: ms(pooled.quantile(0.99)),
      max: received > 0 ? ms(pooled.max) : null,
    },
    jitterMs: {
      mean: ipdvCount > 0 ? ms(ipdvSum / ipdvCount) : null,
      rfc3550: jWeight > 0 ? ms(jWeighted / jWeight) : null,
    },
    drops: dropsByReason,
    refusedFlows,
    connectedLossRatio: sent - refusedSent > 0 ? round((lost - refusedLost) / (sent - refusedSent)) : null,
  };
  if (options.cdf) stats.latencyCdfMs = latencyCdfMs(pooled);
  return stats;
}
