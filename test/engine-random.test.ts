import { describe, expect, it } from 'vitest';
import { RandomStreams, sampler, type DistributionSpec, type Rng } from '../src/engine/index.js';

const draw = (rng: Rng, n: number): number[] => Array.from({ length: n }, () => rng());
const min = (xs: readonly number[]): number => xs.reduce((a, b) => (b < a ? b : a), Infinity);
const max = (xs: readonly number[]): number => xs.reduce((a, b) => (b > a ? b : a), -Infinity);

describe('RandomStreams', () => {
  it('same seed and name give the same sequence', () => {
    expect(draw(new RandomStreams(42).stream('flow:a'), 1000)).toEqual(
      draw(new RandomStreams(42).stream('flow:a'), 1000),
    );
  });

  it('another name or another seed gives another sequence', () => {
    const base = draw(new RandomStreams(42).stream('flow:a'), 100);
    expect(draw(new RandomStreams(42).stream('flow:b'), 100)).not.toEqual(base);
    expect(draw(new RandomStreams(43).stream('flow:a'), 100)).not.toEqual(base);
    // Names are not concatenated ambiguously with the seed: seed 4 + "2flow:a" is another stream.
    expect(draw(new RandomStreams(4).stream('2flow:a'), 100)).not.toEqual(base);
  });

  it('streams are independent of creation order (adding a flow changes no other flow)', () => {
    const r1 = new RandomStreams(7);
    const a1 = r1.stream('a');
    const first = draw(a1, 10);
    const r2 = new RandomStreams(7);
    draw(r2.stream('new-flow'), 500);
    expect(draw(r2.stream('a'), 10)).toEqual(first);
  });

  it('draws uniform values in [0, 1) with 53-bit resolution', () => {
    const xs = draw(new RandomStreams(1).stream('u'), 100_000);
    expect(min(xs)).toBeGreaterThanOrEqual(0);
    expect(max(xs)).toBeLessThan(1);
    // With 32-bit resolution every x * 2^32 would be an integer.
    expect(xs.some((x) => !Number.isInteger(x * 2 ** 32))).toBe(true);
  });
});

/**
 * Sample moments against the distribution's. With n independent draws, the sample mean has
 * standard error sqrt(var / n) and the sample variance sqrt((mu4 - var^2) / n) (mu4: the fourth
 * central moment). Five standard errors: a false failure would need a 5-sigma draw (p < 1e-6),
 * while a wrong parameter (say a variance off by 2%) is far outside at n = 200,000.
 */
const N = 200_000;

function moments(xs: readonly number[]) {
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / xs.length;
  let ss = 0;
  for (const x of xs) ss += (x - mean) ** 2;
  return { mean, variance: ss / (xs.length - 1) };
}

function expectMoments(spec: DistributionSpec, mean: number, variance: number, mu4: number, seed = 1) {
  const s = sampler(spec, new RandomStreams(seed).stream(spec.dist));
  expect(s.mean).toBeCloseTo(mean, 9);
  const xs = Array.from({ length: N }, () => s.sample());
  const m = moments(xs);
  const seMean = Math.sqrt(variance / N);
  const seVar = Math.sqrt((mu4 - variance * variance) / N);
  expect(Math.abs(m.mean - mean)).toBeLessThan(5 * seMean);
  expect(Math.abs(m.variance - variance)).toBeLessThan(5 * seVar);
  return xs;
}

