/**
 * Hybrid populations (issue 13, direction 3): the users of a population beyond its `fidelity.packetUsers`
 * are carried as aggregate Poisson load on the shared channels their traffic crosses, not as packets.
 * The sample's own flows give the way (their routes beyond the sample user's access link: the same
 * segment, transit, waypoints and server side); each component's mean packet rate and size mix, times
 * the fluid users running it at that place, is added there as unmeasured background (work without
 * events on FIFO channels, packets of the component's class elsewhere: net.addBackground decides).
 * Where a VPN gateway or session limit counts the users (build/fluid-admission.ts), the load follows
 * what each fluid user got: admitted, through the tunnel with its per-packet overhead; refused, only
 * as far as the full run carries a refused user's packets (nothing it sends; what is sent to it, up
 * to the component that drops it; nothing of a request-response exchange).
 */
import { lognormal, constant, quantityMean, sampler, type Sampler } from '../../engine/distributions.js';
import { RandomStreams, type Alea } from '../../engine/random.js';
import type { Direction } from '../../net/admission.js';
import { FlowAction, FlowStage, type StageAction } from '../../net/flow-stage.js';
import { Channel } from '../../net/channel.js';
import type { ClassInfo, Flow, Hop } from '../../net/index.js';
import { ConstantSizes, workSizes } from '../../net/work.js';
import type { BuildContext } from '../../spec/kind.js';
import { ScenarioError } from '../../spec/problems.js';
import { REQUEST_RESPONSE_DEFAULTS, type Quantity, type TrafficSpec } from '../../traffic/spec.js';
import { onOffPacketRate } from '../../traffic/onoff.js';
import { packetCount } from '../../traffic/packet-count.js';
import { VIDEO_DEFAULTS } from '../../traffic/video.js';
import { appProfile } from '../apps.js';
import { POPULATION } from '../population.js';
import { FLUID_ADMISSIONS, type Admitter, type FluidOutcome } from './build/fluid-admission.js';
import { backFlowId } from './ids.js';
import { appFlowsAcross, homeUser } from './users.js';

/** The fluid users of one app assignment at one place, and the sample user whose flows show their way. */
export interface FluidGroup {
  /** The place's ISP router. */
  isp: string;
  /** The place's index among the population's places. */
  place: number;
  label: string;
  app: string;
  /** Users at the place running the app and carried as load. */
  users: number;
  /** Their numbers, ascending (`members.length === users`). */
  members: number[];
  /** A packet user at the same place running the app: its flows' routes are the group's. */
  sample: string;
  /** Whether the app goes through the population's VPN tunnel. */
  tunnel: boolean;
  /** The app's waypoints (session limits count its users). */
  via: string[];
  classes: Readonly<Record<string, string>>;
  /** When the app starts (each user within POPULATION.startSpread after it). */
  start: number;
  stop: number | null;
}

/** A hybrid population: its places, packet users and fluid groups, as gateways and its build read them. */
export interface FluidPopulation {
  users: number;
  /** Each place's first user's number and its users. */
  places: { first: number; users: number }[];
  /** The packet users' numbers, ascending. */
  sample: number[];
  /** Whether the sample is spread over each place (a gateway or session limit counts the users) or its first users. */
  spread: boolean;
  /** Every user's VPN client (null without `vpn`). */
  vpn: { gateway: string; protocol: string } | null;
  groups: FluidGroup[];
}

/** What one user's component sends on one directed flow: packets per second and their size. */
interface Rate {
  packets: number;
  /** Packets per arrival (a message or frame leaves as several): what a per-packet overhead multiplies. */
  perArrival: () => number;
  /** The sizes, drawn from the generator given (work.ts's classes, which the work loop inlines). */
  size: (generator: Alea) => Sampler;
}

/**
 * Mean rates of one user's component, on its declared flow and its back flow, or a reason it has
 * none (elastic TCP fills what it gets: it has no mean rate to carry as load). `rtt`: the seconds a
 * request-response exchange spends in the network (propagation both ways and the response's
 * serialization at the slowest hop), added to the think time; `failure`: wire loss on its path
 * (an exchange that loses a packet ends at its timeout instead: {@link exchangeRate}).
 */
