import { constant, lognormal, type Sampler } from '../engine/distributions.js';
import { packetCount } from './packet-count.js';
import type { SourceContext, TrafficSource } from './source.js';

/** Video parameters in base units (bits/s, frames/s, seconds, bytes). */
export interface VideoParams {
  /** Mean bit rate over a keyframe period. */
  rate: number;
  fps: number;
  /** Seconds between key frames (a group of pictures is round(fps * keyframeInterval) frames). */
  keyframeInterval: number;
  /** Mean key frame size / mean delta frame size. */
  keyframeRatio: number;
  /** Coefficient of variation of frame sizes (lognormal); 0: every frame of a kind has its mean size. */
  variability: number;
  /** Largest packet: a frame leaves as full packets of `mtu` bytes and one remainder. */
  mtu: number;
}

export const VIDEO_DEFAULTS = { fps: 30, keyframeInterval: 2, keyframeRatio: 5, variability: 0.2, mtu: 1500 } as const;

/**
 * Frame-based variable bit rate (calls, telemedicine): frame i is generated at start + i / fps;
 * every `gop`-th frame, from the first, is a key frame. The mean sizes are set so the long-run
 * rate is `rate`: with g frames per period and ratio k, a delta frame averages
 * rate / 8 / fps * g / (g - 1 + k) bytes and a key frame k times that. A frame's packets are all
 * generated at the frame's instant and leave back to back, so latency includes waiting behind the
 * rest of one's own frame, as an encoder burst does.
 */
export class VideoSource implements TrafficSource {
  private n = 0;
  private readonly period: number;
  private readonly gop: number;
  private readonly key: Sampler;
  private readonly delta: Sampler;

  constructor(
    private readonly ctx: SourceContext,
    private readonly p: VideoParams,
  ) {
    if (!(p.rate > 0)) throw new RangeError('video rate must be > 0');
    if (!(p.fps > 0)) throw new RangeError('video fps must be > 0');
    if (!(p.keyframeInterval > 0)) throw new RangeError('video keyframeInterval must be > 0');
    if (!(p.keyframeRatio >= 1)) throw new RangeError('video keyframeRatio must be >= 1');
    if (!(p.variability >= 0)) throw new RangeError('video variability must be >= 0');
    if (!(p.mtu > 0)) throw new RangeError('video mtu must be > 0');
    this.period = 1 / p.fps;
    this.gop = Math.max(1, Math.round(p.fps * p.keyframeInterval));
    const meanFrame = p.rate / 8 / p.fps;
    const deltaMean = this.gop === 1 ? meanFrame : (meanFrame * this.gop) / (this.gop - 1 + p.keyframeRatio);
    const keyMean = this.gop === 1 ? meanFrame : deltaMean * p.keyframeRatio;
    this.key = frameSizes(ctx, keyMean, p.variability);
    this.delta = frameSizes(ctx, deltaMean, p.variability);
  }

  /** Mean sizes in bytes of key and delta frames (what the rate works out to). */
  get meanFrameSizes(): { key: number; delta: number } {
    return { key: this.key.mean, delta: this.delta.mean };
  }

  start(): void {
    if (this.ctx.start < this.ctx.stop) this.ctx.net.sim.at(this.ctx.start, this.emit);
  }

  private readonly emit = (): void => {
    const { net, flow } = this.ctx;
    const size = (this.n % this.gop === 0 ? this.key : this.delta).sample();
    const mtu = this.p.mtu;
    const count = packetCount(size, mtu);
    for (let i = 1; i < count; i++) net.inject(net.packet(flow, mtu));
    net.inject(net.packet(flow, size - (count - 1) * mtu));
    const next = this.ctx.start + ++this.n * this.period;
    if (next < this.ctx.stop) net.sim.at(next, this.emit);
  };
}

function frameSizes(ctx: SourceContext, mean: number, cv: number): Sampler {
  return cv === 0 ? constant(mean) : lognormal(ctx.rng, mean, cv * mean);
}
