import type { Rng } from '../engine/random.js';
import type { Simulator } from '../engine/simulator.js';
import { ChannelCounters } from './counters.js';
import { DropReason } from './drop.js';
import type { Hop, Packet } from './packet.js';
import { Ring } from './ring.js';

/** What a channel needs from its network: forwarding, dropping and releasing packets. */
export interface ChannelHost {
  readonly sim: Simulator;
  forward(pkt: Packet): void;
  drop(pkt: Packet, reason: DropReason): void;
  /** Records the loss without releasing the packet (it is still referenced by a pending event). */
  lose(pkt: Packet, reason: DropReason): void;
  release(pkt: Packet): void;
}

export interface ChannelSpec {
  id: string;
  from: string;
  to: string;
  /** Serialization rate, bits per second. */
  rate: number;
  /** Propagation delay, seconds. */
  delay: number;
  /** Independent loss probability per packet on the wire. */
  loss: number;
}

/**
 * One direction of a link (or a processing stage: a gateway is a channel whose rate is its
 * throughput and whose delay is its processing latency). A packet waits in the queue, is
 * serialized for exactly `size * 8 / rate` seconds, may be lost on the wire, and arrives `delay`
 * seconds later. Propagation keeps order (constant delay), so packets on the wire form a FIFO.
 *
 * Three implementations, chosen once per channel by the network (network.ts):
 * - {@link FifoChannel}: drop-tail FIFO, one event per packet (the Lindley recursion gives the
 *   departure at arrival), and background work without events;
 * - {@link QueuedChannel}: any other discipline, one event per packet plus a rare wake-up (service
 *   decisions are made lazily, each at its own instant, when the channel is next touched);
 * - {@link EventChannel}: an event at every serialization end, the reference the two others are
 *   tested against, and the only one that shapes (token bucket).
 * All three give the same departures, drops and link figures (up to the order of events at equal
 * times); they differ in how many events they cost.
 *
 * Lazy channels are exact because nothing observes a channel between its own events except
 * through {@link sync}: the counters window edges, the load monitor and failures call it first.
 */
export abstract class Channel implements Hop {
  up = true;
  /** Failed as an element (link failure), independent of its nodes' state. */
  failed = false;
  readonly counters = new ChannelCounters();
  /** Bits per second; serialization takes `size * 8 / rate`, the contract's formula. */
  protected readonly rate: number;
  protected readonly delay: number;
  /**
   * Packets with an arrival at the far end scheduled (in service or propagating; lazy channels
   * schedule it when the departure is known), in arrival order: constant delay keeps them FIFO.
   */
  protected readonly wire = new Ring<Packet>();

  constructor(
    readonly spec: ChannelSpec,
    protected readonly host: ChannelHost,
    protected readonly lossRng: Rng | null,
  ) {
    if (!(spec.rate > 0)) throw new RangeError(`channel ${spec.id}: rate must be > 0`);
    this.rate = spec.rate;
    this.delay = spec.delay;
  }

  get id(): string {
    return this.spec.id;
  }

  abstract send(pkt: Packet): void;

  /** Brings a lazy channel's state (departures, background work, counters) up to `now`. */
  abstract sync(now: number): void;

  /** Packets waiting plus the one in service. */
  abstract get backlog(): number;

  /** Seconds a packet arriving now would wait before its own serialization starts (estimate). */
  abstract get queueingDelay(): number;

  /**
   * Bytes and packets whose serialization finished, since creation (not gated to the measurement
   * window, wire losses included): the routing layer's load measurement reads their deltas.
   */
  abstract get servedBytes(): number;
  abstract get servedPackets(): number;

  /** Packets waiting (not in service), after {@link sync}. */
  protected abstract get waiting(): number;
  /** Whether a packet is in service, after {@link sync}. */
  protected abstract get serving(): boolean;

  /** Takes the channel down (what is queued, in service or on the wire is lost) or back up. */
  abstract setUp(up: boolean): void;

  /** The measurement window opens: counters start from the channel's state now. */
  openCounters(now: number): void {
    this.sync(now);
    this.counters.open(now, this.waiting, this.serving);
  }

  closeCounters(now: number): void {
    this.sync(now);
    this.counters.close(now);
  }

  /** Loses every packet with a scheduled arrival: each is released when its event fires. */
  protected loseWire(): void {
    this.wire.drain((pkt) => {
      this.counters.dropped();
      this.host.lose(pkt, DropReason.Down);
      pkt.dead = true;
    });
  }

  /** A packet reaches the far end (its wire loss, if any, was handled at its departure). */
  protected readonly onArrived = (pkt: Packet): void => {
    if (pkt.dead) {
      this.host.release(pkt);
      return;
    }
    this.wire.shift();
    // Counted on arrival, so a packet lost on the wire when the link goes down is a drop only.
    this.counters.crossed(pkt.size);
    this.host.forward(pkt);
  };
}
