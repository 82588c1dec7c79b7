import { sampler, type DistributionSpec, type Sampler } from '../engine/distributions.js';
import type { Alea, Rng } from '../engine/random.js';
import { INNER, X, expZiggurat, expZigguratSlow } from './ziggurat.js';

/**
 * Work arriving at a FIFO channel without packets or events: batches of (time, size) in typed
 * arrays, taken by the channel only when it looks (a packet arrives, a counter window edge, a
 * failure), so nothing is scheduled and nothing is allocated per arrival. The channel takes
 * arrivals in time order, interleaved with its own departures, which keeps drops and link figures
 * exact. It reads the arrays in a loop of its own: a getter or a method per arrival (the first
 * design) cost a call and a boxed double per arrival (bench/RESULTS.md, round two).
 */
export interface WorkSource {
  /** Arrival times of the batch, in order; the last batch ends with Infinity. */
  readonly times: Float64Array;
  /** Their sizes in bytes. */
  readonly sizes: Float64Array;
  /** The first arrival of the batch not taken yet (the channel moves it). */
  at: number;
  /** The end of the batch: when `at` reaches it, {@link refill} draws the next one. */
  readonly end: number;
  refill(): void;
}

/** Arrivals drawn per refill: enough to amortize the call, few enough to stay in cache. */
const BATCH = 64;
/** The largest double below 1. */
const ONE_BELOW = 1 - 2 ** -53;

/** A uniform source with the generator's method: an `Alea`, or a stream function wrapped. */
export interface Uniform {
  double(): number;
}

/** A stream function as a {@link Uniform} (tests pass streams; the catalog passes generators). */
class StreamUniform implements Uniform {
  constructor(private readonly rng: Rng) {}
  double(): number {
    return this.rng();
  }
}

/** A generator as it is, a stream function wrapped: the one place either becomes a {@link Uniform}. */
export function uniformOf(rng: Rng | Alea): Uniform {
  return typeof rng === 'function' ? new StreamUniform(rng) : rng;
}

/**
 * Exponential sizes drawn from a generator by the ziggurat (ziggurat.ts: exact in distribution, a
 * table look-up instead of a logarithm), and a class the work loop recognises, so it draws them
 * inline. Through the `Sampler`
 * interface, the engine's samplers call their stream function, a different closure per stream,
 * which V8 does not inline in a loop shared by all channels: each draw then returned a boxed double
 * (measured: 6% of a hybrid run's CPU in garbage collection, bench/RESULTS.md round two).
 */
export class ExponentialSizes implements Sampler {
  /** A number from the start (see PoissonWork's fields). */
  readonly mean: number = 0.5;
  constructor(
    readonly generator: Alea,
    mean: number,
  ) {
    this.mean = mean;
  }
  sample(): number {
    return this.mean * expZiggurat(this.generator.double(), this.generator);
  }
}

/** Constant sizes the work loop recognises (no call per arrival). */
export class ConstantSizes implements Sampler {
  readonly mean: number = 0.5;
  constructor(mean: number) {
    this.mean = mean;
  }
  sample(): number {
    return this.mean;
  }
}

/**
 * Sizes of background or fluid work from a scenario quantity, drawing from `generator`: the laws of
 * the traffic package's `quantity`, in the classes the loop inlines where the law is constant or
 * exponential (exponential by the ziggurat, not the inverse transform).
 */
export function workSizes(q: number | DistributionSpec, generator: Alea): Sampler {
  if (typeof q === 'number') return new ConstantSizes(q);
  if (q.dist === 'constant') return new ConstantSizes(q.value);
  if (q.dist === 'exponential') return new ExponentialSizes(generator, q.mean);
  return sampler(q, () => generator.double());
}

