import type { Packet } from '../packet.js';
import { Ring } from '../ring.js';
import { fits, type PacketQueue, type QueueLimit } from './queue.js';

/** First in, first out, drop-tail. */
export class FifoQueue implements PacketQueue {
  private readonly ring = new Ring<Packet>();
  bytes = 0;

  constructor(private readonly limit: QueueLimit) {}

  get length(): number {
    return this.ring.length;
  }

  enqueue(pkt: Packet): boolean {
    if (!fits(this.limit, this.ring.length, this.bytes, pkt.size)) return false;
    this.ring.push(pkt);
    this.bytes += pkt.size;
    return true;
  }

  dequeue(): Packet | undefined {
    const pkt = this.ring.shift();
    if (pkt) this.bytes -= pkt.size;
    return pkt;
  }

  drain(visit: (pkt: Packet) => void): void {
    this.bytes = 0;
    this.ring.drain(visit);
  }
}
