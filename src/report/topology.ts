import {
  forceCollide,
  forceLink,
  forceManyBody,
  forceSimulation,
  forceX,
  forceY,
  type SimulationLinkDatum,
  type SimulationNodeDatum,
} from 'd3-force';
import { RandomStreams } from '../engine/random.js';
import { esc } from './escape.js';
import { FONT } from './svg.js';

/**
 * The topology picture of the report (issue 11): the scenario's declared nodes, each link's two
 * directions coloured by utilization, the hot spots numbered. Pure and deterministic: an SVG
 * string from plain data, no network access, the same bytes for the same input.
 *
 * Layout: d3-force (a well-kept library; its `tick()` runs synchronously and its randomness is
 * injected) with a seeded stream, a fixed number of ticks, a collision force so nodes do not
 * overlap, and a pull of each node towards a column given by its hop distance from the users
 * (populations, home users): the picture reads left to right from the users to what they reach.
 * The forces start from a layered placement (each column ordered by its neighbours' heights):
 * measured on the declared topologies of the example scenarios and their variants (19 layouts,
 * 6 to 25 nodes), the layouts had 5 pairs of crossing links in all from that start, 20 from a
 * start row by row in input order. Positions are rounded to 0.1 px; the view box is fitted
 * around what is drawn.
 */

export interface TopologyNode {
  readonly id: string;
  readonly kind: string;
  /** The users a population stands for, shown under its name. */
  readonly users?: number;
}

/** One direction of a link. null: no measurement (the link carried nothing, or it is unknown). */
export interface DirectionLoad {
  readonly utilization: number | null;
}

export interface TopologyLink {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly forward: DirectionLoad;
  readonly reverse: DirectionLoad;
  /** How many links of the expanded scenario this one stands for ({@link collapseTopology}); absent: 1. */
  readonly members?: number;
}

export interface TopologyInput {
  readonly nodes: readonly TopologyNode[];
  readonly links: readonly TopologyLink[];
  /**
   * The hot spots, largest first, named as results name them: `<link id>/forward`,
   * `<link id>/reverse`, `<node id>/stage` (or a node id). The first {@link TopologyOptions.hotspots}
   * are marked with their rank.
   */
  readonly hotspots?: readonly string[];
}

export interface TopologyOptions {
  /** Title shown at the top and read by screen readers. */
  readonly title?: string;
  /** How many hot spots to mark (default 5). */
  readonly hotspots?: number;
}

/** The picture is of declared nodes; more than this is an expanded scenario that was not collapsed. */
export const MAX_TOPOLOGY_NODES = 400;

/** Utilization bins (ColorBrewer RdYlBu, safe for colour-vision deficiencies and in print), widths grow too. */
export const UTILIZATION_BINS = [
  { below: 0.5, color: '#74add1', width: 2, label: 'below 50%' },
  { below: 0.8, color: '#fdae61', width: 2.6, label: '50–80%' },
  { below: 0.95, color: '#f46d43', width: 3.2, label: '80–95%' },
  { below: Infinity, color: '#a50026', width: 3.8, label: '95% and more' },
] as const;
const NO_DATA = { color: '#bbbbbb', width: 1.5, label: 'not measured' };

/** Node colours by what the node is (Okabe-Ito). */
const FAMILIES = [
  { name: 'users', test: /population|home-user/, color: '#E69F00' },
  { name: 'gateway or security', test: /vpn|gateway|firewall|bastion|concentrator/, color: '#CC79A7' },
  { name: 'site or host', test: /site|host|vnet|server/, color: '#009E73' },
  { name: 'network', test: /.*/, color: '#0072B2' },
] as const;

const LABEL_CHARS = 18;
const CHAR_WIDTH = 6.2;
const TICKS = 300;
const COLUMN = 150;
const ROW = 80;

const f1 = (x: number): string => {
  const r = Math.round(x * 10) / 10;
  return (Object.is(r, -0) ? 0 : r).toString();
};

