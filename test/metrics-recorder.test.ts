import { describe, expect, it } from 'vitest';
import { DropReason, Packet } from '../src/net/index.js';
import { FlowRecorder, judgeSla, summarize, type Stats } from '../src/metrics/index.js';

const WINDOW = { start: 10, end: 20 };

function packet(created: number, size = 100): Packet {
  const p = new Packet();
  p.created = created;
  p.size = size;
  return p;
}

/** Sends and receives packets created at `created[i]` after `transit[i]` seconds. */
function feed(rec: FlowRecorder, created: number[], transit: number[], size = 100): void {
  created.forEach((c, i) => {
    const p = packet(c, size);
    rec.onSent(p);
    rec.onReceived(p, c + transit[i]);
  });
}

// Transit times in units of 1/1024 s, so every difference and every step of J (a division by
// 16) is exact in binary floating point and the expectations can be exact.
const U = 1 / 1024;
const TRANSITS = [10, 12, 11, 15, 15, 9].map((k) => k * U);
const CREATED = [11, 12, 13, 14, 15, 16];

describe('FlowRecorder', () => {
  it('counts only packets created inside the window [start, end), wherever they end up', () => {
    const rec = new FlowRecorder(WINDOW);
    const before = packet(9.999);
    const first = packet(10);
    const last = packet(19.999);
    const after = packet(20);
    for (const p of [before, first, last, after]) rec.onSent(p);
    expect(rec.sent).toBe(2);
    rec.onReceived(before, 10.5);
    rec.onReceived(first, 10.25);
    rec.onLost(after, DropReason.Queue);
    rec.onReceived(last, 25); // received after the window closed: still counted
    expect(rec.received).toBe(2);
    expect(rec.lost).toBe(0);
    expect(rec.latency.count).toBe(2);
    expect(rec.latencySum).toBe(0.25 + (25 - 19.999));
    expect(rec.inFlight).toBe(0);
    // The out-of-window packet did not enter the jitter state either: one pair, |D| from the two.
    expect(rec.ipdvCount).toBe(1);
    expect(rec.ipdvSum).toBe(Math.abs(25 - 19.999 - 0.25));
  });

  it('counts losses by reason and leaves the rest in flight', () => {
    const rec = new FlowRecorder(WINDOW);
    const ps = [11, 12, 13, 14, 15].map((t) => packet(t));
    for (const p of ps) rec.onSent(p);
    rec.onLost(ps[0], DropReason.Queue);
    rec.onLost(ps[1], DropReason.Queue);
    rec.onLost(ps[2], DropReason.Down);
    rec.onReceived(ps[3], 14.1);
    expect([rec.sent, rec.received, rec.lost, rec.inFlight]).toEqual([5, 1, 3, 1]);
    expect(rec.drops[DropReason.Queue]).toBe(2);
    expect(rec.drops[DropReason.Down]).toBe(1);
    expect(rec.drops[DropReason.Wire]).toBe(0);
  });

  it('IPDV mean and RFC 3550 J on a hand-computed sequence', () => {
    // Transits (x 1/1024 s): 10 12 11 15 15 9 -> |D| = 2 1 4 0 6, sum 13 over 5 pairs.
    // J(i) = J(i-1) + (|D(i)| - J(i-1)) / 16, J(0) = 0:
    //   2 -> 1/8;  1 -> 23/128;  4 -> 857/2048;  0 -> 12855/32768;  6 -> 389433/524288.
    const rec = new FlowRecorder(WINDOW);
    feed(rec, CREATED, TRANSITS);
    expect(rec.received).toBe(6);
    expect(rec.ipdvCount).toBe(5);
    expect(rec.ipdvSum).toBe(13 * U);
    expect(rec.ipdvSum / rec.ipdvCount).toBe((13 / 5) * U);
    expect(rec.rfc3550).toBe((389433 / 524288) * U);
    expect(rec.latencySum).toBe(72 * U);
    const s = summarize([rec], 10);
    expect(s.jitterMs.mean).toBeCloseTo((13 / 5) * U * 1000, 9);
    expect(s.jitterMs.rfc3550).toBeCloseTo((389433 / 524288) * U * 1000, 9);
    expect(s.latencyMs.mean).toBeCloseTo(12 * U * 1000, 9);
    expect(s.latencyMs.max).toBeCloseTo(15 * U * 1000, 9);
  });
});

