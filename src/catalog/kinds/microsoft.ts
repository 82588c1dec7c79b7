/**
 * `microsoft-network`: Azure regions, edge POPs, the backbone calibrated to the published region
 * RTTs, and how users' ISPs reach it (cold or hot potato); and how components join it (a link into
 * their region or edge POP). Figures and sources: src/catalog (backbone.ts, pops.ts, regions.ts).
 */
import { z } from 'zod';
import type { ExpandContext } from '../../spec/kind.js';
import type { KeyPath } from '../../spec/key-path.js';
import { bitRate } from '../../spec/unit-schemas.js';
import { DEFAULT_QUEUE } from '../../net/queue/spec.js';
import { planBackbone, popOfPlace } from '../backbone.js';
import { metroRttMs } from '../distance-model.js';
import { internetTransitPlan } from '../internet.js';
import { place } from '../places.js';
import { nearestPop, type EdgePop } from '../pops.js';
import { Gbps } from '../units.js';
import { backboneLinkId, localLinkId, popNode } from './ids.js';
import { catalogKind, edgePopOf, isKind, whereOf } from './kind.js';
import { linkFromPlan, localLink } from './links.js';
import { population, populationPlaces, type PopulationSpec } from './population.js';
import { site } from './places.js';
import { internetOptions, internetOptionsSchema, nodeRef, popSchema, regionSchema } from './schemas.js';

/** ASSUMPTION: an ISP's private interconnect with Microsoft at an edge POP: 10 Gbps, uncongested. */
const PEERING_RATE = 10 * Gbps;
/** ASSUMPTION: the backbone is not the bottleneck. */
const BACKBONE_RATE = 100 * Gbps;

/** How populations' traffic enters Microsoft's network. */
const INGRESSES = ['cold-potato', 'hot-potato'] as const;
export type Ingress = (typeof INGRESSES)[number];

/**
 * The keys only one ingress uses, what it does with them, and what they still do under the other:
 * the one table the schema's descriptions, the warning at a key the other ingress leaves unused,
 * and docs/kinds.md (checked by test/docs-kinds.test.ts) follow. Every other key applies under both.
 */
export const INGRESS_KEYS: Readonly<Record<'peeringRate' | 'hosting' | 'internet', IngressKey>> = {
  peeringRate: {
    ingress: 'cold-potato',
    use: "rate of each ISP's private interconnect at its POP (default 10Gbps); scale it with the users",
  },
  hosting: {
    ingress: 'hot-potato',
    use: 'the regions users reach over the internet (default: every region included)',
    otherwise: 'its regions are still included, as `regions` would include them',
  },
  internet: { ingress: 'hot-potato', use: "the internet paths' options (as internet-transit)" },
};

interface IngressKey {
  ingress: Ingress;
  use: string;
  /** What the key still does under the other ingress (nothing when absent). */
  otherwise?: string;
}

/** How each ingress brings users in, for the warning at a key it leaves unused. */
const ENTRY: Readonly<Record<Ingress, string>> = {
  'cold-potato': "users enter at the edge POP nearest them over their ISP's private interconnect",
  'hot-potato': 'users reach the hosting regions over the internet',
};

const ingressOnly = (key: keyof typeof INGRESS_KEYS): string =>
  `${INGRESS_KEYS[key].ingress}: ${INGRESS_KEYS[key].use}`;

