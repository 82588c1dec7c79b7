import type { EventId, Simulator } from '../engine/simulator.js';

/**
 * An open-loop traffic source (Poisson, CBR: nothing it sends depends on what the network does) as
 * a {@link SourceMerge} drives it: the time of its next packet, and a way to send that packet then.
 */
export interface OpenLoop {
  /** When its next packet leaves (Infinity: it sends no more). */
  readonly next: number;
  /** Sends the packet due at {@link next}, ahead of the clock, and moves {@link next} on. */
  emitNext(): void;
  /** From now on its packets are sent by `merge` instead of by its own events. */
  adopt(merge: SourceMerge): void;
}

/**
 * The open-loop sources of one FIFO channel that nothing else feeds (a host's access link), sending
 * ahead of the clock in time order (Network.fuse sets it up). A source's packets need no event: a
 * FIFO channel decides a packet's departure when it enters, and fused, fan-in or event-driven hops
 * downstream all take a packet whose arrival is known. One event sends every packet due before its
 * time plus {@link Network.SOURCE_AHEAD}, in (time, order) order: equal times in the order the sources
 * got them, which is the order their own events would have fired. A packet entering the channel
 * still does so at the clock or later, so the lookahead of a fan-in channel downstream holds.
 */
export class SourceMerge {
  private sources: OpenLoop[] = [];
  private times = new Float64Array(8);
  private orders = new Float64Array(8);
  private size = 0;
  private added = 0;
  /** The pending event's time (Infinity: none) and id. */
  private pendingAt = Infinity;
  private pendingId: EventId = -1;

  constructor(
    private readonly sim: Simulator,
    /** How far ahead of its event the merge sends (seconds, > 0). */
    private readonly ahead: number,
    /** Nothing is sent after this time (the end of the run). */
    private readonly horizon: number,
  ) {}

  /** Takes `source` over (its own pending event, if any, does nothing when it fires). */
  add(source: OpenLoop): void {
    source.adopt(this);
    this.push(source, source.next);
    this.arm();
  }

  private readonly onEvent = (): void => {
    this.pendingAt = Infinity;
    const before = this.sim.now + this.ahead;
    const horizon = this.horizon;
    while (this.size > 0) {
      const t = this.times[0];
      if (!(t < before && t <= horizon)) break;
      const source = this.pop();
      source.emitNext();
      this.push(source, source.next);
    }
    this.arm();
  };

  private arm(): void {
    if (this.size === 0) return;
    const t = this.times[0];
    if (t > this.horizon || t >= this.pendingAt) return;
    // An earlier event than the pending one: only when a source is added (not on the hot path).
    if (this.pendingAt !== Infinity) this.sim.cancel(this.pendingId);
    this.pendingAt = t;
    this.pendingId = this.sim.at(Math.max(t, this.sim.now), this.onEvent);
  }

  private push(source: OpenLoop, t: number): void {
    if (!(t < Infinity)) return;
    if (this.size === this.times.length) this.grow();
    const sources = this.sources;
    const times = this.times;
    const orders = this.orders;
    const o = this.added++;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const tp = times[p];
      if (tp < t || (tp === t && orders[p] < o)) break;
      sources[i] = sources[p];
      times[i] = tp;
      orders[i] = orders[p];
      i = p;
    }
    sources[i] = source;
    times[i] = t;
    orders[i] = o;
  }

  private pop(): OpenLoop {
    const sources = this.sources;
    const times = this.times;
    const orders = this.orders;
    const top = sources[0];
    const n = --this.size;
    const last = sources[n];
    const t = times[n];
    const o = orders[n];
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let tc = times[c];
      const r = c + 1;
      if (r < n) {
        const tr = times[r];
        if (tr < tc || (tr === tc && orders[r] < orders[c])) {
          c = r;
          tc = tr;
        }
      }
      if (t < tc || (t === tc && o < orders[c])) break;
      sources[i] = sources[c];
      times[i] = tc;
      orders[i] = orders[c];
      i = c;
    }
    if (n > 0) {
      sources[i] = last;
      times[i] = t;
      orders[i] = o;
    }
    return top;
  }

  private grow(): void {
    const n = this.times.length * 2;
    const times = new Float64Array(n);
    times.set(this.times);
    const orders = new Float64Array(n);
    orders.set(this.orders);
    this.times = times;
    this.orders = orders;
  }
}
