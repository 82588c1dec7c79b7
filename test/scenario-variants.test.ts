import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mergeVariant } from '../src/scenario/merge.js';
import { buildSimulation, parseScenario, resolveVariant, ScenarioError, variantNames } from '../src/scenario/index.js';
import { baseScenario } from './helpers/scenario.js';

describe('mergeVariant', () => {
  const base = {
    name: 'x',
    classes: { realtime: { dscp: 'EF', sla: { latency: '50ms', loss: '1%' } } },
    links: [
      { from: 'a', to: 'b', rate: '10Mbps', delay: '1ms' },
      { id: 'wan', from: 'b', to: 'c', rate: '5Mbps', delay: '9ms', queue: { discipline: 'fifo', limit: 100 } },
    ],
    flows: [{ id: 'f', from: 'a', to: 'c', via: ['b'], traffic: { model: 'cbr', interval: '20ms', size: '200B' } }],
    failures: [{ at: '1s', link: 'wan' }],
  };
  const snapshot = JSON.stringify(base);

  it('merges maps key by key, at any depth', () => {
    const m = mergeVariant(base, { classes: { realtime: { sla: { latency: '30ms' } }, gold: { priority: 1 } } }, [
      'variants',
      'v',
    ]);
    expect((m.value as typeof base).classes).toEqual({
      realtime: { dscp: 'EF', sla: { latency: '30ms', loss: '1%' } },
      gold: { priority: 1 },
    });
  });

  it('merges lists of objects by id: same id merged, new id appended, remove: true deleted', () => {
    const m = mergeVariant(
      base,
      {
        links: [
          { id: 'wan', rate: '50Mbps', queue: { limit: 500 } },
          { id: 'new', from: 'c', to: 'd', rate: '1Gbps' },
          { id: 'a-b', remove: true },
        ],
      },
      ['variants', 'v'],
    );
    expect((m.value as typeof base).links).toEqual([
      { id: 'wan', from: 'b', to: 'c', rate: '50Mbps', delay: '9ms', queue: { discipline: 'fifo', limit: 500 } },
      { id: 'new', from: 'c', to: 'd', rate: '1Gbps' },
    ]);
    expect(m.problems).toEqual([]);
  });

  it('addresses a link without an id by its default id "<from>-<to>"', () => {
    const m = mergeVariant(base, { links: [{ id: 'a-b', delay: '2ms' }] }, ['variants', 'v']);
    expect((m.value as typeof base).links[0]).toEqual({ from: 'a', to: 'b', rate: '10Mbps', delay: '2ms', id: 'a-b' });
  });

  it('replaces scalars, lists of scalars and lists of objects without ids', () => {
    const m = mergeVariant(base, { name: 'y', flows: [{ id: 'f', via: ['c'] }], failures: [{ at: '5s', node: 'b' }] }, [
      'variants',
      'v',
    ]);
    const v = m.value as typeof base;
    expect(v.name).toBe('y');
    expect(v.flows[0].via).toEqual(['c']);
    expect(v.flows[0].traffic).toEqual(base.flows[0].traffic);
    expect(v.failures).toEqual([{ at: '5s', node: 'b' }]);
  });

  it('an empty list replaces (clears) the base list', () => {
    const m = mergeVariant(base, { failures: [] }, ['variants', 'v']);
    expect((m.value as typeof base).failures).toEqual([]);
  });

  it('reports removing an id that does not exist, and remove with other keys', () => {
    const m = mergeVariant(
      base,
      {
        links: [
          { id: 'nope', remove: true },
          { id: 'wan', remove: true, rate: '1Mbps' },
        ],
      },
      ['variants', 'v'],
    );
    expect(m.problems).toEqual([
      { path: ['variants', 'v', 'links', 0], message: 'nothing to remove: no element with id "nope" in links' },
      { path: ['variants', 'v', 'links', 1], message: '"remove: true" takes only an id, but rate is also given' },
    ]);
  });

  it('maps every merged key back to where it was written', () => {
    const m = mergeVariant(
      base,
      {
        links: [
          { id: 'a-b', remove: true },
          { id: 'wan', rate: '1Mbps' },
          { id: 'z', from: 'c', to: 'z', rate: '1Mbps' },
        ],
      },
      ['variants', 'v'],
    );
    expect(m.origin(['links', 0, 'rate'])).toEqual(['variants', 'v', 'links', 1, 'rate']); // from the variant
    expect(m.origin(['links', 0, 'delay'])).toEqual(['links', 1, 'delay']); // inherited from the base
    expect(m.origin(['links', 1, 'to'])).toEqual(['variants', 'v', 'links', 2, 'to']); // appended
    expect(m.origin(['flows', 0, 'traffic', 'size'])).toEqual(['flows', 0, 'traffic', 'size']);
  });

  it('does not modify its inputs', () => {
    mergeVariant(base, { links: [{ id: 'wan', remove: true }], classes: { realtime: { dscp: 'AF41' } } }, [
      'variants',
      'v',
    ]);
    expect(JSON.stringify(base)).toBe(snapshot);
  });
});

