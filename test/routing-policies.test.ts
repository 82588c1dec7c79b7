import { describe, expect, it } from 'vitest';
import { BUILTIN_POLICIES, createPolicy, shortest, type RoutingPolicy } from '../src/routing/index.js';
import { BUILTIN_POLICY_NAMES } from '../src/routing/policy-names.js';
import { Registry } from '../src/scenario/index.js';
import { Mini } from './helpers/mini.js';
import { link, router, routedFlow } from './helpers/routing.js';

/*
 *          1 ms
 *   S ─────────────── D        short: S-D (1 ms)
 *   │                 │
 *   │ 2 ms       2 ms │        long:  S-M-D (4 ms)
 *   └─────── M ───────┘
 */
function triangle(): Mini {
  const m = new Mini({ start: 0, end: 2 });
  link(m, 'S', 'D', 1);
  link(m, 'S', 'M', 2);
  link(m, 'M', 'D', 2);
  return m;
}

describe('class-aware vs shortest', () => {
  for (const [policy, bulkPath, bulkOnShort] of [
    [shortest, 'S,D', 200],
    [createPolicy('class-aware'), 'S,M,D', 0],
  ] as const) {
    it(`${policy.name}: realtime on S-D, bulk on ${bulkPath}`, () => {
      const m = triangle();
      const r = router(m, policy);
      const rt = routedFlow(m, r, 'call', 'realtime', 'S', 'D');
      const bulk = routedFlow(m, r, 'backup', 'bulk', 'S', 'D');
      const web = routedFlow(m, r, 'web', 'business', 'S', 'D');
      m.cbr(rt, 0.01, 200); // 200 packets in the 2 s window
      m.cbr(bulk, 0.01, 1000);
      const res = m.run(1);
      expect(r.pathOf(rt)).toEqual(['S', 'D']);
      expect(r.pathOf(bulk).join(',')).toBe(bulkPath);
      expect(r.pathOf(web)).toEqual(['S', 'D']); // `any` gets the least-cost path
      expect(res.flows.call.received).toBe(200);
      expect(res.flows.backup.received).toBe(200);
      // What crossed the short link: the call's 200 packets, plus bulk's under `shortest`.
      expect(res.links['S-D'].forward.packets).toBe(200 + bulkOnShort);
      expect(res.links['M-D'].forward.packets).toBe(200 - bulkOnShort);
    });
  }

  it('gives suboptimal classes the optimal path when no other exists', () => {
    // A ──── B ──── C : one path only
    const m = new Mini({ start: 0, end: 1 });
    link(m, 'A', 'B', 1);
    link(m, 'B', 'C', 1);
    const r = router(m, createPolicy('class-aware'));
    const bulk = routedFlow(m, r, 'bulk', 'bulk', 'A', 'C');
    expect(r.pathOf(bulk)).toEqual(['A', 'B', 'C']);
  });

  it('per-class overrides: shortest by default, class-aware for bulk', () => {
    const m = triangle();
    const r = router(m, shortest, new Map([['bulk', createPolicy('class-aware')]]));
    const rt = routedFlow(m, r, 'call', 'realtime', 'S', 'D');
    const bulk = routedFlow(m, r, 'backup', 'bulk', 'S', 'D');
    expect(r.policyFor('bulk').name).toBe('class-aware');
    expect(r.pathOf(rt)).toEqual(['S', 'D']);
    expect(r.pathOf(bulk)).toEqual(['S', 'M', 'D']);
  });
});

/*
 *          ┌── A ──┐
 *          ├── B ──┤
 *   S ─────┼── C ──┼───── T     four equal-cost paths S-x-T (1 ms + 1 ms)
 *          ├── D ──┤
 *          └── E ──┘            and a worse one, S-E-T (1 ms + 1.5 ms)
 */
function fan(): Mini {
  const m = new Mini({ start: 0, end: 1 });
  for (const x of ['A', 'B', 'C', 'D']) {
    link(m, 'S', x, 1);
    link(m, x, 'T', 1);
  }
  link(m, 'S', 'E', 1);
  link(m, 'E', 'T', 1.5);
  return m;
}

function ecmpAssignment(ids: string[]): Map<string, string> {
  const m = fan();
  const r = router(m, createPolicy('ecmp'));
  const out = new Map<string, string>();
  for (const id of ids) out.set(id, r.pathOf(routedFlow(m, r, id, 'business', 'S', 'T'))[1]);
  return out;
}

