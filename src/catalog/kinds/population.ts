/**
 * `population`: N home users of one broadband profile at a place (or spread over places), expanded
 * into hosts, their access links, one shared busy-hour segment per place with background load, and
 * the flows of the apps they run. The figures and their sources are in src/catalog (broadband.ts,
 * population.ts, apps.ts).
 */
import { z } from 'zod';
import { RandomStreams, type Rng } from '../../engine/random.js';
import { NodeType, type ExpandContext } from '../../spec/kind.js';
import { LIMITS } from '../../spec/limits.js';
import type { LinkDef } from '../../spec/model.js';
import { bitRate, ratio } from '../../spec/unit-schemas.js';
import { appProfile, type AppProfile } from '../apps.js';
import { accessProfile, accessProfileNames, accessQueue, type AccessProfile } from '../broadband.js';
import { place, type Place } from '../places.js';
import { BACKGROUND_MEAN_SIZE } from '../plan.js';
import { POPULATION, pickUsers, segmentQueue, segmentRates, splitByShares } from '../population.js';
import type { FluidGroup, FluidPopulation } from './population-fluid.js';
import { appFlows, checkAppClasses, userAppSchema, type AppReport, type UserAppInput } from './apps.js';
import { hubOfP2sNode, ispNode, userNode } from './ids.js';
import { catalogKind, endsTunnels, p2sGatewayOf, type P2sGateway } from './kind.js';
import { nodeRef, placeSchema, protocolSchema } from './schemas.js';
import { homeUser, type UserApp } from './users.js';

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
        protocol: protocolSchema.meta({ description: 'the point-to-site protocol: sstp, ikev2 or openvpn' }),
      })
      .optional()
      .meta({ description: "each user's point-to-site VPN client: the gateway node and protocol" }),
    apps: z
      .array(userAppSchema())
      .max(50)
      .optional()
      .meta({ description: 'catalog apps the users run, each given to a share of them' }),
    fidelity: z
      .strictObject({
        packetUsers: z
          .number()
          .int()
          .min(1)
          .max(LIMITS.nodes)
          .meta({
            description:
              'users simulated packet by packet (the first at each place; spread evenly over them when a gateway ' +
              'or session limit counts the users); the rest are load',
          }),
      })
      .optional()
      .meta({
        description:
          'hybrid population: a sample of the users packet by packet, the others as aggregate load on the links ' +
          'they share (default: every user packet by packet)',
      }),
  })
  .superRefine((p, ctx) => {
    if ((p.location === undefined) === (p.locations === undefined))
      ctx.addIssue({ code: 'custom', message: 'a population has either location or locations' });
    if (p.fidelity && p.fidelity.packetUsers > p.users)
      ctx.addIssue({
        code: 'custom',
        path: ['fidelity', 'packetUsers'],
        message: `packetUsers (${p.fidelity.packetUsers}) must be at most users (${p.users})`,
      });
  })
  .meta({ description: 'N home users of one broadband profile at a place (or spread over places), with their apps' });

export type PopulationSpec = z.output<typeof populationSchema>;

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
export function populationPlaces(p: PopulationSpec): PopulationPlace[] {
  if (p.locations === undefined) return [{ isp: p.id, place: place(p.location!), first: 1, users: p.users }];
  const counts = splitByShares(
    p.users,
    p.locations.map((l) => l.share),
  );
  let first = 1;
  return p.locations.map((l, i) => {
    const out = {
      isp: ispNode(p.id, typeof l.at === 'string' ? l.at : (l.at.name ?? i + 1)),
      place: place(l.at),
      first,
      users: counts[i],
    };
    first += counts[i];
    return out;
  });
}

/** The population's own node (its ISP router, or the anchor of one spread over places): what its apps report. */
export const populationNode = new NodeType<{
  reports: AppReport[];
  fluid: FluidPopulation | null;
  packetUsers: number;
}>('population');

