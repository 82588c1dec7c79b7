// A file of its own, without imports: metrics' WindowGrid uses it, and `netsim validate` loads
// WindowGrid but none of the channels' counters (test/cli-startup.test.ts).

/**
 * The window of `count` windows of `width` seconds from `start` that moment `t` falls in: moments before
 * the first go to the first, moments at or after the last boundary to the last. The one formula of the
 * time series (the link counters of windowed-counters.ts, and the metrics' WindowGrid that classes and
 * links share), so a packet and the link it crossed always agree on its window, edges included.
 */
export function windowIndex(t: number, start: number, width: number, count: number): number {
  const f = Math.floor((t - start) / width);
  return f < 0 ? 0 : f >= count ? count - 1 : f;
}