/**
 * Poisson arrivals at `rate` per second from `start`, sizes from `sizes`: one channel's background,
 * or the load of a hybrid population's fluid users. Drawn BATCH at a time by a small loop of its own.
 *
 * Several such sources on one channel are one (superposition): a Poisson process at the summed rate
 * whose arrivals are of source k with probability rate_k / total, independently, and then take a size
 * from source k's law ({@link join}). Exact in distribution, and one arrival stream to take in order
 * instead of a merge across sources (which cost a scan of the sources per arrival). A source that
 * stops ({@link stop}) is thinned out: its arrivals after the stop are dropped as they are drawn,
 * which leaves the others' arrivals a Poisson process at their own rates (thinning a marked Poisson
 * process); no arrival already taken is redrawn, so a channel that has looked ahead of the clock
 * (fusion) stays consistent.
 *
 * Streams: alone, the gaps come from `rng` and the sizes from `sizes`, the gaps by the ziggurat
 * (ziggurat.ts) as the packet-level background draws them (`BackgroundTraffic`), and exponential
 * sizes by the ziggurat too (`ExponentialSizes.sample`), so both give the same arrivals. Joined, one
 * draw from the first source's `rng` gives both the gap (by the ziggurat) and the source; a source's
 * size comes from its own generator: exponential sizes by the ziggurat, constant sizes without a
 * draw, others from its sampler. Joined channels get new streams (only hybrid populations join
 * sources); single-source channels keep theirs.
 */
export class PoissonWork implements WorkSource {
  readonly times = new Float64Array(BATCH);
  readonly sizes = new Float64Array(BATCH);
  /** The source (index in {@link samplers}) of each arrival, to thin it out when it stops. */
  private readonly kinds = new Uint8Array(BATCH);
  at = 0;
  end = 0;
  // Numbers from the start (0.5: a double), so V8 keeps them double fields: `last` declared without a
  // value started as undefined, and the loop's time, read from it, was boxed at every arrival
  // (measured: 26 bytes allocated per arrival, 8% of the run in GC).
  /** The mean gap of the superposition. */
  private meanGap = 0.5;
  private readonly rates: number[];
  private readonly samplers: Sampler[];
  /** Per source: no arrival before this time (its start: a joined source may start later than the others). */
  private readonly starts: number[];
  /** Per source: no arrival at or after this time. */
  private readonly stops: number[];
  /**
   * The sources live in the stretch being drawn (started, not stopped: `live`, by index), their cumulative
   * probabilities (the last is 1), lower ends and 1 / probability, and when the stretch ends (a live source stops
   * or another starts): {@link retable}.
   */
  private live: number[] = [0];
  private cumulative: number[] = [1];
  private lower: number[] = [0];
  private inverse: number[] = [1];
  private change = Infinity;
  /** The tables no longer hold (a source joined or stopped): {@link retable} before the next draw. */
  private stale = true;
  private joined = false;
  /** The gap stream, as a generator (its method inlines where a stream function would not). */
  private readonly gaps: Uniform;
  /** Time of the last arrival drawn (or of the last restart). */
  private last = 0.5;
  /** Where a joined source's {@link stop} goes, and its index there. */
  private into: PoissonWork | null = null;
  private index = 0;

  constructor(rate: number, sizes: Sampler, rng: Rng | Alea, start: number) {
    if (!(rate > 0 && rate < Infinity)) throw new RangeError(`Poisson work rate ${rate} must be > 0 and finite`);
    this.gaps = uniformOf(rng);
    this.meanGap = 1 / rate;
    this.rates = [rate];
    this.samplers = [sizes];
    this.starts = [start];
    this.stops = [Infinity];
    this.last = start;
    this.refill();
  }

  /**
   * Adds `other`'s arrivals to this source's from `at` on (the channel is brought up to `at` and not
   * ahead of it): arrivals already drawn at or after `at` are drawn again for the superposition
   * (memoryless, so exact). `other` keeps only its start and {@link stop}, which now bound its arrivals here.
   */
  join(other: PoissonWork, at: number): void {
    if (other.into !== null || other.rates.length !== 1) throw new Error('a Poisson work source joins only once');
    if (this.into !== null) throw new Error('join into the source the others joined');
    if (this.rates.length >= 255) throw new RangeError('at most 255 Poisson work sources per channel');
    other.into = this;
    other.index = this.rates.length;
    this.rates.push(other.rates[0]);
    this.samplers.push(other.samplers[0]);
    this.starts.push(other.starts[0]);
    this.stops.push(other.stops[0]);
    this.joined = true;
    this.stale = true;
    // Keep the arrivals before `at` still to be taken; redraw from `at` on.
    let i = this.at;
    while (i < this.end && this.times[i] < at) i++;
    if (i < this.end) {
      this.end = i;
      if (this.last > at) this.last = at;
    }
    if (this.at === this.end) this.refill();
  }

