import type { Channel, Hop } from '../../net/index.js';
import { isUsable, sameRoute, type Path } from '../path.js';
import type { PolicyContext, RouteRequest, RoutingPolicy } from '../policy.js';

/** Utilization is capped here in the queueing model: a saturated channel costs about 99 service times. */
const MAX_UTILIZATION = 0.99;

/** M/M/1 waiting time in service times: rho / (1 - rho). */
function waiting(u: number): number {
  const rho = u < 0 ? 0 : u > MAX_UTILIZATION ? MAX_UTILIZATION : u;
  return rho / (1 - rho);
}

interface Adjusted {
  u: number;
  q: number;
}

/** A booked change of utilization and queueing on a channel, fading as measurements catch up. */
interface Booked {
  du: number;
  dq: number;
  at: number;
}

/**
 * Chooses among the `k` least-cost paths by cost plus queueing delay, re-evaluated every `interval`
 * seconds, moving a flow only when the best alternative scores better than its current path by
 * more than the `hysteresis` fraction.
 *
 * Score of a path for flow f, in cost units (milliseconds with the default costs):
 *   cost + 1000 * sum over its channels (and the stage channels of the nodes it enters) of
 *   - on f's current path: the measured queueing delay q (f's own traffic is already in it);
 *   - elsewhere: q + S * (w(u + a) - w(u)), the M/M/1 increase of waiting time when f's rate is
 *     added: u the measured utilization, a = f's rate / channel rate, w(u) = u / (1 - u), and S
 *     the larger of the mean service time and q / w(u) (the curve through the measurement).
 * Without the second term a flow that congests a path by itself would see any idle path as better,
 * move, congest that one, and move back: measured queueing alone makes flows flap.
 *
 * Measurements lag: they are smoothed with time constant tau, so after a move they still carry
 * exp(-t / tau) of the old level. Each move is therefore booked (the change in utilization and
 * queueing it predicts on the channels left and joined) and added to the measurements with that
 * same fading weight. Within a round flows are asked lowest priority first (the router's order)
 * and see the moves booked before them: bulk moves first, and realtime sees the path bulk freed
 * instead of all flows herding to one alternative on stale measurements, then flapping back.
 *
 * Limits: queueing is per channel, not per class (under strict priority, realtime waits less than
 * the channel's backlog suggests); costs other than milliseconds of delay are added to queueing
 * milliseconds as they are.
 */
export class LoadAwarePolicy implements RoutingPolicy {
  readonly name = 'load-aware';
  private readonly booked = new Map<Channel, Booked>();
  /** A network's channels (`net.channels`) as a set, that list, and its length when the set was made. */
  private channels: ReadonlySet<Hop> = new Set();
  private channelList: readonly Channel[] | null = null;
  private channelCount = 0;

  constructor(
    readonly k: number,
    readonly interval: number,
    readonly hysteresis: number,
  ) {}

  choose(req: RouteRequest, ctx: PolicyContext, current: Path | null): Path | null {
    const candidates = ctx.kShortest(req, this.k);
    const keep = current !== null && isUsable(current) ? current : null;
    const here = keep !== null ? this.hops(ctx, keep) : null;
    const rate = ctx.load.flowRate(req.flow);
    const size = ctx.load.flowPacketSize(req.flow);
    let best: Path | null = null;
    let bestScore = Infinity;
    for (const p of candidates) {
      const s = this.score(ctx, p, here, rate, size);
      if (s < bestScore) {
        best = p;
        bestScore = s;
      }
    }
    if (keep === null) {
      if (best !== null) this.move(ctx, null, best, rate, size);
      return best;
    }
    if (best === null || sameRoute(best, keep)) return keep;
    const keepScore = this.score(ctx, keep, here, rate, size);
    if (!(bestScore < keepScore * (1 - this.hysteresis))) return keep;
    this.move(ctx, keep, best, rate, size);
    return best;
  }

  /** The channels a packet on `p` is queued at: the links, and the stage channels of each node entered. */
  private hops(ctx: PolicyContext, p: Path): Set<Channel> {
    const out = new Set<Channel>();
    for (const ch of p.channels) {
      out.add(ch);
      for (const st of ctx.topology.net.node(ch.spec.to).stages) if (this.isChannel(ctx, st)) out.add(st);
    }
    return out;
  }

