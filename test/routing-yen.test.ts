import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Channel } from '../src/net/index.js';
import { kShortestPaths, kShortestVia, shortestPath, Topology, type Path } from '../src/routing/index.js';
import { Mini } from './helpers/mini.js';
import { link } from './helpers/routing.js';

/** A random small directed multigraph: node count, and edges (from, to, integer cost). */
const graphs = fc.integer({ min: 2, max: 6 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.integer({ min: 0, max: 4 })), { maxLength: 12 }),
    k: fc.integer({ min: 1, max: 8 }),
    s: fc.nat(n - 1),
    t: fc.nat(n - 1),
    w: fc.nat(n - 1),
  }),
);

/**
 * Builds the graph as a network: one link per directed edge, its reverse channel taken down, so
 * the topology's usable channels are exactly the edges (self-loops are dropped: a loopless path
 * never uses one). Costs are given per channel.
 */
function build(n: number, edges: [number, number, number][]): Topology {
  const m = new Mini({ start: 0, end: 1 });
  for (let i = 0; i < n; i++) m.net.addNode(`v${i}`);
  const costs = new Map<string, number>();
  edges.forEach(([a, b, c], i) => {
    if (a === b) return;
    // Ids out of insertion order, so the id tie-break differs from the order the search meets edges.
    const l = link(m, `v${a}`, `v${b}`, 1, 1e6, `e${'qwertyuiopas'[i]}`);
    l.reverse.setUp(false);
    costs.set(l.forward.id, c);
  });
  return new Topology(m.net, costs);
}

interface Brute {
  nodes: string[];
  channels: Channel[];
  cost: number;
}

/** Every loopless path by depth-first enumeration, independent of the code under test. */
function allPaths(topo: Topology, from: string, to: string): Brute[] {
  const out: Brute[] = [];
  const visit = (node: string, nodes: string[], channels: Channel[], cost: number): void => {
    if (node === to) {
      out.push({ nodes: [...nodes], channels: [...channels], cost });
      return;
    }
    for (const ch of topo.net.node(node).out) {
      if (!ch.up || nodes.includes(ch.spec.to)) continue;
      nodes.push(ch.spec.to);
      channels.push(ch);
      visit(ch.spec.to, nodes, channels, cost + topo.cost(ch));
      nodes.pop();
      channels.pop();
    }
  };
  visit(from, [from], [], 0);
  return out;
}

/** The documented order: cost, then hop count, then channel ids element by element. */
function byOrder(a: Brute, b: Brute): number {
  if (a.cost !== b.cost) return a.cost - b.cost;
  if (a.channels.length !== b.channels.length) return a.channels.length - b.channels.length;
  for (let i = 0; i < a.channels.length; i++) {
    if (a.channels[i].id !== b.channels[i].id) return a.channels[i].id < b.channels[i].id ? -1 : 1;
  }
  return 0;
}

const describePaths = (ps: readonly (Path | Brute)[]) =>
  ps.map((p) => `${p.cost}:${p.channels.map((c) => c.id).join(',')}`);

describe("Yen's k shortest loopless paths", () => {
  it('equal the first k of a brute-force enumeration on random small directed graphs', () => {
    fc.assert(
      fc.property(graphs, ({ n, edges, k, s, t }) => {
        const topo = build(n, edges);
        const expected = allPaths(topo, `v${s}`, `v${t}`).sort(byOrder).slice(0, k);
        const got = kShortestPaths(topo, `v${s}`, `v${t}`, k);
        expect(describePaths(got)).toEqual(describePaths(expected));
        for (const p of got)
          expect(p.nodes).toEqual(p.channels.length === 0 ? [`v${s}`] : [`v${s}`, ...p.channels.map((c) => c.spec.to)]);
      }),
      { numRuns: process.env.CI ? 300 : 1000, seed: 3 },
    );
  });

  it('through a waypoint equal the k best concatenations of brute-force legs', () => {
    fc.assert(
      fc.property(graphs, ({ n, edges, k, s, t, w }) => {
        const topo = build(n, edges);
        const first = allPaths(topo, `v${s}`, `v${w}`);
        const second = allPaths(topo, `v${w}`, `v${t}`);
        const joined: Brute[] = [];
        for (const a of first)
          for (const b of second)
            joined.push({
              nodes: [...a.nodes, ...b.nodes.slice(1)],
              channels: [...a.channels, ...b.channels],
              cost: a.cost + b.cost,
            });
        const expected = joined.sort(byOrder).slice(0, k);
        expect(describePaths(kShortestVia(topo, [`v${s}`, `v${w}`, `v${t}`], k))).toEqual(describePaths(expected));
      }),
      { numRuns: process.env.CI ? 200 : 500, seed: 7 },
    );
  });

  /*
   *        1       1
   *   a ─────► b ─────► d        a→d: a-b-d (2), a-c-d (2, but "a-c" > "a-b" by id), a-d (3)
   *   │        ▲        ▲
   *   │ 1      │ 0      │ 1
   *   ▼        │        │
   *   c ───────┘        │        a-c-b-d (2, three hops: after both two-hop paths)
   *   └─────────────────┘
   *   a ─────────────────► d  3
   */
  it('orders ties by hop count, then by channel ids', () => {
    const m = new Mini({ start: 0, end: 1 });
    const costs = new Map<string, number>();
    const edge = (a: string, b: string, c: number) => {
      const l = link(m, a, b, 1, 1e6, `${a}-${b}`);
      l.reverse.setUp(false);
      costs.set(l.forward.id, c);
    };
    edge('a', 'b', 1);
    edge('b', 'd', 1);
    edge('a', 'c', 1);
    edge('c', 'd', 1);
    edge('c', 'b', 0);
    edge('a', 'd', 3);
    const topo = new Topology(m.net, costs);
    const got = kShortestPaths(topo, 'a', 'd', 10).map((p) => `${p.cost} ${p.nodes.join('')}`);
    expect(got).toEqual(['2 abd', '2 acd', '2 acbd', '3 ad']);
    expect(kShortestPaths(topo, 'a', 'd', 2).map((p) => p.nodes.join(''))).toEqual(['abd', 'acd']);
  });

  it('answers from === to with the empty path and an unreachable target with nothing', () => {
    const m = new Mini({ start: 0, end: 1 });
    link(m, 'a', 'b', 1);
    m.net.addNode('z');
    const topo = new Topology(m.net);
    expect(kShortestPaths(topo, 'a', 'a', 3)).toEqual([{ nodes: ['a'], channels: [], cost: 0 }]);
    expect(kShortestPaths(topo, 'a', 'z', 3)).toEqual([]);
    // ngraph.path's pitfall: a target reachable only over blocked (down) links must give null, not [target].
    m.net.setLinkUp('a-b', false);
    expect(shortestPath(topo, 'a', 'b')).toBeNull();
    expect(kShortestPaths(topo, 'a', 'b', 2)).toEqual([]);
  });
});
