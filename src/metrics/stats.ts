import { DROP_REASONS } from '../net/drop.js';
import type { PlaceDelay } from '../net/delay-ledger.js';
import type { FlowRecorder } from './flow-recorder.js';
import { latencyCdfMs } from './cdf.js';
import { LogHistogram } from './histogram.js';
import { isRefusedFlow } from './refusal.js';

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
  /**
   * Where the delay comes from (SCENARIO-FORMAT.md): means per received packet, ms, summing to
   * `latencyMs.mean` (within 1e-9 ms, the rounding of results). Absent in results from before.
   */
  delayMs?: DelayMs;
  /** The places its packets waited or were dropped, largest wait first (then drops, then name). */
  hotspots?: Hotspot[];
  /** Extension (docs/experiments.md): the latency CDF, [ms, cumulative fraction][], about 75 points; classes only. */
  latencyCdfMs?: Array<[number, number]>;
}

export interface DelayMs {
  propagation: number | null;
  serialization: number | null;
  processing: number | null;
  queueing: number | null;
}

export interface Hotspot {
  /** `<link id>/forward`, `<link id>/reverse` or `<node id>/stage`. */
  at: string;
  /** Mean wait there per received packet, ms (null: nothing received). */
  queueingMs: number | null;
  /** That wait as a fraction of `latencyMs.mean` (null: nothing received). */
  share: number | null;
  /** Packets dropped there. */
  drops: number;
}

/**
 * A flow refused admission, in the class and flow figures: it sent in the window and {@link isRefusedFlow}
 * (nothing arrived, and a tunnel or session limit refused it), the rule experience uses too. Its other
 * losses (the wire, a queue) came before the limit, which would have refused those packets as well: a
 * refused user on a lossy line is refused, not a connected user with 100% loss. (Stats used to require
 * every loss to be a refusal: the flagship's 'before' then counted 54 of its refused users' 133 flows as
 * connected, and its realtime connected loss read 7.7% for about 0.2%.) A flow admitted and later cut off
 * (its session closed) received something, so it is connected, and its loss is loss.
 */
export function refused(r: FlowRecorder): boolean {
  return r.sent > 0 && isRefusedFlow(r);
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
  options: { cdf?: boolean; places?: readonly PlaceDelay[] } = {},
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
    refusedLost = 0,
    propagation = 0,
    serialization = 0,
    processing = 0;
  const drops = new Float64Array(DROP_REASONS.length);
  const pooled = recorders.length === 1 ? recorders[0].latency : new LogHistogram();
  for (const r of recorders) {
    sent += r.sent;
    received += r.received;
    lost += r.lost;
    bytes += r.bytesReceived;
    latencySum += r.latencySum;
    propagation += r.propagationSum;
    serialization += r.serializationSum;
    processing += r.processingSum;
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
  if (options.places) {
    stats.delayMs = delayMs(stats.latencyMs.mean, received, propagation, serialization, processing);
    stats.hotspots = hotspots(options.places, received, latencySum);
  }
  if (options.cdf) stats.latencyCdfMs = latencyCdfMs(pooled);
  return stats;
}

/**
 * The fixed parts are exact sums of what each packet crossed; queueing is the rest of the mean
 * latency, taken from the rounded figures so the four add up to `latencyMs.mean` within the
 * rounding of one figure (5e-10 ms) plus double rounding: the documented 1e-9 ms.
 */
function delayMs(
  meanMs: number | null,
  received: number,
  propagation: number,
  serialization: number,
  processing: number,
): DelayMs {
  if (meanMs === null || received === 0)
    return { propagation: null, serialization: null, processing: null, queueing: null };
  const p = ms(propagation / received)!;
  const s = ms(serialization / received)!;
  const c = ms(processing / received)!;
  // round() of a float residue of an idle path may give -0; + 0 makes it 0.
  return { propagation: p, serialization: s, processing: c, queueing: round(meanMs - p - s - c) + 0 };
}

/**
 * At most this many places by wait, plus every other place that dropped some of its packets: a
 * population of a thousand home links would otherwise list a thousand sub-microsecond waits per
 * class (measured on remote-work.yaml at 160 users: 134 places for business, 2 of them above 1 ms).
 */
export const HOTSPOTS_KEPT = 10;

function hotspots(places: readonly PlaceDelay[], received: number, latencySum: number): Hotspot[] {
  return [...places]
    .sort((a, b) => b.wait - a.wait || b.drops - a.drops || (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
    .filter((p, i) => i < HOTSPOTS_KEPT || p.drops > 0)
    .map((p) => ({
      at: p.at,
      queueingMs: received > 0 ? ms(p.wait / received) : null,
      share: received > 0 && latencySum > 0 ? round(p.wait / latencySum) : null,
      drops: p.drops,
    }));
}
