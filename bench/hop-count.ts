import { buildDumbbell, runBuiltDumbbell } from './dumbbell.js';

/**
 * The dumbbell of bench/dumbbell.ts (200 hosts) for an instruction count of its steady state:
 *
 *   valgrind --tool=callgrind node --expose-gc --single-threaded --predictable dist/bench/hop-count.js SECONDS
 *
 * twice (e.g. 0.25 and 1 s); (I(1) - I(0.25)) / (hops(1) - hops(0.25)) is the cost per packet-hop without start-up,
 * build and most of the JIT. A full GC between the build and the run (`--expose-gc`) starts the run with an empty
 * young generation and a fresh old-generation limit: without it, `--predictable` (no concurrent GC) put the whole
 * 1-s run inside one incremental marking, whose write barriers (`RecordWrite`, about 500 instructions per hop)
 * then dominated the difference although a normal 4-s run spends little of its time marking (`--trace-gc`).
 */
const seconds = Number(process.argv[2] ?? 1);
const built = buildDumbbell({ hosts: 200, seconds, seed: 1 });
(globalThis as { gc?: () => void }).gc?.();
const r = runBuiltDumbbell(built, seconds);
process.stdout.write(`${r.packetHops} hops ${r.events} events ${r.fingerprint}\n`);
