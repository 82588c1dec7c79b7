import { RandomStreams } from '../src/engine/random.js';
import { quantityMean } from '../src/engine/distributions.js';
import { quantity } from '../src/traffic/index.js';
import { onOffPacketRate } from '../src/traffic/onoff.js';
import type { Quantity } from '../src/traffic/spec.js';

/**
 * The standard deviations behind the tolerances of test/traffic-onoff.test.ts ("onoff mean packet rate"): how
 * far the packet rate of a run of T seconds strays from the true mean rate r, for each on-period distribution.
 * Not a benchmark and not a test (nothing runs it but a person): the figures are written in the test's comments,
 * and this is how to get them again.
 *
 *   npm run build && node dist/bench/onoff-sd.js [CYCLES] [SEED]     (defaults: 2,000,000 cycles, seed 1)
 *
 * The source is a renewal process: a cycle is an on period D (ceil(D / I) packets, a packet at its start and then
 * every interval I while inside it) and an off period. By the renewal-reward central limit theorem, with P the
 * packets and C the length of a cycle, the rate measured over T has sd sqrt(Var(P - r C) / (E[C] T)) / r relative
 * to r. Var(P - r C) has no closed form for most of the distributions, so it is estimated from CYCLES cycles drawn
 * as the source draws them: on, then off, from one stream of the project's seeded streams, with the same samplers
 * (traffic/index.ts `quantity`); an on period drawn as 0 or less sends nothing and its cycle is D + off, as in
 * OnOffSource.beginOn. r is the formula under test (onOffPacketRate); the drawn E[P] / E[C] is printed beside it.
 */

/** test/traffic-onoff.test.ts's cases, copied (change both together): on, off, run length T (s), tolerance. */
const CASES: { name: string; on: Quantity; off: Quantity; T: number; tolerance: number }[] = [
  {
    name: 'exponential',
    on: { dist: 'exponential', mean: 0.1 },
    off: { dist: 'exponential', mean: 0.4 },
    T: 4000,
    tolerance: 0.04,
  },
  { name: 'uniform', on: { dist: 'uniform', min: 0.01, max: 0.09 }, off: 0.2, T: 1000, tolerance: 0.02 },
  { name: 'fixed', on: 0.07, off: 0.23, T: 30, tolerance: 0.01 },
  { name: 'pareto', on: { dist: 'pareto', scale: 0.05, shape: 2.5 }, off: 0.3, T: 4000, tolerance: 0.05 },
  { name: 'lognormal', on: { dist: 'lognormal', mean: 0.1, stddev: 0.05 }, off: 0.3, T: 3000, tolerance: 0.015 },
  { name: 'normal', on: { dist: 'normal', mean: 0.1, stddev: 0.02 }, off: 0.3, T: 3000, tolerance: 0.006 },
];
/** The test's packet interval (s). */
const INTERVAL = 0.02;

/** Packets an on period of length d sends, counted as OnOffSource does: one at 0, then at n I while n I < d. */
function packets(d: number): number {
  if (!(d > 0)) return 0;
  let n = Math.max(1, Math.ceil(d / INTERVAL));
  while (n > 1 && (n - 1) * INTERVAL >= d) n--;
  while (n * INTERVAL < d) n++;
  return n;
}

const [cyclesText = '2000000', seedText = '1'] = process.argv.slice(2);
const cycles = Number(cyclesText);
const seed = Number(seedText);
if (!Number.isInteger(cycles) || cycles < 2 || !Number.isInteger(seed)) {
  process.stderr.write('usage: node dist/bench/onoff-sd.js [CYCLES] [SEED]\n');
  process.exit(2);
}

const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;
process.stdout.write(`${cycles} cycles per case, seed ${seed}, interval ${INTERVAL * 1000} ms\n`);
process.stdout.write(
  'case         rate (formula)  rate (drawn)  cycles in T  sd of the rate  tolerance  tolerance/sd\n',
);
for (const c of CASES) {
  const rng = new RandomStreams(seed).stream(`flow:${c.name}`);
  const on = quantity(c.on, rng);
  const off = quantity(c.off, rng);
  const r = onOffPacketRate(c.on, c.off, INTERVAL);
  // Welford's running mean and variance of X = P - r C; sums of P and C for the drawn rate.
  let mean = 0;
  let m2 = 0;
  let sumP = 0;
  let sumC = 0;
  for (let i = 1; i <= cycles; i++) {
    const d = on.sample();
    const p = packets(d);
    const length = d + off.sample();
    sumP += p;
    sumC += length;
    const x = p - r * length;
    const delta = x - mean;
    mean += delta / i;
    m2 += delta * (x - mean);
  }
  const meanC = quantityMean(c.on) + quantityMean(c.off);
  const sd = Math.sqrt(m2 / (cycles - 1) / (meanC * c.T)) / r;
  process.stdout.write(
    `${c.name.padEnd(12)} ${r.toFixed(4).padStart(14)}  ${(sumP / sumC).toFixed(4).padStart(12)}  ` +
      `${Math.round(c.T / meanC)
        .toString()
        .padStart(11)}  ${pct(sd).padStart(14)}  ${pct(c.tolerance).padStart(9)}  ` +
      `${(sd === 0 ? 'exact' : (c.tolerance / sd).toFixed(1)).padStart(12)}\n`,
  );
}
