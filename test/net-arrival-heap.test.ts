import { describe, expect, it } from 'vitest';
import { Alea } from '../src/engine/random.js';
import { ArrivalHeap } from '../src/net/arrival-heap.js';
import { Packet } from '../src/net/packet.js';

/**
 * The fan-in channel's arrival heap (channel-queued.ts) must give packets back by (arrival time, the
 * order they were added), whatever the interleaving of pushes and pops: the order their arrival
 * events would have fired. Checked against a sort of the same packets, with many equal times.
 */
/** The reference: the packets waiting, given back by (time, the order they were added), by a sort. */
class ByArrival {
  private readonly waiting: { pkt: Packet; order: number }[] = [];
  added = 0;

  get size(): number {
    return this.waiting.length;
  }

  add(pkt: Packet): void {
    this.waiting.push({ pkt, order: this.added++ });
  }

  take(): Packet {
    this.sort();
    return this.waiting.shift()!.pkt;
  }

  rest(): Packet[] {
    this.sort();
    return this.waiting.splice(0).map((w) => w.pkt);
  }

  private sort(): void {
    this.waiting.sort((a, b) => a.pkt.at - b.pkt.at || a.order - b.order);
  }
}

describe('ArrivalHeap', () => {
  it('pops by time, equal times in push order, through growth and interleaved pushes', () => {
    const rng = new Alea('arrival-heap');
    const heap = new ArrivalHeap();
    const waiting = new ByArrival();
    let popped = 0;
    let largest = 0;
    for (let step = 0; step < 20_000; step++) {
      if (waiting.size === 0 || rng.double() < 0.55) {
        const pkt = new Packet();
        // Times on a coarse grid (many ties), some far ahead (the heap grows past 1000 entries).
        pkt.at = Math.floor(rng.double() * 50) / 10 + (rng.double() < 0.1 ? 100 : 0);
        pkt.id = waiting.added;
        heap.push(pkt);
        waiting.add(pkt);
      } else {
        const want = waiting.take();
        expect(heap.first).toBe(want.at);
        expect(heap.pop()).toBe(want);
        popped++;
      }
      expect(heap.size).toBe(waiting.size);
      largest = Math.max(largest, heap.size);
    }
    expect(popped).toBeGreaterThan(5000);
    expect(largest, 'the heap grew past its first 1000 entries').toBeGreaterThan(1000);
    for (const pkt of waiting.rest()) expect(heap.pop()).toBe(pkt);
    expect(heap.first).toBe(Infinity);
  });
  it('merges the sorted run and the heap: nearly ordered arrivals, some far back, ties across both', () => {
    // As feeders hand packets over: a clock that moves on, each arrival a little after it (on a grid:
    // ties), 5% of them far behind the latest (more than the run's scan: they go to the heap).
    const rng = new Alea('arrival-run');
    const heap = new ArrivalHeap();
    const waiting = new ByArrival();
    let clock = 0;
    for (let step = 0; step < 20_000; step++) {
      if (waiting.size < 40 || rng.double() < 0.5) {
        clock += rng.double() * 0.01;
        const pkt = new Packet();
        const back = rng.double() < 0.05 ? 0.5 : 0;
        pkt.at = Math.round((clock + 1 - back + rng.double() * 0.05) * 100) / 100;
        heap.push(pkt);
        waiting.add(pkt);
      } else {
        const want = waiting.take();
        expect(heap.first).toBe(want.at);
        expect(heap.firstBefore(want.at)).toBe(false);
        expect(heap.firstBefore(want.at + 1e-9)).toBe(true);
        expect(heap.pop()).toBe(want);
      }
      expect(heap.size).toBe(waiting.size);
    }
    for (const pkt of waiting.rest()) expect(heap.pop()).toBe(pkt);
    expect(heap.firstBefore(Infinity)).toBe(false);
  });
});
