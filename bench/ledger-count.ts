import { buildDumbbell, runBuiltDumbbell } from './dumbbell.js';
import { buildElastic, runBuiltElastic } from './elastic.js';

/**
 * One run for an instruction count (bench/RESULTS.md, "Where the delay comes from"):
 * `valgrind --tool=callgrind node dist/bench/ledger-count.js <dumbbell|elastic> <with|without> SECONDS`.
 * Two lengths per configuration give instructions per packet-hop net of Node's start-up and the build:
 * (I(long) - I(short)) / (hops(long) - hops(short)).
 */
const [which, mode, secondsText] = process.argv.slice(2);
const ledger = mode === 'with';
const seconds = Number(secondsText);
if (!['dumbbell', 'elastic'].includes(which) || !['with', 'without'].includes(mode) || !(seconds > 0)) {
  process.stderr.write('usage: ledger-count.js <dumbbell|elastic> <with|without> SECONDS\n');
  process.exit(2);
}
const hops =
  which === 'dumbbell'
    ? runBuiltDumbbell(buildDumbbell({ hosts: 200, seconds, seed: 1, ledger }), seconds).packetHops
    : runBuiltElastic(buildElastic(100, seconds, 1, undefined, ledger)).packetHops;
process.stdout.write(`${which} ${mode} ${seconds} s: ${hops} packet-hops\n`);
