import type { Rng } from '../engine/random.js';
import type { Sampler } from '../engine/distributions.js';
import type { Flow, Network } from '../net/index.js';
import type { SourceContext, TrafficSource } from './source.js';

/** Poisson arrivals: exponential gaps with mean 1 / rate (packets per second). */
export class PoissonSource implements TrafficSource {
  private readonly meanGap: number;
  /**
   * The context's fields, copied once: contexts are object literals whose shape varies with the
   * flow (a reverse flow, a window), so reading them per packet was a polymorphic load at every
   * emission of every source (bench/RESULTS.md, "Per-hop cost, round two").
   */
  private readonly net: Network;
  private readonly flow: Flow;
  private readonly rng: Rng;
  private readonly from: number;
  private readonly stop: number;

  constructor(
    ctx: SourceContext,
    rate: number,
    private readonly size: Sampler,
  ) {
    if (!(rate > 0)) throw new RangeError('poisson rate must be > 0');
    this.meanGap = 1 / rate;
    this.net = ctx.net;
    this.flow = ctx.flow;
    this.rng = ctx.rng;
    this.from = ctx.start;
    this.stop = ctx.stop;
  }

  start(): void {
    const t = this.from - this.meanGap * Math.log(1 - this.rng());
    if (t < this.stop) this.net.sim.at(t, this.emit);
  }

  /**
   * Sends a packet and schedules the next one, the gap drawn as {@link start} draws it. One method: a
   * `schedule(from)` called from here was not inlined and got the time boxed, a heap number per packet
   * (`--print-opt-code`; bench/RESULTS.md, "Dumbbell per-hop cost, round five"). Kept for that allocation:
   * it saved no instructions (230 -> 236 per hop for emission and scheduling, within the method's noise).
   */
  private readonly emit = (): void => {
    const net = this.net;
    net.inject(net.packet(this.flow, this.size.sample()));
    const t = net.sim.now - this.meanGap * Math.log(1 - this.rng());
    if (t < this.stop) net.sim.at(t, this.emit);
  };
}
