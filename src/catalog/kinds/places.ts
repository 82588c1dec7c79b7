/**
 * Places and the paths between them: `site` (a datacenter, office or another cloud's network at
 * a place), `internet-transit` (the public internet between places), and `microsoft-network`
 * (regions, edge POPs, the calibrated backbone, and how users' ISPs reach it: cold or hot potato).
 * Figures and sources: src/catalog (backbone.ts, internet.ts, pops.ts, regions.ts).
 */
import { z } from 'zod';
import {
  Gbps,
  POPULATION,
  appProfile,
  internetTransitPlan,
  metroRttMs,
  nearestPop,
  planBackbone,
  place,
  type EdgePop,
  type Place,
  type PlaceSpec,
} from '../index.js';
import { RandomStreams } from '../../engine/random.js';
import { bitRate } from '../../spec/unit-schemas.js';
import { appFlows, checkAppClasses, reportApps, siteAppSchema, type AppReport } from './apps.js';
import { populationPlaces } from './population.js';
import {
  declaredOfKind,
  internetOptions,
  internetOptionsSchema,
  linkFromPlan,
  localLink,
  nodeRef,
  placeSchema,
  popNode,
  popSchema,
  regionSchema,
  requirePlace,
  SERVER_QUEUE,
} from './shared.js';
import { registerNodeKind } from '../../spec/kind.js';

// ---- site ------------------------------------------------------------------------------------

/** ASSUMPTION: a datacenter LAN hop: 10 Gbps, 50 µs (one switch and a few metres of fibre). */
const LAN = Object.freeze({ rate: 10 * Gbps, delay: 50e-6 });

const siteSchema = z
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
  });

type SiteInput = z.output<typeof siteSchema>;

registerNodeKind({
  kind: 'site',
  description: 'a datacenter, office or other network at a place: its router, servers and apps',
  schema: siteSchema,
  expand(s: SiteInput, ctx) {
    const servers = s.servers ?? [];
    const reports: AppReport[] = [];
    ctx.addNode({ id: s.id, kind: 'site', spec: { location: place(s.location as PlaceSpec), reports } });
    for (const server of servers) {
      ctx.addNode({ id: server, kind: 'host', spec: { site: s.id } });
      ctx.addLink(localLink(`${s.id}:${server}`, server, s.id, s.lan ?? LAN.rate, LAN.delay, SERVER_QUEUE));
    }
    (s.apps ?? []).forEach((a, k) => {
      const app = appProfile(a.app);
      checkAppClasses(ctx, app, a.classes, ['apps', k]);
      const from = a.from ?? s.id;
      if (from !== s.id && !servers.includes(from))
        ctx.problem(`${JSON.stringify(from)} is not a server of this site (servers: ${servers.join(', ') || 'none'})`, [
          'apps',
          k,
          'from',
        ]);
      const label = a.name ?? a.app;
      if (reports.some((r) => r.label === label))
        ctx.problem(`app label ${JSON.stringify(label)} is used twice: give one assignment a name`, [
          'apps',
          k,
          'name',
        ]);
      const instances = a.instances ?? 1;
      const report: AppReport = { label, app: app.name, count: instances, flows: {}, classes: a.classes ?? {} };
      // Copies start at seeded offsets within the first second, as a population's users do, so
      // that their constant-rate streams and key frames are not in lockstep.
      const offsets = new RandomStreams(ctx.seed).stream(`site:${s.id}:${label}:start`);
      for (let n = 1; n <= instances; n++) {
        const base = instances > 1 ? `${from}.${label}-${n}` : `${from}.${label}`;
        const start = (a.start ?? 0) + (instances > 1 ? POPULATION.startSpread * offsets() : 0);
        const made = appFlows(app, base, from, a.to, a.via ?? [], a.classes ?? {}, start, a.stop ?? null);
        for (const def of made.defs) ctx.addFlow(def);
        for (const f of made.flows) (report.flows[f.component] ??= []).push(f.id);
      }
      reports.push(report);
    });
  },
  build(node, ctx) {
    reportApps(ctx, node.id, node.spec.reports as AppReport[]);
  },
});

// ---- internet transit ------------------------------------------------------------------------

