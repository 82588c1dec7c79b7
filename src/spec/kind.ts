import type { z } from 'zod';
import type { RandomStreams } from '../engine/random.js';
import type { Simulator } from '../engine/simulator.js';
import type { MeasurementWindow } from '../metrics/window.js';
import type { Flow, Network } from '../net/index.js';
import type { Router } from '../routing/router.js';
import type { KeyPath } from './key-path.js';
import type { ClassDef, FlowDef, LinkDef, NodeDef, Scenario } from './model.js';

/** What every declared node has: its id (and its kind, which the schema's literal fixes). */
export interface NodeSpec {
  readonly id: string;
}

/** A kind's schema: a strict zod object with `id` and `kind: z.literal(<kind>)`, outputting the spec. */
export type KindSchema<S extends NodeSpec> = z.core.$ZodTypeDiscriminable & z.ZodType<S>;

/** A kind's runtime behaviour for one declared node (stages, admission), given the built network. */
export type BuildStep<S extends NodeSpec = NodeSpec> = (node: S, ctx: BuildContext) => void;

/**
 * A node kind: how `{ id, kind: <name>, ... }` in a scenario is validated (`schema`), expanded into
 * core nodes, links and flows (`expand`), and given runtime behaviour (`build`). `S` is the node as
 * its schema outputs it (base units); both methods receive it typed. Kinds are values: a registry
 * (registry.ts) lists the ones a scenario may use; nothing registers itself on import.
 *
 * The catalog's kinds leave `build` out: their build steps import the simulator's pieces (tunnels,
 * recorders), which checking a file must not load, so they live apart (catalog/kinds/build/) and the
 * build layer asks the registry it is given for them (`buildStep`; docs/architecture.md, "Fast start").
 */
export interface NodeKind<S extends NodeSpec = NodeSpec> {
  readonly kind: string;
  /** One line for the docs and the JSON Schema. */
  readonly description: string;
  readonly schema: KindSchema<S>;
  /**
   * Keys whose value (a name, or a list of names) is the id of a node the kind creates (a site's
   * `servers`): what a node its kind refused would have created from them, so that references to
   * them are not "unknown" as well (assemble/nodes.ts).
   */
  readonly createsNodes?: readonly string[];
  /** Adds what the node stands for (at least itself, usually) to the scenario. */
  expand(node: S, ctx: ExpandContext): void;
  /** Runtime behaviour (stages, admission); called once per declared node, in file order. */
  build?(node: S, ctx: BuildContext): void;
}

/** Names of kinds and policies, as scenarios write them: lowercase letters, digits and `-`. */
export function checkName(what: 'node kind' | 'routing policy', name: string): void {
  if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new RangeError(`${what} '${name}': use lowercase letters, digits and '-'`);
}

/**
 * Checks a kind's name and returns the kind, its spec type inferred from its schema:
 * `defineKind({ kind: 'twin', schema: z.strictObject({ ... }), expand(node, ctx) { ... } })`.
 */
export function defineKind<S extends NodeSpec>(kind: NodeKind<S>): NodeKind<S> {
  checkName('node kind', kind.kind);
  return kind;
}

/** A node of the file as its kind validated it, before expansion. */
export interface DeclaredNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly spec: NodeSpec;
  /**
   * The kind refused some of its options (their problems are reported where they are): `spec` is
   * the node read without them, so that the nodes that plan with it do not report it missing.
   */
  readonly refused?: boolean;
}

/**
 * A node of the file its kind refused and could not read at all (its id or a required key is
 * wrong), or whose kind is unknown.
 */
export interface UnreadNode {
  /** Its id, when that much is readable. */
  readonly id: string | undefined;
  /**
   * Its kind; for an unknown kind, the kind its name is a typo of (`microsoft-netwrk`), which only
   * says what the node may be meant as; undefined when there is none.
   */
  readonly kind: NodeKind | undefined;
}

/**
 * The file's declared nodes (whatever their position), for kinds that plan with one another: a
 * population reads the protocols of its VPN gateway, Microsoft's network the places of the
 * populations. Look-ups by kind are typed by that kind's spec.
 */
export interface Declarations extends Iterable<DeclaredNode> {
  /** The node declared with that id (the first, when an id repeats). */
  get(id: string): DeclaredNode | undefined;
  /** Its spec, when node `id` is declared with exactly this kind. */
  find<S extends NodeSpec>(id: string, kind: NodeKind<S>): S | undefined;
  /** Every node declared with this kind, in file order. */
  of<S extends NodeSpec>(kind: NodeKind<S>): S[];
  /**
   * Whether the file declares node `id` but could not read it (its problem is reported where it
   * is), and its kind `fits` what the reference needs: a kind that needs such a node says nothing
   * more. One of a kind that could not be what is needed (a site named as a VPN gateway) is still
   * reported by the reference.
   */
  unread(id: string, fits: (kind: NodeKind) => boolean): boolean;
  /** {@link unread} for any node of this kind (one whose id may be what was wrong). */
  unreadOf(kind: NodeKind): boolean;
}

