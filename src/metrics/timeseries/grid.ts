import { windowIndex } from '../../net/window-index.js';

/**
 * The windows of a time series: `count` windows of `window` seconds from `start` (the warmup), the
 * last one ending at `until` (the end of the drain), so every packet the run counts, delivered or
 * lost at any moment up to the end, falls in exactly one window. `measuredEnd` is where link
 * counters stop (the end of the measured window, SCENARIO-FORMAT.md).
 */
export class WindowGrid {
  readonly count: number;

  constructor(
    readonly start: number,
    readonly window: number,
    readonly until: number,
    readonly measuredEnd: number,
  ) {
    this.count = windowCount(until - start, window);
  }

  /** Start of window `k` (seconds); `k = count` gives `until`. */
  at(k: number): number {
    return k >= this.count ? this.until : this.start + k * this.window;
  }

  /** The window a moment falls in; moments at or after the last boundary go to the last window. */
  index(t: number): number {
    return windowIndex(t, this.start, this.window, this.count);
  }

  /** Length of window `k` (the last may be shorter). */
  length(k: number): number {
    return this.at(k + 1) - this.at(k);
  }
}

/**
 * Windows needed to cover `span` seconds: ceil(span / window), except that a span that is a whole
 * number of windows up to rounding (65 s of 0.1 s is 650.0000000001 windows) gets that number.
 */
export function windowCount(span: number, window: number): number {
  const x = span / window;
  const whole = Math.round(x);
  return Math.max(1, Math.abs(x - whole) <= 1e-9 * Math.max(1, x) ? whole : Math.ceil(x));
}
