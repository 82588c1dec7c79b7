import { shortest, type RoutingPolicy } from './policy.js';

/** Options a scenario's `routing` block may pass to a policy (beyond `policy`). */
export type PolicyOptions = Readonly<Record<string, unknown>>;

type PolicyFactory = (options: PolicyOptions) => RoutingPolicy;

const factories = new Map<string, PolicyFactory>([['shortest', () => shortest]]);

/** Makes a policy usable by name in scenarios and `--policy`. */
export function registerPolicy(name: string, factory: PolicyFactory): void {
  factories.set(name, factory);
}

export function policyNames(): string[] {
  return [...factories.keys()];
}

/** Builds the named policy; throws on an unknown name (validation reports it earlier). */
export function createPolicy(name: string, options: PolicyOptions = {}): RoutingPolicy {
  const f = factories.get(name);
  if (!f) throw new Error(`unknown routing policy '${name}' (known: ${policyNames().join(', ')})`);
  return f(options);
}
