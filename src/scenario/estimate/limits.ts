import type { RunLimits } from '../../spec/estimate.js';
import { HEAP_SHARE, heapLimitBytes, LIMITS } from '../../spec/limits.js';

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
