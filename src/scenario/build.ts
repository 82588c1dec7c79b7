import { RandomStreams } from '../engine/random.js';
import { Simulator } from '../engine/simulator.js';
import { FlowRecorder } from '../metrics/flow-recorder.js';
import type { MeasuredFlow } from '../metrics/result.js';
import { ClassTable, Network, type Background, type Flow, type Link, type NetworkModel } from '../net/index.js';
import { createPolicy, policyNames } from '../routing/registry.js';
import type { RoutingPolicy } from '../routing/policy.js';
import { Router } from '../routing/router.js';
import { Topology } from '../routing/topology.js';
import { createSource, quantity, type TrafficSource } from '../traffic/index.js';
import { planFlow } from '../traffic/plan.js';
import { ScenarioError } from './errors.js';
import { nodeKind, type BuildContext } from './kinds/index.js';
import type { Scenario } from './model.js';
import { withSeed } from './reseed.js';
import { resolveVariant } from './variants.js';
import { Simulation, type SimulationParts } from './simulation.js';

export interface BuildOptions {
  /** Which variant to build (null or absent: the base). */
  variant?: string | null;
  /** Replaces the scenario's routing policy, class overrides included, so the run is what its label says. */
  policy?: string;
  /** Replaces the scenario's seed; a parsed scenario's node kinds are expanded again with it (reseed.ts). */
  seed?: number;
  /** How channels and background are simulated (default: lazy where exact); for validation and benchmarks. */
  model?: NetworkModel;
}

/**
 * Builds a runnable simulation from a normalized scenario: the network (nodes, links with their
 * queues and background traffic), node kinds' runtime parts, routing, flows with their recorders
 * and traffic sources, failures, and the measurement window. Every random stream is named after
 * its user (`flow:<id>`, `bg:<channel>`, `loss:<channel>`), so variants share their traffic.
 */
