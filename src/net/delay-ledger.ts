import { inside } from './counters.js';
import type { Flow } from './flow.js';
import type { Packet } from './packet.js';

/** One place's figures, summed over a measurement window: seconds waited, packets dropped. */
export interface PlaceDelay {
  /** `<link id>/forward`, `<link id>/reverse` or `<node id>/stage` (SCENARIO-FORMAT.md). */
  at: string;
  /** Seconds the packets waited there in total (queue and shaper), before their serialization. */
  wait: number;
  drops: number;
}

/** What the ledger needs to know about each direction (channel), in `Network.channels` order. */
export interface LedgerDirection {
  name: string;
  /** Seconds after serialization (propagation on a link, processing latency in a stage). */
  delay: number;
  /** A processing stage: its serialization and delay are processing, not serialization and propagation. */
  stage: boolean;
}

/** Numbers per place in {@link FlowPlaces.at}: direction, seconds waited, drops. */
const PLACE = 3;

/**
 * One flow's places, in first-seen order: a short list (a route has a handful of channels), as
 * (direction, wait, drops) triples in one array: one object and one bounds check per packet instead
 * of three (bench/RESULTS.md, "Where the delay comes from").
 */
export class FlowPlaces {
  n = 0;
  at = new Float64Array(PLACE * 8);
  /**
   * The slot last found for each hop index of the flow's route (-1: none yet), checked against the
   * direction before use (a route may change): one load and a compare per packet instead of a search
   * of the list. Measured: the search was 3.5% of the flagship's samples (`node --cpu-prof`), the
   * ledger's largest cost, as packets of a 6-10-hop route wait at several places.
   */
  byHop = new Int32Array(8).fill(-1);

  constructor(
    /** Where the flow's class starts in the ledger's per-(class, direction) sums: `cls * directions`. */
    readonly base: number,
  ) {}

  /** The index in {@link at} of `dir`'s triple (at hop `hop` of the route), added if new. */
  slot(dir: number, hop: number): number {
    const byHop = this.byHop;
    if (hop < byHop.length) {
      const s = byHop[hop];
      if (s >= 0 && this.at[s] === dir) return s;
    } else {
      const grown = new Int32Array(2 * hop + 2).fill(-1);
      grown.set(byHop);
      this.byHop = grown;
    }
    const s = this.find(dir);
    this.byHop[hop] = s;
    return s;
  }

  /** The index in {@link at} of `dir`'s triple, added if new. */
  private find(dir: number): number {
    const at = this.at;
    const end = PLACE * this.n;
    for (let i = 0; i < end; i += PLACE) if (at[i] === dir) return i;
    if (end === at.length) this.grow();
    this.at[end] = dir;
    this.n++;
    return end;
  }

  private grow(): void {
    const at = new Float64Array(this.at.length * 2);
    at.set(this.at);
    this.at = at;
  }
}

/**
 * One direction's side of the ledger, made when the ledger is attached: what the channel calls per
 * packet. Its constants (the direction, its fixed delay, whether it is a stage) are fields here
 * instead of per-packet lookups in the ledger's per-direction arrays (two bounds-checked loads and
 * an argument per hop, the review of issue 13 found).
 */
export class LedgerPort {
  constructor(
    readonly ledger: DelayLedger,
    readonly dir: number,
    /** Seconds after serialization: propagation on a link, processing latency in a stage. */
    private readonly delay: number,
    private readonly stage: boolean,
  ) {}

  /**
   * `pkt` starts its serialization here after waiting `wait` seconds; `ser` is its serialization as
   * the channel computed it (`size * 8 / rate`), passed in rather than computed again.
   */
  depart(pkt: Packet, wait: number, ser: number): void {
    if (this.stage) pkt.processing += ser + this.delay;
    else {
      pkt.serialization += ser;
      pkt.propagation += this.delay;
    }
    if (wait !== 0) {
      // The amount in a field, not an argument: `addWait` is not inlined in the channels' hot
      // functions, and V8 allocates a heap number for each double passed to a call it does not inline.
      const ledger = this.ledger;
      ledger.amount = wait;
      ledger.addWait(this.dir, pkt);
    }
  }

  /**
   * Takes back `wait` seconds counted by {@link depart}: a lazy channel counts a packet's wait at
   * its admission, and a failure lost the packet before its serialization started (the event
   * model, deciding at the start, never counts it). Failures only: not on the hot path.
   */
  unwait(pkt: Packet, wait: number): void {
    if (wait !== 0) {
      this.ledger.amount = -wait;
      this.ledger.addWait(this.dir, pkt);
    }
  }

  /** `pkt` was dropped here (queue overflow, AQM, wire loss, the element down). */
  drop(pkt: Packet): void {
    this.ledger.addDrop(this.dir, pkt);
  }
}

/** Which figure a count adds to: its offset in a {@link FlowPlaces} triple. */
const WAIT = 1;
const DROPS = 2;

/**
 * Where the delay comes from (SCENARIO-FORMAT.md, "Where the delay comes from"): every channel
 * holds its direction's {@link LedgerPort} and calls `depart` when a packet's serialization starts
 * (it left its queue), `drop` when it drops one; every channel discipline makes exactly these two
 * calls.
 *
 * Cheap on the hot path, by construction: no per-packet list and no allocation per packet. A
 * packet carries three running sums of its fixed delays (propagation, serialization, processing;
 * seconds, added by the ports hop by hop), which its flow's recorder adds up on delivery; the
 * queueing part is the rest of its latency. Waits and drops go to flat typed arrays indexed by
 * `classIndex * directions + dir`, allocated once when the ledger is attached, and to a short
 * list per flow (allocated at the flow's first measured packet, grown rarely). Only packets sent
 * in the measurement window count, as in every other figure; background traffic never does, and
 * flows left out of their class's figures (elastic ACKs) count for themselves only.
 */
