import type { Sampler } from '../engine/distributions.js';
import type { SourceContext, TrafficSource } from './source.js';

/**
 * On/off: alternates an "on" period, during which it sends exactly like cbr (a packet at the
 * period's start, then every `interval`), and a silent "off" period. Durations are drawn per
 * period (on, then off) from the flow's stream; the first on period begins at `start`.
 * An on period of length D sends ceil(D / interval) packets.
 */
export class OnOffSource implements TrafficSource {
  /** Start and end of the current on period, and packets sent in it. */
  private periodStart = 0;
  private periodEnd = 0;
  private n = 0;

  constructor(
    private readonly ctx: SourceContext,
    private readonly interval: number,
    private readonly on: Sampler,
    private readonly off: Sampler,
    private readonly size: Sampler,
  ) {
    if (!(interval > 0)) throw new RangeError('onoff interval must be > 0');
    if (!(on.mean > 0)) throw new RangeError('onoff on-period mean must be > 0');
    if (!(off.mean >= 0)) throw new RangeError('onoff off-period mean must be >= 0');
  }

  start(): void {
    this.beginOn(this.ctx.start);
  }

  /** Starts the next on period at or after `t` that is not empty (a drawn duration can be 0). */
  private beginOn(t: number): void {
    const stop = this.ctx.stop;
    while (t < stop) {
      const end = t + this.on.sample();
      if (end > t) {
        this.periodStart = t;
        this.periodEnd = end;
        this.n = 0;
        this.ctx.net.sim.at(t, this.emit);
        return;
      }
      t = end + this.off.sample();
    }
  }

  private readonly emit = (): void => {
    const { net, flow } = this.ctx;
    net.inject(net.packet(flow, this.size.sample()));
    // start + n * interval, not an accumulated sum: no rounding drift within a period.
    const next = this.periodStart + ++this.n * this.interval;
    if (next < this.periodEnd) {
      if (next < this.ctx.stop) net.sim.at(next, this.emit);
    } else {
      this.beginOn(this.periodEnd + this.off.sample());
    }
  };
}
