import type { Alea } from '../engine/random.js';
import { Channel, type ChannelHost, type ChannelSpec } from './channel.js';
import { ChannelCounters, inside } from './counters.js';
import { DropReason } from './drop.js';
import type { Packet } from './packet.js';
import type { QueueLimit } from './queue/queue.js';
import { PoissonWork, type WorkSource } from './work.js';

/** Initial departures a channel can hold before its ring grows. */
const INITIAL_SLOTS = 4;
/** Numbers per ring entry: departure time, size, kind. */
const STRIDE = 3;
/** Entry kinds: a packet (its fate is in its event), background work that crosses, or is lost. */
const PACKET = 0;
const WORK = 1;
const WORK_LOST = 2;

/**
 * A drop-tail FIFO channel that costs one event per packet, or none when it is fused to its only
 * feeder (channel.ts). A FIFO server's departures follow the Lindley recursion, departure =
 * max(arrival, previous departure) + size * 8 / rate, so a packet's arrival at the far end is known
 * the moment it arrives here; no serialization-end event is needed. A ring of the departure times
 * not yet reached gives the queue length at any arrival (departures up to that instant are taken
 * off first), which decides drop-tail admission.
 *
 * The counters are fed per packet at admission, when its whole stay is known: it waits over
 * [arrival, start] and is served over [start, departure], so the queue-length and busy-time
 * integrals are the sums of those intervals (clipped to the window), and a departure only takes the
 * entry off the ring. A window edge or a failure in the middle of a stay takes back what lies
 * beyond it ({@link retract}).
 *
 * Background work ({@link WorkSource}) joins the same ring at its own arrival times, interleaved
 * with departures in time order, without packets or events; it is counted like background
 * packets (crossings, drops, busy time, queue).
 *
 * Ties: a departure at the very instant of an arrival leaves first (the event model orders such a
 * pair by scheduling order instead). Measured (bench/RESULTS.md): 1 event per hop instead of 2, no
 * event per background packet.
 */
export class FifoChannel extends Channel {
  // Times and byte sums start as a double (0.5, set to 0 in the constructor) so that V8 gives their
  // fields a double representation at once: started as 0, they changed representation during the run
  // and optimized code deoptimized on channels of the old map ("wrong map", `node --trace-deopt`).
  /** When the server is free again: the departure of the last admitted packet or work. */
  private free = 0.5;
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
  private waitBytes = 0.5;
  private readonly limitPackets: number;
  private readonly limitBytes: number;
  /** Admitted since creation; minus what is still in the ring, what was served. */
  private bytesIn = 0.5;
  private packetsIn = 0;
  private work: WorkSource | null = null;
  /**
   * How far {@link takeWork} takes, in a field rather than an argument: takeWork is not inlined into
   * `advance`, and V8 boxed the double it was passed, a heap number per call (60 of the flagship's
   * 142 MB allocated per run, `--heap-prof`). A double from the start, as the fields above.
   */
  private takeTo = 0.5;

  constructor(spec: ChannelSpec, host: ChannelHost, limit: QueueLimit, lossRng: Alea | null) {
    super(spec, host, lossRng);
    this.free = this.waitBytes = this.bytesIn = 0;
    this.limitPackets = limit.packets ?? Infinity;
    this.limitBytes = limit.bytes ?? Infinity;
  }

  /**
   * Adds background work; it is taken as the channel advances. A second Poisson source (a hybrid
   * population's load beside the link's background) joins the first as one superposed source
   * ({@link PoissonWork.join}), from now on.
   */
  addWork(work: WorkSource): void {
    const now = this.host.sim.now;
    this.sync(now);
    if (this.work === null) this.work = work;
    else if (this.work instanceof PoissonWork && work instanceof PoissonWork) this.work.join(work, now);
    else throw new Error(`channel ${this.id}: only Poisson work sources can share a channel`);
  }

  send(pkt: Packet): void {
    const now = this.host.sim.now;
    if (!this.up) {
      this.refuse(pkt, now);
      return;
    }
    pkt.at = now;
    if (this.enter(pkt)) this.toFarEnd(pkt);
  }