  /** No arrival of this source at or after `at` (arrivals before it still come when the channel looks). */
  stop(at: number): void {
    if (this.into !== null) this.into.stopSource(this.index, at);
    else this.stopSource(0, at);
  }

  private stopSource(k: number, at: number): void {
    if (at < this.stops[k]) {
      this.stops[k] = at;
      this.stale = true;
    }
    // Thin out what the batch holds of it at or after `at`, keeping the order of the rest.
    const { times, sizes, kinds } = this;
    let j = this.at;
    for (let i = this.at; i < this.end; i++) {
      if (kinds[i] === k && times[i] >= at) continue;
      times[j] = times[i];
      sizes[j] = sizes[i];
      kinds[j++] = kinds[i];
    }
    this.end = j;
    if (this.at === this.end) this.refill();
  }

  /** Draws the next batch (a single Infinity once every source has stopped). */
  refill(): void {
    const i = this.joined ? this.drawJoined() : this.drawAlone();
    if (i < BATCH) {
      // Every source has stopped: the batch ends with Infinity, and so does every later one.
      this.times[i] = Infinity;
      this.sizes[i] = 0;
      this.last = Infinity;
    }
    this.at = 0;
    this.end = i < BATCH ? i + 1 : BATCH;
  }

  /**
   * One source: the packet-level background's draws, in its order. Returns how many were drawn.
   * {@link drawJoined} draws the same numbers for one source (u - 0 times 1 is u), but this copy
   * stays: drawJoined for every source cost about 150 more instructions per arrival (callgrind,
   * bench/background.js; bench/RESULTS.md, "FIFO admission and background, round four").
   */
  private drawAlone(): number {
    const times = this.times;
    const sizes = this.sizes;
    const meanGap = this.meanGap;
    const gaps = this.gaps;
    const stop = this.stops[0];
    const s = this.samplers[0];
    // The tables in locals: an imported binding is checked at each read.
    const inner = INNER;
    const width = X;
    let t = this.last;
    let i = 0;
    // Gaps and exponential sizes by the ziggurat, its common case inline (see drawJoined).
    if (s instanceof ExponentialSizes) {
      const g = s.generator;
      const mean = s.mean;
      // The common case in a loop without calls, left at a draw outside its layer's inner rectangle (about 1.1%
      // of draws) and at the stop; the rare draw is finished below, and the loop resumes where it was. The same
      // numbers in the same order. A loop without calls keeps the generators' and arrays' checks out of each
      // arrival (round five: bench/RESULTS.md, "Lazy background arrival cost, round five").
      let y = 0;
      let layer = 0;
      // What the inner loop left: 0 the batch is full or the source stopped, 1 a rare gap, 2 a rare size.
      let rare = 0;
      for (;;) {
        rare = 0;
        for (; i < BATCH; i++) {
          y = gaps.double() * 256;
          layer = y | 0;
          y -= layer;
          if (!(y < inner[layer])) {
            rare = 1;
            break;
          }
          t += meanGap * (y * width[layer]);
          if (t >= stop) break;
          times[i] = t;
          y = g.double() * 256;
          layer = y | 0;
          y -= layer;
          if (!(y < inner[layer])) {
            rare = 2;
            break;
          }
          sizes[i] = mean * (y * width[layer]);
        }
        if (rare === 0) break;
        if (rare === 1) {
          t += meanGap * expZigguratSlow(layer, y, gaps);
          if (t >= stop) break;
          times[i] = t;
          sizes[i] = mean * expZiggurat(g.double(), g);
        } else sizes[i] = mean * expZigguratSlow(layer, y, g);
        i++;
      }
    } else {
      for (; i < BATCH; i++) {
        let y = gaps.double() * 256;
        const layer = y | 0;
        y -= layer;
        if (y < inner[layer]) t += meanGap * (y * width[layer]);
        else t += meanGap * expZigguratSlow(layer, y, gaps);
        if (t >= stop) break;
        times[i] = t;
        sizes[i] = s instanceof ConstantSizes ? s.mean : s.sample();
      }
    }
    this.last = t;
    return i;
  }

