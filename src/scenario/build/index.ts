import { RandomStreams } from '../../engine/random.js';
import { Simulator } from '../../engine/simulator.js';
import { DEFAULT_BUSIEST, TimeseriesRecorder, type TimeseriesDef } from '../../metrics/timeseries/index.js';
import type { MeasurementWindow } from '../../metrics/window.js';
import { ClassTable, Network, type NetworkModel } from '../../net/index.js';
import { Router } from '../../routing/router.js';
import { Topology } from '../../routing/topology.js';
import type { BuildContext, BuildShared, NodeSpec } from '../../spec/kind.js';
import type { Scenario } from '../../spec/model.js';
import { ScenarioError } from '../../spec/problems.js';
import { Registry } from '../registry.js';
import { timeseriesProblem } from '../timeseries.js';
import { resolveVariant } from '../variants.js';
import { startBackground, startFlows } from './flows.js';
import { buildNetwork, propagateFailures } from './network.js';
import { policiesOf } from './policies.js';
import { Simulation, type ResultSections } from './simulation.js';

export { Simulation, type RunOptions } from './simulation.js';

type AfterFlows = Parameters<BuildContext['afterFlows']>[0];
export { RunawayError, WATCHDOG, type WatchdogMargins } from './watchdog.js';

export interface BuildOptions {
  /** Which variant to build (null or absent: the base). */
  variant?: string | null;
  /** Replaces the scenario's routing policy, class overrides included, so the run is what its label says. */
  policy?: string;
  /** The kinds and policies the scenario was parsed with (default: the built-ins). */
  registry?: Registry;
  /**
   * `--timeseries WINDOW`: record a time series with this window (seconds), replacing the file's
   * window (its links stay); checked against the bounds like the file's (see checkTimeseries).
   */
  timeseries?: number;
  /** How channels and background are simulated (default: lazy where exact); for validation and benchmarks. */
  model?: NetworkModel;
}

/**
 * Builds a runnable simulation from a normalized scenario, as it is (its own seed; another seed is
 * another compile of its document, see `withSeed`): the network, node kinds' runtime parts,
 * routing, the measurement window and failures, background traffic, then flows with their
 * recorders and sources. Every random stream is named after its user (`flow:<id>`, `bg:<channel>`,
 * `loss:<channel>`), so variants share their traffic.
 */
export function buildSimulation(scenario: Scenario, opts: BuildOptions = {}): Simulation {
  const registry = opts.registry ?? Registry.builtins;
  const s = resolveVariant(scenario, opts.variant ?? null);
  const policy = opts.policy ?? s.routing.policy;
  const problem = registry.policyProblem(policy);
  if (problem) throw new ScenarioError([{ file: s.file, path: 'routing.policy', message: problem }]);

  const sim = new Simulator();
  const random = new RandomStreams(s.seed);
  const classes = new ClassTable(
    s.classes.map((c) => ({ name: c.name, priority: c.priority, weight: c.weight, dscp: c.dscp })),
  );
  const net = new Network(sim, classes, random, opts.model);
  const window = { start: s.warmup, end: s.warmup + s.duration };
  const costs = buildNetwork(net, s);
  const kinds = buildKinds(s, registry, { sim, net, random, window });
  propagateFailures(net, s);
  // Every channel exists now (links, then the kinds' stages), and no packet has been sent yet.
  net.attachLedger(window.start, window.end);
  const router = new Router(net, new Topology(net, costs), ...policiesOf(s, registry, opts.policy));
  scheduleWindowAndFailures(sim, net, s, window);
  // Before anything is counted: the recorder replaces the followed link directions' counters.
  const series = timeseriesOf(s, opts.timeseries);
  const tooLarge = opts.timeseries === undefined ? null : checkTimeseries(s, opts.timeseries);
  if (tooLarge) throw new RangeError(`time series of ${s.file}: ${tooLarge}`);
  const recorder =
    series === null
      ? null
      : new TimeseriesRecorder(
          series,
          window,
          window.end + s.drain,
          net,
          s.classes.map((c) => c.name),
          s.failures,
        );
  recorder?.start(sim);
  // Stopped at the window's end, declared now (Background.stopAt says why).
  for (const bg of startBackground(net, s)) bg.stopAt(window.end);
  const flows = startFlows(net, router, s, window, recorder);
  for (const fn of kinds.afterFlows) fn(flows.byId, router);
  for (const fn of kinds.afterAdmission) fn(flows.byId, router);
  // Nothing can change the topology or the routes during the run: fuse what that allows (net/channel.ts).
  if (s.failures.length === 0 && !router.dynamic) net.fuse(window, window.end + s.drain);

  return new Simulation({
    scenario: s,
    policy,
    seed: s.seed,
    sim,
    net,
    random,
    router,
    window,
    sections: kinds.sections,
    measured: flows.measured,
    timeseries: recorder,
  });
}

