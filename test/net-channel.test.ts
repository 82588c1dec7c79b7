import { describe, expect, it } from 'vitest';
import { RandomStreams, Simulator } from '../src/engine/index.js';
import { ClassTable, Network, type ClassSpec, type DirectionSpec, type Flow, type Hop } from '../src/net/index.js';
import { PacketLog } from './helpers/packet-log.js';

const CLASSES: ClassSpec[] = [
  { name: 'realtime', priority: 0, weight: 4, dscp: 46 },
  { name: 'bulk', priority: 1, weight: 1, dscp: 8 },
];

function network() {
  const sim = new Simulator();
  const net = new Network(sim, new ClassTable(CLASSES), new RandomStreams(1));
  return { sim, net };
}

function logged(net: Network, id: string, cls: string, route: Hop[]): { flow: Flow; log: PacketLog } {
  const flow = net.addFlow(id, net.classes.get(cls));
  flow.route = route;
  const log = new PacketLog();
  flow.observer = log;
  return { flow, log };
}

/** Sends one packet of `size` on `flow` at absolute time `t`. */
function sendAt(net: Network, flow: Flow, t: number, size: number): void {
  net.sim.at(t, () => net.inject(net.packet(flow, size)));
}

/** One unit in the last place of x (the spacing of doubles around x). */
const ulp = (x: number): number => 2 ** (Math.floor(Math.log2(Math.abs(x))) - 52);

describe('serialization', () => {
  it('takes exactly size * 8 / rate seconds', () => {
    // These (size, rate) pairs include ones where size * (8 / rate) differs from size * 8 / rate
    // by one ulp (40 B at 1 Mb/s, 1000 B at 10 Mb/s, 1500 B at 56 kb/s, ...).
    const sizes = [40, 100, 576, 1000, 1234, 1500, 9000];
    const rates = [56e3, 1e6, 1.544e6, 2.5e6, 7e6, 10e6, 45e6, 1e9];
    for (const size of sizes) {
      for (const rate of rates) {
        const { sim, net } = network();
        net.addNode('a');
        net.addNode('b');
        const link = net.addLink({ from: 'a', to: 'b', forward: { rate, delay: 0 }, reverse: { rate, delay: 0 } });
        const { flow, log } = logged(net, 'f', 'bulk', [link.forward]);
        sendAt(net, flow, 0, size);
        sim.run();
        expect(log.received.map((r) => r.at)).toEqual([(size * 8) / rate]);
      }
    }
  });

  it('back-to-back packets leave one serialization time apart', () => {
    const { sim, net } = network();
    net.addNode('a');
    net.addNode('b');
    const link = net.addLink({
      from: 'a',
      to: 'b',
      forward: { rate: 8e6, delay: 0 },
      reverse: { rate: 8e6, delay: 0 },
    });
    const { flow, log } = logged(net, 'f', 'bulk', [link.forward]);
    for (let i = 0; i < 4; i++) sendAt(net, flow, 0, 1000); // 1 ms each at 8 Mb/s: dyadic-free but exact sums
    sim.run();
    expect(log.received.map((r) => r.at)).toEqual([
      0.001,
      0.001 + 0.001,
      0.001 + 0.001 + 0.001,
      0.001 + 0.001 + 0.001 + 0.001,
    ]);
  });
});

describe('an idle path', () => {
  /**
   * a --10 Mb/s, 5 ms--> b [stage 200 Mb/s, 0.05 ms] --1 Gb/s, 0.3 ms--> c --2 Mb/s, 12.345 ms--> d
   * The stage models a gateway's processing inside b.
   */
  function path() {
    const { sim, net } = network();
    for (const n of ['a', 'b', 'c', 'd']) net.addNode(n);
    const dirs: DirectionSpec[] = [
      { rate: 10e6, delay: 0.005 },
      { rate: 1e9, delay: 0.0003 },
      { rate: 2e6, delay: 0.012345 },
    ];
    const ab = net.addLink({ from: 'a', to: 'b', forward: dirs[0], reverse: dirs[0] });
    const stage = net.addStage('b/crypto', 'b', { rate: 200e6, delay: 0.00005 });
    const bc = net.addLink({ from: 'b', to: 'c', forward: dirs[1], reverse: dirs[1] });
    const cd = net.addLink({ from: 'c', to: 'd', forward: dirs[2], reverse: dirs[2] });
    const hops = [
      { rate: 10e6, delay: 0.005 },
      { rate: 200e6, delay: 0.00005 },
      { rate: 1e9, delay: 0.0003 },
      { rate: 2e6, delay: 0.012345 },
    ];
    return { sim, net, route: [ab.forward, stage, bc.forward, cd.forward], hops };
  }

  /** Serialization and propagation of every hop, added in path order (the order time advances). */
  const sumOf = (hops: Array<{ rate: number; delay: number }>, size: number, from = 0): number => {
    let t = from;
    for (const h of hops) {
      t += (size * 8) / h.rate;
      t += h.delay;
    }
    return t;
  };

  it('delivers a packet sent at time 0 after exactly the sum of serialization and propagation', () => {
    for (const size of [64, 1234, 1500]) {
      const { sim, net, route, hops } = path();
      const { flow, log } = logged(net, 'f', 'realtime', route);
      sendAt(net, flow, 0, size);
      sim.run();
      expect(log.received).toHaveLength(1);
      expect(log.received[0].latency).toBe(sumOf(hops, size));
    }
  });

  it('a packet sent later: latency equals the sum to within rounding of the absolute clock', () => {
    // The clock is absolute: a packet created at t arrives at t + s1 + d1 + ... computed one
    // addition at a time, each rounded to the precision of the clock near the arrival time. So
    // the latency (arrival - t) equals the sum up to those roundings: at most half an ulp of the
    // arrival time per addition (8 here) plus the subtraction, i.e. within 9 ulps. The simulator
    // must match the same fold exactly, and the sum itself within that bound.
    const { sim, net, route, hops } = path();
    const { flow, log } = logged(net, 'f', 'realtime', route);
    const size = 1234;
    const times = [0.1, 1.7, 33.3333, 1234.5678];
    for (const t of times) sendAt(net, flow, t, size);
    sim.run();
    expect(log.received.map((r) => r.at)).toEqual(times.map((t) => sumOf(hops, size, t)));
    const exact = sumOf(hops, size);
    for (const r of log.received) expect(Math.abs(r.latency - exact)).toBeLessThanOrEqual(9 * ulp(r.at));
  });
});