export function componentRates(
  t: TrafficSpec,
  twoWay: boolean,
  rtt: number,
  failure: ExchangeFailure | null = null,
): { forward: Rate; back: Rate | null } | string {
  const own = (r: Rate) => ({ forward: r, back: twoWay ? r : null });
  const one = () => 1;
  switch (t.model) {
    case 'cbr':
      return own({ packets: 1 / t.interval, perArrival: one, size: (g) => workSizes(t.size, g) });
    case 'poisson':
      return own({ packets: t.rate, perArrival: one, size: (g) => workSizes(t.size, g) });
    case 'onoff':
      return own({
        packets: onOffPacketRate(t.on, t.off, t.interval),
        perArrival: one,
        size: (g) => workSizes(t.size, g),
      });
    case 'video': {
      // A frame leaves back to back (MTU packets): carried as one arrival of the mean frame's work.
      const fps = t.fps ?? VIDEO_DEFAULTS.fps;
      return own({
        packets: fps,
        perArrival: () => videoPacketsPerFrame(t),
        size: () => new ConstantSizes(t.rate / 8 / fps),
      });
    }
    case 'request-response': {
      // A message leaves back to back: one arrival of its whole work per exchange, so the queue sees
      // the bursts the packet users' responses make (Poisson packets instead were measured to halve
      // the segment's mean queue: docs/performance.md).
      const timeout = t.timeout ?? REQUEST_RESPONSE_DEFAULTS.timeout;
      const perSecond = exchangeRate(quantityMean(t.think) + rtt, timeout - rtt, failure);
      const mtu = t.mtu ?? REQUEST_RESPONSE_DEFAULTS.mtu;
      return {
        forward: {
          packets: perSecond,
          perArrival: () => packetsPer(t.request, mtu),
          size: (g) => workSizes(t.request, g),
        },
        back: {
          packets: perSecond,
          perArrival: () => packetsPer(t.response, mtu),
          size: (g) => workSizes(t.response, g),
        },
      };
    }
    case 'elastic':
      return 'elastic (TCP) traffic has no mean rate to carry as load';
  }
}

/** Wire loss on a request-response user's path, and when its rate matters. */
interface ExchangeFailure {
  /** The probability that an exchange loses a packet on the wire. */
  p: number;
  /** When the users start, on average. */
  from: number;
  /** The measured window the rate is averaged over. */
  start: number;
  end: number;
}

/** Users start one by one over this many seconds after their app's start (catalog/population.ts). */
const spread = POPULATION.startSpread;

/** Steps per hold in {@link exchangeRate}. */
const STEPS = 1000;

/**
 * Exchanges per second of one request-response user, averaged over the measured window: 1 / cycle
 * while none fails; an exchange that fails (probability p) holds the user `hold` seconds longer (its
 * timeout instead of its round trip). The share of users held at time t is that of those whose
 * exchange failed within the last `hold` seconds, S(t) = integral over [t - hold, t] of
 * lambda (1 - S(u)) du with lambda = p / cycle, from S = 0 when they start: it tends to
 * lambda hold / (1 + lambda hold), but only after about a hold (10 s for the catalog's apps), so a
 * run shorter than some holds sees fewer users held than that limit: the mean over the window, not
 * the limit, is carried. Integrated by Euler steps of hold / 1000.
 */
function exchangeRate(cycle: number, hold: number, f: ExchangeFailure | null): number {
  if (!f || !(f.p > 0) || !(hold > 0) || !(f.end > f.start)) return 1 / cycle;
  const lambda = f.p / cycle;
  const dt = hold / STEPS;
  const inflows = new Float64Array(STEPS);
  let held = 0;
  let sum = 0;
  let i = 0;
  for (let t = f.from; t < f.end; t += dt) {
    if (t >= f.start) sum += (1 - held) * dt;
    const inflow = lambda * (1 - held) * dt;
    held += inflow - inflows[i];
    inflows[i] = inflow;
    i = (i + 1) % STEPS;
  }
  return sum / cycle / (f.end - f.start);
}

/** Draws for {@link packetsPer}: the mean packet count within about 1% (a fixed stream). */
const DRAWS = 10_000;

