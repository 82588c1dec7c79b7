import type { Packet } from '../packet.js';
import { Ring } from '../ring.js';
import { DropTail, type PacketQueue, type QueueLimit } from './queue.js';

/** RFC 8289 defaults: 5 ms target sojourn time, 100 ms interval. */
export const CODEL_DEFAULTS: Readonly<{ target: number; interval: number }> = Object.freeze({
  target: 0.005,
  interval: 0.1,
});

/** Below one MTU of backlog CoDel never drops (RFC 8289 §5.4, `maxpacket`). */
const MAX_PACKET = 1500;

/**
 * CoDel active queue management (RFC 8289) over a FIFO: when packets have waited longer than
 * `target` for at least `interval`, it drops at dequeue, more often the longer the standing queue
 * lasts (interval / sqrt(count)), until the sojourn time falls below target. It holds a bloated
 * buffer's queueing delay near `target` instead of the buffer's full depth, and needs no random
 * numbers. The buffer `limit` still applies at enqueue (drop-tail).
 *
 * Drops are reported through the handler the channel installs ({@link setDropHandler}), which
 * records them with reason `aqm`.
 */
export class CodelQueue implements PacketQueue {
  private readonly tail: DropTail;
  private readonly ring = new Ring<Packet>();
  bytes = 0;
  private onDrop: (pkt: Packet) => void = () => {
    throw new Error('CoDel queue used without a drop handler');
  };
  private firstAboveTime = 0;
  private dropNext = 0;
  private count = 0;
  private lastCount = 0;
  private dropping = false;
  /** Set by {@link sojournDequeue}: the head packet has been above target for an interval. */
  private okToDrop = false;

  constructor(
    limit: QueueLimit,
    private readonly target = CODEL_DEFAULTS.target,
    private readonly interval = CODEL_DEFAULTS.interval,
  ) {
    if (!(target > 0 && interval > 0)) throw new RangeError('CoDel target and interval must be > 0');
    this.tail = new DropTail(limit);
  }

  get length(): number {
    return this.ring.length;
  }

  setDropHandler(handler: (pkt: Packet) => void): void {
    this.onDrop = handler;
  }

  enqueue(pkt: Packet): boolean {
    if (!this.tail.fits(this.ring.length, this.bytes, pkt.size)) return false;
    this.ring.push(pkt);
    this.bytes += pkt.size;
    return true;
  }

  /** RFC 8289 §5.5 (dequeue), with the control law t + interval / sqrt(count). */
  dequeue(now: number): Packet | undefined {
    let pkt = this.sojournDequeue(now);
    if (pkt === undefined) {
      this.dropping = false;
      return undefined;
    }
    if (this.dropping) {
      if (!this.okToDrop) {
        this.dropping = false;
      } else {
        while (now >= this.dropNext && this.dropping) {
          this.drop(pkt as Packet);
          this.count++;
          pkt = this.sojournDequeue(now);
          if (pkt === undefined || !this.okToDrop) this.dropping = false;
          else this.dropNext = this.controlLaw(this.dropNext);
        }
      }
    } else if (this.okToDrop) {
      this.drop(pkt);
      pkt = this.sojournDequeue(now);
      this.dropping = true;
      const delta = this.count - this.lastCount;
      this.count = delta > 1 && now - this.dropNext < 16 * this.interval ? delta : 1;
      this.dropNext = this.controlLaw(now);
      this.lastCount = this.count;
    }
    return pkt;
  }

  drain(visit: (pkt: Packet) => void): void {
    this.bytes = 0;
    this.ring.drain(visit);
    this.firstAboveTime = 0;
    this.dropping = false;
  }

  private sojournDequeue(now: number): Packet | undefined {
    this.okToDrop = false;
    const pkt = this.ring.shift();
    if (pkt === undefined) {
      this.firstAboveTime = 0;
      return undefined;
    }
    this.bytes -= pkt.size;
    const sojourn = now - pkt.enqueued;
    if (sojourn < this.target || this.bytes <= MAX_PACKET) {
      this.firstAboveTime = 0;
    } else if (this.firstAboveTime === 0) {
      this.firstAboveTime = now + this.interval;
    } else if (now >= this.firstAboveTime) {
      this.okToDrop = true;
    }
    return pkt;
  }

  private controlLaw(t: number): number {
    return t + this.interval / Math.sqrt(this.count);
  }

  private drop(pkt: Packet): void {
    this.onDrop(pkt);
  }
}
