import { stringify } from 'yaml';
import { parseScenario } from '../src/scenario/index.js';
import { benchRuns, type BenchFigure } from './figure.js';
import { scenarioText } from './scale.js';

/**
 * Validation time against the size of the expanded scenario (issue 14: validation and variant
 * merging linear in it). Three shapes at 1k, 10k and 100k:
 * - `users`: the scale scenario (bench/scale.ts: N cable users, web for everyone, Teams audio for 10%), expanded by
 *   the catalog into N users, their access links and about 1.2 N flows;
 * - `nodes`: N hosts written in the file, each linked to one of 100 routers, one cbr flow each, as
 *   JSON (a generated file; the YAML parser alone reads about 0.6 MB/s here, one row shows it);
 * - `nodes + variant`: the same with a variant that lists every node again by id (the merge by id).
 * Each is parsed, validated, expanded and estimated (`parseScenario`), the file's text made once
 * outside the timing. Figures are CPU seconds (the machine is shared; wall time is stretched by
 * the other processes), the median of the timed runs after a warm-up run.
 */
const SIZES = [1_000, 10_000, 100_000];
/** Timed runs per size: enough for a median where a run is short, one where it takes seconds. */
const ITERATIONS: Record<number, number> = { 1_000: 5, 10_000: 3, 100_000: 1 };
/** The limits are not what is measured here: a 100,000-user run is past the default event limit. */
const NO_LIMITS = { limits: { events: Infinity, memoryBytes: Infinity } };

/** `n` hosts, each linked to one of 100 routers, one cbr flow each; with `variant`, a variant listing every node. */
export function nodesDoc(n: number, variant: boolean): object {
  const routers = Array.from({ length: 100 }, (_, r) => ({ id: `r${r}` }));
  const hosts = Array.from({ length: n }, (_, i) => ({ id: `h${i}`, kind: 'host' }));
  const links = [
    ...routers.slice(1).map((r) => ({ from: r.id, to: 'r0', rate: '10Gbps', delay: '1ms' })),
    ...hosts.map((h, i) => ({ from: h.id, to: `r${i % 100}`, rate: '100Mbps' })),
  ];
  const traffic = { model: 'cbr', interval: '1s', size: '100B' };
  const flows = hosts.map((h, i) => ({ id: `f${i}`, from: h.id, to: `h${(i + 1) % n}`, traffic }));
  const doc: Record<string, unknown> = {
    name: 'validate-nodes',
    duration: '10s',
    nodes: [...routers, ...hosts],
    links,
  };
  doc.flows = flows;
  if (variant) doc.variants = { relisted: { nodes: hosts.map((h) => ({ id: h.id })) } };
  return doc;
}

export async function run(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  // Generated scenarios as JSON (what a generator should write); one YAML row for the parser's own cost.
  const shapes: [string, (n: number) => [string, string]][] = [
    ['users (YAML)', (n) => [scenarioText(n, 60), 'bench.yaml']],
    ['nodes (JSON)', (n) => [JSON.stringify(nodesDoc(n, false)), 'bench.json']],
    ['nodes + variant (JSON)', (n) => [JSON.stringify(nodesDoc(n, true)), 'bench.json']],
  ];
  const runs: [string, number, [string, string]][] = [];
  for (const [shape, make] of shapes) for (const n of SIZES) runs.push([shape, n, make(n)]);
  runs.push([
    'nodes (YAML)',
    10_000,
    [stringify(nodesDoc(10_000, false), { aliasDuplicateObjects: false }), 'bench.yaml'],
  ]);
  for (const [shape, n, [text, file]] of runs) {
    const r = await benchRuns(
      `validate ${shape} ${n}`,
      () => text,
      (t) => parseScenario(t, file, NO_LIMITS),
      ITERATIONS[n],
    );
    const s = r.outputs[0];
    figures.push({
      name: `validate: ${shape}, ${n.toLocaleString('en-US')}`,
      value: Math.round(r.cpu * 1000) / 1000,
      unit: 'CPU s',
      note:
        `${(text.length / 1e6).toFixed(1)} MB; ${s.nodes.length} nodes, ${s.links.length} links, ` +
        `${s.flows.length} flows after expansion; wall ${r.wall.toFixed(2)} s`,
    });
  }
  return figures;
}
