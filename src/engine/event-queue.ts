import { EventHeap } from './event-heap.js';

/** What the event queue orders: a time, a scheduling sequence number, and a link it owns. */
export interface QueuedEvent {
  time: number;
  seq: number;
  /** Used by the queue to chain events in a bucket; meaningless outside it. */
  next: QueuedEvent | null;
}

/** Events per bucket the first rung aims at when the next bucket is reached. */
const PER_BUCKET = 2;
/** A bucket holding more than this when reached is split into a finer rung instead of heaped. */
const SPLIT_ABOVE = 8;
/** At most this many rungs: past it a crowded bucket goes to the heap as it is. */
const MAX_RUNGS = 8;
/** Rung 0 covers this many times the span of the events it is built from. */
const SPAN = 2;
/** Fewer far-future events than this are simply heaped (a rung would not pay for itself). */
const MIN_RUNG = 64;

/**
 * The event queue: a ladder queue (Tang, Goh and Thng, 2005) whose bottom is a binary heap
 * ordered by (time, seq) ({@link EventHeap}). Only the events of the current bucket sit in the heap (one to a few), the
 * rest wait unsorted in buckets of increasing coarseness ("rungs") and in an unsorted far-future
 * list ("top"). Measured on the hold model (10k pending), the heap alone does ~2.2 M events/s,
 * limited by branch mispredictions over 13 levels; this queue keeps the heap at 1-3 events and
 * spends O(1) amortized per event on the buckets (bench/RESULTS.md).
 *
 * Exactness: a rung maps time to a bucket with `floor((t - start) * inv)`, a non-decreasing function
 * of t in floating point, so an event in a lower bucket is strictly earlier than any event in a
 * higher one, and equal times always share a bucket. Within the current bucket the heap applies the
 * full (time, seq) order. The result is the same total order as one heap over everything; the
 * simulator's trajectory fingerprint is unchanged by this structure.
 *
 * Rung 0 covers [start, start + nb / inv); later events go to top. Its bucket width comes from the
 * event rate seen in the previous epoch (events dequeued per simulated second), so that a bucket
 * holds about PER_BUCKET events by the time it is reached (buckets keep filling while they wait; the
 * ladder paper's (max - min) / n width is ln(n) times too coarse on the hold model). A deeper rung
 * splits one crowded bucket of the rung above; it clamps to its last bucket, which is still within
 * its parent bucket.
 */
export class EventQueue<T extends QueuedEvent> {
  /** Events in the queue. */
  size = 0;
  private readonly heap = new EventHeap<T>();
  /** With no rung: events with time <= heapMax go to the heap, later ones to top. */
  private heapMax = -Infinity;
  private depth = 0;
  private readonly start = new Float64Array(MAX_RUNGS);
  private readonly inv = new Float64Array(MAX_RUNGS);
  private readonly buckets = new Int32Array(MAX_RUNGS);
  /** The bucket of each rung whose events are in the heap (or in deeper rungs). */
  private readonly current = new Int32Array(MAX_RUNGS);
  private readonly heads: (T | null)[][] = [];
  private readonly counts: Int32Array[] = [];
  private top: T | null = null;
  private topCount = 0;
  private topMin = Infinity;
  /** Largest finite time in top (events at +Infinity stay in top until only they are left). */
  private topMax = -Infinity;
  /** Events per simulated second in the last epoch of rung 0 (0: unknown yet). */
  private rate = 0;
  private dequeued = 0;
  private epochDequeued = 0;

  constructor() {
    for (let r = 0; r < MAX_RUNGS; r++) {
      this.heads.push([]);
      this.counts.push(new Int32Array(0));
    }
  }

  add(ev: T): void {
    this.size++;
    this.place(ev, false);
  }

  /** The earliest event, without removing it. */
  peek(): T | undefined {
    if (this.heap.size === 0 && this.size > 0) this.refill();
    return this.heap.peek();
  }

  /** Removes and returns the earliest event. */
  poll(): T | undefined {
    if (this.heap.size === 0 && this.size > 0) this.refill();
    if (this.heap.size === 0) return undefined;
    this.size--;
    this.dequeued++;
    return this.heap.poll();
  }

  /**
   * Removes the earliest event (which must have been {@link peek}ed and not changed since) and adds
   * `ev`: one sift-down instead of a poll and an add when `ev` belongs in the heap.
   */
  replaceTop(ev: T): void {
    this.dequeued++;
    this.place(ev, true);
  }

  private place(ev: T, replacing: boolean): void {
    const t = ev.time;
    const depth = this.depth;
    if (depth === 0) {
      if (t > this.heapMax) {
        if (replacing) this.heap.poll();
        this.pushTop(ev, t);
        return;
      }
    } else {
      // Rung 0: beyond its last bucket the event goes to top.
      const x = (t - this.start[0]) * this.inv[0];
      const cur = this.current[0];
      if (x >= cur + 1) {
        if (replacing) this.heap.poll();
        const nb = this.buckets[0];
        if (x < nb) this.link(0, x | 0, ev);
        else this.pushTop(ev, t);
        return;
      }
      // Deeper rungs clamp to their last bucket (still inside the parent's current bucket).
      for (let r = 1; r < depth; r++) {
        const xr = (t - this.start[r]) * this.inv[r];
        const nb = this.buckets[r];
        const c = this.current[r];
        if (c < nb - 1 && xr >= c + 1) {
          if (replacing) this.heap.poll();
          this.link(r, xr < nb ? xr | 0 : nb - 1, ev);
          return;
        }
      }
    }
    if (replacing) this.heap.replaceTop(ev);
    else this.heap.add(ev);
  }

