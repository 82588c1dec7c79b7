import type { FlowPlaces } from './delay-ledger.js';
import type { Flow } from './flow.js';

/** A stage a packet passes through: a channel (one direction of a link) or a processing stage. */
export interface Hop {
  send(pkt: Packet): void;
}

/**
 * A packet. Pooled: {@link PacketPool.alloc} gives it a fresh `id` and resets `hop`, the transport
 * fields, `dead`, the delay sums and the ledger's decision; `Network.packet` sets `flow`, the class
 * fields, `size`, `created` and `route`, a channel sets `at` when it decides the arrival and
 * `enqueued` when it queues the packet. A packet must not be touched after it is released. One fixed
 * shape keeps property access monomorphic.
 */
export class Packet {
  /** Unique per network, in creation order (for tracing and tie-breaking). */
  id = 0;
  flow!: Flow;
  /** Class index, strict-priority band and DSCP, copied from the flow's class. */
  cls = 0;
  priority = 0;
  dscp = 0;
  /** Bytes serialized on the wire (including any encapsulation added on the way). */
  size = 0;
  /** When the source generated it (latency is measured from here). */
  created = 0;
  /** The hops to traverse, and the index of the current one. */
  route: readonly Hop[] = [];
  hop = 0;
  /** When it entered its current queue (queueing-delay measurements). */
  enqueued = 0;
  /**
   * A time lazy channels hand each other: when the packet arrives at the channel it enters, then
   * when it reaches that channel's far end. A field rather than an argument or a return value: V8
   * allocates a heap number for a double passed to or returned from a call it does not inline
   * (measured: 0.2 GB of garbage per 10 simulated seconds at 10,000 users).
   */
  at = 0;
  /** Transport fields: sequence number, acknowledgement number, echoed timestamp, app tag. */
  seq = 0;
  ack = 0;
  echo = 0;
  tag = 0;
  /** Lost while propagating on a link that went down; released when its arrival event fires. */
  dead = false;
  /**
   * Seconds of its latency so far that were propagation, serialization on links, and processing
   * in stages (a stage's serialization and delay); the rest is queueing. Added by the
   * delay ledger (delay-ledger.ts) hop by hop, read by the flow's recorder on delivery.
   */
  propagation = 0;
  serialization = 0;
  processing = 0;
  /**
   * Whether the delay ledger counts this packet, decided at its first count (DelayLedger.enrol):
   * its flow's places there, null if it does not count (sent outside the window, background),
   * undefined until then.
   */
  places: FlowPlaces | null | undefined = undefined;
}

/** Reuses packets, so steady-state forwarding allocates nothing (measured: bench/RESULTS.md, pool). */
export class PacketPool {
  private readonly free: Packet[] = [];
  private nextId = 0;
  /** Packets currently allocated (a leak check for tests). */
  live = 0;

  alloc(): Packet {
    const p = this.free.pop() ?? new Packet();
    p.id = this.nextId++;
    p.hop = 0;
    p.seq = 0;
    p.ack = 0;
    p.echo = 0;
    p.tag = 0;
    p.dead = false;
    p.propagation = 0;
    p.serialization = 0;
    p.processing = 0;
    p.places = undefined;
    this.live++;
    return p;
  }

  release(p: Packet): void {
    p.route = EMPTY_ROUTE;
    this.live--;
    this.free.push(p);
  }
}

export const EMPTY_ROUTE: readonly Hop[] = Object.freeze([]);
