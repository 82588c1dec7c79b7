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
  /**
   * The flow in the opposite direction (to -> from) for models that answer on it: the responses
   * of request-response, the ACKs of elastic. The caller routes it like any flow; the source
   * sets both flows' receivers. One-way models ignore it.
   */
  reverse?: Flow;
  /**
   * The measurement window for the source's own results (response times): exchanges started
   * inside it count. Default: [start, stop).
   */
  window?: { start: number; end: number };
}

/** A traffic generator. `start()` schedules its first emission; it stops itself at `stop`. */
export interface TrafficSource {
  start(): void;
  /** Extra per-flow results (response times, completion time), merged into the flow's Stats. */
  results?(): Record<string, unknown>;
}

/** The reverse flow, or a clear error naming the model that needs it. */
export function reverseOf(ctx: SourceContext, model: string): Flow {
  if (!ctx.reverse) throw new Error(`${model} flow '${ctx.flow.id}' needs a reverse flow (SourceContext.reverse)`);
  return ctx.reverse;
}
