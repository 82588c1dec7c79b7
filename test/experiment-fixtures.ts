import { normal, RandomStreams } from '../src/engine/index.js';
import { matrixCells, type MatrixSpec } from '../src/experiment/cells.js';
import type { RunResult, Stats } from '../src/metrics/index.js';

/** A class's true figures in one cell (before noise). */
export interface ClassTruth {
  latencyMs: number;
  lossRatio: number;
  throughputBps: number;
  /** SLA: p99 latency target in ms (judged on the synthetic p99). */
  slaP99Ms?: number;
}

/** truth(variant, policy) -> per class. */
export type Truth = (variant: string | null, policy: string) => Record<string, ClassTruth>;

function stats(t: ClassTruth, common: number, own: number): Stats {
  const mean = t.latencyMs * (1 + 0.1 * common + 0.01 * own);
  const sent = 10_000;
  const lost = Math.round(sent * Math.max(0, t.lossRatio * (1 + 0.2 * common)));
  // An exponential-like CDF above a floor of half the mean: 11 exact points.
  const cdf: Array<[number, number]> = [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 0.9999, 1].map((f) => [
    Number((mean * (0.5 + 0.5 * -Math.log(Math.max(1e-5, 1 - f)))).toPrecision(5)),
    f === 0 ? 0.0001 : f,
  ]);
  const p = (q: number) => Math.round(mean * (0.5 + 0.5 * -Math.log(1 - q)) * 1e6) / 1e6;
  return {
    sent,
    received: sent - lost,
    lost,
    inFlight: 0,
    lossRatio: lost / sent,
    throughputBps: Math.round(t.throughputBps * (1 - 0.05 * common)),
    latencyMs: { mean: Math.round(mean * 1e6) / 1e6, p50: p(0.5), p95: p(0.95), p99: p(0.99), max: p(0.9999) },
    jitterMs: { mean: Math.round(mean * 0.05 * 1e6) / 1e6, rfc3550: Math.round(mean * 0.04 * 1e6) / 1e6 },
    drops: lost > 0 ? { queue: lost } : {},
    refusedFlows: 0,
    connectedLossRatio: lost / sent,
    latencyCdfMs: cdf,
  };
}

/**
 * A synthetic run. Noise has a part common to every cell with the same seed and class (common
 * random numbers: the same users send the same traffic) and a small part of the cell's own.
 */
export function syntheticRun(
  scenario: string,
  variant: string | null,
  policy: string,
  seed: number,
  truth: Record<string, ClassTruth>,
): RunResult {
  const streams = new RandomStreams(seed);
  const classes: Record<string, Stats> = {};
  const sla: RunResult['sla'] = {};
  for (const [cls, t] of Object.entries(truth)) {
    const common = normal(streams.stream(`common:${cls}`), 0, 1).sample();
    const own = normal(streams.stream(`own:${variant}:${policy}:${cls}`), 0, 1).sample();
    classes[cls] = stats(t, common, own);
    if (t.slaP99Ms !== undefined) {
      const latency = classes[cls].latencyMs.p99! <= t.slaP99Ms;
      sla[cls] = { latency, met: latency };
    }
  }
  const util = (base: number) =>
    Math.round(base * (1 + 0.1 * normal(streams.stream(`link:${variant}:${policy}`), 0, 1).sample()) * 1e6) / 1e6;
  const link = (u: number) => ({
    utilization: u,
    packets: 100,
    bytes: 150_000,
    drops: 0,
    meanQueuePackets: 0.5,
    maxQueuePackets: 3,
  });
  return {
    format: 'netsim-result/1',
    scenario,
    variant,
    policy,
    seed,
    simulated: { seconds: 70, events: 123456, fingerprint: 'f'.repeat(16) },
    wall: { seconds: 0.5 + seed / 100 },
    classes,
    flows: {},
    links: {
      'home-isp': { forward: link(util(0.4)), reverse: link(util(0.1)) },
      'isp-gw': { forward: link(util(0.7)), reverse: link(util(0.2)) },
    },
    sla,
  };
}

export function syntheticMatrix(scenario: string, spec: MatrixSpec, truth: Truth): RunResult[] {
  return matrixCells(spec).map((c) => syntheticRun(scenario, c.variant, c.policy, c.seed, truth(c.variant, c.policy)));
}

/** before/after x shortest/class-aware: "after" halves realtime latency; class-aware helps realtime and costs bulk. */
export const beforeAfter: Truth = (variant, policy) => {
  const after = variant === 'after';
  const aware = policy === 'class-aware';
  return {
    realtime: {
      latencyMs: (after ? 20 : 40) * (aware ? 0.8 : 1),
      lossRatio: after ? 0.001 : 0.01,
      throughputBps: 64_000,
      slaP99Ms: 150,
    },
    bulk: {
      latencyMs: (after ? 60 : 80) * (aware ? 1.3 : 1),
      lossRatio: 0.02,
      throughputBps: (after ? 12e6 : 8e6) * (aware ? 0.9 : 1),
    },
  };
};