/** The time series a run records: the file's, or the file's with the window of `--timeseries`; null for none. */
export function timeseriesOf(s: Scenario, window: number | undefined): TimeseriesDef | null {
  if (window === undefined) return s.record.timeseries;
  return { ...(s.record.timeseries ?? { links: [], busiest: DEFAULT_BUSIEST }), window };
}

/** Why `--timeseries WINDOW` cannot be recorded on this scenario (see timeseriesProblem), or null. */
export function checkTimeseries(s: Scenario, window: number): string | null {
  return timeseriesProblem(timeseriesOf(s, window)!, s.duration + s.drain, s.links.length);
}

/**
 * Node kinds' runtime parts (gateway stages, admission), before routing sees the topology: each
 * declared node's kind builds it, in file order, and may act once flows are routed or add to the
 * result.
 */
function buildKinds(
  s: Scenario,
  registry: Registry,
  parts: Pick<BuildContext, 'sim' | 'net' | 'random' | 'window'>,
): { afterFlows: AfterFlows[]; afterAdmission: AfterFlows[]; sections: ResultSections } {
  const afterFlows: AfterFlows[] = [];
  const afterAdmission: AfterFlows[] = [];
  const shared = new Map<BuildShared<unknown>, unknown>();
  const sections: ResultSections = new Map();
  const nodes = new Map(s.nodes.map((n) => [n.id, n]));
  const ctx: BuildContext = {
    ...parts,
    scenario: s,
    node: (id) => nodes.get(id),
    afterFlows: (fn) => afterFlows.push(fn),
    afterAdmission: (fn) => afterAdmission.push(fn),
    shared<T>(key: BuildShared<T>): T {
      if (!shared.has(key)) shared.set(key, key.make());
      return shared.get(key) as T;
    },
    addResult(section, key, compute) {
      let entries = sections.get(section);
      if (!entries) sections.set(section, (entries = new Map()));
      entries.set(key, compute);
    },
  };
  for (const d of s.declared) {
    const kind = registry.kind(d.kind);
    if (!kind) throw new Error(`node '${d.id}': kind '${d.kind}' is not in the registry this build was given`);
    // Its own `build`, else the registry's step for it (the built-ins': the catalog's, kept apart from the kinds
    // so that checking a file does not load them).
    registry.buildStep(kind)?.(d.spec as NodeSpec, ctx);
  }
  return { afterFlows, afterAdmission, sections };
}

/**
 * The measurement window, then failures: at equal times they fire in this order, and before any
 * traffic (scheduled after them), so a failure `at: 0s` is in place before the first packet.
 */
function scheduleWindowAndFailures(sim: Simulator, net: Network, s: Scenario, window: MeasurementWindow): void {
  sim.at(window.start, () => net.openCounters());
  sim.at(window.end, () => net.closeCounters());
  for (const f of s.failures) {
    const set = (up: boolean) => () => (f.target === 'link' ? net.setLinkUp(f.id, up) : net.setNodeUp(f.id, up));
    sim.at(f.at, set(false));
    if (f.for !== null) sim.at(f.at + f.for, set(true));
  }
}
