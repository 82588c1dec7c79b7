import { constant, sampler, type Sampler } from '../engine/distributions.js';
import type { Rng } from '../engine/random.js';
import { CbrSource } from './cbr.js';
import { DELAYED_ACK_DEFAULTS, ELASTIC_DEFAULTS, ElasticSource } from './elastic.js';
import { OnOffSource } from './onoff.js';
import { PoissonSource } from './poisson.js';
import { REQUEST_RESPONSE_DEFAULTS, RequestResponseSource } from './request-response.js';
import type { SourceContext, TrafficSource } from './source.js';
import type { Quantity, TrafficSpec } from './spec.js';
import { VIDEO_DEFAULTS, VideoSource } from './video.js';

export type { SourceContext, TrafficSource } from './source.js';
export { TWO_WAY_MODELS, type Quantity, type TrafficSpec, type TrafficModel } from './spec.js';
export {
  planFlow,
  backFlowId,
  type FlowDeclaration,
  type PlannedFlow,
  type PlannedSource,
  type FlowPlan,
} from './plan.js';
export { CbrSource, PoissonSource, OnOffSource, VideoSource, RequestResponseSource, ElasticSource };
export { VIDEO_DEFAULTS, REQUEST_RESPONSE_DEFAULTS, ELASTIC_DEFAULTS, DELAYED_ACK_DEFAULTS };
export type { ElasticParams, CongestionControlName } from './elastic.js';
export { Scoreboard } from './scoreboard.js';
export { HyStartPlusPlus } from './hystart.js';
export { Cubic, CUBIC_BETA, CUBIC_C } from './cubic.js';
export { NewReno } from './newreno.js';
export { LazyDeadline } from './deadline.js';
export { RttEstimator } from './rtt.js';

/** A fixed quantity or a sampler over the given stream. */
export function quantity(q: Quantity, rng: Rng): Sampler {
  return typeof q === 'number' ? constant(q) : sampler(q, rng);
}

/** The traffic factory: the model is chosen once, when the flow is built. */
export function createSource(spec: TrafficSpec, ctx: SourceContext): TrafficSource {
  switch (spec.model) {
    case 'cbr':
      return new CbrSource(ctx, spec.interval, quantity(spec.size, ctx.rng));
    case 'poisson':
      return new PoissonSource(ctx, spec.rate, quantity(spec.size, ctx.rng));
    case 'onoff':
      return new OnOffSource(
        ctx,
        spec.interval,
        quantity(spec.on, ctx.rng),
        quantity(spec.off, ctx.rng),
        quantity(spec.size, ctx.rng),
      );
    case 'video':
      return new VideoSource(ctx, { ...VIDEO_DEFAULTS, ...defined(spec), rate: spec.rate });
    case 'request-response': {
      const p = { ...REQUEST_RESPONSE_DEFAULTS, ...defined({ mtu: spec.mtu, timeout: spec.timeout }) };
      return new RequestResponseSource(ctx, {
        request: quantity(spec.request, ctx.rng),
        response: quantity(spec.response, ctx.rng),
        think: quantity(spec.think, ctx.rng),
        mtu: p.mtu,
        timeout: p.timeout,
      });
    }
    case 'elastic':
      return new ElasticSource(ctx, { ...ELASTIC_DEFAULTS, ...defined(spec) });
  }
}

/** The object without its undefined fields, so spreading it over defaults keeps the defaults. */
function defined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
