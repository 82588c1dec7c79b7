import { constant, RandomStreams, Simulator } from '../src/engine/index.js';
import { FlowRecorder } from '../src/metrics/index.js';
import { ClassTable, Network, type ClassSpec, type Flow, type Hop } from '../src/net/index.js';
import { CbrSource } from '../src/traffic/cbr.js';
import { PoissonSource } from '../src/traffic/poisson.js';
import { benchRuns, timedWithCpu, type BenchFigure } from './figure.js';

const CLASSES: ClassSpec[] = [
  { name: 'realtime', priority: 0, weight: 4, dscp: 46 },
  { name: 'business', priority: 2, weight: 2, dscp: 18 },
  { name: 'bulk', priority: 3, weight: 1, dscp: 8 },
];

export interface DumbbellOptions {
  /** Source hosts (each with its own sink host across the bottleneck). */
  hosts: number;
  /** Simulated seconds. */
  seconds: number;
  seed: number;
  /** Called on the network before traffic starts (the pool benchmark swaps the packet pool). */
  prepare?: (net: Network) => void;
  /** Fuse single-feeder channels (default true, as scenario runs do). */
  fuse?: boolean;
}

export interface DumbbellRun {
  packetHops: number;
  events: number;
  wallSeconds: number;
  cpuSeconds: number;
  delivered: number;
  dropped: number;
  fingerprint: string;
}

/**
 * A dumbbell: `hosts` sources, each on its own 100 Mb/s, 1 ms access link to router `r1`; one
 * 1 Gb/s, 10 ms bottleneck `r1`-`r2` with a strict-priority queue of 1000 packets; `r2` to `hosts`
 * sinks on 100 Mb/s, 1 ms links. Every source sends three flows to its sink: voice-like CBR
 * (realtime, 200 B every 20 ms), Poisson business (800 B, 2 Mb/s) and Poisson bulk (1500 B,
 * 3.2 Mb/s). With 200 hosts the bottleneck is offered about 1.05 Gb/s, so it stays busy, its queue
 * fills and bulk loses packets, while realtime goes first. A packet crosses three channels.
 */
export function buildDumbbell(opts: DumbbellOptions): { sim: Simulator; net: Network; flows: Flow[] } {
  const sim = new Simulator();
  const random = new RandomStreams(opts.seed);
  const net = new Network(sim, new ClassTable(CLASSES), random);
  opts.prepare?.(net);
  const access = { rate: 100e6, delay: 0.001, queue: { discipline: 'fifo' as const, limit: { packets: 200 } } };
  net.addNode('r1');
  net.addNode('r2');
  const bottleneck = net.addLink({
    from: 'r1',
    to: 'r2',
    forward: { rate: 1e9, delay: 0.01, queue: { discipline: 'priority', limit: { packets: 1000 } } },
    reverse: { rate: 1e9, delay: 0.01 },
  });
  const window = { start: 0, end: opts.seconds };
  const flows: Flow[] = [];
  const add = (host: number, cls: string, route: Hop[]): Flow => {
    const flow = net.addFlow(`${cls}:${host}`, net.classes.get(cls));
    flow.route = route;
    flow.observer = new FlowRecorder(window);
    flows.push(flow);
    return flow;
  };
  for (let h = 0; h < opts.hosts; h++) {
    net.addNode(`h${h}`, 'host');
    net.addNode(`s${h}`, 'host');
    const up = net.addLink({ from: `h${h}`, to: 'r1', forward: access, reverse: access });
    const down = net.addLink({ from: 'r2', to: `s${h}`, forward: access, reverse: access });
    const route = [up.forward, bottleneck.forward, down.forward];
    const ctx = (flow: Flow) => ({ net, flow, rng: random.stream(`flow:${flow.id}`), start: 0, stop: opts.seconds });
    const voice = add(h, 'realtime', route);
    // Stagger the voice calls over one interval so they do not all fire at the same instant.
    new CbrSource({ ...ctx(voice), start: (h / opts.hosts) * 0.02 }, 0.02, constant(200)).start();
    const business = add(h, 'business', route);
    new PoissonSource(ctx(business), 2e6 / 8 / 800, constant(800)).start();
    const bulk = add(h, 'bulk', route);
    new PoissonSource(ctx(bulk), 3.2e6 / 8 / 1500, constant(1500)).start();
  }
  // Static routes and no failures, as buildSimulation fuses scenario runs (net/channel.ts).
  if (opts.fuse ?? true) net.fuse({ start: 0, end: opts.seconds }, opts.seconds);
  else sim.at(0, () => net.openCounters());
  return { sim, net, flows };
}

/** Runs a built dumbbell for `seconds`; the wall time covers the run only, not the build. */
export function runBuiltDumbbell(built: ReturnType<typeof buildDumbbell>, seconds: number): DumbbellRun {
  const { sim, net, flows } = built;
  const { wall: wallSeconds, cpu: cpuSeconds } = timedWithCpu(() => sim.run(seconds));
  net.closeCounters();
  let packetHops = 0;
  for (const ch of net.channels) packetHops += ch.counters.packets;
  let delivered = 0;
  let dropped = 0;
  for (const f of flows) {
    const rec = f.observer as FlowRecorder;
    delivered += rec.received;
    dropped += rec.lost;
  }
  return { packetHops, events: sim.events, wallSeconds, cpuSeconds, delivered, dropped, fingerprint: sim.fingerprint };
}

/** Builds and runs one dumbbell; the wall time covers the run only, not the build. */
export function runDumbbell(opts: DumbbellOptions): DumbbellRun {
  return runBuiltDumbbell(buildDumbbell(opts), opts.seconds);
}

const HOSTS = 200;
const SECONDS = 4;
const RUNS = 5;

export async function run(): Promise<BenchFigure[]> {
  const opts = { hosts: HOSTS, seconds: SECONDS, seed: 1 };
  const timed = await benchRuns(
    'dumbbell',
    () => buildDumbbell(opts),
    (built) => runBuiltDumbbell(built, SECONDS),
    RUNS,
  );
  const runs = timed.outputs;
  const first = runs[0];
  for (const r of runs) if (r.fingerprint !== first.fingerprint) throw new Error('dumbbell runs with one seed differ');
  const setup = `${HOSTS} hosts x 3 flows, ${SECONDS} simulated s, 1 Gb/s priority bottleneck`;
  return [
    {
      name: 'dumbbell packet-hops',
      value: first.packetHops / timed.wall,
      unit: 'hops/s',
      note:
        `${setup}; ${first.packetHops} hops (${first.delivered} delivered, ${first.dropped} dropped); tinybench ` +
        `median of ${RUNS} runs, rme ${timed.rme.toFixed(1)}%`,
    },
    {
      name: 'dumbbell packet-hops per CPU second',
      value: first.packetHops / timed.cpu,
      unit: 'hops/s',
      note: 'the same runs timed by process CPU time (user + system): less sensitive to other load',
    },
    {
      name: 'dumbbell events',
      value: first.events / timed.wall,
      unit: 'events/s',
      note: `${first.events} events per run`,
    },
    {
      name: 'dumbbell wall time',
      value: timed.wall,
      unit: 's',
      note: `${SECONDS} simulated s, run only (build excluded)`,
    },
  ];
}
