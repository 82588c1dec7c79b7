import type { Rng } from '../engine/random.js';
import type { Sampler } from '../engine/distributions.js';
import type { Flow, Network, OpenLoop, SourceMerge } from '../net/index.js';
import type { SourceContext, TrafficSource } from './source.js';

/** Poisson arrivals: exponential gaps with mean 1 / rate (packets per second). */
export class PoissonSource implements TrafficSource, OpenLoop {
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

  /** When the next packet leaves (Infinity: no more). */
  next = Infinity;
  /** Set when a merge sends this source's packets (network.ts, `addOpenLoop`). */
  private merge: SourceMerge | null = null;

  start(): void {
    this.schedule(this.from);
    // Its first packet by its own event (which does nothing if a merge takes the source over).
    if (this.next < Infinity) this.net.sim.at(this.next, this.emit);
    this.net.addOpenLoop(this.flow, this);
  }

  adopt(merge: SourceMerge): void {
    this.merge = merge;
  }

  emitNext(): void {
    const net = this.net;
    const t = this.next;
    net.injectAhead(net.packet(this.flow, this.size.sample(), t));
    this.schedule(t);
  }

  private schedule(from: number): void {
    const t = from - this.meanGap * Math.log(1 - this.rng());
    this.next = t < this.stop ? t : Infinity;
  }

  private readonly emit = (): void => {
    // A merge took the source over: it sends the packet this event was for.
    if (this.merge !== null) return;
    const net = this.net;
    net.inject(net.packet(this.flow, this.size.sample()));
    this.schedule(net.sim.now);
    if (this.next < Infinity) net.sim.at(this.next, this.emit);
  };
}
