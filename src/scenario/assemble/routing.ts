import type { z } from 'zod';
import type { KeyPath } from '../../spec/key-path.js';
import type { FailureDef, RoutingDef } from '../../spec/model.js';
import { formatSeconds } from '../../spec/units.js';
import type { failureSchema, routingSchema } from '../schema/routing.js';
import type { Assembly } from './state.js';

type RoutingInput = z.output<ReturnType<typeof routingSchema>>;
type FailureInput = z.output<typeof failureSchema>;

/** Stage 7, normalize routing: the policy (default `shortest`), per-class overrides of known classes, options. */
export function normalizeRouting(a: Assembly): RoutingDef {
  const r = a.parts.scalars.routing as RoutingInput | undefined;
  const routing: RoutingDef = { policy: r?.policy ?? 'shortest', classes: { ...(r?.classes ?? {}) }, options: {} };
  if (r?.k !== undefined) routing.options.k = r.k;
  if (r?.interval !== undefined) routing.options.interval = r.interval;
  if (r?.hysteresis !== undefined) routing.options.hysteresis = r.hysteresis;
  for (const name of Object.keys(routing.classes))
    if (!a.classKnown(name)) a.unknownClass(['routing', 'classes', name], name);
  return routing;
}

/**
 * Stage 8, normalize failures: each names a known link or a node that carries traffic, and
 * happens before the run ends.
 */
export function normalizeFailures(a: Assembly): FailureDef[] {
  const failures: FailureDef[] = [];
  for (const { key, value } of a.section('failures').items) {
    const f = value as FailureInput;
    const path: KeyPath = ['failures', key];
    const target = f.link !== undefined ? 'link' : 'node';
    const id = (f.link ?? f.node) as string;
    if (target === 'link' && !a.linkKnown(id)) a.unknownLink([...path, target], id);
    else if (target === 'node' && !a.nodeKnown(id)) a.unknownNode([...path, target], id);
    else if (target === 'node' && a.detached.has(id))
      a.problems.add(
        [...path, target],
        `node ${JSON.stringify(id)} carries no traffic, so its failure would change nothing: ${a.detached.get(id)}`,
      );
    if (a.end !== undefined && f.at >= a.end + a.drain) {
      const ends = formatSeconds(a.end + a.drain);
      a.problems.add([...path, 'at'], `${formatSeconds(f.at)} is after the run ends (${ends}, drain included)`);
    }
    failures.push({ at: f.at, target, id, for: f.for ?? null });
  }
  return failures;
}
