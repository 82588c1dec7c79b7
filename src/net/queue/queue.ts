import type { Packet } from '../packet.js';

/** An egress queue discipline. The channel owns the packet in service; the queue holds the rest. */
export interface PacketQueue {
  /** Packets waiting. */
  readonly length: number;
  /** Bytes waiting. */
  readonly bytes: number;
  /** Accepts the packet, or returns false (the caller drops it). */
  enqueue(pkt: Packet, now: number): boolean;
  /** The next packet to serve, or undefined when empty. */
  dequeue(now: number): Packet | undefined;
  /** Removes every waiting packet (the element went down). */
  drain(visit: (pkt: Packet) => void): void;
  /**
   * Queues that drop on their own (active queue management, at dequeue) report each dropped
   * packet here; the channel installs a handler that records it with reason `aqm`.
   */
  setDropHandler?(handler: (pkt: Packet) => void): void;
}

/** A buffer limit: packets, bytes, both, or neither (unlimited). */
export interface QueueLimit {
  packets?: number;
  bytes?: number;
}

/**
 * Drop-tail admission against a limit, read once: an absent bound is Infinity, so a packet costs two
 * comparisons, not two loads from a spec object whose shape varies with the scenario (`{ packets }`,
 * `{ bytes }`, both, neither: a polymorphic site on every enqueue).
 */
export class DropTail {
  private readonly packets: number;
  private readonly bytes: number;

  constructor(limit: QueueLimit) {
    this.packets = limit.packets ?? Infinity;
    this.bytes = limit.bytes ?? Infinity;
  }

  /** Whether a packet of `size` bytes fits behind `length` packets of `bytes` bytes. */
  fits(length: number, bytes: number, size: number): boolean {
    return length < this.packets && bytes + size <= this.bytes;
  }
}
