import { Bench } from 'tinybench';
import { Packet, PacketPool, type Network } from '../src/net/index.js';
import { runDumbbell, type DumbbellRun } from './dumbbell.js';
import { median, type BenchFigure } from './figure.js';

/** A pool that does not pool: every packet is a new object, released ones are left to the GC. */
class AllocatingPool extends PacketPool {
  private ids = 0;

  override alloc(): Packet {
    const p = new Packet();
    p.id = this.ids++;
    this.live++;
    return p;
  }

  override release(_p: Packet): void {
    this.live--;
  }
}

/** Swaps the network's packet pool before any packet exists (benchmark only: the field is readonly). */
function allocating(net: Network): void {
  (net as unknown as { pool: PacketPool }).pool = new AllocatingPool();
}

/** Packets alive at once in the micro-benchmark: about what a busy 1 Gb/s, 10 ms path holds. */
const LIVE = 2048;
const BATCH = 100_000;

/**
 * The packet life cycle alone: take a packet, fill the fields the network fills, keep it alive
 * while LIVE newer ones are created, then release it. Returns ns per packet (median, tinybench).
 */
async function cycle(pool: PacketPool): Promise<number> {
  const live: (Packet | undefined)[] = new Array(LIVE).fill(undefined);
  let at = 0;
  let t = 0;
  const bench = new Bench({ time: 1500, iterations: 10, warmupIterations: 3 });
  bench.add('cycle', () => {
    for (let i = 0; i < BATCH; i++) {
      const old = live[at];
      if (old !== undefined) pool.release(old);
      const p = pool.alloc();
      p.size = 1500;
      p.created = t += 1e-6;
      p.enqueued = t;
      p.cls = 2;
      live[at] = p;
      at = (at + 1) & (LIVE - 1);
    }
  });
  await bench.run();
  const r = bench.tasks[0].result;
  if (r.state !== 'completed') throw new Error(`pool benchmark did not complete (${r.state})`);
  return (r.latency.p50 * 1e6) / BATCH;
}

const HOSTS = 200;
const SECONDS = 2;
const RUNS = 5;

export async function run(): Promise<BenchFigure[]> {
  const pooledNs = await cycle(new PacketPool());
  const allocNs = await cycle(new AllocatingPool());
  // The same dumbbell, pooled and allocating, interleaved so machine noise hits both alike.
  runDumbbell({ hosts: HOSTS, seconds: 0.5, seed: 1 });
  runDumbbell({ hosts: HOSTS, seconds: 0.5, seed: 1, prepare: allocating });
  const pooled: DumbbellRun[] = [];
  const alloc: DumbbellRun[] = [];
  for (let i = 0; i < RUNS; i++) {
    pooled.push(runDumbbell({ hosts: HOSTS, seconds: SECONDS, seed: 1 }));
    alloc.push(runDumbbell({ hosts: HOSTS, seconds: SECONDS, seed: 1, prepare: allocating }));
  }
  if (pooled[0].fingerprint !== alloc[0].fingerprint) throw new Error('pooling changed the trajectory');
  const hops = (runs: DumbbellRun[]) => median(runs.map((r) => r.packetHops / r.wallSeconds));
  const setup = `dumbbell ${HOSTS} hosts, ${SECONDS} simulated s, median of ${RUNS} interleaved runs`;
  return [
    {
      name: 'packet life cycle, pooled',
      value: pooledNs,
      unit: 'ns/packet',
      note: `alloc + fill + release with ${LIVE} packets alive`,
    },
    {
      name: 'packet life cycle, new Packet()',
      value: allocNs,
      unit: 'ns/packet',
      note: 'the same with a fresh object per packet, garbage collected',
    },
    { name: 'dumbbell packet-hops, pooled', value: hops(pooled), unit: 'hops/s', note: setup },
    { name: 'dumbbell packet-hops, new Packet()', value: hops(alloc), unit: 'hops/s', note: setup },
  ];
}
