import { buildDumbbell, runBuiltDumbbell } from './dumbbell.js';
import { buildElastic, runBuiltElastic } from './elastic.js';
import { median, timedWithCpu, type BenchFigure } from './figure.js';

/**
 * What the delay ledger (src/net/delay-ledger.ts: a call when a packet starts its serialization and
 * one per drop, flat per-(class, direction) sums and a short list per flow) costs on the hot path:
 * the dumbbell and the elastic dumbbell, built without and with it, run alternately (A B A B ...)
 * in one process after one warm-up run of each, so both see the same JIT state and, as nearly as a
 * shared machine allows, the same other load. Timed by process CPU time; the figure is the median
 * over pairs of (with / without) - 1. Both runs of a pair must have the same trajectory fingerprint:
 * the ledger observes, it never changes what happens.
 */
const PAIRS = 8;

interface Case {
  name: string;
  run(ledger: boolean): { cpu: number; hops: number; fingerprint: string };
}

const CASES: Case[] = [
  {
    name: 'dumbbell',
    run(ledger) {
      const built = buildDumbbell({ hosts: 200, seconds: 2, seed: 1, ledger });
      const r = runBuiltDumbbell(built, 2);
      return { cpu: r.cpuSeconds, hops: r.packetHops, fingerprint: r.fingerprint };
    },
  },
  {
    name: 'elastic dumbbell',
    run(ledger) {
      const built = buildElastic(100, 2, 1, undefined, ledger);
      let out: ReturnType<typeof runBuiltElastic> | undefined;
      const { cpu } = timedWithCpu(() => (out = runBuiltElastic(built)));
      return { cpu, hops: out!.packetHops, fingerprint: out!.fingerprint };
    },
  },
];

export async function run(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  for (const c of CASES) {
    c.run(false);
    c.run(true);
    const without: number[] = [];
    const withLedger: number[] = [];
    const ratios: number[] = [];
    let hops = 0;
    for (let i = 0; i < PAIRS; i++) {
      // Alternate which goes first, so a drift in the machine's load favours neither.
      const order = i % 2 === 0 ? [false, true] : [true, false];
      const r: Record<string, { cpu: number; hops: number; fingerprint: string }> = {};
      for (const ledger of order) r[String(ledger)] = c.run(ledger);
      if (r.true.fingerprint !== r.false.fingerprint) throw new Error(`${c.name}: the ledger changed the trajectory`);
      hops = r.false.hops;
      without.push(r.false.cpu);
      withLedger.push(r.true.cpu);
      ratios.push(r.true.cpu / r.false.cpu - 1);
    }
    const a = median(without);
    const b = median(withLedger);
    figures.push(
      {
        name: `${c.name}: CPU ns per packet-hop without / with the delay ledger`,
        value: Math.round((b / hops) * 1e9),
        unit: 'ns',
        note:
          `without ${Math.round((a / hops) * 1e9)} ns, with ${Math.round((b / hops) * 1e9)} ns ` +
          `(medians of ${PAIRS} runs each, ${hops} hops per run)`,
      },
      {
        name: `${c.name}: delay ledger cost`,
        value: Math.round(median(ratios) * 1000) / 10,
        unit: '%',
        note:
          `median over ${PAIRS} alternated pairs of CPU(with) / CPU(without) - 1; pairs: ` +
          ratios.map((x) => (x * 100).toFixed(1)).join(', '),
      },
    );
  }
  return figures;
}
