import type { Sampler } from '../engine/distributions.js';
import type { Alea, Rng } from '../engine/random.js';
import type { Channel } from './channel.js';
import { FifoChannel } from './channel-fifo.js';
import type { Flow } from './flow.js';
import type { Network } from './network.js';
import { PoissonWork, uniformOf, type Uniform } from './work.js';
import { expZiggurat } from './ziggurat.js';

/** Unmeasured cross traffic on one channel: started once, stopped at a time declared before the run. */
export interface Background {
  start(): void;
  /**
   * No traffic at or after `at`, declared before the run (the window's end, a fluid load's stop). Declared,
   * not done at the clock: a channel that looks ahead of the clock (a fused chain, fan-in) takes work past
   * it, which a stop at the clock could no longer take back. A time before now throws; of several calls,
   * the earliest stop holds.
   */
  stopAt(at: number): void;
}

/** Packets per second of Poisson cross traffic at `load` of `channel`'s rate. */
function arrivalRate(channel: Channel, load: number, size: Sampler): number {
  if (!(load > 0 && load < 1.5)) throw new RangeError(`background load ${load} out of range (0, 1.5)`);
  return (load * channel.spec.rate) / (8 * size.mean);
}

/**
 * Unmeasured Poisson cross traffic on one channel at `load` (a fraction of its rate), sharing its
 * queue: a congested access segment or internet transit. One event per arrival. On a FIFO channel
 * its work joins the queue without a packet; on others it is a packet of the flow `flow`, released
 * right after serialization (no propagation) and counted only in the channel's counters. Where the
 * channel is FIFO, {@link LazyBackground} gives the same arrivals without the events.
 */
export class BackgroundTraffic implements Background {
  private readonly meanGap: number;
  /** The channel when it is FIFO (its work goes in without a packet), decided once, not per arrival. */
  private readonly fifo: FifoChannel | null;
  private stopped = false;
  /** The gap stream (a generator is called directly: no closure per draw), also for the ziggurat's rare extra draws. */
  private readonly uniform: Uniform;

  constructor(
    private readonly net: Network,
    private readonly channel: Channel,
    private readonly flow: Flow,
    load: number,
    private readonly size: Sampler,
    rng: Rng | Alea,
    /** When it begins (default: when started): its first arrival is one gap later. */
    private readonly from?: number,
  ) {
    this.meanGap = 1 / arrivalRate(channel, load, size);
    this.uniform = uniformOf(rng);
    this.fifo = channel instanceof FifoChannel ? channel : null;
  }

  start(): void {
    this.net.sim.at((this.from ?? this.net.sim.now) + this.gap(), this.emit);
  }

  /** By an event at `at`: its packets arrive by events at the clock, so nothing is taken ahead. */
  stopAt(at: number): void {
    this.net.sim.at(at, this.halt);
  }

  private readonly halt = (): void => {
    this.stopped = true;
  };

  private gap(): number {
    return this.meanGap * expZiggurat(this.uniform.double(), this.uniform);
  }

  private readonly emit = (): void => {
    if (this.stopped) return;
    if (this.fifo !== null) this.fifo.offer(this.size.sample());
    else this.channel.send(this.net.packet(this.flow, this.size.sample()));
    this.net.sim.schedule(this.gap(), this.emit);
  };
}

/**
 * The same cross traffic on a FIFO channel without events: the channel draws the arrivals since it
 * last looked whenever it is touched ({@link PoissonWork}), from the same streams in the same order
 * as {@link BackgroundTraffic}, so both give the same arrivals, departures, drops and link figures.
 */
export class LazyBackground implements Background {
  private readonly work: PoissonWork;

  constructor(
    private readonly net: Network,
    private readonly channel: FifoChannel,
    load: number,
    size: Sampler,
    rng: Rng | Alea,
    from = net.sim.now,
  ) {
    this.work = new PoissonWork(arrivalRate(channel, load, size), size, rng, from);
  }

  start(): void {
    this.channel.addWork(this.work);
  }

  /**
   * The work source thins out its arrivals at or after `at` as it draws them (PoissonWork.stop): the
   * event model's arrivals exactly, however far ahead the channel looks. Stopped at the clock instead, a
   * fused chain had already taken work past the window's end, and a packet arriving just after it could see
   * that extra queue (found by round five's FIFO fan-in work: 9 us more on the flagship 'after', seed 7).
   */
  stopAt(at: number): void {
    // As Simulator.at refuses for the packet-level background: work before now may be taken already.
    if (!(at >= this.net.sim.now))
      throw new RangeError(`background stop at ${at} s is before now (${this.net.sim.now} s)`);
    this.work.stop(at);
  }
}
