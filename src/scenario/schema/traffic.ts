import { z } from 'zod';
import type { Quantity, TrafficSpec } from '../../traffic/spec.js';
import { LIMITS } from '../limits.js';
import { anyRate, distributionMean, quantityOrDistribution, time } from './units.js';

/**
 * The `traffic` block of a flow: one strict object per model, in a discriminated union on `model`.
 * Each model's schema reads the file's units and outputs the model's {@link TrafficSpec} in base
 * units (seconds, bytes, packets per second). To add a model: write its schema below, add it to
 * {@link trafficSchema}, and give its mean packet rate in {@link packetRate}.
 */

const packetSize = () =>
  quantityOrDistribution('size', { positive: true, max: { value: LIMITS.packetBytes, why: `a packet is at most ${LIMITS.packetBytes / 1e6} MB` } });

const meanOf = (q: Quantity): number => (typeof q === 'number' ? q : distributionMean(q));

/** Packets per second for a rate given in pps, or in bits per second at a mean packet size. */
function perSecond(rate: { unit: 'pps' | 'bps'; value: number }, size: Quantity, ctx: z.RefinementCtx): number {
  if (rate.unit === 'pps') return rate.value;
  const mean = meanOf(size);
  if (!Number.isFinite(mean)) {
    ctx.addIssue({ code: 'custom', path: ['size'], message: 'a bit rate needs a size with a finite mean (this distribution has none)' });
    return z.NEVER;
  }
  return rate.value / (8 * mean);
}

/** `{ model: cbr, interval | rate, size }`: one packet every interval, exactly (voice). */
const cbr = z
  .strictObject({
    model: z.literal('cbr'),
    interval: time({ positive: true }, 'time between packets, e.g. 20ms').optional(),
    rate: anyRate('packets per second (50pps), or a bit rate (64kbps): the interval is then size * 8 / rate').optional(),
    size: packetSize(),
  })
  .superRefine((t, ctx) => {
    if (t.interval === undefined && t.rate === undefined) ctx.addIssue({ code: 'custom', message: 'cbr needs an interval (e.g. 20ms) or a rate (e.g. 50pps or 64kbps)' });
    if (t.interval !== undefined && t.rate !== undefined) ctx.addIssue({ code: 'custom', path: ['rate'], message: 'give either interval or rate, not both' });
  })
  .transform((t, ctx): TrafficSpec => {
    const interval = t.interval ?? 1 / perSecond(t.rate!, t.size, ctx);
    return { model: 'cbr', interval, size: t.size };
  });

/** `{ model: poisson, rate, size }`: exponential gaps at a mean rate. */
const poisson = z
  .strictObject({
    model: z.literal('poisson'),
    rate: anyRate('mean packets per second (100pps), or a mean bit rate (2Mbps) at the mean size'),
    size: packetSize(),
  })
  .transform((t, ctx): TrafficSpec => ({ model: 'poisson', rate: perSecond(t.rate, t.size, ctx), size: t.size }));

/** The `traffic` schema: the union of every model. */
export function trafficSchema() {
  return z.discriminatedUnion('model', [cbr, poisson]).meta({ description: 'a traffic model, chosen by `model`' });
}

/**
 * Mean packets per second a model generates while active, for the resource guard; null when the
 * spec alone does not tell (an elastic flow adapts to the network).
 */
export function packetRate(spec: TrafficSpec): number | null {
  switch (spec.model) {
    case 'cbr':
      return 1 / spec.interval;
    case 'poisson':
      return spec.rate;
    default:
      return null;
  }
}
