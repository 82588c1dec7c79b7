import { Bench } from 'tinybench';
import { RandomStreams } from '../src/engine/random.js';
import { FlowRecorder } from '../src/metrics/index.js';
import { JitterBuffer, NETEQ_PLAYOUT, type PlayoutPolicy } from '../src/metrics/voice/index.js';
import { Packet } from '../src/net/index.js';
import { median, type BenchFigure } from './figure.js';

/** Packets per timed iteration. */
const BATCH = 100_000;
const INTERVAL = 0.02;
/** A 64k table of transits (30 ms + uniform jitter under 10 ms, so arrival order is sending order) and losses (2%). */
const TABLE = 1 << 16;

interface Stream {
  transit: Float64Array;
  lost: Uint8Array;
}

function stream(): Stream {
  const rng = new RandomStreams(1).stream('voice-bench');
  const transit = new Float64Array(TABLE);
  const lost = new Uint8Array(TABLE);
  for (let i = 0; i < TABLE; i++) {
    transit[i] = 0.03 + 0.01 * rng();
    lost[i] = rng() < 0.02 ? 1 : 0;
  }
  return { transit, lost };
}

/** Feeds `n` packets of an endless 50-pps stream, from sequence number `from`; returns the next one. */
function feedBuffer(jb: JitterBuffer, s: Stream, from: number, n: number): number {
  const mask = TABLE - 1;
  for (let seq = from; seq < from + n; seq++) {
    const k = seq & mask;
    if (s.lost[k] === 1) continue;
    const sent = seq * INTERVAL;
    jb.onPacket(sent, sent + s.transit[k], seq);
  }
  return from + n;
}

/** The same stream into a FlowRecorder (what every received packet already costs), for scale. */
function feedRecorder(rec: FlowRecorder, pkt: Packet, s: Stream, from: number, n: number): number {
  const mask = TABLE - 1;
  for (let seq = from; seq < from + n; seq++) {
    const k = seq & mask;
    if (s.lost[k] === 1) continue;
    pkt.created = seq * INTERVAL;
    rec.onReceived(pkt, pkt.created + s.transit[k]);
  }
  return from + n;
}

/**
 * ns per packet of `fn` (one batch of BATCH packets per call): tinybench's median wall time, and
 * the median CPU time (user + system) of the timed calls, which other processes on a shared
 * machine stretch less.
 */
async function nsPerPacket(name: string, fn: () => void): Promise<{ wall: number; cpu: number; rme: number }> {
  const cpus: number[] = [];
  const bench = new Bench({ time: 2000, iterations: 20, warmupIterations: 5 });
  bench.add(name, () => {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    cpus.push(c.user + c.system);
  });
  await bench.run();
  const r = bench.tasks[0].result;
  if (r.state !== 'completed') throw new Error(`voice benchmark '${name}' did not complete (${r.state})`);
  return { wall: (r.latency.p50 * 1e6) / BATCH, cpu: (median(cpus.slice(5)) * 1e3) / BATCH, rme: r.latency.rme };
}

export async function run(): Promise<BenchFigure[]> {
  const s = stream();
  const figures: BenchFigure[] = [];
  const policies: Array<[string, PlayoutPolicy]> = [
    ['adaptive (NetEq-like)', NETEQ_PLAYOUT],
    ['fixed 40 ms', { kind: 'fixed', delay: 0.04 }],
  ];
  for (const [label, policy] of policies) {
    const jb = new JitterBuffer({ policy, packetization: INTERVAL });
    let seq = 0;
    const r = await nsPerPacket(label, () => (seq = feedBuffer(jb, s, seq, BATCH)));
    figures.push(
      {
        name: `jitter buffer, ${label}`,
        value: r.wall,
        unit: 'ns/packet',
        note: `onPacket on a 50-pps stream (2% lost, jitter < 10 ms), median wall time of tinybench batches of ${BATCH / 1000}k, rme ${r.rme.toFixed(1)}%`,
      },
      {
        name: `jitter buffer, ${label}, CPU`,
        value: r.cpu,
        unit: 'ns/packet',
        note: 'median CPU time of the same batches',
      },
    );
  }
  const rec = new FlowRecorder({ start: 0, end: Infinity });
  const pkt = new Packet();
  let seq = 0;
  const r = await nsPerPacket('recorder', () => (seq = feedRecorder(rec, pkt, s, seq, BATCH)));
  figures.push(
    {
      name: 'for scale: FlowRecorder.onReceived',
      value: r.wall,
      unit: 'ns/packet',
      note: 'the same stream into the per-flow statistics every received packet already updates (wall)',
    },
    { name: 'for scale: FlowRecorder.onReceived, CPU', value: r.cpu, unit: 'ns/packet', note: 'median CPU time' },
  );
  return figures;
}
