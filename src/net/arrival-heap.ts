import type { Packet } from './packet.js';

/** How far back from the tail {@link ArrivalHeap.push} looks for a packet's place in the sorted run. */
const SCAN = 16;

/**
 * Packets ordered by their arrival time `pkt.at`, then by the order they were added: equal times
 * leave in the order they came, as events scheduled in that order would fire.
 *
 * Two parts, merged at every pop by time (ties go to the run: see runFirst): a **sorted run** (a ring in time
 * order) and a binary min-heap. Feeders hand packets over nearly in time order (each hands its own in order, and
 * they differ by their queue and serialization times), so a packet usually belongs at or near the tail of the run:
 * it goes there when its place is within {@link SCAN} entries of the tail (the later ones move up one), and into
 * the heap otherwise (feeders whose delays differ widely). A pop from the run is a ring shift instead of a sift
 * down the heap. Measured on the dumbbell's bottleneck (bench/RESULTS.md, "Dumbbell per-hop cost, round five"):
 * about 75 packets waiting, a new one 2.4 places from the tail on average and more than 16 places for 0.2% of them;
 * the heap's pop sank about 5 levels at about 53 instructions each (every typed-array access re-checks its map,
 * length and base).
 *
 * The heap keeps its entries (time, order, slot) in typed arrays and the packets in a slot table, so
 * a sift moves numbers only (no write barrier, no hole check per level); a pop sinks the hole to a
 * leaf with one comparison per level, then lifts the last entry into it (Floyd's bottom-up heap).
 */
export class ArrivalHeap {
  /** Packets waiting, in both parts. */
  size = 0;
  /**
   * The run: a ring of `runN` entries (time, slot) from `runHead`, in (time, order) order. Its entries
   * need no order of their own: see {@link runFirst}.
   */
  private runTimes = new Float64Array(16);
  private runSlots = new Int32Array(16);
  private runHead = 0;
  private runN = 0;
  private runMask = 15;
  /** The heap: `heapN` entries (time, order, slot). */
  private heapN = 0;
  private times = new Float64Array(16);
  private orders = new Float64Array(16);
  /** Heap position -> slot of its packet. */
  private slotAt = new Int32Array(16);
  /** Slot -> packet (null: free), for both parts: entries move numbers only. */
  private pkts: (Packet | null)[] = new Array<Packet | null>(16).fill(null);
  private free = Int32Array.from({ length: 16 }, (_, i) => 15 - i);
  private nfree = 16;
  private added = 0;

  /** The earliest arrival's time (Infinity when empty). */
  get first(): number {
    const r = this.runN > 0 ? this.runTimes[this.runHead] : Infinity;
    const h = this.heapN > 0 ? this.times[0] : Infinity;
    return r < h ? r : h;
  }

  /**
   * Whether the earliest arrival is before `t`. A boolean, for the take loop: the number {@link first}
   * returns was boxed there (a heap number per arrival, `--print-opt-code`).
   */
  firstBefore(t: number): boolean {
    return (this.runN > 0 && this.runTimes[this.runHead] < t) || (this.heapN > 0 && this.times[0] < t);
  }

  push(pkt: Packet): void {
    const t = pkt.at;
    const o = this.added++;
    this.size++;
    if (this.nfree === 0) this.grow();
    const slot = this.free[--this.nfree];
    this.pkts[slot] = pkt;
    let n = this.runN;
    if (n > this.runMask) {
      this.growRun();
      n = this.runN;
    }
    const times = this.runTimes;
    const slots = this.runSlots;
    const mask = this.runMask;
    const head = this.runHead;
    // Its place: after every entry at or before t (equal times keep the order they came in). Insertion
    // from the tail: each later entry moves up one as it is passed.
    const stop = n > SCAN ? n - SCAN : 0;
    let k = n;
    while (k > 0) {
      const from = (head + k - 1) & mask;
      const tf = times[from];
      if (tf <= t) break;
      if (k === stop) {
        // Too far back: the entries passed move back down, and the heap takes it.
        for (let i = k; i < n; i++) {
          const to = (head + i) & mask;
          const up = (head + i + 1) & mask;
          times[to] = times[up];
          slots[to] = slots[up];
        }
        this.lift(this.heapN++, t, o, slot);
        return;
      }
      const to = (head + k) & mask;
      times[to] = tf;
      slots[to] = slots[from];
      k--;
    }
    const at = (head + k) & mask;
    times[at] = t;
    slots[at] = slot;
    this.runN = n + 1;
  }

