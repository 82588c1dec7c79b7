import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RouteCache, shortestPath, Topology } from '../src/routing/index.js';
import { Mini } from './helpers/mini.js';
import { link } from './helpers/routing.js';

/**
 * A random connected-or-not core of `n` routers (symmetric links, integer delays) with leaf hosts
 * hanging off it: each leaf has exactly one link, so it is a stub the cache routes through its
 * router's tree rather than a search of its own.
 */
const worlds = fc.integer({ min: 2, max: 6 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    core: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1), fc.integer({ min: 1, max: 4 })), { maxLength: 10 }),
    leaves: fc.array(fc.tuple(fc.nat(n - 1), fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 6 }),
    s: fc.nat(20),
    t: fc.nat(20),
  }),
);

describe('route cache: stubs route through their only neighbour', () => {
  it('finds the same cost and hop count as a search from the stub itself, on random graphs', () => {
    fc.assert(
      fc.property(worlds, ({ n, core, leaves, s, t }) => {
        const m = new Mini({ start: 0, end: 1 });
        for (let i = 0; i < n; i++) m.net.addNode(`r${i}`);
        core.forEach(([a, b, d], i) => a !== b && link(m, `r${a}`, `r${b}`, d, 10e6, `c${i}`));
        leaves.forEach(([r, d], i) => link(m, `h${i}`, `r${r}`, d));
        const ids = [...m.net.nodes.keys()];
        const from = ids[s % ids.length];
        const to = ids[t % ids.length];
        const topo = new Topology(m.net);
        const cached = new RouteCache(topo).shortest([from, to]);
        const searched = shortestPath(topo, from, to);
        if (searched === null) {
          expect(cached).toBeNull();
          return;
        }
        expect(cached).not.toBeNull();
        expect(cached!.cost).toBeCloseTo(searched.cost, 9);
        expect(cached!.channels.length).toBe(searched.channels.length);
        expect(cached!.nodes).toEqual([from, ...cached!.channels.map((c) => c.spec.to)]);
      }),
      { numRuns: process.env.CI ? 300 : 1000, seed: 11 },
    );
  });

  /*
   *   h1 ─┐
   *   h2 ─┼── agg ── core ── srv          x ── y   (an island of two stubs)
   *   h3 ─┘
   */
  it('shares one tree among the hosts behind a router, and gives up on an island without looping', () => {
    const m = new Mini({ start: 0, end: 1 });
    for (const h of ['h1', 'h2', 'h3']) link(m, h, 'agg', 1, 10e6, `${h}-agg`);
    link(m, 'agg', 'core', 5);
    link(m, 'core', 'srv', 1);
    link(m, 'x', 'y', 1);
    const cache = new RouteCache(new Topology(m.net));
    for (const h of ['h1', 'h2', 'h3']) expect(cache.shortest([h, 'srv'])?.nodes).toEqual([h, 'agg', 'core', 'srv']);
    expect(cache.searches).toBe(1); // agg's tree only
    expect(cache.shortest(['x', 'srv'])).toBeNull();
    expect(cache.shortest(['x', 'y'])?.nodes).toEqual(['x', 'y']);
    m.net.setLinkUp('h1-agg', false);
    cache.changed(false);
    expect(cache.shortest(['h1', 'srv'])).toBeNull();
    expect(cache.shortest(['h2', 'srv'])?.nodes).toEqual(['h2', 'agg', 'core', 'srv']);
  });
});
