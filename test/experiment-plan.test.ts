import { describe, expect, it } from 'vitest';
import { planMatrix } from '../src/experiment/compare.js';
import { runCells } from '../src/experiment/run-cells.js';
import { matrixCells } from '../src/experiment/cells.js';
import { summarizeMatrix } from '../src/experiment/summary.js';
import { parseScenario } from '../src/scenario/index.js';

const TEXT = `name: plan
duration: 2s
drain: 1s
nodes: [{ id: a, kind: host }, { id: b, kind: host }]
links: [{ from: a, to: b, rate: 1Mbps, delay: 5ms }]
flows: [{ id: f, from: a, to: b, class: realtime, traffic: { model: poisson, rate: 50pps, size: 500B } }]
variants:
  before: {}
  after: { routing: { policy: class-aware } }
`;

describe('planning a comparison', () => {
  const s = parseScenario(TEXT, 'plan.yaml');

  it('defaults: every variant, the scenario seed; each variant its own policy when they differ', () => {
    expect(planMatrix(s)).toEqual({ variants: ['before', 'after'], policies: [null], seed: 1, replications: 10 });
    expect(planMatrix(s, { variants: ['before'] })).toEqual({
      variants: ['before'],
      policies: ['shortest'],
      seed: 1,
      replications: 10,
    });
    expect(planMatrix(s, { policies: ['ecmp', 'shortest'], seed: 7, replications: 2 })).toEqual({
      variants: ['before', 'after'],
      policies: ['ecmp', 'shortest'],
      seed: 7,
      replications: 2,
    });
  });

  it('refuses unknown names and bad counts with a usage error', () => {
    expect(() => planMatrix(s, { variants: ['later'] })).toThrow(
      /plan.yaml: no variant 'later' \(the scenario has before, after\)/,
    );
    expect(() => planMatrix(s, { policies: ['fastest'] })).toThrow(
      /--policies: unknown routing policy "fastest" \(known: shortest, class-aware/,
    );
    expect(() => planMatrix(s, { replications: 0 })).toThrow(/replications must be an integer >= 1/);
  });

  it('runs each variant under its own policy, in this thread, and summarizes', async () => {
    const spec = planMatrix(s, { replications: 2 });
    const progress: string[] = [];
    const runs = await runCells({ file: 'plan.yaml', text: TEXT }, matrixCells(spec), {
      jobs: 1,
      onProgress: (d, t) => progress.push(`${d}/${t}`),
    });
    expect(progress).toEqual(['0/4', '1/4', '2/4', '3/4', '4/4']);
    expect(runs.map((r) => `${r.variant}/${r.policy}/${r.seed}`)).toEqual([
      'before/shortest/1',
      'before/shortest/2',
      'after/class-aware/1',
      'after/class-aware/2',
    ]);
    const summary = summarizeMatrix(spec, runs);
    expect(summary.deltas).toHaveLength(1);
    expect(summary.deltas[0].from).toEqual({ variant: 'before', policy: null });
    // Same network, same seeds: the policies pick the same single path, so nothing differs.
    expect(summary.deltas[0].classes.realtime['latencyMs.mean']).toMatchObject({
      mean: 0,
      verdict: 'no significant change',
    });
  });
});
