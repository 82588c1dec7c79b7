import type { Sampler } from '../engine/distributions.js';
import type { Rng } from '../engine/random.js';

/**
 * Work arriving at a FIFO channel without packets or events: a sequence of (time, size) pulled by
 * the channel only when it looks (a packet arrives, a counter window edge, a failure), so nothing
 * is scheduled and nothing is allocated per arrival. The channel takes arrivals in time order,
 * interleaved with its own departures, which keeps drops and link figures exact.
 *
 * Unmeasured background traffic is one; the aggregate load of users carried without packets can be
 * another (a superposition of Poisson sources is a Poisson source with the summed rate and the
 * rate-weighted size mix).
 */
export interface WorkSource {
  /** Time of the next arrival; Infinity when there is none (any more). */
  readonly next: number;
  /** Takes the arrival at {@link next}: returns its size in bytes and moves {@link next} on. */
  take(): number;
}

/**
 * Poisson arrivals at `rate` per second from `start`, sizes from `sizes`. Draws in the order the
 * packet-level background does (first gap; then per arrival its size, then the next gap), from the
 * same streams, so both give the same arrivals.
 */
export class PoissonWork implements WorkSource {
  next: number;
  private readonly meanGap: number;
  private stopAt = Infinity;

  constructor(
    rate: number,
    private readonly sizes: Sampler,
    private readonly rng: Rng,
    start: number,
  ) {
    if (!(rate > 0 && rate < Infinity)) throw new RangeError(`Poisson work rate ${rate} must be > 0 and finite`);
    this.meanGap = 1 / rate;
    this.next = start + this.gap();
  }

  take(): number {
    const size = this.sizes.sample();
    const t = this.next + this.gap();
    this.next = t < this.stopAt ? t : Infinity;
    return size;
  }

  /** No arrival at or after `at` (arrivals before it still come when the channel looks). */
  stop(at: number): void {
    this.stopAt = at;
    if (this.next >= at) this.next = Infinity;
  }

  private gap(): number {
    return -this.meanGap * Math.log(1 - this.rng());
  }
}
