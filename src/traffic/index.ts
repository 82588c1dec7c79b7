import { constant, sampler, type Sampler } from '../engine/distributions.js';
import type { Rng } from '../engine/random.js';
import { CbrSource } from './cbr.js';
import { PoissonSource } from './poisson.js';
import type { SourceContext, TrafficSource } from './source.js';
import type { Quantity, TrafficSpec } from './spec.js';

export type { SourceContext, TrafficSource } from './source.js';
export type { Quantity, TrafficSpec, TrafficModel } from './spec.js';
export { CbrSource, PoissonSource };

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
  }
}
