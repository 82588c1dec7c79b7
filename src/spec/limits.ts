import { getHeapStatistics } from 'node:v8';

/**
 * Guards against scenarios that would exhaust memory or run for days: a typo like `duration: 60h`
 * or `rate: 10Gpps` gets a clear message at validation instead of a hang. Generous on purpose: a
 * 10,000-user population (about 50,000 flows) is well inside every limit.
 */
export const LIMITS = {
  /** Size of a scenario file. */
  fileBytes: 20e6,
  /** Lists and maps inside one another (a real scenario needs about 10; the parsers recurse per level). */
  nestingDepth: 64,
  /** Values YAML aliases may add to a document beyond what is written (each is validated once per reference). */
  aliasExpansion: 1_000_000,
  nodes: 200_000,
  links: 500_000,
  flows: 1_000_000,
  classes: 64,
  variants: 100,
  /** Strict-priority bands are allocated per priority level (0..63), so a huge number is a mistake. */
  maxPriority: 63,
  /** Simulated seconds of one run (warmup + duration + drain): one week. */
  simulatedSeconds: 7 * 24 * 3600,
  /**
   * Events of one run, estimated before it starts (spec/estimate.ts): about 10-30 minutes of one
   * core on the shared test machine. `--max-events` raises it; the memory limit is HEAP_SHARE of the heap.
   */
  events: 1e9,
  /** One packet's size: above any real MTU or offload segment. */
  packetBytes: 1e6,
  /** A queue limit in packets. */
  queuePackets: 1e8,
} as const;

/** Share of the heap a run's estimate may take: the rest is the estimate's error and the garbage V8 collects late. */
export const HEAP_SHARE = 0.8;

/** The most this thread's JavaScript heap may hold (V8's limit: Node's default, or --max-old-space-size). */
export function heapLimitBytes(): number {
  return getHeapStatistics().heap_size_limit;
}
