import { FlowRecorder } from '../../metrics/flow-recorder.js';
import type { MeasuredFlow } from '../../metrics/result.js';
import type { MeasurementWindow } from '../../metrics/window.js';
import type { Background, Flow, Network } from '../../net/index.js';
import type { Router } from '../../routing/router.js';
import type { Scenario } from '../../spec/model.js';
import { createSource, quantity, type TrafficSource } from '../../traffic/index.js';
import { planFlow } from '../../traffic/plan.js';

/**
 * Background traffic on both directions of each link that has some, with one random stream per
 * channel: work without events on FIFO channels, packets of a flow `bg:<channel>` elsewhere.
 */
export function startBackground(net: Network, s: Scenario): Background[] {
  const out: Background[] = [];
  for (const l of s.links) {
    const bg = l.background;
    if (!bg) continue;
    const link = net.link(l.id);
    for (const ch of [link.forward, link.reverse]) {
      const name = `bg:${ch.id}`;
      const size = quantity(bg.size, net.random.stream(`${name}:size`));
      const traffic = net.addBackground(ch, bg.load, size, net.random.stream(name), net.classes.get(bg.class));
      traffic.start();
      out.push(traffic);
    }
  }
  return out;
}

interface Measured {
  flow: Flow;
  recorder: FlowRecorder;
  pooled: boolean;
  source?: TrafficSource;
}

/**
 * The scenario's flows: each declared flow planned into directed flows (`<id>~back` too), each
 * with its recorder and route, then its sources started. Returns the flows by id and what the
 * result reports of them once the run is over.
 */
export function startFlows(
  net: Network,
  router: Router,
  s: Scenario,
  window: MeasurementWindow,
): { byId: Map<string, Flow>; measured: () => MeasuredFlow[] } {
  const byId = new Map<string, Flow>();
  const measured: Measured[] = [];
  const classOf = new Map(s.classes.map((c) => [c.name, c]));
  for (const def of s.flows) {
    const cls = classOf.get(def.class)!;
    const { id, from, to, via, twoWay, traffic } = def;
    const plan = planFlow({ id, from, to, via, twoWay, traffic });
    const entries = new Map<string, Measured>();
    for (const p of plan.flows) {
      const flow = net.addFlow(p.id, net.classes.get(def.class));
      const recorder = new FlowRecorder(window);
      flow.observer = recorder;
      router.add({ flow, from: p.from, to: p.to, via: p.via, classRouting: cls.routing });
      byId.set(p.id, flow);
      const entry: Measured = { flow, recorder, pooled: p.pooled };
      entries.set(p.id, entry);
      measured.push(entry);
    }
    for (const src of plan.sources) {
      const source = createSource(src.spec, {
        net,
        flow: byId.get(src.flow)!,
        rng: net.random.stream(src.stream),
        start: def.start,
        stop: Math.min(def.stop ?? window.end, window.end),
        ...(src.reverse ? { reverse: byId.get(src.reverse)! } : {}),
        window,
      });
      entries.get(src.flow)!.source = source;
      source.start();
    }
  }
  return {
    byId,
    measured: () =>
      measured.map((m): MeasuredFlow => ({
        id: m.flow.id,
        className: m.flow.cls.name,
        recorder: m.recorder,
        path: router.pathOf(m.flow),
        extra: { reroutes: router.reroutes(m.flow), ...m.source?.results?.() },
        pooled: m.pooled,
      })),
  };
}
