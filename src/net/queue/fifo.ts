import type { Packet } from '../packet.js';
import { Ring } from '../ring.js';
import { DropTail, type PacketQueue, type QueueLimit } from './queue.js';

/** First in, first out, drop-tail. */
export class FifoQueue implements PacketQueue {
  private readonly tail: DropTail;
  private readonly ring = new Ring<Packet>();
  bytes = 0;

  constructor(limit: QueueLimit) {
    this.tail = new DropTail(limit);
  }

  get length(): number {
    return this.ring.length;
  }

  enqueue(pkt: Packet): boolean {
    if (!this.tail.fits(this.ring.length, this.bytes, pkt.size)) return false;
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
