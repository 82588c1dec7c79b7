import { Bench } from 'tinybench';
import { RandomStreams } from '../src/engine/random.js';
import { FlowRecorder } from '../src/metrics/index.js';
import { JitterBuffer, NETEQ_PLAYOUT } from '../src/metrics/voice/index.js';
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

/** tinybench's median wall time per packet of `fn` (one batch of BATCH packets per call). */
async function wallNsPerPacket(name: string, fn: () => void): Promise<{ ns: number; rme: number }> {
  const bench = new Bench({ time: 2000, iterations: 20, warmupIterations: 5 });
  bench.add(name, fn);
  await bench.run();
  const r = bench.tasks[0].result;
  if (r.state !== 'completed') throw new Error(`voice benchmark '${name}' did not complete (${r.state})`);
  return { ns: (r.latency.p50 * 1e6) / BATCH, rme: r.latency.rme };
}

const ROUNDS = 30;
const WARM_ROUNDS = 5;

/**
 * CPU ns per packet of each contender, run in turns (one batch each per round) so that the load
 * of a shared machine falls on all of them alike: the median over the rounds after the warm-up.
 */
function interleavedCpuNs(contenders: ReadonlyArray<() => void>): number[] {
  const samples: number[][] = contenders.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    contenders.forEach((fn, i) => {
      const c0 = process.cpuUsage();
      fn();
      const c = process.cpuUsage(c0);
      if (round >= WARM_ROUNDS) samples[i].push(((c.user + c.system) * 1e3) / BATCH);
    });
  }
  return samples.map(median);
}

export async function run(): Promise<BenchFigure[]> {
  const s = stream();
  const adaptive = new JitterBuffer({ policy: NETEQ_PLAYOUT, packetization: INTERVAL });
  const fixed = new JitterBuffer({ policy: { kind: 'fixed', delay: 0.04 }, packetization: INTERVAL });
  const rec = new FlowRecorder({ start: 0, end: Infinity });
  const pkt = new Packet();
  let seqA = 0;
  let seqF = 0;
  let seqR = 0;
  const contenders: Array<[string, () => void]> = [
    ['jitter buffer, adaptive (NetEq-like)', () => (seqA = feedBuffer(adaptive, s, seqA, BATCH))],
    ['jitter buffer, fixed 40 ms', () => (seqF = feedBuffer(fixed, s, seqF, BATCH))],
    ['for scale: FlowRecorder.onReceived', () => (seqR = feedRecorder(rec, pkt, s, seqR, BATCH))],
  ];
  const figures: BenchFigure[] = [];
  for (const [name, fn] of contenders) {
    const r = await wallNsPerPacket(name, fn);
    figures.push({
      name,
      value: r.ns,
      unit: 'ns/packet',
      note:
        `50-pps stream, 2% lost, jitter < 10 ms; tinybench median wall time of batches of ${BATCH / 1000}k, ` +
        `rme ${r.rme.toFixed(1)}%`,
    });
  }
  const cpu = interleavedCpuNs(contenders.map(([, fn]) => fn));
  contenders.forEach(([name], i) =>
    figures.push({
      name: `${name}, CPU, interleaved`,
      value: cpu[i],
      unit: 'ns/packet',
      note: `median CPU time of ${ROUNDS - WARM_ROUNDS} rounds, the three run in turns (one batch each per round)`,
    }),
  );
  return figures;
}
