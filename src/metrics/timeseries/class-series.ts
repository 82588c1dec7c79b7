import { LogHistogram } from '../histogram.js';
import type { WindowGrid } from './grid.js';

/**
 * One class's packets per window, keyed by each packet's own delivery (or drop) timestamp, never by
 * reading the clock: a model that delivers packets ahead of the clock still puts each in its window.
 * Counts and sums are per window (exact: they add up to the run's totals); p99 comes from one
 * histogram per window, kept only while the window may still receive packets (see {@link settle}).
 */
export class ClassSeries {
  readonly received: Float64Array;
  readonly bytes: Float64Array;
  readonly latencySum: Float64Array;
  readonly lost: Float64Array;
  readonly p99: Float64Array;
  private readonly open = new Map<number, LogHistogram>();
  /** The histogram of the window last written: consecutive deliveries almost always share one. */
  private lastIndex = -1;
  private last: LogHistogram | null = null;
  private lo = Infinity;
  private hi = -Infinity;

  constructor(private readonly grid: WindowGrid) {
    const n = grid.count;
    this.received = new Float64Array(n);
    this.bytes = new Float64Array(n);
    this.latencySum = new Float64Array(n);
    this.lost = new Float64Array(n);
    this.p99 = new Float64Array(n).fill(NaN);
  }

  /** A counted packet delivered at `at` after `latency` seconds. */
  delivered(at: number, size: number, latency: number): void {
    // The window of the last delivery, without the division, when this one falls in it too.
    const i = at >= this.lo && at < this.hi ? this.lastIndex : this.locate(at);
    this.received[i]++;
    this.bytes[i] += size;
    this.latencySum[i] += latency;
    this.last!.record(latency);
  }

  /** Finds `at`'s window and keeps its edges and histogram for the next deliveries. */
  private locate(at: number): number {
    const g = this.grid;
    const i = g.index(at);
    this.lo = i === 0 ? -Infinity : g.at(i);
    this.hi = i === g.count - 1 ? Infinity : g.at(i + 1);
    let h = this.open.get(i) ?? null;
    if (h === null) this.open.set(i, (h = new LogHistogram()));
    this.lastIndex = i;
    this.last = h;
    return i;
  }

  /** A counted packet dropped at `at`. */
  dropped(at: number): void {
    this.lost[this.grid.index(at)]++;
  }

  /**
   * Computes p99 of the windows before `k` and frees their histograms. Called one window behind the
   * clock (see TimeseriesRecorder), so a delivery at a boundary's exact time, or a window index off
   * by one ulp there, still finds its window open.
   */
  settle(k: number): void {
    for (const [i, h] of this.open) {
      if (i >= k) continue;
      this.p99[i] = h.quantile(0.99);
      this.open.delete(i);
      // Settled: a (late) delivery in it must look its window up again, and gets a new histogram.
      if (i === this.lastIndex) {
        this.last = null;
        this.lo = Infinity;
        this.hi = -Infinity;
      }
    }
  }
}
