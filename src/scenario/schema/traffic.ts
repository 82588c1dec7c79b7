import { z } from 'zod';
import { DELAYED_ACK_DEFAULTS, ELASTIC_DEFAULTS } from '../../traffic/spec.js';
import type { Quantity, TrafficSpec } from '../../traffic/spec.js';
import { onOffPacketRate } from '../../traffic/onoff.js';
import { LIMITS } from '../../spec/limits.js';
import { quantityMean } from '../../engine/distributions.js';
import { anyRate, bitRate, quantityOrDistribution, size, time } from '../../spec/unit-schemas.js';
import { formatSeconds } from '../../spec/units.js';

/**
 * The `traffic` block of a flow: one strict object per model, in a discriminated union on `model`.
 * Each model's schema reads the file's units and outputs the model's {@link TrafficSpec} in base
 * units (seconds, bytes, bits and packets per second). To add a model: write its schema below,
 * add it to {@link trafficSchema}, and give its packet rate in {@link packetRate}. The keys and
 * their defaults are documented in docs/traffic.md.
 */

const tooBig = { value: LIMITS.packetBytes, why: `a packet is at most ${LIMITS.packetBytes / 1e6} MB` };
const packetSize = () => quantityOrDistribution('size', { positive: true, max: tooBig });
const positiveTime = (description?: string) => time({ positive: true }, description);

/** Packets per second for a rate given in pps, or in bits per second at a mean packet size. */
function perSecond(rate: { unit: 'pps' | 'bps'; value: number }, size: Quantity, ctx: z.RefinementCtx): number {
  if (rate.unit === 'pps') return rate.value;
  const mean = quantityMean(size);
  if (!Number.isFinite(mean)) {
    ctx.addIssue({
      code: 'custom',
      path: ['size'],
      message: 'a bit rate needs a size with a finite mean (this distribution has none)',
    });
    return z.NEVER;
  }
  return rate.value / (8 * mean);
}

/** cbr and onoff pace packets by `interval`, or by `rate` (pps, or a bit rate at the mean size). */
const pacing = {
  interval: positiveTime('time between packets, e.g. 20ms').optional(),
  rate: anyRate('packets per second (50pps), or a bit rate (64kbps): the interval is then size * 8 / rate').optional(),
  size: packetSize(),
};

function checkPacing(t: { interval?: number; rate?: unknown }, ctx: z.RefinementCtx, model: string): void {
  if (t.interval === undefined && t.rate === undefined)
    ctx.addIssue({
      code: 'custom',
      message: `${model} needs an interval (e.g. 20ms) or a rate (e.g. 50pps or 64kbps)`,
    });
  if (t.interval !== undefined && t.rate !== undefined)
    ctx.addIssue({ code: 'custom', path: ['rate'], message: 'give either interval or rate, not both' });
}

const intervalOf = (
  t: { interval?: number; rate?: { unit: 'pps' | 'bps'; value: number }; size: Quantity },
  ctx: z.RefinementCtx,
): number => t.interval ?? 1 / perSecond(t.rate!, t.size, ctx);

/** `{ model: cbr, interval | rate, size }`: one packet every interval, exactly (voice). */
const cbr = z
  .strictObject({ model: z.literal('cbr'), ...pacing })
  .superRefine((t, ctx) => checkPacing(t, ctx, 'cbr'))
  .transform((t, ctx): TrafficSpec => ({ model: 'cbr', interval: intervalOf(t, ctx), size: t.size }));

/** `{ model: poisson, rate, size }`: exponential gaps at a mean rate. */
const poisson = z
  .strictObject({
    model: z.literal('poisson'),
    rate: anyRate('mean packets per second (100pps), or a mean bit rate (2Mbps) at the mean size'),
    size: packetSize(),
  })
  .transform((t, ctx): TrafficSpec => ({ model: 'poisson', rate: perSecond(t.rate, t.size, ctx), size: t.size }));

/** `{ model: onoff, on, off, interval | rate, size }`: cbr while on, silent while off. */
const onoff = z
  .strictObject({
    model: z.literal('onoff'),
    on: quantityOrDistribution('time', { positive: true }),
    off: quantityOrDistribution('time'),
    ...pacing,
  })
  .superRefine((t, ctx) => checkPacing(t, ctx, 'onoff'))
  .transform((t, ctx): TrafficSpec => ({
    model: 'onoff',
    on: t.on,
    off: t.off,
    interval: intervalOf(t, ctx),
    size: t.size,
  }));

/** `{ model: video, rate, fps?, keyframeInterval?, keyframeRatio?, variability?, mtu? }`. */
const video = z
  .strictObject({
    model: z.literal('video'),
    rate: bitRate({}, 'mean bit rate, e.g. 1.5Mbps'),
    fps: z.number().positive().max(1000).optional().meta({ description: 'frames per second (default 30)' }),
    keyframeInterval: positiveTime('time between key frames (default 2s)').optional(),
    keyframeRatio: z
      .number()
      .min(1)
      .max(1000)
      .optional()
      .meta({ description: 'mean key frame size / mean delta frame size (default 5)' }),
    variability: z
      .number()
      .min(0)
      .max(10)
      .optional()
      .meta({ description: 'coefficient of variation of frame sizes (default 0.2)' }),
    mtu: size({ positive: true, max: tooBig }, 'largest packet (default 1500B)').optional(),
  })
  .transform(({ model: _, ...t }): TrafficSpec => ({ model: 'video', ...t }));

