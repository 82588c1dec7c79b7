import type { Alea } from '../engine/random.js';
import type { Simulator } from '../engine/simulator.js';
import { ChannelCounters } from './counters.js';
import type { LedgerPort } from './delay-ledger.js';
import { DropReason } from './drop.js';
import { FlowStage } from './flow-stage.js';
import type { Hop, Packet } from './packet.js';
import { Ring } from './ring.js';

/** What a channel needs from its network: forwarding, dropping and releasing packets. */
export interface ChannelHost {
  readonly sim: Simulator;
  /** Fused channels take packets ahead of the clock up to this time (the end of the run). */
  readonly horizon: number;
  /** By flow index and hop, the next hop that is not a zero-time flow stage (set when fused). */
  readonly nextChannel: readonly Int32Array[];
  forward(pkt: Packet): void;
  drop(pkt: Packet, reason: DropReason): void;
  /** Drops a packet whose loss is known ahead of the clock, at the time `t` it happens. */
  dropAt(pkt: Packet, reason: DropReason, t: number): void;
  /** Records the loss without releasing the packet (it is still referenced by a pending event). */
  lose(pkt: Packet, reason: DropReason): void;
  release(pkt: Packet): void;
  /** Delivers a packet at `pkt.at`, ahead of the clock (fused networks only: see {@link Channel.toFarEnd}). */
  deliverAhead(pkt: Packet): void;
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
 * through {@link sync}: the counters window edges, the load monitor and failures call it first, and
 * a sampler during the run reads {@link countersAt}.
 *
 * Fusion (network.ts, `fuse`): when the topology and routes cannot change during a run, a FIFO
 * channel whose packets all come from one other channel (its only feeder) takes each packet the
 * moment the feeder knows when it will arrive, ahead of the clock: nothing else can arrive there
 * first, so its admission and departure are already decided. A packet then crosses a chain of such
 * channels within one event; only channels with several feeders (where traffic meets) and the
 * destination cost an event. A fused channel's state (counters, queue) at a time is therefore not
 * kept: anything that reads channel state during the run declares it (`Network.watchState`), and
 * then nothing is fused.
 */
export abstract class Channel implements Hop {
  up = true;
  /** Failed as an element (link failure), independent of its nodes' state. */
  failed = false;
  /**
   * The measurement window's counters. Replaced, before anything is counted, by a
   * `WindowedCounters` (windowed-counters.ts) on the link directions a time series follows (metrics/timeseries):
   * they also put each change in the window of its own time, which stays exact when a lazy or
   * fused channel records changes ahead of the clock. Others keep this class, so a run without a
   * time series has one counters class at every call site.
   */
  counters: ChannelCounters = new ChannelCounters();
  /** Bits per second; serialization takes `size * 8 / rate`, the contract's formula. */
  protected readonly rate: number;
  protected readonly delay: number;
  /** Serialization time of one byte, `8 / rate`: multiplied per packet instead of dividing. */
  protected readonly secondsPerByte: number;
  /**
   * The wire loss probability, and its draws as the generator object rather than the stream's
   * closure (the same numbers): a field and a monomorphic method V8 inlines, where the draw was a
   * closure call and a load through `spec` per packet (measured: `wireLost` 3% of the flagship's
   * samples, `node --cpu-prof`).
   */
  private readonly loss: number;
  /**
   * Packets with an arrival at the far end scheduled (in service or propagating; lazy channels
   * schedule it when the departure is known), in arrival order: constant delay keeps them FIFO.
   */
  protected readonly wire = new Ring<Packet>();
  /**
   * Lazy channels (FIFO, queued): packets drawn to be lost on the wire, until their serialization ends
   * (lossy channels only); {@link onLost} takes them off at that time.
   */
  protected readonly lostOnWire: Ring<Packet> | null;
  /** Set by fusion: the only channel this one's packets come from, which hands them over early. */
  fusedTo: Channel | null = null;
  /**
   * Set by fusion ({@link fanIn}; 0: off): every packet of this channel comes from FIFO channels
   * whose delay is at least this (> 0), which hand it over when they know its arrival
   * ({@link takeAhead}) instead of scheduling an arrival event.
   */
  lookahead = 0;
  /** Whether packets with a scheduled arrival are kept on {@link wire} (only failures need them). */
  trackWire = true;
  /** Where the delay comes from: this direction's port, set when the network attaches a ledger. */
  ledger: LedgerPort | null = null;