/** An id cut to fit under its node, keeping its end (`teams-seattle-media-relay` -> `teams-seatt…-relay`). */
export function shortLabel(id: string, max = LABEL_CHARS): string {
  if (id.length <= max) return id;
  const tail = Math.floor((max - 1) * 0.4);
  return `${id.slice(0, max - 1 - tail)}…${id.slice(id.length - tail)}`;
}

function family(kind: string): (typeof FAMILIES)[number] {
  return FAMILIES.find((f) => f.test.test(kind))!;
}

function bin(u: number | null): { color: string; width: number; label: string } {
  if (u === null || !Number.isFinite(u)) return NO_DATA;
  return UTILIZATION_BINS.find((b) => u < b.below)!;
}

const radius = (n: TopologyNode): number =>
  n.users !== undefined && n.users > 0 ? Math.min(20, 10 + 2.5 * Math.log10(n.users)) : 9;

/** `10000` -> `10,000` (no locale data involved: the same bytes everywhere). */
const thousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

const pct = (u: number | null): string => (u === null ? 'not measured' : `${(u * 100).toFixed(u < 0.1 ? 1 : 0)}%`);

interface Placed extends SimulationNodeDatum {
  node: TopologyNode;
  r: number;
  layer: number;
  x: number;
  y: number;
}

/** Hop distance from the users' nodes (or the first node), over links in either direction. */
function layers(nodes: readonly TopologyNode[], links: readonly TopologyLink[]): Map<string, number> {
  const next = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const l of links) {
    next.get(l.from)?.push(l.to);
    next.get(l.to)?.push(l.from);
  }
  const users = nodes.filter((n) => family(n.kind).name === 'users').map((n) => n.id);
  const queue = users.length > 0 ? users : nodes.slice(0, 1).map((n) => n.id);
  const depth = new Map<string, number>(queue.map((id) => [id, 0]));
  for (let i = 0; i < queue.length; i++) {
    for (const m of next.get(queue[i]) ?? []) {
      if (depth.has(m)) continue;
      depth.set(m, depth.get(queue[i])! + 1);
      queue.push(m);
    }
  }
  const deepest = Math.max(0, ...depth.values());
  for (const n of nodes) if (!depth.has(n.id)) depth.set(n.id, deepest + 1);
  return depth;
}

/**
 * Starting heights: each column ordered by the mean height of its neighbours in the columns
 * before it (the barycentre step of a layered layout), so the forces start from few crossings.
 */
function startingHeights(
  nodes: readonly TopologyNode[],
  links: readonly TopologyLink[],
  depth: ReadonlyMap<string, number>,
): Map<string, number> {
  const next = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const l of links) {
    next.get(l.from)?.push(l.to);
    next.get(l.to)?.push(l.from);
  }
  const columns = new Map<number, string[]>();
  for (const n of nodes) {
    const d = depth.get(n.id)!;
    columns.set(d, [...(columns.get(d) ?? []), n.id]);
  }
  const y = new Map<string, number>();
  for (const d of [...columns.keys()].sort((a, b) => a - b)) {
    const ids = columns.get(d)!;
    const key = (id: string, i: number) => {
      const before = next.get(id)!.filter((m) => y.has(m));
      return before.length > 0 ? before.reduce((sum, m) => sum + y.get(m)!, 0) / before.length : i * 1e-3;
    };
    const order = ids.map((id, i) => ({ id, k: key(id, i), i })).sort((a, b) => a.k - b.k || a.i - b.i);
    order.forEach((o, i) => y.set(o.id, (i - (order.length - 1) / 2) * ROW));
  }
  return y;
}

