/**
 * Background at scale (issue 13, round two), measured outside the test suite: one 10 Gb/s FIFO
 * segment direction as bench/hybrid.ts's places have it (a 20 ms byte buffer), carrying 50% Poisson
 * background (exponential sizes, mean 1000 B: about 625,000 arrivals/s) and, with `mix`, the fluid
 * load of 9,000 users beside it (web responses, lognormal 60 KB / 120 KB at 1,800/s; audio, 200 B
 * at 45,000/s), probed by a sparse CBR flow (200 B every ms). Prints process CPU time, the CPU per
 * work arrival, and the probe's and the link's figures (to compare two builds: equal streams give
 * equal figures).
 *
 *   node dist/bench/background.js SECONDS [single|mix] [SEED]
 *
 * CPU time, not wall time: the machine is shared (bench/RESULTS.md).
 */
import { RandomStreams, Simulator, constant, type Sampler } from '../src/engine/index.js';
import { ClassTable, Network } from '../src/net/index.js';
import { ExponentialSizes, workSizes } from '../src/net/work.js';
import { FlowRecorder, buildResult } from '../src/metrics/index.js';
import { CbrSource } from '../src/traffic/cbr.js';

const RATE = 10e9;

export function runSegment(seconds: number, mix: boolean, seed = 1) {
  const sim = new Simulator();
  const random = new RandomStreams(seed);
  const classes = new ClassTable([
    { name: 'realtime', priority: 0, weight: 4, dscp: 46 },
    { name: 'bulk', priority: 3, weight: 1, dscp: 8 },
  ]);
  const net = new Network(sim, classes, random);
  net.addNode('a');
  net.addNode('b');
  const queue = { discipline: 'fifo' as const, limit: { bytes: (RATE / 8) * 0.02 } };
  const link = net.addLink({
    from: 'a',
    to: 'b',
    forward: { rate: RATE, delay: 0.001, queue },
    reverse: { rate: RATE, delay: 0.001, queue },
  });
  const window = { start: 1, end: 1 + seconds };
  const bulk = net.classes.get('bulk');
  // Sizes and gaps as the catalog draws them (generators, and the size classes the work loop inlines).
  const loads: [string, number, Sampler][] = [['bg', 0.5, new ExponentialSizes(random.generator('bg:size'), 1000)]];
  if (mix)
    loads.push(
      [
        'web',
        (1800 * 8 * 60e3) / RATE,
        workSizes({ dist: 'lognormal', mean: 60e3, stddev: 120e3 }, random.generator('web:size')),
      ],
      ['audio', (45000 * 8 * 200) / RATE, workSizes(200, random.generator('audio:size'))],
    );
  for (const [name, load, size] of loads) {
    const bg = net.addBackground(link.forward, load, size, random.generator(name), bulk);
    bg.start();
    bg.stopAt(window.end);
  }
  const flow = net.addFlow('probe', net.classes.get('realtime'));
  flow.route = [link.forward];
  const rec = new FlowRecorder(window);
  flow.observer = rec;
  new CbrSource({ net, flow, rng: random.stream('probe'), start: 0, stop: window.end }, 0.001, constant(200)).start();
  sim.at(window.start, () => net.openCounters());
  sim.at(window.end, () => net.closeCounters());
  sim.run(window.end + 0.1);
  return buildResult({
    scenario: 'background',
    variant: null,
    policy: 'static',
    seed,
    window,
    simulatedSeconds: sim.now,
    events: sim.events,
    fingerprint: sim.fingerprint,
    wallSeconds: 0,
    classes: classes.list.map((c) => c.name),
    sla: {},
    flows: [{ id: 'probe', className: 'realtime', recorder: rec, path: flow.path }],
    links: net.links.values(),
  });
}

function main(): void {
  const seconds = Number(process.argv[2] ?? 10);
  const mix = process.argv[3] === 'mix';
  const seed = Number(process.argv[4] ?? 1);
  const c0 = process.cpuUsage();
  const r = runSegment(seconds, mix, seed);
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1e6;
  const f = r.links['a-b'].forward;
  const arrivals = f.packets + f.drops;
  console.log(
    JSON.stringify({
      seconds,
      mix,
      cpuSeconds: cpu,
      nsPerArrival: Math.round((cpu * 1e9) / arrivals),
      arrivals,
      link: f,
      probe: r.flows.probe.latencyMs,
    }),
  );
}

if (process.argv[1]?.endsWith('background.js')) main();