export const microsoftNetwork = catalogKind({
  kind: 'microsoft-network',
  // The region nodes; its edge POPs' nodes are named pop-<metro>, not as `pops` writes them.
  createsNodes: ['regions', 'hosting'],
  description:
    'Azure regions, edge POPs and the calibrated backbone; cold- or hot-potato ingress for populations; ' +
    'region failure takes down what is in it',
  schema: z
    .strictObject({
      id: nodeRef(),
      kind: z.literal('microsoft-network'),
      regions: z
        .array(regionSchema())
        .max(100)
        .optional()
        .meta({ description: 'regions to include (regions that other nodes name are added)' }),
      pops: z
        .array(popSchema())
        .max(200)
        .optional()
        .meta({
          description:
            'edge POPs to include (the POPs nearest to populations and sites, and ExpressRoute peering locations, ' +
            'are added)',
        }),
      popLinks: z
        .number()
        .int()
        .min(1)
        .max(5)
        .optional()
        .meta({ description: 'how many of its nearest regions each POP links to (default 1)' }),
      ingress: z
        .enum(INGRESSES)
        .optional()
        .meta({
          description:
            "how populations' traffic enters: at the POP nearest the user (cold-potato, default) or over the " +
            'internet into the hosting regions (hot-potato)',
        }),
      hosting: z
        .array(regionSchema())
        .max(100)
        .optional()
        .meta({ description: ingressOnly('hosting') }),
      populations: z
        .array(nodeRef('a population id'))
        .optional()
        .meta({ description: 'populations that reach the network (default: every population)' }),
      internet: internetOptionsSchema()
        .optional()
        .meta({ description: ingressOnly('internet') }),
      rate: bitRate({}, 'rate of each backbone link (default 100Gbps)').optional(),
      peeringRate: bitRate({}, ingressOnly('peeringRate')).optional(),
    })
    .meta({
      description:
        "Microsoft's network: regions, edge POPs and the backbone calibrated to the published region RTTs; " +
        'how users enter it',
    }),
  expand(m, ctx) {
    const ingress: Ingress = m.ingress ?? 'cold-potato';
    warnUnusedIngressKeys(m, ctx);
    // Regions: those listed and those other nodes are in.
    const regions = new Set(m.regions ?? []);
    for (const d of ctx.declared) {
      const w = whereOf(d);
      if (w !== null && 'region' in w) regions.add(w.region);
    }
    for (const r of m.hosting ?? []) regions.add(r);
    if (regions.size === 0) {
      ctx.problem('no region: list regions, or declare components with region');
      return;
    }
    const isps = reachingPopulations(m, ctx).flatMap(populationPlaces);
    // POPs: those listed, ExpressRoute peering locations, and the nearest to each place users and sites are.
    const pops = new Set(m.pops ?? []);
    for (const d of ctx.declared) {
      const pop = edgePopOf(d);
      if (pop !== undefined) pops.add(pop);
    }
    for (const s of ctx.declared.of(site)) pops.add(nearestPop(place(s.location)).name);
    const entry = new Map<string, EdgePop>();
    if (ingress === 'cold-potato') {
      for (const x of isps) {
        const pop = nearestPop(x.place);
        entry.set(x.isp, pop);
        pops.add(pop.name);
      }
    }
    const plan = planBackbone({ regions: [...regions], pops: [...pops], popLinks: m.popLinks });
    const detached =
      "Microsoft's network is its regions and edge POPs: use a region's node (e.g. eastus) or an edge POP's " +
      '(pop-<metro>)';
    ctx.addNode({ id: m.id, kind: 'microsoft-network', detached });
    for (const r of plan.regions) ctx.addNode({ id: r.name, kind: 'region' });
    for (const { pop } of plan.pops) ctx.addNode({ id: popNode(pop.name), kind: 'edge-pop' });
    const rate = m.rate ?? BACKBONE_RATE;
    const peeringRate = m.peeringRate ?? PEERING_RATE;
    for (const l of plan.links) {
      const delay = l.rttMs / 2 / 1000;
      const pop = l.source === 'pop' ? popOfPlace(l.a) : null;
      ctx.addLink({
        id: backboneLinkId(l),
        from: pop !== null ? popNode(pop) : l.a,
        to: l.b,
        forward: { rate, delay },
        reverse: { rate, delay },
        loss: 0,
        queue: DEFAULT_QUEUE,
        background: null,
        cost: null,
      });
    }
    // Ingress of each population place: a private interconnect at the nearest POP (cold potato), or
    // the public internet to each hosting region (hot potato).
    for (const x of isps) {
      const pop = entry.get(x.isp);
      if (pop) {
        const delay = metroRttMs(x.place, pop) / 1000 / 2;
        const peering = localLink(`peering:${x.isp}-${pop.name}`, x.isp, popNode(pop.name), peeringRate, delay);
        ctx.addLink({ ...peering, cost: null });
      } else {
        for (const r of m.hosting ?? [...regions]) {
          const options = internetOptions(m.internet);
          ctx.addLink(
            linkFromPlan(internetTransitPlan(`internet:${x.isp}-${r}`, x.isp, r, x.place, place(r), options)),
          );
        }
      }
    }
  },
});

