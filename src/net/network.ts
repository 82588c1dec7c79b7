import type { Alea, Rng } from '../engine/random.js';
import { RandomStreams } from '../engine/random.js';
import type { Simulator } from '../engine/simulator.js';
import type { Sampler } from '../engine/distributions.js';
import { BackgroundTraffic, LazyBackground, type Background } from './background.js';
import { Channel, type ChannelHost } from './channel.js';
import { EventChannel } from './channel-event.js';
import { FifoChannel } from './channel-fifo.js';
import { QueuedChannel } from './channel-queued.js';
import type { ClassInfo, ClassTable } from './classes.js';
import { DelayLedger } from './delay-ledger.js';
import { DropReason } from './drop.js';
import { Flow } from './flow.js';
import { FlowStage } from './flow-stage.js';
import { Link, linkId } from './link.js';
import { NetNode } from './node.js';
import { PacketPool, type Hop, type Packet } from './packet.js';
import { createQueue, DEFAULT_QUEUE, type QueueSpec } from './queue/index.js';
import { TokenBucket } from './shaper.js';

/** One direction's parameters. */
export interface DirectionSpec {
  rate: number;
  delay: number;
  loss?: number;
  queue?: QueueSpec;
  shaper?: { rate: number; burst: number };
}

export interface LinkSpec {
  id?: string;
  from: string;
  to: string;
  forward: DirectionSpec;
  reverse: DirectionSpec;
}

/** Called after an element goes down or comes back up, so routes can be recomputed. */
export type TopologyListener = (change: { kind: 'link' | 'node'; id: string; up: boolean }) => void;

/**
 * How the network simulates its channels (every choice gives the same departures and figures, up
 * to the order of events at equal times; docs/performance.md says when each applies):
 * - `channels`: `lazy` (default) uses {@link FifoChannel} for drop-tail FIFO queues and
 *   {@link QueuedChannel} for the other disciplines, one event per packet; `events` uses
 *   {@link EventChannel} everywhere, an event per serialization end too.
 * - `background`: `lazy` (default) gives FIFO channels their cross traffic as work without events
 *   ({@link LazyBackground}); `packets` schedules an event per background arrival everywhere.
 * Channels with a shaper, and background on non-FIFO queues, are always event-driven.
 */
export interface NetworkModel {
  channels?: 'lazy' | 'events';
  background?: 'lazy' | 'packets';
}

/**
 * The packet-level network: nodes, full-duplex links, flows, the packet pool, and forwarding.
 * A packet carries its route (hops) and a hop index, so forwarding is O(1).
 */
export class Network implements ChannelHost {
  readonly pool = new PacketPool();
  readonly nodes = new Map<string, NetNode>();
  readonly links = new Map<string, Link>();
  readonly flows: Flow[] = [];
  /** Every channel, including processing stages added by components. */
  readonly channels: Channel[] = [];
  /** Where the delay comes from, once {@link attachLedger} is called (null: not measured). */
  ledger: DelayLedger | null = null;
  /** Fused channels take packets ahead of the clock up to here ({@link fuse}: the end of the run). */
  horizon = -Infinity;
  /** Set by {@link fuse}: the topology, the routes and the flows are fixed for the rest of the run. */
  fused = false;
  /**
   * Set by {@link fuse}, by flow index: for each hop of the flow's route, the index of the next hop
   * that is not a zero-time flow stage (the route's length if none): what a fused chain crosses in
   * Channel.toFarEnd.
   */
  nextChannel: readonly Int32Array[] = [];
  private readonly listeners: TopologyListener[] = [];
  /** Who reads channel state during the run ({@link watchState}): then nothing is fused. */
  readonly watchers: string[] = [];
  /** Channels with packet-level background: it arrives at the current time, from outside any route. */
  private readonly fedFromOutside = new Set<Channel>();

  constructor(
    readonly sim: Simulator,
    readonly classes: ClassTable,
    readonly random: RandomStreams = new RandomStreams(1),
    readonly model: Readonly<NetworkModel> = {},
  ) {}

  addNode(id: string, kind = 'router'): NetNode {
    if (this.nodes.has(id)) throw new Error(`duplicate node id '${id}'`);
    const node = new NetNode(this.nodes.size, id, kind);
    this.nodes.set(id, node);
    return node;
  }

