/**
 * `population`: N home users of one broadband profile at a place (or spread over places), expanded
 * into hosts, their access links, one shared busy-hour segment per place with background load, and
 * the flows of the apps they run. The figures and their sources are in src/catalog (broadband.ts,
 * population.ts, apps.ts).
 */
import { z } from 'zod';
import {
  BACKGROUND_MEAN_SIZE,
  POPULATION,
  accessProfile,
  accessProfileNames,
  accessQueue,
  appProfile,
  pickUsers,
  place,
  segmentQueue,
  segmentRates,
  splitByShares,
  type Place,
  type PlaceSpec,
} from '../index.js';
import { RandomStreams } from '../../engine/random.js';
import { LIMITS } from '../../spec/limits.js';
import type { LinkDef } from '../../spec/model.js';
import { bitRate, ratio } from '../../spec/unit-schemas.js';
import { appFlows, checkAppClasses, reportApps, userAppSchema, type AppReport } from './apps.js';
import { nodeRef, placeSchema, type UserApp, type UserSpec } from './shared.js';
import { acceptedProtocols, p2sGatewayProblem } from './vpn.js';
import { registerNodeKind } from '../../spec/kind.js';

const populationSchema = z
  .strictObject({
    id: nodeRef(),
    kind: z.literal('population'),
    users: z.number().int().min(1).max(LIMITS.nodes).meta({ description: 'how many users' }),
    profile: z
      .enum(accessProfileNames() as [string, ...string[]])
      .meta({ description: 'access profile: cable, dsl, fiber, fixed-wireless' }),
    location: placeSchema().optional(),
    locations: z
      .array(z.strictObject({ at: placeSchema(), share: ratio('fraction of the users there (shares are normalized)') }))
      .min(1)
      .max(100)
      .optional()
      .meta({ description: 'users spread over places: one ISP router and shared segment per place' }),
    aqm: z.boolean().optional().meta({
      description:
        "active queue management (CoDel) on access links and the shared segment (default: the profile's, off)",
    }),
    peakLoad: ratio(
      "background load of the neighbours on the shared segment (default: the profile's peak load)",
    ).optional(),
    contention: z
      .number()
      .min(1)
      .max(1e6)
      .optional()
      .meta({ description: "segment rate = the users' line rates / contention (default 20), at most 10 Gbps" }),
    segment: z
      .strictObject({ up: bitRate(), down: bitRate() })
      .optional()
      .meta({ description: "the shared segment's rates per place, replacing the contention rule" }),
    vpn: z
      .strictObject({
        gateway: nodeRef('a VPN gateway node id'),
        protocol: z
          .enum(['sstp', 'ikev2', 'openvpn'])
          .meta({ description: 'the point-to-site protocol: sstp, ikev2 or openvpn' }),
      })
      .optional()
      .meta({ description: "each user's point-to-site VPN client: the gateway node and protocol" }),
    apps: z
      .array(userAppSchema())
      .max(50)
      .optional()
      .meta({ description: 'catalog apps the users run, each given to a share of them' }),
  })
  .superRefine((p, ctx) => {
    if ((p.location === undefined) === (p.locations === undefined))
      ctx.addIssue({ code: 'custom', message: 'a population has either location or locations' });
  })
  .meta({ description: 'N home users of one broadband profile at a place (or spread over places), with their apps' });

type PopulationInput = z.output<typeof populationSchema>;

/** One place of a population: its ISP router, its users (1-based host numbers), its place. */
export interface PopulationPlace {
  isp: string;
  place: Place;
  first: number;
  users: number;
}

/**
 * The places of a population as declared: one place is the ISP router `<id>`; several are
 * `<id>@<place>`. Users are numbered across places in order; hosts are `<id>-<n>`.
 */
export function populationPlaces(p: {
  id: string;
  users: number;
  location?: unknown;
  locations?: readonly { at: unknown; share: number }[];
}): PopulationPlace[] {
  if (p.locations === undefined)
    return [{ isp: p.id, place: place(p.location as PlaceSpec), first: 1, users: p.users }];
  const counts = splitByShares(
    p.users,
    p.locations.map((l) => l.share),
  );
  let first = 1;
  return p.locations.map((l, i) => {
    const at = place(l.at as PlaceSpec);
    const out = {
      isp: `${p.id}@${typeof l.at === 'string' ? l.at : ((l.at as { name?: string }).name ?? i + 1)}`,
      place: at,
      first,
      users: counts[i],
    };
    first += counts[i];
    return out;
  });
}

