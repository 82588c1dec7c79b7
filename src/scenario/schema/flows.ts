import { z } from 'zod';
import { className } from '../../spec/classes.js';
import { trafficSchema } from './traffic.js';
import { id, time } from '../../spec/unit-schemas.js';

export const flowSchema = () =>
  z
    .strictObject({
      id: id('a flow id'),
      from: id('a node id'),
      to: id('a node id'),
      class: className().optional().meta({ description: 'QoS class (default business)' }),
      traffic: trafficSchema(),
      start: time({}, 'when the source starts (default 0s)').optional(),
      stop: time({}, 'when the source stops (default: the end of the measured window)').optional(),
      via: z.array(id('a node id')).max(64).optional().meta({ description: 'waypoints the flow must pass, in order' }),
      twoWay: z
        .boolean()
        .optional()
        .meta({ description: 'one-way models: the same traffic also runs to -> from, as flow "<id>~back"' }),
    })
    .meta({ description: 'a measured flow of packets from one node to another' });
