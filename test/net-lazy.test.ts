import { describe, expect, it } from 'vitest';
import { exponential } from '../src/engine/index.js';
import type { RunResult } from '../src/metrics/index.js';
import {
  DropReason,
  FifoChannel,
  FlowAction,
  FlowStage,
  QueuedChannel,
  type Discipline,
  type NetworkModel,
  type QueueSpec,
} from '../src/net/index.js';
import { Mini } from './helpers/mini.js';

/**
 * The lazy channels (FifoChannel by the Lindley recursion, QueuedChannel catching up decisions),
 * fusion, and background work without events must give what the event model gives: it is the
 * straightforward one (an event at every serialization end and every arrival, background as
 * packets), so it is the reference here. With continuous random times no two events fall at the
 * same instant, so the trajectories are the same: counts are equal, and the time integrals and
 * latency sums equal up to the order of float additions (relative 1e-9).
 *
 *   s0 --+                                  +-- d0
 *   s1 --+-- r1 ==== bottleneck ==== r2 ----+-- d1
 *   s2 --+   (discipline, loss, background) +-- d2
 *
 * Access links are 100 Mb/s drop-tail FIFO; the bottleneck 20 Mb/s with the discipline under test,
 * offered about 1.1 times its rate (queues fill, packets drop). The links r2 -> d* have one feeder
 * each (the bottleneck), so fusion applies to them.
 */
interface Case {
  discipline: Discipline;
  limit: QueueSpec['limit'];
  loss: number;
  background: number;
}

function run(c: Case, model: NetworkModel, fuse: boolean, seed = 1): RunResult {
  const m = new Mini({ start: 1, end: 21 }, seed, undefined, model);
  const net = m.net;
  for (const n of ['r1', 'r2', 's0', 's1', 's2', 'd0', 'd1', 'd2']) net.addNode(n);
  const access = { rate: 100e6, delay: 0.001, queue: { discipline: 'fifo' as const, limit: { packets: 50 } } };
  const queue = { discipline: c.discipline, limit: c.limit };
  const bottleneck = net.addLink({
    id: 'bottleneck',
    from: 'r1',
    to: 'r2',
    forward: { rate: 20e6, delay: 0.01, queue, loss: c.loss },
    reverse: { rate: 20e6, delay: 0.01 },
  });
  if (c.background > 0) {
    const bg = net.addBackground(
      bottleneck.forward,
      c.background,
      exponential(m.random.stream('bg:size'), 1000),
      m.random.stream('bg'),
      net.classes.get('bulk'),
    );
    bg.start();
    bg.stopAt(m.window.end);
  }
  const classes = ['realtime', 'business', 'bulk'];
  const load = (1.1 - c.background) * 20e6;
  for (let i = 0; i < 3; i++) {
    const up = net.addLink({ id: `up${i}`, from: `s${i}`, to: 'r1', forward: access, reverse: access });
    const down = net.addLink({ id: `down${i}`, from: 'r2', to: `d${i}`, forward: access, reverse: access });
    const f = m.flow(`f${i}`, classes[i], [up.forward, bottleneck.forward, down.forward]);
    m.poissonExpSize(f, load / 3 / 8 / 700, 700);
  }
  return m.run(2, fuse);
}

const CASES: [string, Case][] = [
  ['fifo, packet limit', { discipline: 'fifo', limit: { packets: 40 }, loss: 0, background: 0 }],
  [
    'fifo, byte limit, wire loss, background',
    { discipline: 'fifo', limit: { bytes: 30_000 }, loss: 0.01, background: 0.4 },
  ],
  // Without wire loss, background work takes the work loop's own way (FifoChannel.takeWork): drops,
  // counters fed directly, and stays across the window's edges.
  ['fifo, packet limit, background', { discipline: 'fifo', limit: { packets: 40 }, loss: 0, background: 0.4 }],
  ['priority', { discipline: 'priority', limit: { packets: 30 }, loss: 0, background: 0 }],
  ['priority, wire loss, background', { discipline: 'priority', limit: { packets: 30 }, loss: 0.01, background: 0.3 }],
  ['drr', { discipline: 'drr', limit: { packets: 30 }, loss: 0, background: 0 }],
  ['codel', { discipline: 'codel', limit: { packets: 200 }, loss: 0, background: 0.3 }],
];

