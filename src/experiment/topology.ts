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
  const owners: Record<string, string> = {};
  const kinds: Record<string, string> = {};
  for (const n of s.nodes) {
    if (ids.has(n.id)) continue;
    if (n.declaredBy !== undefined) owners[n.id] = n.declaredBy;
    else kinds[n.id] = n.kind;
  }
  return { declared, owners, kinds, links: s.links.map((l) => ({ id: l.id, from: l.from, to: l.to })) };
}

/** The topology of every variant compared (keyed by variant name, `base` for the scenario without variants). */
export function topologies(s: Scenario, variants: readonly (string | null)[]): Record<string, ScenarioTopology> {
  const out: Record<string, ScenarioTopology> = {};
  for (const v of variants) out[v ?? 'base'] = scenarioTopology(resolveVariant(s, v));
  return out;
}
