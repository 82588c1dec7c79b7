/**
 * What the catalog's node kinds (catalog-*.ts) share: schemas for places and references, the
 * fields their expanded nodes carry for one another, lookups of declared nodes, and result
 * sections that several nodes contribute to (one `tunnels` section for every gateway).
 */
import { z } from 'zod';
import {
  hasPop,
  hasRegion,
  place,
  placeProblem,
  popNames,
  regionNames,
  type LinkPlan,
  type Place,
  type PlaceSpec,
} from '../index.js';
import type { Network, QueueSpec } from '../../net/index.js';
import type { KeyPath } from '../../spec/problems.js';
import type { LinkDef } from '../../spec/model.js';
import { show } from '../../spec/units.js';
import { bitRate, id, ratio } from '../../spec/unit-schemas.js';
import type { BuildContext, ExpandContext } from '../../spec/kind.js';

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
          `expected a place: an edge POP metro (seattle), an Azure region (eastus) or { lat, lon }, got ${show(iss.input)}`,
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

/** Node id of an edge POP, as buildBackbone and the microsoft-network kind name it. */
export const popNode = (metro: string): string => `pop-${metro}`;

/**
 * Links of a component inside a region or a datacenter: no propagation delay (VNet peering:
 * same-region latency equals that inside a VNet, articles/virtual-network/virtual-network-peering-overview.md),
 * 100 Gbps (ASSUMPTION: the component's own stage is the bottleneck, not its attachment), and a
 * small routing cost so that a path takes no needless detour through a zero-delay hop.
 */
export const LOCAL_LINK = Object.freeze({ rate: 100e9, delay: 0, cost: 0.01 });

export function localLink(
  linkId: string,
  from: string,
  to: string,
  rate: number = LOCAL_LINK.rate,
  delay: number = LOCAL_LINK.delay,
  queue: QueueSpec = DEFAULT_LINK_QUEUE,
): LinkDef {
  return {
    id: linkId,
    from,
    to,
    forward: { rate, delay },
    reverse: { rate, delay },
    loss: 0,
    queue,
    background: null,
    cost: delay * 1000 + LOCAL_LINK.cost,
  };
}

const DEFAULT_LINK_QUEUE: QueueSpec = { discipline: 'fifo', limit: { packets: 1000 } };

/**
 * A server's own link (NIC): unlimited queue. The request-response and video models hand a whole
 * message or frame to the network at once, with no transport to pace it; a real host's stack holds
 * what its NIC cannot send yet instead of dropping it (a 2 MB web response is 1,333 packets).
 */
export const SERVER_QUEUE: QueueSpec = { discipline: 'fifo', limit: {} };

/** What a home user's host carries in its node spec, for the gateways and limiters on its paths. */
export interface UserSpec {
  population: string;
  /** Its point-to-site VPN client: the gateway node and protocol; null without VPN. */
  tunnel: { gateway: string; protocol: string } | null;
  apps: UserApp[];
}

export interface UserApp {
  /** The assignment's label (the app's name unless renamed). */
  label: string;
  app: string;
  /** How a session-limited component counts it. */
  session: 'rdp' | 'ssh' | 'other';
  /** Whether its flows go through the user's VPN tunnel. */
  tunnel: boolean;
  /** Waypoints of its flows (gateway first when tunnelled), user side first. */
  via: string[];
  /** Declared flows: `fromClient` says the declared direction leaves the user (its `~back` flow, if any, comes back). */
  flows: { id: string; fromClient: boolean }[];
}

export function userSpec(spec: Record<string, unknown>): UserSpec | null {
  return typeof spec.population === 'string' && Array.isArray(spec.apps) ? (spec as unknown as UserSpec) : null;
}

/** Declared nodes of one kind. */
export function declaredOfKind(ctx: ExpandContext, kind: string): Readonly<Record<string, unknown>>[] {
  return [...ctx.declared.values()].filter((n) => n.kind === kind);
}

