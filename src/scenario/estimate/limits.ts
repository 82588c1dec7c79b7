import { getHeapStatistics } from 'node:v8';
import type { RunLimits } from '../../spec/estimate.js';
import { LIMITS } from '../../spec/limits.js';

/** Share of the heap a run's estimate may take: the rest is the estimate's error and the garbage V8 collects late. */
const HEAP_SHARE = 0.8;

/** The most this thread's JavaScript heap may hold (V8's limit: Node's default, or --max-old-space-size). */
export function heapLimitBytes(): number {
  return getHeapStatistics().heap_size_limit;
}

/**
 * The limits a scenario is checked against: the ones given, else 10⁹ events and 80% of this
 * thread's heap (a run that needs more would end in V8's out-of-memory abort, not a message).
 */
export function resolveLimits(given: RunLimits = {}): Required<RunLimits> {
  return {
    events: given.events ?? LIMITS.events,
    memoryBytes: given.memoryBytes ?? Math.floor(HEAP_SHARE * heapLimitBytes()),
  };
}

/** No limit: a scenario already checked once (compiled again with another seed). */
export const NO_LIMITS: Required<RunLimits> = { events: Infinity, memoryBytes: Infinity };