  private link(rung: number, bucket: number, ev: T): void {
    const heads = this.heads[rung];
    ev.next = heads[bucket];
    heads[bucket] = ev;
    this.counts[rung][bucket]++;
  }

  private pushTop(ev: T, t: number): void {
    ev.next = this.top;
    this.top = ev;
    this.topCount++;
    if (t < this.topMin) this.topMin = t;
    if (t > this.topMax && t !== Infinity) this.topMax = t;
  }

  /** Moves the next non-empty bucket into the heap, building or splitting rungs on the way. */
  private refill(): void {
    for (;;) {
      const depth = this.depth;
      if (depth === 0) {
        if (this.buildFromTop()) continue;
        return;
      }
      const r = depth - 1;
      const counts = this.counts[r];
      const nb = this.buckets[r];
      let c = this.current[r] + 1;
      while (c < nb && counts[c] === 0) c++;
      this.current[r] = c;
      if (c === nb) {
        this.depth = r;
        if (r === 0) this.endEpoch(nb);
        continue;
      }
      const heads = this.heads[r];
      let ev = heads[c];
      const n = counts[c];
      heads[c] = null;
      counts[c] = 0;
      if (n > SPLIT_ABOVE && depth < MAX_RUNGS && this.split(depth, ev as T, n)) continue;
      const heap = this.heap;
      while (ev !== null) {
        const next = ev.next as T | null;
        ev.next = null;
        heap.add(ev);
        ev = next;
      }
      return;
    }
  }

  /** Rung 0 is used up: its events per simulated second set the next bucket width. */
  private endEpoch(nb: number): void {
    this.heapMax = -Infinity;
    const span = nb / this.inv[0];
    const n = this.dequeued - this.epochDequeued;
    if (span > 0 && n > 0) this.rate = n / span;
  }

  /** Spreads top over a new rung 0 (returns true), or heaps it whole when a rung would not pay. */
  private buildFromTop(): boolean {
    const n = this.topCount;
    const min = this.topMin;
    const max = this.topMax;
    const inv = this.rate > 0 ? this.rate / PER_BUCKET : Math.ceil(n / PER_BUCKET) / (max - min);
    // Twice the span of what is in top: events scheduled while the rung is used up (a packet's
    // arrival one propagation delay ahead) land in it directly instead of going through top again.
    let nb = Math.ceil(SPAN * (max - min) * inv) + 1;
    // Cap the rung at a few buckets per event: a far-future straggler must not allocate millions.
    const cap = 2 * SPAN * n + 64;
    if (!(nb <= cap)) nb = cap;
    let ev = this.top;
    if (n < MIN_RUNG || !(max > min) || !(inv > 0 && inv < Infinity)) {
      let heapMax = -Infinity;
      while (ev !== null) {
        const next = ev.next as T | null;
        ev.next = null;
        if (ev.time > heapMax) heapMax = ev.time;
        this.heap.add(ev);
        ev = next;
      }
      this.heapMax = heapMax;
      this.clearTop();
      return false;
    }
    this.openRung(0, min, inv, nb);
    this.epochDequeued = this.dequeued;
    const heads = this.heads[0];
    const counts = this.counts[0];
    let kept: T | null = null;
    let keptCount = 0;
    let keptMin = Infinity;
    let keptMax = -Infinity;
    while (ev !== null) {
      const next = ev.next as T | null;
      const t = ev.time;
      const x = (t - min) * inv;
      if (x < nb) {
        const i = x | 0;
        ev.next = heads[i];
        heads[i] = ev;
        counts[i]++;
      } else {
        ev.next = kept;
        kept = ev;
        keptCount++;
        if (t < keptMin) keptMin = t;
        if (t > keptMax && t !== Infinity) keptMax = t;
      }
      ev = next;
    }
    this.top = kept;
    this.topCount = keptCount;
    this.topMin = keptMin;
    this.topMax = keptMax;
    this.depth = 1;
    return true;
  }

  /** Spreads a crowded bucket's `n` events (chained from `first`) over a new rung `r`. */
  private split(r: number, first: T, n: number): boolean {
    let min = Infinity;
    let max = -Infinity;
    for (let ev: T | null = first; ev !== null; ev = ev.next as T | null) {
      const t = ev.time;
      if (t < min) min = t;
      if (t > max) max = t;
    }
    const nb = n;
    const inv = nb / (max - min);
    // All at one time (or too close together to split): the caller heaps them as they are.
    if (!(max > min) || !(inv < Infinity)) return false;
    this.openRung(r, min, inv, nb);
    const heads = this.heads[r];
    const counts = this.counts[r];
    let ev: T | null = first;
    while (ev !== null) {
      const next = ev.next as T | null;
      const x = (ev.time - min) * inv;
      const i = x < nb ? x | 0 : nb - 1;
      ev.next = heads[i];
      heads[i] = ev;
      counts[i]++;
      ev = next;
    }
    this.depth = r + 1;
    return true;
  }

  private openRung(r: number, start: number, inv: number, nb: number): void {
    if (this.counts[r].length < nb) {
      const size = Math.max(nb, this.counts[r].length * 2);
      this.counts[r] = new Int32Array(size);
      this.heads[r] = new Array<T | null>(size).fill(null);
    }
    this.start[r] = start;
    this.inv[r] = inv;
    this.buckets[r] = nb;
    this.current[r] = -1;
  }

  private clearTop(): void {
    this.top = null;
    this.topCount = 0;
    this.topMin = Infinity;
    this.topMax = -Infinity;
  }
}
