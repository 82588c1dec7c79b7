import { describe, expect, it } from 'vitest';
import { DROP_REASONS } from '../src/net/index.js';
import type { Stats } from '../src/metrics/index.js';
import { runStress, stress, STRESS_WINDOW } from './helpers/stress.js';

/**
 * Conservation: every measured packet is received, lost, or still in flight; `inFlight` is not
 * just the difference, it is checked against the packets actually alive in the network. Exact
 * (no tolerance): these are counts.
 */
describe('conservation sent = received + lost + inFlight (validation)', () => {
  const SEEDS = process.env.CI ? [1] : [1, 2];

  for (const seed of SEEDS) {
    it(`seed ${seed}: under overload, random loss, a link failure and a node failure`, () => {
      const s = stress(seed);
      const net = s.m.net;
      const recorders = () => s.flows.map((f) => s.m.recorders.get(f)!);
      const inFlight = () => recorders().reduce((n, r) => n + r.inFlight, 0);
      // Mid-run: the window opened at 0, so every live packet is a measured one. The cuts avoid the
      // 5 ms after each failure, when packets lost on the wire are still waiting for their arrival
      // event to be released. During an outage nothing is in flight (no route: dropped at once).
      const cuts: number[] = [];
      const live: number[] = [];
      for (const at of [5, 11.99, 12.5, 14.5, 17, 20.5, 21.5, 25, 29.99]) {
        s.probes.push({
          at,
          check: () => {
            cuts.push(at);
            live.push(net.pool.live);
            expect(inFlight()).toBe(net.pool.live);
            for (const r of recorders()) {
              expect(r.inFlight).toBeGreaterThanOrEqual(0);
              expect(r.sent).toBe(r.received + r.lost + r.inFlight);
            }
          },
        });
      }
      // At the window's end (before the link counters close): every drop a link counted is a
      // packet some flow lost, and the other way round, except no-route drops (no link saw them).
      s.probes.push({
        at: STRESS_WINDOW.end,
        check: () => {
          const linkDrops = net.channels.reduce((n, ch) => n + ch.counters.drops, 0);
          const flowDrops = recorders().reduce((n, r) => n + r.lost - r.drops[DROP_REASONS.indexOf('no-route')], 0);
          expect(linkDrops).toBe(flowDrops);
        },
      });
      const r = runStress(s);
      expect(cuts).toHaveLength(9);
      expect(live.filter((n) => n > 0).length).toBeGreaterThanOrEqual(6); // the checks compared real counts

      const check = (st: Stats) => {
        expect(st.sent).toBe(st.received + st.lost + st.inFlight);
        expect(st.inFlight).toBe(0); // drained
        expect(Object.values(st.drops).reduce((a, b) => a + b, 0)).toBe(st.lost);
      };
      for (const f of Object.values(r.flows)) check(f);
      for (const c of Object.values(r.classes)) check(c);
      // Each class's figures are the sums of its flows'.
      for (const [name, c] of Object.entries(r.classes)) {
        const mine = Object.values(r.flows).filter((f) => f.class === name);
        expect(c.sent).toBe(mine.reduce((n, f) => n + f.sent, 0));
        expect(c.lost).toBe(mine.reduce((n, f) => n + f.lost, 0));
      }
      // The scenario did exercise every way of losing a packet.
      const total: Record<string, number> = {};
      for (const f of Object.values(r.flows))
        for (const [k, v] of Object.entries(f.drops)) total[k] = (total[k] ?? 0) + v;
      expect(total.queue).toBeGreaterThan(0);
      expect(total.wire).toBeGreaterThan(0);
      expect(total.down).toBeGreaterThan(0);
      expect(total['no-route']).toBeGreaterThan(0);
      // Nothing leaked: every pooled packet was released.
      expect(net.pool.live).toBe(0);
    });
  }

  it('with background traffic sharing the bottleneck, measured flows still balance', () => {
    const s = stress(3, { background: true });
    const r = runStress(s);
    for (const f of Object.values(r.flows)) {
      expect(f.sent).toBe(f.received + f.lost);
      expect(f.inFlight).toBe(0);
    }
    expect(s.m.net.pool.live).toBe(0);
  });
});