/**
 * Adds the zero-delay link from a component to its region's (or edge POP's) node, which only a
 * `microsoft-network` node creates; without one, says so at `at` instead of leaving a link to an
 * unknown node for the reference check to report under a key the author never wrote.
 */
export function linkIntoMicrosoft(ctx: ExpandContext, id: string, from: string, to: string, at: KeyPath): void {
  if (declaredOfKind(ctx, 'microsoft-network').length > 0) {
    ctx.addLink(localLink(id, from, to));
    return;
  }
  ctx.problem(
    `${JSON.stringify(to)} is part of Microsoft's network: declare a node of kind microsoft-network (it creates the regions and edge POPs)`,
    at,
  );
}

/**
 * Where a node is, for planning a link to it: a declared `location`, the region of a node declared
 * `region: <name>`, a region's or POP's own node (`eastus`, `pop-seattle`). Null when unknown.
 */
export function placeOfNode(ctx: ExpandContext, nodeId: string): Place | null {
  const d = ctx.declared.get(nodeId);
  if (d) {
    if (d.location !== undefined) return place(d.location as PlaceSpec);
    if (Array.isArray(d.locations) && d.locations.length > 0) return place((d.locations[0] as { at: PlaceSpec }).at);
    if (typeof d.region === 'string' && hasRegion(d.region)) return place(d.region);
    return null;
  }
  if (hasRegion(nodeId)) return place(nodeId);
  if (nodeId.startsWith('pop-') && hasPop(nodeId.slice(4))) return place(nodeId.slice(4));
  return null;
}

/** {@link placeOfNode}, reporting a problem at `at` when the node has no known place. */
export function requirePlace(ctx: ExpandContext, nodeId: string, at: KeyPath): Place | null {
  const p = placeOfNode(ctx, nodeId);
  if (!p) {
    ctx.problem(
      `node ${JSON.stringify(nodeId)} has no location: declare it with a kind that has one (site, population, a component with region), or name a region or pop-<metro> node`,
      at,
    );
  }
  return p;
}

/**
 * Result sections several nodes contribute to (`tunnels`, `sessions`, `apps`): registered once per
 * network, filled with one entry per contributing node, computed when the run ends.
 */
const shared = new WeakMap<Network, Map<string, Map<string, () => unknown>>>();

export function contribute(ctx: BuildContext, section: string, key: string, compute: () => unknown): void {
  let sections = shared.get(ctx.net);
  if (!sections) shared.set(ctx.net, (sections = new Map()));
  let entries = sections.get(section);
  if (!entries) {
    const e = (entries = new Map());
    sections.set(section, e);
    ctx.addResult(section, () => Object.fromEntries([...e].map(([k, f]) => [k, f()])));
  }
  entries.set(key, compute);
}

/** A catalog link plan (base units) as a scenario link; its cross traffic keeps the plan's exponential sizes. */
export function linkFromPlan(plan: LinkPlan, cost: number | null = null): LinkDef {
  return {
    id: plan.id,
    from: plan.from,
    to: plan.to,
    forward: { rate: plan.forward.rate, delay: plan.forward.delay },
    reverse: { rate: plan.reverse.rate, delay: plan.reverse.delay },
    loss: plan.loss,
    queue: plan.queue ?? { discipline: 'fifo', limit: { packets: 1000 } },
    background: plan.background
      ? {
          load: plan.background.load,
          size: { dist: 'exponential', mean: plan.background.meanSize },
          class: plan.background.class,
        }
      : null,
    cost,
  };
}

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

/** Scenario internet options as the catalog's transit options. */
export function internetOptions(o: InternetOptions | undefined): {
  peak?: boolean;
  rate?: number;
  load?: number;
  loss?: number;
} {
  const out: { peak?: boolean; rate?: number; load?: number; loss?: number } = {};
  if (o?.peak !== undefined) out.peak = o.peak;
  if (o?.rate !== undefined) out.rate = o.rate;
  if (o?.load !== undefined) out.load = o.load;
  if (o?.loss !== undefined) out.loss = o.loss;
  return out;
}
