import type { z } from 'zod';
import type { RandomStreams } from '../engine/random.js';
import type { Simulator } from '../engine/simulator.js';
import type { Flow, Network } from '../net/index.js';
import type { Router } from '../routing/router.js';
import type { MeasurementWindow } from '../metrics/window.js';
import type { KeyPath } from './problems.js';
import type { ClassDef, FlowDef, LinkDef, NodeDef, Scenario } from './model.js';

/** What a kind's `expand` may add to the normalized scenario, and how it reports problems. */
export interface ExpandContext {
  /** Where the node is in the file (problems are reported under it). */
  readonly path: KeyPath;
  readonly seed: number;
  readonly warmup: number;
  readonly duration: number;
  readonly classes: readonly ClassDef[];
  /**
   * Every node of the file as its kind validated it, before expansion, by id (whatever its
   * position): lets a kind read another's declared fields (a location, a region) to plan links.
   */
  readonly declared: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
  addNode(node: NodeDef): void;
  addLink(link: LinkDef): void;
  addFlow(flow: FlowDef): void;
  /** Reports a problem at a key of the node (`relative` to its path). */
  problem(message: string, relative?: KeyPath): void;
}

/** What a kind's `build` gets when the simulation is assembled: the network is built, flows are not yet. */
export interface BuildContext {
  readonly scenario: Scenario;
  readonly sim: Simulator;
  readonly net: Network;
  readonly random: RandomStreams;
  readonly window: MeasurementWindow;
  /** Runs once every flow exists and is routed (admission, tunnels that pick flows up). */
  afterFlows(fn: (flows: ReadonlyMap<string, Flow>, router: Router) => void): void;
  /** Adds a top-level section to the run result (e.g. `tunnels`), computed when the run ends. */
  addResult(section: string, compute: () => unknown): void;
}

/**
 * A node kind: how `{ id, kind: <name>, ... }` in a scenario is validated, expanded into core
 * nodes, links and flows, and (optionally) given runtime behaviour. The catalog's kinds (VPN
 * gateways, populations of home users, regions) are one {@link registerNodeKind} call each.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds kinds of every spec type
export interface NodeKind<T extends { id: string } = any> {
  readonly kind: string;
  /** One line for the docs and the JSON Schema. */
  readonly description: string;
  /** A strict object schema with `id` and `kind: z.literal(<kind>)` (optional only for `router`). */
  readonly schema: z.core.$ZodTypeDiscriminable & z.ZodType<T>;
  /** Adds what the node stands for (at least itself, usually) to the scenario. */
  expand(node: T, ctx: ExpandContext): void;
  /** Runtime behaviour for nodes of this kind (stages, admission); called once per node. */
  build?(node: NodeDef, ctx: BuildContext): void;
}

const kinds = new Map<string, NodeKind>();
let version = 0;

export function registerNodeKind(kind: NodeKind): void {
  if (!/^[a-z][a-z0-9-]*$/.test(kind.kind))
    throw new RangeError(`node kind '${kind.kind}': use lowercase letters, digits and '-'`);
  kinds.set(kind.kind, kind);
  version++;
}

export function nodeKind(name: string): NodeKind | undefined {
  return kinds.get(name);
}

/** Every registered kind, in registration order (router and host first). */
export function nodeKinds(): NodeKind[] {
  return [...kinds.values()];
}

/** Changes whenever a kind is registered, so cached schemas are rebuilt. */
export function nodeKindsVersion(): number {
  return version;
}