  constructor(
    readonly spec: ChannelSpec,
    protected readonly host: ChannelHost,
    protected readonly lossRng: Alea | null,
  ) {
    if (!(spec.rate > 0)) throw new RangeError(`channel ${spec.id}: rate must be > 0`);
    this.rate = spec.rate;
    this.delay = spec.delay;
    this.secondsPerByte = 8 / spec.rate;
    this.loss = spec.loss;
    this.lostOnWire = lossRng !== null ? new Ring<Packet>() : null;
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

  /**
   * Puts the channel up or down. Going down loses what is queued, in service or on the wire; coming
   * back up only makes it usable again (nothing is replayed).
   */
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

  /**
   * The counters as they stand at `now` (a copy: crossings, drops, busy time and queue area up to
   * `now` inside the window), for whatever samples them during the run (time series). Lazy channels
   * record whole stays when they admit them, so their own counters may hold parts later than `now`;
   * the copy takes those back. A fused channel has taken packets ahead of the clock, so its state
   * at `now` is not kept: call `Network.watchState` before `fuse`, which then fuses nothing.
   */
  countersAt(now: number): ChannelCounters {
    if (this.fusedTo !== null || this.lookahead > 0) {
      throw new Error(`channel ${this.id} is fused: its state runs ahead of the clock (see Network.watchState)`);
    }
    this.sync(now);
    const c = this.counters.clone();
    this.takeBackAfter(c, now);
    c.close(now);
    return c;
  }

  /** Takes out of `c` what the channel recorded ahead of `now` (FIFO: the rest of each stay). */
  protected takeBackAfter(c: ChannelCounters, now: number): void {
    void c;
    void now;
  }

  /**
   * `pkt` reaches the far end of this channel at `pkt.at` (>= now: its departure plus the
   * propagation delay). When its next hop is a channel fused to this one, the packet is counted as
   * crossing here then and handed over at once, and so on along the chain; an event at the end of
   * the chain does the rest.
   *
   * When the chain ends its route (zero-time flow stages aside) and its flow has no receiver
   * (nothing but the flow's observer sees its arrival), the packet is delivered at once, ahead of
   * the clock, instead of by an event at `pkt.at`: in a fused network nothing can happen to it any
   * more, an observer takes the arrival time as an argument, and a flow's packets still reach it in
   * arrival order (they leave their last channel in order, and the delay is constant), so every
   * figure is the same. Measured (bench/RESULTS.md, "Per-hop cost, round two"): one event in three
   * fewer on the dumbbell. Only up to the horizon (the end of the run), as an event model would.
   */
  protected toFarEnd(pkt: Packet): void {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- walks the chain from here
    let ch: Channel = this;
    const route = pkt.route;
    const host = this.host;
    const horizon = host.horizon;
    // Only a fused network takes packets past a channel's far end ahead of the clock (trackWire is
    // off only then). Booleans compared with true on the hot paths: V8 tests a boolean field's
    // truthiness as for any value (about ten instructions, `--print-opt-code`), a comparison is one.
    if (ch.trackWire === true || !(pkt.at <= horizon)) {
      if (ch.trackWire === true) ch.wire.push(pkt);
      host.sim.at(pkt.at, ch.onArrived, pkt);
      return;
    }
    const after = host.nextChannel[pkt.flow.index];
    for (;;) {
      // Zero-time flow stages (a tunnel's ends, a session gate) are crossed on the way: their actions
      // are fixed once the network is fused, and fusion looks through them for feeders.
      const j = after[pkt.hop];
      const next = j < route.length ? (route[j] as Channel) : undefined;
      // A fan-in channel takes the packet here too, when its arrival is known (channel-queued.ts).
      let fan = false;
      if (next !== undefined) {
        if (next.fusedTo !== ch) {
          if (next.lookahead === 0) break;
          fan = true;
        }
      } else if (pkt.flow.receiver !== null) break;
      ch.counters.crossed(pkt.size, pkt.at);
      for (let k = pkt.hop + 1; k < j; k++) {
        pkt.hop = k;
        if (!(route[k] as FlowStage).cross(pkt)) return;
      }
      pkt.hop = j;
      if (next === undefined) {
        // The route ends here and no receiver answers: delivered now (above).
        host.deliverAhead(pkt);
        return;
      }
      if (fan) {
        next.takeAhead(pkt);
        return;
      }
      if (!next.enter(pkt)) return;
      ch = next;
      if (!(pkt.at <= horizon)) break;
    }
    host.sim.at(pkt.at, ch.onArrived, pkt);
  }

  /**
   * Takes arrivals from its feeders ahead of the clock, which all are FIFO channels with a delay of
   * at least `lookahead` (> 0), when the network is fused. A discipline that cannot ignores it.
   */
  fanIn(_lookahead: number): void {}

  /** A fan-in channel ({@link fanIn}) is handed `pkt`, which arrives at `pkt.at` (<= the horizon). */
  takeAhead(pkt: Packet): void {
    throw new Error(`channel ${this.id} does not take arrivals ahead (packet ${pkt.id})`);
  }

  /**
   * A fused channel takes `pkt` arriving at `pkt.at` (>= now, in the order its feeder sends them).
   * Returns false if it was dropped here; otherwise `pkt.at` is when it reaches the far end.
   */
  enter(pkt: Packet): boolean {
    throw new Error(`channel ${this.id} cannot be fused (packet ${pkt.id})`);
  }

  /**
   * `pkt` starts its serialization here, of `ser` seconds, after waiting `wait` seconds (queue and shaper): every
   * discipline calls this once per packet, when the start is known (lazy channels: at admission).
   */
  protected departs(pkt: Packet, wait: number, ser: number): void {
    if (this.ledger !== null) this.ledger.depart(pkt, wait, ser);
  }

  /** Every packet this channel drops, whatever the reason, is counted here (the link's and the ledger's). */
  protected dropped(pkt: Packet, t: number): void {
    this.counters.dropped(t);
    if (this.ledger !== null) this.ledger.drop(pkt);
  }

  /**
   * A failure at `now` loses `pkt`, whose arrival was scheduled: a channel that counted its wait
   * before its serialization started takes the wait back if that start is still to come.
   */
  protected lostBeforeStart(_pkt: Packet, _now: number): void {}

  /**
   * The channel went down: loses every packet with a scheduled arrival, then those drawn to be lost
   * on the wire whose serialization had not ended (lost to the failure instead, as `down`). Each is
   * released when its event fires.
   */
  protected loseWire(): void {
    const now = this.host.sim.now;
    const lose = (pkt: Packet): void => {
      this.lostBeforeStart(pkt, now);
      this.dropped(pkt, now);
      this.host.lose(pkt, DropReason.Down);
      pkt.dead = true;
    };
    this.wire.drain(lose);
    this.lostOnWire?.drain(lose);
  }

  /**
   * `pkt`, drawn to be lost on the wire, is lost at `end`, the end of its serialization (as the event
   * model counts it): lazy channels know its fate when its serialization starts.
   */
  protected loseOnWire(pkt: Packet, end: number): void {
    if (this.trackWire) {
      // A failure before the departure would lose it as `down` instead: wait for the departure.
      (this.lostOnWire as Ring<Packet>).push(pkt);
      this.host.sim.at(end, this.onLost, pkt);
    } else {
      this.dropped(pkt, end);
      this.host.dropAt(pkt, DropReason.Wire, end);
    }
  }

  /** A packet sent while the channel is down: dropped at once, as `down`. */
  protected refuse(pkt: Packet, now: number): void {
    this.dropped(pkt, now);
    this.host.drop(pkt, DropReason.Down);
  }

  /** Draws whether the packet (or background work) now serialized is lost on the wire. */
  protected wireLost(): boolean {
    return this.lossRng !== null && this.lossRng.below(this.loss);
  }

  /** A packet lost on the wire, at the end of its serialization (as the event model counts it). */
  protected readonly onLost = (pkt: Packet): void => {
    if (pkt.dead) {
      this.host.release(pkt);
      return;
    }
    (this.lostOnWire as Ring<Packet>).shift();
    this.dropped(pkt, this.host.sim.now);
    this.host.drop(pkt, DropReason.Wire);
  };

  /** A packet reaches the far end (its wire loss, if any, was handled at its departure). */
  protected readonly onArrived = (pkt: Packet): void => {
    // Compared with true: see toFarEnd.
    if (this.trackWire === true) {
      if (pkt.dead === true) {
        this.host.release(pkt);
        return;
      }
      this.wire.shift();
    }
    const now = this.host.sim.now;
    // Counted on arrival, so a packet lost on the wire when the link goes down is a drop only.
    this.counters.crossed(pkt.size, now);
    this.host.forward(pkt);
  };
}
