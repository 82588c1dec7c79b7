import type { Sampler } from '../engine/distributions.js';
import type { Flow, Network } from '../net/index.js';
import type { SourceContext, TrafficSource } from './source.js';

/**
 * Constant bit rate: one packet every `interval` seconds from `start`, exactly (voice). Packets are
 * numbered from 0 in `seq`, as RTP numbers them: a receiver's jitter buffer reads gaps and
 * reordering from it (src/metrics/voice).
 */
export class CbrSource implements TrafficSource {
  private n = 0;
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
    if (this.from < this.stop) this.net.sim.at(this.from, this.emit);
  }

  /** The i-th packet leaves at start + i * interval (no accumulated rounding drift). */
  private readonly emit = (): void => {
    const net = this.net;
    const pkt = net.packet(this.flow, this.size.sample());
    pkt.seq = this.n;
    net.inject(pkt);
    const next = this.from + ++this.n * this.interval;
    if (next < this.stop) net.sim.at(next, this.emit);
  };
}
