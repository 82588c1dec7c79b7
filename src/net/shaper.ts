/**
 * A token bucket: tokens (bytes) accrue at `rate` up to `burst`; a packet may leave when the bucket
 * holds its size. Shapes a channel's output to `rate` with bursts of at most `burst` bytes.
 */
export class TokenBucket {
  private tokens: number;
  private last = 0;
  private readonly bytesPerSecond: number;

  constructor(
    rateBps: number,
    readonly burst: number,
  ) {
    if (!(rateBps > 0) || !(burst > 0)) throw new RangeError('token bucket needs rate > 0 and burst > 0');
    this.bytesPerSecond = rateBps / 8;
    this.tokens = burst;
  }

  /** Seconds until `size` bytes conform (0: now). Does not consume. */
  wait(size: number, now: number): number {
    this.refill(now);
    const need = Math.min(size, this.burst) - this.tokens;
    return need <= 0 ? 0 : need / this.bytesPerSecond;
  }

  /** Takes `size` bytes of tokens (a packet larger than the burst empties the bucket). */
  take(size: number, now: number): void {
    this.refill(now);
    this.tokens = Math.max(0, this.tokens - size);
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.burst, this.tokens + (now - this.last) * this.bytesPerSecond);
    this.last = now;
  }
}
