/**
 * A latency histogram with bounded *relative* error (the DDSketch construction: logarithmic
 * buckets of ratio gamma = (1 + a) / (1 - a), a = 0.5%). Any percentile it reports is within 0.5% of
 * a value of the recorded sample at that rank. Chosen over hdr-histogram-js after measuring it here:
 * 3.2 M records/s and 20 KB per histogram (2 significant digits, 1 ns .. 1 h), which is ~1 GB for
 * the 50k flows of a 10k-user population; this one records at memory speed and holds only the
 * buckets between the smallest and largest value seen (a few KB for a flow's latencies).
 */
export class LogHistogram {
  static readonly relativeError = 0.005;
  private static readonly gamma = (1 + LogHistogram.relativeError) / (1 - LogHistogram.relativeError);
  private static readonly logGamma = Math.log(LogHistogram.gamma);
  /** Values below this (seconds) count in the zero bucket. */
  private static readonly floor = 1e-12;

  private counts = new Float64Array(0);
  /** Bucket index of counts[0]. */
  private offset = 0;
  private zeros = 0;
  count = 0;
  min = Infinity;
  max = -Infinity;

  record(value: number): void {
    this.count++;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (value < LogHistogram.floor) {
      this.zeros++;
      return;
    }
    const index = Math.ceil(Math.log(value) / LogHistogram.logGamma);
    let slot = index - this.offset;
    if (slot < 0 || slot >= this.counts.length) slot = this.grow(index);
    this.counts[slot]++;
  }

  /** The value at quantile q in [0, 1] (nearest rank), or NaN when empty. */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    if (rank <= this.zeros) return this.min;
    let seen = this.zeros;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i];
      if (seen >= rank) {
        const estimate = (2 * Math.pow(LogHistogram.gamma, i + this.offset)) / (LogHistogram.gamma + 1);
        return Math.min(this.max, Math.max(this.min, estimate));
      }
    }
    return this.max;
  }

  /** Adds another histogram's counts into this one. */
  merge(other: LogHistogram): void {
    if (other.count === 0) return;
    this.count += other.count;
    this.zeros += other.zeros;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    for (let i = 0; i < other.counts.length; i++) {
      const c = other.counts[i];
      if (c === 0) continue;
      const index = i + other.offset;
      let slot = index - this.offset;
      if (slot < 0 || slot >= this.counts.length) slot = this.grow(index);
      this.counts[slot] += c;
    }
  }

  /** Bucket boundaries and counts, e.g. for a CDF plot: [upper bound in seconds, count][]. */
  buckets(): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    if (this.zeros > 0) out.push([LogHistogram.floor, this.zeros]);
    for (let i = 0; i < this.counts.length; i++) {
      if (this.counts[i] > 0) out.push([Math.pow(LogHistogram.gamma, i + this.offset), this.counts[i]]);
    }
    return out;
  }

  /** Makes room for `index`, growing geometrically on the side it falls; returns its slot. */
  private grow(index: number): number {
    if (this.counts.length === 0) {
      this.counts = new Float64Array(64);
      this.offset = index - 32;
      return index - this.offset;
    }
    const lo = Math.min(this.offset, index);
    const hi = Math.max(this.offset + this.counts.length - 1, index);
    const needed = hi - lo + 1;
    const size = Math.max(needed, this.counts.length * 2);
    const extraBelow = index < this.offset ? size - needed : 0;
    const next = new Float64Array(size);
    const newOffset = lo - extraBelow;
    next.set(this.counts, this.offset - newOffset);
    this.counts = next;
    this.offset = newOffset;
    return index - newOffset;
  }
}
