import { BACKBONE_MODEL, estimatedRttMs, metroRttMs, type DistanceModel } from './distance-model.js';
import { greatCircleKm } from './geo.js';
import { EDGE_POPS, edgePop, type EdgePop } from './pops.js';
import { REGION_RTT, rttTargets, type RegionRtt } from './region-rtt.js';
import { REGIONS, region, type Region } from './regions.js';

export interface BackboneOptions {
  /** Regions to include (default: every catalog region). */
  regions?: readonly string[];
  /** Edge POPs to include (default: every catalog POP). */
  pops?: readonly string[];
  /** How many of its nearest regions each POP links to (default 1: the nearest). */
  popLinks?: number;
  /** The published table to reproduce (default: the catalog's). */
  table?: readonly RegionRtt[];
  model?: DistanceModel;
}

/**
 * Where a backbone link's RTT comes from: the published table (possibly adjusted, see
 * `adjustedMs`), a distance estimate for a pair the table does not list, or a POP attachment.
 */
export type BackboneLinkSource = 'table' | 'estimate' | 'pop';

/** How a backbone plan names an edge POP among its places (a region is named by its name): `pop:<metro>`. */
export function popPlace(metro: string): string {
  return `pop:${metro}`;
}

/** The metro of a plan place that is an edge POP, or null for a region. */
export function popOfPlace(place: string): string | null {
  return place.startsWith('pop:') ? place.slice(4) : null;
}

/** One backbone link between two catalog places (regions or POPs), symmetric: one-way = rttMs / 2. */
export interface BackboneLink {
  a: string;
  b: string;
  source: BackboneLinkSource;
  rttMs: number;
  /** Table links: model minus published target (non-zero only where the table breaks the triangle inequality). */
  adjustedMs: number;
  /** Estimated links: how much the distance estimate was raised so that no path undercuts a table pair. */
  raisedMs: number;
}

/** A published region pair, its symmetric target and the RTT of the least-cost path in the plan. */
export interface CalibratedPair {
  a: string;
  b: string;
  targetMs: number;
  modelMs: number;
  published: readonly RegionRtt[];
}

export interface BackbonePlan {
  regions: readonly Region[];
  /** Each POP with the regions it links to, nearest first. */
  pops: readonly { pop: EdgePop; regions: readonly string[] }[];
  links: readonly BackboneLink[];
  pairs: readonly CalibratedPair[];
  model: DistanceModel;
}

/** Places are indexed densely: regions first, then POPs. */
class DistanceMatrix {
  readonly d: Float64Array[];

  constructor(readonly n: number) {
    this.d = Array.from({ length: n }, (_, i) => {
      const row = new Float64Array(n).fill(Infinity);
      row[i] = 0;
      return row;
    });
  }

  /** Adds an undirected edge of length w and updates every shortest distance (O(n^2)). */
  relax(u: number, v: number, w: number): void {
    const d = this.d;
    const n = this.n;
    const du = Float64Array.from(d[u]);
    const dv = Float64Array.from(d[v]);
    for (let i = 0; i < n; i++) {
      const iu = du[i];
      const iv = dv[i];
      const row = d[i];
      for (let j = 0; j < n; j++) {
        const via = Math.min(iu + w + dv[j], iv + w + du[j]);
        if (via < row[j]) row[j] = via;
      }
    }
  }
}

const MAX_REPAIRS = 1000;

/**
 * Plans Microsoft's backbone: links between regions (and from POPs to regions) whose least-cost
 * idle RTT reproduces the published region table.
 *
 * 1. Table pairs get a link at their symmetric target (the mean where both directions are listed;
 *    see {@link rttTargets}).
 * 2. Where the table itself breaks the triangle inequality (a path through a third region is
 *    shorter than the published pair: westeurope–japaneast 236 ms vs 234 ms via southeastasia),
 *    the deficit is spread evenly: the direct link is lowered and each link of the shorter path
 *    raised by deficit / (hops + 1), so the least-cost path equals the direct one and every
 *    residual is the same (2/3 ms here).
 * 3. Region pairs the table does not list get a link at the distance estimate
 *    ({@link estimatedRttMs}), shortest first, raised where needed so that no path through it
 *    undercuts a table pair, and left out when an existing path is already at least as short.
 * 4. Each POP links to its nearest region(s) by great-circle distance at the metro estimate
 *    ({@link metroRttMs}), raised likewise when a POP links to more than one region.
 */
