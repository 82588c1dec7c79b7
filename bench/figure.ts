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
