import { describe, expect, it } from 'vitest';
import {
  ClassTable,
  DrrQueue,
  FifoQueue,
  Packet,
  PriorityQueue,
  createQueue,
  type PacketQueue,
} from '../src/net/index.js';

let nextId = 0;
function pkt(size: number, cls = 0, priority = cls): Packet {
  const p = new Packet();
  p.id = nextId++;
  p.size = size;
  p.cls = cls;
  p.priority = priority;
  return p;
}

function dequeueAll(q: PacketQueue): Packet[] {
  const out: Packet[] = [];
  for (let p = q.dequeue(0); p !== undefined; p = q.dequeue(0)) out.push(p);
  return out;
}

describe('fifo', () => {
  it('serves in arrival order and tracks length and bytes', () => {
    const q = new FifoQueue({});
    const ps = [pkt(100), pkt(200), pkt(300)];
    for (const p of ps) expect(q.enqueue(p)).toBe(true);
    expect(q.length).toBe(3);
    expect(q.bytes).toBe(600);
    expect(q.dequeue()).toBe(ps[0]);
    expect(q.bytes).toBe(500);
    expect(dequeueAll(q)).toEqual([ps[1], ps[2]]);
    expect(q.length).toBe(0);
    expect(q.bytes).toBe(0);
    expect(q.dequeue()).toBeUndefined();
  });

  it('drop-tail at a packet limit', () => {
    const q = new FifoQueue({ packets: 3 });
    const results = [1, 2, 3, 4, 5].map(() => q.enqueue(pkt(1500)));
    expect(results).toEqual([true, true, true, false, false]);
    q.dequeue();
    expect(q.enqueue(pkt(1500))).toBe(true);
    expect(q.length).toBe(3);
  });

  it('drop-tail at a byte limit: a packet fits while bytes + size <= limit', () => {
    const q = new FifoQueue({ bytes: 3000 });
    expect(q.enqueue(pkt(1000))).toBe(true);
    expect(q.enqueue(pkt(1500))).toBe(true); // 2500
    expect(q.enqueue(pkt(600))).toBe(false); // 3100 > 3000
    expect(q.enqueue(pkt(500))).toBe(true); // exactly 3000
    expect(q.enqueue(pkt(1))).toBe(false);
    expect(q.bytes).toBe(3000);
  });

  it('both limits: whichever is hit first', () => {
    const q = new FifoQueue({ packets: 2, bytes: 10_000 });
    expect([pkt(100), pkt(100), pkt(100)].map((p) => q.enqueue(p))).toEqual([true, true, false]);
    const r = new FifoQueue({ packets: 10, bytes: 250 });
    expect([pkt(100), pkt(100), pkt(100)].map((p) => r.enqueue(p))).toEqual([true, true, false]);
  });

  it('unlimited accepts everything', () => {
    const q = new FifoQueue({});
    let accepted = 0;
    for (let i = 0; i < 100_000; i++) if (q.enqueue(pkt(1500))) accepted++;
    expect(accepted).toBe(100_000);
    expect(q.length).toBe(100_000);
    expect(q.bytes).toBe(150_000_000);
  });

  it('drain hands over every packet in order and empties the queue', () => {
    const q = new FifoQueue({});
    const ps = [pkt(1), pkt(2), pkt(3)];
    for (const p of ps) q.enqueue(p);
    const seen: Packet[] = [];
    q.drain((p) => seen.push(p));
    expect(seen).toEqual(ps);
    expect(q.length).toBe(0);
    expect(q.bytes).toBe(0);
    expect(q.dequeue()).toBeUndefined();
  });
});

describe('priority (strict)', () => {
  it('serves the lowest band first, fifo within a band', () => {
    const q = new PriorityQueue({}, 3);
    const bulk1 = pkt(1500, 3);
    const rt1 = pkt(200, 0);
    const biz = pkt(800, 2);
    const bulk2 = pkt(1500, 3);
    const rt2 = pkt(200, 0);
    const inter = pkt(1000, 1);
    for (const p of [bulk1, rt1, biz, bulk2, rt2, inter]) q.enqueue(p);
    expect(q.length).toBe(6);
    expect(q.bytes).toBe(5200);
    expect(dequeueAll(q)).toEqual([rt1, rt2, inter, biz, bulk1, bulk2]);
    expect(q.bytes).toBe(0);
  });

  it('a priority beyond the last band goes to the last band', () => {
    const q = new PriorityQueue({}, 1);
    const low = pkt(100, 0, 7);
    const high = pkt(100, 0, 0);
    q.enqueue(low);
    q.enqueue(high);
    expect(dequeueAll(q)).toEqual([high, low]);
  });

  it('the limit applies to each band: a full low band does not shut out a high one', () => {
    const q = new PriorityQueue({ packets: 2 }, 1);
    expect([pkt(1500, 1), pkt(1500, 1), pkt(1500, 1)].map((p) => q.enqueue(p))).toEqual([true, true, false]);
    expect([pkt(200, 0), pkt(200, 0), pkt(200, 0)].map((p) => q.enqueue(p))).toEqual([true, true, false]);
    expect(q.length).toBe(4);
    const b = new PriorityQueue({ bytes: 3000 }, 1);
    expect(b.enqueue(pkt(3000, 1))).toBe(true);
    expect(b.enqueue(pkt(1, 1))).toBe(false);
    expect(b.enqueue(pkt(3000, 0))).toBe(true);
    // Dequeuing frees room in that band only.
    b.dequeue();
    expect(b.enqueue(pkt(1, 1))).toBe(false);
    expect(b.enqueue(pkt(3000, 0))).toBe(true);
  });

  it('drain empties every band', () => {
    const q = new PriorityQueue({ packets: 1 }, 2);
    for (const c of [0, 1, 2]) q.enqueue(pkt(100, c));
    let n = 0;
    q.drain(() => n++);
    expect(n).toBe(3);
    expect(q.length).toBe(0);
    expect(q.bytes).toBe(0);
    // The per-band limits are free again.
    for (const c of [0, 1, 2]) expect(q.enqueue(pkt(100, c))).toBe(true);
  });
});

