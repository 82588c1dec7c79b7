import type { Packet } from './packet.js';

/**
 * Packets ordered by their arrival time `pkt.at`, then by the order they were added: equal times
 * leave in the order they came, as events scheduled in that order would fire. A binary min-heap
 * whose entries (time, order, slot) live in typed arrays; the packets stay in a slot table while
 * they wait, so a sift moves numbers only (no write barrier, no hole check per level). A pop sinks
 * the hole to a leaf with one comparison per level, then lifts the last entry into it (Floyd's
 * bottom-up heap: the last entry is late, so it rarely rises). Measured on the dumbbell's bottleneck
 * (bench/RESULTS.md, "Per-hop cost, round three"): packets in the heap and a full sift-down cost
 * about 74 instructions per level.
 */
export class ArrivalHeap {
  size = 0;
  private times = new Float64Array(16);
  private orders = new Float64Array(16);
  /** Heap position -> slot of its packet. */
  private slotAt = new Int32Array(16);
  /** Slot -> packet (null: free). */
  private pkts: (Packet | null)[] = new Array<Packet | null>(16).fill(null);
  private free = Int32Array.from({ length: 16 }, (_, i) => 15 - i);
  private nfree = 16;
  private added = 0;

  /** The earliest arrival's time (Infinity when empty). */
  get first(): number {
    return this.size > 0 ? this.times[0] : Infinity;
  }

  push(pkt: Packet): void {
    if (this.nfree === 0) this.grow();
    const slot = this.free[--this.nfree];
    this.pkts[slot] = pkt;
    this.lift(this.size++, pkt.at, this.added++, slot);
  }

  /** Removes and returns the earliest arrival (the heap must not be empty). */
  pop(): Packet {
    const times = this.times;
    const orders = this.orders;
    const slotAt = this.slotAt;
    const top = slotAt[0];
    const pkt = this.pkts[top] as Packet;
    this.pkts[top] = null;
    this.free[this.nfree++] = top;
    const n = --this.size;
    if (n === 0) return pkt;
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
    return pkt;
  }

  /** Puts the entry (t, o, slot) at hole `i` or above it, moving the later parents down. */
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

  private grow(): void {
    const old = this.times.length;
    const n = old * 2;
    const times = new Float64Array(n);
    times.set(this.times);
    const orders = new Float64Array(n);
    orders.set(this.orders);
    const slotAt = new Int32Array(n);
    slotAt.set(this.slotAt);
    this.times = times;
    this.orders = orders;
    this.slotAt = slotAt;
    for (let i = old; i < n; i++) this.pkts.push(null);
    const free = new Int32Array(n);
    // Every slot is taken when the heap grows: the new ones are free.
    for (let i = 0; i < old; i++) free[i] = n - 1 - i;
    this.free = free;
    this.nfree = old;
  }
}
