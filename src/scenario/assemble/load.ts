import { formatBytes, formatCount, type RunEstimate, type RunLimits } from '../../spec/estimate.js';
import { LIMITS } from '../../spec/limits.js';
import type { FailureDef, RoutingDef } from '../../spec/model.js';
import { blame, estimateRun } from '../estimate/index.js';
import type { Assembly } from './state.js';

/** What the load stage needs beyond the assembly: the routing and failures, the limits, the variants held. */
export interface LoadOptions {
  routing: RoutingDef;
  failures: FailureDef[];
  limits: Required<RunLimits>;
  variants: number;
}

/**
 * Stage 9, estimate load: what one run will cost (events and memory, spec/estimate.ts) against the
 * limits, refused at the key that makes it expensive; the sizes after expansion; and a scenario with
 * nothing to measure.
 */
export function estimateLoad(a: Assembly, options: LoadOptions): RunEstimate | null {
  const sizes: [string, number, number][] = [
    ['nodes', a.nodes.length, LIMITS.nodes],
    ['links', a.links.length, LIMITS.links],
    ['flows', a.flowAt.size, LIMITS.flows],
  ];
  for (const [key, n, max] of sizes) if (n > max) a.problems.add([key], `${n} ${key} after expansion: at most ${max}`);
  const flows = a.section('flows');
  if (a.flows.length === 0 && flows.complete && a.section('nodes').complete && Array.isArray(a.raw.flows))
    a.problems.add(['flows'], 'the scenario has no flows: there would be nothing to measure');
  if (a.end === undefined) return null;

  const routing = a.parts.scalars.routing as { interval?: unknown } | undefined;
  const estimate = estimateRun({
    end: a.end,
    drain: a.drain,
    nodes: a.nodes,
    nodePath: (id) => a.nodeAt.get(id),
    links: a.links,
    flows: a.flows,
    routing: options.routing,
    routingPath: routing?.interval !== undefined ? ['routing', 'interval'] : ['routing', 'policy'],
    failures: options.failures,
    variants: options.variants,
    registry: a.registry,
  });
  const { limits } = options;
  if (estimate.events > limits.events) {
    const [at, message] = blame(estimate, 'events', (s) => s.what);
    a.problems.add(
      at,
      `${message}; the limit is ${formatCount(limits.events)}: pass --max-events to raise it, or shorten the ` +
        'duration or lower the rates',
    );
  }
  if (estimate.memoryBytes > limits.memoryBytes) {
    const [at, message] = blame(estimate, 'memoryBytes', (s) => s.holds);
    a.problems.add(
      at,
      `${message}; the limit is ${formatBytes(limits.memoryBytes)}: pass --max-memory to raise it ` +
        '(and give Node a larger heap: NODE_OPTIONS=--max-old-space-size=<MB>), or make the scenario smaller',
    );
  }
  return estimate;
}
