import type { Link } from '../net/index.js';
import type { FlowRecorder } from './flow-recorder.js';
import { linkStats, type LinkStats } from './link-stats.js';
import { judgeSla, type SlaTargets, type SlaVerdict } from './sla.js';
import { summarize, type Stats } from './stats.js';
import type { MeasurementWindow } from './window.js';

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
}

/**
 * A map from ids to values: a null-prototype object, so that every id is an ordinary key
 * (`__proto__` is stored, `constructor` and `toString` are absent until set) and the result still
 * serializes as a plain JSON object.
 */
export function idMap<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Assembles the result: per flow, per class (pooled), per link direction, SLA verdicts. */
export function buildResult(input: ResultInput): RunResult {
  const seconds = input.window.end - input.window.start;
  const flows = idMap<FlowResult>();
  const byClass = new Map<string, FlowRecorder[]>(input.classes.map((c) => [c, []]));
  for (const f of input.flows) {
    flows[f.id] = { ...summarize([f.recorder], seconds), class: f.className, path: [...f.path], ...f.extra };
    if (f.pooled !== false) byClass.get(f.className)?.push(f.recorder);
  }
  const classes = idMap<Stats>();
  for (const [name, recs] of byClass) classes[name] = summarize(recs, seconds, { cdf: true });
  const links: RunResult['links'] = idMap();
  for (const l of input.links)
    links[l.id] = { forward: linkStats(l.forward.counters), reverse: linkStats(l.reverse.counters) };
  const sla = idMap<SlaVerdict>();
  for (const name of input.classes) {
    const targets = Object.hasOwn(input.sla, name) ? input.sla[name] : undefined;
    if (targets && Object.keys(targets).length > 0) sla[name] = judgeSla(classes[name], targets);
  }
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
  };
}