registerNodeKind({
  kind: 'population',
  description: 'home users of one broadband profile at a place: hosts, access links, a shared busy-hour segment, apps',
  schema: populationSchema,
  expand(p: PopulationInput, ctx) {
    const profile = accessProfile(p.profile);
    const aqm = p.aqm ?? profile.aqm;
    const load = p.peakLoad ?? profile.peakLoad;
    if (p.locations?.some((l) => !(l.share > 0))) ctx.problem('every share must be greater than 0', ['locations']);
    if (p.locations?.some((l) => !(l.share > 0))) return;
    const places = populationPlaces(p);
    if (new Set(places.map((x) => x.isp)).size !== places.length)
      ctx.problem('a place is listed twice (give coordinates a distinct name)', ['locations']);

    const gatewayProblem = p.vpn ? p2sGatewayProblem(ctx, p.vpn.gateway) : null;
    if (gatewayProblem !== null) ctx.problem(gatewayProblem, ['vpn', 'gateway']);
    // Which users run which app: exact counts, chosen from the seed; start offsets likewise.
    const random = new RandomStreams(ctx.seed);
    const apps = (p.apps ?? []).map((a, k) => {
      const app = appProfile(a.app);
      checkAppClasses(ctx, app, a.classes, ['apps', k]);
      const tunnel = a.tunnel ?? p.vpn !== undefined;
      if (tunnel && !p.vpn) ctx.problem("tunnel: true needs the population's vpn", ['apps', k, 'tunnel']);
      const count = Math.round((a.share ?? 1) * p.users);
      const users = new Set(pickUsers(p.users, count, random.stream(`population:${p.id}:${a.name ?? a.app}:users`)));
      const offsets = random.stream(`population:${p.id}:${a.name ?? a.app}:start`);
      // Not through a gateway that is not one: its problem is reported once above, not per user.
      return {
        input: a,
        app,
        label: a.name ?? a.app,
        tunnel: tunnel && p.vpn !== undefined && gatewayProblem === null,
        users,
        offsets,
        count,
      };
    });
    const labels = apps.map((a) => a.label);
    labels.forEach((l, k) => {
      if (labels.indexOf(l) !== k)
        ctx.problem(`app label ${JSON.stringify(l)} is used twice: give one assignment a name`, ['apps', k, 'name']);
    });
    if (p.vpn && gatewayProblem === null) {
      const accepted = acceptedProtocols(ctx, p.vpn.gateway);
      if (accepted && !accepted.includes(p.vpn.protocol))
        ctx.problem(
          `gateway ${JSON.stringify(p.vpn.gateway)} does not accept ${p.vpn.protocol} (it runs ${accepted.join(', ')})`,
          ['vpn', 'protocol'],
        );
    }

    const reports: AppReport[] = apps.map((a) => ({
      label: a.label,
      app: a.app.name,
      count: a.count,
      flows: {},
      classes: a.input.classes ?? {},
    }));
    if (places.length > 1) {
      const isps = places.map((x) => JSON.stringify(x.isp)).join(', ');
      ctx.addNode({
        id: p.id,
        kind: 'population',
        spec: { population: p.id, reports },
        detached: `the users of population ${JSON.stringify(p.id)} are behind one ISP router per place: link ${isps}`,
      });
    }
    for (const at of places) {
      const isp = at.isp;
      const agg = `${isp}-agg`;
      ctx.addNode({
        id: isp,
        kind: places.length > 1 ? 'isp' : 'population',
        spec: { population: p.id, location: at.place, ...(places.length > 1 ? {} : { reports }) },
      });
      ctx.addNode({ id: agg, kind: 'access-aggregation', spec: { population: p.id } });
      const seg = p.segment ?? segmentRates(profile, at.users, p.contention);
      ctx.addLink({
        id: `segment:${isp}`,
        from: agg,
        to: isp,
        forward: { rate: seg.up, delay: 0 },
        reverse: { rate: seg.down, delay: 0 },
        loss: 0,
        queue: segmentQueue(seg.up, aqm),
        reverseQueue: segmentQueue(seg.down, aqm),
        background:
          load > 0
            ? { load, size: { dist: 'exponential', mean: BACKGROUND_MEAN_SIZE }, class: POPULATION.backgroundClass }
            : null,
        cost: null,
      });
      for (let n = at.first; n < at.first + at.users; n++) {
        const host = `${p.id}-${n}`;
        const access: LinkDef = {
          id: `access:${host}`,
          from: host,
          to: agg,
          forward: { rate: profile.up, delay: profile.idleRtt / 2 },
          reverse: { rate: profile.down, delay: profile.idleRtt / 2 },
          loss: 0,
          queue: accessQueue(profile.up, profile.upBuffer, aqm),
          reverseQueue: accessQueue(profile.down, profile.downBuffer, aqm),
          background: null,
          cost: null,
        };
        const userApps: UserApp[] = [];
        for (const [k, a] of apps.entries()) {
          if (!a.users.has(n - 1)) continue;
          const via = [...(a.tunnel ? [p.vpn!.gateway] : []), ...(a.input.via ?? [])];
          const start = (a.input.start ?? 0) + POPULATION.startSpread * a.offsets();
          const made = appFlows(
            a.app,
            `${host}.${a.label}`,
            host,
            a.input.to,
            via,
            a.input.classes ?? {},
            start,
            a.input.stop ?? null,
          );
          for (const def of made.defs) ctx.addFlow(def);
          for (const f of made.flows) (reports[k].flows[f.component] ??= []).push(f.id);
          userApps.push({
            label: a.label,
            app: a.app.name,
            session: a.app.session,
            tunnel: a.tunnel,
            via,
            flows: made.flows.map(({ id, fromClient }) => ({ id, fromClient })),
          });
        }
        const spec: UserSpec = {
          population: p.id,
          tunnel: p.vpn ? { gateway: p.vpn.gateway, protocol: p.vpn.protocol } : null,
          apps: userApps,
        };
        ctx.addNode({ id: host, kind: 'home-user', spec: spec as unknown as Record<string, unknown> });
        ctx.addLink(access);
      }
    }
  },
  build(node, ctx) {
    const reports = node.spec.reports as AppReport[] | undefined;
    if (reports) reportApps(ctx, node.spec.population as string, reports);
  },
});
