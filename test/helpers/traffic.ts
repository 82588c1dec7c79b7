import {
  DropReason,
  type Channel,
  type Endpoint,
  type Flow,
  type Hop,
  type Link,
  type Network,
  type Packet,
  type QueueSpec,
} from '../../src/net/index.js';
import { createSource, type TrafficSource, type TrafficSpec } from '../../src/traffic/index.js';
import type { Mini } from './mini.js';

/** Starts a source of `spec` on `flow` (and `reverse`), with the stream the scenario builder would use. */
export function attach(
  m: Mini,
  spec: TrafficSpec,
  flow: Flow,
  reverse?: Flow,
  start = 0,
  stop = m.window.end,
): TrafficSource {
  const src = createSource(spec, {
    net: m.net,
    flow,
    reverse,
    rng: m.random.stream(`flow:${flow.id}`),
    start,
    stop,
    window: m.window,
  });
  src.start();
  return src;
}

/** A measured flow (Mini's recorder) on any route, processing hops such as a Dropper included. */
export function routed(m: Mini, id: string, cls: string, route: readonly Hop[]): Flow {
  const flow = m.flow(id, cls, []);
  flow.route = route;
  return flow;
}

/** The reverse channels of a chain of links, in the order a packet going back crosses them. */
export function backRoute(links: readonly Link[]): Channel[] {
  return [...links].reverse().map((l) => l.reverse);
}

/** Records the arrival time and size of every packet of a flow (then releases it). */
export class Arrivals implements Endpoint {
  readonly times: number[] = [];
  readonly created: number[] = [];
  readonly sizes: number[] = [];

  constructor(private readonly net: Network) {}

  arrive(pkt: Packet): void {
    this.times.push(this.net.sim.now);
    this.created.push(pkt.created);
    this.sizes.push(pkt.size);
    this.net.release(pkt);
  }
}

/**
 * A dumbbell: senders s0..s(n-1) -> r1 ==bottleneck== r2 -> d0..d(n-1). Access links are fast
 * (100x the bottleneck) with `accessDelay` each; the bottleneck has `delay` and `queue` on its
 * forward direction. Returns each pair's forward and backward routes.
 */
export function dumbbell(
  m: Mini,
  n: number,
  o: { rate: number; delay: number; accessDelay?: number[]; queue: QueueSpec; loss?: number },
): { bottleneck: Link; forward: Channel[][]; back: Channel[][] } {
  const net = m.net;
  net.addNode('r1');
  net.addNode('r2');
  const fast = { rate: o.rate * 100, delay: 0 };
  const bottleneck = net.addLink({
    id: 'bottleneck',
    from: 'r1',
    to: 'r2',
    forward: { rate: o.rate, delay: o.delay, queue: o.queue, loss: o.loss },
    reverse: { rate: o.rate, delay: o.delay },
  });
  const forward: Channel[][] = [];
  const back: Channel[][] = [];
  for (let i = 0; i < n; i++) {
    net.addNode(`s${i}`);
    net.addNode(`d${i}`);
    const d = o.accessDelay?.[i] ?? 0;
    const a = net.addLink({ from: `s${i}`, to: 'r1', forward: { ...fast, delay: d }, reverse: { ...fast, delay: d } });
    const b = net.addLink({ from: 'r2', to: `d${i}`, forward: fast, reverse: fast });
    forward.push([a.forward, bottleneck.forward, b.forward]);
    back.push([b.reverse, bottleneck.reverse, a.reverse]);
  }
  return { bottleneck, forward, back };
}

/** Jain's fairness index: (sum x)^2 / (n * sum x^2); 1 is perfectly fair. */
export function jain(xs: readonly number[]): number {
  const sum = xs.reduce((a, b) => a + b, 0);
  const sq = xs.reduce((a, b) => a + b * b, 0);
  return (sum * sum) / (xs.length * sq);
}

/** A hop that drops the packets `doom` picks (as wire loss) and passes the rest on at once. */
export class Dropper implements Hop {
  dropped = 0;

  constructor(
    private readonly net: Network,
    private readonly doom: (pkt: Packet) => boolean,
  ) {}

  send(pkt: Packet): void {
    if (this.doom(pkt)) {
      this.dropped++;
      this.net.drop(pkt, DropReason.Wire);
    } else {
      this.net.forward(pkt);
    }
  }
}