/** Every figure of `a` and `b`: integers equal, other numbers within 1e-9 relative. */
function expectSame(a: RunResult, b: RunResult): void {
  const walk = (x: unknown, y: unknown, path: string): void => {
    if (typeof x === 'number' && typeof y === 'number') {
      if (Number.isInteger(x) && Number.isInteger(y)) expect(y, path).toBe(x);
      else expect(Math.abs(x - y), path).toBeLessThanOrEqual(1e-9 * Math.max(Math.abs(x), Math.abs(y)));
      return;
    }
    if (x !== null && typeof x === 'object' && y !== null && typeof y === 'object') {
      for (const k of Object.keys(x)) {
        if (k === 'simulated' || k === 'wall') continue;
        walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], `${path}.${k}`);
      }
      return;
    }
    expect(y, path).toEqual(x);
  };
  walk(a, b, '');
}

describe('lazy channels and fusion against the event model', () => {
  for (const [name, c] of CASES) {
    it(`${name}: the same packets arrive, drop and wait`, () => {
      const reference = run(c, { channels: 'events', background: 'packets' }, false);
      const lazy = run(c, {}, false);
      const fused = run(c, {}, true);
      // The case does what it is meant to: traffic queues and drops at the bottleneck.
      expect(reference.links.bottleneck.forward.drops).toBeGreaterThan(0);
      expect(reference.links.bottleneck.forward.meanQueuePackets).toBeGreaterThan(1);
      expectSame(reference, lazy);
      expectSame(reference, fused);
      // And it costs fewer events: no serialization-end events, no background events, and the
      // downstream links (one feeder each) without events when fused.
      expect(lazy.simulated.events).toBeLessThan(reference.simulated.events);
      expect(fused.simulated.events).toBeLessThan(lazy.simulated.events);
    });
  }

  it('the network uses the lazy channel for each discipline, and the event one when asked', () => {
    const m = new Mini({ start: 0, end: 1 });
    const links = m.chain(1, 1e6, 0, { discipline: 'priority', limit: {} });
    expect(links[0].forward).toBeInstanceOf(QueuedChannel);
    const f = new Mini({ start: 0, end: 1 }).chain(1, 1e6, 0, { discipline: 'fifo', limit: {} });
    expect(f[0].forward).toBeInstanceOf(FifoChannel);
  });
});

describe('background work without events', () => {
  it('gives the link figures and flow statistics of packet-level background, no event per background packet', () => {
    const c: Case = { discipline: 'fifo', limit: { packets: 40 }, loss: 0.005, background: 0.5 };
    const packets = run(c, { background: 'packets' }, false);
    const lazy = run(c, {}, false);
    // Same streams drawn in the same order: the same arrivals, so the very same results.
    expect({ ...lazy, simulated: null }).toEqual({ ...packets, simulated: null });
    // Background at 50% of 20 Mb/s in 1000 B packets: 1250 arrivals/s for 21 s, about 26,250 (Poisson,
    // standard deviation 162), each an event in the packet-level model and none in the lazy one.
    expect(packets.simulated.events - lazy.simulated.events).toBeGreaterThan(25_500);
    expect(packets.simulated.events - lazy.simulated.events).toBeLessThan(27_000);
  });
});