/** Runs the layout: positions per node id, deterministic for a given input. */
export function layoutTopology(input: TopologyInput): Map<string, { x: number; y: number; r: number }> {
  const depth = layers(input.nodes, input.links);
  const start = startingHeights(input.nodes, input.links, depth);
  const placed: Placed[] = input.nodes.map((node) => ({
    node,
    r: radius(node),
    layer: depth.get(node.id)!,
    // Start in the node's column at its barycentric height: the forces refine from there.
    x: depth.get(node.id)! * COLUMN,
    y: start.get(node.id)!,
  }));
  const index = new Map(placed.map((p) => [p.node.id, p]));
  const edges: SimulationLinkDatum<Placed>[] = input.links
    .filter((l) => l.from !== l.to && index.has(l.from) && index.has(l.to))
    .map((l) => ({ source: index.get(l.from)!, target: index.get(l.to)! }));
  // d3-force draws random numbers only to separate nodes that sit on the same spot; the starting
  // positions are distinct, but a seeded stream keeps even that case reproducible.
  const random = new RandomStreams(1).stream('topology-layout');
  const sim = forceSimulation<Placed>().stop().randomSource(random).nodes(placed);
  sim
    .force('link', forceLink<Placed, SimulationLinkDatum<Placed>>(edges).distance(COLUMN * 0.8))
    .force('charge', forceManyBody<Placed>().strength(-400))
    // Room for the node and half its label on each side, so names do not run into a neighbour.
    .force(
      'collide',
      forceCollide<Placed>((p) => Math.max(p.r + 8, (Math.min(p.node.id.length, LABEL_CHARS) * CHAR_WIDTH) / 2 + 4))
        .strength(1)
        .iterations(3),
    )
    .force('column', forceX<Placed>((p) => p.layer * COLUMN).strength(0.35))
    .force('middle', forceY<Placed>(0).strength(0.04));
  sim.tick(TICKS);
  const out = new Map<string, { x: number; y: number; r: number }>();
  for (const p of placed) out.set(p.node.id, { x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10, r: p.r });
  return out;
}

/** Where a hot spot name points: a link direction, or a node. */
function parseHotspot(
  name: string,
  links: ReadonlyMap<string, TopologyLink>,
  nodes: ReadonlySet<string>,
): { link: string; direction: 'forward' | 'reverse' } | { node: string } | null {
  const m = /^(.*)\/(forward|reverse|stage)$/.exec(name);
  if (m && m[2] !== 'stage' && links.has(m[1])) return { link: m[1], direction: m[2] as 'forward' | 'reverse' };
  if (m && m[2] === 'stage' && nodes.has(m[1])) return { node: m[1] };
  if (nodes.has(name)) return { node: name };
  return null;
}

/**
 * The topology as an SVG string (see the module comment). Links whose ends are not among the
 * nodes are left out; so are loops.
 */
