import { distributionMean, quantityMean, type DistributionSpec, type Sampler } from '../engine/distributions.js';
import type { SourceContext, TrafficSource } from './source.js';

/**
 * On/off: alternates an "on" period, during which it sends exactly like cbr (a packet at the
 * period's start, then every `interval`), and a silent "off" period. Durations are drawn per
 * period (on, then off) from the flow's stream; the first on period begins at `start`.
 * An on period of length D sends ceil(D / interval) packets.
 */
export class OnOffSource implements TrafficSource {
  /** Start and end of the current on period, and packets sent in it. */
  private periodStart = 0;
  private periodEnd = 0;
  private n = 0;

  constructor(
    private readonly ctx: SourceContext,
    private readonly interval: number,
    private readonly on: Sampler,
    private readonly off: Sampler,
    private readonly size: Sampler,
  ) {
    if (!(interval > 0)) throw new RangeError('onoff interval must be > 0');
    if (!(on.mean > 0)) throw new RangeError('onoff on-period mean must be > 0');
    if (!(off.mean >= 0)) throw new RangeError('onoff off-period mean must be >= 0');
  }

  start(): void {
    this.beginOn(this.ctx.start);
  }

  /** Starts the next on period at or after `t` that is not empty (a drawn duration can be 0). */
  private beginOn(t: number): void {
    const stop = this.ctx.stop;
    while (t < stop) {
      const end = t + this.on.sample();
      if (end > t) {
        this.periodStart = t;
        this.periodEnd = end;
        this.n = 0;
        this.ctx.net.sim.at(t, this.emit);
        return;
      }
      t = end + this.off.sample();
    }
  }

  private readonly emit = (): void => {
    const { net, flow } = this.ctx;
    net.inject(net.packet(flow, this.size.sample()));
    // start + n * interval, not an accumulated sum: no rounding drift within a period.
    const next = this.periodStart + ++this.n * this.interval;
    if (next < this.periodEnd) {
      if (next < this.ctx.stop) net.sim.at(next, this.emit);
    } else {
      this.beginOn(this.periodEnd + this.off.sample());
    }
  };
}

/** Terms summed at most for E[ceil(D / interval)]; past them the Euler-Maclaurin tail (see below). */
const MOST_TERMS = 1_000_000;

/** P(D > x) for a distribution with no closed form of the sum below; null where it needs none. */
function survival(d: DistributionSpec): ((x: number) => number) | null {
  switch (d.dist) {
    case 'uniform':
      return (x) => (x < d.min ? 1 : x >= d.max ? 0 : (d.max - x) / (d.max - d.min));
    case 'pareto':
      return (x) => (x < d.scale ? 1 : Math.pow(d.scale / x, d.shape));
    case 'normal':
      return (x) => normalTail((x - d.mean) / d.stddev);
    case 'lognormal': {
      const s2 = Math.log(1 + (d.stddev * d.stddev) / (d.mean * d.mean));
      const mu = Math.log(d.mean) - s2 / 2;
      return (x) => (x <= 0 ? 1 : normalTail((Math.log(x) - mu) / Math.sqrt(s2)));
    }
    default:
      return null;
  }
}

/** 1 - Phi(z), from erfc (W. J. Cody's rational Chebyshev form as in Numerical Recipes' erfcc: |error| < 1.2e-7). */
function normalTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/**
 * Packets one on period sends on average: the source sends ceil(D / interval) in a period of length D
 * (a packet at its start, then every interval while inside it), so E[ceil(D / I)] = sum over k >= 0 of
 * P(D > k I). Exact for a fixed period (counted as the source does: n I < D) and an exponential one
 * (a geometric sum: 1 / (1 - exp(-I / m))); summed term by term for the others, and past a million
 * terms (D a million intervals long) closed by the Euler-Maclaurin tail (integral / I + half the first term).
 */
export function onPeriodPackets(on: number | DistributionSpec, interval: number): number {
  const d: DistributionSpec = typeof on === 'number' ? { dist: 'constant', value: on } : on;
  if (d.dist === 'constant') {
    if (!(d.value > 0)) return 0;
    let n = Math.max(1, Math.ceil(d.value / interval));
    while (n > 1 && (n - 1) * interval >= d.value) n--;
    while (n * interval < d.value) n++;
    return n;
  }
  if (d.dist === 'exponential') return 1 / -Math.expm1(-interval / d.mean);
  const s = survival(d)!;
  const mean = distributionMean(d);
  let sum = 0;
  for (let k = 0; k < MOST_TERMS; k++) {
    const p = s(k * interval);
    if (p < 1e-15 && k * interval > mean) return sum;
    sum += p;
  }
  // The rest, sum over k >= K of S(k I) = integral from K I of S / I + S(K I) / 2 (Euler-Maclaurin): in closed
  // form for Pareto's power tail, else by the trapezoid rule in steps of 1024 intervals.
  const x0 = MOST_TERMS * interval;
  if (d.dist === 'pareto')
    return sum + (Math.pow(d.scale, d.shape) * Math.pow(x0, 1 - d.shape)) / (d.shape - 1) / interval + s(x0) / 2;
  let integral = 0;
  const h = 1024 * interval;
  for (let x = x0; s(x) >= 1e-15 && x < 1e6 * x0; x += h) integral += (h * (s(x) + s(x + h))) / 2;
  return sum + integral / interval + s(x0) / 2;
}

/**
 * The true mean packet rate of an on/off source (renewal-reward: packets per cycle over the mean cycle,
 * E[ceil(on / interval)] / (E[on] + E[off])), for the resource estimate and the fluid users alike.
 */
export function onOffPacketRate(
  on: number | DistributionSpec,
  off: number | DistributionSpec,
  interval: number,
): number {
  return onPeriodPackets(on, interval) / (quantityMean(on) + quantityMean(off));
}