  override enter(pkt: Packet): boolean {
    const t = pkt.at;
    if (this.n > 0 || this.work !== null) this.advance(t);
    // Drop-tail admission as admit() does it, here for packets: admit's call was outside V8's inlining
    // budget in the fused chain (toFarEnd), which passed its time boxed (`--trace-turbo-inlining`).
    // Measured: about 3% fewer instructions for the flagship's `before` (bench/RESULTS.md, round four).
    const n = this.n;
    const size = pkt.size;
    const c = this.counters;
    let start = t;
    if (n > 0) {
      if (n - 1 >= this.limitPackets || this.waitBytes + size > this.limitBytes) return this.overflow(pkt, t);
      start = this.free;
      this.waitBytes += size;
      c.waited(t, start, 1);
      c.queueSeen(t, n);
    }
    const ser = (size * 8) / this.rate;
    const d = (this.free = start + ser);
    c.served(start, d, 1);
    this.push(d, size, PACKET);
    pkt.enqueued = t;
    // Its serialization start is known now: the wait includes background work admitted before it.
    // The ledger port called here rather than through Channel.departs: one call level less for V8's
    // inlining budget in the fused chain, where departs was left a call of its own (callgrind).
    const ledger = this.ledger;
    if (ledger !== null) ledger.depart(pkt, start - t, ser);
    // Its arrival at the far end, had it not been lost (a failure reads its start back from it).
    pkt.at = d + this.delay;
    // The wire loss is drawn in departure order (here, FIFO: admission order), as the event model
    // draws it at each serialization end, background included: the same packets meet the same fate.
    if (this.wireLost()) {
      this.loseOnWire(pkt, d);
      return false;
    }
    return true;
  }

  /** A packet the queue has no room for (out of {@link enter}'s common path). */
  private overflow(pkt: Packet, t: number): false {
    this.dropped(pkt, t);
    this.host.dropAt(pkt, DropReason.Queue, t);
    return false;
  }

  /** Its wait was counted at admission: a failure before its serialization starts takes it back. */
  protected override lostBeforeStart(pkt: Packet, now: number): void {
    if (this.ledger === null) return;
    const start = pkt.at - this.delay - (pkt.size * 8) / this.rate;
    if (start > now) this.ledger.unwait(pkt, start - pkt.enqueued);
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
    let inRing = 0;
    for (let i = 0, h = this.head; i < this.n; i++, h = (h + 1) & this.mask) inRing += this.ring[STRIDE * h + 1];
    return this.bytesIn - inRing;
  }

  get servedPackets(): number {
    this.sync(this.host.sim.now);
    return this.packetsIn - this.n;
  }

  protected get waiting(): number {
    return this.n > 0 ? this.n - 1 : 0;
  }

  protected get serving(): boolean {
    return this.n > 0;
  }

  override openCounters(now: number): void {
    this.sync(now);
    // Only the per-stay integrals are used here: no running queue length or busy period.
    this.counters.open(now, 0, false);
    this.counters.queueSeen(now, this.waiting);
    // Stays admitted before the window, counted then as outside it: their parts from now on count.
    this.retract(now, -1);
  }

  override closeCounters(now: number): void {
    this.sync(now);
    // Stays counted as they were admitted run past the window when it was open-ended: take back
    // what lies beyond now. With the window set up front, they were clipped already.
    if (this.counters.to > now) this.retract(now, 1);
    this.counters.close(now);
  }

  setUp(up: boolean): void {
    if (up === this.up) return;
    const now = this.host.sim.now;
    // Bring the channel to now in the state it was in (background arriving while down is dropped).
    this.sync(now);
    this.up = up;
    if (up) return;
    // What is queued or in service is lost now: its stay beyond now will not happen.
    this.retract(now, 1);
    const ring = this.ring;
    for (let i = 0, h = this.head; i < this.n; i++, h = (h + 1) & this.mask)
      if (ring[STRIDE * h + 2] !== PACKET) this.counters.dropped(now);
    this.n = 0;
    this.waitBytes = 0;
    this.free = now;
    this.loseWire();
  }

  protected override takeBackAfter(c: ChannelCounters, now: number): void {
    this.retract(now, 1, c);
  }

  /**
   * Takes back (sign 1) or adds (sign -1) the part after `now` of the stays still in the ring:
   * their waiting and service, and background's crossing or loss at its departure. Only window
   * edges, failures and a look at the counters as of now ({@link countersAt}, on a copy) call it.
   */
  private retract(now: number, sign: number, c: ChannelCounters = this.counters): void {
    const ring = this.ring;
    for (let i = 0, h = this.head; i < this.n; i++, h = (h + 1) & this.mask) {
      const d = ring[STRIDE * h];
      const size = ring[STRIDE * h + 1];
      const start = d - (size * 8) / this.rate;
      if (start > now) c.waited(now, start, -sign);
      c.served(start > now ? start : now, d, -sign);
      const kind = ring[STRIDE * h + 2];
      if (kind === WORK) c.crossedBy(size, d, -sign);
      else if (kind === WORK_LOST) c.droppedBy(d, -sign);
    }
  }

