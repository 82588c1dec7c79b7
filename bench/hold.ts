import FastPriorityQueue from 'fastpriorityqueue';
import { Bench } from 'tinybench';
import { EventQueue, type QueuedEvent } from '../src/engine/event-queue.js';
import { RandomStreams, type Rng } from '../src/engine/random.js';
import { Simulator } from '../src/engine/simulator.js';
import type { BenchFigure } from './figure.js';

const PENDING = 10_000;
/** Events per timed iteration: long enough to amortize the timer, short enough for many samples. */
const BATCH = 200_000;

/**
 * The classic hold model: `pending` events in the queue; each fired event schedules one more after
 * an exponential delay (mean 1), so the queue size stays constant. `advance(n)` processes exactly n
 * events and can be called repeatedly on the same warm simulator.
 */
export class HoldModel {
  readonly sim = new Simulator();
  private remaining = 0;
  private readonly delay: () => number;

  /**
   * @param table when > 0 (a power of two), delays cycle through a precomputed table of that many exponential
   *   draws, so the figure measures the kernel alone (schedule, queue, dispatch, fingerprint)
   *   rather than the random number generator.
   */
  constructor(pending = PENDING, seed = 1, table = 0) {
    const rng: Rng = new RandomStreams(seed).stream('hold');
    if (table > 0) {
      if ((table & (table - 1)) !== 0) throw new RangeError('the delay table size must be a power of two');
      const delays = Float64Array.from({ length: table }, () => -Math.log(1 - rng()));
      const mask = table - 1;
      let i = 0;
      this.delay = () => delays[(i = (i + 1) & mask)];
    } else {
      this.delay = () => -Math.log(1 - rng());
    }
    for (let i = 0; i < pending; i++) this.sim.schedule(this.delay(), this.hold);
  }

  advance(events: number): void {
    this.remaining = events;
    this.sim.run();
  }

  private readonly hold = (): void => {
    this.sim.schedule(this.delay(), this.hold);
    if (--this.remaining === 0) this.sim.stop();
  };
}

/** Median events/s of repeated `advance(BATCH)` calls on one warm hold model (tinybench). */
async function eventsPerSecond(model: HoldModel): Promise<{ value: number; samples: number; rme: number }> {
  const bench = new Bench({ time: 3000, iterations: 10, warmupIterations: 3 });
  bench.add('hold', () => model.advance(BATCH));
  await bench.run();
  const result = bench.tasks[0].result;
  if (result.state !== 'completed') throw new Error(`hold benchmark did not complete (${result.state})`);
  return { value: BATCH / (result.latency.p50 / 1000), samples: result.latency.samplesCount, rme: result.latency.rme };
}

/**
 * Nanoseconds per exp(1) draw from a seeded stream (alea's 53-bit double, then a log): what the full
 * hold model adds per event.
 */
async function drawNs(): Promise<number> {
  const rng: Rng = new RandomStreams(1).stream('draw');
  let sink = 0;
  const bench = new Bench({ time: 1000, iterations: 10, warmupIterations: 3 });
  bench.add('draw', () => {
    for (let i = 0; i < DRAWS; i++) sink += -Math.log(1 - rng());
  });
  await bench.run();
  const result = bench.tasks[0].result;
  if (result.state !== 'completed' || !(sink > 0)) throw new Error('draw benchmark did not complete');
  return (result.latency.p50 * 1e6) / DRAWS;
}
const DRAWS = 1_000_000;

/**
 * The queue structure alone on the hold model (no simulator, no handlers): take the earliest
 * record, give it a new time now + delay, put it back, with delays from a 64k table. The
 * simulator's `EventQueue` (a ladder queue over a small fastpriorityqueue) against one
 * fastpriorityqueue heap over all 10k records, the simulator's queue before the ladder.
 */
async function queueOnly(kind: 'ladder' | 'heap'): Promise<number> {
  const rng: Rng = new RandomStreams(1).stream('queue');
  const delays = Float64Array.from({ length: 1 << 16 }, () => -Math.log(1 - rng()));
  const mask = (1 << 16) - 1;
  let i = 0;
  let seq = 0;
  const before = (a: QueuedEvent, b: QueuedEvent): boolean => a.time < b.time || (a.time === b.time && a.seq < b.seq);
  const ladder = new EventQueue<QueuedEvent>();
  const heap = new FastPriorityQueue<QueuedEvent>(before);
  for (let k = 0; k < PENDING; k++) {
    const ev = { time: delays[(i = (i + 1) & mask)], seq: seq++, next: null };
    if (kind === 'ladder') ladder.add(ev);
    else heap.add(ev);
  }
  const step =
    kind === 'ladder'
      ? () => {
          for (let n = 0; n < BATCH; n++) {
            const ev = ladder.peek()!;
            ev.time += delays[(i = (i + 1) & mask)];
            ev.seq = seq++;
            ladder.replaceTop(ev);
          }
        }
      : () => {
          for (let n = 0; n < BATCH; n++) {
            const ev = heap.peek()!;
            ev.time += delays[(i = (i + 1) & mask)];
            ev.seq = seq++;
            heap.replaceTop(ev);
          }
        };
  const bench = new Bench({ time: 2000, iterations: 10, warmupIterations: 3 });
  bench.add(kind, step);
  await bench.run();
  const result = bench.tasks[0].result;
  if (result.state !== 'completed') throw new Error(`queue benchmark '${kind}' did not complete`);
  return BATCH / (result.latency.p50 / 1000);
}

export async function run(): Promise<BenchFigure[]> {
  const full = await eventsPerSecond(new HoldModel(PENDING, 1));
  const kernel = await eventsPerSecond(new HoldModel(PENDING, 1, 1 << 16));
  const draw = await drawNs();
  const ladder = await queueOnly('ladder');
  const heap = await queueOnly('heap');
  return [
    {
      name: 'hold model, 10k pending',
      value: full.value,
      unit: 'events/s',
      note:
        `exp(1) delays drawn per event (alea + log); median of ${full.samples} x ${BATCH / 1000}k events, rme ` +
        `${full.rme.toFixed(1)}%`,
    },
    {
      name: 'hold model, 10k pending, kernel only',
      value: kernel.value,
      unit: 'events/s',
      note:
        `delays from a 64k table of exp(1) draws: schedule + queue + dispatch + fingerprint; median of ` +
        `${kernel.samples} x ${BATCH / 1000}k events`,
    },
    {
      name: 'queue only: ladder EventQueue, 10k pending',
      value: ladder,
      unit: 'holds/s',
      note: 'peek + replaceTop with table delays, no simulator: the structure the simulator uses',
    },
    {
      name: 'queue only: one fastpriorityqueue heap, 10k pending',
      value: heap,
      unit: 'holds/s',
      note: 'the same on a single binary heap over all 10k records (the queue before the ladder)',
    },
    {
      name: 'exp(1) draw from a seeded stream',
      value: draw,
      unit: 'ns/draw',
      note: 'alea .double() (two generator steps for 53 bits) + Math.log: the difference between the two hold figures',
    },
  ];
}
