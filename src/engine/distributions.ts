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

export function constant(value: number): Sampler {
  return { mean: value, sample: () => value };
}

/** Inverse transform; `1 - u` is in (0, 1], so the log is finite. */
export function exponential(rng: Rng, mean: number): Sampler {
  return { mean, sample: () => -mean * Math.log(1 - rng()) };
}

export function uniform(rng: Rng, min: number, max: number): Sampler {
  const span = max - min;
  return { mean: (min + max) / 2, sample: () => min + span * rng() };
}

/** Box–Muller, keeping the second variate for the next call. */
export function normal(rng: Rng, mean: number, stddev: number): Sampler {
  let spare = NaN;
  return {
    mean,
    sample() {
      if (spare === spare) {
        const z = spare;
        spare = NaN;
        return mean + stddev * z;
      }
      const r = Math.sqrt(-2 * Math.log(1 - rng()));
      const theta = 2 * Math.PI * rng();
      spare = r * Math.sin(theta);
      return mean + stddev * r * Math.cos(theta);
    },
  };
}

/**
 * Lognormal given the mean and standard deviation of the variable itself (not of its log): the
 * form a scenario author knows ("sizes average 800 B with a spread of 400 B").
 */
export function lognormal(rng: Rng, mean: number, stddev: number): Sampler {
  const sigma2 = Math.log(1 + (stddev * stddev) / (mean * mean));
  const mu = Math.log(mean) - sigma2 / 2;
  const gauss = normal(rng, mu, Math.sqrt(sigma2));
  return { mean, sample: () => Math.exp(gauss.sample()) };
}

/** Pareto type I: P(X > x) = (scale / x)^shape for x >= scale. */
export function pareto(rng: Rng, scale: number, shape: number): Sampler {
  return {
    mean: shape > 1 ? (shape * scale) / (shape - 1) : Infinity,
    sample: () => scale / Math.pow(1 - rng(), 1 / shape),
  };
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
