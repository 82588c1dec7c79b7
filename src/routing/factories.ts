import { intOption, numberOption } from './options.js';
import { ClassAwarePolicy } from './policies/class-aware.js';
import { EcmpPolicy } from './policies/ecmp.js';
import { LoadAwarePolicy } from './policies/load-aware.js';
import { shortest, type RoutingPolicy } from './policy.js';
import type { BuiltinPolicyName } from './policy-names.js';

/**
 * Options a scenario's `routing` block may pass to a policy (beyond `policy`): `k` (integer 1..16,
 * how many paths a policy considers), `interval` (seconds between re-evaluations), `hysteresis`
 * (a ratio in [0, 1)). A policy ignores the options it has no use for.
 */
export type PolicyOptions = Readonly<Record<string, unknown>>;

/** Makes a policy from a scenario's options: how a registry names a policy (scenario/registry-base.ts). */
export type PolicyFactory = (options: PolicyOptions) => RoutingPolicy;

/** Largest `k` a scenario may ask for: Yen's cost grows with k times the path length. */
export const MAX_K = 16;

/** The built-in policies by name, in the order of BUILTIN_POLICY_NAMES (docs/routing.md). */
export const BUILTIN_POLICIES: Readonly<Record<string, PolicyFactory>> = Object.freeze({
  shortest: () => shortest,
  'class-aware': () => new ClassAwarePolicy(),
  ecmp: (o) => new EcmpPolicy(intOption('ecmp', o, 'k', 8, 1, MAX_K)),
  'load-aware': (o) =>
    new LoadAwarePolicy(
      intOption('load-aware', o, 'k', 3, 1, MAX_K),
      numberOption('load-aware', o, 'interval', 1, Number.MIN_VALUE, Infinity, 'a time > 0 (seconds)'),
      numberOption('load-aware', o, 'hysteresis', 0.2, 0, 1, 'a ratio in [0, 1)'),
    ),
} satisfies Record<BuiltinPolicyName, PolicyFactory>);

/** Builds the named policy from `factories` (default: the built-ins); throws on an unknown name. */
export function createPolicy(
  name: string,
  options: PolicyOptions = {},
  factories: Readonly<Record<string, PolicyFactory>> = BUILTIN_POLICIES,
): RoutingPolicy {
  const f = Object.hasOwn(factories, name) ? factories[name] : undefined;
  if (!f) throw new Error(`unknown routing policy '${name}' (known: ${Object.keys(factories).join(', ')})`);
  return f(options);
}
