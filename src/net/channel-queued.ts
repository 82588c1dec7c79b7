import type { Alea } from '../engine/random.js';
import type { EventId } from '../engine/simulator.js';
import { ArrivalHeap } from './arrival-heap.js';
import { Channel, type ChannelHost, type ChannelSpec } from './channel.js';
import { DropReason } from './drop.js';
import type { Packet } from './packet.js';
import type { PacketQueue } from './queue/queue.js';

/** What is in service: a packet, or background that crosses or is lost on the wire. */
const PACKET = 0;
const WORK = 1;
const WORK_LOST = 2;

/**
 * A work-conserving channel with any queue discipline (strict priority, DRR, CoDel) that costs one
 * event per packet plus a rare wake-up, instead of an event at every serialization end.
 *
 * Which packet the server takes next, when it frees at time t, depends only on what arrived before
 * t; every arrival is itself an event at this channel. So the decisions between two arrivals can be
 * made when the second arrives ("catching up": each at its own instant, in order, with the queue
 * as it was then), and a packet's arrival at the far end is scheduled when it starts service
 * (non-preemptive: its departure is known then). A wake-up makes sure no decision is taken too late
 * to schedule its packet's arrival: while packets wait, one is pending at the time the server
 * frees plus the propagation delay (every packet started before it arrives after it), so a busy
 * channel with arrivals every few microseconds and a 10 ms delay wakes once per 10 ms.
 *
 * The decisions, departures, drops and counters are those of {@link EventChannel} (up to the order
 * of events at equal times: a departure at the instant of an arrival is decided first). CoDel sees
 * each dequeue's own instant, and its drops are recorded at that instant.
 */
export class QueuedChannel extends Channel {
  /**
   * When the packet in service leaves; decisions up to the last look are made. This field and the other
   * times start as doubles (0.5, set in the constructor), as counters.ts explains: a field that starts
   * as a small integer changes representation at its first fraction, and optimized code deoptimizes.
   */
  private busyUntil = 0.5;
  private inService = false;
  /** Size and kind of what is in service: a packet (counted by its own event), or background. */
  private currentSize = 0;
  private currentKind = PACKET;
  private armed = false;
  /** The instant of the decision being made (CoDel's drops happen there). */
  private deciding = 0.5;
  /** The time {@link catchUp} makes decisions up to (a field: see {@link arrive}). A double from the start. */
  private upTo = 0.5;
  /** How long after the server frees a decision may wait: the propagation delay, 0 if lossy. */
  private readonly slack: number;
  private bytesServed = 0;
  private packetsServed = 0;
  /** Fan-in: arrivals handed over ahead of the clock, not taken yet (null until fan-in is set). */
  private ahead: ArrivalHeap | null = null;
  /** The pending take event's time (Infinity: none) and id. */
  private takeAt = Infinity;
  private takeId: EventId = -1;

  constructor(
    spec: ChannelSpec,
    host: ChannelHost,
    readonly queue: PacketQueue,
    lossRng: Alea | null,
  ) {
    super(spec, host, lossRng);
    this.busyUntil = 0;
    this.deciding = 0;
    this.upTo = 0;
    // A lost packet's event is at its departure, not after the delay: decide in time for it.
    this.slack = lossRng !== null ? 0 : spec.delay;
    queue.setDropHandler?.(this.onAqmDrop);
  }

  send(pkt: Packet): void {
    const now = this.host.sim.now;
    if (!this.up) {
      this.refuse(pkt, now);
      return;
    }
    this.arrive(pkt, now);
  }

  /**
   * Fan-in ({@link Channel.lookahead}): a feeder hands `pkt` over as soon as it knows its arrival
   * `pkt.at` (<= the horizon), instead of an arrival event; a take event at the earliest pending
   * arrival takes, in (time, order) order, every arrival before that time plus the lookahead: no
   * feeder can hand over an earlier one any more (a FIFO feeder's packet that enters it at `now` or
   * later arrives at `now` + its delay or later). The arrivals are taken in the order their events
   * would have fired, so every decision is the same; one event takes many arrivals (the dumbbell's
   * bottleneck: about 115 per take, bench/RESULTS.md "Per-hop cost, round three").
   */
  override fanIn(lookahead: number): void {
    this.lookahead = lookahead;
    this.ahead = new ArrivalHeap();
  }

  override takeAhead(pkt: Packet): void {
    const ahead = this.ahead as ArrivalHeap;
    ahead.push(pkt);
    const t = pkt.at;
    if (t < this.takeAt) {
      // An earlier take is needed (rare: the pending one is at the earliest arrival known then).
      if (this.takeAt !== Infinity) this.host.sim.cancel(this.takeId);
      this.takeAt = t;
      this.takeId = this.host.sim.at(t, this.onTake);
    }
  }