  /**
   * Joined sources: one uniform chooses the source and, rescaled within the source's share, gives
   * the gap (given that u fell in source k's interval [c_k-1, c_k), (u - c_k-1) / p_k is uniform and
   * independent of k; a choice drawn apart cost a draw per arrival). Gaps and exponential sizes by
   * the ziggurat, its common case inline (a call returning a double boxes it).
   */
  private drawJoined(): number {
    // The tables are made again only where the superposition changes (a handful of times a run), not per batch.
    if (this.stale || this.last >= this.change) this.last = this.retable(this.last);
    let i = 0;
    while (i < BATCH && this.last < Infinity) i = this.drawStretch(i);
    return i;
  }

  /**
   * Draws from `i` on until the batch is full or the superposition changes (a source stops or starts); then
   * makes the tables for the next stretch. Memoryless, so the arrival drawn past the change is dropped and the
   * next superposition drawn from it (exact), rather than drawing stopped sources' arrivals to throw them away (a
   * hybrid population's first exchanges, five times its steady rate, stop after a second). One stretch per call,
   * its tables in constant locals: reassigned in one loop instead, they cost 10-18% more CPU time on the
   * 10,000-user hybrid run (20 s; this way 2-7%, the first exchanges' own arrivals included; three runs each).
   */
  private drawStretch(from: number): number {
    const times = this.times;
    const sizes = this.sizes;
    const kinds = this.kinds;
    const gaps = this.gaps;
    const samplers = this.samplers;
    const meanGap = this.meanGap;
    const cumulative = this.cumulative;
    const lower = this.lower;
    const inverse = this.inverse;
    const live = this.live;
    const last = cumulative.length - 1;
    const change = this.change;
    // The tables in locals: an imported binding is checked at each read.
    const inner = INNER;
    const width = X;
    let t = this.last;
    let i = from;
    while (i < BATCH) {
      const u = gaps.double();
      let j = 0;
      while (j < last && u >= cumulative[j]) j++;
      let v = (u - lower[j]) * inverse[j];
      if (v >= 1) v = ONE_BELOW;
      let y = v * 256;
      let layer = y | 0;
      y -= layer;
      // Each branch adds and stores on its own: a value merged from a call's result and a computed
      // double is boxed (measured: 48 bytes allocated per arrival, 6% of the run in GC).
      if (y < inner[layer]) t += meanGap * (y * width[layer]);
      else t += meanGap * expZigguratSlow(layer, y, gaps);
      if (t >= change) {
        this.last = this.retable(change);
        return i;
      }
      const k = live[j];
      times[i] = t;
      const s = samplers[k];
      if (s instanceof ExponentialSizes) {
        const g = s.generator;
        y = g.double() * 256;
        layer = y | 0;
        y -= layer;
        if (y < inner[layer]) sizes[i] = s.mean * (y * width[layer]);
        else sizes[i] = s.mean * expZigguratSlow(layer, y, g);
      } else if (s instanceof ConstantSizes) sizes[i] = s.mean;
      else sizes[i] = s.sample();
      kinds[i++] = k;
    }
    this.last = t;
    return i;
  }

  /**
   * The superposition from `t`: the sources live then (started, not stopped), their rates' shares, and when
   * that stretch ends. With none live, from the next start instead; returns the time drawing goes on from
   * (Infinity when no source will run again).
   */
  private retable(t: number): number {
    const { rates, starts, stops } = this;
    for (;;) {
      const live: number[] = [];
      let change = Infinity;
      let total = 0;
      for (let k = 0; k < rates.length; k++) {
        if (t < starts[k]) change = Math.min(change, starts[k]);
        else if (t < stops[k]) {
          live.push(k);
          total += rates[k];
          change = Math.min(change, stops[k]);
        }
      }
      if (live.length === 0) {
        if (change === Infinity) return Infinity;
        t = change;
        continue;
      }
      let sum = 0;
      const cumulative = live.map((k) => (sum += rates[k]) / total);
      cumulative[cumulative.length - 1] = 1;
      this.live = live;
      this.meanGap = 1 / total;
      this.cumulative = cumulative;
      this.lower = cumulative.map((_, j) => (j === 0 ? 0 : cumulative[j - 1]));
      this.inverse = cumulative.map((c, j) => 1 / (c - this.lower[j]));
      this.change = change;
      this.stale = false;
      return t;
    }
  }
}
