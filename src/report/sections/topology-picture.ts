import type { ComparisonFile } from '../../experiment/comparison.js';
import { variantLabel } from '../../experiment/cells.js';
import { gridPoints, samePoint } from '../../experiment/grid.js';
import type { ScenarioTopology } from '../../experiment/topology.js';
import type { CellHurts } from '../hurts.js';
import { collapseTopology, topologySvg, type TopologyInput, type TopologyNode } from '../topology.js';

/**
 * The topology picture of one cell: the variant's shape (results.json `topology`) with each link
 * direction's mean utilization in that cell, collapsed into the declared nodes (a population's
 * 10,000 users and access links drawn as one node), and the cell's hot spots numbered once results
 * carry them. Empty when the results have no topology (files from before it).
 */
export function cellPicture(c: ComparisonFile, h: CellHurts, title: string): string {
  const shape = c.topology?.[variantLabel(h.cell.variant)];
  if (!shape) return '';
  const point = gridPoints(c.matrix.sweeps).findIndex((p) => samePoint(p, h.cell.sweep));
  return topologySvg(pictureInput(shape, h, shape.usersAt?.[point]), { title });
}

/** The collapsed input of a picture: declared nodes, links with the cell's utilization, hot spots. */
export function pictureInput(
  shape: ScenarioTopology,
  h: CellHurts,
  usersAt?: Readonly<Record<string, number>>,
): TopologyInput {
  const declared: TopologyNode[] = shape.declared.map((d) => {
    const users = usersAt?.[d.id] ?? d.users;
    return { id: d.id, kind: d.kind, ...(users !== undefined ? { users } : {}) };
  });
  const loose: TopologyNode[] = Object.entries(shape.kinds).map(([id, kind]) => ({ id, kind }));
  const util = (id: string, dir: 'forward' | 'reverse') => ({ utilization: h.cell.links[id]?.[dir].mean ?? null });
  const expanded: TopologyInput = {
    nodes: [...declared, ...loose],
    links: shape.links.map((l) => ({ ...l, forward: util(l.id, 'forward'), reverse: util(l.id, 'reverse') })),
    // Largest wait first, whatever the class: the picture numbers places, not classes.
    hotspots: [
      ...new Set([...(h.hotspots ?? [])].sort((a, b) => (b.queueingMs ?? 0) - (a.queueingMs ?? 0)).map((s) => s.at)),
    ],
  };
  return collapseTopology(expanded, declared, (id) => shape.owners[id]);
}