describe('summarize', () => {
  it('pools flows: counts add, latency over all packets, IPDV pools pairs, J weighted by packets', () => {
    const a = new FlowRecorder(WINDOW);
    feed(a, CREATED, TRANSITS, 1000); // 6 packets, J = 389433/524288 U, IPDV 13 U over 5 pairs
    const b = new FlowRecorder(WINDOW);
    feed(b, [11, 12, 13], [4 * U, 8 * U, 4 * U], 500); // |D| = 4, 4: J = 1/4, then 1/4 + 15/64 = 31/64 (U)
    const lossy = b;
    const lp = packet(17);
    lossy.onSent(lp);
    lossy.onLost(lp, DropReason.Wire);
    const single = new FlowRecorder(WINDOW);
    feed(single, [12], [100 * U], 1500); // one packet: no IPDV pair, no J; still in the latency figures
    expect(b.rfc3550).toBe((31 / 64) * U);

    const s = summarize([a, b, single], 10);
    expect([s.sent, s.received, s.lost, s.inFlight]).toEqual([11, 10, 1, 0]);
    expect(s.lossRatio).toBeCloseTo(1 / 11, 9);
    expect(s.drops).toEqual({ wire: 1 });
    expect(s.throughputBps).toBeCloseTo(((6 * 1000 + 3 * 500 + 1500) * 8) / 10, 6);
    expect(s.latencyMs.mean).toBeCloseTo(((72 + 16 + 100) * U * 1000) / 10, 9);
    expect(s.latencyMs.max).toBeCloseTo(100 * U * 1000, 9);
    expect(s.jitterMs.mean).toBeCloseTo(((13 + 8) * U * 1000) / (5 + 2), 9);
    // Packet-weighted over the flows that have a J (the single-packet flow has none).
    const j = ((389433 / 524288) * 6 + (31 / 64) * 3) / 9;
    expect(s.jitterMs.rfc3550).toBeCloseTo(j * U * 1000, 9);
    // Percentiles come from the merged histograms: p50 of the 10 latencies is the 5th smallest.
    const all = [...TRANSITS, 4 * U, 8 * U, 4 * U, 100 * U].sort((x, y) => x - y);
    expect(Math.abs(s.latencyMs.p50! - all[4] * 1000)).toBeLessThanOrEqual(0.005 * all[4] * 1000 + 1e-9);
    // The recorders themselves are left as they were.
    expect(a.latency.count).toBe(6);
  });

  it('an empty class has zeros and nulls, not NaN', () => {
    const s = summarize([], 10);
    expect([s.sent, s.received, s.lost, s.inFlight, s.lossRatio, s.throughputBps]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(s.latencyMs).toEqual({ mean: null, p50: null, p95: null, p99: null, max: null });
    expect(s.jitterMs).toEqual({ mean: null, rfc3550: null });
    expect(JSON.stringify(s)).not.toContain('NaN');
  });
});

describe('judgeSla', () => {
  function stats(over: Partial<Stats> & { p99?: number | null; jitter?: number | null }): Stats {
    return {
      sent: 100,
      received: 100,
      lost: 0,
      inFlight: 0,
      lossRatio: 0,
      throughputBps: 0,
      latencyMs: { mean: 20, p50: 20, p95: 40, p99: over.p99 === undefined ? 50 : over.p99, max: 60 },
      jitterMs: { mean: over.jitter === undefined ? 5 : over.jitter, rfc3550: 4 },
      drops: {},
      ...over,
    };
  }
  // Targets in seconds and ratios; stats in milliseconds.
  const targets = { latency: 0.05, jitter: 0.005, loss: 0.01 };

  it('meets targets exactly at the boundary (<=)', () => {
    expect(judgeSla(stats({ lossRatio: 0.01 }), targets)).toEqual({
      latency: true,
      jitter: true,
      loss: true,
      met: true,
    });
  });

  it('fails each target on its own', () => {
    expect(judgeSla(stats({ p99: 50.001 }), targets)).toEqual({ latency: false, jitter: true, loss: true, met: false });
    expect(judgeSla(stats({ jitter: 5.001 }), targets)).toEqual({
      latency: true,
      jitter: false,
      loss: true,
      met: false,
    });
    expect(judgeSla(stats({ lossRatio: 0.0101 }), targets)).toEqual({
      latency: true,
      jitter: true,
      loss: false,
      met: false,
    });
  });

  it('judges only the targets given', () => {
    expect(judgeSla(stats({ p99: 500, jitter: 500 }), { loss: 0.01 })).toEqual({ loss: true, met: true });
    expect(judgeSla(stats({}), {})).toEqual({ met: true });
  });

  it('a class that sent nothing meets its targets; one that sent but received nothing fails latency and jitter', () => {
    const idle = stats({ sent: 0, received: 0, p99: null, jitter: null });
    expect(judgeSla(idle, targets)).toEqual({ latency: true, jitter: true, loss: true, met: true });
    const dead = stats({ sent: 10, received: 0, lost: 10, lossRatio: 1, p99: null, jitter: null });
    expect(judgeSla(dead, targets)).toEqual({ latency: false, jitter: false, loss: false, met: false });
    // One packet received: latency is known, jitter (a difference of two) is not.
    const one = stats({ sent: 1, received: 1, p99: 10, jitter: null });
    expect(judgeSla(one, targets)).toEqual({ latency: true, jitter: false, loss: true, met: false });
  });
});
