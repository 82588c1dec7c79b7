import type { Sampler } from '../engine/distributions.js';
import type { SourceContext, TrafficSource } from './source.js';

/** Poisson arrivals: exponential gaps with mean 1 / rate (packets per second). */
export class PoissonSource implements TrafficSource {
  private readonly meanGap: number;

  constructor(
    private readonly ctx: SourceContext,
    rate: number,
    private readonly size: Sampler,
  ) {
    if (!(rate > 0)) throw new RangeError('poisson rate must be > 0');
    this.meanGap = 1 / rate;
  }

  start(): void {
    this.schedule(this.ctx.start);
  }

  private schedule(from: number): void {
    const t = from - this.meanGap * Math.log(1 - this.ctx.rng());
    if (t < this.ctx.stop) this.ctx.net.sim.at(t, this.emit);
  }

  private readonly emit = (): void => {
    const { net, flow } = this.ctx;
    net.inject(net.packet(flow, this.size.sample()));
    this.schedule(net.sim.now);
  };
}
