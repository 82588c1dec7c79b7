/**
 * Schemas that several catalog kinds share: references to nodes, places, regions and edge POPs,
 * the nodes a component is attached to, and the options of a public-internet path.
 */
import { z } from 'zod';
import { id, bitRate, ratio } from '../../spec/unit-schemas.js';
import { show } from '../../spec/units.js';
import { hasPop, popNames } from '../pops.js';
import { placeProblem, type PlaceSpec } from '../places.js';
import { hasRegion, regionNames } from '../regions.js';
import type { TransitOptions } from '../internet.js';

export const nodeRef = (what = 'a node id') => id(what).meta({ description: what });

/** An edge POP metro, an Azure region, or `{ lat, lon, name? }`. */
export const placeSchema = () =>
  z
    .union(
      [
        z.string(),
        z.strictObject({
          lat: z.number().meta({ description: 'latitude, degrees (-90 to 90)' }),
          lon: z.number().meta({ description: 'longitude, degrees (-180 to 180)' }),
          name: z
            .string()
            .regex(/^[A-Za-z0-9_.-]{1,64}$/)
            .optional()
            .meta({ description: "a name for the place, used in generated ids (a population's <id>@<name>)" }),
        }),
      ],
      {
        error: (iss) =>
          'expected a place: an edge POP metro (seattle), an Azure region (eastus) or { lat, lon }, ' +
          `got ${show(iss.input)}`,
      },
    )
    .superRefine((p, ctx) => {
      const problem = placeProblem(p as PlaceSpec);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({
      description: 'a place: an edge POP metro (e.g. seattle), an Azure region (e.g. eastus), or { lat, lon, name? }',
      examples: ['seattle', 'eastus'],
    });

export const regionSchema = () =>
  z
    .string({ error: (iss) => `expected an Azure region name, got ${show(iss.input)}` })
    .refine(hasRegion, {
      error: (iss) => `unknown Azure region ${show(iss.input)} (known: ${regionNames().join(', ')})`,
    })
    .meta({
      description: 'an Azure region of the catalog (its node is created by a microsoft-network node)',
      examples: ['eastus'],
    });

export const popSchema = () =>
  z
    .string({ error: (iss) => `expected an edge POP metro, got ${show(iss.input)}` })
    .refine(hasPop, { error: (iss) => `unknown edge POP ${show(iss.input)} (known: ${popNames().join(', ')})` })
    .meta({ description: 'an edge POP metro of the catalog (its node is pop-<metro>)', examples: ['seattle'] });

/** Nodes a component is linked to with local links (0 s, 100 Gbps). */
export const attachSchema = (where = 'the LAN or VNet it sits in') =>
  z
    .array(nodeRef())
    .max(64)
    .optional()
    .meta({ description: `nodes it is linked to (0 s, 100 Gbps: ${where})` });

/** A point-to-site VPN protocol. */
export const protocolSchema = z
  .enum(['sstp', 'ikev2', 'openvpn'])
  .meta({ description: 'a point-to-site VPN protocol' });

/** Options of a public-internet path, as scenario keys (catalog/internet.ts has the defaults and their reasons). */
export const internetOptionsSchema = () =>
  z
    .strictObject({
      peak: z.boolean().optional().meta({
        description: 'busy hour: cross traffic 50% and loss 0.1% (off-peak: 20%, 0) unless given (default true)',
      }),
      rate: bitRate({}, 'the share of the congested interconnect the traffic competes for (default 1Gbps)').optional(),
      load: ratio('cross-traffic load on it').optional(),
      loss: ratio('random loss per packet').optional(),
    })
    .meta({
      description:
        'a public-internet path: distance from the places at each end, cross traffic and loss at the busy hour',
    });

export type InternetOptions = z.output<ReturnType<typeof internetOptionsSchema>>;

/** Scenario internet options as the catalog's transit options (absent keys left to the catalog's defaults). */
export function internetOptions(o: InternetOptions | undefined): TransitOptions {
  const out: TransitOptions = {};
  if (o?.peak !== undefined) out.peak = o.peak;
  if (o?.rate !== undefined) out.rate = o.rate;
  if (o?.load !== undefined) out.load = o.load;
  if (o?.loss !== undefined) out.loss = o.loss;
  return out;
}