/**
 * A warning at each key only the other ingress uses (INGRESS_KEYS): valid, but it changes nothing
 * (or less than its name says), which an author who set it to change something should be told.
 */
function warnUnusedIngressKeys(
  m: { ingress?: Ingress } & Partial<Record<keyof typeof INGRESS_KEYS, unknown>>,
  ctx: ExpandContext,
): void {
  const ingress = m.ingress ?? 'cold-potato';
  for (const key of Object.keys(INGRESS_KEYS) as (keyof typeof INGRESS_KEYS)[]) {
    const only = INGRESS_KEYS[key];
    if (only.ingress === ingress || m[key] === undefined) continue;
    const under = `ingress ${ingress}${m.ingress === undefined ? ' (the default)' : ''}`;
    const effect = only.otherwise === undefined ? 'has no effect' : 'has no effect on how users enter';
    const still = only.otherwise === undefined ? '' : `; ${only.otherwise}`;
    ctx.warn(`${effect} under ${under}: ${ENTRY[ingress]}; ${key} is for ingress ${only.ingress}${still}`, [key]);
  }
}

/** The populations that reach the network: those listed (each checked), or every one declared. */
function reachingPopulations(m: { populations?: string[] }, ctx: ExpandContext): PopulationSpec[] {
  if (m.populations === undefined) return ctx.declared.of(population);
  const out: PopulationSpec[] = [];
  m.populations.forEach((id, i) => {
    const p = ctx.declared.find(id, population);
    if (p) out.push(p);
    else if (!ctx.declared.unread(id, isKind(population)))
      ctx.problem(`${JSON.stringify(id)} is not a population`, ['populations', i]);
  });
  return out;
}

/**
 * Whether the scenario declares Microsoft's network (which creates the region and edge POP nodes):
 * one its kind refused for an option counts, read without it (assemble/refused.ts).
 */
function hasMicrosoftNetwork(ctx: ExpandContext): boolean {
  return ctx.declared.of(microsoftNetwork).length > 0;
}

/**
 * What a node placed in `region` carries: `within` the region's node, so that the region's failure
 * takes it down (and its repair brings it back). Nothing without Microsoft's network (its absence
 * is reported by {@link linkIntoMicrosoft}).
 */
export function inRegion(ctx: ExpandContext, region: string): { within?: string } {
  return hasMicrosoftNetwork(ctx) ? { within: region } : {};
}

/**
 * Adds the zero-delay link from a component to its region's (or edge POP's) node, which only a
 * `microsoft-network` node creates; without one, says so at `at` instead of leaving a link to an
 * unknown node for the reference check to report under a key the author never wrote. With one its
 * kind could not read, neither: the nodes it would create are not known.
 */
export function linkIntoMicrosoft(ctx: ExpandContext, from: string, to: string, at: KeyPath): void {
  if (hasMicrosoftNetwork(ctx)) {
    ctx.addLink(localLink(localLinkId(from, to), from, to));
    return;
  }
  if (ctx.declared.unreadOf(microsoftNetwork)) return; // it is refused, and reported where it is
  ctx.problem(
    `${JSON.stringify(to)} is part of Microsoft's network: declare a node of kind microsoft-network ` +
      '(it creates the regions and edge POPs)',
    at,
  );
}
