import type { Rng } from './random.js';

/** A distribution bound to its random stream: `sample()` draws the next value. */
export interface Sampler {
  sample(): number;
  /** The distribution's mean (Infinity where it does not exist). */
  readonly mean: number;
}

export type DistributionSpec =
  | { dist: 'constant'; value: number }
  | { dist: 'exponential'; mean: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'normal'; mean: number; stddev: number }
  | { dist: 'lognormal'; mean: number; stddev: number }
  | { dist: 'pareto'; scale: number; shape: number };

/*
 * Samplers are small classes rather than closures: a call site that sees a few of them (a source's
 * sizes) calls methods of a few shapes, which V8 inlines, so a draw returns its double without
 * boxing it on the heap (measured: closures cost an allocation per draw in the background loop).
 */

class Constant implements Sampler {
  constructor(readonly mean: number) {}
  sample(): number {
    return this.mean;
  }
}

/** Inverse transform; `1 - u` is in (0, 1], so the log is finite. */
class Exponential implements Sampler {
  constructor(
    private readonly rng: Rng,
    readonly mean: number,
  ) {}
  sample(): number {
    return -this.mean * Math.log(1 - this.rng());
  }
}

class Uniform implements Sampler {
  readonly mean: number;
  private readonly span: number;
  constructor(
    private readonly rng: Rng,
    private readonly min: number,
    max: number,
  ) {
    this.mean = (min + max) / 2;
    this.span = max - min;
  }
  sample(): number {
    return this.min + this.span * this.rng();
  }
}

/** Box–Muller, keeping the second variate for the next call. */
class Normal implements Sampler {
  private spare = NaN;
  constructor(
    private readonly rng: Rng,
    readonly mean: number,
    private readonly stddev: number,
  ) {}
  sample(): number {
    const spare = this.spare;
    if (spare === spare) {
      this.spare = NaN;
      return this.mean + this.stddev * spare;
    }
    const r = Math.sqrt(-2 * Math.log(1 - this.rng()));
    const theta = 2 * Math.PI * this.rng();
    this.spare = r * Math.sin(theta);
    return this.mean + this.stddev * r * Math.cos(theta);
  }
}

class Lognormal implements Sampler {
  private readonly gauss: Normal;
  constructor(
    rng: Rng,
    readonly mean: number,
    stddev: number,
  ) {
    const sigma2 = Math.log(1 + (stddev * stddev) / (mean * mean));
    this.gauss = new Normal(rng, Math.log(mean) - sigma2 / 2, Math.sqrt(sigma2));
  }
  sample(): number {
    return Math.exp(this.gauss.sample());
  }
}

class Pareto implements Sampler {
  readonly mean: number;
  private readonly inverseShape: number;
  constructor(
    private readonly rng: Rng,
    private readonly scale: number,
    shape: number,
  ) {
    this.mean = shape > 1 ? (shape * scale) / (shape - 1) : Infinity;
    this.inverseShape = 1 / shape;
  }
  sample(): number {
    return this.scale / Math.pow(1 - this.rng(), this.inverseShape);
  }
}

export function constant(value: number): Sampler {
  return new Constant(value);
}

/** Inverse transform; `1 - u` is in (0, 1], so the log is finite. */
export function exponential(rng: Rng, mean: number): Sampler {
  return new Exponential(rng, mean);
}

export function uniform(rng: Rng, min: number, max: number): Sampler {
  return new Uniform(rng, min, max);
}

/** Box–Muller, keeping the second variate for the next call. */
export function normal(rng: Rng, mean: number, stddev: number): Sampler {
  return new Normal(rng, mean, stddev);
}

/**
 * Lognormal given the mean and standard deviation of the variable itself (not of its log): the
 * form a scenario author knows ("sizes average 800 B with a spread of 400 B").
 */
export function lognormal(rng: Rng, mean: number, stddev: number): Sampler {
  return new Lognormal(rng, mean, stddev);
}

/** Pareto type I: P(X > x) = (scale / x)^shape for x >= scale. */
export function pareto(rng: Rng, scale: number, shape: number): Sampler {
  return new Pareto(rng, scale, shape);
}

/** Builds a sampler from its spec (already in base units: seconds, bytes, ...). */
export function sampler(spec: DistributionSpec, rng: Rng): Sampler {
  switch (spec.dist) {
    case 'constant':
      return constant(spec.value);
    case 'exponential':
      return exponential(rng, spec.mean);
    case 'uniform':
      return uniform(rng, spec.min, spec.max);
    case 'normal':
      return normal(rng, spec.mean, spec.stddev);
    case 'lognormal':
      return lognormal(rng, spec.mean, spec.stddev);
    case 'pareto':
      return pareto(rng, spec.scale, spec.shape);
  }
}

/** The mean of a distribution in its own unit (Infinity where it has none). */
export function distributionMean(spec: DistributionSpec): number {
  // The samplers compute their mean at construction and draw nothing then: the rng is never called.
  return sampler(spec, () => 0.5).mean;
}

/** The mean of a fixed or drawn quantity (a number is its own mean). */
export function quantityMean(q: number | DistributionSpec): number {
  return typeof q === 'number' ? q : distributionMean(q);
}