describe('variants in a scenario', () => {
  const scenario = () => {
    const s = baseScenario();
    s.links.push({ id: 'ab', from: 'a', to: 'b', rate: '100Mbps', delay: '20ms' });
    s.flows.push({
      id: 'g',
      from: 'b',
      to: 'a',
      class: 'bulk',
      traffic: { model: 'poisson', rate: '200pps', size: '500B' },
    });
    s.variants = {
      before: {},
      after: { links: [{ id: 'ab', delay: '0.5ms' }], classes: { realtime: { sla: { latency: '5ms' } } } },
      slow: { links: [{ id: 'ar', rate: '1Mbps' }] },
    };
    return parseScenario(JSON.stringify(s), 'v.json');
  };

  it('lists variant names in file order and resolves each', () => {
    const s = scenario();
    expect(variantNames(s)).toEqual(['before', 'after', 'slow']);
    expect(resolveVariant(s, null)).toBe(s);
    const after = resolveVariant(s, 'after');
    expect(after.variant).toBe('after');
    expect(after.links.find((l) => l.id === 'ab')!.forward.delay).toBe(0.0005);
    expect(after.classes.find((c) => c.name === 'realtime')!.sla).toEqual({ latency: 0.005 });
    expect(resolveVariant(s, 'before').links).toEqual(s.links);
  });

  it('an unknown variant is a ScenarioError naming the known ones', () => {
    expect(() => resolveVariant(scenario(), 'later')).toThrow(ScenarioError);
    expect(() => resolveVariant(scenario(), 'later')).toThrow(/unknown variant "later" \(known: before, after, slow\)/);
  });

  it('every variant sends the same traffic (common random numbers); only the network differs', () => {
    const s = scenario();
    const runs = ['before', 'after', 'slow'].map((v) => buildSimulation(s, { variant: v }).run());
    for (const r of runs) expect(r.flows.g.sent).toBe(runs[0].flows.g.sent);
    expect(runs[0].flows.g.latencyMs.mean).not.toBe(runs[1].flows.g.latencyMs.mean);
    expect(runs.map((r) => r.variant)).toEqual(['before', 'after', 'slow']);
  });
});

describe('a variant that changes nothing', () => {
  // compile.ts takes the base's body for it instead of compiling the same document again (Fast start).
  it('is what compiling it as a variant that restates a base value gives', () => {
    const text = readFileSync('scenarios/remote-work.yaml', 'utf8').replace(
      /^variants:\n/m,
      'variants:\n  restated: { duration: 20s }\n',
    );
    expect(text).toMatch(/^duration: 20s$/m);
    const s = parseScenario(text, 'remote-work.yaml');
    const { variant: v1, ...before } = resolveVariant(s, 'before');
    const { variant: v2, ...restated } = resolveVariant(s, 'restated');
    expect([v1, v2]).toEqual(['before', 'restated']);
    expect(before).toEqual(restated);
    const { file, document, variant, variants, ...base } = s;
    expect([file, document, variant, Object.keys(variants)]).toEqual([
      'remote-work.yaml',
      before.document,
      null,
      ['restated', 'before', 'after'],
    ]);
    expect(before).toEqual({ ...base, file, document, variants: {} });
  });

  it('still has its own problems: a key a variant may not change', () => {
    const s = baseScenario();
    s.variants = { same: { seed: 7 } };
    expect(() => parseScenario(JSON.stringify(s), 'v.json')).toThrow(
      /variants\.same\.seed: every variant uses the same seed/,
    );
  });
});

describe('keys that look like object internals stay plain data', () => {
  it('a __proto__ key is refused, in the base and in a variant', () => {
    const text = (extra: string) =>
      `name: x\nduration: 1s\nnodes: [{ id: a }, { id: b }]\nlinks: [{ from: a, to: b, rate: 1Mbps }]\n` +
      `flows: [{ id: f, from: a, to: b, traffic: { model: cbr, interval: 1s, size: 1B } }]\n${extra}`;
    expect(() => parseScenario(text('__proto__: { polluted: 1 }\n'), 'p.yaml')).toThrow(
      /p\.yaml:6: __proto__: "__proto__" cannot be a key/,
    );
    expect(() => parseScenario(text('variants: { v: { __proto__: { name: y } } }\n'), 'p.yaml')).toThrow(
      /variants\.v\.__proto__: "__proto__" cannot be a key/,
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('asking for a variant named like an Object method is an unknown variant', () => {
    const s = parseScenario(JSON.stringify(baseScenario()), 'b.json');
    expect(() => resolveVariant(s, 'constructor')).toThrow(/unknown variant "constructor"/);
  });
});
