import { Simulator } from '../src/engine/simulator.js';
import { RandomStreams } from '../src/engine/random.js';

/**
 * The classic hold model: `pending` events in the queue; each fired event schedules one more
 * after an exponential delay, so the queue size stays constant. Returns events/s.
 */
export function holdModel(pending: number, events: number, seed = 1): { eventsPerSecond: number; fingerprint: string } {
  const sim = new Simulator();
  const rng = new RandomStreams(seed).stream('hold');
  const hold = (): void => {
    sim.schedule(-Math.log(1 - rng()), hold);
  };
  for (let i = 0; i < pending; i++) sim.schedule(-Math.log(1 - rng()), hold);
  const t0 = process.hrtime.bigint();
  while (sim.events < events) sim.run(sim.now + 10);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { eventsPerSecond: sim.events / seconds, fingerprint: sim.fingerprint };
}
