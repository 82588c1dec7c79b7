import type { Packet } from '../packet.js';
import { Ring } from '../ring.js';
import { fits, type PacketQueue, type QueueLimit } from './queue.js';

/**
 * Strict priority, non-preemptive: the lowest non-empty band (the packet's class priority) is
 * served next; the packet in service always finishes. Drop-tail over the shared buffer.
 */
export class PriorityQueue implements PacketQueue {
  private readonly bands: Ring<Packet>[];
  length = 0;
  bytes = 0;

  constructor(private readonly limit: QueueLimit, maxPriority: number) {
    this.bands = Array.from({ length: maxPriority + 1 }, () => new Ring<Packet>());
  }

  enqueue(pkt: Packet): boolean {
    if (!fits(this.limit, this.length, this.bytes, pkt.size)) return false;
    this.bands[Math.min(pkt.priority, this.bands.length - 1)].push(pkt);
    this.length++;
    this.bytes += pkt.size;
    return true;
  }

  dequeue(): Packet | undefined {
    if (this.length === 0) return undefined;
    for (const band of this.bands) {
      if (band.length > 0) {
        const pkt = band.shift() as Packet;
        this.length--;
        this.bytes -= pkt.size;
        return pkt;
      }
    }
    return undefined;
  }

  drain(visit: (pkt: Packet) => void): void {
    for (const band of this.bands) band.drain(visit);
    this.length = 0;
    this.bytes = 0;
  }
}