  private readonly onTake = (): void => {
    const sim = this.host.sim;
    const ahead = this.ahead as ArrivalHeap;
    const before = sim.now + this.lookahead;
    while (ahead.firstBefore(before)) {
      const pkt = ahead.pop();
      this.arrive(pkt, pkt.at);
    }
    const next = ahead.first;
    this.takeAt = next;
    if (next !== Infinity) this.takeId = sim.at(next, this.onTake);
  };

  /** `pkt` arrives at `now` (the clock, or ahead of it under fan-in): served, queued or dropped. */
  private arrive(pkt: Packet, now: number): void {
    // Booleans compared with true (V8 tests a field's truthiness as for any value otherwise: channel.ts,
    // toFarEnd); the time for catchUp in a field, as it is not inlined here (a heap number per arrival).
    if (this.inService === true) {
      this.upTo = now;
      this.catchUp();
    }
    pkt.enqueued = now;
    if (this.inService === false) {
      this.start(pkt, now);
      return;
    }
    if (this.queue.enqueue(pkt, now)) {
      this.counters.queueChanged(now, this.queue.length);
      if (this.armed === false) this.arm();
    } else {
      this.dropped(pkt, now);
      this.host.dropAt(pkt, DropReason.Queue, now);
    }
  }

  sync(now: number): void {
    if (this.inService === true) {
      this.upTo = now;
      this.catchUp();
    }
  }

  get backlog(): number {
    this.sync(this.host.sim.now);
    return this.queue.length + (this.inService ? 1 : 0);
  }

  get queueingDelay(): number {
    this.sync(this.host.sim.now);
    return ((this.inService ? this.currentSize : 0) + this.queue.bytes) * this.secondsPerByte;
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
    return this.queue.length;
  }

  protected get serving(): boolean {
    return this.inService;
  }

  setUp(up: boolean): void {
    if (up === this.up) return;
    const now = this.host.sim.now;
    this.sync(now);
    this.up = up;
    if (up) return;
    // In service: background is counted here; a packet is on the wire ring (below).
    if (this.inService && this.currentKind !== PACKET) this.counters.dropped(now);
    this.inService = false;
    this.counters.idle(now);
    this.queue.drain((pkt) => {
      this.dropped(pkt, now);
      this.host.drop(pkt, DropReason.Down);
    });
    this.counters.queueChanged(now, 0);
    this.loseWire();
  }

  /** Makes every decision due up to {@link upTo}, each at its own instant. */
  private catchUp(): void {
    const queue = this.queue;
    const t = this.upTo;
    while (this.inService === true && this.busyUntil <= t) {
      const d = (this.deciding = this.busyUntil);
      this.depart();
      const next = queue.dequeue(d);
      if (next === undefined) {
        this.inService = false;
        this.counters.idle(d);
        return;
      }
      this.counters.queueChanged(d, queue.length);
      this.start(next, d);
    }
  }

  /** What was in service leaves (at {@link busyUntil}). */
  private depart(): void {
    this.packetsServed++;
    this.bytesServed += this.currentSize;
    if (this.currentKind === WORK) this.counters.crossed(this.currentSize, this.busyUntil);
    else if (this.currentKind === WORK_LOST) this.counters.dropped(this.busyUntil);
  }

  /**
   * `pkt` starts service at `t`: its departure is known, so its fate is scheduled now. The wire
   * loss is drawn in the order packets start, which is the order they leave (as the event model
   * draws it at each serialization end), so the same packets meet the same fate.
   */
  private start(pkt: Packet, t: number): void {
    const size = pkt.size;
    const ser = (size * 8) / this.rate;
    const end = t + ser;
    this.inService = true;
    this.busyUntil = end;
    this.currentSize = size;
    this.counters.busy(t);
    const lost = this.wireLost();
    if (pkt.flow.background) {
      // Background never leaves the channel: only its size and fate matter from here on.
      this.currentKind = lost ? WORK_LOST : WORK;
      this.host.release(pkt);
      return;
    }
    this.currentKind = PACKET;
    this.departs(pkt, t - pkt.enqueued, ser);
    if (!lost) {
      pkt.at = end + this.delay;
      this.toFarEnd(pkt);
    } else this.loseOnWire(pkt, end);
  }

  private arm(): void {
    this.armed = true;
    this.host.sim.at(this.busyUntil + this.slack, this.onWake);
  }

  private readonly onWake = (): void => {
    this.armed = false;
    if (!this.up) return;
    this.sync(this.host.sim.now);
    if (this.queue.length > 0) this.arm();
  };

  /** A packet the queue's active queue management dropped while dequeuing. */
  private readonly onAqmDrop = (pkt: Packet): void => {
    this.dropped(pkt, this.deciding);
    this.host.dropAt(pkt, DropReason.Aqm, this.deciding);
  };
}
