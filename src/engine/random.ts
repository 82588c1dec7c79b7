import seedrandom from 'seedrandom';

/** A source of uniform numbers in [0, 1) with 53-bit resolution. */
export interface Rng {
  (): number;
}

/**
 * Derives independent random streams from a master seed and a name (a flow id, a link id), so
 * adding a flow never changes another flow's draws, and variants of a scenario share the same
 * traffic (common random numbers). Alea: fast, small state, good statistical quality.
 */
export class RandomStreams {
  constructor(readonly seed: number) {}

  stream(name: string): Rng {
    const alea = seedrandom.alea(`${this.seed}\u0000${name}`);
    return alea.double as Rng;
  }
}
