import { SAMPLES_PER_INTERVAL } from '../../routing/sampling.js';
import { formatBytes, formatCount, type CostSource, type RunEstimate } from '../../spec/estimate.js';
import { formatPath, type KeyPath } from '../../spec/key-path.js';
import type { FailureDef, FlowDef, LinkDef, RoutingDef } from '../../spec/model.js';
import { distributionMean } from '../../engine/distributions.js';
import { formatSeconds } from '../../spec/units.js';
import type { RegistryBase } from '../registry-base.js';
import { flowCost } from './flows.js';
import { MEMORY } from './memory.js';
import { PathBounds } from './paths.js';

export { PathBounds } from './paths.js';
export { MEMORY } from './memory.js';

/** What the estimate reads: the scenario after expansion, each element with the key path it came from. */
export interface EstimateInput {
  /** End of the measured window (warmup + duration): traffic stops there. */
  end: number;
  drain: number;
  nodes: readonly { id: string }[];
  nodePath: (id: string) => KeyPath | undefined;
  links: readonly { def: LinkDef; path: KeyPath }[];
  flows: readonly { def: FlowDef; path: KeyPath }[];
  routing: RoutingDef;
  /** Where the routing keys are, for messages (`routing.interval` when written, else `routing.policy`). */
  routingPath: KeyPath;
  failures: readonly FailureDef[];
  /** Variants held beside the base (each is a normalized copy of the scenario). */
  variants: number;
  registry: RegistryBase;
}

interface Counts {
  nodes: number;
  links: number;
  flows: number;
}

/** A source while the estimate adds up: `what` words its largest contribution (`whatEvents`), when asked. */
interface Tally extends Omit<CostSource, 'holds' | 'what'> {
  what: Wording;
  whatEvents: number;
  counts: Counts;
}

/** A wording, or how to word it: only the kept sources are worded. */
type Wording = string | (() => string);

/**
 * What one background packet on a FIFO link counts for, in events: it makes none (it is work the queue
 * takes), but it is still drawn and taken in time order. That costs less than an event (bench/RESULTS.md,
 * round one's profile of the flagship: drawing 8% of the time, taking in order part of `advance`'s 12%,
 * against 3.1 M events); one keeps the bound on the safe side without refusing what runs in minutes.
 */
const BACKGROUND_WORK_EVENTS = 1;

/** How many sources an estimate keeps for messages. */
const KEPT = 3;

/**
 * The events and memory of one run of a normalized scenario (see RunEstimate), by source. Linear in
 * the size of the scenario: one pass over flows and links, and a breadth-first search per distinct
 * destination (PathBounds).
 */
export function estimateRun(input: EstimateInput): RunEstimate {
  const sources = new Map<string, Tally>();
  const add = (path: KeyPath, events: number, memoryBytes: number, what: Wording, element?: keyof Counts) => {
    const key = formatPath(path);
    let s = sources.get(key);
    if (s === undefined) {
      s = { path, events: 0, memoryBytes: 0, what, whatEvents: events, counts: { nodes: 0, links: 0, flows: 0 } };
      sources.set(key, s);
    }
    s.events += events;
    s.memoryBytes += memoryBytes;
    if (events > s.whatEvents) [s.what, s.whatEvents] = [what, events]; // the largest contribution names it
    if (element) s.counts[element]++;
  };
  const { end } = input;
  const paths = new PathBounds(input.nodes as { id: string; kind: string }[], input.links);
  const perElement = MEMORY.scenarioElement * (1 + input.variants);

  for (const n of input.nodes) add(input.nodePath(n.id) ?? ['nodes'], 0, MEMORY.node + perElement, '', 'nodes');
  let channels = 0;
  for (const { def, path } of input.links) {
    channels += 2;
    add(path, 0, MEMORY.link + perElement, '', 'links');
    if (def.background) {
      const { size: drawn, load } = def.background;
      const size = typeof drawn === 'number' ? drawn : distributionMean(drawn);
      const pps = (load * (def.forward.rate + def.reverse.rate)) / (8 * size);
      const fifo = def.queue.discipline === 'fifo' && (def.reverseQueue ?? def.queue).discipline === 'fifo';
      // On a FIFO link a background packet is work without an event (net/work.ts), but it is still drawn
      // and taken in time order: one event's worth each. Elsewhere it is generated, serialized and
      // arrives on its one link: three events.
      const perPacket = fifo ? BACKGROUND_WORK_EVENTS : 3;
      add([...path, 'background'], perPacket * pps * end, 0, () => `background traffic, ${formatCount(pps)} packets/s`);
    }
  }
  const directedByClass = new Map<string, number>();
  let directed = 0;
  for (const { def, path } of input.flows) {
    const cost = flowCost(def, end, paths);
    directed += cost.directed;
    directedByClass.set(def.class, (directedByClass.get(def.class) ?? 0) + cost.directed);
    add(path, cost.events, cost.directed * MEMORY.flow + cost.extraBytes + perElement, cost.what, 'flows');
  }
  routingCost(input, channels, directed, directedByClass, add);
  for (const f of input.failures) {
    // Going down and coming back each ask every flow's policy again.
    const changes = f.for === null ? 1 : 2;
    add(['failures'], changes * (1 + directed), 0, 'route recomputation at each failure and repair');
  }

  let events = 2; // the measurement window opens and closes
  let memoryBytes = MEMORY.base;
  for (const s of sources.values()) {
    events += s.events;
    memoryBytes += s.memoryBytes;
  }
  const listed = [...sources.values()];
  const byEvents = listed.filter((s) => s.events > 0).sort((a, b) => b.events - a.events);
  const byMemory = [...listed].sort((a, b) => b.memoryBytes - a.memoryBytes);
  const kept = new Map<string, CostSource>();
  for (const s of [...byEvents.slice(0, KEPT), ...byMemory.slice(0, KEPT)]) {
    const key = formatPath(s.path);
    if (kept.has(key)) continue; // kept for events and for memory
    kept.set(key, {
      path: s.path,
      events: s.events,
      memoryBytes: s.memoryBytes,
      what: typeof s.what === 'string' ? s.what : s.what(),
      holds: (['nodes', 'links', 'flows'] as const)
        .filter((k) => s.counts[k] > 0)
        .map((k) => `${formatCount(s.counts[k])} ${k}`)
        .join(', '),
    });
  }
  return { events, memoryBytes, sources: [...kept.values()] };
}

