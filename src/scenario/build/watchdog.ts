import { getHeapStatistics } from 'node:v8';
import { formatBytes, formatCount, type RunEstimate, type RunLimits } from '../../spec/estimate.js';
import { formatPath, type KeyPath } from '../../spec/key-path.js';
import { formatSeconds } from '../../spec/units.js';
import { blame } from '../estimate/index.js';

/**
 * How far past its estimate a run may go before the watchdog stops it. The estimate is within a
 * factor of about 2 of what the example scenarios do (bench/RESULTS.md, "Run estimate"), so 10
 * times is far outside it; the slack keeps tiny scenarios (an estimate of a few thousand events)
 * from being stopped over what the estimate leaves out. Memory is measured as the heap's growth
 * from the start of the run, which includes garbage V8 has not collected yet (up to a few times
 * what is live), hence the wider margin; and a run is always stopped before the heap is full,
 * where V8 would abort the process.
 */
export const WATCHDOG = {
  eventMargin: 10,
  eventSlack: 1e7,
  memoryMargin: 8,
  memorySlack: 1e9,
  heapShare: 0.9,
  /** Events between checks: about 0.1-0.3 s of one core; a check reads the heap's statistics (microseconds). */
  checkEvery: 1 << 18,
};

export type WatchdogMargins = typeof WATCHDOG;

/** A run stopped by the watchdog: it went far past its estimate. Exit code 1 (the run failed). */
export class RunawayError extends Error {
  override name = 'RunawayError';
}

/**
 * Stops a run whose events or memory go far past its estimate (issue 14): the estimate refuses
 * what it can see before the run starts; this catches what it could not. Limits given explicitly
 * (`--max-events`, `--max-memory`) are what the user allows, so they raise the caps.
 */
export class Watchdog {
  readonly maxEvents: number;
  private readonly maxGrowth: number;
  private readonly heapCap: number;
  private readonly heapLimit: number;
  private readonly heapAtStart: number;

  private readonly checkEvery: number;

  constructor(
    private readonly estimate: RunEstimate,
    limits: RunLimits,
    private readonly until: number,
    margins: Partial<WatchdogMargins> = {},
  ) {
    const { eventMargin, eventSlack, memoryMargin, memorySlack, heapShare, checkEvery } = { ...WATCHDOG, ...margins };
    this.checkEvery = checkEvery;
    this.maxEvents = Math.max(eventMargin * estimate.events + eventSlack, limits.events ?? 0);
    this.maxGrowth = Math.max(memoryMargin * estimate.memoryBytes, memorySlack, limits.memoryBytes ?? 0);
    const heap = getHeapStatistics();
    this.heapCap = heapShare * heap.heap_size_limit;
    this.heapLimit = heap.heap_size_limit;
    this.heapAtStart = heap.used_heap_size;
  }

  /** Where the simulator should next stop for a check. */
  next(events: number): number {
    return Math.min(events + this.checkEvery, this.maxEvents);
  }

  /** Throws a RunawayError when the run is past its caps. */
  check(events: number, now: number): void {
    const at = `stopped at ${formatSeconds(+now.toPrecision(3))} of ${formatSeconds(this.until)} simulated`;
    if (events >= this.maxEvents) {
      const [path, estimated] = blame(this.estimate, 'events', (s) => s.what);
      throw new RunawayError(
        `${at}, after ${formatCount(events)} events: far more than the estimate before the run ` +
          `(${where(path)}${estimated}); pass --max-events ${(events * 10).toExponential(0).replace('+', '')} ` +
          'or more to let it go on',
      );
    }
    const used = getHeapStatistics().used_heap_size;
    if (used - this.heapAtStart > this.maxGrowth || used > this.heapCap) {
      const [path, estimated] = blame(this.estimate, 'memoryBytes', (s) => s.holds);
      const heap = formatBytes(this.heapLimit);
      const full = used > this.heapCap ? `, ${formatBytes(used)} of the heap's ${heap}` : '';
      throw new RunawayError(
        `${at}: the run's memory grew by ${formatBytes(used - this.heapAtStart)}${full}, far more than the ` +
          `estimate before the run (${where(path)}${estimated}); an unlimited queue or window may be filling up`,
      );
    }
  }
}

const where = (path: KeyPath) => (path.length > 0 ? `${formatPath(path)}: ` : '');