export function topologySvg(input: TopologyInput, options: TopologyOptions = {}): string {
  const title = options.title ?? 'Topology: link directions by utilization, hot spots numbered';
  if (input.nodes.length > MAX_TOPOLOGY_NODES) {
    const message = `${input.nodes.length} nodes: too many to draw; draw the declared nodes (collapseTopology)`;
    return `<svg class="plot" data-plot="topology" xmlns="http://www.w3.org/2000/svg" width="420" height="40" viewBox="0 0 420 40" role="img" aria-label="${esc(title)}" ${FONT}><text x="4" y="24">${esc(message)}</text></svg>`;
  }
  const pos = layoutTopology(input);
  const nodeIds = new Set(input.nodes.map((n) => n.id));
  const links = input.links.filter((l) => l.from !== l.to && nodeIds.has(l.from) && nodeIds.has(l.to));
  const linkById = new Map(links.map((l) => [l.id, l]));
  const hotLinks = new Map<string, number>(); // `<id>/<direction>` -> rank
  const hotNodes = new Map<string, number>();
  (input.hotspots ?? []).slice(0, options.hotspots ?? 5).forEach((name, i) => {
    const h = parseHotspot(name, linkById, nodeIds);
    if (h && 'link' in h && !hotLinks.has(`${h.link}/${h.direction}`)) hotLinks.set(`${h.link}/${h.direction}`, i + 1);
    else if (h && 'node' in h && !hotNodes.has(h.node)) hotNodes.set(h.node, i + 1);
  });

  // Bounds of what is drawn: nodes, with their labels below them.
  let minX = Infinity,
    maxX = -Infinity,
    minY = Infinity,
    maxY = -Infinity;
  for (const n of input.nodes) {
    const p = pos.get(n.id)!;
    const half = Math.max(p.r + 10, (shortLabel(n.id).length * CHAR_WIDTH) / 2);
    minX = Math.min(minX, p.x - half);
    maxX = Math.max(maxX, p.x + half);
    minY = Math.min(minY, p.y - p.r - 12);
    maxY = Math.max(maxY, p.y + p.r + (n.users !== undefined ? 28 : 16));
  }
  if (input.nodes.length === 0) minX = maxX = minY = maxY = 0;
  const pad = 12,
    top = 24;
  const dx = pad - minX,
    dy = top + pad - minY;
  const X = (x: number) => f1(x + dx),
    Y = (y: number) => f1(y + dy);
  const legendTop = maxY - minY + top + 2 * pad;
  const width = Math.max(420, Math.ceil(maxX - minX + 2 * pad), LEGEND_WIDTH);
  const legendLines = 2;
  const height = Math.ceil(legendTop + legendLines * 18 + 8);

  const parts: string[] = [
    `<svg class="plot" data-plot="topology" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(title)}" ${FONT}>`,
    `<text x="4" y="15" font-weight="600">${esc(title)}</text>`,
  ];

  // Links: two parallel lines, forward on the right of from -> to, each with an arrowhead.
  const pairs = new Map<string, number>();
  const badges: string[] = [];
  for (const l of links) {
    const a = pos.get(l.from)!,
      b = pos.get(l.to)!;
    const pair = [l.from, l.to].sort().join('\u0000');
    const k = pairs.get(pair) ?? 0;
    pairs.set(pair, k + 1);
    const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    const ux = (b.x - a.x) / len,
      uy = (b.y - a.y) / len;
    // Right-hand normal in screen coordinates (y down); parallel links between one pair move apart.
    const nx = -uy,
      ny = ux;
    const spread = 3.2 + k * 9;
    const what = l.members !== undefined && l.members > 1 ? `${l.members} links` : esc(l.id);
    for (const [dir, from, to, sign] of [
      ['forward', a, b, 1],
      ['reverse', b, a, -1],
    ] as const) {
      const u = l[dir].utilization;
      const style = bin(u);
      const ox = nx * spread * sign,
        oy = ny * spread * sign;
      // From the edge of one circle to the edge of the other.
      const sx = from.x + ux * sign * from.r + ox,
        sy = from.y + uy * sign * from.r + oy;
      const ex = to.x - ux * sign * (to.r + 2) + ox,
        ey = to.y - uy * sign * (to.r + 2) + oy;
      const rank = hotLinks.get(`${l.id}/${dir}`);
      const arrow = esc(dir === 'forward' ? `${l.from} → ${l.to}` : `${l.to} → ${l.from}`);
      const busiest = l.members !== undefined && l.members > 1 ? 'busiest ' : '';
      const hot = rank !== undefined ? `, hot spot ${rank}` : '';
      const tip = `${what}: ${arrow} (${dir}), ${busiest}utilization ${pct(u)}${hot}`;
      const ends = { x1: X(sx), y1: Y(sy), x2: X(ex), y2: Y(ey) };
      if (rank !== undefined) {
        const halo = { stroke: '#000', 'stroke-opacity': '0.35', 'stroke-width': f1(style.width + 4) };
        parts.push(el('line', { ...ends, ...halo, 'stroke-linecap': 'round' }));
      }
      const dash: Record<string, string> = u === null ? { 'stroke-dasharray': '4 3' } : {};
      const stroke = { stroke: style.color, 'stroke-width': f1(style.width), ...dash };
      parts.push(
        el('line', { 'data-link': esc(l.id), 'data-direction': dir, ...ends, ...stroke }, `<title>${tip}</title>`),
      );
      // Arrowhead at 60% of the way, pointing along the direction.
      const mx = sx + (ex - sx) * 0.6,
        my = sy + (ey - sy) * 0.6;
      const ax = ux * sign,
        ay = uy * sign;
      const head = 5 + style.width;
      const tipAt = `M${X(mx + ax * head)} ${Y(my + ay * head)}`;
      const side = head * 0.6;
      const d = `${tipAt}L${X(mx - ay * side)} ${Y(my + ax * side)}L${X(mx + ay * side)} ${Y(my - ax * side)}Z`;
      parts.push(el('path', { d, fill: style.color }));
      if (rank !== undefined) {
        const bx = sx + (ex - sx) * 0.35 + ox * 2.2,
          by = sy + (ey - sy) * 0.35 + oy * 2.2;
        badges.push(hotBadge(X(bx), Y(by), rank, tip));
      }
    }
  }

  for (const n of input.nodes) {
    const p = pos.get(n.id)!;
    const fam = family(n.kind);
    const rank = hotNodes.get(n.id);
    const users = n.users !== undefined ? `, ${thousands(n.users)} users` : '';
    const tip = `${esc(n.id)} (${esc(n.kind)}${users})${rank !== undefined ? `, hot spot ${rank}` : ''}`;
    const centre = { cx: X(p.x), cy: Y(p.y) };
    const disc = el('circle', { ...centre, r: f1(p.r), fill: fam.color, stroke: '#333', 'stroke-width': '1' });
    parts.push(`<g data-node="${esc(n.id)}"><title>${tip}</title>${disc}`);
    if (rank !== undefined) {
      const ring = { fill: 'none', stroke: '#a50026', 'stroke-width': '2', 'stroke-dasharray': '3 2' };
      parts.push(el('circle', { ...centre, r: f1(p.r + 4), ...ring }));
    }
    parts.push(`<text x="${X(p.x)}" y="${Y(p.y + p.r + 12)}" text-anchor="middle">${esc(shortLabel(n.id))}</text>`);
    if (n.users !== undefined)
      parts.push(
        el(
          'text',
          { x: X(p.x), y: Y(p.y + p.r + 24), 'text-anchor': 'middle', fill: '#555' },
          `${esc(thousands(n.users))} users`,
        ),
      );
    parts.push('</g>');
    if (rank !== undefined) badges.push(hotBadge(X(p.x + p.r * 0.8), Y(p.y - p.r * 0.8), rank, tip));
  }
  parts.push(...badges);

  parts.push(...legend(legendTop));
  parts.push('</svg>');
  return parts.join('');
}

