import { TWO_WAY_MODELS, type TrafficSpec } from './spec.js';

/** The flow that runs the other way (to -> from) of a declared flow: `<id>~back`. */
export function backFlowId(id: string): string {
  return `${id}~back`;
}

/** A flow as declared (in a scenario, after units): one id, possibly two directions. */
export interface FlowDeclaration {
  id: string;
  from: string;
  to: string;
  via?: readonly string[];
  /** One-way models only: the same traffic also runs to -> from (both sides of a call). */
  twoWay?: boolean;
  traffic: TrafficSpec;
}

/** One directed flow to create, route and measure. */
export interface PlannedFlow {
  id: string;
  from: string;
  to: string;
  via: string[];
  /**
   * Whether its packets count in the class figures. True for application data (both directions
   * of a call, requests and responses); false for elastic ACKs, which describe the transport:
   * they are still routed, queued, reported as their own flow and seen in link figures.
   */
  pooled: boolean;
}

/** One traffic source: the flow it sends on, the reverse flow it answers on, its random stream. */
export interface PlannedSource {
  flow: string;
  reverse?: string;
  spec: TrafficSpec;
  /** Name of its stream in RandomStreams: one per direction, so each side draws independently. */
  stream: string;
}

export interface FlowPlan {
  flows: PlannedFlow[];
  sources: PlannedSource[];
}

/**
 * Expands a declared flow into directed flows and sources:
 * - a one-way model (cbr, poisson, onoff, video): flow `<id>`; with `twoWay`, also `<id>~back`
 *   (to -> from, waypoints reversed) with its own source and stream;
 * - request-response and elastic: flow `<id>` (requests, data) and `<id>~back` (responses,
 *   ACKs), one source that uses both. `twoWay` is an error for them: they already go both ways.
 */
export function planFlow(decl: FlowDeclaration): FlowPlan {
  const via = [...(decl.via ?? [])];
  const back = backFlowId(decl.id);
  const forward: PlannedFlow = { id: decl.id, from: decl.from, to: decl.to, via, pooled: true };
  const reverse = (pooled: boolean): PlannedFlow => ({
    id: back,
    from: decl.to,
    to: decl.from,
    via: [...via].reverse(),
    pooled,
  });
  const model = decl.traffic.model;
  if (TWO_WAY_MODELS.has(model)) {
    if (decl.twoWay)
      throw new Error(`flow '${decl.id}': twoWay does not apply to ${model}, which already answers on '${back}'`);
    return {
      flows: [forward, reverse(model !== 'elastic')],
      sources: [{ flow: decl.id, reverse: back, spec: decl.traffic, stream: `flow:${decl.id}` }],
    };
  }
  if (!decl.twoWay)
    return { flows: [forward], sources: [{ flow: decl.id, spec: decl.traffic, stream: `flow:${decl.id}` }] };
  return {
    flows: [forward, reverse(true)],
    sources: [
      { flow: decl.id, spec: decl.traffic, stream: `flow:${decl.id}` },
      { flow: back, spec: decl.traffic, stream: `flow:${back}` },
    ],
  };
}
