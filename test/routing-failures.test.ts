import { describe, expect, it } from 'vitest';
import { DropReason, type Flow, type Packet } from '../src/net/index.js';
import { createPolicy, shortest } from '../src/routing/index.js';
import { Mini } from './helpers/mini.js';
import { link, router, routedFlow } from './helpers/routing.js';

/** Records the id and reason of every packet of `flow` that is lost, passing everything on. */
function watchLosses(flow: Flow): Map<number, DropReason> {
  const lost = new Map<number, DropReason>();
  const inner = flow.observer;
  flow.observer = {
    onSent: (p) => inner.onSent(p),
    onReceived: (p, now) => inner.onReceived(p, now),
    onLost: (p, reason, now) => {
      lost.set(p.id, reason);
      inner.onLost(p, reason, now);
    },
  };
  return lost;
}

/*
 *          1 ms, 1 Mbps       1 ms
 *   A ─────────────────── B ─────── D      primary A-B-D (2 ms); A-B is the bottleneck:
 *   │                               │      1000 B every 5 ms offered, 8 ms to serialize,
 *   │ 3 ms                     3 ms │      so a queue builds on A→B
 *   └────────────── C ──────────────┘      backup A-C-D (6 ms)
 */
describe('a link failure', () => {
  it('loses exactly the packets queued or in flight on it, reroutes, and comes back', () => {
    const m = new Mini({ start: 0, end: 2 });
    const ab = link(m, 'A', 'B', 1, 1e6);
    link(m, 'B', 'D', 1);
    link(m, 'A', 'C', 3);
    link(m, 'C', 'D', 3);
    const r = router(m, shortest);
    const f = routedFlow(m, r, 'f', 'business', 'A', 'D');
    const lost = watchLosses(f);
    expect(r.pathOf(f)).toEqual(['A', 'B', 'D']);

    // Track what is on A→B: in its queue, in service or on its wire (entered, not yet at B's next hop).
    const onLink = new Set<number>();
    const abSend = ab.forward.send.bind(ab.forward);
    ab.forward.send = (p: Packet) => {
      if (ab.forward.up) onLink.add(p.id);
      abSend(p);
    };
    const bd = m.net.link('B-D').forward;
    const bdSend = bd.send.bind(bd);
    bd.send = (p: Packet) => {
      onLink.delete(p.id);
      bdSend(p);
    };

    let expected = new Set<number>();
    // A→B is busy from t = 0 and finishes a packet every 8 ms (one at 0.504): failing at 0.5045
    // catches one packet on the wire (1 ms), one in service and the queue behind it.
    m.sim.at(0.5045, () => {
      expected = new Set(onLink);
      m.net.setLinkUp('A-B', false);
    });
    m.sim.at(1.2, () => m.net.setLinkUp('A-B', true));
    m.cbr(f, 0.005, 1000);
    const res = m.run(1);

    expect(expected.size).toBeGreaterThan(20); // a real queue, not just the packet in service
    expect([...lost.keys()].sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
    for (const reason of lost.values()) expect(reason).toBe(DropReason.Down);
    const s = res.flows.f;
    expect(s.drops).toEqual({ down: expected.size });
    expect(s.sent).toBe(s.received + s.lost + s.inFlight);
    expect(s.inFlight).toBe(0);
    // Down at 0.5045 (A-C-D), back at 1.2 (A-B-D): about 1.3 s on A-B-D, 0.7 s on A-C-D.
    expect(r.reroutes(f)).toBe(2);
    expect(r.pathOf(f)).toEqual(['A', 'B', 'D']);
  });
});

/*
 *   A ──1 ms── B ──1 ms── C      one path only
 */
describe('no route', () => {
  for (const [what, fail, repair] of [
    ['link B-C', (m: Mini) => m.net.setLinkUp('B-C', false), (m: Mini) => m.net.setLinkUp('B-C', true)],
    ['node B', (m: Mini) => m.net.setNodeUp('B', false), (m: Mini) => m.net.setNodeUp('B', true)],
  ] as const) {
    it(`is reported as no-route drops while ${what} is down, not thrown`, () => {
      const m = new Mini({ start: 0, end: 1 });
      link(m, 'A', 'B', 1);
      link(m, 'B', 'C', 1);
      const r = router(m, createPolicy('class-aware'));
      const f = routedFlow(m, r, 'f', 'realtime', 'A', 'C');
      let during: unknown = 'unset';
      m.sim.at(0.305, () => fail(m));
      m.sim.at(0.4, () => (during = r.current(f)));
      m.sim.at(0.605, () => repair(m));
      m.cbr(f, 0.01, 200); // one packet every 10 ms: 100 in the window; 31..60 while down
      const res = m.run(1);
      const s = res.flows.f;
      expect(during).toBeNull();
      expect(s.drops['no-route']).toBe(30);
      expect(s.received).toBe(100 - s.lost);
      expect(s.lost).toBe(30 + (s.drops.down ?? 0));
      expect(r.reroutes(f)).toBe(2);
      expect(r.pathOf(f)).toEqual(['A', 'B', 'C']);
    });
  }

  it('a flow added while its destination is unreachable waits for a route', () => {
    const m = new Mini({ start: 0, end: 1 });
    link(m, 'A', 'B', 1);
    m.net.setNodeUp('B', false);
    const r = router(m, shortest);
    const f = routedFlow(m, r, 'f', 'business', 'A', 'B');
    expect(f.route).toBeNull();
    expect(r.pathOf(f)).toEqual([]);
    m.net.setNodeUp('B', true);
    expect(r.pathOf(f)).toEqual(['A', 'B']);
  });

  it('an unknown node id is a build error', () => {
    const m = new Mini({ start: 0, end: 1 });
    link(m, 'A', 'B', 1);
    const r = router(m, shortest);
    expect(() => routedFlow(m, r, 'f', 'business', 'A', 'Z')).toThrow(/flow 'f': unknown node 'Z'/);
  });
});

/*
 *   A ──1── B ──1── D
 *           │
 *           1            W is a leaf: A→D via W hairpins B-W-B
 *           │
 *           W
 *   A ──5── V ──4── D    V is off the short path
 */
describe('waypoints', () => {
  function net(): Mini {
    const m = new Mini({ start: 0, end: 1 });
    link(m, 'A', 'B', 1);
    link(m, 'B', 'D', 1);
    link(m, 'B', 'W', 1);
    link(m, 'A', 'V', 5);
    link(m, 'V', 'D', 4);
    return m;
  }

  it('are passed in order, hairpins included, and packets follow them', () => {
    const m = net();
    const r = router(m, shortest);
    const direct = routedFlow(m, r, 'direct', 'business', 'A', 'D');
    const hairpin = routedFlow(m, r, 'hairpin', 'business', 'A', 'D', ['W']);
    const both = routedFlow(m, r, 'both', 'business', 'A', 'D', ['V', 'W']);
    expect(r.pathOf(direct)).toEqual(['A', 'B', 'D']);
    expect(r.pathOf(hairpin)).toEqual(['A', 'B', 'W', 'B', 'D']);
    expect(r.pathOf(both)).toEqual(['A', 'V', 'D', 'B', 'W', 'B', 'D']);
    m.cbr(hairpin, 0.01, 100);
    const res = m.run(1);
    expect(res.flows.hairpin.received).toBe(100);
    expect(res.links['B-W'].forward.packets).toBe(100);
    expect(res.links['B-W'].reverse.packets).toBe(100);
  });

  it('class-aware keeps them for suboptimal classes', () => {
    const m = net();
    const r = router(m, createPolicy('class-aware'));
    const bulk = routedFlow(m, r, 'bulk', 'bulk', 'A', 'D', ['W']);
    // Optimal A-B-W-B-D (4 ms). Next: a detour over V on either leg, A-V-D-B-W-B-D or A-B-W-B-A-V-D,
    // both 13 ms and 6 hops: the tie goes to the smaller first channel id, A-B> before A-V>.
    expect(r.pathOf(bulk)).toEqual(['A', 'B', 'W', 'B', 'A', 'V', 'D']);
  });

  it('with a waypoint down, the flow has no route', () => {
    const m = net();
    const r = router(m, shortest);
    const f = routedFlow(m, r, 'f', 'business', 'A', 'D', ['W']);
    m.net.setNodeUp('W', false);
    expect(f.route).toBeNull();
  });
});
