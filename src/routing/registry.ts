import { intOption, numberOption } from './options.js';
import { ClassAwarePolicy } from './policies/class-aware.js';
import { EcmpPolicy } from './policies/ecmp.js';
import { LoadAwarePolicy } from './policies/load-aware.js';
import { shortest, type RoutingPolicy } from './policy.js';

/**
 * Options a scenario's `routing` block may pass to a policy (beyond `policy`): `k` (integer 1..16,
 * how many paths a policy considers), `interval` (seconds between re-evaluations), `hysteresis`
 * (a ratio in [0, 1)). A policy ignores the options it has no use for.
 */
export type PolicyOptions = Readonly<Record<string, unknown>>;

export type PolicyFactory = (options: PolicyOptions) => RoutingPolicy;

/** Largest `k` a scenario may ask for: Yen's cost grows with k times the path length. */
export const MAX_K = 16;

const factories = new Map<string, PolicyFactory>([
  ['shortest', () => shortest],
  ['class-aware', () => new ClassAwarePolicy()],
  ['ecmp', (o) => new EcmpPolicy(intOption('ecmp', o, 'k', 8, 1, MAX_K))],
  [
    'load-aware',
    (o) =>
      new LoadAwarePolicy(
        intOption('load-aware', o, 'k', 3, 1, MAX_K),
        numberOption('load-aware', o, 'interval', 1, Number.MIN_VALUE, Infinity, 'a time > 0 (seconds)'),
        numberOption('load-aware', o, 'hysteresis', 0.2, 0, 1, 'a ratio in [0, 1)'),
      ),
  ],
]);

/** Makes a policy usable by name in scenarios and `--policy`; a built-in name is replaced. */
export function registerPolicy(name: string, factory: PolicyFactory): void {
  if (!/^[a-z][a-z0-9-]*$/.test(name))
    throw new RangeError(`routing policy name '${name}': use lowercase letters, digits and '-'`);
  factories.set(name, factory);
}

/** Registered names, in registration order (the built-ins first). */
export function policyNames(): string[] {
  return [...factories.keys()];
}

/** Builds the named policy; throws on an unknown name (validation reports it earlier). */
export function createPolicy(name: string, options: PolicyOptions = {}): RoutingPolicy {
  const f = factories.get(name);
  if (!f) throw new Error(`unknown routing policy '${name}' (known: ${policyNames().join(', ')})`);
  return f(options);
}
