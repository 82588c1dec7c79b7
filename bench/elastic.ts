import { constant, RandomStreams, Simulator } from '../src/engine/index.js';
import { FlowRecorder } from '../src/metrics/index.js';
import { ClassTable, Network, type ClassSpec, type Flow, type Hop } from '../src/net/index.js';
import { CbrSource } from '../src/traffic/cbr.js';
import { ELASTIC_DEFAULTS, ElasticSource } from '../src/traffic/elastic.js';
import { benchRuns, timed, type BenchFigure } from './figure.js';
import { measureSackAllocation } from './sack-alloc.js';

const CLASSES: ClassSpec[] = [
  { name: 'realtime', priority: 0, weight: 4, dscp: 46 },
  { name: 'bulk', priority: 3, weight: 1, dscp: 8 },
];

export interface ElasticRun {
  packetHops: number;
  events: number;
  wallSeconds: number;
  delivered: number;
  retransmissions: number;
  timeouts: number;
  utilization: number;
  fingerprint: string;
}

/**
 * An elastic-heavy dumbbell: `hosts` senders on 100 Mb/s, 1 ms access links into r1; a 1 Gb/s,
 * 10 ms bottleneck r1-r2 with a strict-priority queue of 2000 packets (about one bandwidth-delay
 * product); r2 to `hosts` receivers on 100 Mb/s, 1 ms links. Each host runs one unbounded elastic
 * transfer (bulk) and one voice call (realtime cbr, 200 B every 20 ms). Data and ACKs each cross
 * three channels, so per delivered segment there are six packet-hops.
 */
export function buildElastic(hosts: number, seconds: number, seed: number, jitter: number = ELASTIC_DEFAULTS.jitter) {
  const sim = new Simulator();
  const random = new RandomStreams(seed);
  const net = new Network(sim, new ClassTable(CLASSES), random);
  const access = { rate: 100e6, delay: 0.001, queue: { discipline: 'fifo' as const, limit: { packets: 500 } } };
  net.addNode('r1');
  net.addNode('r2');
  const bottleneck = net.addLink({
    from: 'r1',
    to: 'r2',
    forward: { rate: 1e9, delay: 0.01, queue: { discipline: 'priority', limit: { packets: 2000 } } },
    reverse: { rate: 1e9, delay: 0.01 },
  });
  const window = { start: 0, end: seconds };
  const flows: Flow[] = [];
  const add = (id: string, cls: string, route: Hop[]): Flow => {
    const flow = net.addFlow(id, net.classes.get(cls));
    flow.route = route;
    flow.observer = new FlowRecorder(window);
    flows.push(flow);
    return flow;
  };
  const sources: ElasticSource[] = [];
  for (let h = 0; h < hosts; h++) {
    net.addNode(`h${h}`, 'host');
    net.addNode(`s${h}`, 'host');
    const up = net.addLink({ from: `h${h}`, to: 'r1', forward: access, reverse: access });
    const down = net.addLink({ from: 'r2', to: `s${h}`, forward: access, reverse: access });
    const data = add(`bulk:${h}`, 'bulk', [up.forward, bottleneck.forward, down.forward]);
    const acks = add(`bulk:${h}~back`, 'bulk', [down.reverse, bottleneck.reverse, up.reverse]);
    const ctx = {
      net,
      flow: data,
      reverse: acks,
      rng: random.stream(`flow:${data.id}`),
      start: (h / hosts) * 0.1,
      stop: seconds,
    };
    const src = new ElasticSource(ctx, { ...ELASTIC_DEFAULTS, jitter });
    src.start();
    sources.push(src);
    const voice = add(`voice:${h}`, 'realtime', [up.forward, bottleneck.forward, down.forward]);
    new CbrSource(
      { net, flow: voice, rng: random.stream(`flow:${voice.id}`), start: (h / hosts) * 0.02, stop: seconds },
      0.02,
      constant(200),
    ).start();
  }
  sim.at(0, () => net.openCounters());
  return { sim, net, flows, sources, bottleneck, seconds };
}

/** Runs a built elastic dumbbell; the wall time covers the run only, not the build. */
export function runBuiltElastic(built: ReturnType<typeof buildElastic>): ElasticRun {
  const { sim, net, flows, sources, bottleneck, seconds } = built;
  const wallSeconds = timed(() => sim.run(seconds));
  net.closeCounters();
  let packetHops = 0;
  for (const ch of net.channels) packetHops += ch.counters.packets;
  let delivered = 0;
  for (const f of flows) delivered += (f.observer as FlowRecorder).received;
  const c = bottleneck.forward.counters;
  return {
    packetHops,
    events: sim.events,
    wallSeconds,
    delivered,
    retransmissions: sources.reduce((s, x) => s + x.retransmissions, 0),
    timeouts: sources.reduce((s, x) => s + x.timeouts, 0),
    utilization: c.busyTime / c.window,
    fingerprint: sim.fingerprint,
  };
}

const HOSTS = 100;
const SECONDS = 4;
const RUNS = 5;

export async function run(): Promise<BenchFigure[]> {
  const timedRuns = await benchRuns('elastic', () => buildElastic(HOSTS, SECONDS, 1), runBuiltElastic, RUNS);
  const runs = timedRuns.outputs;
  const first = runs[0];
  for (const r of runs) if (r.fingerprint !== first.fingerprint) throw new Error('elastic runs with one seed differ');
  const alloc = measureSackAllocation();
  const setup = `${HOSTS} elastic transfers + ${HOSTS} voice calls, ${SECONDS} simulated s, 1 Gb/s priority bottleneck`;
  return [
    {
      name: 'elastic dumbbell packet-hops',
      value: first.packetHops / timedRuns.wall,
      unit: 'hops/s',
      note:
        `${setup}; ${first.packetHops} hops (data and ACKs), bottleneck utilization ` +
        `${first.utilization.toFixed(3)}, ${first.retransmissions} retransmissions, ${first.timeouts} timeouts; ` +
        `tinybench median of ${RUNS} runs, rme ${timedRuns.rme.toFixed(1)}%`,
    },
    {
      name: 'elastic dumbbell packet-hops per CPU second',
      value: first.packetHops / timedRuns.cpu,
      unit: 'hops/s',
      note: 'the same runs timed by process CPU time (user + system)',
    },
    {
      name: 'elastic dumbbell events',
      value: first.events / timedRuns.wall,
      unit: 'events/s',
      note: `${first.events} events per run`,
    },
    {
      name: 'elastic dumbbell wall time',
      value: timedRuns.wall,
      unit: 's',
      note: `${SECONDS} simulated s, run only (build excluded)`,
    },
    {
      name: 'SACK receiver + scoreboard: heap allocated per ACK',
      value: alloc.bytesPerAck,
      unit: 'B/ACK',
      note:
        `${alloc.acks} ACKs (one loss per 37 segments, 64 outstanding), ${alloc.collections} garbage collections; ` +
        'heap growth plus what collections freed (bench/sack-alloc.ts)',
    },
  ];
}