const transitSchema = z
  .strictObject({
    id: nodeRef(),
    kind: z.literal('internet-transit'),
    from: nodeRef('a node with a place (a population, a site, a component in a region)'),
    to: nodeRef('a node with a place'),
    ...internetOptionsSchema().shape,
  })
  .meta({
    description:
      'the public internet from a network (an ISP, a population) to a far one: distance, cross traffic and loss at the busy hour',
  });

registerNodeKind({
  kind: 'internet-transit',
  description:
    "the public internet between two places: distance (1.3x the backbone's), cross traffic and loss at the busy hour",
  schema: transitSchema,
  expand(t: z.output<typeof transitSchema>, ctx) {
    const far = requirePlace(ctx, t.to, ['to']);
    const declared = ctx.declared.get(t.from);
    const near: { node: string; place: Place | null }[] =
      declared?.kind === 'population'
        ? populationPlaces(declared as Parameters<typeof populationPlaces>[0]).map((x) => ({
            node: x.isp,
            place: x.place,
          }))
        : [{ node: t.from, place: requirePlace(ctx, t.from, ['from']) }];
    // Node <id> is the transit provider's edge at the far end: each near network reaches it over
    // the distance; the interconnect from it into the far network carries the cross traffic and loss.
    ctx.addNode({ id: t.id, kind: 'internet-transit', spec: far ? { location: far } : {} });
    if (!far) return;
    const plan = internetTransitPlan(`${t.id}:interconnect`, t.id, t.to, far, far, internetOptions(t));
    ctx.addLink(
      linkFromPlan({ ...plan, forward: { ...plan.forward, delay: 0 }, reverse: { ...plan.reverse, delay: 0 } }),
    );
    for (const n of near) {
      if (!n.place) continue;
      const leg = internetTransitPlan(`${t.id}:${n.node}`, n.node, t.id, n.place, far, {
        ...internetOptions(t),
        load: 0,
        loss: 0,
      });
      ctx.addLink(linkFromPlan(leg));
    }
  },
});

// ---- Microsoft's network ---------------------------------------------------------------------

/** ASSUMPTION: an ISP's private interconnect with Microsoft at an edge POP: 10 Gbps, uncongested. */
const PEERING_RATE = 10 * Gbps;

const msnetSchema = z
  .strictObject({
    id: nodeRef(),
    kind: z.literal('microsoft-network'),
    regions: z
      .array(regionSchema())
      .max(100)
      .optional()
      .meta({ description: 'regions to include (regions that other nodes name are added)' }),
    pops: z.array(popSchema()).max(200).optional().meta({
      description:
        'edge POPs to include (the POPs nearest to populations and sites, and ExpressRoute peering locations, are added)',
    }),
    popLinks: z
      .number()
      .int()
      .min(1)
      .max(5)
      .optional()
      .meta({ description: 'how many of its nearest regions each POP links to (default 1)' }),
    ingress: z.enum(['cold-potato', 'hot-potato']).optional().meta({
      description:
        "how populations' traffic enters: at the POP nearest the user (cold-potato, default) or over the internet into the hosting regions (hot-potato)",
    }),
    hosting: z
      .array(regionSchema())
      .max(100)
      .optional()
      .meta({ description: 'hot-potato: the regions users reach over the internet (default: every region included)' }),
    populations: z
      .array(nodeRef('a population id'))
      .optional()
      .meta({ description: 'populations that reach the network (default: every population)' }),
    internet: internetOptionsSchema().optional(),
    rate: bitRate({}, 'rate of each backbone link (default 100Gbps)').optional(),
  })
  .meta({
    description:
      "Microsoft's network: regions, edge POPs and the backbone calibrated to the published region RTTs; how users enter it",
  });

type MsnetInput = z.output<typeof msnetSchema>;