  /** Removes and returns the earliest arrival (there must be one). */
  pop(): Packet {
    this.size--;
    const n = this.runN;
    const head = this.runHead;
    let slot: number;
    if (n > 0 && (this.heapN === 0 || this.runFirst(head))) {
      slot = this.runSlots[head];
      this.runHead = (head + 1) & this.runMask;
      this.runN = n - 1;
    } else slot = this.popHeap();
    const pkt = this.pkts[slot] as Packet;
    this.pkts[slot] = null;
    this.free[this.nfree++] = slot;
    return pkt;
  }

  /**
   * Whether the run's head (at `head`) comes before the heap's top (both have entries). At equal times
   * the run's entry came first: a packet at t goes to the heap only past more than SCAN run entries
   * later than t, which cannot leave before it, so every later packet at t goes to the heap too.
   */
  private runFirst(head: number): boolean {
    return this.runTimes[head] <= this.times[0];
  }

  /** Takes the heap's top off and returns its slot. */
  private popHeap(): number {
    const times = this.times;
    const orders = this.orders;
    const slotAt = this.slotAt;
    const top = slotAt[0];
    const n = --this.heapN;
    if (n === 0) return top;
    // Sink the hole at the root to a leaf along the smaller children.
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n) {
        const tr = times[r];
        const tc = times[c];
        if (tr < tc || (tr === tc && orders[r] < orders[c])) c = r;
      }
      times[i] = times[c];
      orders[i] = orders[c];
      slotAt[i] = slotAt[c];
      i = c;
    }
    // Lift the last entry from there.
    this.lift(i, times[n], orders[n], slotAt[n]);
    return top;
  }

  /** Puts the heap entry (t, o, slot) at hole `i` or above it, moving the later parents down. */
  private lift(i: number, t: number, o: number, slot: number): void {
    const times = this.times;
    const orders = this.orders;
    const slotAt = this.slotAt;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const tp = times[p];
      if (tp < t || (tp === t && orders[p] < o)) break;
      times[i] = tp;
      orders[i] = orders[p];
      slotAt[i] = slotAt[p];
      i = p;
    }
    times[i] = t;
    orders[i] = o;
    slotAt[i] = slot;
  }

  /** Doubles the run's ring, its entries moved to the front in order. */
  private growRun(): void {
    const n = this.runN;
    const cap = 2 * (this.runMask + 1);
    const times = new Float64Array(cap);
    const slots = new Int32Array(cap);
    for (let i = 0; i < n; i++) {
      const j = (this.runHead + i) & this.runMask;
      times[i] = this.runTimes[j];
      slots[i] = this.runSlots[j];
    }
    this.runTimes = times;
    this.runSlots = slots;
    this.runHead = 0;
    this.runMask = cap - 1;
  }

  /** Doubles the slots and the heap (every slot is taken when it is called). */
  private grow(): void {
    const old = this.pkts.length;
    const n = old * 2;
    for (let i = old; i < n; i++) this.pkts.push(null);
    const free = new Int32Array(n);
    for (let i = 0; i < old; i++) free[i] = n - 1 - i;
    this.free = free;
    this.nfree = old;
    const times = new Float64Array(n);
    times.set(this.times);
    const orders = new Float64Array(n);
    orders.set(this.orders);
    const slotAt = new Int32Array(n);
    slotAt.set(this.slotAt);
    this.times = times;
    this.orders = orders;
    this.slotAt = slotAt;
  }
}