export function buildSimulation(scenario: Scenario, opts: BuildOptions = {}): Simulation {
  const seed = opts.seed ?? scenario.seed;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be an integer >= 0, got ${seed}`);
  const s = resolveVariant(withSeed(scenario, seed), opts.variant ?? null);
  const policyName = opts.policy ?? s.routing.policy;
  if (!policyNames().includes(policyName)) {
    throw new ScenarioError([
      {
        file: s.file,
        path: 'routing.policy',
        message: `unknown routing policy "${policyName}" (known: ${policyNames().join(', ')})`,
      },
    ]);
  }

  const sim = new Simulator();
  const random = new RandomStreams(seed);
  const classes = new ClassTable(
    s.classes.map((c) => ({ name: c.name, priority: c.priority, weight: c.weight, dscp: c.dscp })),
  );
  const net = new Network(sim, classes, random, opts.model);
  const window = { start: s.warmup, end: s.warmup + s.duration };

  for (const n of s.nodes) net.addNode(n.id, n.kind);
  const costs = new Map<string, number>();
  for (const l of s.links) {
    const link = net.addLink({
      id: l.id,
      from: l.from,
      to: l.to,
      forward: { rate: l.forward.rate, delay: l.forward.delay, loss: l.loss, queue: l.queue },
      reverse: { rate: l.reverse.rate, delay: l.reverse.delay, loss: l.loss, queue: l.reverseQueue ?? l.queue },
    });
    if (l.cost !== null) {
      costs.set(link.forward.id, l.cost);
      costs.set(link.reverse.id, l.cost);
    }
  }

  // Node kinds' runtime parts (gateway stages, admission), before routing sees the topology.
  const afterFlows: Parameters<BuildContext['afterFlows']>[0][] = [];
  const sections: SimulationParts['sections'] = [];
  const kindCtx: BuildContext = {
    scenario: s,
    sim,
    net,
    random,
    window,
    afterFlows: (fn) => afterFlows.push(fn),
    addResult: (name, compute) => sections.push([name, compute]),
  };
  for (const n of s.nodes) nodeKind(n.kind)?.build?.(n, kindCtx);

  const router = new Router(net, new Topology(net, costs), ...policies(s, policyName, opts.policy !== undefined));

  // The measurement window, then failures, then traffic: at equal times they fire in this order,
  // so a failure `at: 0s` is in place before the first packet.
  const background: Background[] = [];
  sim.at(window.start, () => net.openCounters());
  sim.at(window.end, () => {
    net.closeCounters();
    for (const b of background) b.stop();
  });
  for (const f of s.failures) {
    const set = (up: boolean) => () => (f.target === 'link' ? net.setLinkUp(f.id, up) : net.setNodeUp(f.id, up));
    sim.at(f.at, set(false));
    if (f.for !== null) sim.at(f.at + f.for, set(true));
  }

  for (const l of s.links) if (l.background) startBackground(net, net.link(l.id), l.background, background);

  const flows = new Map<string, Flow>();
  const measured: { flow: Flow; recorder: FlowRecorder; pooled: boolean; source?: TrafficSource }[] = [];
  const classOf = new Map(s.classes.map((c) => [c.name, c]));
  for (const def of s.flows) {
    const cls = classOf.get(def.class)!;
    const plan = planFlow({
      id: def.id,
      from: def.from,
      to: def.to,
      via: def.via,
      twoWay: def.twoWay,
      traffic: def.traffic,
    });
    const entries = new Map<string, (typeof measured)[number]>();
    for (const p of plan.flows) {
      const flow = net.addFlow(p.id, classes.get(def.class));
      const recorder = new FlowRecorder(window);
      flow.observer = recorder;
      router.add({ flow, from: p.from, to: p.to, via: p.via, classRouting: cls.routing });
      flows.set(p.id, flow);
      const entry = { flow, recorder, pooled: p.pooled };
      entries.set(p.id, entry);
      measured.push(entry);
    }
    for (const src of plan.sources) {
      const source = createSource(src.spec, {
        net,
        flow: flows.get(src.flow)!,
        rng: random.stream(src.stream),
        start: def.start,
        stop: Math.min(def.stop ?? window.end, window.end),
        ...(src.reverse ? { reverse: flows.get(src.reverse)! } : {}),
        window,
      });
      entries.get(src.flow)!.source = source;
      source.start();
    }
  }
  for (const fn of afterFlows) fn(flows, router);
  // Nothing can change the topology or the routes during the run: fuse what that allows (net/channel.ts).
  if (s.failures.length === 0 && !router.dynamic) net.fuse(window, window.end + s.drain);

  return new Simulation({
    scenario: s,
    policy: policyName,
    seed,
    sim,
    net,
    random,
    router,
    window,
    sections,
    measured: () =>
      measured.map((m): MeasuredFlow => ({
        id: m.flow.id,
        className: m.flow.cls.name,
        recorder: m.recorder,
        path: router.pathOf(m.flow),
        extra: { reroutes: router.reroutes(m.flow), ...m.source?.results?.() },
        pooled: m.pooled,
      })),
  });
}

/** The default policy and the per-class overrides; `--policy` drops the overrides (one policy per run). */
function policies(s: Scenario, name: string, forced: boolean): [RoutingPolicy, Map<string, RoutingPolicy>] {
  const made = new Map<string, RoutingPolicy>();
  const make = (n: string): RoutingPolicy => {
    let p = made.get(n);
    if (!p) made.set(n, (p = createPolicy(n, s.routing.options)));
    return p;
  };
  const byClass = new Map<string, RoutingPolicy>();
  if (!forced) for (const [cls, n] of Object.entries(s.routing.classes)) byClass.set(cls, make(n));
  return [make(name), byClass];
}

/** Background traffic on both directions of a link: one flow and one random stream per channel. */
function startBackground(
  net: Network,
  link: Link,
  bg: NonNullable<Scenario['links'][number]['background']>,
  out: Background[],
): void {
  for (const ch of [link.forward, link.reverse]) {
    const name = `bg:${ch.id}`;
    const size = quantity(bg.size, net.random.stream(`${name}:size`));
    const traffic = net.addBackground(ch, bg.load, size, net.random.stream(name), net.classes.get(bg.class));
    traffic.start();
    out.push(traffic);
  }
}
