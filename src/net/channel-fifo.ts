import type { Rng } from '../engine/random.js';
import { Channel, type ChannelHost, type ChannelSpec } from './channel.js';
import { DropReason } from './drop.js';
import type { Packet } from './packet.js';
import type { QueueLimit } from './queue/queue.js';
import { Ring } from './ring.js';
import type { WorkSource } from './work.js';

/** Initial departures a channel can hold before its ring grows. */
const INITIAL_SLOTS = 4;
/** Numbers per ring entry: departure time, size, kind. */
const STRIDE = 3;
/** Entry kinds: a packet (its fate is in its event), background work that crosses, or is lost. */
const PACKET = 0;
const WORK = 1;
const WORK_LOST = 2;

/**
 * A drop-tail FIFO channel that costs one event per packet. A FIFO server's departures follow the
 * Lindley recursion, departure = max(arrival, previous departure) + size * 8 / rate, so a packet's
 * arrival at the far end is scheduled the moment it arrives here; no serialization-end event is
 * needed. A ring of the departure times not yet reached tells the queue length at any arrival
 * (departures up to that instant are taken off first), which decides drop-tail admission and
 * drives the counters at the exact times of the event model: the queue shrinks and the server
 * goes idle at departure instants, replayed in order when the channel is next touched.
 *
 * Background work ({@link WorkSource}) joins the same ring at its own arrival times, interleaved
 * with departures in time order, without packets or events; it is counted like background
 * packets (crossings, drops, busy time, queue) and released at its departure.
 *
 * Ties: a departure at the very instant of an arrival leaves first (the event model orders such a
 * pair by scheduling order instead); wire loss is drawn when the packet reaches the far end.
 * Measured (bench/RESULTS.md): 1 event per hop instead of 2, and no event per background packet.
 */
export class FifoChannel extends Channel {
  /** When the server is free again: the departure of the last admitted packet or work. */
  private free = 0;
  /**
   * Departures not yet reached, oldest first, as (time, size, kind) in one array (one object per
   * channel: 20,000 channels for 10,000 users).
   */
  private ring = new Float64Array(STRIDE * INITIAL_SLOTS);
  private head = 0;
  private mask = INITIAL_SLOTS - 1;
  /** Entries in the ring: packets in the system (waiting, plus the one in service). */
  private n = 0;
  /** Bytes waiting (not in service), kept as the event model's queue keeps them. */
  private waitBytes = 0;
  private readonly limitPackets: number;
  private readonly limitBytes: number;
  private readonly secondsPerByte: number;
  private bytesServed = 0;
  private packetsServed = 0;
  private work: WorkSource | null = null;
  /** Packets drawn to be lost on the wire, until their serialization ends (lossy channels only). */
  private readonly lostOnWire: Ring<Packet> | null;

  constructor(spec: ChannelSpec, host: ChannelHost, limit: QueueLimit, lossRng: Rng | null) {
    super(spec, host, lossRng);
    this.limitPackets = limit.packets ?? Infinity;
    this.limitBytes = limit.bytes ?? Infinity;
    this.secondsPerByte = 8 / spec.rate;
    this.lostOnWire = lossRng !== null ? new Ring<Packet>() : null;
  }

  /** Adds background work; it is taken as the channel advances (one source per channel). */
  addWork(work: WorkSource): void {
    if (this.work !== null) throw new Error(`channel ${this.id} already carries background work`);
    this.sync(this.host.sim.now);
    this.work = work;
  }

  send(pkt: Packet): void {
    const now = this.host.sim.now;
    if (!this.up) {
      this.counters.dropped();
      this.host.drop(pkt, DropReason.Down);
      return;
    }
    if (this.n > 0 || this.work !== null) this.advance(now);
    if (!this.admit(pkt.size, now, PACKET)) {
      this.counters.dropped();
      this.host.drop(pkt, DropReason.Queue);
      return;
    }
    pkt.enqueued = now;
    // The wire loss is drawn in departure order (here, FIFO: admission order), as the event model
    // draws it at each serialization end, background included: the same packets meet the same fate.
    if (this.lossRng !== null && this.lossRng() < this.spec.loss) {
      (this.lostOnWire as Ring<Packet>).push(pkt);
      this.host.sim.at(this.free, this.onLost, pkt);
      return;
    }
    this.wire.push(pkt);
    this.host.sim.at(this.free + this.delay, this.onArrived, pkt);
  }

  /** Background work of `size` bytes arriving now (the packet-level background on a FIFO channel). */
  offer(size: number): void {
    const now = this.host.sim.now;
    this.sync(now);
    this.offerAt(size, now);
  }

  sync(now: number): void {
    if (this.n > 0 || this.work !== null) this.advance(now);
  }

  get backlog(): number {
    this.sync(this.host.sim.now);
    return this.n;
  }

  get queueingDelay(): number {
    this.sync(this.host.sim.now);
    if (this.n === 0) return 0;
    return (this.ring[STRIDE * this.head + 1] + this.waitBytes) * this.secondsPerByte;
  }