  /** Background work arriving at `at` (the channel is advanced to `at`). */
  private offerAt(size: number, at: number): void {
    if (!this.up || !this.admit(size, at)) {
      this.counters.dropped(at);
      return;
    }
    if (this.wireLost()) {
      this.ring[STRIDE * ((this.head + this.n - 1) & this.mask) + 2] = WORK_LOST;
      this.counters.dropped(this.free);
    } else this.counters.crossed(size, this.free);
  }

  /**
   * Drop-tail admission at `now` (departures up to now already taken off): work arriving at an
   * idle server starts at once; otherwise it waits if the queue has room. Sets {@link free} to its
   * departure, and counts its wait and service. Background work only: {@link enter} has its own copy.
   */
  private admit(size: number, now: number): boolean {
    const n = this.n;
    const c = this.counters;
    let start = now;
    if (n > 0) {
      if (n - 1 >= this.limitPackets || this.waitBytes + size > this.limitBytes) return false;
      start = this.free;
      this.waitBytes += size;
      c.waited(now, start, 1);
      c.queueSeen(now, n);
    }
    const d = (this.free = start + (size * 8) / this.rate);
    c.served(start, d, 1);
    this.push(d, size, WORK);
    return true;
  }

  /** Puts a stay departing at `d` at the tail of the ring. */
  private push(d: number, size: number, kind: number): void {
    const n = this.n;
    this.bytesIn += size;
    this.packetsIn++;
    if (n > this.mask) this.grow();
    const i = STRIDE * ((this.head + n) & this.mask);
    const ring = this.ring;
    ring[i] = d;
    ring[i + 1] = size;
    ring[i + 2] = kind;
    this.n = n + 1;
  }

  /** Takes off every departure up to `t`, taking background arrivals up to `t` in time order. */
  private advance(t: number): void {
    const work = this.work;
    // Only when an arrival is due: a packet finds none about half the time on the flagship's internet
    // transit (18,750 arrivals/s per direction), and takeWork's set-up is most of a call without one.
    if (work !== null && work.times[work.at] <= t) {
      this.takeTo = t;
      this.takeWork(work);
    }
    this.leaveUpTo(t);
  }

  /** Takes off every departure up to `t`. */
  private leaveUpTo(t: number): void {
    let n = this.n;
    if (n === 0) return;
    const ring = this.ring;
    const mask = this.mask;
    let head = this.head;
    let waitBytes = this.waitBytes;
    while (n > 0 && ring[STRIDE * head] <= t) {
      // The head leaves; the next one (if any) starts its service then.
      head = (head + 1) & mask;
      // Reset on empty: sampled sizes leave rounding residue.
      waitBytes = --n === 0 ? 0 : waitBytes - ring[STRIDE * head + 1];
    }
    this.head = head;
    this.n = n;
    this.waitBytes = waitBytes;
  }

