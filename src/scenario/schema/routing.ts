import { z } from 'zod';
import { MAX_K } from '../../routing/factories.js';
import type { RegistryBase } from '../registry-base.js';
import { show } from '../../spec/units.js';
import { className } from '../../spec/classes.js';
import { ratio, time } from '../../spec/unit-schemas.js';

/** A policy name of the registry the scenario schema is built for. */
export const policyName = (registry: RegistryBase) => {
  const names = registry.policyNames();
  return z
    .string({ error: (iss) => `expected a routing policy name (${names.join(', ')}), got ${show(iss.input)}` })
    .refine((n) => registry.policyProblem(n) === null, {
      error: (iss) => registry.policyProblem(String(iss.input)) ?? '',
    })
    .meta({ description: 'a routing policy', enum: names });
};

export const routingSchema = (registry: RegistryBase) =>
  z
    .strictObject({
      policy: policyName(registry),
      classes: z
        .record(className(), policyName(registry))
        .optional()
        .meta({ description: 'per-class policy overrides' }),
      k: z
        .number()
        .int()
        .min(1)
        .max(MAX_K)
        .optional()
        .meta({ description: `how many paths a policy considers (1-${MAX_K})` }),
      interval: time({ positive: true }, 'seconds between re-evaluations (load-aware)').optional(),
      hysteresis: ratio('load-aware: a path must be better by this fraction to move a flow').optional(),
    })
    .superRefine((r, ctx) => {
      if (r.hysteresis !== undefined && r.hysteresis >= 1)
        ctx.addIssue({ code: 'custom', path: ['hysteresis'], message: 'must be below 1 (100%)' });
    })
    .meta({ description: 'the routing policy, by name, with per-class overrides' });

export const failureSchema = z
  .strictObject({
    at: time({}, 'when the element goes down'),
    link: z.string().optional().meta({ description: 'a link id' }),
    node: z.string().optional().meta({ description: 'a node id' }),
    for: time({ positive: true }, 'how long it stays down (default: the rest of the run)').optional(),
  })
  .superRefine((f, ctx) => {
    if ((f.link === undefined) === (f.node === undefined))
      ctx.addIssue({ code: 'custom', message: 'a failure names exactly one element: link: <id> or node: <id>' });
  })
  .meta({ description: 'a link or node goes down at `at`, and comes back after `for` if given' });
