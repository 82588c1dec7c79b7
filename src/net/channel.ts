import type { Rng } from '../engine/random.js';
import type { Simulator } from '../engine/simulator.js';
import { ChannelCounters } from './counters.js';
import { DropReason } from './drop.js';
import type { Hop, Packet } from './packet.js';
import type { PacketQueue } from './queue/queue.js';
import { Ring } from './ring.js';
import type { TokenBucket } from './shaper.js';

/** What {@link Channel.usageAt} writes, in order. */
export const USAGE_FIELDS = ['busySeconds', 'queueArea', 'packets', 'bytes', 'drops'] as const;

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
 */
export class Channel implements Hop {
  up = true;
  /** Failed as an element (link failure), independent of its nodes' state. */
  failed = false;
  readonly counters = new ChannelCounters();
  /**
   * Bytes and packets whose serialization finished, since creation (not gated to the measurement
   * window, wire losses included): the routing layer's load measurement reads their deltas.
   */
  servedBytes = 0;
  servedPackets = 0;
  /** Seconds per byte, for estimates only. */
  private secondsPerByte: number;
  /**
   * Bits per second. Serialization is computed as `size * 8 / rate`, the contract's formula, not
   * `size * secondsPerByte`: the two differ by one ulp for a third of common (size, rate) pairs.
   */
  private readonly rate: number;
  private current: Packet | null = null;
  private busy = false;
  /** Incremented when the channel goes down: stale transmission events are ignored. */
  private epoch = 0;
  private readonly wire = new Ring<Packet>();

  constructor(
    readonly spec: ChannelSpec,
    private readonly host: ChannelHost,
    readonly queue: PacketQueue,
    private readonly lossRng: Rng | null,
    private readonly shaper: TokenBucket | null = null,
  ) {
    if (!(spec.rate > 0)) throw new RangeError(`channel ${spec.id}: rate must be > 0`);
    this.secondsPerByte = 8 / spec.rate;
    this.rate = spec.rate;
    queue.setDropHandler?.(this.onAqmDrop);
  }

  get id(): string {
    return this.spec.id;
  }

  /** Packets waiting plus the one in service. */
  get backlog(): number {
    return this.queue.length + (this.current ? 1 : 0);
  }

  /**
   * This direction's window-gated counters as they stand at `t` (>= the last event that touched
   * them), written into `out` from `at`: busy seconds, queue packet-seconds, packets and bytes that
   * crossed, drops (the order of {@link USAGE_FIELDS}). The time-series recorder samples link
   * directions only through this accessor, once per window boundary: a channel that computes
   * departures ahead of the clock (lazy FIFO, fused hops) ports this one method, not the recorder.
   */
  usageAt(t: number, out: Float64Array, at: number): void {
    const c = this.counters;
    out[at] = c.busyTimeAt(t);
    out[at + 1] = c.queueAreaAt(t);
    out[at + 2] = c.packets;
    out[at + 3] = c.bytes;
    out[at + 4] = c.drops;
  }

  /** Seconds a packet arriving now would wait before its own serialization starts (estimate). */
  get queueingDelay(): number {
    return ((this.current ? this.current.size : 0) + this.queue.bytes) * this.secondsPerByte;
  }

  send(pkt: Packet): void {
    const now = this.host.sim.now;
    if (!this.up) {
      this.counters.dropped();
      this.host.drop(pkt, DropReason.Down);
      return;
    }
    if (!this.busy) {
      this.start(pkt, now);
      return;
    }
    pkt.enqueued = now;
    if (this.queue.enqueue(pkt, now)) {
      this.counters.queueChanged(now, this.queue.length);
    } else {
      this.counters.dropped();
      this.host.drop(pkt, DropReason.Queue);
    }
  }

  /**
   * Puts the channel up or down. Going down loses what is queued, in service or on the wire; coming
   * back up only makes it usable again (nothing is replayed).
   */
  setUp(up: boolean): void {
    if (up === this.up) return;
    this.up = up;
    if (up) return;
    const now = this.host.sim.now;
    this.epoch++;
    const lose = (pkt: Packet): void => {
      this.counters.dropped();
      this.host.drop(pkt, DropReason.Down);
    };
    if (this.current) lose(this.current);
    this.current = null;
    this.busy = false;
    this.counters.idle(now);
    this.queue.drain(lose);
    this.counters.queueChanged(now, 0);
    this.wire.drain((pkt) => {
      this.counters.dropped();
      this.host.lose(pkt, DropReason.Down);
      pkt.dead = true;
    });
  }

  private start(pkt: Packet, now: number): void {
    this.busy = true;
    this.current = pkt;
    if (this.shaper) {
      const wait = this.shaper.wait(pkt.size, now);
      if (wait > 0) {
        this.host.sim.schedule(wait, this.onConforming, this.epoch);
        return;
      }
      this.shaper.take(pkt.size, now);
    }
    this.counters.busy(now);
    this.host.sim.schedule((pkt.size * 8) / this.rate, this.onSerialized, this.epoch);
  }

  private readonly onConforming = (epoch: number): void => {
    if (epoch !== this.epoch) return;
    const pkt = this.current as Packet;
    const now = this.host.sim.now;
    this.shaper!.take(pkt.size, now);
    this.counters.busy(now);
    this.host.sim.schedule((pkt.size * 8) / this.rate, this.onSerialized, this.epoch);
  };

  private readonly onSerialized = (epoch: number): void => {
    if (epoch !== this.epoch) return;
    const pkt = this.current as Packet;
    const host = this.host;
    const now = host.sim.now;
    this.current = null;
    this.servedBytes += pkt.size;
    this.servedPackets++;
    if (this.lossRng !== null && this.lossRng() < this.spec.loss) {
      this.counters.dropped();
      host.drop(pkt, DropReason.Wire);
    } else {
      if (pkt.flow.background) {
        this.counters.crossed(pkt.size);
        host.release(pkt);
      } else if (this.spec.delay === 0) {
        this.counters.crossed(pkt.size);
        host.forward(pkt);
      } else {
        this.wire.push(pkt);
        host.sim.schedule(this.spec.delay, this.onArrived, pkt);
      }
    }
    const next = this.queue.dequeue(now);
    if (next === undefined) {
      this.busy = false;
      this.counters.idle(now);
      return;
    }
    this.counters.queueChanged(now, this.queue.length);
    if (this.shaper) this.counters.idle(now);
    this.start(next, now);
  };

  /** A packet the queue's active queue management dropped while dequeuing. */
  private readonly onAqmDrop = (pkt: Packet): void => {
    this.counters.dropped();
    this.host.drop(pkt, DropReason.Aqm);
  };

  private readonly onArrived = (pkt: Packet): void => {
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
