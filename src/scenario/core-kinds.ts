import { z } from 'zod';
import { id } from '../spec/unit-schemas.js';
import { registerNodeKind } from '../spec/kind.js';

/** `router` (the default kind): forwards packets along their routes. */
registerNodeKind({
  kind: 'router',
  description: 'a router: forwards packets along their routes (the default kind)',
  schema: z
    .strictObject({ id: id('a node id').meta({ description: 'a node id' }), kind: z.literal('router').optional() })
    .meta({ description: 'a router (kind may be omitted)' }),
  expand: (node, ctx) => ctx.addNode({ id: node.id, kind: 'router', spec: {} }),
});

/** `host`: an end system, where flows start and end. */
registerNodeKind({
  kind: 'host',
  description: 'an end system: where flows start and end',
  schema: z
    .strictObject({ id: id('a node id').meta({ description: 'a node id' }), kind: z.literal('host') })
    .meta({ description: 'an end system' }),
  expand: (node, ctx) => ctx.addNode({ id: node.id, kind: 'host', spec: {} }),
});
