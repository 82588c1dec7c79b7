import { z } from 'zod';
import { DEFAULT_QUEUE, type QueueSpec } from '../../net/queue/spec.js';
import { LIMITS } from '../../spec/limits.js';
import { show } from '../../spec/units.js';
import { className } from '../../spec/classes.js';
import { bitRate, directional, id, quantityOrDistribution, ratio, size, time } from '../../spec/unit-schemas.js';

/** Background traffic: full-size packets, and the class of unclassified traffic (docs/scenario-format.md). */
export const BACKGROUND_DEFAULTS = { size: 1500, class: 'business' } as const;

const limitMessage = (iss: { input?: unknown }) =>
  `expected a packet count (an integer), a size like "64KB", or "unlimited", got ${show(iss.input)}`;

/** `limit`: packets (integer), bytes (a size), or `unlimited`. */
const limit = z
  .union([z.number({ error: limitMessage }), z.string({ error: limitMessage })], { error: limitMessage })
  .transform((v, ctx): QueueSpec['limit'] => {
    if (typeof v === 'number') {
      if (!Number.isInteger(v) || v < 1 || v > LIMITS.queuePackets) {
        ctx.addIssue({
          code: 'custom',
          message: `expected a whole number of packets from 1 to ${LIMITS.queuePackets}, got ${v}`,
        });
        return z.NEVER;
      }
      return { packets: v };
    }
    if (v === 'unlimited') return {};
    const bytes = size({ positive: true }).safeParse(v);
    if (!bytes.success) {
      ctx.addIssue({ code: 'custom', message: limitMessage({ input: v }) });
      return z.NEVER;
    }
    return { bytes: bytes.data };
  })
  .meta({
    description: 'queue capacity: packets (integer), bytes (size), or "unlimited"',
    examples: [1000, '64KB', 'unlimited'],
  });

export const queueSchema = z
  .strictObject({
    discipline: z.enum(['fifo', 'priority', 'drr', 'codel']).optional().meta({
      description:
        'fifo (drop-tail), priority (strict, by class priority), drr (by class weight), codel (RFC 8289 AQM)',
    }),
    limit: limit.optional(),
    quantum: size(
      { positive: true },
      'drr: bytes of credit per turn for the lightest class (default 1500B)',
    ).optional(),
    target: time({ positive: true }, 'codel: target queueing delay (default 5ms)').optional(),
    interval: time({ positive: true }, 'codel: interval (default 100ms)').optional(),
  })
  .superRefine((q, ctx) => {
    if (q.quantum !== undefined && q.discipline !== 'drr')
      ctx.addIssue({ code: 'custom', path: ['quantum'], message: 'quantum applies to the drr discipline only' });
    for (const key of ['target', 'interval'] as const) {
      if (q[key] !== undefined && q.discipline !== 'codel')
        ctx.addIssue({ code: 'custom', path: [key], message: `${key} applies to the codel discipline only` });
    }
  })
  .transform((q): QueueSpec => {
    const spec: QueueSpec = {
      discipline: q.discipline ?? DEFAULT_QUEUE.discipline,
      limit: q.limit ?? DEFAULT_QUEUE.limit,
    };
    if (q.quantum !== undefined) spec.quantum = q.quantum;
    if (q.target !== undefined) spec.target = q.target;
    if (q.interval !== undefined) spec.interval = q.interval;
    return spec;
  });

export const backgroundSchema = z
  .strictObject({
    load: ratio("fraction of each direction's rate"),
    size: quantityOrDistribution('size', { positive: true })
      .optional()
      .meta({ description: 'packet size (default 1500B)' }),
    class: className().optional().meta({ description: 'class the cross traffic is marked with (default business)' }),
  })
  .meta({
    description: 'unmeasured Poisson cross traffic at `load` of the rate, in both directions, sharing the queues',
  });

export const linkSchema = z
  .strictObject({
    id: id('a link id').optional().meta({ description: 'unique across links; default "<from>-<to>"' }),
    from: id('a node id'),
    to: id('a node id'),
    rate: directional(bitRate(), 'a bit rate like "100Mbps"').meta({
      description: 'serialization rate, or { forward, reverse }',
    }),
    delay: directional(time(), 'a time like "5ms"')
      .optional()
      .meta({ description: 'propagation delay (default 0s), or { forward, reverse }' }),
    loss: ratio('independent random loss per packet on the wire (default 0)').optional(),
    queue: queueSchema.optional(),
    background: backgroundSchema.optional(),
    cost: z
      .number()
      .min(0)
      .max(1e12)
      .optional()
      .meta({ description: 'routing metric of both directions (default: propagation delay in ms)' }),
  })
  .meta({ description: 'a full-duplex link: two directed channels, each with its own queue' });