export function planBackbone(options: BackboneOptions = {}): BackbonePlan {
  const model = options.model ?? BACKBONE_MODEL;
  const regions = (options.regions ?? REGIONS.map((r) => r.name)).map(region);
  const pops = (options.pops ?? EDGE_POPS.map((p) => p.name)).map(edgePop);
  const popLinks = options.popLinks ?? 1;
  if (!(Number.isInteger(popLinks) && popLinks >= 1))
    throw new RangeError(`popLinks must be an integer >= 1, got ${popLinks}`);
  if (regions.length === 0) throw new Error('a backbone needs at least one region');
  const names = [...regions.map((r) => r.name), ...pops.map((p) => popPlace(p.name))];
  const index = new Map<string, number>();
  names.forEach((n, i) => {
    if (index.has(n)) throw new Error(`backbone: '${n}' listed twice`);
    index.set(n, i);
  });
  const ix = (name: string): number => index.get(name) as number;

  const targets = rttTargets(options.table ?? REGION_RTT).filter((t) => index.has(t.a) && index.has(t.b));
  const tableRtt = calibrateTable(names.length, targets, ix);
  const links: BackboneLink[] = targets.map((t, k) => ({
    a: t.a,
    b: t.b,
    source: 'table',
    rttMs: tableRtt[k],
    adjustedMs: tableRtt[k] - t.ms,
    raisedMs: 0,
  }));

  const m = new DistanceMatrix(names.length);
  for (const l of links) m.relax(ix(l.a), ix(l.b), l.rttMs);
  const floor = (u: number, v: number): number => {
    let lo = 0;
    for (let k = 0; k < targets.length; k++) {
      const c = ix(targets[k].a);
      const d = ix(targets[k].b);
      lo = Math.max(lo, tableRtt[k] - Math.min(m.d[c][u] + m.d[v][d], m.d[c][v] + m.d[u][d]));
    }
    return lo;
  };

  const listed = new Set(targets.map((t) => `${t.a}\u0000${t.b}`));
  const candidates: { a: Region; b: Region; est: number }[] = [];
  for (let i = 0; i < regions.length; i++) {
    for (let j = i + 1; j < regions.length; j++) {
      const [a, b] = regions[i].name < regions[j].name ? [regions[i], regions[j]] : [regions[j], regions[i]];
      if (!listed.has(`${a.name}\u0000${b.name}`)) candidates.push({ a, b, est: estimatedRttMs(a, b, model) });
    }
  }
  // Region names are lowercase letters and digits, which code-unit order sorts as localeCompare did; localeCompare
  // would start ICU, 10–15 ms of `netsim validate` (bench/RESULTS.md, "Fast start, round two").
  const order = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  candidates.sort((x, y) => x.est - y.est || order(x.a.name, y.a.name) || order(x.b.name, y.b.name));
  for (const c of candidates) {
    const u = ix(c.a.name);
    const v = ix(c.b.name);
    const rtt = Math.max(c.est, floor(u, v));
    if (rtt >= m.d[u][v]) continue;
    links.push({ a: c.a.name, b: c.b.name, source: 'estimate', rttMs: rtt, adjustedMs: 0, raisedMs: rtt - c.est });
    m.relax(u, v, rtt);
  }

  const popPlans = pops.map((pop) => {
    const near = [...regions].sort((x, y) => greatCircleKm(pop, x) - greatCircleKm(pop, y)).slice(0, popLinks);
    const p = ix(popPlace(pop.name));
    for (const r of near) {
      const est = metroRttMs(pop, r, model);
      const rtt = Math.max(est, floor(p, ix(r.name)));
      links.push({ a: popPlace(pop.name), b: r.name, source: 'pop', rttMs: rtt, adjustedMs: 0, raisedMs: rtt - est });
      m.relax(p, ix(r.name), rtt);
    }
    return { pop, regions: near.map((r) => r.name) };
  });

  const pairs = targets.map((t) => ({
    a: t.a,
    b: t.b,
    targetMs: t.ms,
    modelMs: m.d[ix(t.a)][ix(t.b)],
    published: t.published,
  }));
  return { regions, pops: popPlans, links, pairs, model };
}

/**
 * Step 2 of {@link planBackbone}: RTTs for the table links such that each pair's direct link is a
 * least-cost path. Repairs the largest violation first until none is left (one repair for the
 * published table).
 */
function calibrateTable(
  n: number,
  targets: readonly { a: string; b: string; ms: number }[],
  ix: (name: string) => number,
): number[] {
  const rtt = targets.map((t) => t.ms);
  for (let round = 0; round < MAX_REPAIRS; round++) {
    const { dist, next } = allPairs(n, targets, rtt, ix);
    let worst = -1;
    let worstDeficit = 1e-9;
    for (let k = 0; k < targets.length; k++) {
      const deficit = rtt[k] - dist[ix(targets[k].a)][ix(targets[k].b)];
      if (deficit > worstDeficit) {
        worst = k;
        worstDeficit = deficit;
      }
    }
    if (worst < 0) return rtt;
    const legs = pathLinks(ix(targets[worst].a), ix(targets[worst].b), next, targets, ix);
    const share = worstDeficit / (legs.length + 1);
    rtt[worst] -= share;
    for (const k of legs) rtt[k] += share;
  }
  throw new Error(`backbone calibration did not converge in ${MAX_REPAIRS} repairs`);
}

/** Floyd–Warshall over the table links, with next-hop links for path reconstruction. */
function allPairs(
  n: number,
  targets: readonly { a: string; b: string }[],
  rtt: readonly number[],
  ix: (name: string) => number,
) {
  const dist = Array.from({ length: n }, (_, i) =>
    Float64Array.from({ length: n }, (_, j) => (i === j ? 0 : Infinity)),
  );
  /** next[i][j]: the table link to take first on the shortest path i -> j, or -1. */
  const next = Array.from({ length: n }, () => new Int32Array(n).fill(-1));
  targets.forEach((t, k) => {
    const a = ix(t.a);
    const b = ix(t.b);
    if (rtt[k] < dist[a][b]) {
      dist[a][b] = dist[b][a] = rtt[k];
      next[a][b] = next[b][a] = k;
    }
  });
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) {
      const dik = dist[i][k];
      if (dik === Infinity) continue;
      for (let j = 0; j < n; j++) {
        if (dik + dist[k][j] < dist[i][j]) {
          dist[i][j] = dik + dist[k][j];
          next[i][j] = next[i][k];
        }
      }
    }
  }
  return { dist, next };
}

function pathLinks(
  from: number,
  to: number,
  next: Int32Array[],
  targets: readonly { a: string; b: string }[],
  ix: (name: string) => number,
): number[] {
  const out: number[] = [];
  let at = from;
  while (at !== to) {
    const k = next[at][to];
    out.push(k);
    at = ix(targets[k].a) === at ? ix(targets[k].b) : ix(targets[k].a);
  }
  return out;
}