describe('ecmp', () => {
  const ids = Array.from({ length: 40 }, (_, i) => `f${i}`);

  it('splits flows across the equal-cost paths only', () => {
    const counts = new Map<string, number>();
    for (const via of ecmpAssignment(ids).values()) counts.set(via, (counts.get(via) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual(['A', 'B', 'C', 'D']);
    for (const n of counts.values()) expect(n).toBeGreaterThanOrEqual(5);
  });

  it('is independent of the order flows are added', () => {
    const forward = ecmpAssignment(ids);
    const backward = ecmpAssignment([...ids].reverse());
    for (const id of ids) expect(backward.get(id)).toBe(forward.get(id));
  });

  it('moves only the flows of a failed path', () => {
    const m = fan();
    const r = router(m, createPolicy('ecmp'));
    const flows = ids.map((id) => routedFlow(m, r, id, 'business', 'S', 'T'));
    const before = new Map(flows.map((f) => [f, r.current(f)!.nodes[1]]));
    m.net.setLinkUp('S-A', false);
    for (const f of flows) {
      const now = r.current(f)!.nodes[1];
      if (before.get(f) === 'A') {
        expect(['B', 'C', 'D']).toContain(now);
        expect(r.reroutes(f)).toBe(1);
      } else {
        expect(now).toBe(before.get(f));
        expect(r.reroutes(f)).toBe(0);
      }
    }
  });
});

/** The example of docs/routing.md: least-cost among the paths that avoid transit nodes. */
const avoidTransit: RoutingPolicy = {
  name: 'avoid-transit',
  choose(req, ctx) {
    const paths = ctx.kShortest(req, 4);
    const clean = paths.find((p) => p.nodes.every((id) => ctx.topology.net.node(id).kind !== 'transit'));
    return clean ?? paths[0] ?? null;
  },
};

describe('policy registry', () => {
  it('lists the built-ins, in order', () => {
    expect(Object.keys(BUILTIN_POLICIES)).toEqual(['shortest', 'class-aware', 'ecmp', 'load-aware']);
    expect(Registry.builtins.policyNames()).toEqual(['shortest', 'class-aware', 'ecmp', 'load-aware']);
    // The names the CLI's help shows without loading the policies: the same list, in the same order.
    expect([...BUILTIN_POLICY_NAMES]).toEqual(Object.keys(BUILTIN_POLICIES));
  });

  /*
   *   S ──1ms── X(transit) ──1ms── D
   *   └──3ms── Y ──3ms─────────────┘
   */
  it('a policy added to a registry is usable by name there, and only there', () => {
    const registry = Registry.builtins.with({ policies: { 'avoid-transit': () => avoidTransit } });
    expect(registry.policyNames()).toContain('avoid-transit');
    expect(Registry.builtins.policyNames()).not.toContain('avoid-transit');
    expect(registry.modules).toBeNull(); // extended in code: it cannot be rebuilt in a worker
    const m = new Mini({ start: 0, end: 1 });
    m.net.addNode('X', 'transit');
    link(m, 'S', 'X', 1);
    link(m, 'X', 'D', 1);
    link(m, 'S', 'Y', 3);
    link(m, 'Y', 'D', 3);
    const r = router(m, registry.createPolicy('avoid-transit'));
    const f = routedFlow(m, r, 'f', 'business', 'S', 'D');
    expect(r.pathOf(f)).toEqual(['S', 'Y', 'D']);
    // With the clean path down, it falls back to the transit one rather than to no route.
    m.net.setLinkUp('S-Y', false);
    expect(r.current(f)!.nodes).toEqual(['S', 'X', 'D']);
  });

  it('passes k, interval and hysteresis, and rejects bad values and names', () => {
    const la = createPolicy('load-aware', { k: 4, interval: 0.5, hysteresis: 0.2 });
    expect(la).toMatchObject({ name: 'load-aware', k: 4, interval: 0.5, hysteresis: 0.2 });
    expect(createPolicy('load-aware', { k: undefined })).toMatchObject({ k: 3, interval: 1, hysteresis: 0.2 });
    expect(createPolicy('ecmp', { k: 2 })).toMatchObject({ k: 2 });
    expect(() => createPolicy('ecmp', { k: 0 })).toThrow(/k must be an integer from 1 to 16, got 0/);
    expect(() => createPolicy('ecmp', { k: 2.5 })).toThrow(/k must be an integer/);
    expect(() => createPolicy('load-aware', { interval: 0 })).toThrow(/interval must be a time > 0/);
    expect(() => createPolicy('load-aware', { hysteresis: 1 })).toThrow(/hysteresis must be a ratio in \[0, 1\)/);
    expect(() => createPolicy('nope')).toThrow(
      /unknown routing policy 'nope' \(known: shortest, class-aware, ecmp, load-aware/,
    );
    expect(Registry.builtins.policyProblem('nope')).toBe(
      'unknown routing policy "nope" (known: shortest, class-aware, ecmp, load-aware)',
    );
    expect(() => Registry.builtins.with({ policies: { 'Bad Name': () => shortest } })).toThrow(/lowercase/);
  });
});