/** Declarations over a list of declared nodes; kinds are matched by identity, so a spec's type is its kind's. */
export function declarations(nodes: readonly DeclaredNode[], unread: readonly UnreadNode[] = []): Declarations {
  const byId = new Map<string, DeclaredNode>();
  for (const d of nodes) if (!byId.has(d.id)) byId.set(d.id, d);
  const unreadKinds = new Set(unread.map((u) => u.kind));
  return {
    [Symbol.iterator]: () => nodes[Symbol.iterator](),
    get: (id) => byId.get(id),
    find<S extends NodeSpec>(id: string, kind: NodeKind<S>): S | undefined {
      const d = byId.get(id);
      return d !== undefined && d.kind === kind ? (d.spec as S) : undefined;
    },
    of<S extends NodeSpec>(kind: NodeKind<S>): S[] {
      return nodes.filter((d) => d.kind === kind).map((d) => d.spec as S);
    },
    unread: (id, fits) => unread.some((u) => u.id === id && u.kind !== undefined && fits(u.kind)),
    unreadOf: (kind) => unreadKinds.has(kind),
  };
}

/** What a kind's `expand` may add to the normalized scenario, and how it reports problems. */
export interface ExpandContext {
  /** Where the node is in the file (problems are reported under it). */
  readonly path: KeyPath;
  readonly seed: number;
  readonly warmup: number;
  readonly duration: number;
  readonly classes: readonly ClassDef[];
  readonly declared: Declarations;
  addNode(node: NodeDef): void;
  addLink(link: LinkDef): void;
  addFlow(flow: FlowDef): void;
  /**
   * Reports a problem at a key of the node (`relative` to its path). `reads` names the node's other
   * keys the check reads (an app's `from` is checked against `servers`): a node its kind refused,
   * read without one of them (or without the key at `relative`), says nothing, as its problem is that key's.
   */
  problem(message: string, relative?: KeyPath, reads?: readonly string[]): void;
  /**
   * Reports a key that is valid but has no effect (another key makes it unused): a warning at a key
   * of the node, the file stays valid.
   */
  warn(message: string, relative?: KeyPath): void;
}

/** What a kind's `build` gets when the simulation is assembled: the network is built, flows are not yet. */
export interface BuildContext {
  readonly scenario: Scenario;
  readonly sim: Simulator;
  readonly net: Network;
  readonly random: RandomStreams;
  readonly window: MeasurementWindow;
  /** The expanded node of that id (the scenario's `nodes`). */
  node(id: string): NodeDef | undefined;
  /** Runs once every flow exists and is routed (admission, tunnels that pick flows up). */
  afterFlows(fn: (flows: ReadonlyMap<string, Flow>, router: Router) => void): void;
  /**
   * Runs after every {@link afterFlows} step, whatever the file order: tunnels and sessions are
   * decided and their flows carried (a hybrid population's fluid users then follow what they got).
   */
  afterAdmission(fn: (flows: ReadonlyMap<string, Flow>, router: Router) => void): void;
  /** The build's one value of `key`, made on first use: where cooperating kinds' build steps meet. */
  shared<T>(key: BuildShared<T>): T;
  /**
   * Puts `compute()` (called when the run ends) at `result[section][key]`: a section collects the
   * entries of every node that writes to it (`tunnels.<gateway>`), in build order.
   */
  addResult(section: string, key: string, compute: () => unknown): void;
}

/**
 * A value the build steps of one build share, typed by its key and made on first use (the gateways
 * that admit a hybrid population's fluid users write there, the population reads): one per build,
 * so a scenario built twice shares nothing between its builds.
 */
export class BuildShared<T> {
  constructor(
    readonly name: string,
    readonly make: () => T,
  ) {}
}

/**
 * A type of expanded node whose spec other kinds read (a home user's tunnel and apps): the kind
 * that writes such nodes and the kinds that read them share one NodeType, so the spec is typed at
 * both ends. One NodeType per node kind name.
 */
export class NodeType<T> {
  constructor(readonly kind: string) {}

  /** A node of this type. */
  node(id: string, spec: T, extra: Pick<NodeDef, 'within' | 'detached'> = {}): NodeDef {
    return { id, kind: this.kind, spec, ...extra };
  }

  /** The node's spec, when it is of this type. */
  specOf(node: NodeDef): T | undefined {
    return node.kind === this.kind ? (node.spec as T) : undefined;
  }

  /** The nodes of this type, in order, with their specs. */
  in(nodes: readonly NodeDef[]): { id: string; spec: T }[] {
    return nodes.filter((n) => n.kind === this.kind).map((n) => ({ id: n.id, spec: n.spec as T }));
  }
}
