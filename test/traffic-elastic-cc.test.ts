import { describe, expect, it } from 'vitest';
import type { Packet } from '../src/net/index.js';
import { CUBIC_ALPHA } from '../src/traffic/cubic.js';
import { CSS_ROUNDS, HyStartPlusPlus } from '../src/traffic/hystart.js';
import { Cubic, CUBIC_BETA, CUBIC_C, type ElasticSource } from '../src/traffic/index.js';
import { runBulk } from './helpers/bulk-dumbbell.js';
import { Mini } from './helpers/mini.js';
import { attach, backRoute, Dropper, routed } from './helpers/traffic.js';

describe('HyStart++ (RFC 9406)', () => {
  /** One round of `n` ACKs with RTT samples `rtt`; `una` advances by one per ACK. */
  function round(h: HyStartPlusPlus, state: { una: number; sent: number }, rtt: number, n = 10): number[] {
    state.sent = state.una + n; // what was sent when the round began
    const factors: number[] = [];
    for (let i = 0; i < n; i++) factors.push(h.onAck(++state.una, state.sent, rtt));
    return factors;
  }

  it('a steady RTT keeps slow start; a rise of max(4 ms, RTT/8) enters CSS; CSS ends after its rounds', () => {
    const h = new HyStartPlusPlus();
    const s = { una: 0, sent: 0 };
    expect(round(h, s, 0.04).every((f) => f === 1)).toBe(true);
    expect(round(h, s, 0.0449).every((f) => f === 1)).toBe(true); // +4.9 ms < 5 ms = 40 ms / 8
    // +5 ms over the last round's minimum: CSS from the 8th sample (growth / 4).
    expect(round(h, s, 0.0499 + 0.005)).toEqual([1, 1, 1, 1, 1, 1, 1, 0.25, 0.25, 0.25]);
    for (let r = 2; r <= CSS_ROUNDS; r++) expect(round(h, s, 0.055)[0]).toBe(0.25);
    expect(h.onAck(++s.una + 20, s.una + 30, 0.055)).toBe(0); // the next round: congestion avoidance
    expect(h.done).toBe(true);
  });

  it('leaves CSS for slow start when the RTT falls back below the baseline', () => {
    const h = new HyStartPlusPlus();
    const s = { una: 0, sent: 0 };
    round(h, s, 0.1);
    round(h, s, 0.12); // +20 ms > the 16 ms cap: CSS
    expect(h.css).toBe(true);
    expect(round(h, s, 0.1).slice(-1)).toEqual([1]);
    expect(h.css).toBe(false);
  });
});