/**
 * Policies with an `interval` re-evaluate each of their flows at every tick, and the router samples
 * every channel and flow SAMPLES_PER_INTERVAL times per (shortest) interval, until the run ends.
 */
function routingCost(
  input: EstimateInput,
  channels: number,
  directed: number,
  directedByClass: ReadonlyMap<string, number>,
  add: (path: KeyPath, events: number, memoryBytes: number, what: string) => void,
): void {
  const { routing, registry } = input;
  const seconds = input.end + input.drain;
  const flowsOf = new Map<string, number>();
  for (const [cls, n] of directedByClass) {
    const policy = Object.hasOwn(routing.classes, cls) ? routing.classes[cls] : routing.policy;
    flowsOf.set(policy, (flowsOf.get(policy) ?? 0) + n);
  }
  let shortest = Infinity;
  for (const [name, flows] of flowsOf) {
    let interval: number | undefined;
    try {
      interval = registry.createPolicy(name, routing.options).interval;
    } catch {
      continue; // an unknown policy or bad options: reported by the schema
    }
    if (interval === undefined || !(interval > 0)) continue;
    shortest = Math.min(shortest, interval);
    const ticks = seconds / interval;
    add(
      input.routingPath,
      ticks * (1 + flows),
      0,
      `${name} re-evaluates ${formatCount(flows)} flow(s) every ${formatSeconds(interval)}`,
    );
  }
  if (Number.isFinite(shortest)) {
    const samples = (seconds / shortest) * SAMPLES_PER_INTERVAL;
    add(
      input.routingPath,
      samples * (1 + channels + directed),
      0,
      `load sampled ${SAMPLES_PER_INTERVAL} times per interval of ${formatSeconds(shortest)}`,
    );
  }
}

/**
 * Where a cost comes from: the key of the largest source when it makes at least half of the
 * total (`flows[2]: about 2×10¹¹ events (request-response, think 0s: ...)`), else the scenario as
 * a whole, naming the largest source.
 */
export function blame(
  estimate: RunEstimate,
  of: 'events' | 'memoryBytes',
  why: (s: CostSource) => string,
): [KeyPath, string] {
  const total = estimate[of];
  const show = (n: number) => (of === 'events' ? `${formatCount(n)} events` : `${formatBytes(n)} of memory`);
  const top = [...estimate.sources].sort((x, y) => y[of] - x[of])[0];
  const reason = (s: CostSource) => (why(s) ? ` (${why(s)})` : '');
  if (top === undefined) return [[], `about ${show(total)}`];
  if (top[of] >= total / 2 || !Number.isFinite(top[of])) return [top.path, `about ${show(top[of])}${reason(top)}`];
  const part = of === 'events' ? formatCount(top[of]) : formatBytes(top[of]);
  return [[], `about ${show(total)}, the most at ${formatPath(top.path)}: ${part}${reason(top)}`];
}
