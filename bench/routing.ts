import createGraph, { type Graph, type Link as GraphLink } from 'ngraph.graph';
import pathFinders from 'ngraph.path';
import { RandomStreams, Simulator, type Rng } from '../src/engine/index.js';
import { ClassTable, Network, type Flow } from '../src/net/index.js';
import {
  createPolicy,
  HOP_EPSILON,
  Router,
  shortestPath,
  Topology,
  type ClassRouting,
  type Edge,
  type RoutingPolicy,
} from '../src/routing/index.js';
import type { BenchFigure } from './figure.js';
import { benchRuns, timedWithCpu } from './figure.js';

const NODES = 1000;
/** Timed route setups per policy (after one warm-up): each takes 1-5 s of CPU. */
const RUNS = 3;
const FLOWS = 10_000;
const CLASSES = [
  { name: 'realtime', priority: 0, weight: 4, dscp: 46, routing: 'optimal' },
  { name: 'interactive', priority: 1, weight: 3, dscp: 34, routing: 'optimal' },
  { name: 'business', priority: 2, weight: 2, dscp: 18, routing: 'any' },
  { name: 'bulk', priority: 3, weight: 1, dscp: 8, routing: 'suboptimal' },
] as const;

/**
 * A random geometric WAN: 1,000 routers placed uniformly in a square 2,000 km wide; each joins its
 * nearest already-placed router (a spanning tree, so the graph is connected) and its 2 nearest
 * routers overall; delay 5 us per km (light in fibre), so costs are distinct floats (no ties).
 * 1,599 links (mean degree 3.2); a shortest path between random routers has about 17 hops.
 */
function wan(seed: number): { net: Network; rng: Rng } {
  const random = new RandomStreams(seed);
  const rng = random.stream('bench:routing');
  const net = new Network(new Simulator(), new ClassTable(CLASSES.map(({ routing: _, ...c }) => c)), random);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < NODES; i++) {
    net.addNode(`r${i}`);
    xs.push(rng() * 2000);
    ys.push(rng() * 2000);
  }
  const km = (a: number, b: number): number => Math.hypot(xs[a] - xs[b], ys[a] - ys[b]);
  const linked = new Set<string>();
  const join = (a: number, b: number): void => {
    const key = a < b ? `${a}-${b}` : `${b}-${a}`;
    if (a === b || linked.has(key)) return;
    linked.add(key);
    const d = { rate: 10e9, delay: km(a, b) * 5e-6 };
    net.addLink({ id: `l${key}`, from: `r${a}`, to: `r${b}`, forward: d, reverse: d });
  };
  for (let i = 1; i < NODES; i++) {
    let best = 0;
    for (let j = 1; j < i; j++) if (km(i, j) < km(i, best)) best = j;
    join(i, best);
  }
  for (let i = 0; i < NODES; i++) {
    const order = [...Array(NODES).keys()].filter((j) => j !== i).sort((a, b) => km(i, a) - km(i, b));
    join(i, order[0]);
    join(i, order[1]);
  }
  return { net, rng };
}

function pick(rng: Rng, n: number): number {
  return Math.floor(rng() * n);
}

/** FLOWS flows between random distinct routers (or among `pairs` fixed pairs), classes in turn. */
function flows(
  net: Network,
  rng: Rng,
  pairs = 0,
): { flow: Flow; from: string; to: string; classRouting: ClassRouting }[] {
  const endpoints: [number, number][] = [];
  const draw = (): [number, number] => {
    const a = pick(rng, NODES);
    let b = pick(rng, NODES - 1);
    if (b >= a) b++;
    return [a, b];
  };
  for (let i = 0; i < pairs; i++) endpoints.push(draw());
  const out = [];
  for (let i = 0; i < FLOWS; i++) {
    const [a, b] = pairs > 0 ? endpoints[i % pairs] : draw();
    const cls = CLASSES[i % CLASSES.length];
    out.push({
      flow: net.addFlow(`f${i}`, net.classes.get(cls.name)),
      from: `r${a}`,
      to: `r${b}`,
      classRouting: cls.routing as ClassRouting,
    });
  }
  return out;
}

