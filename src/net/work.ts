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
  /** Its size in bytes. */
  readonly size: number;
  /**
   * Moves {@link next} and {@link size} to the following arrival. Fields and a void method rather
   * than a method returning the size: a double returned across a call that is not inlined is boxed
   * on the heap (measured: four allocations per background packet in the channel's loop).
   */
  pop(): void;
}

/** Arrivals drawn per refill: enough to amortize the call, few enough to stay in cache. */
const BATCH = 64;

/**
 * Poisson arrivals at `rate` per second from `start`, sizes from `sizes`. Each stream is drawn in
 * the order the packet-level background draws it (gaps: one per arrival; sizes: one per arrival),
 * so both give the same arrivals. Arrivals are drawn BATCH at a time into typed arrays by a small
 * loop of their own (the draws inline there; inside the channel's loop they did not, and each draw
 * returned a boxed double), and served one by one.
 */
export class PoissonWork implements WorkSource {
  // Numbers from the start, so V8 keeps them double fields (see Alea in random.ts).
  next = 0.5;
  size = 0.5;
  private readonly meanGap: number;
  private stopAt = Infinity;
  private readonly times = new Float64Array(BATCH);
  private readonly sizeOf = new Float64Array(BATCH);
  /** The merger serving this source with others on one channel, told when it stops. */
  merger: { refresh(): void } | null = null;
  /** The batch index of the arrival in {@link next}. */
  private at = 0;
  /** Time of the last arrival drawn. */
  private last: number;

  constructor(
    rate: number,
    private readonly sizes: Sampler,
    private readonly rng: Rng,
    start: number,
  ) {
    if (!(rate > 0 && rate < Infinity)) throw new RangeError(`Poisson work rate ${rate} must be > 0 and finite`);
    this.meanGap = 1 / rate;
    this.last = start;
    this.refill();
  }

  pop(): void {
    if (++this.at === BATCH) this.refill();
    const t = this.times[this.at];
    this.next = t < this.stopAt ? t : Infinity;
    this.size = this.sizeOf[this.at];
  }

  /** No arrival at or after `at` (arrivals before it still come when the channel looks). */
  stop(at: number): void {
    this.stopAt = at;
    if (this.next >= at) this.next = Infinity;
    this.merger?.refresh();
  }

  private refill(): void {
    const times = this.times;
    const sizeOf = this.sizeOf;
    const meanGap = this.meanGap;
    const rng = this.rng;
    const sizes = this.sizes;
    let t = this.last;
    for (let i = 0; i < BATCH; i++) {
      t -= meanGap * Math.log(1 - rng());
      times[i] = t;
      sizeOf[i] = sizes.sample();
    }
    this.last = t;
    this.at = 0;
    this.next = times[0] < this.stopAt ? times[0] : Infinity;
    this.size = sizeOf[0];
  }
}

/**
 * Several work sources on one channel (a link's own background and the load of a hybrid
 * population's fluid users): arrivals in time order across them. The earliest source is found
 * again after each pop and when a source stops on its own ({@link PoissonWork.stop} tells its
 * merger); getters that scanned the sources at every read took 15% of a hybrid run's CPU
 * (bench/RESULTS.md). Only channels carrying more than one source pay for the scan.
 */
export class MergedWork implements WorkSource {
  next = 0.5;
  size = 0.5;
  private readonly sources: WorkSource[];
  private best = 0;

  constructor(first: WorkSource, second: WorkSource) {
    this.sources = [];
    this.add(first);
    this.add(second);
  }

  add(source: WorkSource): void {
    this.sources.push(source);
    if (source instanceof PoissonWork) source.merger = this;
    this.refresh();
  }

  pop(): void {
    this.sources[this.best].pop();
    this.refresh();
  }

  /** Finds the earliest source again (the first of equal ones, so ties keep adding order). */
  refresh(): void {
    const s = this.sources;
    let best = 0;
    for (let i = 1; i < s.length; i++) if (s[i].next < s[best].next) best = i;
    this.best = best;
    this.next = s[best].next;
    this.size = s[best].size;
  }
}
