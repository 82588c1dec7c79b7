import type { Rng } from '../engine/random.js';
import type { Flow, Network } from '../net/index.js';

/** What every traffic model gets: the network, its flow, its own random stream, and its active span. */
export interface SourceContext {
  net: Network;
  flow: Flow;
  rng: Rng;
  /** Absolute start and stop times (seconds): no packet is generated at or after `stop`. */
  start: number;
  stop: number;
}

/** A traffic generator. `start()` schedules its first emission; it stops itself at `stop`. */
export interface TrafficSource {
  start(): void;
  /** Extra per-flow results (response times, completion time), merged into the flow's Stats. */
  results?(): Record<string, unknown>;
}
