import { describe, expect, it } from 'vitest';
import { exponential } from '../src/engine/index.js';
import { BackgroundTraffic } from '../src/net/index.js';
import { createPolicy, shortest, type RoutingPolicy } from '../src/routing/index.js';
import { Mini } from './helpers/mini.js';
import { link, router, routedFlow } from './helpers/routing.js';

/*
 *            fast: 1 ms, 10 Mbps, cross traffic at 70% of S→D
 *   S ═══════════════════════════════════ D
 *   │                                     │
 *   └───── 4 ms ───── M ───── 4 ms ───────┘   slow: 8 ms, 10 Mbps, idle
 *
 * A call (realtime, 80 kbps) and a backup (bulk, 2.5 Mbps Poisson) from S to D. On the fast path
 * they load S→D to about 96%: queueing of tens of milliseconds. Moving the backup away leaves it
 * at about 71%, and the call is then better off staying on the fast path (1 ms + ~2 ms queueing).
 */
function run(policy: RoutingPolicy) {
  const m = new Mini({ start: 5, end: 35 }, 3);
  link(m, 'S', 'D', 1);
  link(m, 'S', 'M', 4);
  link(m, 'M', 'D', 4);
  const bg = m.net.addFlow('cross', m.net.classes.get('business'), true);
  const size = exponential(m.random.stream('cross:size'), 1000);
  new BackgroundTraffic(m.net, m.net.link('S-D').forward, bg, 0.7, size, m.random.stream('cross')).start();
  const r = router(m, policy);
  const call = routedFlow(m, r, 'call', 'realtime', 'S', 'D');
  const backup = routedFlow(m, r, 'backup', 'bulk', 'S', 'D');
  m.cbr(call, 0.02, 200);
  m.poisson(backup, 250, 1250);
  const reroutes = { call: 0, backup: 0 };
  m.sim.at(35, () => {
    reroutes.call = r.reroutes(call);
    reroutes.backup = r.reroutes(backup);
  });
  const res = m.run(1);
  return { res, r, call, backup, reroutes };
}

describe('load-aware', () => {
  it('moves bulk off the congested path, once, and realtime latency improves over shortest', () => {
    const base = run(shortest);
    const aware = run(createPolicy('load-aware', { interval: 1 }));

    expect(base.r.pathOf(base.backup)).toEqual(['S', 'D']);
    expect(aware.r.pathOf(aware.backup)).toEqual(['S', 'M', 'D']);
    expect(aware.r.pathOf(aware.call)).toEqual(['S', 'D']);
    // No flapping: in the 35 s of traffic the backup moves once (at the first re-evaluation), the call never.
    expect(aware.reroutes).toEqual({ backup: 1, call: 0 });

    const before = base.res.flows.call.latencyMs.mean!;
    const after = aware.res.flows.call.latencyMs.mean!;
    // 1,500 call packets per run; measured 20.6 ms under shortest, 3.1 ms under load-aware.
    expect(after).toBeLessThan(before * 0.3);
    expect(after).toBeGreaterThan(1.16); // propagation + serialization: it still queues behind cross traffic
    for (const x of [base, aware]) {
      const s = x.res.flows.call;
      expect(s.received).toBe(1500);
      expect(s.sent).toBe(s.received + s.lost + s.inFlight);
    }
  });

  /*
   *   S ──────── 1 ms ──────── D      a backup alone at 9 Mbps Poisson on 10 Mbps links:
   *   └─ 1.5 ms ─ M ─ 1.5 ms ──┘      about 4.5 ms of queueing on whichever path it takes
   */
  it('does not chase the queue a flow builds itself', () => {
    const m = new Mini({ start: 0, end: 20 }, 3);
    link(m, 'S', 'D', 1);
    link(m, 'S', 'M', 1.5);
    link(m, 'M', 'D', 1.5);
    const r = router(m, createPolicy('load-aware'));
    const backup = routedFlow(m, r, 'backup', 'bulk', 'S', 'D');
    m.poisson(backup, 900, 1250);
    let moves = -1;
    m.sim.at(20, () => (moves = r.reroutes(backup)));
    const res = m.run(1);
    // Measured queueing alone (5.5 ms on S-D against an idle 3 ms path) would move it every time;
    // the predicted queueing it brings along keeps it put.
    expect(res.flows.backup.latencyMs.mean!).toBeGreaterThan(4);
    expect(moves).toBe(0);
    expect(r.pathOf(backup)).toEqual(['S', 'D']);
  });
});
