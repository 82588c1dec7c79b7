import type { DistributionSpec } from '../engine/distributions.js';
import type { RunEstimate } from './estimate.js';
import type { Problem } from './problems.js';
import type { QueueSpec } from '../net/queue/spec.js';
import type { ClassRouting } from '../routing/policy.js';
import type { SlaTargets } from '../metrics/sla.js';
import type { TimeseriesDef } from '../metrics/timeseries/spec.js';
import type { CodecName } from '../metrics/voice/codecs.js';
import type { Quantity, TrafficSpec } from '../traffic/spec.js';

/**
 * The normalized scenario: every default applied, every unit converted to base units (seconds,
 * bits per second, bytes, ratios), node kinds expanded into core nodes, links and flows.
 * Plain data only (no functions, no class instances), so it can be sent to worker threads.
 */
export interface Scenario {
  /** The file it came from (or the name given when parsing text). */
  file: string;
  /**
   * The document it was compiled from, as parsed (variants included): a run with another seed
   * compiles it again with that seed, since node kinds expand with the seed (which users run
   * which app). Shared by the scenario and its variants.
   */
  document: unknown;
  name: string;
  description: string;
  /** Which variant this is (null: the base). */
  variant: string | null;
  seed: number;
  warmup: number;
  duration: number;
  drain: number;
  /** Defaults first, in the contract's order, then the file's new classes in file order. */
  classes: ClassDef[];
  /** The nodes as the file declares them, validated by their kinds: what kinds build from. */
  declared: DeclaredDef[];
  /** Every node after expansion: the network's nodes. */
  nodes: NodeDef[];
  links: LinkDef[];
  flows: FlowDef[];
  routing: RoutingDef;
  failures: FailureDef[];
  /** Optional recordings (`record`): a time series when `timeseries` is not null. */
  record: { timeseries: TimeseriesDef | null };
  /** Each variant fully resolved (empty in a resolved variant), in file order. */
  variants: Record<string, Scenario>;
  /**
   * What the file says that is valid but has no effect (a key another key makes unused), placed in
   * the file as problems are: the base's and every variant's, each once, on the base (empty in a
   * resolved variant). The CLI prints them on stderr; nothing in a result depends on them.
   */
  warnings: Problem[];
  /** What one run of it costs, estimated before it starts (events, memory, where they come from). */
  estimate: RunEstimate;
}

export interface ClassDef {
  name: string;
  dscp: number;
  priority: number;
  weight: number;
  routing: ClassRouting;
  sla: SlaTargets;
}

/** A node as declared in the file: its kind's name and its spec as the kind's schema output it. */
export interface DeclaredDef {
  id: string;
  kind: string;
  spec: unknown;
}

export interface NodeDef {
  id: string;
  /** The network node's kind (`router`, `host`, or what a kind names its nodes: `home-user`, `region`). */
  kind: string;
  /** What the kind that made the node tells other kinds about it (see NodeType in kind.ts); often nothing. */
  spec?: unknown;
  /** The node this one is inside (a VM in its region): when that node fails, this one fails with it. */
  within?: string;
  /**
   * Set on a node that only anchors results (a population spread over several places): it carries
   * no traffic, and a link to it is an error with this hint of what to link instead.
   */
  detached?: string;
  /**
   * The declared node whose kind added this one (a population's home users, a site's servers), set
   * by the expand stage; absent on a node declared as itself. Pictures collapse a scenario by it.
   */
  declaredBy?: string;
}

export interface DirectionDef {
  /** Bits per second. */
  rate: number;
  /** Seconds. */
  delay: number;
}

export interface BackgroundDef {
  /** Fraction of each direction's rate. */
  load: number;
  /** Bytes, fixed or drawn. */
  size: Quantity;
  class: string;
}

export interface LinkDef {
  id: string;
  from: string;
  to: string;
  forward: DirectionDef;
  reverse: DirectionDef;
  loss: number;
  queue: QueueSpec;
  /** The reverse direction's queue where it differs (asymmetric home-access buffers); absent: `queue`. */
  reverseQueue?: QueueSpec;
  background: BackgroundDef | null;
  /** Routing cost of both directions; null: each direction's propagation delay in ms. */
  cost: number | null;
}

export interface FlowDef {
  id: string;
  from: string;
  to: string;
  class: string;
  traffic: TrafficSpec;
  /** Absolute seconds. */
  start: number;
  /** Absolute seconds; null: the end of the measured window. */
  stop: number | null;
  via: string[];
  /** One-way models: the same traffic also runs to -> from as flow `<id>~back` (docs/traffic.md). */
  twoWay?: boolean;
  /**
   * A voice stream (cbr only): the codec its call quality is rated with, each direction through a
   * receiver jitter buffer (docs/experience.md). Absent: not voice.
   */
  codec?: CodecName;
}

export interface RoutingDef {
  policy: string;
  /** Per-class policy overrides. */
  classes: Record<string, string>;
  /** Options handed to every policy this scenario creates (`k`, `interval` in seconds, `hysteresis`). */
  options: { k?: number; interval?: number; hysteresis?: number };
}

export interface FailureDef {
  /** Seconds. */
  at: number;
  target: 'link' | 'node';
  id: string;
  /** Seconds down; null: for the rest of the run. */
  for: number | null;
}

export type { DistributionSpec, Quantity, TrafficSpec };
export type { CostSource, RunEstimate, RunLimits } from './estimate.js';