/** Packets a message of `size` bytes leaves as, on average: the sources' own {@link packetCount}, averaged. */
function packetsPer(size: Quantity | Sampler, mtu: number): number {
  if (typeof size === 'number') return packetCount(size, mtu);
  const draw = 'sample' in size ? size : sampler(size, new RandomStreams(1).stream('fluid:packets-per-message'));
  let sum = 0;
  for (let i = 0; i < DRAWS; i++) sum += packetCount(draw.sample(), mtu);
  return sum / DRAWS;
}

/** Packets per video frame, on average: key and delta frames as the video source draws them (traffic/video.ts). */
function videoPacketsPerFrame(t: Extract<TrafficSpec, { model: 'video' }>): number {
  const fps = t.fps ?? VIDEO_DEFAULTS.fps;
  const keyframeRatio = t.keyframeRatio ?? VIDEO_DEFAULTS.keyframeRatio;
  const variability = t.variability ?? VIDEO_DEFAULTS.variability;
  const mtu = t.mtu ?? VIDEO_DEFAULTS.mtu;
  const keyframeInterval = t.keyframeInterval ?? VIDEO_DEFAULTS.keyframeInterval;
  const gop = Math.max(1, Math.round(fps * keyframeInterval));
  const meanFrame = t.rate / 8 / fps;
  const deltaMean = gop === 1 ? meanFrame : (meanFrame * gop) / (gop - 1 + keyframeRatio);
  const rng = new RandomStreams(1).stream('fluid:packets-per-frame');
  const frames = (mean: number) =>
    packetsPer(variability === 0 ? constant(mean) : lognormal(rng, mean, variability * mean), mtu);
  return gop === 1 ? frames(meanFrame) : (frames(deltaMean * keyframeRatio) + (gop - 1) * frames(deltaMean)) / gop;
}

/** A channel among a route's hops (the others are processing stages). */
const isChannel = (h: Hop): h is Channel => h instanceof Channel;

/** The channels a leg loads and the bytes each of its packets carries there beyond its own; whether it is dropped. */
interface Leg {
  channels: { channel: Channel; extra: number }[];
  dropped: boolean;
}

/**
 * Walks a sample flow's route as a fluid user's packets would cross it: the stages act as they do on
 * the sample's packets, except those of components that counted the user (`overrides`: what they
 * decided for it); a drop ends the walk. The sample user's own access link is left out (it carries
 * only that user's traffic).
 */
function walk(flow: Flow, host: string, overrides: ReadonlyMap<Hop, StageAction>): Leg {
  const own = `access:${host}`;
  const channels: Leg['channels'] = [];
  let extra = 0;
  for (const h of flow.route ?? []) {
    if (h instanceof FlowStage) {
      const o = overrides.get(h);
      const action = o ? o.action : h.actionOf(flow);
      if (action === FlowAction.Drop) return { channels, dropped: true };
      const bytes = o ? o.bytes : h.bytesOf(flow);
      if (action === FlowAction.Grow) extra += bytes;
      else if (action === FlowAction.Shrink) extra -= bytes;
    } else if (isChannel(h) && !h.id.startsWith(`${own}>`) && !h.id.startsWith(`${own}<`)) {
      channels.push({ channel: h, extra });
    }
  }
  return { channels, dropped: false };
}

/**
 * The probability that a request-response exchange loses a packet on the wire (each of the request's
 * packets on the flow's route, each of the response's on the back flow's; channels' `loss`), with the
 * messages' mean packet counts (0 for other models: their rates do not depend on loss). Wire loss
 * only: what queues drop depends on the load, which the fluid users do not react to.
 */
function exchangeFailure(t: TrafficSpec, forward: Flow, back: Flow | null): number {
  if (t.model !== 'request-response') return 0;
  const lossy = (flow: Flow | null) => (flow?.route ?? []).some((h) => isChannel(h) && h.spec.loss > 0);
  if (!lossy(forward) && !lossy(back)) return 0;
  const mtu = t.mtu ?? REQUEST_RESPONSE_DEFAULTS.mtu;
  const delivered = (flow: Flow | null, packets: number) =>
    (flow?.route ?? []).reduce((p, h) => (isChannel(h) && h.spec.loss > 0 ? p * (1 - h.spec.loss) ** packets : p), 1);
  const ok = delivered(forward, packetsPer(t.request, mtu)) * delivered(back, packetsPer(t.response, mtu));
  return 1 - ok;
}