/** One app assignment, resolved: which users run it (0-based), and their start offsets. */
interface Assignment {
  input: UserAppInput;
  app: AppProfile;
  label: string;
  tunnel: boolean;
  users: Set<number>;
  offsets: Rng;
  count: number;
}

export const population = catalogKind({
  kind: 'population',
  description: 'home users of one broadband profile at a place: hosts, access links, a shared busy-hour segment, apps',
  schema: populationSchema,
  where: (p) => {
    const at = p.location ?? p.locations?.[0]?.at;
    return at !== undefined ? { place: at } : null;
  },
  expand(p, ctx) {
    if (p.locations?.some((l) => !(l.share > 0))) {
      ctx.problem('every share must be greater than 0', ['locations']);
      return;
    }
    const places = populationPlaces(p);
    if (new Set(places.map((x) => x.isp)).size !== places.length)
      ctx.problem('a place is listed twice (give coordinates a distinct name)', ['locations']);
    const gateway = p.vpn ? findGateway(ctx, p.vpn.gateway) : null;
    const apps = assignApps(p, ctx, gateway !== null);
    if (gateway && p.vpn) checkProtocol(ctx, gateway, p.vpn);
    const reports: AppReport[] = apps.map((a) => ({
      label: a.label,
      app: a.app.name,
      count: a.count,
      flows: {},
      classes: a.input.classes ?? {},
    }));
    const sample = packetUsersPerPlace(p, places, apps);
    const fluid = p.fidelity ? fluidPopulation(p, places, sample, apps, reports, ctx) : null;
    const own = { reports, fluid, packetUsers: sample.reduce((s, at) => s + at.length, 0) };
    if (places.length > 1) {
      const isps = places.map((x) => JSON.stringify(x.isp)).join(', ');
      const who = `the users of population ${JSON.stringify(p.id)}`;
      const detached = `${who} are behind one ISP router per place: link ${isps}`;
      ctx.addNode(populationNode.node(p.id, own, { detached }));
    }
    const profile = accessProfile(p.profile);
    for (const [i, at] of places.entries()) {
      ctx.addNode(places.length > 1 ? { id: at.isp, kind: 'isp' } : populationNode.node(at.isp, own));
      const agg = addSegment(p, at, profile, ctx);
      for (const n of sample[i]) addUser(p, n, agg, profile, apps, reports, ctx);
    }
  },
});

/** Whether a gateway or session limit counts the population's users one by one (in node order). */
function counted(p: PopulationSpec, apps: readonly Assignment[]): boolean {
  return p.vpn !== undefined || apps.some((a) => (a.input.via ?? []).length > 0);
}

/**
 * The packet users of each place (their numbers, ascending): all of them without `fidelity`;
 * otherwise `packetUsers` split over the places in proportion to their users (largest remainder, at
 * least one where there are users). Which users: which run which app is already drawn from the seed
 * (assignApps), so any choice made without the draw is a seeded sample of the app mix, and the
 * chosen are the very same users (hosts, flows, streams) as in the full run, which makes the two
 * comparable user by user. The first users of each place; but where a gateway or session limit
 * counts the users, it admits them in node order (the first T of them), so the sample is spread
 * evenly over the place instead (user first + floor((j + 1/2) users / k), j < k): the first k
 * would all be admitted where the full run refuses the last ones.
 */
function packetUsersPerPlace(
  p: PopulationSpec,
  places: readonly PopulationPlace[],
  apps: readonly Assignment[],
): number[][] {
  const all = (first: number, k: number) => Array.from({ length: k }, (_, j) => first + j);
  if (!p.fidelity) return places.map((x) => all(x.first, x.users));
  const split = splitByShares(
    p.fidelity.packetUsers,
    places.map((x) => x.users),
  );
  const spread = counted(p, apps);
  return split.map((share, i) => {
    const { first, users } = places[i];
    const k = Math.min(users, Math.max(share, users > 0 ? 1 : 0));
    if (!spread) return all(first, k);
    return Array.from({ length: k }, (_, j) => first + Math.floor(((j + 0.5) * users) / k));
  });
}

