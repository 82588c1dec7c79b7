import type { Packet } from '../packet.js';
import { Ring } from '../ring.js';
import { DropTail, type PacketQueue, type QueueLimit } from './queue.js';

/**
 * Deficit round robin (Shreedhar and Varghese, 1996) with one sub-queue per class. Each turn a
 * backlogged class earns `weight / minWeight * quantum` bytes of credit, so under overload the
 * classes' byte throughputs are proportional to their weights. Drop-tail per class: the limit
 * applies to each class's sub-queue (as Linux `drr`, whose classes each have their own queue).
 * With one shared buffer the shares follow the arrival rates instead of the weights, because an
 * overloading class takes every freed slot: measured 50%/50% for weights 3:1 with both classes
 * offering the full link rate into a shared 100-packet buffer.
 */
export class DrrQueue implements PacketQueue {
  private readonly tail: DropTail;
  private readonly queues: Ring<Packet>[];
  private readonly queueBytes: Float64Array;
  private readonly quantum: Float64Array;
  private readonly deficit: Float64Array;
  /** Whether the class at the head of `active` already got this turn's credit. */
  private credited = false;
  private readonly active = new Ring<number>();
  length = 0;
  bytes = 0;

  /** @param weights class weights by class index; @param quantum bytes per turn for the lightest class */
  constructor(limit: QueueLimit, weights: readonly number[], quantum = 1500) {
    this.tail = new DropTail(limit);
    const min = Math.min(...weights);
    this.queues = weights.map(() => new Ring<Packet>());
    this.queueBytes = new Float64Array(weights.length);
    this.quantum = Float64Array.from(weights, (w) => (w / min) * quantum);
    this.deficit = new Float64Array(weights.length);
  }

  enqueue(pkt: Packet): boolean {
    const cls = pkt.cls;
    const q = this.queues[cls];
    if (!this.tail.fits(q.length, this.queueBytes[cls], pkt.size)) return false;
    if (q.length === 0) this.active.push(cls);
    q.push(pkt);
    this.queueBytes[cls] += pkt.size;
    this.length++;
    this.bytes += pkt.size;
    return true;
  }

  dequeue(): Packet | undefined {
    while (this.active.length > 0) {
      const cls = this.active.peek() as number;
      const q = this.queues[cls];
      if (!this.credited) {
        this.deficit[cls] += this.quantum[cls];
        this.credited = true;
      }
      const head = q.peek() as Packet;
      if (head.size <= this.deficit[cls]) {
        q.shift();
        this.deficit[cls] -= head.size;
        this.length--;
        this.bytes -= head.size;
        if (q.length === 0) {
          // Reset on empty: fractional sizes (sampled) would otherwise leave rounding residue.
          this.queueBytes[cls] = 0;
          this.deficit[cls] = 0;
          this.active.shift();
          this.credited = false;
        } else {
          this.queueBytes[cls] -= head.size;
        }
        return head;
      }
      // Not enough credit: keep it for the next round and move on.
      this.active.push(this.active.shift() as number);
      this.credited = false;
    }
    return undefined;
  }

  drain(visit: (pkt: Packet) => void): void {
    for (const q of this.queues) q.drain(visit);
    this.active.drain(() => {});
    this.queueBytes.fill(0);
    this.deficit.fill(0);
    this.credited = false;
    this.length = 0;
    this.bytes = 0;
  }
}
