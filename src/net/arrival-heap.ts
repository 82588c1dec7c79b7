import type { Packet } from './packet.js';

/**
 * Packets ordered by their arrival time `pkt.at`, then by the order they were added: a binary
 * min-heap on parallel arrays (times and orders in typed arrays, so a sift compares doubles without
 * loading the packets). Equal times leave in the order they came, as events scheduled in that order
 * would fire.
 */
export class ArrivalHeap {
  size = 0;
  private pkts: (Packet | undefined)[] = new Array<Packet | undefined>(16).fill(undefined);
  private times = new Float64Array(16);
  private orders = new Float64Array(16);
  private added = 0;

  /** The earliest arrival's time (Infinity when empty). */
  get first(): number {
    return this.size > 0 ? this.times[0] : Infinity;
  }

  push(pkt: Packet): void {
    if (this.size === this.times.length) this.grow();
    const pkts = this.pkts;
    const times = this.times;
    const orders = this.orders;
    const t = pkt.at;
    const o = this.added++;
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const tp = times[p];
      if (tp < t || (tp === t && orders[p] < o)) break;
      pkts[i] = pkts[p];
      times[i] = tp;
      orders[i] = orders[p];
      i = p;
    }
    pkts[i] = pkt;
    times[i] = t;
    orders[i] = o;
  }

  /** Removes and returns the earliest arrival (the heap must not be empty). */
  pop(): Packet {
    const pkts = this.pkts;
    const times = this.times;
    const orders = this.orders;
    const top = pkts[0] as Packet;
    const n = --this.size;
    const last = pkts[n] as Packet;
    const t = times[n];
    const o = orders[n];
    pkts[n] = undefined;
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
      pkts[i] = pkts[c];
      times[i] = tc;
      orders[i] = orders[c];
      i = c;
    }
    if (n > 0) {
      pkts[i] = last;
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
    for (let i = this.pkts.length; i < n; i++) this.pkts.push(undefined);
  }
}
