import { idMap } from '../metrics/index.js';
import type { TimeseriesResult } from '../metrics/timeseries/index.js';

/** A class's packets in one phase of a run: before its first failure, while the element is down, after it is back. */
export interface PhaseFigures {
  /** Windows wholly inside the phase (and inside the measured window). */
  windows: number;
  received: number;
  lost: number;
  /** lost / (received + lost); null without packets. */
  lossRatio: number | null;
  /** Mean one-way latency of the packets received (ms); null without any. */
  latencyMeanMs: number | null;
  /** The largest window p99 of the phase (ms): how bad the worst stretch was; null without packets. */
  worstP99Ms: number | null;
}

export interface Phases {
  /** The first failure: what failed, when, and when it came back (null: not within the run). */
  failure: { label: string; down: number; up: number | null };
  classes: Record<string, { before: PhaseFigures; during: PhaseFigures; after: PhaseFigures | null }>;
}

/**
 * A run's time series cut at its first failure: per class, the windows wholly before it, wholly
 * while the element is down, and wholly after it came back (before the end of the measured window;
 * windows that straddle a boundary are left out). Null when the run records no failure.
 */
export function failurePhases(ts: TimeseriesResult): Phases | null {
  const first = ts.events.find((e) => !e.up);
  if (!first) return null;
  const label = first.link !== undefined ? `link ${first.link}` : `node ${first.node}`;
  const back = ts.events.find((e) => e.up && e.t >= first.t && e.link === first.link && e.node === first.node);
  const up = back ? back.t : null;
  const eps = ts.window * 1e-9;
  const inside = (k: number, from: number, to: number) => ts.t[k] >= from - eps && ts.t[k] + ts.window <= to + eps;
  const classes: Phases['classes'] = idMap(); // class names are ids: `__proto__` is a key like any other
  for (const [name, w] of Object.entries(ts.classes)) {
    const figures = (from: number, to: number): PhaseFigures => {
      let windows = 0,
        received = 0,
        lost = 0,
        latency = 0,
        worst: number | null = null;
      for (let k = 0; k < ts.t.length; k++) {
        if (!inside(k, from, Math.min(to, ts.end))) continue;
        windows++;
        received += w.received[k];
        lost += w.lost[k];
        if (w.latencyMeanMs[k] !== null) latency += w.latencyMeanMs[k]! * w.received[k];
        const p99 = w.latencyP99Ms[k];
        if (p99 !== null && (worst === null || p99 > worst)) worst = p99;
      }
      const all = received + lost;
      return {
        windows,
        received,
        lost,
        lossRatio: all > 0 ? lost / all : null,
        latencyMeanMs: received > 0 ? latency / received : null,
        worstP99Ms: worst,
      };
    };
    classes[name] = {
      before: figures(-Infinity, first.t),
      during: figures(first.t, up ?? Infinity),
      after: up === null ? null : figures(up, Infinity),
    };
  }
  return { failure: { label, down: first.t, up }, classes };
}
