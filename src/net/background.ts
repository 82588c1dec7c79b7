import type { Rng } from '../engine/random.js';
import type { Sampler } from '../engine/distributions.js';
import type { Channel } from './channel.js';
import type { Flow } from './flow.js';
import type { Network } from './network.js';

/**
 * Unmeasured Poisson cross traffic on one channel at `load` (a fraction of its rate), sharing its
 * queue: a congested access segment or internet transit. Its packets are released right after
 * serialization (no propagation event), and are counted only in the channel's counters.
 */
export class BackgroundTraffic {
  private readonly meanGap: number;
  private stopped = false;

  constructor(
    private readonly net: Network,
    private readonly channel: Channel,
    private readonly flow: Flow,
    load: number,
    private readonly size: Sampler,
    private readonly rng: Rng,
  ) {
    if (!(load > 0 && load < 1.5)) throw new RangeError(`background load ${load} out of range (0, 1.5)`);
    const packetsPerSecond = (load * channel.spec.rate) / (8 * size.mean);
    this.meanGap = 1 / packetsPerSecond;
  }

  start(): void {
    this.net.sim.schedule(this.gap(), this.emit);
  }

  stop(): void {
    this.stopped = true;
  }

  private gap(): number {
    return -this.meanGap * Math.log(1 - this.rng());
  }

  private readonly emit = (): void => {
    if (this.stopped) return;
    const pkt = this.net.packet(this.flow, this.size.sample());
    this.channel.send(pkt);
    this.net.sim.schedule(this.gap(), this.emit);
  };
}
