import { describe, expect, it } from 'vitest';
import { exponential } from '../src/engine/index.js';
import type { Discipline, NetworkModel } from '../src/net/index.js';
import { Mini } from './helpers/mini.js';

/**
 * What a sampler during the run (a time series at window boundaries) reads of a channel: its
 * counters as of a time t (Channel.countersAt) must be the event model's at t, although a lazy FIFO
 * channel records each stay whole when it admits it (so its own counters hold parts later than t).
 * Three hops (access, bottleneck with background and wire loss, egress) offered about 1.1 times the
 * bottleneck; read at instants inside busy periods. The event model is the reference: with
 * continuous random times the trajectories are the same, so counts are equal and integrals equal up
 * to float order (1e-9). A network whose state is watched (Network.watchState) fuses nothing.
 */
const TIMES = [1.5, 3.25, 6.125, 9.0625];

function run(discipline: Discipline, model: NetworkModel, watch: boolean) {
  const m = new Mini({ start: 1, end: 11 }, 3, undefined, model);
  const net = m.net;
  for (const n of ['s', 'r1', 'r2', 'd']) net.addNode(n);
  const fifo = { discipline: 'fifo' as const, limit: { packets: 50 } };
  const up = net.addLink({
    id: 'up',
    from: 's',
    to: 'r1',
    forward: { rate: 100e6, delay: 0.001, queue: fifo },
    reverse: { rate: 1e6, delay: 0.001 },
  });
  const queue = { discipline, limit: { packets: 30 } };
  const mid = net.addLink({
    id: 'mid',
    from: 'r1',
    to: 'r2',
    forward: { rate: 20e6, delay: 0.01, queue, loss: 0.01 },
    reverse: { rate: 1e6, delay: 0.01 },
  });
  const down = net.addLink({
    id: 'down',
    from: 'r2',
    to: 'd',
    forward: { rate: 30e6, delay: 0.001, queue: fifo },
    reverse: { rate: 1e6, delay: 0.001 },
  });
  const bg = net.addBackground(
    mid.forward,
    0.3,
    exponential(m.random.stream('bg:size'), 1000),
    m.random.stream('bg'),
    net.classes.get('bulk'),
  );
  bg.start();
  bg.stopAt(m.window.end);
  const route = [up.forward, mid.forward, down.forward];
  for (const cls of ['realtime', 'business', 'bulk'])
    m.poissonExpSize(m.flow(cls, cls, route), (0.8 * 20e6) / 3 / 8 / 700, 700);
  if (watch) net.watchState('test sampler');
  const seen: Record<string, number>[] = [];
  for (const t of TIMES) {
    m.sim.at(t, () => {
      for (const ch of [up.forward, mid.forward, down.forward]) {
        const c = ch.countersAt(t);
        const { packets, bytes, drops, busyTime, queueArea } = c;
        seen.push({ t, packets, bytes, drops, busyTime, queueArea, backlog: ch.backlog });
      }
    });
  }
  const fused = net.fuse(m.window, m.window.end + 2);
  m.run(2);
  return { seen, fused };
}

describe('channel state at a time, for samplers during the run', () => {
  for (const discipline of ['fifo', 'priority'] as const) {
    it(`${discipline}: countersAt(t) and backlog are the event model's at t`, () => {
      const reference = run(discipline, { channels: 'events', background: 'packets' }, false);
      const lazy = run(discipline, {}, true);
      expect(lazy.fused).toBe(0);
      expect(lazy.seen.length).toBe(reference.seen.length);
      // The samples see traffic: the bottleneck is busy and queued at some of them.
      expect(reference.seen.some((s) => s.backlog > 1)).toBe(true);
      reference.seen.forEach((r, i) => {
        const l = lazy.seen[i];
        for (const k of Object.keys(r)) {
          const tol = 1e-9 * Math.max(Math.abs(r[k]), 1e-12);
          expect(Math.abs(l[k] - r[k]), `t=${r.t} ${k}`).toBeLessThanOrEqual(tol);
        }
      });
    });
  }

  it('a fused channel refuses to be read at a time; watching after fusing is refused', () => {
    const m = new Mini({ start: 0, end: 1 });
    const [a, b] = m.chain(2, 1e6, 0.001, { discipline: 'fifo', limit: {} });
    m.flow('f', 'business', [a.forward, b.forward]);
    expect(m.net.fuse(m.window, 2)).toBe(1);
    expect(() => b.forward.countersAt(0)).toThrow(/fused/);
    expect(() => m.net.watchState('late')).toThrow(/before fuse/);
  });
});