  /**
   * Whether a node's stage is a channel (the others are flow stages: tunnels, admission). Asked of the
   * network's list of channels, not with `instanceof`: importing the Channel class would load the
   * channels and queues into `netsim validate`, which builds this policy to read its interval
   * (bench/RESULTS.md, "Fast start, round two"). Stages are added before routing: the set is made once per network.
   */
  private isChannel(ctx: PolicyContext, st: Hop): st is Channel {
    const all = ctx.topology.net.channels;
    if (all !== this.channelList || all.length !== this.channelCount) {
      this.channels = new Set(all);
      this.channelList = all;
      this.channelCount = all.length;
    }
    return this.channels.has(st);
  }

  private score(ctx: PolicyContext, p: Path, here: ReadonlySet<Channel> | null, rate: number, size: number): number {
    let seconds = 0;
    for (const ch of this.hops(ctx, p)) {
      const { u, q } = this.state(ctx, ch);
      seconds += here !== null && here.has(ch) ? q : q + this.increase(ctx, ch, u, q, rate / ch.spec.rate, size);
    }
    return p.cost + 1000 * seconds;
  }

  /**
   * Extra waiting on `ch` when utilization goes from u to u + a (negative a: the decrease), given
   * the queueing q seen now. The M/M/1 curve is scaled to pass through the measurement: its scale
   * is the larger of the mean service time and q / w(u), so a channel queueing more than M/M/1
   * says (bursty cross traffic, a backlog still draining) gains and sheds delay in proportion.
   */
  private increase(ctx: PolicyContext, ch: Channel, u: number, q: number, a: number, size: number): number {
    if (a === 0) return 0;
    let service = ctx.load.serviceTime(ch);
    if (!(service === service)) service = size === size ? (size * 8) / ch.spec.rate : 0;
    const w = waiting(u);
    const scale = w > 0 ? Math.max(service, q / w) : service;
    return scale * (waiting(u + a) - w);
  }

  /** Measured utilization and queueing plus what booked moves predict the measurements do not show yet. */
  private state(ctx: PolicyContext, ch: Channel): Adjusted {
    const u = ctx.load.utilization(ch);
    const q = ctx.load.queueingDelay(ch);
    const b = this.booked.get(ch);
    if (b === undefined) return { u, q };
    const w = this.fade(ctx, b);
    if (w < 0.01) {
      this.booked.delete(ch);
      return { u, q };
    }
    return { u: Math.max(0, u + w * b.du), q: Math.max(0, q + w * b.dq) };
  }

  /** The weight of a booking made at `b.at`: 1 while measurements are not smoothed (none lag). */
  private fade(ctx: PolicyContext, b: Booked): number {
    const tau = ctx.load.timeConstant;
    return tau > 0 ? Math.exp(-(ctx.now - b.at) / tau) : ctx.now === b.at ? 1 : 0;
  }

  /** Books a move: the flow's load leaves `from` and joins `to`. */
  private move(ctx: PolicyContext, from: Path | null, to: Path, rate: number, size: number): void {
    if (rate === 0) return;
    const left = from !== null ? this.hops(ctx, from) : new Set<Channel>();
    const joined = this.hops(ctx, to);
    for (const ch of joined) if (!left.has(ch)) this.book(ctx, ch, rate / ch.spec.rate, size);
    for (const ch of left) if (!joined.has(ch)) this.book(ctx, ch, -rate / ch.spec.rate, size);
  }

  private book(ctx: PolicyContext, ch: Channel, a: number, size: number): void {
    const s = this.state(ctx, ch);
    const dq = Math.max(-s.q, this.increase(ctx, ch, s.u, s.q, a, size));
    const du = Math.max(-s.u, a);
    const b = this.booked.get(ch);
    const w = b !== undefined ? this.fade(ctx, b) : 0;
    this.booked.set(ch, { du: w * (b?.du ?? 0) + du, dq: w * (b?.dq ?? 0) + dq, at: ctx.now });
  }
}
