import { describe, expect, it } from 'vitest';
import { RandomStreams, Simulator, constant, exponential } from '../src/engine/index.js';
import { BackgroundTraffic, ClassTable, Network } from '../src/net/index.js';
import { linkStats } from '../src/metrics/index.js';

/**
 * Background traffic is Poisson at `load` of the channel's rate. Over T seconds the work offered
 * is a compound Poisson sum: its mean is load * T and its standard deviation, as a fraction of T,
 * is sqrt(lambda * E[S^2] / T) (S: service time, lambda: packets per second). The utilization
 * (busy time / T) equals the offered work up to the backlog at the window's edges (a few packets).
 * We allow four standard deviations.
 */
function run(load: number, sizeOf: 'constant' | 'exponential', seconds: number, seed = 1) {
  const sim = new Simulator();
  const random = new RandomStreams(seed);
  const net = new Network(sim, new ClassTable([{ name: 'bg', priority: 0, weight: 1, dscp: 0 }]), random);
  net.addNode('a');
  net.addNode('b');
  const rate = 10e6;
  const link = net.addLink({
    from: 'a',
    to: 'b',
    forward: { rate, delay: 0.002, queue: { discipline: 'fifo', limit: {} } },
    reverse: { rate, delay: 0.002 },
  });
  const flow = net.addFlow('bg:a-b', net.classes.get('bg'), true);
  const meanSize = 1000;
  const size = sizeOf === 'constant' ? constant(meanSize) : exponential(random.stream('bg-size'), meanSize);
  const bg = new BackgroundTraffic(net, link.forward, flow, load, size, random.stream('bg:a-b'));
  sim.at(0, () => net.openCounters());
  sim.at(seconds, () => net.closeCounters());
  bg.start();
  bg.stopAt(seconds);
  sim.run();
  const S = (meanSize * 8) / rate;
  const lambda = load / S;
  const meanS2 = sizeOf === 'constant' ? S * S : 2 * S * S;
  return { net, link, stats: linkStats(link.forward.counters), sd: Math.sqrt((lambda * meanS2) / seconds), lambda };
}

describe('background traffic', () => {
  for (const load of [0.3, 0.6, 0.9]) {
    it(`at load ${load} keeps the link busy a fraction ${load} of the time (constant sizes)`, () => {
      const { stats, sd, lambda } = run(load, 'constant', 200);
      expect(Math.abs(stats.utilization - load)).toBeLessThan(4 * sd);
      // Packets: Poisson count, standard deviation sqrt(lambda T).
      expect(Math.abs(stats.packets - lambda * 200)).toBeLessThan(4 * Math.sqrt(lambda * 200) + 5);
    });
  }

  it('with exponential sizes too (twice the second moment)', () => {
    const { stats, sd } = run(0.5, 'exponential', 200);
    expect(Math.abs(stats.utilization - 0.5)).toBeLessThan(4 * sd);
  });

  it('is never observed, crosses no wire, and leaves no packet behind', () => {
    const { net, stats, link } = run(0.5, 'constant', 5);
    expect(stats.packets).toBeGreaterThan(0);
    expect(link.reverse.counters.packets).toBe(0);
    // Released right after serialization, and stopped: every pooled packet came back.
    expect(net.pool.live).toBe(0);
  });

  it('refuses a load outside (0, 1.5)', () => {
    const sim = new Simulator();
    const net = new Network(sim, new ClassTable([{ name: 'bg', priority: 0, weight: 1, dscp: 0 }]));
    net.addNode('a');
    net.addNode('b');
    const link = net.addLink({
      from: 'a',
      to: 'b',
      forward: { rate: 1e6, delay: 0 },
      reverse: { rate: 1e6, delay: 0 },
    });
    const flow = net.addFlow('bg', net.classes.get('bg'), true);
    const rng = net.random.stream('x');
    expect(() => new BackgroundTraffic(net, link.forward, flow, 0, constant(100), rng)).toThrow(RangeError);
    expect(() => new BackgroundTraffic(net, link.forward, flow, 1.5, constant(100), rng)).toThrow(RangeError);
  });
});
