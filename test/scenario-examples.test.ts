import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildSimulation,
  loadScenarioFile,
  parseScenario,
  variantNames,
  type Scenario,
} from '../src/scenario/index.js';

const dir = 'scenarios';
const files = readdirSync(dir)
  .filter((f) => /\.(ya?ml|json)$/.test(f))
  .sort();

/** The same scenario, measured for `seconds` only: enough to show it runs, fast enough for CI. */
function shortened(s: Scenario, seconds: number): Scenario {
  const cut = (v: Scenario): Scenario => ({
    ...v,
    warmup: Math.min(v.warmup, 0.5),
    duration: Math.min(v.duration, seconds),
    drain: Math.min(v.drain, 1),
  });
  return { ...cut(s), variants: Object.fromEntries(Object.entries(s.variants).map(([k, v]) => [k, cut(v)])) };
}

describe('every example scenario validates and runs', () => {
  it('there are example scenarios', () => {
    expect(files).toEqual(expect.arrayContaining(['mm1.yaml', 'priority.yaml', 'remote-work.yaml']));
  });

  for (const file of files) {
    it(file, () => {
      const s = loadScenarioFile(join(dir, file));
      expect(s.description.length).toBeGreaterThan(20);
      const short = shortened(s, 2);
      for (const variant of [null, ...variantNames(s)]) {
        const r = buildSimulation(short, { variant }).run();
        expect(r.format).toBe('netsim-result/1');
        expect(r.variant).toBe(variant);
        const sent = Object.values(r.flows).reduce((n, f) => n + f.sent, 0);
        expect(sent, `${file} ${variant}: nothing was sent`).toBeGreaterThan(0);
        for (const f of Object.values(r.flows)) expect(f.sent).toBe(f.received + f.lost + f.inFlight);
      }
    });
  }
});

describe('the example scenarios answer their questions', () => {
  it('mm1.yaml: mean latency 1 / (mu - lambda) = 3.333 ms, p95 9.99 ms, utilization 0.7', () => {
    const r = buildSimulation(loadScenarioFile('scenarios/mm1.yaml')).run();
    const f = r.flows.arrivals;
    // 420,000 packets at rho = 0.7: the mean's standard error is well under 1%; 3% leaves room.
    expect(f.latencyMs.mean! / 3.3333).toBeGreaterThan(0.97);
    expect(f.latencyMs.mean! / 3.3333).toBeLessThan(1.03);
    expect(f.latencyMs.p95! / 9.986).toBeGreaterThan(0.96);
    expect(f.latencyMs.p95! / 9.986).toBeLessThan(1.04);
    expect(r.links['source-sink'].forward.utilization).toBeCloseTo(0.7, 2);
  });

  it('priority.yaml: strict priority keeps voice near the idle path; one fifo queue does not', () => {
    const s = loadScenarioFile('scenarios/priority.yaml');
    const prio = buildSimulation(s, { variant: 'priority' }).run();
    const fifo = buildSimulation(s, { variant: 'fifo' }).run();
    // Idle path: 200 B at 1 Gbps and 10 Mbps plus 10.1 ms; a voice packet waits at most for one bulk packet in service.
    expect(prio.classes.realtime.latencyMs.p99!).toBeLessThan(10.1 + 0.16 + 8 * 1.2);
    expect(fifo.classes.realtime.latencyMs.p99!).toBeGreaterThan(2 * prio.classes.realtime.latencyMs.p99!);
    expect(prio.sla.realtime.met).toBe(true);
    expect(fifo.sla.realtime.met).toBe(false);
  });

  it('remote-work.yaml: "after" improves realtime p99 latency and jitter over "before"', () => {
    const s = loadScenarioFile('scenarios/remote-work.yaml');
    const before = buildSimulation(s, { variant: 'before' }).run();
    const after = buildSimulation(s, { variant: 'after' }).run();
    expect(after.classes.realtime.latencyMs.p99!).toBeLessThan(before.classes.realtime.latencyMs.p99!);
    expect(after.classes.realtime.jitterMs.mean!).toBeLessThan(before.classes.realtime.jitterMs.mean!);
  });
});

describe('the scenarios shown in the docs are valid', () => {
  for (const doc of ['README.md', 'docs/scenario-format.md']) {
    it(`the first YAML example of ${doc}`, () => {
      const text = readFileSync(doc, 'utf8');
      const block = /```yaml\n([\s\S]*?)```/.exec(text);
      expect(block).not.toBeNull();
      const s = parseScenario(block![1], doc);
      expect(s.flows.length).toBeGreaterThan(0);
    });
  }

  it('README starts with the two-line quick start', () => {
    const text = readFileSync('README.md', 'utf8');
    expect(text).toMatch(/^# netsim\n\n## Quick start\n```sh\nnpm install && npm start\nnpm test\n```\n/);
  });
});
