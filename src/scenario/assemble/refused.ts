import type { NodeKind, NodeSpec } from '../../spec/kind.js';

/**
 * A refused node read without the options its kind refused: the node as its kind reads the rest and
 * the keys left out, or null when that is not enough (its id, its kind or a required key is what was
 * refused).
 *
 * Other nodes plan with a declared node: a component placed in a region needs Microsoft's network,
 * a population its VPN gateway, a link the servers a site lists. Left out, a node refused for one
 * bad option (`peeringRate: 10furlongs`) made each of them report that it is missing: knock-on
 * errors that blamed nodes with nothing wrong. Its own problems are already reported, where they are.
 */
export function readRefused(kind: NodeKind, raw: unknown): { spec: NodeSpec; dropped: Set<string> } | null {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const dropped = new Set<string>();
  const kept: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  // Twice at most: keys left out can expose a cross-key check (a refine) that then needs its key left out too.
  for (let round = 0; round < 2; round++) {
    const r = kind.schema.safeParse(kept, { jitless: true });
    if (r.success) return { spec: r.data, dropped };
    for (const issue of r.error.issues) {
      const keys =
        issue.path.length > 0 ? [issue.path[0]] : issue.code === 'unrecognized_keys' ? issue.keys : undefined;
      if (keys === undefined) return null; // the node as a whole is wrong
      for (const key of keys) {
        if (key === 'id' || key === 'kind') return null;
        delete kept[key as string];
        dropped.add(key as string);
      }
    }
  }
  return null;
}