/** A rate's sizes from `generator`, `extra` bytes larger per packet of an arrival (a tunnel's overhead). */
function grownSizes(rate: Rate, generator: Alea, extra: number): Sampler {
  const size = rate.size(generator);
  if (extra === 0) return size;
  const more = extra * rate.perArrival();
  if (size instanceof ConstantSizes) return new ConstantSizes(size.mean + more);
  return { mean: size.mean + more, sample: () => size.sample() + more };
}

/**
 * Adds each group's load on the channels of its sample's routes once every flow is routed and every
 * tunnel and session decided, from its users' mean start (and their first exchanges while they start) to its
 * stop (or the end of the measured window, like the background): per outcome of its members (admitted
 * everywhere, or refused by some components), their number times each component's mean rates. Each (group,
 * outcome, flow, channel) draws from its own stream, named after all four (the admitted ones' names are those of a
 * population no component counts).
 */
export function carryFluidUsers(ctx: BuildContext, population: string, fluid: FluidPopulation): void {
  const admissions = ctx.shared(FLUID_ADMISSIONS);
  ctx.afterAdmission((flows) => {
    const loads: FluidLoad[] = [];
    for (const g of fluid.groups) {
      const { counted, outcomes } = admissions.of(g);
      const sample = ctx.node(g.sample);
      const userApp = (sample && homeUser.specOf(sample))?.apps.find((a) => a.label === g.label);
      if (!userApp) throw new Error(`population ${population}: sample user ${g.sample} does not run ${g.label}`);
      const directions = new Map(appFlowsAcross(userApp, flows).map(({ flow, direction }) => [flow, direction]));
      for (const outcome of outcomes)
        loads.push(...outcomeLoads(ctx, population, g, outcome, counted, directions, flows));
    }
    checkCarried(ctx, population, loads);
    for (const l of loads) {
      const rng = ctx.net.random.generator(l.name);
      const bg = ctx.net.addBackground(l.channel, l.load, l.size, rng, l.cls, l.from);
      bg.start();
      bg.stopAt(l.stop);
    }
  });
}

/**
 * One fluid source: a load (a fraction of the channel's rate) on a channel, its sizes, stream name, class, and
 * when it runs. `first`: the users' first exchanges, a burst while they start (not what the channel carries for
 * good, so {@link checkCarried} leaves it out).
 */
interface FluidLoad {
  channel: Channel;
  load: number;
  size: Sampler;
  name: string;
  cls: ClassInfo;
  from: number;
  stop: number;
  first?: true;
}

/**
 * Fluid users do not back off: a channel their load alone fills cannot carry them, and the full run
 * would lose most of that traffic in its queue. Refused, at the population's `fidelity`, naming the
 * channel (a scenario error: the run's answer would be meaningless).
 */
function checkCarried(ctx: BuildContext, population: string, loads: readonly FluidLoad[]): void {
  const byChannel = new Map<Channel, number>();
  for (const l of loads) if (!l.first) byChannel.set(l.channel, (byChannel.get(l.channel) ?? 0) + l.load);
  const over = [...byChannel].filter(([, load]) => load >= 1).sort((a, b) => b[1] - a[1]);
  if (over.length === 0) return;
  const index = ctx.scenario.declared.findIndex((d) => d.id === population);
  const [channel, load] = over[0];
  const more = over.length > 1 ? ` (and ${over.length - 1} more channel(s))` : '';
  throw new ScenarioError([
    {
      file: ctx.scenario.file,
      path: `nodes[${index}].fidelity`,
      message:
        `the fluid users of population ${population} alone offer ${load.toFixed(2)} times the capacity of ` +
        `${channel.id}${more}: carried as load, they would not back off, and the full run would lose most of it; ` +
        'give that link more capacity or the population fewer users',
    },
  ]);
}

