import { z } from 'zod';
import type { RegistryBase } from '../registry-base.js';
import { LIMITS } from '../../spec/limits.js';
import { show } from '../../spec/units.js';
import { classesSchema } from '../../spec/classes.js';
import { flowSchema } from './flows.js';
import { linkSchema } from './links.js';
import { failureSchema, routingSchema } from './routing.js';
import { recordSchema } from './record.js';
import { sweepSchema } from './sweep.js';
import { time } from '../../spec/unit-schemas.js';

/** Variant names end up in result files and in `--variants a,b`: no commas, no spaces. */
export const VARIANT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

function build(registry: RegistryBase) {
  const kinds = registry.kinds();
  const node = z
    .discriminatedUnion(
      'kind',
      kinds.map((k) => k.schema) as unknown as [z.core.$ZodTypeDiscriminable, ...z.core.$ZodTypeDiscriminable[]],
    )
    .meta({ description: `a node; kind is one of ${kinds.map((k) => k.kind).join(', ')} (default router)` });
  const list = <T extends z.ZodType>(item: T, max: number, what: string) =>
    z
      .array(item, { error: (iss) => `expected a list of ${what}, got ${show(iss.input)}` })
      .max(max, { error: `more than ${max} ${what}: the limit guards against runaway files` });
  return z
    .strictObject({
      $schema: z.string().optional().meta({ description: 'JSON Schema reference for editors (ignored)' }),
      name: z
        .string({ error: (iss) => `expected the scenario's name (a string), got ${show(iss.input)}` })
        .min(1)
        .max(200)
        .meta({ description: 'shown in every result' }),
      description: z.string().max(100_000).optional(),
      seed: z
        .number()
        .int()
        .min(0)
        .max(Number.MAX_SAFE_INTEGER)
        .optional()
        .meta({ description: 'master seed (default 1)' }),
      warmup: time({}, 'packets sent before this are not counted (default 0s)').optional(),
      duration: time({ positive: true }, 'measured time after warmup; generators then stop'),
      drain: time({}, 'time after the end during which packets already sent may still arrive (default 10s)').optional(),
      classes: classesSchema.optional(),
      nodes: list(node, LIMITS.nodes, 'nodes'),
      links: list(linkSchema, LIMITS.links, 'links'),
      flows: list(flowSchema(), LIMITS.flows, 'flows'),
      routing: routingSchema(registry).optional(),
      failures: list(failureSchema, 10_000, 'failures').optional(),
      variants: z.record(z.string(), z.record(z.string(), z.unknown())).optional().meta({
        description: 'name -> partial scenario merged over the base (maps key by key, lists of objects by id)',
      }),
      record: recordSchema.optional(),
      sweep: sweepSchema.optional().meta({
        description:
          'name -> { at: key path, values: [...] }: swept keys for capacity studies (`netsim compare` runs every ' +
          'point; docs/capacity.md)',
      }),
    })
    .meta({ title: 'netsim scenario', description: 'A netsim scenario (SCENARIO-FORMAT.md)' });
}

/**
 * A cache, not state: the schema is a pure function of the (immutable) registry, and building it
 * costs milliseconds, which a comparison would otherwise pay for every replication.
 */
const schemas = new WeakMap<RegistryBase, ReturnType<typeof build>>();

/** The scenario schema for the node kinds and routing policies of `registry`. */
export function scenarioSchema(registry: RegistryBase): ReturnType<typeof build> {
  let schema = schemas.get(registry);
  if (!schema) schemas.set(registry, (schema = build(registry)));
  return schema;
}

/** The JSON Schema of the format (`netsim schema`), generated from the validator's own schema. */
export function jsonSchema(registry: RegistryBase): Record<string, unknown> {
  const options = { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' } as const;
  return z.toJSONSchema(scenarioSchema(registry), options) as Record<string, unknown>;
}
