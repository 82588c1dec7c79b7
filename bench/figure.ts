import { Bench } from 'tinybench';

/** One benchmark result: a named number with its unit, and what it means or how it was taken. */
export type BenchFigure = { name: string; value: number; unit: string; note?: string };

/** A bench module: `bench/<name>.ts` exports `run`, and bench/index.ts lists `<name>`. */
export type BenchModule = { run(): Promise<BenchFigure[]> };

/** The median of a non-empty list (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Wall-clock seconds taken by `fn` (benchmarks only: the simulation itself never reads a clock). */
export function timed(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

/**
 * Wall-clock and CPU seconds (user + system of this process) taken by `fn`. CPU time is what the
 * run cost on a shared machine, where other processes stretch the wall time.
 */
export function timedWithCpu(fn: () => void): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  fn();
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1e6 };
}

/** What {@link benchRuns} measured: each timed run's output, and median wall and CPU seconds per run. */
export interface BenchRuns<R> {
  outputs: R[];
  wall: number;
  cpu: number;
  /** tinybench's relative margin of error of the wall time, in percent. */
  rme: number;
}

/**
 * Times whole runs with tinybench: each iteration gets a fresh `build()` (in tinybench's
 * `beforeEach`, not timed) and times `run` on it. One warm-up iteration first (its output is
 * discarded) so the JIT has compiled the hot path; then exactly `iterations` timed ones. CPU time is
 * taken beside tinybench's wall time because the machine is shared: others stretch the wall time.
 */
export async function benchRuns<S, R>(
  name: string,
  build: () => S,
  run: (state: S) => R,
  iterations: number,
): Promise<BenchRuns<R>> {
  const outputs: R[] = [];
  const cpus: number[] = [];
  let state: S | undefined;
  let mode: 'run' | 'warmup' | undefined;
  const bench = new Bench({ time: 0, iterations, warmupIterations: 1, warmupTime: 0 });
  bench.add(
    name,
    () => {
      const c0 = process.cpuUsage();
      const out = run(state as S);
      const c = process.cpuUsage(c0);
      state = undefined; // let the run's network go before the next build
      if (mode === 'run') {
        outputs.push(out);
        cpus.push((c.user + c.system) / 1e6);
      }
    },
    {
      beforeEach(m) {
        mode = m;
        state = build();
      },
    },
  );
  await bench.run();
  const result = bench.tasks[0].result;
  if (result.state !== 'completed') throw new Error(`benchmark '${name}' did not complete (${result.state})`);
  return { outputs, wall: result.latency.p50 / 1000, cpu: median(cpus), rme: result.latency.rme };
}