describe('strict priority on a channel is non-preemptive', () => {
  it('a realtime packet waits for the bulk packet in service, then overtakes queued bulk', () => {
    const { sim, net } = network();
    net.addNode('a');
    net.addNode('b');
    const q = { discipline: 'priority' as const, limit: {} };
    const link = net.addLink({
      from: 'a',
      to: 'b',
      forward: { rate: 1e6, delay: 0, queue: q },
      reverse: { rate: 1e6, delay: 0 },
    });
    const bulk = logged(net, 'bulk', 'bulk', [link.forward]);
    const rt = logged(net, 'rt', 'realtime', [link.forward]);
    sendAt(net, bulk.flow, 0, 1250); // 10 ms in service
    sendAt(net, bulk.flow, 0.001, 1250); // queued
    sendAt(net, rt.flow, 0.002, 125); // 1 ms; arrives while bulk #1 is in service
    sim.run();
    expect(rt.log.received.map((r) => r.at)).toEqual([0.01 + 0.001]);
    expect(bulk.log.received.map((r) => r.at)).toEqual([0.01, 0.01 + 0.001 + 0.01]);
  });
});

describe('token-bucket shaper', () => {
  // Link 100 Mb/s, shaper 10 Mb/s with a 16,000-byte bucket, 60 packets of 1500 B offered at once.
  const LINK = 100e6;
  const RATE = 10e6;
  const BURST = 16_000;
  const SIZE = 1500;
  const N = 60;

  function shaped() {
    const { sim, net } = network();
    net.addNode('a');
    net.addNode('b');
    const link = net.addLink({
      from: 'a',
      to: 'b',
      forward: { rate: LINK, delay: 0, queue: { discipline: 'fifo', limit: {} }, shaper: { rate: RATE, burst: BURST } },
      reverse: { rate: LINK, delay: 0 },
    });
    const { flow, log } = logged(net, 'f', 'bulk', [link.forward]);
    sim.at(0, () => net.openCounters());
    for (let i = 0; i < N; i++) sendAt(net, flow, 0, SIZE);
    sim.run();
    net.closeCounters();
    return { log, link, ends: log.received.map((r) => r.at) };
  }

  it('sends a full bucket at the link rate first', () => {
    // Packet k starts at k * s (s = 0.12 ms at the link rate) while the bucket holds a packet: it
    // then holds BURST - k * SIZE + k * s * RATE/8 bytes, >= SIZE for k <= (BURST - SIZE) /
    // (SIZE * (1 - RATE/LINK)) = 10.7, so packets 0..10 (11 packets) go back to back.
    const { ends } = shaped();
    const s = (SIZE * 8) / LINK;
    for (let k = 0; k < 11; k++) expect(ends[k]).toBeCloseTo((k + 1) * s, 12);
    expect(ends[11] - ends[10]).toBeGreaterThan(2 * s);
  });

  it('then sends at the token rate: one packet every SIZE * 8 / RATE', () => {
    const { ends } = shaped();
    const gap = (SIZE * 8) / RATE; // 1.2 ms
    for (let k = 13; k < N; k++) expect(ends[k] - ends[k - 1]).toBeCloseTo(gap, 12);
    const rate = ((N - 13) * SIZE * 8) / (ends[N - 1] - ends[12]);
    expect(rate / RATE).toBeCloseTo(1, 9);
  });

  it('never exceeds the (burst, rate) envelope: bytes started in [t_i, t_j] <= BURST + rate * (t_j - t_i)', () => {
    const { ends } = shaped();
    // With delay 0, arrival = start + one serialization time, so start differences equal arrival differences.
    for (let i = 0; i < N; i++) {
      for (let j = i; j < N; j++) {
        expect((j - i + 1) * SIZE).toBeLessThanOrEqual(BURST + (RATE / 8) * (ends[j] - ends[i]) + 1e-6);
      }
    }
  });

  it('counts the channel busy only while serializing', () => {
    const { link, ends } = shaped();
    const c = link.forward.counters;
    expect(c.packets).toBe(N);
    expect(c.busyTime).toBeCloseTo((N * SIZE * 8) / LINK, 12);
    expect(c.window).toBeCloseTo(ends[N - 1], 12);
  });
});
