import { ChannelCounters } from './counters.js';
import { windowIndex } from './window-index.js';

/** Figures per window, in this order: busy seconds, queue packet-seconds, packets, bytes, drops. */
export const WINDOW_FIELDS = ['busySeconds', 'queueArea', 'packets', 'bytes', 'drops'] as const;
const FIELDS = WINDOW_FIELDS.length;
const [BUSY, QUEUE, PACKETS, BYTES, DROPS] = [0, 1, 2, 3, 4];

/**
 * A direction's counters that also keep every change in the time window it happened in: windows of
 * `width` seconds from `start`, `count` of them (the last takes everything after it). Each change
 * carries its own time (a crossing, a drop) or interval (a wait, a service, a queue length held),
 * and those times are what the measurement window itself is gated by (counters.ts): so a lazy or
 * fused channel that records changes ahead of the clock, or takes back part of a stay at a
 * failure, puts each in its right window, and the windows add up to the totals. Counts are exact;
 * the time integrals are split at window edges (exact up to rounding). Memory: 5 numbers per window.
 */
export class WindowedCounters extends ChannelCounters {
  /** Window k's figures at [FIELDS * k, FIELDS * k + FIELDS), in {@link WINDOW_FIELDS} order. */
  readonly windows: Float64Array;
  /**
   * The window last found and its edges: most changes fall in the current window, and the division
   * of the general case cost 4% of a flagship run's CPU in a profile (bench/RESULTS.md, Time series).
   */
  private current = 0;
  private lo = -Infinity;
  private hi = -Infinity;

  constructor(
    private readonly start: number,
    private readonly width: number,
    private readonly count: number,
  ) {
    super();
    this.windows = new Float64Array(FIELDS * count);
  }

  private index(t: number): number {
    if (t >= this.lo && t < this.hi) return this.current;
    const i = windowIndex(t, this.start, this.width, this.count);
    this.current = i;
    this.lo = i === 0 ? -Infinity : this.start + i * this.width;
    this.hi = i === this.count - 1 ? Infinity : this.start + (i + 1) * this.width;
    return i;
  }

  /** Adds `k` per second over [a, b] clipped to the measurement window, split at window edges. */
  private spread(field: number, a: number, b: number, k: number): void {
    // The bounds in locals, as ChannelCounters.inWindow reads them (a deopt when the window closed).
    const from = this.from;
    const to = this.to;
    const lo = a > from ? a : from;
    const hi = b < to ? b : to;
    if (!(hi > lo) || k === 0) return;
    const w = this.windows;
    const last = this.index(hi);
    let t = lo;
    for (let i = this.index(lo); i <= last; i++) {
      const edge = i === last ? hi : Math.min(hi, this.start + (i + 1) * this.width);
      // An edge one ulp behind `t` (rounding of start + i * width) adds nothing and does not move t back.
      if (edge > t) {
        w[FIELDS * i + field] += k * (edge - t);
        t = edge;
      }
    }
  }

  private at(field: number, t: number, k: number): void {
    if (t >= this.from && t < this.to) this.windows[FIELDS * this.index(t) + field] += k;
  }

  override queueChanged(t: number, length: number): void {
    this.spread(QUEUE, this.queueSince, t, this.queueLength);
    super.queueChanged(t, length);
  }

  override idle(t: number): void {
    if (this.busySince >= 0) this.spread(BUSY, this.busySince, t, 1);
    super.idle(t);
  }

  override waited(a: number, b: number, k: number): void {
    this.spread(QUEUE, a, b, k);
    super.waited(a, b, k);
  }

  override served(a: number, b: number, k: number): void {
    this.spread(BUSY, a, b, k);
    super.served(a, b, k);
  }

  override crossedBy(size: number, t: number, k: number): void {
    this.at(PACKETS, t, k);
    this.at(BYTES, t, k * size);
    super.crossedBy(size, t, k);
  }

  override droppedBy(t: number, k: number): void {
    this.at(DROPS, t, k);
    super.droppedBy(t, k);
  }

  override crossed(size: number, t: number): void {
    this.at(PACKETS, t, 1);
    this.at(BYTES, t, size);
    super.crossed(size, t);
  }

  override dropped(t: number): void {
    this.at(DROPS, t, 1);
    super.dropped(t);
  }
}
