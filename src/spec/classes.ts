import { z } from 'zod';
import type { ClassDef } from './model.js';
import { LIMITS } from './limits.js';
import { show } from './units.js';
import { ratio, time } from './unit-schemas.js';

/** DSCP names (RFC 2474, 2597, 3246, 5865, 8622) and their code points. */
export const DSCP: Readonly<Record<string, number>> = {
  DF: 0,
  CS0: 0,
  LE: 1,
  CS1: 8,
  AF11: 10,
  AF12: 12,
  AF13: 14,
  CS2: 16,
  AF21: 18,
  AF22: 20,
  AF23: 22,
  CS3: 24,
  AF31: 26,
  AF32: 28,
  AF33: 30,
  CS4: 32,
  AF41: 34,
  AF42: 36,
  AF43: 38,
  CS5: 40,
  VA: 44,
  EF: 46,
  CS6: 48,
  CS7: 56,
};

/**
 * The default classes (SCENARIO-FORMAT.md, Classes). Weights are not in the contract: 4:3:2:1 gives
 * each class under DRR a share in the order of its priority.
 */
export const DEFAULT_CLASSES: readonly ClassDef[] = [
  { name: 'realtime', dscp: 46, priority: 0, weight: 4, routing: 'optimal', sla: {} },
  { name: 'interactive', dscp: 34, priority: 1, weight: 3, routing: 'optimal', sla: {} },
  { name: 'business', dscp: 18, priority: 2, weight: 2, routing: 'any', sla: {} },
  { name: 'bulk', dscp: 8, priority: 3, weight: 1, routing: 'suboptimal', sla: {} },
];

/** A class the file adds, before its own keys: like `business` in band and routing, best-effort marking, weight 1. */
export const NEW_CLASS: Omit<ClassDef, 'name'> = { dscp: 0, priority: 2, weight: 1, routing: 'any', sla: {} };

/** The class a flow without `class` belongs to. */
export const DEFAULT_FLOW_CLASS = 'business';

export const className = () =>
  z.string({ error: (iss) => `expected a class name, got ${show(iss.input)}` }).regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, {
    error: (iss) => `a class name is a letter then letters, digits, "_" or "-" (at most 64), got ${show(iss.input)}`,
  });

const dscp = z
  .union([z.string(), z.number()], {
    error: (iss) => `expected a DSCP name (EF, AF41, CS1, DF, ...) or a number 0-63, got ${show(iss.input)}`,
  })
  .transform((v, ctx) => {
    const code = typeof v === 'string' ? DSCP[v.toUpperCase()] : v;
    if (code === undefined || !Number.isInteger(code) || code < 0 || code > 63) {
      ctx.addIssue({
        code: 'custom',
        message: `expected a DSCP name (${Object.keys(DSCP).join(', ')}) or an integer 0-63, got ${show(v)}`,
      });
      return z.NEVER;
    }
    return code;
  })
  .meta({ description: 'marking: EF, AF41, AF21, AF11, CS1, CS0/DF, ... or 0-63', examples: ['EF', 'AF41', 46] });

export const classSchema = z
  .strictObject({
    dscp: dscp.optional(),
    priority: z
      .number()
      .int()
      .min(0)
      .max(LIMITS.maxPriority)
      .optional()
      .meta({ description: 'strict-priority band, 0 is served first' }),
    weight: z.number().positive().max(1e6).optional().meta({ description: 'share under weighted (DRR) queues' }),
    routing: z
      .enum(['optimal', 'suboptimal', 'any'])
      .optional()
      .meta({ description: 'what the class-aware policy gives this class' }),
    sla: z
      .strictObject({
        latency: time({}, 'one-way latency target at p99').optional(),
        jitter: time({}, 'mean jitter (IPDV) target').optional(),
        loss: ratio('loss ratio target').optional(),
      })
      .optional(),
  })
  .meta({ description: 'a QoS class; a name of a default class overrides it key by key' });

export const classesSchema = z.record(className(), classSchema).meta({
  description:
    'QoS classes added to the defaults (realtime, interactive, business, bulk), or overriding them key by key',
});

/** The defaults with the file's classes merged over them (same name: key by key; new name: appended). */
export function mergeClasses(given: z.output<typeof classesSchema> | undefined): ClassDef[] {
  const out = DEFAULT_CLASSES.map((c) => ({ ...c, sla: { ...c.sla } }));
  for (const [name, c] of Object.entries(given ?? {})) {
    let def = out.find((d) => d.name === name);
    if (!def) out.push((def = { name, ...NEW_CLASS, sla: {} }));
    if (c.dscp !== undefined) def.dscp = c.dscp;
    if (c.priority !== undefined) def.priority = c.priority;
    if (c.weight !== undefined) def.weight = c.weight;
    if (c.routing !== undefined) def.routing = c.routing;
    if (c.sla)
      for (const [k, v] of Object.entries(c.sla)) if (v !== undefined) (def.sla as Record<string, number>)[k] = v;
  }
  return out;
}