/** `{ model: request-response, request, response, think, mtu?, timeout? }`. */
const requestResponse = z
  .strictObject({
    model: z.literal('request-response'),
    request: quantityOrDistribution('size', { positive: true }),
    response: quantityOrDistribution('size', { positive: true }),
    think: quantityOrDistribution('time'),
    mtu: size({ positive: true, max: tooBig }, 'largest packet (default 1500B)').optional(),
    timeout: positiveTime('how long the client waits for a whole response (default 10s)').optional(),
  })
  .transform(({ model: _, ...t }): TrafficSpec => ({ model: 'request-response', ...t }));

/** `delayedAck: true | false | { count?, timeout? }`: true is every second segment or 200 ms. */
const delayedAck = z
  .union([
    z.boolean(),
    z.strictObject({
      count: z.number().int().min(1).max(64).optional().meta({ description: 'in-order segments per ACK (default 2)' }),
      timeout: positiveTime('longest an ACK waits for the next segment (default 200ms)').optional(),
    }),
  ])
  .meta({
    description:
      'delayed ACKs (RFC 5681): false (default) acknowledges every segment; true is { count: 2, timeout: 200ms }',
  });

/**
 * `{ model: elastic, bytes?, congestionControl?, sack?, hystart?, delayedAck?, mss?, ackSize?,
 * receiveWindow?, initialWindow?, ...Rto?, jitter? }`: TCP as deployed by default (CUBIC, SACK,
 * HyStart++).
 */
const elastic = z
  .strictObject({
    model: z.literal('elastic'),
    bytes: size({ positive: true }, 'bytes to transfer (default: unbounded, until stop)').optional(),
    congestionControl: z.enum(['cubic', 'newreno']).optional().meta({
      description: 'cubic (default: RFC 9438, what Linux, Windows and macOS run) or newreno (RFC 5681, 6582)',
    }),
    sack: z
      .boolean()
      .optional()
      .meta({ description: 'selective acknowledgements with RFC 6675 loss recovery (default true)' }),
    hystart: z.boolean().optional().meta({
      description: 'HyStart++ (RFC 9406) in the first slow start (default: true with cubic, false with newreno)',
    }),
    delayedAck: delayedAck.optional(),
    mss: size({ positive: true, max: tooBig }, 'wire bytes of a full data packet (default 1500B)').optional(),
    ackSize: size({ positive: true, max: tooBig }, 'wire bytes of an ACK (default 40B)').optional(),
    receiveWindow: size({ positive: true }, "the receiver's window (default 4MiB)").optional(),
    initialWindow: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .optional()
      .meta({ description: 'initial congestion window in segments (default 10)' }),
    initialRto: positiveTime('initial retransmission timeout (default 1s)').optional(),
    minRto: positiveTime('smallest retransmission timeout (default 200ms)').optional(),
    maxRto: positiveTime('largest retransmission timeout (default 60s)').optional(),
    jitter: z
      .number()
      .min(0)
      .max(100)
      .optional()
      .meta({ description: 'send-time jitter in mean ACK intervals (default 1)' }),
  })
  .meta({
    description:
      'a TCP-like bulk transfer: CUBIC with SACK and HyStart++ by default, as deployed stacks run (docs/traffic.md)',
  })
  .superRefine((t, ctx) => {
    if (t.receiveWindow !== undefined && t.receiveWindow < (t.mss ?? 1500))
      ctx.addIssue({ code: 'custom', path: ['receiveWindow'], message: 'must be at least one mss' });
    // Against the defaults too: `maxRto: 5ms` alone is below the default minRto (a failed run otherwise).
    const minRto = t.minRto ?? ELASTIC_DEFAULTS.minRto;
    const maxRto = t.maxRto ?? ELASTIC_DEFAULTS.maxRto;
    if (minRto > maxRto)
      ctx.addIssue({
        code: 'custom',
        path: [t.minRto !== undefined ? 'minRto' : 'maxRto'],
        message:
          t.minRto !== undefined && t.maxRto !== undefined
            ? 'must not exceed maxRto'
            : t.minRto !== undefined
              ? `must not exceed maxRto (default ${formatSeconds(maxRto)})`
              : `must be at least minRto (default ${formatSeconds(minRto)})`,
      });
  })
  .transform(({ model: _, delayedAck: d, ...t }): TrafficSpec => {
    if (d === undefined) return { model: 'elastic', ...t };
    const delayed =
      d === false
        ? false
        : {
            count: d === true ? DELAYED_ACK_DEFAULTS.count : (d.count ?? DELAYED_ACK_DEFAULTS.count),
            timeout: d === true ? DELAYED_ACK_DEFAULTS.timeout : (d.timeout ?? DELAYED_ACK_DEFAULTS.timeout),
          };
    return { model: 'elastic', ...t, delayedAck: delayed };
  });

/** The `traffic` schema: the union of every model. */
export function trafficSchema() {
  return z
    .discriminatedUnion('model', [cbr, poisson, onoff, video, requestResponse, elastic])
    .meta({ description: 'a traffic model, chosen by `model` (docs/traffic.md)' });
}

/**
 * Mean packets per second a model generates while active (its reverse direction included), for
 * the resource guard; null when the spec alone does not tell (elastic adapts to the network).
 */
export function packetRate(spec: TrafficSpec): number | null {
  switch (spec.model) {
    case 'cbr':
      return 1 / spec.interval;
    case 'poisson':
      return spec.rate;
    case 'onoff':
      return onOffPacketRate(spec.on, spec.off, spec.interval);
    case 'video':
      return spec.rate / 8 / (spec.mtu ?? 1500) + (spec.fps ?? 30);
    case 'request-response':
      return null;
    case 'elastic':
      return null;
  }
}