const LEGEND_NOTE = '1, 2, …: hot spots, largest first';

/** The legend's rows: utilization bins; node colours and what the numbers mean. */
function legendRows(): { row: number; x: number; width: number; svg: (x: number, y: number) => string }[] {
  const items: { row: number; x: number; width: number; svg: (x: number, y: number) => string }[] = [];
  const add = (row: number, width: number, svg: (x: number, y: number) => string) => {
    const last = [...items].reverse().find((i) => i.row === row);
    items.push({ row, x: last ? last.x + last.width : 8, width, svg });
  };
  add(0, 70, (x, y) => `<text x="${f1(x)}" y="${f1(y + 4)}" fill="#444">utilization:</text>`);
  for (const b of [...UTILIZATION_BINS, NO_DATA])
    add(
      0,
      30 + b.label.length * CHAR_WIDTH,
      (x, y) =>
        el('line', {
          x1: f1(x),
          x2: f1(x + 18),
          y1: f1(y),
          y2: f1(y),
          stroke: b.color,
          'stroke-width': `${b.width + 1}`,
          ...(b === NO_DATA ? { 'stroke-dasharray': '4 3' } : ({} as Record<string, string>)),
        }) + el('text', { x: f1(x + 22), y: f1(y + 4) }, esc(b.label)),
    );
  for (const fam of FAMILIES)
    add(
      1,
      24 + fam.name.length * CHAR_WIDTH,
      (x, y) =>
        el('circle', { cx: f1(x + 5), cy: f1(y), r: '5', fill: fam.color, stroke: '#333' }) +
        el('text', { x: f1(x + 14), y: f1(y + 4) }, esc(fam.name)),
    );
  add(
    1,
    LEGEND_NOTE.length * CHAR_WIDTH,
    (x, y) => `<text x="${f1(x)}" y="${f1(y + 4)}" fill="#444">${LEGEND_NOTE}</text>`,
  );
  return items;
}

const LEGEND = legendRows();
const LEGEND_WIDTH = Math.ceil(Math.max(...LEGEND.map((i) => i.x + i.width)) + 8);

function legend(top: number): string[] {
  return LEGEND.map((i) => i.svg(i.x, top + 6 + i.row * 18));
}

