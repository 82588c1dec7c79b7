import { Channel } from '../../net/index.js';
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

/**
 * Chooses among the `k` least-cost paths by cost plus queueing delay, re-evaluated every `interval`
 * seconds, moving a flow only when the best alternative scores better than its current path by
 * more than the `hysteresis` fraction.
 *
 * Score of a path for flow f, in cost units (milliseconds with the default costs):
 *   cost + 1000 * sum over its channels (and the stage channels of the nodes it enters) of
 *   - on f's current path: the measured queueing delay q (f's own traffic is already in it);
 *   - elsewhere: q + S * (w(u + a) - w(u)), the M/M/1 increase of waiting time when f's rate is
 *     added: u the measured utilization, a = f's rate / channel rate, S the mean service time,
 *     w(u) = u / (1 - u).
 * Without the second term a flow that congests a path by itself would see any idle path as better,
 * move, congest that one, and move back: measured queueing alone makes flows flap.
 *
 * Within one round flows are asked lowest priority first (the router's order), and each move
 * updates the utilization and queueing this policy assumes for the channels left and joined, so
 * bulk moves first and realtime then sees the path bulk freed instead of all flows herding to the
 * same alternative on stale measurements.
 *
 * Limits: queueing is per channel, not per class (under strict priority, realtime waits less than
 * the channel's backlog suggests); costs other than milliseconds of delay are added to queueing
 * milliseconds as they are.
 */
export class LoadAwarePolicy implements RoutingPolicy {
  readonly name = 'load-aware';
  private roundAt = NaN;
  private readonly adjusted = new Map<Channel, Adjusted>();

  constructor(
    readonly k: number,
    readonly interval: number,
    readonly hysteresis: number,
  ) {}

  choose(req: RouteRequest, ctx: PolicyContext, current: Path | null): Path | null {
    if (ctx.now !== this.roundAt) {
      this.roundAt = ctx.now;
      this.adjusted.clear();
    }
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
      for (const st of ctx.topology.net.node(ch.spec.to).stages) if (st instanceof Channel) out.add(st);
    }
    return out;
  }

  private score(ctx: PolicyContext, p: Path, here: ReadonlySet<Channel> | null, rate: number, size: number): number {
    let seconds = 0;
    for (const ch of this.hops(ctx, p)) {
      const { u, q } = this.state(ctx, ch);
      seconds += here !== null && here.has(ch) ? q : q + this.increase(ctx, ch, u, rate / ch.spec.rate, size);
    }
    return p.cost + 1000 * seconds;
  }

  /** Extra waiting on `ch` when utilization goes from u to u + a (negative a: the decrease). */
  private increase(ctx: PolicyContext, ch: Channel, u: number, a: number, size: number): number {
    if (a === 0) return 0;
    let service = ctx.load.serviceTime(ch);
    if (!(service === service)) service = size === size ? (size * 8) / ch.spec.rate : 0;
    return service * (waiting(u + a) - waiting(u));
  }

  private state(ctx: PolicyContext, ch: Channel): Adjusted {
    return this.adjusted.get(ch) ?? { u: ctx.load.utilization(ch), q: ctx.load.queueingDelay(ch) };
  }

  /** Books a move for the rest of this round: the flow's load leaves `from` and joins `to`. */
  private move(ctx: PolicyContext, from: Path | null, to: Path, rate: number, size: number): void {
    if (rate === 0) return;
    const left = from !== null ? this.hops(ctx, from) : new Set<Channel>();
    const joined = this.hops(ctx, to);
    for (const ch of joined) if (!left.has(ch)) this.shift(ctx, ch, rate / ch.spec.rate, size);
    for (const ch of left) if (!joined.has(ch)) this.shift(ctx, ch, -rate / ch.spec.rate, size);
  }

  private shift(ctx: PolicyContext, ch: Channel, a: number, size: number): void {
    const s = this.state(ctx, ch);
    const q = Math.max(0, s.q + this.increase(ctx, ch, s.u, a, size));
    this.adjusted.set(ch, { u: Math.max(0, s.u + a), q });
  }
}