registerNodeKind({
  kind: 'microsoft-network',
  description:
    'Azure regions, edge POPs and the calibrated backbone; cold- or hot-potato ingress for populations; region failure takes down what is in it',
  schema: msnetSchema,
  expand(m: MsnetInput, ctx) {
    // Regions: those listed and those other nodes name.
    const regions = new Set(m.regions ?? []);
    for (const d of ctx.declared.values())
      if (typeof d.region === 'string' && d.kind !== 'microsoft-network') regions.add(d.region);
    for (const r of m.hosting ?? []) regions.add(r);
    if (regions.size === 0) {
      ctx.problem('no region: list regions, or declare components with region');
      return;
    }
    // POPs: those listed, ExpressRoute peering locations, and the nearest to each place users and sites are.
    const populations = (
      m.populations ? m.populations.map((id) => ctx.declared.get(id)) : declaredOfKind(ctx, 'population')
    ).filter((d) => d?.kind === 'population');
    (m.populations ?? []).forEach((id, i) => {
      if (ctx.declared.get(id)?.kind !== 'population')
        ctx.problem(`${JSON.stringify(id)} is not a population`, ['populations', i]);
    });
    const ingress = m.ingress ?? 'cold-potato';
    const isps = populations.flatMap((d) => populationPlaces(d as Parameters<typeof populationPlaces>[0]));
    const pops = new Set(m.pops ?? []);
    for (const d of ctx.declared.values()) if (typeof d.peeringLocation === 'string') pops.add(d.peeringLocation);
    for (const d of declaredOfKind(ctx, 'site')) pops.add(nearestPop(place(d.location as PlaceSpec)).name);
    const entry = new Map<string, EdgePop>();
    if (ingress === 'cold-potato') {
      for (const x of isps) {
        const pop = nearestPop(x.place);
        entry.set(x.isp, pop);
        pops.add(pop.name);
      }
    }
    const plan = planBackbone({ regions: [...regions], pops: [...pops], popLinks: m.popLinks });
    const rate = m.rate ?? 100 * Gbps;
    ctx.addNode({
      id: m.id,
      kind: 'microsoft-network',
      spec: { regions: [...regions] },
      detached:
        "Microsoft's network is its regions and edge POPs: use a region's node (e.g. eastus) or an edge POP's (pop-<metro>)",
    });
    for (const r of plan.regions)
      ctx.addNode({ id: r.name, kind: 'region', spec: { location: { name: r.name, lat: r.lat, lon: r.lon } } });
    for (const { pop } of plan.pops)
      ctx.addNode({
        id: popNode(pop.name),
        kind: 'edge-pop',
        spec: { location: { name: pop.name, lat: pop.lat, lon: pop.lon } },
      });
    for (const l of plan.links) {
      const delay = l.rttMs / 2 / 1000;
      const pop = l.source === 'pop';
      const linkId = pop ? `edge:${l.a.slice(4)}-${l.b}` : `backbone:${l.a}-${l.b}`;
      ctx.addLink({
        id: linkId,
        from: pop ? popNode(l.a.slice(4)) : l.a,
        to: l.b,
        forward: { rate, delay },
        reverse: { rate, delay },
        loss: 0,
        queue: { discipline: 'fifo', limit: { packets: 1000 } },
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
        ctx.addLink({
          ...localLink(`peering:${x.isp}-${pop.name}`, x.isp, popNode(pop.name), PEERING_RATE, delay),
          cost: null,
        });
      } else {
        for (const r of m.hosting ?? [...regions]) {
          ctx.addLink(
            linkFromPlan(
              internetTransitPlan(`internet:${x.isp}-${r}`, x.isp, r, x.place, place(r), internetOptions(m.internet)),
            ),
          );
        }
      }
    }
  },
  build(node, ctx) {
    // A region's failure takes down every node placed in it (components declared with `region`,
    // their servers): a node failure of the region node propagates to them, and so does its repair.
    const regions = new Set(node.spec.regions as string[]);
    const members = new Map<string, string[]>();
    for (const n of ctx.scenario.nodes) {
      const r = n.spec.region;
      if (typeof r === 'string' && regions.has(r) && n.id !== r) {
        const list = members.get(r) ?? [];
        list.push(n.id);
        members.set(r, list);
      }
    }
    if (members.size === 0) return;
    ctx.net.onTopologyChange((change) => {
      if (change.kind !== 'node') return;
      for (const id of members.get(change.id) ?? []) ctx.net.setNodeUp(id, change.up);
    });
  },
});
