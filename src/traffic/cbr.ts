import type { Sampler } from '../engine/distributions.js';
import type { SourceContext, TrafficSource } from './source.js';

/**
 * Constant bit rate: one packet every `interval` seconds from `start`, exactly (voice). Packets are
 * numbered from 0 in `seq`, as RTP numbers them: a receiver's jitter buffer reads gaps and
 * reordering from it (src/metrics/voice).
 */
export class CbrSource implements TrafficSource {
  private n = 0;

  constructor(
    private readonly ctx: SourceContext,
    private readonly interval: number,
    private readonly size: Sampler,
  ) {
    if (!(interval > 0)) throw new RangeError('cbr interval must be > 0');
  }

  start(): void {
    if (this.ctx.start < this.ctx.stop) this.ctx.net.sim.at(this.ctx.start, this.emit);
  }

  /** The i-th packet leaves at start + i * interval (no accumulated rounding drift). */
  private readonly emit = (): void => {
    const { net, flow } = this.ctx;
    const pkt = net.packet(flow, this.size.sample());
    pkt.seq = this.n;
    net.inject(pkt);
    const next = this.ctx.start + ++this.n * this.interval;
    if (next < this.ctx.stop) net.sim.at(next, this.emit);
  };
}