interface Setup {
  /** CPU seconds (user + system): the machine is shared, so wall time is stretched by others. */
  seconds: number;
  wall: number;
  router: Router;
  net: Network;
}

/**
 * Route setup for FLOWS flows on a fresh WAN and router per run (tinybench: the build is not timed;
 * one warm-up run, then `RUNS` timed). Returns the medians and the first timed run's router.
 */
async function setup(name: string, policy: () => RoutingPolicy, pairs = 0): Promise<Setup> {
  const t = await benchRuns(
    name,
    () => {
      const { net, rng } = wan(1);
      const topo = new Topology(net);
      return { net, fs: flows(net, rng, pairs), router: new Router(net, topo, policy()) };
    },
    (s) => {
      for (const f of s.fs) s.router.add({ ...f, via: [] });
      return s;
    },
    RUNS,
  );
  for (const extra of t.outputs.slice(1)) extra.router.stop();
  return { seconds: t.cpu, wall: t.wall, router: t.outputs[0].router, net: t.outputs[0].net };
}

/** The topology as an ngraph.graph directed multigraph, for ngraph.path (what the comparison needs, and only it). */
function ngraphOf(topo: Topology): Graph<undefined, Edge> {
  const graph = createGraph<undefined, Edge>({ multigraph: true });
  for (const id of topo.net.nodes.keys()) graph.addNode(id);
  for (const id of topo.net.nodes.keys()) for (const e of topo.edgesFrom(id)) graph.addLink(id, e.channel.spec.to, e);
  return graph;
}

/**
 * Point-to-point searches per second on random pairs: a bare ngraph.path finder (no path
 * building), or this project's shortestPath (typed-array Dijkstra, stopping at the target, path built).
 */
function searchRate(kind: 'nba' | 'aStar' | 'shortestPath', pairs: number): number {
  const { net, rng } = wan(1);
  const topo = new Topology(net);
  const ends: [string, string][] = [];
  for (let i = 0; i < pairs; i++) ends.push([`r${pick(rng, NODES)}`, `r${pick(rng, NODES)}`]);
  if (kind === 'shortestPath') {
    const s = timedWithCpu(() => {
      for (const [a, b] of ends) shortestPath(topo, a, b);
    });
    return pairs / s.cpu;
  }
  const finder = pathFinders[kind]<undefined, Edge>(ngraphOf(topo), {
    oriented: true,
    blocked: (_a, _b, l: GraphLink<Edge>) => !l.data.channel.up,
    distance: (_a, _b, l: GraphLink<Edge>) => l.data.cost + HOP_EPSILON,
  });
  const s = timedWithCpu(() => {
    for (const [a, b] of ends) finder.find(a, b);
  });
  return pairs / s.cpu;
}