/**
 * The fluid users by place and app, and the checks a hybrid population needs: no elastic app (no
 * mean rate), and at each place a packet user of every app its fluid users run (whose routes they
 * follow). Reports `sampled`: the packet users behind each app's figures. A gateway (`vpn`) and
 * session limits (`via`) count the fluid users too, in node order (build/fluid-admission.ts).
 */
function fluidPopulation(
  p: PopulationSpec,
  places: readonly PopulationPlace[],
  sample: readonly (readonly number[])[],
  apps: readonly Assignment[],
  reports: AppReport[],
  ctx: ExpandContext,
): FluidPopulation {
  const at = ['fidelity', 'packetUsers'];
  const groups: FluidGroup[] = [];
  for (const [k, a] of apps.entries()) {
    const elastic = a.app.components.find((c) => c.traffic.model === 'elastic');
    if (elastic)
      ctx.problem(
        `app ${a.label}: its ${elastic.name} component is elastic (TCP) and has no mean rate to carry as load`,
        at,
      );
    reports[k].sampled = 0;
    for (const [i, place] of places.entries()) {
      const packet = new Set(sample[i]);
      let first: string | null = null;
      const members: number[] = [];
      for (let n = place.first; n < place.first + place.users; n++) {
        if (!a.users.has(n - 1)) continue;
        if (packet.has(n)) {
          first ??= userNode(p.id, n);
          reports[k].sampled++;
        } else members.push(n);
      }
      if (members.length === 0) continue;
      if (first === null) {
        ctx.problem(
          `no packet user at ${place.isp} runs app ${a.label}, so its ${members.length} other users there have no ` +
            'route to follow: raise packetUsers',
          at,
        );
        continue;
      }
      const { classes = {}, start = 0, stop = null, via = [] } = a.input;
      groups.push({
        isp: place.isp,
        place: i,
        label: a.label,
        app: a.app.name,
        users: members.length,
        members,
        sample: first,
        tunnel: a.tunnel,
        via,
        classes,
        start,
        stop,
      });
    }
  }
  const vpn = p.vpn ? { gateway: p.vpn.gateway, protocol: p.vpn.protocol } : null;
  return {
    users: p.users,
    places: places.map(({ first, users }) => ({ first, users })),
    sample: sample.flat(),
    spread: counted(p, apps),
    vpn,
    groups,
  };
}

/**
 * The users' gateway: a node that ends point-to-site tunnels (a VPN concentrator, an Azure VPN
 * gateway, a hub's `<hub>-p2s`). Null after reporting why not: once, at `vpn.gateway`, not once
 * per user at a generated waypoint; or quietly, when the gateway is a node its kind refused.
 */
function findGateway(ctx: ExpandContext, id: string): P2sGateway | null {
  const expected = 'expected a vpn-concentrator, an azure-vpn-gateway or a virtual-wan-hub\'s "<hub>-p2s"';
  const fail = (message: string) => {
    ctx.problem(message, ['vpn', 'gateway']);
    return null;
  };
  const d = ctx.declared.get(id);
  if (d !== undefined) {
    const gateway = p2sGatewayOf(d);
    return gateway?.node === id
      ? gateway
      : fail(`node ${JSON.stringify(id)} is a ${d.kind.kind}, not a VPN gateway (${expected})`);
  }
  const hubId = hubOfP2sNode(id);
  // A gateway (or hub) its kind refused is reported where it is, not again here.
  if (ctx.declared.unread(id, endsTunnels) || (hubId !== null && ctx.declared.unread(hubId, endsTunnels))) return null;
  const hub = hubId !== null ? ctx.declared.get(hubId) : undefined;
  const gateway = hub && p2sGatewayOf(hub);
  if (gateway?.node === id) return gateway;
  if (hub !== undefined && gateway === null)
    return fail(`${hub.kind.kind} ${JSON.stringify(hubId)} has no point-to-site gateway: give it p2s`);
  return fail(`unknown node ${JSON.stringify(id)} (${expected})`);
}

