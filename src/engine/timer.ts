import type { EventId, Handler, Simulator } from './simulator.js';

/**
 * A re-armable, cancellable timer: the safe way to use {@link Simulator.cancel}, because it knows
 * whether its event is still pending. One bound handler for the timer's whole life.
 */
export class Timer<T = undefined> {
  private id: EventId = -1;
  private due = -1;

  constructor(
    private readonly sim: Simulator,
    private readonly handler: Handler<T>,
  ) {}

  /** Arms the timer `delay` seconds from now, replacing any pending expiry. */
  set(delay: number, data?: T): void {
    this.cancel();
    this.due = this.sim.now + delay;
    this.id = this.sim.schedule(delay, this.fire, data);
  }

  cancel(): void {
    if (this.id >= 0) {
      this.sim.cancel(this.id);
      this.id = -1;
    }
  }

  get armed(): boolean {
    return this.id >= 0;
  }

  /** Absolute expiry time of the pending event, or -1. */
  get deadline(): number {
    return this.id >= 0 ? this.due : -1;
  }

  private readonly fire = (data: T): void => {
    this.id = -1;
    this.handler(data);
  };
}
