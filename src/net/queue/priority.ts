import type { Packet } from '../packet.js';
import { Ring } from '../ring.js';
import { DropTail, type PacketQueue, type QueueLimit } from './queue.js';

/**
 * Strict priority, non-preemptive: the lowest non-empty band (the packet's class priority) is
 * served next; the packet in service always finishes. Drop-tail per band: the limit applies to
 * each band on its own (as Linux `prio`, whose bands are separate queues). A shared buffer would
 * let an overloading low band fill it and make high-band packets find it full: measured, voice at
 * 1.6% load lost 50% of its packets behind bulk at 200% load with a shared 100-packet buffer.
 */
export class PriorityQueue implements PacketQueue {
  private readonly tail: DropTail;
  private readonly bands: Ring<Packet>[];
  private readonly bandBytes: Float64Array;
  length = 0;
  bytes = 0;

  constructor(limit: QueueLimit, maxPriority: number) {
    this.tail = new DropTail(limit);
    this.bands = Array.from({ length: maxPriority + 1 }, () => new Ring<Packet>());
    this.bandBytes = new Float64Array(maxPriority + 1);
  }

  enqueue(pkt: Packet): boolean {
    const b = Math.min(pkt.priority, this.bands.length - 1);
    const band = this.bands[b];
    if (!this.tail.fits(band.length, this.bandBytes[b], pkt.size)) return false;
    band.push(pkt);
    this.bandBytes[b] += pkt.size;
    this.length++;
    this.bytes += pkt.size;
    return true;
  }

  dequeue(): Packet | undefined {
    if (this.length === 0) return undefined;
    const bands = this.bands;
    for (let b = 0; b < bands.length; b++) {
      if (bands[b].length > 0) {
        const pkt = bands[b].shift() as Packet;
        // Reset on empty: fractional sizes (sampled) would otherwise leave rounding residue.
        this.bandBytes[b] = bands[b].length === 0 ? 0 : this.bandBytes[b] - pkt.size;
        this.length--;
        this.bytes -= pkt.size;
        return pkt;
      }
    }
    return undefined;
  }

  drain(visit: (pkt: Packet) => void): void {
    for (const band of this.bands) band.drain(visit);
    this.bandBytes.fill(0);
    this.length = 0;
    this.bytes = 0;
  }
}
