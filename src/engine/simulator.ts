import { EventQueue, type QueuedEvent } from './event-queue.js';
import { Fingerprint } from './fingerprint.js';

/**
 * An event handler. Components create their handlers once (bound methods or arrow fields) and pass
 * per-event data as `data`, so scheduling allocates no closure per event.
 */
// Handlers of every data type share one event record shape.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler<T = any> = (data: T) => void;

/** One scheduled event. Records are pooled: never keep a reference to one after it fired. */
interface EventRecord extends QueuedEvent {
  handler: Handler;
  data: unknown;
}

/** Identifies a scheduled event for {@link Simulator.cancel}. */
export type EventId = number;

/**
 * The discrete-event kernel: a clock and an event queue ordered by (time, seq).
 *
 * `run(until)` semantics: every event with `time <= until` is processed, including events that
 * handlers schedule at `until` itself; then the clock is set to `until` (if it is finite). A later
 * `run(t2)` continues from there, so `run(a); run(b)` processes exactly what `run(b)` would.
 * Scheduling into the past throws: it is always a model bug.
 */
export class Simulator {
  /** Current simulated time in seconds. */
  now = 0;
  /** Number of events processed (cancelled events are not counted). */
  events = 0;

  /** Ordered by (time, seq): equal times fire in scheduling order. */
  private readonly queue = new EventQueue<EventRecord>();
  private readonly pool: EventRecord[] = [];
  private readonly cancelled = new Set<number>();
  private nextSeq = 0;
  private stopped = false;
  /**
   * The record of the event being handled while it is still the queue's top. The first event its
   * handler schedules reuses this record and replaces the top in place ({@link EventQueue.replaceTop}:
   * straight to its bucket, or one sift-down in the heap, instead of a poll and an add) and skips the
   * record pool. Most handlers schedule at least one event (a channel's next serialization, a
   * source's next packet), so most events take this path.
   */
  private firing: EventRecord | null = null;
  private readonly print = new Fingerprint();
  private readonly f64 = new Float64Array(1);
  private readonly u32 = new Uint32Array(this.f64.buffer);
  /**
   * The time the next {@link push} schedules at, in a field rather than an argument: `at` is inlined
   * into the hot callers (forward, a channel's far end, the sources) but `push` is not, and V8 boxes a
   * double passed to a call it does not inline, a heap number per event (about 20 MB of the
   * flagship's allocation). A double from the start (0.5), so writes stay in place.
   */
  private pushTime = 0.5;

  /** Schedules `handler(data)` after `delay` seconds (>= 0). Returns an id for {@link cancel}. */
  schedule<T>(delay: number, handler: Handler<T>, data?: T): EventId {
    if (!(delay >= 0)) throw new RangeError(`cannot schedule with delay ${delay} (must be >= 0)`);
    this.pushTime = this.now + delay;
    return this.push(handler, data);
  }

  /** Schedules `handler(data)` at absolute time `time` (>= now). */
  at<T>(time: number, handler: Handler<T>, data?: T): EventId {
    if (!(time >= this.now)) throw new RangeError(`cannot schedule at ${time}, before now (${this.now})`);
    this.pushTime = time;
    return this.push(handler, data);
  }

  /**
   * Cancels a pending event. Cancelling an event that already fired, or twice, is a no-op for the
   * trajectory, but the kernel cannot tell a fired id from a pending one without a per-event lookup,
   * so such an id stays in the cancelled set for the rest of the run: {@link Timer} knows whether its
   * event is pending and never does that. Cancelled records stay in the queue and are skipped when
   * they surface (lazy deletion). For timers re-armed on every packet (a TCP RTO) prefer a deadline
   * check in the handler.
   */
  cancel(id: EventId): void {
    if (id >= 0 && id < this.nextSeq) this.cancelled.add(id);
  }

  /** Events waiting in the queue (cancelled ones included until they surface). */
  get pending(): number {
    return this.queue.size - (this.firing !== null ? 1 : 0);
  }

  /** A hash over (time, seq) of every processed event: equal runs have equal fingerprints. */
  get fingerprint(): string {
    return this.print.hex();
  }

  /** Stops {@link run} after the current handler returns. */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Processes events in order until none is left with time <= until, {@link stop} is called, or
   * `events` reaches `maxEvents` (a watchdog's checkpoint: call again to go on, nothing is lost).
   * Returns why it returned: `'done'` (the clock is then at `until`), `'stopped'` or `'limit'`.
   */
  run(until = Infinity, maxEvents = Infinity): 'done' | 'stopped' | 'limit' {
    if (until < this.now) throw new RangeError(`run(until=${until}) is before now (${this.now})`);
    const queue = this.queue;
    const cancelled = this.cancelled;
    const print = this.print;
    // The fingerprint's state lives in locals for the loop (measured: about 10% of the kernel's
    // time per event when hashed through the object's fields), written back on every exit.
    const f64 = this.f64;
    const u32 = this.u32;
    let hi = print.hi;
    let lo = print.lo;
    this.stopped = false;
    // A handler that threw left its record on top: it was processed, take it off.
    if (this.firing !== null) this.retire(this.firing);
    try {
      while (!this.stopped) {
        // One comparison per event (bench/hold.ts: within the noise of the shared machine, see RESULTS.md).
        if (this.events >= maxEvents) return 'limit';
        const ev = queue.peek();
        if (ev === undefined) break;
        const time = ev.time;
        if (time > until) break;
        const seq = ev.seq;
        const handler = ev.handler;
        const data = ev.data;
        if (cancelled.size > 0 && cancelled.delete(seq)) {
          queue.poll();
          this.release(ev);
          continue;
        }
        this.now = time;
        this.events++;
        // The fingerprint's step (fingerprint.ts): time's two 32-bit halves, then the sequence number.
        f64[0] = time;
        hi = Math.imul(hi ^ u32[0], 0x01000193);
        lo = Math.imul(lo ^ u32[1], 0x01000193);
        hi = Math.imul(hi ^ (seq >>> 0), 0x01000193);
        lo = Math.imul(lo ^ ((seq / 4294967296) >>> 0) ^ (hi >>> 7), 0x01000193);
        this.firing = ev;
        handler(data);
        if (this.firing !== null) this.retire(ev);
      }
    } finally {
      print.hi = hi;
      print.lo = lo;
    }
    if (this.stopped) return 'stopped';
    if (until !== Infinity && until > this.now) this.now = until;
    return 'done';
  }

  /** Schedules at {@link pushTime}. */
  private push(handler: Handler, data: unknown): EventId {
    const time = this.pushTime;
    const seq = this.nextSeq++;
    const firing = this.firing;
    if (firing !== null) {
      this.firing = null;
      firing.time = time;
      firing.seq = seq;
      firing.handler = handler;
      firing.data = data;
      this.queue.replaceTop(firing);
      return seq;
    }
    const ev = this.pool.pop() ?? { time: 0, seq: 0, next: null, handler, data: undefined };
    ev.time = time;
    ev.seq = seq;
    ev.handler = handler;
    ev.data = data;
    this.queue.add(ev);
    return seq;
  }

  /** Takes the handled event's record off the top and back to the pool. */
  private retire(ev: EventRecord): void {
    this.firing = null;
    this.queue.poll();
    this.release(ev);
  }

  private release(ev: EventRecord): void {
    ev.data = undefined; // do not keep packets or flows alive through the pool
    this.pool.push(ev);
  }
}
