import type { Alea } from '../engine/random.js';
import { Channel, type ChannelHost, type ChannelSpec } from './channel.js';
import { DropReason } from './drop.js';
import type { Packet } from './packet.js';
import type { PacketQueue } from './queue/queue.js';
import type { TokenBucket } from './shaper.js';

/**
 * The event-driven channel: an event at every serialization end starts the next packet, and one
 * at every arrival at the far end. Any discipline, and the only channel with a token-bucket
 * shaper. It is the straightforward model the lazy channels ({@link FifoChannel},
 * {@link QueuedChannel}) are checked against (`channels: 'events'` on the network selects it
 * everywhere).
 */
export class EventChannel extends Channel {
  private current: Packet | null = null;
  private busy = false;
  /** Incremented when the channel goes down: stale transmission events are ignored. */
  private epoch = 0;
  private bytesServed = 0;
  private packetsServed = 0;

  constructor(
    spec: ChannelSpec,
    host: ChannelHost,
    readonly queue: PacketQueue,
    lossRng: Alea | null,
    private readonly shaper: TokenBucket | null = null,
  ) {
    super(spec, host, lossRng);
    queue.setDropHandler?.(this.onAqmDrop);
  }

  sync(): void {}

  get backlog(): number {
    return this.queue.length + (this.current ? 1 : 0);
  }

  get queueingDelay(): number {
    return ((this.current ? this.current.size : 0) + this.queue.bytes) * this.secondsPerByte;
  }

  get servedBytes(): number {
    return this.bytesServed;
  }

  get servedPackets(): number {
    return this.packetsServed;
  }

  protected get waiting(): number {
    return this.queue.length;
  }

  protected get serving(): boolean {
    return this.current !== null;
  }

  send(pkt: Packet): void {
    const now = this.host.sim.now;
    if (!this.up) {
      this.refuse(pkt, now);
      return;
    }
    pkt.enqueued = now;
    if (!this.busy) {
      this.start(pkt, now);
      return;
    }
    if (this.queue.enqueue(pkt, now)) {
      this.counters.queueChanged(now, this.queue.length);
    } else {
      this.dropped(pkt, now);
      this.host.drop(pkt, DropReason.Queue);
    }
  }

  setUp(up: boolean): void {
    if (up === this.up) return;
    this.up = up;
    if (up) return;
    const now = this.host.sim.now;
    this.epoch++;
    const lose = (pkt: Packet): void => {
      this.dropped(pkt, now);
      this.host.drop(pkt, DropReason.Down);
    };
    if (this.current) lose(this.current);
    this.current = null;
    this.busy = false;
    this.counters.idle(now);
    this.queue.drain(lose);
    this.counters.queueChanged(now, 0);
    this.loseWire();
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
    const ser = (pkt.size * 8) / this.rate;
    this.departs(pkt, now - pkt.enqueued, ser);
    this.host.sim.schedule(ser, this.onSerialized, this.epoch);
  }

  private readonly onConforming = (epoch: number): void => {
    if (epoch !== this.epoch) return;
    const pkt = this.current as Packet;
    const now = this.host.sim.now;
    this.shaper!.take(pkt.size, now);
    this.counters.busy(now);
    const ser = (pkt.size * 8) / this.rate;
    this.departs(pkt, now - pkt.enqueued, ser);
    this.host.sim.schedule(ser, this.onSerialized, this.epoch);
  };

  private readonly onSerialized = (epoch: number): void => {
    if (epoch !== this.epoch) return;
    const pkt = this.current as Packet;
    const host = this.host;
    const now = host.sim.now;
    this.current = null;
    this.bytesServed += pkt.size;
    this.packetsServed++;
    if (this.wireLost()) {
      this.dropped(pkt, now);
      host.drop(pkt, DropReason.Wire);
    } else if (pkt.flow.background) {
      this.counters.crossed(pkt.size, now);
      host.release(pkt);
    } else if (this.delay === 0) {
      this.counters.crossed(pkt.size, now);
      host.forward(pkt);
    } else {
      this.wire.push(pkt);
      host.sim.schedule(this.delay, this.onArrived, pkt);
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
    this.dropped(pkt, this.host.sim.now);
    this.host.drop(pkt, DropReason.Aqm);
  };
}
