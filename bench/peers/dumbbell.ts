import { fileURLToPath } from 'node:url';
import { constant, RandomStreams, Simulator } from '../../src/engine/index.js';
import { FlowRecorder } from '../../src/metrics/index.js';
import { ClassTable, Network, type Flow } from '../../src/net/index.js';
import { CbrSource } from '../../src/traffic/cbr.js';
import { PoissonSource } from '../../src/traffic/poisson.js';

/**
 * The dumbbell of bench/peers/dumbbell.cc in netsim, for the peer comparison (bench/peer.ts):
 * users h_i -- r1 (100 Mb/s, 1 ms), r1 -- r2 (the bottleneck, 10 ms), r2 -- s_i (100 Mb/s, 1 ms);
 * every queue one FIFO without a limit; each user sends to its sink a voice-like CBR flow (200 B
 * every 20 ms, users staggered over the interval) and a Poisson flow (800 B, 2 Mb/s). Sizes are what
 * the wire carries (ns-3's side sizes its UDP payload so its packets are these sizes with UDP, IPv4
 * and PPP headers). Packets are sent in [0, seconds); the run goes on 1 s to drain; delays are of the
 * packets sent in [0, seconds). Both sides are whole processes, timed from the outside.
 */
export interface PeerDumbbellOptions {
  users: number;
  seconds: number;
  /** Bottleneck rate, bit/s. */
  bottleneck: number;
  seed: number;
}

export interface ClassOutcome {
  sent: number;
  received: number;
  meanDelayMs: number;
}

export interface PeerDumbbellOutcome {
  users: number;
  seconds: number;
  realtime: ClassOutcome;
  business: ClassOutcome;
  /** netsim only: channel crossings and events, for packet-hops per second. */
  packetHops?: number;
  events?: number;
}

export function runPeerDumbbell(o: PeerDumbbellOptions): PeerDumbbellOutcome {
  const sim = new Simulator();
  const random = new RandomStreams(o.seed);
  const classes = new ClassTable([
    { name: 'realtime', priority: 0, weight: 1, dscp: 46 },
    { name: 'business', priority: 1, weight: 1, dscp: 18 },
  ]);
  const net = new Network(sim, classes, random);
  const fifo = { discipline: 'fifo' as const, limit: {} };
  const access = { rate: 100e6, delay: 0.001, queue: fifo };
  net.addNode('r1');
  net.addNode('r2');
  const core = { rate: o.bottleneck, delay: 0.01, queue: fifo };
  const bottleneck = net.addLink({ from: 'r1', to: 'r2', forward: core, reverse: core });
  const window = { start: 0, end: o.seconds };
  const byClass: Record<'realtime' | 'business', Flow[]> = { realtime: [], business: [] };
  for (let u = 0; u < o.users; u++) {
    net.addNode(`h${u}`, 'host');
    net.addNode(`s${u}`, 'host');
    const up = net.addLink({ from: `h${u}`, to: 'r1', forward: access, reverse: access });
    const down = net.addLink({ from: 'r2', to: `s${u}`, forward: access, reverse: access });
    const route = [up.forward, bottleneck.forward, down.forward];
    for (const cls of ['realtime', 'business'] as const) {
      const flow = net.addFlow(`${cls}:${u}`, classes.get(cls));
      flow.route = route;
      flow.observer = new FlowRecorder(window);
      byClass[cls].push(flow);
    }
    const ctx = (flow: Flow) => ({ net, flow, rng: random.stream(`flow:${flow.id}`), start: 0, stop: o.seconds });
    const voice = byClass.realtime[u];
    new CbrSource({ ...ctx(voice), start: (0.02 * u) / o.users }, 0.02, constant(200)).start();
    new PoissonSource(ctx(byClass.business[u]), 2e6 / 8 / 800, constant(800)).start();
  }
  // Static routes, no failures: fused as a scenario run would be (net/channel.ts).
  net.fuse(window, o.seconds + 1);
  sim.run(o.seconds + 1);
  net.closeCounters();
  const outcome = (flows: Flow[]): ClassOutcome => {
    let sent = 0;
    let received = 0;
    let sum = 0;
    for (const f of flows) {
      const r = f.observer as FlowRecorder;
      sent += r.sent;
      received += r.received;
      sum += r.latencySum;
    }
    return { sent, received, meanDelayMs: received > 0 ? (1000 * sum) / received : -1 };
  };
  let packetHops = 0;
  for (const ch of net.channels) packetHops += ch.counters.packets;
  return {
    users: o.users,
    seconds: o.seconds,
    realtime: outcome(byClass.realtime),
    business: outcome(byClass.business),
    packetHops,
    events: sim.events,
  };
}

/** `node dist/bench/peers/dumbbell.js --users=200 --seconds=2 --bottleneck=5e8 --seed=1`: one JSON line. */
function main(argv: string[]): void {
  const opt = { users: 200, seconds: 10, bottleneck: 5e8, seed: 1 };
  for (const a of argv) {
    const m = /^--(users|seconds|bottleneck|seed)=(.+)$/.exec(a);
    const v = m ? Number(m[2]) : NaN;
    if (!m || !Number.isFinite(v)) {
      process.stderr.write(
        `unknown or bad argument '${a}' (expected --users=N --seconds=S --bottleneck=BPS --seed=N)\n`,
      );
      process.exit(2);
    }
    opt[m[1] as keyof typeof opt] = v;
  }
  process.stdout.write(JSON.stringify(runPeerDumbbell(opt)) + '\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
