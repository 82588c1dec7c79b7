import { describe, expect, it } from 'vitest';
import type { QueueSpec } from '../src/net/index.js';
import type { ElasticSource } from '../src/traffic/index.js';
import { Mini } from './helpers/mini.js';
import { attach, dumbbell, jain } from './helpers/traffic.js';

/**
 *   s0 ─┐                         ┌─ d0
 *   s1 ─┼─ r1 ══ bottleneck ══ r2 ─┼─ d1      access links 100x the bottleneck rate
 *   ..  ┘                         └─ ..
 */
describe('elastic flows on a bottleneck', () => {
  it('a single flow fills it when the queue is one bandwidth-delay product (>= 90%)', () => {
    const rate = 10e6;
    const rtt = 0.04;
    const bdp = Math.ceil((rate * rtt) / 8 / 1500);
    const m = new Mini({ start: 10, end: 70 });
    const d = dumbbell(m, 1, { rate, delay: rtt / 2, queue: { discipline: 'fifo', limit: { packets: bdp } } });
    attach(m, { model: 'elastic' }, m.flow('e', 'bulk', d.forward[0]), m.flow('e~back', 'bulk', d.back[0]));
    const r = m.run(5);
    console.log('single flow: bottleneck utilization', r.links.bottleneck.forward.utilization);
    expect(r.links.bottleneck.forward.utilization).toBeGreaterThanOrEqual(0.9);
    expect(r.flows.e.throughputBps).toBeGreaterThanOrEqual(0.9 * rate);
  });

  it('N flows with equal round trips, started at random moments, share it fairly (Jain >= 0.9)', () => {
    // Equal RTTs: the setting of the AIMD fairness argument (Chiu & Jain). Unequal starts give
    // unequal shares at first; the measured window begins after 20 s of convergence.
    const rate = 20e6;
    const rtt = 0.04;
    const n = 4;
    const m = new Mini({ start: 20, end: 140 }, 3);
    const starts = m.random.stream('starts');
    const d = dumbbell(m, n, {
      rate,
      delay: rtt / 2,
      queue: { discipline: 'fifo', limit: { packets: Math.ceil((rate * rtt) / 8 / 1500) } },
    });
    for (let i = 0; i < n; i++) {
      attach(
        m,
        { model: 'elastic' },
        m.flow(`e${i}`, 'bulk', d.forward[i]),
        m.flow(`e${i}~back`, 'bulk', d.back[i]),
        2 * starts(),
      );
    }
    const r = m.run(5);
    const shares = Array.from({ length: n }, (_, i) => r.flows[`e${i}`].throughputBps);
    console.log(
      'fairness: shares (Mbps)',
      shares.map((x) => x / 1e6),
      'Jain',
      jain(shares),
    );
    expect(jain(shares)).toBeGreaterThanOrEqual(0.9);
    expect(r.links.bottleneck.forward.utilization).toBeGreaterThanOrEqual(0.9);
  });

  it('NewReno with SACK under random loss p follows Mathis et al.: (MSS/RTT) * 1.22 / sqrt(p) within 20%', () => {
    // Independent: the closed form of Mathis, Semke, Mahdavi and Ott (1997), for AIMD(1, 1/2) with an
    // ACK per segment. A fat bottleneck (100 Mbps) with a large queue, so loss comes only from the
    // wire. The formula counts neither timeouts nor the send-time jitter; both grow with p, which is
    // why the ratio falls at 1% (Padhye et al.'s model puts timeouts alone at -8% there). 200 s at
    // p = 0.1% is about 150 loss events, enough for the mean window to settle.
    const rate = 100e6;
    const rtt = 0.05;
    for (const p of [0.001, 0.01]) {
      const m = new Mini({ start: 10, end: 210 }, 1);
      const d = dumbbell(m, 1, {
        rate,
        delay: rtt / 2,
        queue: { discipline: 'fifo', limit: { packets: 1000 } },
        loss: p,
      });
      const src = attach(
        m,
        { model: 'elastic', congestionControl: 'newreno', sack: true },
        m.flow('e', 'bulk', d.forward[0]),
        m.flow('e~back', 'bulk', d.back[0]),
      ) as ElasticSource;
      m.sim.run(10);
      const before = src.ackedBytes;
      m.sim.run(210);
      const goodput = ((src.ackedBytes - before) * 8) / 200;
      // Base RTT: propagation plus one data and one ACK serialization at each hop.
      const base = rtt + (1500 + 40) * 8 * (1 / rate + 2 / (100 * rate));
      const mathis = ((1500 * 8) / base) * (1.22 / Math.sqrt(p));
      console.log(
        `Mathis p=${p}: goodput ${(goodput / 1e6).toFixed(3)} Mbps, formula ${(mathis / 1e6).toFixed(3)}, ` +
          `ratio ${(goodput / mathis).toFixed(3)}, timeouts ${src.timeouts}`,
      );
      expect(goodput / mathis).toBeGreaterThan(0.8);
      expect(goodput / mathis).toBeLessThan(1.2);
    }
  });

  it('RTT unfairness: with 20 and 80 ms round trips CUBIC shares more evenly than NewReno', () => {
    // 100 Mb/s, 5 ms each way on the bottleneck, access links of 5 and 35 ms each way: base RTTs 20
    // and 80 ms; drop-tail queue of one BDP at the mean RTT (417 packets). At this window CUBIC
    // grows by time, not by round trips (RFC 9438 section 5), so the short flow gains less.
    const rate = 100e6;
    const ratio: Record<string, number> = {};
    for (const cc of ['newreno', 'cubic'] as const) {
      const m = new Mini({ start: 10, end: 50 }, 1);
      const d = dumbbell(m, 2, {
        rate,
        delay: 0.005,
        accessDelay: [0.005, 0.035],
        queue: { discipline: 'fifo', limit: { packets: Math.ceil((rate * 0.05) / 8 / 1500) } },
      });
      for (let i = 0; i < 2; i++) {
        const f = m.flow(`e${i}`, 'bulk', d.forward[i]);
        attach(m, { model: 'elastic', congestionControl: cc }, f, m.flow(`e${i}~back`, 'bulk', d.back[i]), 0.5 * i);
      }
      const r = m.run(2);
      ratio[cc] = r.flows.e0.throughputBps / r.flows.e1.throughputBps;
      console.log(
        `${cc}: 20 ms flow ${(r.flows.e0.throughputBps / 1e6).toFixed(2)} Mb/s, ` +
          `80 ms flow ${(r.flows.e1.throughputBps / 1e6).toFixed(2)} Mb/s, ratio ${ratio[cc].toFixed(2)}`,
      );
      expect(r.links.bottleneck.forward.utilization).toBeGreaterThan(0.99);
    }
    expect(ratio.cubic).toBeGreaterThan(1);
    expect(ratio.cubic).toBeLessThan(ratio.newreno * 0.8);
  });

  /** Voice (cbr, realtime) beside three elastic flows; returns the voice flow's and the bottleneck's figures. */
  function voiceBesideBulk(queue: QueueSpec) {
    const rate = 10e6;
    const m = new Mini({ start: 10, end: 70 });
    const d = dumbbell(m, 4, { rate, delay: 0.02, queue });
    m.cbr(m.flow('voice', 'realtime', d.forward[0]), 0.02, 200);
    const bulk: ElasticSource[] = [];
    for (let i = 1; i < 4; i++) {
      bulk.push(
        attach(
          m,
          { model: 'elastic' },
          m.flow(`e${i}`, 'bulk', d.forward[i]),
          m.flow(`e${i}~back`, 'bulk', d.back[i]),
          0.1 * i,
        ) as ElasticSource,
      );
    }
    const r = m.run(5);
    const idle = 0.02 + 200 * 8 * (1 / rate + 2 / (100 * rate));
    return { voice: r.flows.voice, r, bulk, idle, rate };
  }

  it('a realtime cbr flow in a priority queue keeps its latency while elastic flows back off', () => {
    const { voice, r, bulk, idle, rate } = voiceBesideBulk({ discipline: 'priority', limit: { packets: 100 } });
    // Non-preemptive priority: at worst a voice packet waits for one bulk packet in service.
    const worst = idle + (1500 * 8) / rate;
    console.log(
      'priority: voice latency ms',
      voice.latencyMs,
      'idle',
      idle * 1000,
      'bulk retransmissions',
      bulk.map((b) => b.retransmissions),
    );
    expect(voice.latencyMs.max! / 1000).toBeLessThanOrEqual(worst * (1 + 1e-9));
    expect(voice.lost).toBe(0);
    // The elastic flows fill what voice leaves, and they do so by backing off on loss.
    expect(r.links.bottleneck.forward.utilization).toBeGreaterThan(0.95);
    for (const b of bulk) expect(b.fastRetransmits + b.timeouts).toBeGreaterThan(0);
  });

  it('the same voice flow in a shared fifo waits behind the elastic flows (the contrast)', () => {
    const { voice, idle } = voiceBesideBulk({ discipline: 'fifo', limit: { packets: 100 } });
    console.log('fifo: voice latency ms', voice.latencyMs);
    expect(voice.latencyMs.p50! / 1000).toBeGreaterThan(idle + 0.03);
  });
});
