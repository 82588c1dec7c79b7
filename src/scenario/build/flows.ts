import { FlowRecorder } from '../../metrics/flow-recorder.js';
import { SeriesTap, type TimeseriesRecorder } from '../../metrics/timeseries/index.js';
import type { MeasuredFlow } from '../../metrics/result.js';
import { voiceCodec } from '../../metrics/voice/codecs.js';
import { attachVoice } from '../../metrics/voice-recorder.js';
import type { MeasurementWindow } from '../../metrics/window.js';
import type { Background, Flow, Network } from '../../net/index.js';
import { workSizes } from '../../net/work.js';
import type { Router } from '../../routing/router.js';
import type { FlowDef, Scenario } from '../../spec/model.js';
import { createSource, type TrafficSource } from '../../traffic/index.js';
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
      // The same streams as quantity(bg.size, stream(...)) and stream(name), in forms the work loop inlines.
      const size = workSizes(bg.size, net.random.generator(`${name}:size`));
      const traffic = net.addBackground(ch, bg.load, size, net.random.generator(name), net.classes.get(bg.class));
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
  /** The other direction of the same declared flow. */
  reverse?: string;
}

/** A flow's recorder; a voice flow's (a codec, cbr traffic) also feeds its receiver's jitter buffer. */
function recorderFor(def: FlowDef, window: MeasurementWindow): FlowRecorder {
  const recorder = new FlowRecorder(window);
  if (def.codec === undefined) return recorder;
  // The schema refuses a codec on other traffic; a scenario changed in code must not get a silent non-voice flow.
  if (def.traffic.model !== 'cbr') throw new Error(`flow '${def.id}': codec ${def.codec} needs cbr traffic`);
  attachVoice(recorder, voiceCodec(def.codec), def.traffic.interval, window);
  return recorder;
}

/**
 * The scenario's flows: each declared flow planned into directed flows (`<id>~back` too), each
 * with its recorder (and its time-series tap) and route, then its sources started. Returns the flows by id and what the
 * result reports of them once the run is over.
 */
export function startFlows(
  net: Network,
  router: Router,
  s: Scenario,
  window: MeasurementWindow,
  series: TimeseriesRecorder | null = null,
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
      flow.pooled = p.pooled;
      const recorder = recorderFor(def, window);
      // A time series chains its tap on the flows its class pools; without one the recorder is the observer.
      flow.observer =
        series !== null && p.pooled ? new SeriesTap(recorder, series.seriesOf(def.class), window) : recorder;
      router.add({ flow, from: p.from, to: p.to, via: p.via, classRouting: cls.routing });
      byId.set(p.id, flow);
      const entry: Measured = { flow, recorder, pooled: p.pooled };
      entries.set(p.id, entry);
      measured.push(entry);
    }
    // The two directions of one declared flow (not elastic data and ACKs: the ACKs are transport).
    if (plan.flows.length === 2 && plan.flows.every((p) => p.pooled)) {
      const [a, b] = plan.flows.map((p) => entries.get(p.id)!);
      a.reverse = b.flow.id;
      b.reverse = a.flow.id;
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
        ...(net.ledger ? { places: net.ledger.flowPlaces(m.flow) } : {}),
        ...(m.reverse !== undefined ? { reverse: m.reverse } : {}),
      })),
  };
}
