import { WindowedCounters, WINDOW_FIELDS, type Channel } from '../../net/index.js';
import type { WindowGrid } from './grid.js';

const FIELDS = WINDOW_FIELDS.length;
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
 * The link directions a time series follows: each gets counters that keep every change in the
 * window of its own time (net/windowed-counters.ts), installed before anything is counted. A
 * channel may record changes ahead of the clock (lazy FIFO departures, fused hops) or take part of
 * a stay back at a failure; keyed by their own times, the windows stay exact and add up to the
 * run's LinkStats, with nothing to sample while the run goes. Memory: directions x windows x 5
 * numbers, bounded by TIMESERIES_LIMITS.linkSamples.
 */
export class LinkSeries {
  private readonly counters: WindowedCounters[];

  constructor(
    readonly directions: readonly Direction[],
    private readonly grid: WindowGrid,
  ) {
    this.counters = directions.map((d) => {
      const c = new WindowedCounters(grid.start, grid.window, grid.count);
      d.channel.counters = c;
      return c;
    });
  }

  /** Busy seconds of direction `d` over the measured window. */
  busySeconds(d: number): number {
    return this.counters[d].busyTime;
  }

  windows(d: number, round: (x: number) => number): LinkWindows {
    const out: LinkWindows = { utilization: [], queuePackets: [], packets: [], bytes: [], drops: [] };
    const g = this.grid;
    const w = this.counters[d].windows;
    for (let k = 0; k < g.count; k++) {
      const counted = Math.min(g.at(k + 1), g.measuredEnd) - g.at(k);
      if (!(counted > 0)) {
        for (const series of Object.values(out)) series.push(null);
        continue;
      }
      const at = (field: number) => w[FIELDS * k + field];
      out.utilization.push(round(at(BUSY) / counted));
      out.queuePackets.push(round(at(QUEUE) / counted));
      out.packets.push(at(PACKETS));
      out.bytes.push(at(BYTES));
      out.drops.push(at(DROPS));
    }
    return out;
  }
}