describe('CUBIC (RFC 9438)', () => {
  it('in the Reno-friendly region cwnd follows W_est: +3(1-β)/(1+β) segments per round trip', () => {
    // W_max 20 segments, RTT 100 ms: K = ∛(20 · 0.3 / 0.4) = 2.47 s, while W_est regains the 6
    // segments in 6 / 0.53 = 11 round trips: Reno's estimate leads.
    const c = new Cubic(20, 1e6, false);
    c.onLoss(20, 0);
    expect(c.ssthresh).toBeCloseTo(20 * CUBIC_BETA, 12);
    c.cwnd = c.ssthresh;
    let now = 0;
    for (let rtt = 0; rtt < 10; rtt++) {
      const acks = Math.floor(c.cwnd);
      for (let i = 0; i < acks; i++) c.onAck(1, now + (0.1 * i) / acks, 0, 0, 0.1, 0.1);
      now += 0.1;
    }
    // About 10 · 0.53 segments more (each round's ACKs number floor(cwnd), a little fewer).
    expect(c.cwnd - 14).toBeGreaterThan(10 * CUBIC_ALPHA * 0.95);
    expect(c.cwnd - 14).toBeLessThan(10 * CUBIC_ALPHA * 1.05);
  });

  it('fast convergence: a loss below the last W_max lowers W_max to cwnd · (1 + β) / 2', () => {
    const c = new Cubic(100, 1e6, false);
    c.onLoss(100, 0);
    expect(c.wMax).toBe(100);
    c.cwnd = 80;
    c.onLoss(80, 1);
    expect(c.wMax).toBeCloseTo((80 * (1 + CUBIC_BETA)) / 2, 12);
  });

  // Independent reference: RFC 9438's equation 1.
  it('after a loss the window follows W(t) = C (t − K)³ + W_max within 5% over the epoch', () => {
    // 1 Gb/s, RTT 100 ms: nothing queues, the one loss is the Dropper's. Growth is cubic, not
    // Reno-friendly, at this window (W_est would need 85 s to regain what the cubic regains in K).
    const m = new Mini({ start: 0, end: 24 });
    const [link] = m.chain(1, 1e9, 0.05, { discipline: 'fifo', limit: {} });
    let dropped = false;
    const dropper = new Dropper(m.net, (p: Packet) => !dropped && p.seq === 1500 && (dropped = true));
    const data = routed(m, 't', 'bulk', [dropper, link.forward]);
    const acks = m.flow('t~back', 'bulk', backRoute([link]));
    const src = attach(m, { model: 'elastic', receiveWindow: 16 * 1024 * 1024 }, data, acks) as ElasticSource;
    const cc = src.cc as Cubic;
    const samples: { at: number; cwnd: number }[] = [];
    for (let t = 0; t < 24; t += 0.1) m.sim.at(t, () => samples.push({ at: m.sim.now, cwnd: src.cwnd }));
    m.run(1);
    expect(src.results()).toMatchObject({ fastRetransmits: 1, timeouts: 0 });
    // W_max is the cwnd the loss found; ssthresh = β W_max; K from W_max alone.
    const wMax = src.ssthresh / CUBIC_BETA;
    expect(cc.wMax).toBeCloseTo(wMax, 9);
    const k = Math.cbrt((wMax * (1 - CUBIC_BETA)) / CUBIC_C);
    const epoch = cc.epochStart;
    let worst = 0;
    let n = 0;
    for (const s of samples) {
      const t = s.at - epoch;
      if (t < 0 || t > 2 * k) continue;
      const w = CUBIC_C * (t - k) ** 3 + wMax;
      worst = Math.max(worst, Math.abs(s.cwnd / w - 1));
      n++;
    }
    console.log(`CUBIC epoch: W_max ${wMax.toFixed(1)}, K ${k.toFixed(2)} s, ${n} samples, worst deviation ${worst}`);
    expect(n).toBeGreaterThan(150);
    expect(worst).toBeLessThan(0.05);
  });
});

describe('slow start through a deep buffer (10 Mb/s, 40 ms, 3 BDP = 100 packets)', () => {
  it('HyStart++ leaves slow start before the buffer overflows: a fraction of the drops, no timeout', () => {
    const first5s = (cc: 'cubic' | 'newreno', hystart: boolean) =>
      runBulk({ cc, flows: 1, buffer: 100, warmup: 0, duration: 5, traffic: { hystart } });
    for (const cc of ['cubic', 'newreno'] as const) {
      const on = first5s(cc, true);
      const off = first5s(cc, false);
      console.log(`${cc} first 5 s: drops ${on.drops} with HyStart++, ${off.drops} without`);
      expect(on.timeouts).toBe(0);
      expect(on.drops).toBeLessThan(off.drops / 2);
    }
  });

  it('one flow fills the bottleneck with no timeout after slow start (issue 15: 0.74 and 30 before)', () => {
    for (const cc of ['cubic', 'newreno'] as const) {
      const o = runBulk({ cc, flows: 1, buffer: 100 });
      console.log(`${cc}, one flow, 3 BDP: utilization ${o.utilization}, drops ${o.drops}, timeouts ${o.timeouts}`);
      expect(o.utilization).toBeGreaterThanOrEqual(0.99);
      expect(o.timeouts).toBe(0); // over the transfer's whole life, slow start included
    }
  });
});
