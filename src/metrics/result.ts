import type { Link, PlaceDelay } from '../net/index.js';
import type { FlowRecorder } from './flow-recorder.js';
import { ExperienceTally, judgeFlow } from './flow-experience.js';
import { linkStats, type LinkStats } from './link-stats.js';
import { judgeSla, type SlaTargets, type SlaVerdict } from './sla.js';
import { summarize, type Stats } from './stats.js';
import type { TimeseriesResult } from './timeseries/index.js';
import type { Experience } from './voice/experience.js';
import type { MeasurementWindow } from './window.js';
import { idMap } from './id-map.js';

export const RESULT_FORMAT = 'netsim-result/1';

export type FlowResult = Stats & { class: string; path: string[]; [extra: string]: unknown };

/** A run result, as the contract's Results section. */
export interface RunResult {
  format: typeof RESULT_FORMAT;
  scenario: string;
  variant: string | null;
  policy: string;
  seed: number;
  simulated: { seconds: number; events: number; fingerprint: string };
  wall: { seconds: number };
  classes: Record<string, Stats>;
  flows: Record<string, FlowResult>;
  links: Record<string, { forward: LinkStats; reverse: LinkStats }>;
  sla: Record<string, SlaVerdict>;
  /** Per class with flows: each flow judged on its own packets (SCENARIO-FORMAT.md, Experience; docs/experience.md). */
  experience?: Record<string, Experience>;
  /** With a time series recorded (SCENARIO-FORMAT.md, Time series; docs/scenario-format.md). */
  timeseries?: TimeseriesResult;
  [extension: string]: unknown;
}

export interface MeasuredFlow {
  id: string;
  className: string;
  recorder: FlowRecorder;
  path: readonly string[];
  /** Model-specific extras merged into the flow's result (reroutes, response times, ...). */
  extra?: Record<string, unknown>;
  /** false: reported as a flow but left out of its class's figures (elastic ACKs). Default true. */
  pooled?: boolean;
  /** Where its packets waited or were dropped (the delay ledger's); with it the flow gets delayMs and hotspots. */
  places?: readonly PlaceDelay[];
  /**
   * The other direction of the same declared flow (a call's far side, responses; not elastic ACKs):
   * it completes a voice call's round trip, and refusal of one direction covers a silent other one.
   */
  reverse?: string;
}

export interface ResultInput {
  scenario: string;
  variant: string | null;
  policy: string;
  seed: number;
  window: MeasurementWindow;
  simulatedSeconds: number;
  events: number;
  fingerprint: string;
  wallSeconds: number;
  /** Class names in the scenario's order (classes with no flows still appear). */
  classes: readonly string[];
  sla: Readonly<Record<string, SlaTargets>>;
  flows: readonly MeasuredFlow[];
  links: Iterable<Link>;
  /** Per class name, where its packets waited or were dropped; with it classes get delayMs and hotspots. */
  classPlaces?: ReadonlyMap<string, readonly PlaceDelay[]>;
}

/**
 * Assembles the result: per flow (with its own SLA verdict and, for voice, its call), per class
 * (pooled), per link direction, SLA verdicts, and per class the experience of its flows.
 */
export function buildResult(input: ResultInput): RunResult {
  const seconds = input.window.end - input.window.start;
  const flows = idMap<FlowResult>();
  const byClass = new Map<string, FlowRecorder[]>(input.classes.map((c) => [c, []]));
  const recorders = new Map(input.flows.map((f) => [f.id, f.recorder]));
  const tally = new ExperienceTally();
  for (const f of input.flows) {
    const stats = summarize([f.recorder], seconds, f.places ? { places: f.places } : {});
    const reverse = f.reverse === undefined ? null : (recorders.get(f.reverse) ?? null);
    const judged = judgeFlow(f.recorder, stats, input.sla[f.className] ?? {}, reverse);
    const own = judged.counted && judged.outcome.sla ? { sla: judged.outcome.sla } : {};
    const call = judged.call ? { call: judged.call } : {};
    flows[f.id] = { ...stats, class: f.className, path: [...f.path], ...f.extra, ...own, ...call };
    if (f.pooled !== false) {
      byClass.get(f.className)?.push(f.recorder);
      tally.add(f.className, judged);
    }
  }
  const classes = idMap<Stats>();
  for (const [name, recs] of byClass) {
    const places = input.classPlaces?.get(name);
    classes[name] = summarize(recs, seconds, { cdf: true, ...(places ? { places } : {}) });
  }
  const links: RunResult['links'] = idMap();
  for (const l of input.links)
    links[l.id] = { forward: linkStats(l.forward.counters), reverse: linkStats(l.reverse.counters) };
  const sla = idMap<SlaVerdict>();
  for (const name of input.classes) {
    const targets = Object.hasOwn(input.sla, name) ? input.sla[name] : undefined;
    if (targets && Object.keys(targets).length > 0) sla[name] = judgeSla(classes[name], targets);
  }
  const experience = idMap<Experience>();
  for (const c of input.classes) if (tally.has(c)) experience[c] = tally.experience(c);
  return {
    format: RESULT_FORMAT,
    scenario: input.scenario,
    variant: input.variant,
    policy: input.policy,
    seed: input.seed,
    simulated: { seconds: input.simulatedSeconds, events: input.events, fingerprint: input.fingerprint },
    wall: { seconds: input.wallSeconds },
    classes,
    flows,
    links,
    sla,
    experience,
  };
}