export async function run(): Promise<BenchFigure[]> {
  const out: BenchFigure[] = [];
  const topoNote = `${NODES}-node random geometric WAN, ${FLOWS} flows`;
  {
    const { net } = wan(1);
    const topo = new Topology(net);
    let hops = 0;
    const { rng } = wan(2);
    for (let i = 0; i < 200; i++)
      hops += shortestPath(topo, `r${pick(rng, NODES)}`, `r${pick(rng, NODES)}`)?.channels.length ?? 0;
    out.push({
      name: 'topology size',
      value: net.links.size,
      unit: 'links',
      note: `${NODES} routers, random geometric WAN`,
    });
    out.push({
      name: 'topology: hops of a shortest path',
      value: hops / 200,
      unit: 'hops',
      note: 'mean over 200 random pairs',
    });
  }
  out.push({
    name: 'search: ngraph.path nba',
    value: searchRate('nba', 2000),
    unit: 'searches/s (CPU)',
    note: '2,000 random pairs, bare finder',
  });
  out.push({
    name: 'search: ngraph.path aStar',
    value: searchRate('aStar', 1000),
    unit: 'searches/s (CPU)',
    note: '1,000 random pairs, bare finder',
  });
  out.push({
    name: 'search: shortestPath (typed-array Dijkstra)',
    value: searchRate('shortestPath', 10000),
    unit: 'searches/s (CPU)',
    note: '10,000 random pairs, path built',
  });

  const sh = await setup('shortest', () => createPolicy('shortest'));
  out.push({
    name: 'route setup, shortest, random pairs',
    value: FLOWS / sh.seconds,
    unit: 'flows/s (CPU)',
    note:
      `${topoNote} between random routers: ${sh.seconds.toFixed(3)} s CPU (${sh.wall.toFixed(3)} s wall), ` +
      `${sh.router.cache.searches} source trees`,
  });

  const cached = await setup('shortest, 100 pairs', () => createPolicy('shortest'), 100);
  out.push({
    name: 'route setup, shortest, 100 endpoint pairs',
    value: FLOWS / cached.seconds,
    unit: 'flows/s (CPU)',
    note: `${topoNote} over 100 pairs (cache hits ${cached.router.cache.hits}): ${cached.seconds.toFixed(3)} s CPU`,
  });

  const ca = await setup('class-aware', () => createPolicy('class-aware'));
  out.push({
    name: 'route setup, class-aware, random pairs',
    value: FLOWS / ca.seconds,
    unit: 'flows/s (CPU)',
    note: `${topoNote}; a quarter bulk (Yen k=2): ${ca.seconds.toFixed(3)} s CPU`,
  });

  const ec = await setup('ecmp', () => createPolicy('ecmp'));
  out.push({
    name: 'route setup, ecmp (k=8), random pairs',
    value: FLOWS / ec.seconds,
    unit: 'flows/s (CPU)',
    note: `${topoNote}; Yen k=2 per pair, more only while paths tie: ${ec.seconds.toFixed(3)} s CPU`,
  });
  const yen = await setup('load-aware', () => createPolicy('load-aware', { k: 4 }));
  yen.router.stop();
  out.push({
    name: 'route setup, load-aware k=4, random pairs',
    value: FLOWS / yen.seconds,
    unit: 'flows/s (CPU)',
    note: `${topoNote}; Yen k=4 for every flow: ${yen.seconds.toFixed(3)} s CPU`,
  });
  const round = timedWithCpu(() => yen.router.recomputeAll());
  out.push({
    name: 'load-aware re-evaluation round',
    value: round.cpu,
    unit: 's CPU',
    note: `all ${FLOWS} flows scored on their 4 cached paths (what each interval costs)`,
  });

  // A failure: the link carrying the most flows goes down; every flow is asked again (cache cleared).
  const use = new Map<string, number>();
  for (const f of sh.net.flows)
    for (const id of f.path.slice(1).map((n, i) => `${f.path[i]}>${n}`)) use.set(id, (use.get(id) ?? 0) + 1);
  let busiest = '';
  let most = -1;
  for (const [hop, n] of use) if (n > most) [busiest, most] = [hop, n];
  const [a, b] = busiest.split('>').map((r) => Number(r.slice(1)));
  const linkId = `l${Math.min(a, b)}-${Math.max(a, b)}`;
  const before = sh.net.flows.map((f) => sh.router.reroutes(f));
  const fail = timedWithCpu(() => sh.net.setLinkUp(linkId, false));
  const moved = sh.net.flows.filter((f, i) => sh.router.reroutes(f) !== before[i]).length;
  out.push({
    name: 'recompute after a link failure, shortest',
    value: fail.cpu,
    unit: 's CPU',
    note: `all ${FLOWS} flows re-asked, ${moved} rerouted (the busiest link: ${most} paths cross its busier direction)`,
  });
  const repair = timedWithCpu(() => sh.net.setLinkUp(linkId, true));
  out.push({
    name: 'recompute after the repair, shortest',
    value: repair.cpu,
    unit: 's CPU',
    note: `all ${FLOWS} flows re-asked, cache cleared`,
  });
  return out;
}
