import { describe, expect, it } from 'vitest';
import { Mini } from './helpers/mini.js';
import { Arrivals, attach } from './helpers/traffic.js';

describe('cbr', () => {
  it('packet i leaves at start + i * interval and arrives one serialization and one propagation later, exactly', () => {
    //   n0 --1 Mbps, 5 ms-- n1
    const m = new Mini({ start: 0, end: 11 });
    m.chain(1, 1e6, 0.005);
    const f = m.flow('voice', 'realtime');
    const rx = new Arrivals(m.net);
    f.receiver = rx;
    attach(m, { model: 'cbr', interval: 0.02, size: 160 }, f, undefined, 0.5, 10.5);
    m.run();
    const expected: number[] = [];
    for (let i = 0; 0.5 + i * 0.02 < 10.5; i++) expected.push(0.5 + i * 0.02 + 160 * (8 / 1e6) + 0.005);
    expect(expected.length).toBe(500);
    expect(rx.times).toEqual(expected);
    expect(rx.created).toEqual(expected.map((_, i) => 0.5 + i * 0.02));
  });
});

describe('poisson', () => {
  // No links: packets are delivered as they are generated, so arrival times are emission times.
  const lambda = 100;
  const T = 1000;
  function emissions(seed: number): number[] {
    const m = new Mini({ start: 0, end: T }, seed);
    const f = m.flow('p', 'business', []);
    const rx = new Arrivals(m.net);
    f.receiver = rx;
    attach(m, { model: 'poisson', rate: lambda, size: 100 }, f);
    m.run(0);
    return rx.times;
  }
  const times = emissions(11);

  it('the count over T fits lambda * T (z test, |z| < 3.29: two-sided 0.1%)', () => {
    const z = (times.length - lambda * T) / Math.sqrt(lambda * T);
    expect(Math.abs(z)).toBeLessThan(3.29);
  });

  it('counts per second are Poisson: index of dispersion ~ chi-square(k - 1), normal bound 3.29', () => {
    const k = T;
    const bins = new Array<number>(k).fill(0);
    for (const t of times) bins[Math.floor(t)]++;
    const mean = times.length / k;
    const d = bins.reduce((s, n) => s + (n - mean) ** 2, 0) / mean;
    // chi-square(999) has mean 999 and sd sqrt(1998) = 44.7; the normal approximation is good here.
    expect(Math.abs((d - (k - 1)) / Math.sqrt(2 * (k - 1)))).toBeLessThan(3.29);
  });

  it('gaps are exponential: chi-square over 20 equiprobable bins below 43.82 (df 19, 0.1%)', () => {
    const bins = new Array<number>(20).fill(0);
    for (let i = 1; i < times.length; i++) {
      const u = 1 - Math.exp(-lambda * (times[i] - times[i - 1])); // CDF: uniform if exponential
      bins[Math.min(19, Math.floor(u * 20))]++;
    }
    const e = (times.length - 1) / 20;
    const chi2 = bins.reduce((s, n) => s + (n - e) ** 2 / e, 0);
    expect(chi2).toBeLessThan(43.82);
  });

  it('the same seed gives the same emissions; another seed does not', () => {
    expect(emissions(11).slice(0, 100)).toEqual(times.slice(0, 100));
    expect(emissions(12).slice(0, 100)).not.toEqual(times.slice(0, 100));
  });
});
