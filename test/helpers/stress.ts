import { exponential } from '../../src/engine/index.js';
import { BackgroundTraffic, type Flow } from '../../src/net/index.js';
import { Router, Topology, shortest } from '../../src/routing/index.js';
import type { RunResult } from '../../src/metrics/index.js';
import { DEFAULT_CLASSES, Mini } from './mini.js';

/**
 * A small network that goes through everything that loses packets, routed by the Router:
 *
 *   a --20 Mb/s, 1 ms, 1% loss--> b --5 Mb/s, 5 ms, priority, 30 pkts--> c --10 Mb/s, 2 ms--> d
 *
 * Flows a->d in four classes plus b->d offer about 9.4 Mb/s to the 5 Mb/s link b-c (overload:
 * queue drops); a-b loses 1% on the wire; link b-c fails at 12 s and is repaired at 14 s (packets
 * queued, in service and on the wire are lost; new packets have no route meanwhile); node c fails
 * at 20 s and comes back at 21 s. Optional Poisson background traffic at 30% on b-c.
 */
export const STRESS_WINDOW = { start: 0, end: 30 };

export interface Stress {
  m: Mini;
  flows: Flow[];
  /** Hook called at `at` seconds with the harness (in-flight checks). */
  probes: Array<{ at: number; check: (m: Mini) => void }>;
}

export function stress(seed: number, options: { background?: boolean } = {}): Stress {
  const m = new Mini(STRESS_WINDOW, seed, DEFAULT_CLASSES);
  const net = m.net;
  for (const n of ['a', 'b', 'c', 'd']) net.addNode(n);
  const q = (limit: number) => ({ discipline: 'priority' as const, limit: { packets: limit } });
  net.addLink({
    from: 'a',
    to: 'b',
    forward: { rate: 20e6, delay: 0.001, loss: 0.01, queue: q(100) },
    reverse: { rate: 20e6, delay: 0.001 },
  });
  const bc = net.addLink({
    from: 'b',
    to: 'c',
    forward: { rate: 5e6, delay: 0.005, queue: q(30) },
    reverse: { rate: 5e6, delay: 0.005 },
  });
  net.addLink({
    from: 'c',
    to: 'd',
    forward: { rate: 10e6, delay: 0.002, queue: q(100) },
    reverse: { rate: 10e6, delay: 0.002 },
  });
  const router = new Router(net, new Topology(net), shortest);

  const flows: Flow[] = [];
  const add = (id: string, cls: string, from: string): Flow => {
    const f = m.flow(id, cls, []);
    router.add({ flow: f, from, to: 'd', via: [], classRouting: 'any' });
    flows.push(f);
    return f;
  };
  m.cbr(add('voice', 'realtime', 'a'), 0.02, 200); // 0.08 Mb/s
  m.poisson(add('video', 'interactive', 'a'), 300, 1200); // 2.9 Mb/s
  m.poissonExpSize(add('backup', 'bulk', 'a'), 350, 1500); // 4.2 Mb/s
  m.poisson(add('crm', 'business', 'b'), 200, 1400); // 2.2 Mb/s

  if (options.background) {
    const bg = net.addFlow('bg:b-c', net.classes.get('bulk'), true);
    const rng = m.random.stream('bg:b-c');
    const traffic = new BackgroundTraffic(
      net,
      bc.forward,
      bg,
      0.3,
      exponential(m.random.stream('bg-size:b-c'), 1000),
      rng,
    );
    traffic.start();
    traffic.stopAt(STRESS_WINDOW.end);
  }

  m.sim.at(12, () => net.setLinkUp('b-c', false));
  m.sim.at(14, () => net.setLinkUp('b-c', true));
  m.sim.at(20, () => net.setNodeUp('c', false));
  m.sim.at(21, () => net.setNodeUp('c', true));
  return { m, flows, probes: [] };
}

/** Runs a stress network (probes first), then drains for 10 s. */
export function runStress(s: Stress): RunResult {
  for (const p of s.probes) s.m.sim.at(p.at, () => p.check(s.m));
  return s.m.run(10);
}