  node(id: string): NetNode {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`unknown node '${id}'`);
    return n;
  }

  addLink(spec: LinkSpec): Link {
    const id = spec.id ?? linkId(spec.from, spec.to);
    if (this.links.has(id)) throw new Error(`duplicate link id '${id}'`);
    const from = this.node(spec.from);
    const to = this.node(spec.to);
    const forward = this.addChannel(`${id}>`, from, to, spec.forward);
    const reverse = this.addChannel(`${id}<`, to, from, spec.reverse);
    const link = new Link(id, spec.from, spec.to, forward, reverse);
    this.links.set(id, link);
    return link;
  }

  link(id: string): Link {
    const l = this.links.get(id);
    if (!l) throw new Error(`unknown link '${id}'`);
    return l;
  }

  /**
   * A directed channel not attached to a link: a processing stage inside a node (a gateway's
   * crypto engine, a firewall). It belongs to `node` and goes down with it.
   */
  addStage(id: string, nodeId: string, spec: DirectionSpec): Channel {
    const node = this.node(nodeId);
    const stage = this.addChannel(id, node, node, spec);
    node.stages.push(stage);
    return stage;
  }

  addFlow(id: string, cls: ClassInfo, background = false): Flow {
    if (this.fused) throw new Error(`flow '${id}' added to a fused network (routes are fixed once fused)`);
    const flow = new Flow(this.flows.length, id, cls, background);
    this.flows.push(flow);
    return flow;
  }

  /**
   * Unmeasured Poisson cross traffic at `load` of `channel`'s rate, sizes from `size`, arrival
   * times from `rng` (a stream, or its generator: the lazy work loop inlines a generator's draws);
   * in class `cls` where the queue tells classes apart; its first arrival one gap after `from` (default now, a
   * time not before now). Call `start()` on it.
   */
  addBackground(
    channel: Channel,
    load: number,
    size: Sampler,
    rng: Rng | Alea,
    cls: ClassInfo,
    from = this.sim.now,
  ): Background {
    if (!(from >= this.sim.now)) throw new RangeError(`background from ${from} s is before now (${this.sim.now} s)`);
    if (channel instanceof FifoChannel && this.model.background !== 'packets')
      return new LazyBackground(this, channel, load, size, rng, from);
    const flow = this.addFlow(`bg:${channel.id}`, cls, true);
    this.fedFromOutside.add(channel);
    return new BackgroundTraffic(this, channel, flow, load, size, rng, from);
  }

  /**
   * Declares the network fixed for the rest of the run (no failure, no route change, no new flow:
   * each of these throws from now on) and fuses what that allows (channel.ts): every lazy FIFO
   * channel whose packets all come from one other lazy channel takes them from it ahead of the
   * clock, up to `horizon` (the end of the run, so nothing past it is decided). Packets no longer
   * need to be tracked on the wire (only failures need that). The measurement window is set on
   * every channel's counters up front, since fused channels record changes ahead of the clock.
   * Returns the number of channels fused. The event model (`channels: 'events'`) fuses nothing, nor
   * does a network whose channel state is watched during the run ({@link watchState}).
   */
  fuse(window: { start: number; end: number }, horizon: number): number {
    if (this.fused) throw new Error('network already fused');
    this.fused = true;
    this.horizon = horizon;
    for (const ch of this.channels) ch.counters.setWindow(window.start, window.end);
    if (this.model.channels === 'events' || this.watchers.length > 0) return 0;
    for (const ch of this.channels) ch.trackWire = false;
    this.nextChannel = this.flows.map((flow) => nextChannels(flow.route ?? []));
    // What each channel's packets come from: the channels before it on the routes, null for anything
    // else (a source, background from outside). Zero-time flow stages in between do not count: a fused
    // chain crosses them (Channel.toFarEnd).
    const feeders = new Map<Channel, Set<Channel | null>>();
    const feed = (ch: Channel, from: Channel | null): void => {
      const set = feeders.get(ch);
      if (set === undefined) feeders.set(ch, new Set([from]));
      else set.add(from);
    };
    for (const ch of this.fedFromOutside) feed(ch, null);
    for (const flow of this.flows) {
      const route = flow.route;
      if (route === null) continue;
      for (let i = 0; i < route.length; i++) {
        const hop = route[i];
        if (!(hop instanceof Channel)) continue;
        let p = i - 1;
        while (p >= 0 && route[p] instanceof FlowStage) p--;
        const prev = p >= 0 ? route[p] : null;
        feed(hop, prev instanceof Channel ? prev : null);
      }
    }
    // Fusion: a FIFO channel whose packets all come from one lazy channel.
    let fused = 0;
    for (const [ch, set] of feeders) {
      if (set.size !== 1 || !(ch instanceof FifoChannel)) continue;
      const [from] = set;
      if (from === null || from instanceof EventChannel) continue;
      ch.fusedTo = from;
      fused++;
    }
    // Fan-in: a channel fed only by FIFO channels (several, or one it is not fused to) takes their
    // packets when they know the arrival, with their smallest delay as lookahead (channel.ts).
    for (const [ch, set] of feeders) {
      if (ch.fusedTo !== null) continue;
      let lookahead = Infinity;
      for (const f of set) {
        if (!(f instanceof FifoChannel)) {
          lookahead = Infinity;
          break;
        }
        lookahead = Math.min(lookahead, f.spec.delay);
      }
      if (lookahead > 0 && lookahead < Infinity) ch.fanIn(lookahead);
    }
    return fused;
  }

  /**
   * Declares that `who` reads channel state (counters through `Channel.countersAt`, queue length,
   * queueing delay) at times during the run, such as a time series sampling at window boundaries.
   * A fused channel runs ahead of the clock, so then {@link fuse} fuses nothing and every channel's
   * state at a time is its state at that time. Call it before `fuse`.
   */
  watchState(who: string): void {
    if (this.fused) throw new Error(`${who} watches channel state after the network was fused (call it before fuse)`);
    this.watchers.push(who);
  }

  onTopologyChange(listener: TopologyListener): void {
    this.listeners.push(listener);
  }

  /** A new packet of `flow`, created now, on the flow's current route. Inject it with {@link inject}. */
  packet(flow: Flow, size: number): Packet {
    const p = this.pool.alloc();
    const cls = flow.cls;
    p.flow = flow;
    p.cls = cls.index;
    p.priority = cls.priority;
    p.dscp = cls.dscp;
    p.size = size;
    p.created = this.sim.now;
    if (flow.route !== null) p.route = flow.route;
    flow.packets++;
    flow.bytes += size;
    return p;
  }

  /** Counts the packet as sent and puts it on the first hop of its flow's route. */
  inject(pkt: Packet): void {
    const flow = pkt.flow;
    flow.observer.onSent(pkt);
    if (flow.route === null) {
      this.drop(pkt, DropReason.NoRoute);
      return;
    }
    pkt.hop = 0;
    if (pkt.route.length === 0) this.deliver(pkt);
    else pkt.route[0].send(pkt);
  }

  /** Moves a packet that finished a hop on to the next, or delivers it. */
  forward(pkt: Packet): void {
    const hop = ++pkt.hop;
    if (hop < pkt.route.length) pkt.route[hop].send(pkt);
    else this.deliver(pkt);
  }

  drop(pkt: Packet, reason: DropReason): void {
    this.lose(pkt, reason);
    this.pool.release(pkt);
  }

  dropAt(pkt: Packet, reason: DropReason, t: number): void {
    pkt.flow.observer.onLost(pkt, reason, t);
    this.pool.release(pkt);
  }

  lose(pkt: Packet, reason: DropReason): void {
    pkt.flow.observer.onLost(pkt, reason, this.sim.now);
  }

  release(pkt: Packet): void {
    this.pool.release(pkt);
  }

  setLinkUp(id: string, up: boolean): void {
    const link = this.link(id);
    this.assertChangeable(`link '${id}'`);
    if (link.forward.failed === !up) return;
    link.forward.failed = link.reverse.failed = !up;
    this.refresh(link.forward);
    this.refresh(link.reverse);
    this.notify({ kind: 'link', id, up });
  }

  /** A node going down takes every channel in and out of it, and its stages, down with it. */
  setNodeUp(id: string, up: boolean): void {
    const node = this.node(id);
    this.assertChangeable(`node '${id}'`);
    if (node.up === up) return;
    node.up = up;
    for (const ch of node.out) this.refresh(ch);
    for (const ch of node.in) this.refresh(ch);
    this.notify({ kind: 'node', id, up });
  }

  /**
   * Attaches the delay ledger to every channel (SCENARIO-FORMAT.md, "Where the delay comes from"),
   * counting packets sent in [start, end). Once, after the last channel is added and before any
   * packet is sent: its arrays are sized for the channels and classes there are then.
   */
  attachLedger(start: number, end: number): DelayLedger {
    if (this.ledger !== null) throw new Error('the delay ledger is attached once');
    const names = new Map<Channel, string>();
    for (const l of this.links.values()) {
      names.set(l.forward, `${l.id}/forward`);
      names.set(l.reverse, `${l.id}/reverse`);
    }
    const dirs = this.channels.map((ch) => ({
      name: names.get(ch) ?? `${ch.spec.from}/stage`,
      delay: ch.spec.delay,
      // A channel of no link is a node's processing stage.
      stage: !names.has(ch),
    }));
    const ledger = new DelayLedger(dirs, this.classes.list.length, start, end);
    this.channels.forEach((ch, i) => (ch.ledger = ledger.ports[i]));
    this.ledger = ledger;
    return ledger;
  }

  /** Throws when the network is fused: its routes and fused channels assume nothing fails. */
  assertChangeable(what: string): void {
    if (this.fused) throw new Error(`${what} cannot fail or be repaired in a fused network (see Network.fuse)`);
  }

  /** Opens every channel's counters (the measurement window starts; fused: set up front already). */
  openCounters(): void {
    if (this.fused) return;
    const now = this.sim.now;
    for (const ch of this.channels) ch.openCounters(now);
  }

  closeCounters(): void {
    const now = this.sim.now;
    for (const ch of this.channels) ch.closeCounters(now);
  }

  /**
   * Delivers a packet whose arrival, at `pkt.at`, is known ahead of the clock (Channel.toFarEnd: a
   * fused network, a flow without a receiver): its observer sees it arrive at that time.
   */
  deliverAhead(pkt: Packet): void {
    pkt.flow.observer.onReceived(pkt, pkt.at);
    this.pool.release(pkt);
  }

  private deliver(pkt: Packet): void {
    const flow = pkt.flow;
    flow.observer.onReceived(pkt, this.sim.now);
    if (flow.receiver !== null) flow.receiver.arrive(pkt);
    else this.pool.release(pkt);
  }

  private addChannel(id: string, from: NetNode, to: NetNode, d: DirectionSpec): Channel {
    if (this.ledger !== null) throw new Error(`channel ${id} added after the delay ledger was attached`);
    const loss = d.loss ?? 0;
    const lossRng: Alea | null = loss > 0 ? this.random.generator(`loss:${id}`) : null;
    const spec = { id, from: from.id, to: to.id, rate: d.rate, delay: d.delay, loss };
    const queue = d.queue ?? DEFAULT_QUEUE;
    let channel: Channel;
    if (d.shaper || this.model.channels === 'events') {
      const shaper = d.shaper ? new TokenBucket(d.shaper.rate, d.shaper.burst) : null;
      channel = new EventChannel(spec, this, createQueue(queue, this.classes), lossRng, shaper);
    } else if (queue.discipline === 'fifo') channel = new FifoChannel(spec, this, queue.limit, lossRng);
    else channel = new QueuedChannel(spec, this, createQueue(queue, this.classes), lossRng);
    from.out.push(channel);
    if (to !== from) to.in.push(channel);
    this.channels.push(channel);
    return channel;
  }

  /** A channel is up when it has not failed and both its ends are up. */
  private refresh(ch: Channel): void {
    ch.setUp(!ch.failed && this.node(ch.spec.from).up && this.node(ch.spec.to).up);
  }

  private notify(change: { kind: 'link' | 'node'; id: string; up: boolean }): void {
    for (const l of this.listeners) l(change);
  }
}

/**
 * For each hop of `route`, the index of the next hop that is not a zero-time flow stage. Looked up
 * per packet and hop in a fused chain instead of testing the hops that follow (`instanceof` walks
 * the prototype chain: measured, about 70 instructions a call of Channel.toFarEnd on the dumbbell's
 * bottleneck, bench/RESULTS.md "Per-hop cost, round three").
 */
function nextChannels(route: readonly Hop[]): Int32Array {
  const next = new Int32Array(route.length);
  let j = route.length;
  for (let i = route.length - 1; i >= 0; i--) {
    next[i] = j;
    if (!(route[i] instanceof FlowStage)) j = i;
  }
  return next;
}