/** The loads of a fluid group's members that share an outcome, on the channels of its sample's routes. */
function outcomeLoads(
  ctx: BuildContext,
  population: string,
  g: FluidGroup,
  outcome: FluidOutcome,
  counted: readonly Admitter[],
  directions: ReadonlyMap<Flow, Direction>,
  flows: ReadonlyMap<string, Flow>,
): FluidLoad[] {
  const out: FluidLoad[] = [];
  const app = appProfile(g.app);
  const legOf = (flow: Flow): Leg => {
    const overrides = new Map<Hop, StageAction>();
    const direction = directions.get(flow);
    if (direction)
      for (const a of counted)
        for (const x of a.actionsFor(g.sample, direction, !outcome.refusedBy.has(a.id))) overrides.set(x.stage, x);
    return walk(flow, g.sample, overrides);
  };
  for (const c of app.components) {
    const id = `${g.sample}.${g.label}.${c.name}`;
    const forward = flows.get(id);
    const back = flows.get(backFlowId(id)) ?? null;
    if (!forward) throw new Error(`population ${population}: sample flow ${id} is missing`);
    const rtt = [forward, back].reduce(
      (s, f) => s + (f?.route ?? []).reduce((d, h) => d + (isChannel(h) ? h.spec.delay : 0), 0),
      0,
    );
    const failure = {
      p: exchangeFailure(c.traffic, forward, back),
      from: g.start + spread / 2,
      ...ctx.window,
    };
    const rates = componentRates(c.traffic, c.direction === 'both', rtt, failure);
    if (typeof rates === 'string') throw new Error(`population ${population}: app ${g.app}: ${rates}`);
    const cls = ctx.net.classes.get(g.classes[c.name] ?? c.class);
    const there = legOf(forward);
    // A response answers a request: none comes back to a user whose requests are dropped.
    if (c.traffic.model === 'request-response' && there.dropped) continue;
    const legs: [Flow | null, Leg | null, Rate | null][] = [
      [forward, there, rates.forward],
      [back, back && legOf(back), rates.back],
    ];
    for (const [flow, leg, rate] of legs) {
      if (!flow || !leg || !rate) continue;
      for (const { channel: ch, extra } of leg.channels) {
        const name =
          `fluid:${population}:${g.isp}:${g.label}:${c.name}:${flow.id === id ? 'fwd' : 'back'}:${ch.id}` +
          (outcome.key === '' ? '' : `:${outcome.key}`);
        const size = grownSizes(rate, ctx.net.random.generator(`${name}:size`), extra);
        const load = (outcome.users * rate.packets * 8 * size.mean) / ch.spec.rate;
        const stop = Math.min(g.stop ?? ctx.window.end, ctx.window.end);
        // The users start one by one over the spread, and their load with them: carried from their mean start.
        out.push({ channel: ch, load, size, name, cls, from: g.start + spread / 2, stop });
        if (c.traffic.model === 'request-response') {
          const first = { channel: ch, name: `${name}:first`, cls, from: g.start, stop };
          const sizes = (part: string) =>
            grownSizes(rate, ctx.net.random.generator(`${first.name}${part}:size`), extra);
          out.push(...firstExchanges(first, outcome.users, size.mean, sizes));
        }
      }
    }
  }
  return out;
}

/**
 * A request-response user sends its first request as it starts, before any think time: the full run's users all
 * do so within the start spread, a burst of `users / spread` exchanges per second over the steady rate (measured
 * at 10,000 users with no warm-up: without it, the sample's business p99 was 13-21% lower than the same users' in
 * the full run, realtime p99 10-17%: bench/RESULTS.md). Carried while they start (a response reaches the user's
 * side a round trip after its request, a few ms of a one-second burst: not shifted). A load over the channel's
 * rate is split into sources of at most its rate, each with its own streams (Poisson sources add up to one).
 */
function firstExchanges(
  at: Pick<FluidLoad, 'channel' | 'name' | 'cls' | 'from' | 'stop'>,
  users: number,
  /** The mean size of an exchange's message: the steady load's, the same law. */
  mean: number,
  sizes: (part: string) => Sampler,
): FluidLoad[] {
  const stop = Math.min(at.from + spread, at.stop);
  if (!(stop > at.from)) return [];
  const load = ((users / spread) * 8 * mean) / at.channel.spec.rate;
  const parts = Math.ceil(load);
  return Array.from({ length: parts }, (_, i) => {
    const part = parts > 1 ? `:${i + 1}` : '';
    return { ...at, name: at.name + part, size: sizes(part), load: load / parts, stop, first: true as const };
  });
}