  /**
   * Takes the work arrivals up to {@link takeTo}, each after the departures up to its own time: the loop of
   * {@link offerAt} and {@link admit} unrolled over the source's arrays, with the channel's state and
   * the counters' sums in locals, adding what the counters' methods add, in the same order (so the
   * results keep their bits); the wire loss is drawn here as {@link offerAt} draws it. A failed channel and
   * counters of another class (a time series) take the general way. Measured (bench/background.ts,
   * bench/RESULTS.md round two): the calls per arrival (a getter, a pop, admission, four counter
   * methods) cost about half a work arrival. Round three (bench/RESULTS.md, "Flagship per-packet
   * cost, round three"): lossy channels (internet transit at the busy hour) took the general way for
   * every arrival, and the loop's inline sums for stays wholly inside the window were code that ran
   * only once the window had opened, so every compiled copy deoptimized there; the counters' methods,
   * inlined and without branches around their stores, run the same code before and in the window.
   * Round five (bench/RESULTS.md, "Lazy background arrival cost, round five"): the sums in locals,
   * stored once per call, instead of a load and a store of each counter field per arrival: 258 -> 229
   * instructions per arrival on the background bench (many arrivals per call), even on the flagship
   * (3.4 per call: `takeWork` 210.1 -> 214.1 M 'before', 200.0 -> 200.7 M 'after', 4-s window).
   */
  private takeWork(work: WorkSource): void {
    const t = this.takeTo;
    const c = this.counters;
    if (!this.up || c.constructor !== ChannelCounters) {
      this.takeWorkSlowly(work, t);
      return;
    }
    // A double from here on (+ 0 changes no positive rate): read as it is, V8 kept the field's tagged
    // value and checked and unboxed it at every arrival (--print-opt-code).
    const rate = this.rate + 0;
    const limitPackets = this.limitPackets;
    const limitBytes = this.limitBytes;
    // The counters' sums in locals, stored once: the same expressions as ChannelCounters' waited,
    // queueSeen, served, crossed and dropped (k = 1), in the same order, so the same bits; the window
    // gated without a branch around the sums, as they do (code that runs only in the window deoptimizes).
    // The -0 written out: the module constant NOTHING, read into a local, made V8 box the sum's operand
    // (a heap number per arrival, --print-opt-code).
    const from = c.from;
    const to = c.to;
    // An imported binding in a local: each read of one is checked.
    const gate = inside;
    let queueArea = c.queueArea;
    let busyTime = c.busyTime;
    let maxQueue = c.maxQueue;
    let packets = c.packets;
    let bytes = c.bytes;
    let drops = c.drops;
    let ring = this.ring;
    let mask = this.mask;
    let head = this.head;
    let n = this.n;
    let waitBytes = this.waitBytes;
    let free = this.free;
    let bytesIn = this.bytesIn;
    let packetsIn = this.packetsIn;
    for (;;) {
      const times = work.times;
      const sizes = work.sizes;
      const end = work.end;
      let i = work.at;
      for (; i < end; i++) {
        const b = times[i];
        if (b > t) break;
        while (n > 0 && ring[STRIDE * head] <= b) {
          head = (head + 1) & mask;
          waitBytes = --n === 0 ? 0 : waitBytes - ring[STRIDE * head + 1];
        }
        const size = sizes[i];
        let start = b;
        if (n > 0) {
          if (n - 1 >= limitPackets || waitBytes + size > limitBytes) {
            drops += gate(b, from, to);
            continue;
          }
          start = free;
          waitBytes += size;
          // waited(b, start, 1), then queueSeen(b, n).
          const lo = b > from ? b : from;
          const hi = start < to ? start : to;
          const w = hi - lo;
          queueArea += w > 0 ? w : -0;
          maxQueue = (n > maxQueue ? 1 : 0) & gate(b, from, to) ? n : maxQueue;
        }
        const d = start + (size * 8) / rate;
        // served(start, d, 1).
        const lo = start > from ? start : from;
        const hi = d < to ? d : to;
        const busy = hi - lo;
        busyTime += busy > 0 ? busy : -0;
        free = d;
        bytesIn += size;
        packetsIn++;
        if (n > mask) {
          this.head = head;
          this.n = n;
          this.grow();
          ring = this.ring;
          mask = this.mask;
          head = this.head;
        }
        const j = STRIDE * ((head + n) & mask);
        ring[j] = d;
        ring[j + 1] = size;
        n++;
        if (this.wireLost()) {
          ring[j + 2] = WORK_LOST;
          drops += gate(d, from, to);
        } else {
          ring[j + 2] = WORK;
          const k = gate(d, from, to);
          packets += k;
          bytes += k * size;
        }
      }
      work.at = i;
      if (i < end) break;
      work.refill();
    }
    c.queueArea = queueArea;
    c.busyTime = busyTime;
    c.maxQueue = maxQueue;
    c.packets = packets;
    c.bytes = bytes;
    c.drops = drops;
    this.head = head;
    this.n = n;
    this.waitBytes = waitBytes;
    this.free = free;
    this.bytesIn = bytesIn;
    this.packetsIn = packetsIn;
  }

  /**
   * {@link takeWork} for a failed channel or counters of another class (a time series): each arrival
   * through {@link offerAt}. A loop of its own, so that the common loop does not carry (and V8 does
   * not compile) this one: takeWork was the run's costliest function to compile (`node --trace-opt`).
   */
  private takeWorkSlowly(work: WorkSource, t: number): void {
    for (;;) {
      const times = work.times;
      const end = work.end;
      let i = work.at;
      for (; i < end; i++) {
        const b = times[i];
        if (b > t) break;
        this.leaveUpTo(b);
        this.offerAt(work.sizes[i], b);
      }
      work.at = i;
      if (i < end) break;
      work.refill();
    }
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
}