  get servedBytes(): number {
    this.sync(this.host.sim.now);
    return this.bytesServed;
  }

  get servedPackets(): number {
    this.sync(this.host.sim.now);
    return this.packetsServed;
  }

  protected get waiting(): number {
    return this.n > 0 ? this.n - 1 : 0;
  }

  protected get serving(): boolean {
    return this.n > 0;
  }

  setUp(up: boolean): void {
    if (up === this.up) return;
    const now = this.host.sim.now;
    // Bring the channel to now in the state it was in (background arriving while down is dropped).
    this.sync(now);
    this.up = up;
    if (up) return;
    const ring = this.ring;
    for (let i = 0, h = this.head; i < this.n; i++, h = (h + 1) & this.mask)
      if (ring[STRIDE * h + 2] !== PACKET) this.counters.dropped();
    this.n = 0;
    this.waitBytes = 0;
    this.counters.idle(now);
    this.counters.queueChanged(now, 0);
    this.loseWire();
    // Packets bound to be lost on the wire that have not left yet are lost to the failure instead.
    this.lostOnWire?.drain((pkt) => {
      this.counters.dropped();
      this.host.lose(pkt, DropReason.Down);
      pkt.dead = true;
    });
  }

  /** Background work arriving at `at` (the channel is advanced to `at`). */
  private offerAt(size: number, at: number): void {
    if (!this.up) {
      this.counters.dropped();
      return;
    }
    if (!this.admit(size, at, WORK)) this.counters.dropped();
    else if (this.lossRng !== null && this.lossRng() < this.spec.loss)
      this.ring[STRIDE * ((this.head + this.n - 1) & this.mask) + 2] = WORK_LOST;
  }

  /**
   * Drop-tail admission at `now` (departures up to now already taken off): work arriving at an
   * idle server starts at once; otherwise it waits if the queue has room. Sets {@link free} to its
   * departure.
   */
  private admit(size: number, now: number, kind: number): boolean {
    const n = this.n;
    if (n === 0) {
      this.free = now + (size * 8) / this.rate;
      this.push(size, kind);
      this.counters.busy(now);
      return true;
    }
    if (n - 1 >= this.limitPackets || this.waitBytes + size > this.limitBytes) return false;
    this.free = this.free + (size * 8) / this.rate;
    this.waitBytes += size;
    this.push(size, kind);
    this.counters.queueChanged(now, n);
    return true;
  }

  private push(size: number, kind: number): void {
    if (this.n > this.mask) this.grow();
    const i = STRIDE * ((this.head + this.n) & this.mask);
    const ring = this.ring;
    ring[i] = this.free;
    ring[i + 1] = size;
    ring[i + 2] = kind;
    this.n++;
  }

  /** Takes off every departure up to `t`, taking background arrivals up to `t` in time order. */
  private advance(t: number): void {
    const work = this.work;
    for (;;) {
      const b = work === null ? Infinity : work.next;
      if (this.n > 0) {
        const d = this.ring[STRIDE * this.head];
        if (d <= t && d <= b) {
          this.depart(d);
          continue;
        }
      }
      if (b > t) return;
      const size = (work as WorkSource).size;
      (work as WorkSource).pop();
      this.offerAt(size, b);
    }
  }

  /** The head entry leaves at `d`: the next one (if any) starts its service there. */
  private depart(d: number): void {
    const ring = this.ring;
    const at = STRIDE * this.head;
    const size = ring[at + 1];
    const kind = ring[at + 2];
    const head = (this.head = (this.head + 1) & this.mask);
    const n = --this.n;
    this.packetsServed++;
    this.bytesServed += size;
    // A packet is counted by its own event; background work here.
    if (kind === WORK) this.counters.crossed(size);
    else if (kind === WORK_LOST) this.counters.dropped();
    if (n === 0) {
      // Reset on empty: fractional sizes (sampled) would otherwise leave rounding residue.
      this.waitBytes = 0;
      this.counters.idle(d);
      return;
    }
    this.waitBytes -= ring[STRIDE * head + 1];
    this.counters.queueChanged(d, n - 1);
  }

  private grow(): void {
    const old = this.ring;
    const slots = (this.mask + 1) * 2;
    const ring = new Float64Array(STRIDE * slots);
    for (let i = 0; i < this.n; i++) {
      const j = STRIDE * ((this.head + i) & this.mask);
      ring[STRIDE * i] = old[j];
      ring[STRIDE * i + 1] = old[j + 1];
      ring[STRIDE * i + 2] = old[j + 2];
    }
    this.ring = ring;
    this.head = 0;
    this.mask = slots - 1;
  }

  /** A packet lost on the wire, at the end of its serialization (as the event model counts it). */
  private readonly onLost = (pkt: Packet): void => {
    if (pkt.dead) {
      this.host.release(pkt);
      return;
    }
    (this.lostOnWire as Ring<Packet>).shift();
    this.counters.dropped();
    this.host.drop(pkt, DropReason.Wire);
  };
}
