import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from './figure.js';
import { machine } from './machine.js';

/**
 * A/B of two builds on one scenario, for changes that must not cost (a feature that should be free
 * for what does not use it, a refactor): `node dist/bench/ab.js DIST_A DIST_B [FILE] [ROUNDS]` runs
 * FILE (default the flagship, scenarios/remote-work.yaml) with every variant, seed 1, once per
 * round and build, each run in a fresh Node process, the builds in turns (A B A B ...) so that the
 * load of a shared machine falls on both alike. It prints the CPU seconds (user + system) of
 * building and running each run, and per build the median over rounds and the median of the
 * paired ratios B/A. DIST_x is a compiled tree holding src/index.js (a `dist` directory).
 * `--timeseries-b WINDOW` (seconds, e.g. 1) makes B's runs record a time series with that window:
 * DIST_A = DIST_B then measures what recording costs (bench/RESULTS.md, Time series).
 */
const CHILD = '--ab-child';

async function child(dist: string, file: string, timeseries?: number): Promise<void> {
  const lib = (await import(pathToFileURL(resolve(dist, 'src/index.js')).href)) as typeof import('../src/index.js');
  const s = lib.loadScenarioFile(file);
  const variants = lib.variantNames(s);
  const c0 = process.cpuUsage();
  let events = 0;
  for (const v of variants.length > 0 ? variants : [null])
    events += lib.buildSimulation(s, { variant: v, ...(timeseries ? { timeseries } : {}) }).run().simulated.events;
  const c = process.cpuUsage(c0);
  process.stdout.write(JSON.stringify({ cpu: (c.user + c.system) / 1e6, events }) + '\n');
}

function once(dist: string, file: string, timeseries?: string): { cpu: number; events: number } {
  const args = [process.argv[1], CHILD, dist, file, ...(timeseries ? [timeseries] : [])];
  const out = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`run with ${dist} failed: ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').pop()!) as { cpu: number; events: number };
}

function main(): void {
  const args = process.argv.slice(2);
  const flag = args.indexOf('--timeseries-b');
  const timeseries = flag >= 0 ? args.splice(flag, 2)[1] : undefined;
  const [a, b, file = 'scenarios/remote-work.yaml', rounds = '6'] = args;
  if (!a || !b) throw new Error('usage: node dist/bench/ab.js DIST_A DIST_B [FILE] [ROUNDS]');
  const m = machine();
  const series = timeseries ? `; B records a time series (${timeseries} s windows)` : '';
  console.log(`${m.cpu}, ${m.cores} cores, Node ${m.node}, ${m.date}; ${file}, every variant, seed 1${series}`);
  const cpuA: number[] = [];
  const cpuB: number[] = [];
  for (let i = 0; i < Number(rounds); i++) {
    const ra = once(a, file);
    const rb = once(b, file, timeseries);
    if (ra.events !== rb.events) console.log(`  note: event counts differ (A ${ra.events}, B ${rb.events})`);
    cpuA.push(ra.cpu);
    cpuB.push(rb.cpu);
    console.log(
      `round ${i + 1}: A ${ra.cpu.toFixed(2)} s, B ${rb.cpu.toFixed(2)} s CPU (B/A ${(rb.cpu / ra.cpu).toFixed(3)})`,
    );
  }
  const ratios = cpuA.map((x, i) => cpuB[i] / x);
  console.log(
    `median CPU: A ${median(cpuA).toFixed(2)} s, B ${median(cpuB).toFixed(2)} s; ` +
      `median B/A ${median(ratios).toFixed(3)} ` +
      `(min ${Math.min(...ratios).toFixed(3)}, max ${Math.max(...ratios).toFixed(3)})`,
  );
}

if (process.argv[2] === CHILD)
  await child(process.argv[3], process.argv[4], process.argv[5] === undefined ? undefined : Number(process.argv[5]));
else main();