function hotBadge(x: string, y: string, rank: number, tip: string): string {
  const disc = el('circle', { cx: x, cy: y, r: '7', fill: '#a50026' });
  const font = { 'text-anchor': 'middle', fill: '#fff', 'font-size': '10', 'font-weight': '600' };
  const label = el('text', { x, y: f1(Number(y) + 3.5), ...font }, `${rank}`);
  return `<g data-hotspot="${rank}"><title>${tip}</title>${disc}${label}</g>`;
}

/** `<name a="v" ...>inner</name>` (or self-closed): attribute values are written as given (escape them first). */
function el(name: string, attrs: Readonly<Record<string, string>>, inner?: string): string {
  const a = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${v}"`)
    .join('');
  return inner === undefined ? `<${name}${a}/>` : `<${name}${a}>${inner}</${name}>`;
}

/**
 * Collapses an expanded topology (every home user, every access link) into its declared nodes:
 * each expanded node is drawn as the node that declared it (`ownerOf`; undefined: the node is
 * drawn as itself), links between two declared nodes become one link per pair, whose direction
 * utilization is the busiest member's, and links inside one declared node disappear, their hot
 * spots marking that node. Hot spot names are mapped the same way. `declared` gives the drawn
 * nodes (kind, users) in order; an expanded node owned by nobody is appended with its own kind.
 */
export function collapseTopology(
  expanded: TopologyInput,
  declared: readonly TopologyNode[],
  ownerOf: (nodeId: string) => string | undefined,
): TopologyInput {
  const owner = (id: string) => ownerOf(id) ?? id;
  const nodes = [...declared];
  const known = new Set(declared.map((n) => n.id));
  for (const n of expanded.nodes) {
    const o = owner(n.id);
    if (!known.has(o)) {
      known.add(o);
      nodes.push(o === n.id ? n : { id: o, kind: n.kind });
    }
  }
  type Acc = { id: string; from: string; to: string; fwd: number | null; rev: number | null; members: number };
  const pairs = new Map<string, Acc>();
  const route = new Map<string, { link: string; swap: boolean } | { node: string }>();
  const max = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
  for (const l of expanded.links) {
    const a = owner(l.from),
      b = owner(l.to);
    if (a === b) {
      route.set(l.id, { node: a });
      continue;
    }
    const key = [a, b].sort().join('\u0000');
    let acc = pairs.get(key);
    if (!acc) {
      acc = { id: l.id, from: a, to: b, fwd: null, rev: null, members: 0 };
      pairs.set(key, acc);
    }
    const swap = acc.from !== a;
    acc.fwd = max(acc.fwd, swap ? l.reverse.utilization : l.forward.utilization);
    acc.rev = max(acc.rev, swap ? l.forward.utilization : l.reverse.utilization);
    acc.members += 1;
    route.set(l.id, { link: key, swap });
  }
  const ids = new Map<string, string>();
  const links: TopologyLink[] = [...pairs.entries()].map(([key, acc]) => {
    const id = acc.members === 1 ? acc.id : `${acc.from}—${acc.to}`;
    ids.set(key, id);
    return {
      id,
      from: acc.from,
      to: acc.to,
      forward: { utilization: acc.fwd },
      reverse: { utilization: acc.rev },
      members: acc.members,
    };
  });
  const hotspots: string[] = [];
  for (const name of expanded.hotspots ?? []) {
    const m = /^(.*)\/(forward|reverse|stage)$/.exec(name);
    let mapped: string;
    const r = m ? route.get(m[1]) : undefined;
    if (m && m[2] !== 'stage' && r && 'link' in r) {
      const dir = (m[2] === 'forward') !== r.swap ? 'forward' : 'reverse';
      mapped = `${ids.get(r.link)!}/${dir}`;
    } else if (m && m[2] !== 'stage' && r && 'node' in r) mapped = r.node;
    else if (m && m[2] === 'stage') mapped = owner(m[1]);
    else mapped = owner(name);
    if (!hotspots.includes(mapped)) hotspots.push(mapped);
  }
  return { nodes, links, hotspots };
}