export class DelayLedger {
  /** Seconds waited per (class, direction): index `cls * directions + dir`. */
  readonly wait: Float64Array;
  /** Packets dropped per (class, direction). */
  readonly drops: Float64Array;
  readonly directions: number;
  /** Each direction's port, in `Network.channels` order. */
  readonly ports: readonly LedgerPort[];
  private readonly names: readonly string[];
  private readonly flows: (FlowPlaces | undefined)[] = [];
  /** What the next {@link addWait} adds (set by the port just before; a double from the start, 0.5). */
  amount = 0.5;

  constructor(
    dirs: readonly LedgerDirection[],
    classes: number,
    private readonly start: number,
    private readonly end: number,
  ) {
    const n = dirs.length;
    this.directions = n;
    this.wait = new Float64Array(classes * n);
    this.drops = new Float64Array(classes * n);
    this.names = dirs.map((d) => d.name);
    this.ports = dirs.map((d, i) => new LedgerPort(this, i, d.delay, d.stage));
  }

  /**
   * Adds {@link amount} seconds waited at direction `dir` to `pkt`'s class's sums and its flow's
   * places, if the packet counts ({@link enrol}). Split from {@link addDrop} (one method with the
   * figure as an argument chose the array per call), and the filter is decided once per packet,
   * not per hop (bench/RESULTS.md, "Per-hop bookkeeping, round four").
   */
  addWait(dir: number, pkt: Packet): void {
    let places = pkt.places;
    if (places === undefined) places = this.enrol(pkt);
    if (places === null) return;
    const amount = this.amount;
    // `=== true`, not the field's truthiness: V8 tests a boolean field's truthiness as for any value
    // (false, "", undetectable, number, bigint: about ten instructions, `--print-opt-code`), a
    // comparison with true is one (the same answer for a boolean).
    if (pkt.flow.pooled === true) this.wait[places.base + dir] += amount;
    // FlowPlaces.slot's fast path copied inline (keep them alike): the cached slot for this hop, the call
    // only on a miss; part of the measured 193 -> 164 instructions per call (bench/RESULTS.md, "Per-hop
    // bookkeeping, round four").
    const hop = pkt.hop;
    const byHop = places.byHop;
    let s = hop < byHop.length ? byHop[hop] : -1;
    if (s < 0 || places.at[s] !== dir) s = places.slot(dir, hop);
    // The array after the slot: finding one may grow (replace) it.
    places.at[s + WAIT] += amount;
  }

  /** One packet dropped at direction `dir`, counted as {@link addWait} counts a wait. */
  addDrop(dir: number, pkt: Packet): void {
    let places = pkt.places;
    if (places === undefined) places = this.enrol(pkt);
    if (places === null) return;
    if (pkt.flow.pooled === true) this.drops[places.base + dir] += 1;
    const s = places.slot(dir, pkt.hop);
    places.at[s + DROPS] += 1;
  }

  /**
   * Decides, at the packet's first count, whether it counts at all: sent in the window and not
   * background (the one filter for what counts; flows out of their class's figures count for
   * themselves only, {@link addWait}). Both are fixed for the packet's life (its creation time, its
   * flow), so the answer is kept on the packet: its flow's places, or null.
   */
  private enrol(pkt: Packet): FlowPlaces | null {
    const created = pkt.created;
    const flow = pkt.flow;
    const places = inside(created, this.start, this.end) === 0 || flow.background ? null : this.placesOf(flow, pkt.cls);
    pkt.places = places;
    return places;
  }

  /** A class's places with a wait or a drop, merged by name (a node's stages are one place). */
  classPlaces(cls: number): PlaceDelay[] {
    const out = new Map<string, PlaceDelay>();
    const base = cls * this.directions;
    for (let d = 0; d < this.directions; d++) add(out, this.names[d], this.wait[base + d], this.drops[base + d]);
    return [...out.values()];
  }

  /** A flow's places with a wait or a drop, merged by name. */
  flowPlaces(flow: Flow): PlaceDelay[] {
    const out = new Map<string, PlaceDelay>();
    const p = this.flows[flow.index];
    if (p !== undefined)
      for (let i = 0; i < PLACE * p.n; i += PLACE) add(out, this.names[p.at[i]], p.at[i + 1], p.at[i + 2]);
    return [...out.values()];
  }

  private placesOf(flow: Flow, cls: number): FlowPlaces {
    const i = flow.index;
    const flows = this.flows;
    // Filled densely (never a hole), so the array stays a packed elements kind.
    while (flows.length <= i) flows.push(undefined);
    let p = flows[i];
    if (p === undefined) flows[i] = p = new FlowPlaces(cls * this.directions);
    return p;
  }
}

function add(out: Map<string, PlaceDelay>, at: string, wait: number, drops: number): void {
  if (wait === 0 && drops === 0) return;
  const e = out.get(at);
  if (e) {
    e.wait += wait;
    e.drops += drops;
  } else out.set(at, { at, wait, drops });
}
