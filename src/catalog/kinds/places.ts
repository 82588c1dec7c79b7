/**
 * Places and the public internet between them: `site` (a datacenter, office or another cloud's
 * network at a place) and `internet-transit` (the public internet from a network to a far one).
 * Microsoft's network is microsoft.ts. Figures and sources: src/catalog (internet.ts, pops.ts).
 */
import { z } from 'zod';
import { RandomStreams } from '../../engine/random.js';
import { NodeType, type ExpandContext } from '../../spec/kind.js';
import { bitRate } from '../../spec/unit-schemas.js';
import { appProfile } from '../apps.js';
import { internetTransitPlan } from '../internet.js';
import type { Place } from '../places.js';
import { POPULATION } from '../population.js';
import { Gbps } from '../units.js';
import { appFlows, checkAppClasses, siteAppSchema, type AppReport, type SiteAppInput } from './apps.js';
import { localLinkId } from './ids.js';
import { catalogKind, requirePlace } from './kind.js';
import { linkFromPlan, localLink, SERVER_QUEUE } from './links.js';
import { population, populationPlaces } from './population.js';
import { internetOptions, internetOptionsSchema, nodeRef, placeSchema } from './schemas.js';

// ---- site ------------------------------------------------------------------------------------

/** ASSUMPTION: a datacenter LAN hop: 10 Gbps, 50 µs (one switch and a few metres of fibre). */
const LAN = Object.freeze({ rate: 10 * Gbps, delay: 50e-6 });

/** A site's router node: what its apps report (build/places.ts). */
export const siteNode = new NodeType<{ reports: AppReport[] }>('site');

export const site = catalogKind({
  kind: 'site',
  createsNodes: ['servers'],
  description: 'a datacenter, office or other network at a place: its router, servers and apps',
  schema: z
    .strictObject({
      id: nodeRef(),
      kind: z.literal('site'),
      location: placeSchema(),
      servers: z
        .array(nodeRef('a server host id'))
        .max(1000)
        .optional()
        .meta({ description: "hosts on the site's LAN (each linked to the site router)" }),
      lan: bitRate({}, 'rate of each server link (default 10Gbps)').optional(),
      apps: z
        .array(siteAppSchema())
        .max(50)
        .optional()
        .meta({ description: 'catalog apps the site runs (from its router or one of its servers)' }),
    })
    .meta({
      description: 'a site at a place (datacenter, office, another cloud): a router, its servers, the apps it runs',
    }),
  where: (s) => ({ place: s.location }),
  expand(s, ctx) {
    const servers = s.servers ?? [];
    const reports: AppReport[] = [];
    ctx.addNode(siteNode.node(s.id, { reports }));
    for (const server of servers) {
      ctx.addNode({ id: server, kind: 'host' });
      ctx.addLink(localLink(localLinkId(s.id, server), server, s.id, s.lan ?? LAN.rate, LAN.delay, SERVER_QUEUE));
    }
    (s.apps ?? []).forEach((a, k) => {
      const report = siteApp(s.id, servers, a, k, reports, ctx);
      reports.push(report);
    });
  },
});

/** One app the site runs: its instances' flows, from the router or one of its servers. */
function siteApp(
  siteId: string,
  servers: readonly string[],
  a: SiteAppInput,
  k: number,
  reports: readonly AppReport[],
  ctx: ExpandContext,
): AppReport {
  const app = appProfile(a.app);
  checkAppClasses(ctx, app, a.classes, ['apps', k]);
  const from = a.from ?? siteId;
  if (from !== siteId && !servers.includes(from)) {
    const known = servers.join(', ') || 'none';
    ctx.problem(
      `${JSON.stringify(from)} is not a server of this site (servers: ${known})`,
      ['apps', k, 'from'],
      ['servers'],
    );
  }
  const label = a.name ?? a.app;
  if (reports.some((r) => r.label === label))
    ctx.problem(`app label ${JSON.stringify(label)} is used twice: give one assignment a name`, ['apps', k, 'name']);
  const instances = a.instances ?? 1;
  const report: AppReport = { label, app: app.name, count: instances, flows: {}, classes: a.classes ?? {} };
  // Copies start at seeded offsets within the first second, as a population's users do, so
  // that their constant-rate streams and key frames are not in lockstep.
  const offsets = new RandomStreams(ctx.seed).stream(`site:${siteId}:${label}:start`);
  for (let n = 1; n <= instances; n++) {
    const base = instances > 1 ? `${from}.${label}-${n}` : `${from}.${label}`;
    const start = (a.start ?? 0) + (instances > 1 ? POPULATION.startSpread * offsets() : 0);
    const made = appFlows(app, base, from, a.to, a.via ?? [], a.classes ?? {}, start, a.stop ?? null);
    for (const def of made.defs) ctx.addFlow(def);
    for (const f of made.flows) (report.flows[f.component] ??= []).push(f.id);
  }
  return report;
}

// ---- internet transit ------------------------------------------------------------------------

export const internetTransit = catalogKind({
  kind: 'internet-transit',
  description:
    "the public internet between two places: distance (1.3x the backbone's), cross traffic and loss at the busy hour",
  schema: z
    .strictObject({
      id: nodeRef(),
      kind: z.literal('internet-transit'),
      from: nodeRef('a node with a place (a population, a site, a component in a region)'),
      to: nodeRef('a node with a place'),
      ...internetOptionsSchema().shape,
    })
    .meta({
      description:
        'the public internet from a network (an ISP, a population) to a far one: ' +
        'distance, cross traffic and loss at the busy hour',
    }),
  expand(t, ctx) {
    const far = requirePlace(ctx, t.to, ['to']);
    const users = ctx.declared.find(t.from, population);
    const near: { node: string; place: Place | null }[] = users
      ? populationPlaces(users).map((x) => ({ node: x.isp, place: x.place }))
      : [{ node: t.from, place: requirePlace(ctx, t.from, ['from']) }];
    // Node <id> is the transit provider's edge at the far end: each near network reaches it over
    // the distance; the interconnect from it into the far network carries the cross traffic and loss.
    ctx.addNode({ id: t.id, kind: 'internet-transit' });
    if (!far) return;
    const plan = internetTransitPlan(`${t.id}:interconnect`, t.id, t.to, far, far, internetOptions(t));
    ctx.addLink(
      linkFromPlan({ ...plan, forward: { ...plan.forward, delay: 0 }, reverse: { ...plan.reverse, delay: 0 } }),
    );
    for (const n of near) {
      if (!n.place) continue;
      const leg = internetTransitPlan(localLinkId(t.id, n.node), n.node, t.id, n.place, far, {
        ...internetOptions(t),
        load: 0,
        loss: 0,
      });
      ctx.addLink(linkFromPlan(leg));
    }
  },
});
