import { idMap } from '../metrics/index.js';
import { resolveVariant, type Scenario } from '../scenario/index.js';

/**
 * The shape of a scenario, as a comparison records it for its report's picture (results.json
 * `topology`, one per variant): the declared nodes, and the expanded nodes and links with the
 * declared node each expanded node came from, so the picture can draw 10,000 home users as their
 * population. Plain JSON; no measurement (the report takes utilization from the runs).
 */
export interface ScenarioTopology {
  /** The nodes as the file declares them: id, kind, and the users a population stands for. */
  declared: { id: string; kind: string; users?: number }[];
  /** Expanded nodes that another declared node added: id -> that node (a node declared itself is absent). */
  owners: Record<string, string>;
  /** Kinds of the expanded nodes not declared themselves and not owned (drawn as they are). */
  kinds: Record<string, string>;
  /** Every link of the expanded scenario. */
  links: { id: string; from: string; to: string }[];
  /**
   * The users of each declared population at each sweep point, in grid order (a sweep only): the shape
   * is the last point's, and a picture of another point labels its own number of users.
   */
  usersAt?: Record<string, number>[];
}

const usersOf = (spec: unknown): number | undefined => {
  const n = (spec as { users?: unknown } | null)?.users;
  return typeof n === 'number' ? n : undefined;
};

/** The topology of one scenario (a variant resolved). */
export function scenarioTopology(s: Scenario): ScenarioTopology {
  const declared = s.declared.map((d) => {
    const users = usersOf(d.spec);
    return { id: d.id, kind: d.kind, ...(users !== undefined ? { users } : {}) };
  });
  const ids = new Set(declared.map((d) => d.id));
  // Ids are data: a node named __proto__ is a key like any other (null-prototype maps).
  const owners = idMap<string>();
  const kinds = idMap<string>();
  for (const n of s.nodes) {
    if (ids.has(n.id)) continue;
    if (n.declaredBy !== undefined) owners[n.id] = n.declaredBy;
    else kinds[n.id] = n.kind;
  }
  return { declared, owners, kinds, links: s.links.map((l) => ({ id: l.id, from: l.from, to: l.to })) };
}

/**
 * The topology of every variant compared (keyed by variant name, `base` for the scenario without
 * variants), at the last of `points` (the scenario at each sweep point, in grid order), with the
 * users of each point when there are several.
 */
export function topologies(
  points: readonly Scenario[],
  variants: readonly (string | null)[],
): Record<string, ScenarioTopology> {
  const out = idMap<ScenarioTopology>();
  for (const v of variants) {
    const shape = scenarioTopology(resolveVariant(points[points.length - 1], v));
    if (points.length > 1)
      shape.usersAt = points.map((p) => {
        const users = idMap<number>();
        for (const d of resolveVariant(p, v).declared) {
          const n = usersOf(d.spec);
          if (n !== undefined) users[d.id] = n;
        }
        return users;
      });
    out[v ?? 'base'] = shape;
  }
  return out;
}
