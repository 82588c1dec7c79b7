import { describe, expect, it } from 'vitest';
import { Mini } from './helpers/mini.js';

/**
 * Little's law on a link's queue: the time-average number waiting (the link counters' integral
 * of the queue length, `meanQueuePackets`) equals the arrival rate times the mean wait in queue
 * (from the flows: received packets / window, and latency minus serialization, which is exact
 * per packet when each class has a fixed size and the link has no propagation delay).
 *
 * This is an identity on every sample path, so no statistical tolerance is needed: the two sides
 * differ only by the waits of packets straddling the window's edges (at most a full buffer times
 * its drain time, against the queue's integral over 600 s), under 2e-4 relative in these runs.
 * We allow 1e-3.
 */
const RATE = 10e6;
const WINDOW = { start: 10, end: 610 };
const T = WINDOW.end - WINDOW.start;
const ser = (size: number): number => (size * 8) / RATE;

describe("Little's law on a queue (validation)", () => {
  it('fifo, M/D/1 at rho 0.8: L_q = lambda W_q', () => {
    const m = new Mini(WINDOW, 5);
    m.chain(1, RATE, 0, { discipline: 'fifo', limit: {} });
    const f = m.flow('f', 'business');
    m.poisson(f, 800, 1250);
    const r = m.run();
    const s = r.flows.f;
    const Lq = r.links['n0-n1'].forward.meanQueuePackets;
    const Wq = s.latencyMs.mean! / 1000 - ser(1250);
    expect(Lq).toBeGreaterThan(1);
    expect(Math.abs(Lq - (s.received / T) * Wq) / Lq).toBeLessThan(1e-3);
  });

  it('priority, two classes with fixed sizes: L_q = sum over classes of lambda_i W_q,i', () => {
    const m = new Mini(WINDOW, 6);
    m.chain(1, RATE, 0, { discipline: 'priority', limit: {} });
    const hi = m.flow('hi', 'realtime');
    const lo = m.flow('lo', 'bulk');
    m.poisson(hi, 1500, 200); // rho 0.24
    m.poisson(lo, 600, 1250); // rho 0.6
    const r = m.run();
    const Lq = r.links['n0-n1'].forward.meanQueuePackets;
    const part = (id: string, size: number) =>
      (r.flows[id].received / T) * (r.flows[id].latencyMs.mean! / 1000 - ser(size));
    expect(Math.abs(Lq - (part('hi', 200) + part('lo', 1250))) / Lq).toBeLessThan(1e-3);
  });

  it('drop-tail fifo under overload: the law holds for the packets admitted', () => {
    const m = new Mini(WINDOW, 7);
    m.chain(1, RATE, 0, { discipline: 'fifo', limit: { packets: 50 } });
    const f = m.flow('f', 'business');
    m.poisson(f, 1200, 1250); // rho 1.2
    const r = m.run();
    const s = r.flows.f;
    const Lq = r.links['n0-n1'].forward.meanQueuePackets;
    expect(s.lost).toBeGreaterThan(0);
    expect(Lq).toBeGreaterThan(40);
    expect(Math.abs(Lq - (s.received / T) * (s.latencyMs.mean! / 1000 - ser(1250))) / Lq).toBeLessThan(1e-3);
  });

  it('whole system, M/M/1: L = L_q + utilization = lambda W', () => {
    const m = new Mini(WINDOW, 8);
    m.chain(1, RATE, 0, { discipline: 'fifo', limit: {} });
    const f = m.flow('f', 'business');
    m.poissonExpSize(f, 700, 1250);
    const r = m.run();
    const s = r.flows.f;
    const link = r.links['n0-n1'].forward;
    const L = link.meanQueuePackets + link.utilization;
    expect(Math.abs(L - (s.received / T) * (s.latencyMs.mean! / 1000)) / L).toBeLessThan(1e-3);
  });
});
