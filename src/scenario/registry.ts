import { catalogKinds } from '../catalog/kinds/index.js';
import { BUILTIN_POLICIES, createPolicy, type PolicyFactory, type PolicyOptions } from '../routing/factories.js';
import type { RoutingPolicy } from '../routing/policy.js';
import { checkName, type NodeKind } from '../spec/kind.js';
import { show } from '../spec/units.js';
import { coreKinds } from './core-kinds.js';

/** Node kinds and routing policies to add to a registry (what a plugin module exports, by these names). */
export interface Plugin {
  readonly kinds?: readonly NodeKind[];
  readonly policies?: Readonly<Record<string, PolicyFactory>>;
}

/**
 * The node kinds and routing policies a scenario may name, passed explicitly to parsing and
 * building (as d3-force names its forces and ns-3 passes factories): nothing registers itself
 * on import. {@link builtins} holds the contract's kinds, the catalog's and the built-in policies;
 * `with` and `withModule` return an extended copy (a name given again replaces the earlier one).
 *
 * Worker threads cannot receive functions, so a registry travels as the module URLs it was
 * extended with ({@link modules}): each worker imports them over the built-ins and gets the same
 * registry. A registry extended with values in code (`with`) stays in its thread.
 */
export class Registry {
  private constructor(
    private readonly kindsByName: ReadonlyMap<string, NodeKind>,
    private readonly factories: Readonly<Record<string, PolicyFactory>>,
    /** Module URLs that rebuild this registry over the built-ins; null when it was extended in code. */
    readonly modules: readonly string[] | null,
  ) {}

  /** The built-ins: core kinds (router, host), the catalog's kinds, the built-in policies. */
  static readonly builtins: Registry = new Registry(
    new Map([...coreKinds, ...catalogKinds].map((k) => [k.kind, k])),
    BUILTIN_POLICIES,
    [],
  );

  /** This registry with the plugin's kinds and policies added (it can no longer travel to workers). */
  with(plugin: Plugin): Registry {
    return this.extended(plugin, null);
  }

  /**
   * This registry with what the module at `url` exports as `kinds` and `policies` (a {@link Plugin}),
   * so that workers, given {@link modules}, build the same one.
   */
  async withModule(url: string): Promise<Registry> {
    const m = (await import(url)) as Plugin;
    if (m.kinds === undefined && m.policies === undefined)
      throw new Error(`module ${url} exports neither \`kinds\` nor \`policies\``);
    return this.extended(m, this.modules === null ? null : [...this.modules, url]);
  }

  /** {@link withModule} for each URL in turn. */
  withModules(urls: readonly string[]): Promise<Registry> {
    return urls.reduce<Promise<Registry>>(async (r, url) => (await r).withModule(url), Promise.resolve(this));
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

  private extended(plugin: Plugin, modules: readonly string[] | null): Registry {
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
    return new Registry(kinds, Object.freeze(factories), modules);
  }
}
