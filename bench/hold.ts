import { Bench } from 'tinybench';
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

export async function run(): Promise<BenchFigure[]> {
  const full = await eventsPerSecond(new HoldModel(PENDING, 1));
  const kernel = await eventsPerSecond(new HoldModel(PENDING, 1, 1 << 16));
  return [
    {
      name: 'hold model, 10k pending',
      value: full.value,
      unit: 'events/s',
      note: `exp(1) delays drawn per event (alea + log); median of ${full.samples} x ${BATCH / 1000}k events, rme ${full.rme.toFixed(1)}%`,
    },
    {
      name: 'hold model, 10k pending, kernel only',
      value: kernel.value,
      unit: 'events/s',
      note: `delays from a 64k table of exp(1) draws: schedule + queue + dispatch + fingerprint; median of ${kernel.samples} x ${BATCH / 1000}k events`,
    },
  ];
}