/** Checks that the gateway accepts the users' protocol (when its protocols are known). */
function checkProtocol(ctx: ExpandContext, gateway: P2sGateway, vpn: NonNullable<PopulationSpec['vpn']>): void {
  const accepted = gateway.protocols;
  if (accepted && !accepted.includes(vpn.protocol))
    ctx.problem(
      `gateway ${JSON.stringify(vpn.gateway)} does not accept ${vpn.protocol} (it runs ${accepted.join(', ')})`,
      ['vpn', 'protocol'],
    );
}

/**
 * Which users run which app: exact counts, chosen from the seed (one stream per assignment), and
 * their start offsets likewise. An app is tunnelled only through a gateway that is one (its
 * problem is reported once, not per user).
 */
function assignApps(p: PopulationSpec, ctx: ExpandContext, gatewayOk: boolean): Assignment[] {
  const random = new RandomStreams(ctx.seed);
  const apps = (p.apps ?? []).map((a, k): Assignment => {
    const app = appProfile(a.app);
    checkAppClasses(ctx, app, a.classes, ['apps', k]);
    const tunnel = a.tunnel ?? p.vpn !== undefined;
    if (tunnel && !p.vpn) ctx.problem("tunnel: true needs the population's vpn", ['apps', k, 'tunnel']);
    const label = a.name ?? a.app;
    const count = Math.round((a.share ?? 1) * p.users);
    const users = new Set(pickUsers(p.users, count, random.stream(`population:${p.id}:${label}:users`)));
    const offsets = random.stream(`population:${p.id}:${label}:start`);
    return { input: a, app, label, tunnel: tunnel && p.vpn !== undefined && gatewayOk, users, offsets, count };
  });
  apps.forEach((a, k) => {
    if (apps.findIndex((b) => b.label === a.label) !== k)
      ctx.problem(`app label ${JSON.stringify(a.label)} is used twice: give one assignment a name`, [
        'apps',
        k,
        'name',
      ]);
  });
  return apps;
}

/** A place's ISP side: the access aggregation and the shared segment up to the ISP router. Returns the aggregation. */
function addSegment(p: PopulationSpec, at: PopulationPlace, profile: AccessProfile, ctx: ExpandContext): string {
  const aqm = p.aqm ?? profile.aqm;
  const load = p.peakLoad ?? profile.peakLoad;
  const agg = `${at.isp}-agg`;
  ctx.addNode({ id: agg, kind: 'access-aggregation' });
  const seg = p.segment ?? segmentRates(profile, at.users, p.contention);
  ctx.addLink({
    id: `segment:${at.isp}`,
    from: agg,
    to: at.isp,
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
  return agg;
}

/** Home user `n`: its host, its access link, and the flows of the apps it runs (recorded in `reports`). */
function addUser(
  p: PopulationSpec,
  n: number,
  agg: string,
  profile: AccessProfile,
  apps: readonly Assignment[],
  reports: AppReport[],
  ctx: ExpandContext,
): void {
  const aqm = p.aqm ?? profile.aqm;
  const host = userNode(p.id, n);
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
    const { to, classes = {}, stop = null } = a.input;
    const made = appFlows(a.app, `${host}.${a.label}`, host, to, via, classes, start, stop);
    for (const def of made.defs) ctx.addFlow(def);
    for (const f of made.flows) (reports[k].flows[f.component] ??= []).push(f.id);
    const flows = made.flows.map(({ id, fromClient }) => ({ id, fromClient }));
    userApps.push({ label: a.label, app: a.app.name, session: a.app.session, tunnel: a.tunnel, via, flows });
  }
  const tunnel = p.vpn ? { gateway: p.vpn.gateway, protocol: p.vpn.protocol } : null;
  ctx.addNode(homeUser.node(host, { population: p.id, tunnel, apps: userApps }));
  ctx.addLink(access);
}
