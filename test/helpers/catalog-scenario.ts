import type { RunResult } from '../../src/metrics/index.js';
import { buildSimulation, loadScenarioFile, type Scenario } from '../../src/scenario/index.js';

/**
 * A scenario file with a shorter measured window (every variant), so its qualitative answer can be
 * checked in seconds. Flows keep their start times; the same seed gives the same users.
 */
export function shortScenario(file: string, window: { warmup?: number; duration: number; drain?: number }): Scenario {
  const s = loadScenarioFile(file);
  const cut = (v: Scenario): Scenario => ({
    ...v,
    warmup: window.warmup ?? v.warmup,
    duration: window.duration,
    drain: window.drain ?? Math.min(v.drain, 1),
  });
  return { ...cut(s), variants: Object.fromEntries(Object.entries(s.variants).map(([k, v]) => [k, cut(v)])) };
}

export function runVariant(s: Scenario, variant: string | null): RunResult {
  return buildSimulation(s, { variant }).run();
}

/** The `tunnels` section of a result, typed. */
export type Tunnels = Record<
  string,
  {
    requested: number;
    admitted: number;
    rejected: number;
    byProtocol: Record<string, { requested: number; admitted: number; rejected: number; active: number; peak: number }>;
  }
>;

/** One app component of the `apps` section, typed. */
export type AppComponentResult = RunResult['classes'][string] & {
  class: string;
  sla?: { met: boolean; latency?: boolean; jitter?: boolean; loss?: boolean };
};

export function appResult(r: RunResult, owner: string, label: string, component: string): AppComponentResult {
  const apps = r.apps as Record<string, Record<string, Record<string, unknown>>>;
  return apps[owner][label][component] as AppComponentResult;
}