describe('drr', () => {
  it('equal sizes, weights 3:1, both backlogged: the service pattern is a,a,a,b repeating', () => {
    // Quantum 1500 for the lightest class: class 0 earns 4500 bytes (three packets) per turn.
    const q = new DrrQueue({}, [3, 1], 1500);
    for (let i = 0; i < 12; i++) {
      q.enqueue(pkt(1500, 0));
      q.enqueue(pkt(1500, 1));
    }
    const order = dequeueAll(q)
      .slice(0, 16)
      .map((p) => p.cls)
      .join('');
    expect(order).toBe('0001000100010001');
  });

  it('byte shares follow the weights with unequal packet sizes', () => {
    // Class 0 sends 1500-byte packets, class 1 sends 100-byte packets, equal weights:
    // each turn both get about 1500 bytes of service, so class 1 gets ~15 packets per class-0 packet.
    const q = new DrrQueue({}, [1, 1], 1500);
    for (let i = 0; i < 100; i++) q.enqueue(pkt(1500, 0));
    for (let i = 0; i < 1500; i++) q.enqueue(pkt(100, 1));
    const bytes = [0, 0];
    for (let i = 0; i < 80 * 16; i++) {
      const p = q.dequeue()!;
      bytes[p.cls] += p.size;
    }
    // Both backlogged throughout: shares equal within one quantum (1500 B) of the total.
    expect(Math.abs(bytes[0] - bytes[1])).toBeLessThanOrEqual(1500);
  });

  it('a packet larger than one quantum waits for credit over several turns', () => {
    const q = new DrrQueue({}, [1, 1], 500);
    const big = pkt(1400, 0);
    q.enqueue(big);
    const smalls = [pkt(500, 1), pkt(500, 1), pkt(500, 1), pkt(500, 1)];
    for (const p of smalls) q.enqueue(p);
    // Turn 1: class 0 has 500 < 1400, class 1 sends one. Turn 2: 1000 < 1400, one more.
    // Turn 3: 1500 >= 1400, the big packet goes.
    expect(dequeueAll(q)).toEqual([smalls[0], smalls[1], big, smalls[2], smalls[3]]);
  });

  it('a class that empties loses its unused credit', () => {
    const q = new DrrQueue({}, [1, 1], 1500);
    q.enqueue(pkt(100, 0)); // uses 100 of its 1500
    q.enqueue(pkt(1500, 1));
    expect(q.dequeue()!.cls).toBe(0);
    // Class 0 comes back with 1500-byte packets: had it kept 1400 bytes of credit it would
    // send two packets in its next turn; with the credit reset it sends one, then class 1 goes.
    for (let i = 0; i < 3; i++) q.enqueue(pkt(1500, 0));
    q.enqueue(pkt(1500, 1));
    expect(dequeueAll(q).map((p) => p.cls)).toEqual([1, 0, 1, 0, 0]);
  });

  it('the limit applies to each class sub-queue', () => {
    const q = new DrrQueue({ packets: 2 }, [3, 1]);
    expect([pkt(1500, 1), pkt(1500, 1), pkt(1500, 1)].map((p) => q.enqueue(p))).toEqual([true, true, false]);
    expect([pkt(1500, 0), pkt(1500, 0), pkt(1500, 0)].map((p) => q.enqueue(p))).toEqual([true, true, false]);
    expect(q.length).toBe(4);
    expect(q.bytes).toBe(6000);
    const b = new DrrQueue({ bytes: 2000 }, [1, 1]);
    expect(b.enqueue(pkt(1500, 0))).toBe(true);
    expect(b.enqueue(pkt(600, 0))).toBe(false);
    expect(b.enqueue(pkt(500, 0))).toBe(true);
    expect(b.enqueue(pkt(2000, 1))).toBe(true);
  });

  it('drain empties every class and resets credit', () => {
    const q = new DrrQueue({}, [1, 1], 1500);
    for (let i = 0; i < 5; i++) q.enqueue(pkt(1000, i % 2));
    q.dequeue();
    let n = 0;
    q.drain(() => n++);
    expect(n).toBe(4);
    expect(q.length).toBe(0);
    expect(q.bytes).toBe(0);
    expect(q.dequeue()).toBeUndefined();
    const a = pkt(1500, 1);
    q.enqueue(a);
    expect(q.dequeue()).toBe(a);
  });
});

describe('createQueue', () => {
  it('builds the discipline named in the spec, with the class table behind it', () => {
    const classes = new ClassTable([
      { name: 'hi', priority: 0, weight: 3, dscp: 46 },
      { name: 'lo', priority: 1, weight: 1, dscp: 0 },
    ]);
    expect(createQueue({ discipline: 'fifo', limit: {} }, classes)).toBeInstanceOf(FifoQueue);
    expect(createQueue({ discipline: 'priority', limit: {} }, classes)).toBeInstanceOf(PriorityQueue);
    const drr = createQueue({ discipline: 'drr', limit: {} }, classes);
    expect(drr).toBeInstanceOf(DrrQueue);
    for (let i = 0; i < 8; i++) {
      drr.enqueue(pkt(1500, 0), 0);
      drr.enqueue(pkt(1500, 1), 0);
    }
    expect(
      dequeueAll(drr)
        .slice(0, 8)
        .map((p) => p.cls)
        .join(''),
    ).toBe('00010001');
  });
});
