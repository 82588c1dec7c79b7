import type { Sampler } from '../engine/distributions.js';
import type { Flow, Network, OpenLoop, SourceMerge } from '../net/index.js';
import type { SourceContext, TrafficSource } from './source.js';

/**
 * Constant bit rate: one packet every `interval` seconds from `start`, exactly (voice). Packets are
 * numbered from 0 in `seq`, as RTP numbers them: a receiver's jitter buffer reads gaps and
 * reordering from it (src/metrics/voice).
 */
export class CbrSource implements TrafficSource, OpenLoop {
  private n = 0;
  /** When the next packet leaves (Infinity: no more). */
  next = Infinity;
  /** Set when a merge sends this source's packets (network.ts, `addOpenLoop`). */
  private merge: SourceMerge | null = null;
  /** The context's fields, copied once (see PoissonSource: per-packet loads from varying shapes). */
  private readonly net: Network;
  private readonly flow: Flow;
  private readonly from: number;
  private readonly stop: number;

  constructor(
    ctx: SourceContext,
    private readonly interval: number,
    private readonly size: Sampler,
  ) {
    if (!(interval > 0)) throw new RangeError('cbr interval must be > 0');
    this.net = ctx.net;
    this.flow = ctx.flow;
    this.from = ctx.start;
    this.stop = ctx.stop;
  }

  start(): void {
    this.next = this.from < this.stop ? this.from : Infinity;
    // Its first packet by its own event (which does nothing if a merge takes the source over).
    if (this.next < Infinity) this.net.sim.at(this.next, this.emit);
    this.net.addOpenLoop(this.flow, this);
  }

  adopt(merge: SourceMerge): void {
    this.merge = merge;
  }

  emitNext(): void {
    const net = this.net;
    const pkt = net.packet(this.flow, this.size.sample(), this.next);
    pkt.seq = this.n;
    net.injectAhead(pkt);
    this.advance();
  }

  /** The i-th packet leaves at start + i * interval (no accumulated rounding drift). */
  private advance(): void {
    const next = this.from + ++this.n * this.interval;
    this.next = next < this.stop ? next : Infinity;
  }

  private readonly emit = (): void => {
    // A merge took the source over: it sends the packet this event was for.
    if (this.merge !== null) return;
    const net = this.net;
    const pkt = net.packet(this.flow, this.size.sample());
    pkt.seq = this.n;
    net.inject(pkt);
    this.advance();
    if (this.next < Infinity) net.sim.at(this.next, this.emit);
  };
}
