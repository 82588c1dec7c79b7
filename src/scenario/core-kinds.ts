import { z } from 'zod';
import { defineKind, type NodeKind } from '../spec/kind.js';
import { id } from '../spec/unit-schemas.js';

/** `router` (the default kind): forwards packets along their routes. */
export const router = defineKind({
  kind: 'router',
  description: 'a router: forwards packets along their routes (the default kind)',
  schema: z
    .strictObject({ id: id('a node id').meta({ description: 'a node id' }), kind: z.literal('router').optional() })
    .meta({ description: 'a router (kind may be omitted)' }),
  expand: (node, ctx) => ctx.addNode({ id: node.id, kind: 'router' }),
});

/** `host`: an end system, where flows start and end. */
export const host = defineKind({
  kind: 'host',
  description: 'an end system: where flows start and end',
  schema: z
    .strictObject({ id: id('a node id').meta({ description: 'a node id' }), kind: z.literal('host') })
    .meta({ description: 'an end system' }),
  expand: (node, ctx) => ctx.addNode({ id: node.id, kind: 'host' }),
});

/** The contract's own kinds (SCENARIO-FORMAT.md, Nodes), first in every registry. */
export const coreKinds: readonly NodeKind[] = Object.freeze([router, host]);
