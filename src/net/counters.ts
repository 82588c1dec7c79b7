/**
 * One direction's counters, gated to the measurement window [from, to) by the time each change
 * happens (not by when it is recorded): lazy channels record departures when they next look, and a
 * fused channel (network.ts, `fuse`) records its changes ahead of the clock. Every channel still
 * records its own changes in time order, which is all the time integrals (busy time, queue length)
 * need to be exact: they accumulate the part of each interval that lies inside the window.
 *
 * The window is set up front ({@link setWindow}) or by {@link open} and {@link close} at its edges.
 *
 * Two ways to feed the integrals: the running state (queue length and busy period changes, in
 * time order: {@link queueChanged}, {@link busy}, {@link idle}), or whole stays added at once as
 * intervals ({@link waited}, {@link served}), which a FIFO channel knows when it admits a packet.
 *
 * The hot methods gate by the window without a branch around their stores (adding 0 outside it: the
 * same sums, bit for bit): with a branch, nothing before the window ran the stores, V8 compiled the
 * callers without them, and every caller deoptimized when the window opened (`node --trace-deopt`:
 * "insufficient type feedback" in crossed, served, waited, queueSeen and a dozen inlining callers).
 */
/**
 * 1 if `t` is in [from, to), else 0, every comparison made whatever the outcome (no `&&`: a comparison
 * that never ran before the window has no type feedback either).
 */
export function inside(t: number, from: number, to: number): number {
  return (t >= from ? 1 : 0) & (t < to ? 1 : 0);
}

/**
 * Zero as a double (-0: adding it changes no sum, +0 included): with a small-integer 0 outside the
 * window, V8 saw only integers in the integrals' arithmetic before the window and deoptimized at it.
 */
const NOTHING = -0;

export class ChannelCounters {
  /** The window: changes at times in [from, to) count. */
  from = Infinity;
  to = Infinity;
  /** Packets and bytes that finished crossing (serialization done, not lost on the wire). */
  packets = 0;
  // The sums and times below hold doubles: they start as one (0.5, set to their value in the
  // constructor), so V8 gives the fields a double representation at once. Started as 0 (a small
  // integer), each field changed representation at its first fractional value during the run, which
  // deprecated the class's map: optimized code then met counters of the old map and deoptimized
  // (`node --trace-deopt`: "wrong map" in crossed, waited, served, queueSeen and their callers).
  bytes = 0.5;
  /** Packets dropped here for any reason (queue, wire, down). */
  drops = 0;
  busyTime = 0.5;
  queueArea = 0.5;
  /** Largest queue seen (packets waiting) in the window. */
  maxQueue = 0;
  protected queueSince = 0.5;
  protected queueLength = 0;
  protected busySince = 0.5;

  constructor() {
    this.bytes = 0;
    this.busyTime = 0;
    this.queueArea = 0;
    this.queueSince = 0;
    this.busySince = -1;
  }

  setWindow(from: number, to: number): void {
    this.from = from;
    this.to = to;
  }

  /** The window opens now (the channel is brought up to now first, so its state is current). */
  open(now: number, queueLength: number, busy: boolean): void {
    this.from = now;
    this.to = Infinity;
    this.queueSince = now;
    this.queueLength = queueLength;
    this.maxQueue = queueLength;
    this.busySince = busy ? now : -1;
  }

  /** The window closes now: the intervals still open are counted up to here. */
  close(now: number): void {
    if (now < this.to) this.to = now;
    if (this.queueSince < now) this.queueChanged(now, this.queueLength);
    if (this.busySince >= 0 && this.busySince < now) {
      this.idle(now);
      this.busySince = now;
    }
  }

  queueChanged(t: number, length: number): void {
    const from = this.from;
    const to = this.to;
    const a = this.queueSince > from ? this.queueSince : from;
    const b = t < to ? t : to;
    if (b > a) {
      this.queueArea += this.queueLength * (b - a);
      if (this.queueLength > this.maxQueue) this.maxQueue = this.queueLength;
    }
    this.queueSince = t;
    this.queueLength = length;
    if (length > this.maxQueue && t >= from && t < to) this.maxQueue = length;
  }

  busy(t: number): void {
    if (this.busySince < 0) this.busySince = t;
  }

  idle(t: number): void {
    const since = this.busySince;
    if (since < 0) return;
    this.busySince = -1;
    const a = since > this.from ? since : this.from;
    const b = t < this.to ? t : this.to;
    if (b > a) this.busyTime += b - a;
  }

  // FifoChannel.takeWork adds what waited, served, queueSeen, crossed and dropped add (k = 1) in locals of its
  // own, the same expressions: a change to them changes it too.

  /** A packet waited (not in service) over [a, b]: `k` = 1 adds it, -1 takes it back. */
  waited(a: number, b: number, k: number): void {
    this.queueArea += k * this.inWindow(a, b);
  }

  /** The server was busy over [a, b]: `k` = 1 adds it, -1 takes it back. */
  served(a: number, b: number, k: number): void {
    this.busyTime += k * this.inWindow(a, b);
  }

  /** The part of [a, b] inside the window, or NOTHING. */
  private inWindow(a: number, b: number): number {
    // The bounds read before the comparisons: `b < this.to ? b : this.to` first read `to` when the window
    // closed, and V8 deoptimized the chain then (--trace-deopt; bench/RESULTS.md, "A run's fixed cost").
    const from = this.from;
    const to = this.to;
    const lo = a > from ? a : from;
    const hi = b < to ? b : to;
    const d = hi - lo;
    return d > 0 ? d : NOTHING;
  }

  /** `length` packets were waiting at `t` (for the largest queue seen). */
  queueSeen(t: number, length: number): void {
    const max = this.maxQueue;
    this.maxQueue = (length > max ? 1 : 0) & inside(t, this.from, this.to) ? length : max;
  }

  /** {@link crossed} and {@link dropped} that can be taken back (`k` = -1). */
  crossedBy(size: number, t: number, k: number): void {
    if (t >= this.from && t < this.to) {
      this.packets += k;
      this.bytes += k * size;
    }
  }

  droppedBy(t: number, k: number): void {
    if (t >= this.from && t < this.to) this.drops += k;
  }

  crossed(size: number, t: number): void {
    const k = inside(t, this.from, this.to);
    this.packets += k;
    this.bytes += k * size;
  }

  dropped(t: number): void {
    this.drops += inside(t, this.from, this.to);
  }

  /** The window's length (NaN while it is open-ended). */
  get window(): number {
    return this.to === Infinity ? NaN : this.to - this.from;
  }

  /**
   * A copy as a plain ChannelCounters (what a subclass adds is not used by the copy's methods), for
   * a look at the counters as of a time without disturbing them (Channel.countersAt).
   */
  clone(): ChannelCounters {
    return Object.assign(new ChannelCounters(), this);
  }
}
