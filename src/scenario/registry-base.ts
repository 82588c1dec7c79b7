import { catalogKinds } from '../catalog/kinds/index.js';
import { BUILTIN_POLICIES, createPolicy, type PolicyFactory, type PolicyOptions } from '../routing/factories.js';
import type { RoutingPolicy } from '../routing/policy.js';
import { checkName, type BuildStep, type NodeKind } from '../spec/kind.js';
import { show } from '../spec/units.js';
import { coreKinds } from './core-kinds.js';

/** Node kinds and routing policies to add to a registry (what a plugin module exports, by these names). */
export interface Plugin {
  readonly kinds?: readonly NodeKind[];
  readonly policies?: Readonly<Record<string, PolicyFactory>>;
}

/**
 * Finds the build step of a kind that has no `build` of its own (undefined: the kind builds nothing, links only).
 * A registry is given one when it is made: the built-ins' is the catalog's (catalog/kinds/build/), keyed by the
 * kind object, so another kind given a catalog kind's name does not inherit its step.
 */
export type BuildStepResolver = (kind: NodeKind) => BuildStep | undefined;

/** What a registry is made of. */
export interface RegistryParts {
  readonly kinds: ReadonlyMap<string, NodeKind>;
  readonly policies: Readonly<Record<string, PolicyFactory>>;
  /** Module URLs that rebuild the registry over the built-ins; null when it was extended in code. */
  readonly modules: readonly string[] | null;
  /** Null in a registry made for checking files only ({@link BUILTINS_FOR_CHECKING}): it builds nothing. */
  readonly buildSteps: BuildStepResolver | null;
}

/**
 * The node kinds and routing policies a scenario may name, and how their run-time parts are built, passed
 * explicitly to parsing and building (as d3-force names its forces and ns-3 passes factories): nothing
 * registers itself on import. `with` and `withModule` return an extended copy (a name given again replaces the
 * earlier one), of the same class and with the same build steps.
 *
 * The public class is `Registry` (registry.ts), which adds the built-ins, wired with the catalog's build steps.
 * This base holds everything else, so that checking a file can have the built-in kinds and policies without
 * loading those steps: they import the simulator's run-time parts (tunnel gateways, session limiters, flow
 * recorders), which `netsim validate` never loads (test/cli-startup.test.ts; bench/RESULTS.md, "Fast start,
 * round two").
 *
 * Worker threads cannot receive functions, so a registry travels as the module URLs it was
 * extended with ({@link modules}): each worker imports them over the built-ins and gets the same
 * registry. A registry extended with values in code (`with`) stays in its thread.
 */
export class RegistryBase {
  /** Module URLs that rebuild this registry over the built-ins; null when it was extended in code. */
  readonly modules: readonly string[] | null;
  private readonly kindsByName: ReadonlyMap<string, NodeKind>;
  private readonly factories: Readonly<Record<string, PolicyFactory>>;
  private readonly buildSteps: BuildStepResolver | null;

  protected constructor(parts: RegistryParts) {
    this.kindsByName = parts.kinds;
    this.factories = parts.policies;
    this.modules = parts.modules;
    this.buildSteps = parts.buildSteps;
  }

  /** This registry with the plugin's kinds and policies added (it can no longer travel to workers). */
  with(plugin: Plugin): this {
    return this.extended(plugin, null);
  }

  /**
   * This registry with what the module at `url` exports as `kinds` and `policies` (a {@link Plugin}),
   * so that workers, given {@link modules}, build the same one.
   */
  async withModule(url: string): Promise<this> {
    const m = (await import(url)) as Plugin;
    if (m.kinds === undefined && m.policies === undefined)
      throw new Error(`module ${url} exports neither \`kinds\` nor \`policies\``);
    return this.extended(m, this.modules === null ? null : [...this.modules, url]);
  }

  /** {@link withModule} for each URL in turn. */
  withModules(urls: readonly string[]): Promise<this> {
    return urls.reduce<Promise<this>>(async (r, url) => (await r).withModule(url), Promise.resolve(this));
  }

  /** Every kind, the built-ins first, in the order they were added. */
  kinds(): NodeKind[] {
    return [...this.kindsByName.values()];
  }

  kind(name: string): NodeKind | undefined {
    return this.kindsByName.get(name);
  }

  /** Policy names, the built-ins first. */
  policyNames(): string[] {
    return Object.keys(this.factories);
  }

  /** Why `name` is not a policy of this registry, or null when it is: the one wording of that problem. */
  policyProblem(name: string): string | null {
    return Object.hasOwn(this.factories, name)
      ? null
      : `unknown routing policy ${show(name)} (known: ${this.policyNames().join(', ')})`;
  }

  /** Builds the named policy with a scenario's options; throws on an unknown name. */
  createPolicy(name: string, options: PolicyOptions = {}): RoutingPolicy {
    return createPolicy(name, options, this.factories);
  }

  /**
   * The step that builds `kind`'s run-time parts (gateway stages, admission, result sections): the kind's own
   * `build` (core kinds, plugins), else this registry's resolver's; undefined when the kind builds nothing.
   */
  buildStep(kind: NodeKind): BuildStep | undefined {
    if (kind.build) return kind.build.bind(kind);
    if (this.buildSteps === null)
      throw new Error(`this registry was made for checking files and builds nothing: build with Registry.builtins`);
    return this.buildSteps(kind);
  }

  private extended(plugin: Plugin, modules: readonly string[] | null): this {
    const kinds = new Map(this.kindsByName);
    for (const k of plugin.kinds ?? []) {
      checkName('node kind', k.kind);
      kinds.set(k.kind, k);
    }
    const factories: Record<string, PolicyFactory> = { ...this.factories };
    for (const [name, factory] of Object.entries(plugin.policies ?? {})) {
      checkName('routing policy', name);
      factories[name] = factory;
    }
    // The same class as this one: a copy of Registry.builtins is a Registry.
    const Same = this.constructor as new (parts: RegistryParts) => this;
    return new Same({ kinds, policies: Object.freeze(factories), modules, buildSteps: this.buildSteps });
  }
}

/** The built-in kinds (the contract's and the catalog's) and policies, as one registry makes them. */
export const builtinParts = (buildSteps: BuildStepResolver | null): RegistryParts => ({
  kinds: new Map([...coreKinds, ...catalogKinds].map((k) => [k.kind, k])),
  policies: BUILTIN_POLICIES,
  modules: [],
  buildSteps,
});

/** A registry made only to be read, never built with: the built-in kinds and policies without build steps. */
class CheckingRegistry extends RegistryBase {
  constructor(parts: RegistryParts) {
    super(parts);
  }
}

/**
 * The built-ins for checking a file (`netsim validate`, `netsim schema`, parsing when no registry is given):
 * the same kinds and policies as `Registry.builtins`, so the same problems, without loading the build steps.
 */
export const BUILTINS_FOR_CHECKING: RegistryBase = new CheckingRegistry(builtinParts(null));