describe('distributions: sample mean and variance', () => {
  it('constant', () => {
    const s = sampler({ dist: 'constant', value: 1500 }, new RandomStreams(1).stream('c'));
    expect(s.mean).toBe(1500);
    for (let i = 0; i < 100; i++) expect(s.sample()).toBe(1500);
  });

  it('exponential (var m^2, mu4 9 m^4)', () => {
    const m = 0.004;
    const xs = expectMoments({ dist: 'exponential', mean: m }, m, m * m, 9 * m ** 4);
    expect(min(xs)).toBeGreaterThanOrEqual(0);
    expect(xs.every(Number.isFinite)).toBe(true);
    // Memorylessness in one number: P(X > 2m) = e^-2 (binomial standard error over N draws).
    const p = xs.filter((x) => x > 2 * m).length / N;
    expect(Math.abs(p - Math.exp(-2))).toBeLessThan(5 * Math.sqrt((Math.exp(-2) * (1 - Math.exp(-2))) / N));
  });

  it('uniform (var w^2/12, mu4 w^4/80)', () => {
    const [a, b] = [200, 1400];
    const w = b - a;
    const xs = expectMoments({ dist: 'uniform', min: a, max: b }, (a + b) / 2, (w * w) / 12, w ** 4 / 80);
    expect(min(xs)).toBeGreaterThanOrEqual(a);
    expect(max(xs)).toBeLessThan(b);
  });

  it('normal (mu4 3 sigma^4)', () => {
    const [mu, sd] = [0.02, 0.005];
    const xs = expectMoments({ dist: 'normal', mean: mu, stddev: sd }, mu, sd * sd, 3 * sd ** 4);
    // Box-Muller returns its two variates in turn: both halves must be normal. Check the share
    // within one sigma (0.682689) separately on even and odd draws.
    for (const parity of [0, 1]) {
      const half = xs.filter((_, i) => i % 2 === parity);
      const p = half.filter((x) => Math.abs(x - mu) < sd).length / half.length;
      expect(Math.abs(p - 0.682689)).toBeLessThan(5 * Math.sqrt((0.682689 * 0.317311) / half.length));
    }
  });

  it('lognormal given the mean and stddev of the variable itself', () => {
    const [m, sd] = [800, 400];
    const s2 = Math.log(1 + (sd * sd) / (m * m)); // variance of the log
    const kurtosis = Math.exp(4 * s2) + 2 * Math.exp(3 * s2) + 3 * Math.exp(2 * s2) - 3;
    const xs = expectMoments({ dist: 'lognormal', mean: m, stddev: sd }, m, sd * sd, kurtosis * sd ** 4);
    expect(min(xs)).toBeGreaterThan(0);
    // The median of a lognormal is exp(mu) = m / sqrt(1 + cv^2).
    const median = m / Math.sqrt(1 + (sd * sd) / (m * m));
    const below = xs.filter((x) => x < median).length / N;
    expect(Math.abs(below - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / N));
  });

  it('pareto (shape 6, so the fourth moment exists) and its tail P(X > x) = (scale / x)^shape', () => {
    const [xm, a] = [1000, 6];
    const raw = (k: number) => (a * xm ** k) / (a - k); // E[X^k], k < shape
    const mean = raw(1);
    const variance = raw(2) - mean ** 2;
    const mu4 = raw(4) - 4 * mean * raw(3) + 6 * mean ** 2 * raw(2) - 3 * mean ** 4;
    const xs = expectMoments({ dist: 'pareto', scale: xm, shape: a }, mean, variance, mu4);
    expect(min(xs)).toBeGreaterThanOrEqual(xm);
    for (const x of [1.1 * xm, 1.5 * xm, 2 * xm]) {
      const p = (xm / x) ** a;
      const got = xs.filter((v) => v > x).length / N;
      expect(Math.abs(got - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N));
    }
  });

  it('pareto with shape <= 1 reports an infinite mean', () => {
    expect(sampler({ dist: 'pareto', scale: 1, shape: 1 }, new RandomStreams(1).stream('p')).mean).toBe(Infinity);
  });

  it('a sampler is a pure function of its stream: same seed, same draws', () => {
    const specs: DistributionSpec[] = [
      { dist: 'exponential', mean: 1 },
      { dist: 'normal', mean: 0, stddev: 1 },
      { dist: 'lognormal', mean: 1, stddev: 2 },
      { dist: 'pareto', scale: 1, shape: 1.5 },
      { dist: 'uniform', min: 0, max: 1 },
    ];
    for (const spec of specs) {
      const a = sampler(spec, new RandomStreams(9).stream('x'));
      const b = sampler(spec, new RandomStreams(9).stream('x'));
      const da = Array.from({ length: 50 }, () => a.sample());
      expect(Array.from({ length: 50 }, () => b.sample())).toEqual(da);
    }
  });
});

describe('the generator', () => {
  it("is seedrandom's alea, number for number (streams keep their values across the rewrite)", async () => {
    const { default: seedrandom } = await import('seedrandom');
    for (const [seed, name] of [
      [1, 'flow:a'],
      [42, 'bg:segment:home>'],
      [0, ''],
      [123456789, 'loss:internet:interconnect<'],
    ] as const) {
      const ours = new RandomStreams(seed).stream(name);
      const theirs = seedrandom.alea(`${seed}\u0000${name}`).double;
      let differ = 0;
      for (let i = 0; i < 100_000; i++) if (ours() !== theirs()) differ++;
      expect(differ).toBe(0);
    }
  });
});
