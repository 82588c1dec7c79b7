import fc from 'fast-check';
import FastPriorityQueue from 'fastpriorityqueue';
import { describe, expect, it } from 'vitest';
import { EventQueue, type QueuedEvent } from '../src/engine/event-queue.js';

interface Ev extends QueuedEvent {
  id: number;
}

/**
 * Drives the ladder queue and a reference (a sorted list by (time, seq)) through the same
 * operations, the way the simulator does: pop the earliest, then schedule from "now" either with
 * replaceTop (the handler's first event) or with add. Returns both pop sequences.
 */
function drive(delays: readonly number[], ops: readonly number[], initial: readonly number[]) {
  const q = new EventQueue<Ev>();
  // The reference: one heap over everything (the simulator's previous queue), on copies.
  const ref = new FastPriorityQueue<{ time: number; seq: number }>(
    (a, b) => a.time < b.time || (a.time === b.time && a.seq < b.seq),
  );
  let seq = 0;
  const make = (time: number): Ev => ({ time, seq: seq++, next: null, id: seq });
  const refAdd = (ev: Ev): void => ref.add({ time: ev.time, seq: ev.seq });
  for (const t of initial) {
    const ev = make(t);
    refAdd(ev);
    q.add(ev);
  }
  const got: number[] = [];
  const want: number[] = [];
  let d = 0;
  for (const op of ops) {
    const top = q.peek();
    if (top === undefined) {
      expect(ref.size).toBe(0);
      const ev = make(delays[d++ % delays.length]);
      refAdd(ev);
      q.add(ev);
      continue;
    }
    const expected = ref.poll()!;
    got.push(top.time, top.seq);
    want.push(expected.time, expected.seq);
    const now = top.time;
    // op: how many events the "handler" schedules (0..3), first one through replaceTop when op is odd.
    const children = op % 4;
    if (children === 0 || op >= 4) {
      q.poll();
      for (let k = 0; k < children; k++) {
        const ev = make(now + delays[d++ % delays.length]);
        refAdd(ev);
        q.add(ev);
      }
    } else {
      for (let k = 0; k < children; k++) {
        const ev = make(now + delays[d++ % delays.length]);
        refAdd(ev);
        if (k === 0) q.replaceTop(ev);
        else q.add(ev);
      }
    }
    if (q.size !== ref.size) expect(q.size).toBe(ref.size);
  }
  while (q.size > 0) {
    const ev = q.poll()!;
    const expected = ref.poll()!;
    got.push(ev.time, ev.seq);
    want.push(expected.time, expected.seq);
  }
  expect(q.poll()).toBeUndefined();
  return { got, want };
}

/** Delays that stress the bucket arithmetic: ties, zeros, tiny and huge gaps, +Infinity. */
const delay = fc.oneof(
  fc.constantFrom(0, 0, 1, 0.5, 1e-9, 1e-300, 1e6, Infinity),
  fc.double({ min: 0, max: 10, noNaN: true }),
  fc.integer({ min: 0, max: 5 }).map((k) => k * 0.1),
  fc.double({ min: 0, max: 1e-6, noNaN: true }),
);

describe('EventQueue (ladder over fastpriorityqueue)', () => {
  it('pops in exact (time, seq) order under random schedules', () => {
    fc.assert(
      fc.property(
        fc.array(delay, { minLength: 1, maxLength: 50 }),
        fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 0, maxLength: 3000 }),
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { maxLength: 400 }),
        (delays, ops, initial) => {
          const { got, want } = drive(delays, ops, initial);
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('pops in exact order when crowded buckets are split into finer rungs', () => {
    // Clusters of events make crowded buckets; short delays land inside a split bucket's range,
    // including past the last event it held (the finer rung's clamped last bucket).
    const cluster = fc.record({
      at: fc.double({ min: 0, max: 100, noNaN: true }),
      count: fc.integer({ min: 5, max: 60 }),
      spread: fc.constantFrom(0, 1e-9, 1e-3, 0.1, 1),
    });
    fc.assert(
      fc.property(
        fc.array(cluster, { minLength: 1, maxLength: 8 }),
        fc.array(fc.double({ min: 0, max: 0.5, noNaN: true }), { minLength: 1, maxLength: 20 }),
        fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 1500 }),
        (clusters, delays, ops) => {
          const initial: number[] = [];
          for (const c of clusters) for (let i = 0; i < c.count; i++) initial.push(c.at + (c.spread * i) / c.count);
          const { got, want } = drive(delays, ops, initial);
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps the order on a long hold model (rungs built, split and exhausted many times)', () => {
    let x = 12345;
    const rnd = (): number => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return (x >>> 0) / 4294967296;
    };
    const delays = Array.from({ length: 997 }, () => -Math.log(1 - rnd()));
    const initial = Array.from({ length: 2000 }, () => -Math.log(1 - rnd()) * 3);
    const ops = Array.from({ length: 100000 }, () => Math.floor(rnd() * 8));
    const { got, want } = drive(delays, ops, initial);
    expect(got.length).toBe(want.length);
    expect(got).toEqual(want);
  });

  it('handles bursts at one instant followed by sparse far-future events', () => {
    const delays = [0, 0, 0, 0, 0, 1000, 0, 0, 1e-12, 5000];
    const initial = [...Array.from({ length: 500 }, () => 0), ...Array.from({ length: 200 }, (_, i) => 1e4 + i)];
    const ops = Array.from({ length: 5000 }, (_, i) => (i * 7) % 8);
    const { got, want } = drive(delays, ops, initial);
    expect(got).toEqual(want);
  });
});