describe('fusion', () => {
  it('fixes the network: failures, route changes and new flows throw', () => {
    const m = new Mini({ start: 0, end: 1 });
    const [l] = m.chain(2, 1e6, 0.001, { discipline: 'fifo', limit: {} });
    m.flow('f', 'business');
    m.net.fuse(m.window, 2);
    expect(() => m.net.setLinkUp(l.id, false)).toThrow(/fused/);
    expect(() => m.net.setNodeUp('n1', false)).toThrow(/fused/);
    expect(() => m.net.addFlow('g', m.net.classes.get('business'))).toThrow(/fused/);
  });

  it('fuses a channel whose packets all come from one channel, not one with two feeders or a source', () => {
    const m = new Mini({ start: 0, end: 1 });
    const [a, b] = m.chain(2, 1e6, 0.001, { discipline: 'fifo', limit: {} });
    m.flow('f', 'business', [a.forward, b.forward]);
    m.flow('g', 'business', [b.reverse, a.reverse]);
    expect(m.net.fuse(m.window, 2)).toBe(2);
    expect(b.forward.fusedTo).toBe(a.forward);
    expect(a.reverse.fusedTo).toBe(b.reverse);
    expect(a.forward.fusedTo).toBeNull();

    const n = new Mini({ start: 0, end: 1 });
    const [c, d] = n.chain(2, 1e6, 0.001, { discipline: 'fifo', limit: {} });
    n.flow('f', 'business', [c.forward, d.forward]);
    n.flow('h', 'business', [d.forward]); // d.forward also fed by a source
    expect(n.net.fuse(n.window, 2)).toBe(0);
  });

  it('fan-in: a priority channel fed only by FIFO channels takes their packets ahead, the event model figures', () => {
    //   s0 -a (1 ms)-+
    //                +-- r1 == b (priority) == r2     s2 feeds b's reverse direction itself (no fan-in there)
    //   s1 -c (3 ms)-+
    const go = (model: NetworkModel, fuse: boolean) => {
      const m = new Mini({ start: 0, end: 5 }, 3, undefined, model);
      const net = m.net;
      for (const n of ['s0', 's1', 'r1', 'r2']) net.addNode(n);
      const fifo = { discipline: 'fifo' as const, limit: { packets: 50 } };
      const a = net.addLink({
        from: 's0',
        to: 'r1',
        forward: { rate: 50e6, delay: 0.001, queue: fifo },
        reverse: { rate: 50e6, delay: 0.001 },
      });
      const c = net.addLink({
        from: 's1',
        to: 'r1',
        forward: { rate: 50e6, delay: 0.003, queue: fifo },
        reverse: { rate: 50e6, delay: 0.003 },
      });
      const prio = { discipline: 'priority' as const, limit: { packets: 20 } };
      const b = net.addLink({
        from: 'r1',
        to: 'r2',
        // Wire loss too: a lost packet's fate is decided at its start, ahead of the clock here.
        forward: { rate: 10e6, delay: 0.005, queue: prio, loss: 0.02 },
        reverse: { rate: 10e6, delay: 0.005, queue: prio },
      });
      m.poissonExpSize(m.flow('f', 'realtime', [a.forward, b.forward]), 300, 400);
      m.poissonExpSize(m.flow('g', 'bulk', [c.forward, b.forward]), 900, 1000);
      m.poissonExpSize(m.flow('h', 'business', [a.forward, b.forward]), 400, 800);
      m.poissonExpSize(m.flow('back', 'business', [b.reverse]), 200, 500);
      return { result: m.run(1, fuse), b };
    };
    const reference = go({ channels: 'events' }, false);
    const lazy = go({}, false);
    const fused = go({}, true);
    // The smallest feeder delay is the lookahead; a direction fed by a source has none.
    expect(fused.b.forward.lookahead).toBe(0.001);
    expect(fused.b.reverse.lookahead).toBe(0);
    expect(reference.result.links['r1-r2'].forward.drops).toBeGreaterThan(0);
    expect(reference.result.flows.g.lost).toBeGreaterThan(0);
    expect(reference.result.flows.f.lost).toBeGreaterThan(0);
    expectSame(reference.result, fused.result);
    expectSame(lazy.result, fused.result);
    // No arrival event per packet at the bottleneck: one take event for every arrival within 1 ms.
    expect(fused.result.simulated.events).toBeLessThan(0.7 * lazy.result.simulated.events);
    // Its state runs ahead of the clock, as a fused channel's does.
    expect(() => fused.b.forward.countersAt(1)).toThrow(/fused/);
  });

  it('fuses through zero-time flow stages and delivers ahead: the event model figures, fewer events', () => {
    // n0 -a-> n1 [enter] -b-> n2 [leave]: a tunnel-like pair of stages (f grows by 60 B inside, h is
    // dropped at the entry), both links congested. b's only feeding channel is a, behind a stage.
    const go = (model: NetworkModel, fuse: boolean) => {
      const m = new Mini({ start: 0, end: 5 }, 1, undefined, model);
      const [a, b] = m.chain(2, 10e6, 0.002, { discipline: 'fifo', limit: { packets: 20 } });
      const enter = new FlowStage(m.net, DropReason.Tunnel);
      const leave = new FlowStage(m.net, DropReason.Tunnel);
      const route = [a.forward, enter, b.forward, leave];
      const f = m.flow('f', 'business', route);
      const g = m.flow('g', 'bulk', route);
      const h = m.flow('h', 'realtime', route);
      enter.set(f, FlowAction.Grow, 60);
      leave.set(f, FlowAction.Shrink, 60);
      enter.set(h, FlowAction.Drop);
      m.poissonExpSize(f, 1200, 800);
      m.poissonExpSize(g, 400, 1000);
      m.cbr(h, 0.02, 200);
      return { result: m.run(1, fuse), a, b, enter, f };
    };
    const reference = go({ channels: 'events' }, false);
    const lazy = go({}, false);
    const fused = go({}, true);
    expect(fused.b.forward.fusedTo).toBe(fused.a.forward);
    expect(reference.result.links['n1-n2'].forward.drops).toBeGreaterThan(0);
    expect(reference.result.flows.h.lost).toBe(reference.result.flows.h.sent);
    expectSame(reference.result, fused.result);
    // No arrival event at n1 (the stage and b are crossed from a) nor at n2 (delivered ahead).
    expect(fused.result.simulated.events).toBeLessThan(0.6 * lazy.result.simulated.events);
    // The chain applies the stages' actions ahead of the clock: they cannot change any more.
    expect(() => fused.enter.set(fused.f, FlowAction.Pass)).toThrow(/fused/);
  });

  it('still delivers by an event to a flow with a receiver, at its arrival time', () => {
    const m = new Mini({ start: 0, end: 1 });
    m.chain(2, 10e6, 0.01, { discipline: 'fifo', limit: {} });
    const f = m.flow('f', 'business');
    const seen: number[] = [];
    f.receiver = {
      arrive: (pkt) => {
        seen.push(m.sim.now - pkt.created);
        m.net.release(pkt);
      },
    };
    m.cbr(f, 0.1, 500);
    m.run(0.5, true);
    expect(seen.length).toBe(10);
    // Two links of 10 ms and 0.4 ms of serialization each, seen at the receiver's own clock.
    for (const d of seen) expect(d).toBeCloseTo(0.0208, 12);
  });

  it('decides nothing past the horizon: a packet arriving after the end of the run stays in flight', () => {
    // A 1 s propagation delay: packets sent in the last second cannot arrive before the end.
    const m = new Mini({ start: 0, end: 5 });
    m.chain(3, 10e6, 1, { discipline: 'fifo', limit: {} });
    const f = m.flow('f', 'business');
    m.cbr(f, 0.1, 500);
    const r = m.run(0.5, true);
    expect(r.flows.f.sent).toBe(50);
    expect(r.flows.f.inFlight).toBeGreaterThan(0);
    expect(r.flows.f.received + r.flows.f.inFlight).toBe(50);
  });
});
