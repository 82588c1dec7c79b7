import { describe, expect, it } from 'vitest';
import * as netsim from '../src/index.js';

/**
 * The library API is a decision, not whatever the layers happen to export (as d3-force pins its
 * API): adding or removing a name of src/index.ts changes this list, in the same commit, on purpose.
 */
describe('src/index.ts', () => {
  it('exports exactly the curated runtime names', () => {
    expect(Object.keys(netsim).sort()).toEqual([
      'NodeType',
      'Registry',
      'ScenarioError',
      'buildSimulation',
      'compareScenario',
      'comparisonTable',
      'defineKind',
      'jsonSchema',
      'loadScenarioFile',
      'mergeComparisons',
      'parseScenario',
      'reportHtml',
      'resolveVariant',
      'runScenario',
      'schemas',
      'variantNames',
      'voice',
      'withSeed',
      'writeReports',
    ]);
  });

  it('gives kind authors the unit schemas, and nothing registers itself on import', () => {
    expect(Object.keys(netsim.schemas).sort()).toEqual([
      'anyRate',
      'bitRate',
      'directional',
      'distribution',
      'distributionMean',
      'id',
      'quantity',
      'quantityMean',
      'quantityOrDistribution',
      'ratio',
      'size',
      'time',
    ]);
    // Importing the API changes no registry: the built-ins are a value, extended only by copies.
    const kinds = netsim.Registry.builtins.kinds().map((k) => k.kind);
    const extended = netsim.Registry.builtins.with({
      policies: { mine: () => ({ name: 'mine', choose: () => null }) },
    });
    expect(netsim.Registry.builtins.kinds().map((k) => k.kind)).toEqual(kinds);
    expect(netsim.Registry.builtins.policyNames()).not.toContain('mine');
    expect(extended.policyNames()).toContain('mine');
  });

  it('runs a scenario end to end through these names only', () => {
    const text = [
      'name: api',
      'duration: 2s',
      'nodes: [ { id: a, kind: host }, { id: b, kind: host } ]',
      'links: [ { from: a, to: b, rate: 10Mbps, delay: 1ms } ]',
      'flows: [ { id: f, from: a, to: b, traffic: { model: cbr, interval: 10ms, size: 100B } } ]',
    ].join('\n');
    const s = netsim.parseScenario(text, 'api.yaml');
    const r = netsim.runScenario(s, { variant: null, seed: 3 });
    expect([r.seed, r.flows.f.received]).toEqual([3, 200]);
    expect(() => netsim.parseScenario('name: x', 'x.yaml')).toThrow(netsim.ScenarioError);
  });
});
