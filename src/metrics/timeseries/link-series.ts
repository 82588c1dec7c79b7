import { USAGE_FIELDS, type Channel } from '../../net/index.js';
import type { WindowGrid } from './grid.js';

const FIELDS = USAGE_FIELDS.length;
const [BUSY, QUEUE, PACKETS, BYTES, DROPS] = [0, 1, 2, 3, 4];

/** A link direction as results name it: `<link id>/forward` or `<link id>/reverse`. */
export interface Direction {
  key: string;
  channel: Channel;
}

/** One link direction's windows (null where the window lies after the measured window: counters stop there). */
export interface LinkWindows {
  utilization: Array<number | null>;
  queuePackets: Array<number | null>;
  packets: Array<number | null>;
  bytes: Array<number | null>;
  drops: Array<number | null>;
}

/**
 * Link directions sampled at every window boundary, from one scheduled event per boundary (not per
 * packet): each direction's cumulative counters (Channel.usageAt) at boundaries 0..count, so a
 * window's figures are differences of two samples, and they add up to the run's LinkStats exactly.
 * Memory: directions x (windows + 1) x 5 numbers, bounded by TIMESERIES_LIMITS.linkSamples.
 */
export class LinkSeries {
  private readonly samples: Float64Array;

  constructor(
    readonly directions: readonly Direction[],
    private readonly grid: WindowGrid,
  ) {
    // Boundary 0 is the start of the measured window, where every counter is 0.
    this.samples = new Float64Array((grid.count + 1) * directions.length * FIELDS);
  }

  /** Samples every direction at boundary `k` (time `t`). */
  sample(k: number, t: number): void {
    const base = k * this.directions.length;
    for (let d = 0; d < this.directions.length; d++)
      this.directions[d].channel.usageAt(t, this.samples, (base + d) * FIELDS);
  }

  /** Busy seconds of direction `d` over the whole series (its last sample). */
  busySeconds(d: number): number {
    return this.samples[(this.grid.count * this.directions.length + d) * FIELDS + BUSY];
  }

  windows(d: number, round: (x: number) => number): LinkWindows {
    const out: LinkWindows = { utilization: [], queuePackets: [], packets: [], bytes: [], drops: [] };
    const g = this.grid;
    const at = (k: number, field: number) => this.samples[(k * this.directions.length + d) * FIELDS + field];
    for (let k = 0; k < g.count; k++) {
      const counted = Math.min(g.at(k + 1), g.measuredEnd) - g.at(k);
      if (!(counted > 0)) {
        for (const series of Object.values(out)) series.push(null);
        continue;
      }
      const diff = (field: number) => at(k + 1, field) - at(k, field);
      out.utilization.push(round(diff(BUSY) / counted));
      out.queuePackets.push(round(diff(QUEUE) / counted));
      out.packets.push(diff(PACKETS));
      out.bytes.push(diff(BYTES));
      out.drops.push(diff(DROPS));
    }
    return out;
  }
}
