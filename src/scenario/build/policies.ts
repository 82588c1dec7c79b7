import type { RoutingPolicy } from '../../routing/policy.js';
import type { Scenario } from '../../spec/model.js';
import type { Registry } from '../registry.js';

/**
 * The default policy and the per-class overrides, each made once with the scenario's options;
 * a forced policy (`--policy`) drops the overrides (one policy per run).
 */
export function policiesOf(
  s: Scenario,
  registry: Registry,
  forced: string | undefined,
): [RoutingPolicy, Map<string, RoutingPolicy>] {
  const made = new Map<string, RoutingPolicy>();
  const make = (n: string): RoutingPolicy => {
    let p = made.get(n);
    if (!p) made.set(n, (p = registry.createPolicy(n, s.routing.options)));
    return p;
  };
  const byClass = new Map<string, RoutingPolicy>();
  if (forced === undefined) for (const [cls, n] of Object.entries(s.routing.classes)) byClass.set(cls, make(n));
  return [make(forced ?? s.routing.policy), byClass];
}
