import { readFileSync } from 'node:fs';
import { loadScenarioFile, buildSimulation, parseScenario } from '../src/scenario/index.js';
import { runDumbbell } from './dumbbell.js';
import { scenarioText } from './scale.js';

/**
 * One workload per process, for `node --cpu-prof` (or valgrind) to look at:
 *
 *   node --cpu-prof --cpu-prof-dir=prof dist/bench/profile.js dumbbell [hosts] [seconds]
 *   node --cpu-prof --cpu-prof-dir=prof dist/bench/profile.js flagship [variant] [duration s]
 *   node --cpu-prof --cpu-prof-dir=prof dist/bench/profile.js scale [users] [seconds]
 *
 * then `node dist/bench/profile-summary.js prof/*.cpuprofile`. Prints the events, the run's CPU
 * seconds and the peak rss, so a profile and a figure come from the same run.
 */
function cpu<T>(fn: () => T): { value: T; cpu: number; wall: number } {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const value = fn();
  const c = process.cpuUsage(c0);
  return { value, cpu: (c.user + c.system) / 1e6, wall: Number(process.hrtime.bigint() - t0) / 1e9 };
}

function main(argv: string[]): void {
  const [what, a, b] = argv;
  let line: string;
  if (what === 'dumbbell') {
    const hosts = Number(a ?? 200);
    const seconds = Number(b ?? 4);
    const r = cpu(() => runDumbbell({ hosts, seconds, seed: 1 }));
    const { packetHops, events, cpuSeconds } = r.value;
    const perCpu = (packetHops / cpuSeconds / 1e6).toFixed(3);
    line =
      `dumbbell ${hosts} hosts ${seconds} s: ${packetHops} hops, ${events} events, ` +
      `run CPU ${cpuSeconds.toFixed(3)} s (${perCpu} M hops per CPU s)`;
  } else if (what === 'flagship' || what === 'scale') {
    let scenario =
      what === 'flagship'
        ? loadScenarioFile(new URL('../../scenarios/remote-work.yaml', import.meta.url).pathname)
        : parseScenario(scenarioText(Number(a ?? 10_000), Number(b ?? 60)), 'scale.yaml');
    if (what === 'flagship' && b !== undefined) {
      // A shorter measured window, every variant (for instruction counts under valgrind).
      const duration = Number(b);
      scenario = {
        ...scenario,
        duration,
        variants: Object.fromEntries(Object.entries(scenario.variants).map(([k, v]) => [k, { ...v, duration }])),
      };
    }
    const built = cpu(() => buildSimulation(scenario, { variant: what === 'flagship' ? (a ?? 'before') : null }));
    const ran = cpu(() => built.value.run());
    line =
      `${what}: build CPU ${built.cpu.toFixed(3)} s, run CPU ${ran.cpu.toFixed(3)} s ` +
      `(wall ${ran.wall.toFixed(3)} s), ${ran.value.simulated.events} events`;
  } else if (what === 'file') {
    // Any scenario file: `profile.js file path [variant]`.
    const scenario = parseScenario(readFileSync(a, 'utf8'), a);
    const built = cpu(() => buildSimulation(scenario, { variant: b ?? null }));
    const ran = cpu(() => built.value.run());
    line =
      `${a}: build CPU ${built.cpu.toFixed(3)} s, run CPU ${ran.cpu.toFixed(3)} s, ` +
      `${ran.value.simulated.events} events`;
  } else {
    throw new Error('usage: profile.js dumbbell|flagship|scale|file [args]');
  }
  const rss = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${line}; peak rss ${rss.toFixed(1)} MiB\n`);
}

main(process.argv.slice(2));
