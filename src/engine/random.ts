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
    const alea = this.generator(name);
    return () => alea.double();
  }

  /** The same stream as {@link stream}, as the generator object (for loops that own their draws). */
  generator(name: string): Alea {
    return new Alea(`${this.seed}\u0000${name}`);
  }
}

/**
 * Alea (Baagoe) with 53-bit doubles, exactly as `seedrandom.alea(seed).double` computes them (the
 * same arithmetic in the same order, so every stream keeps its numbers; test/engine-random.test.ts
 * compares the two). A class with a method, so every stream's draw is the same function, which V8
 * inlines into its callers; every field starts as a number (a field declared without a value starts
 * as undefined, and V8 then boxes each double written to it: measured 4x slower draws).
 */
export class Alea {
  private s0 = 0.5;
  private s1 = 0.5;
  private s2 = 0.5;
  private c = 1;

  constructor(seed: string) {
    const mash = masher();
    this.s0 = mash(' ');
    this.s1 = mash(' ');
    this.s2 = mash(' ');
    this.s0 -= mash(seed);
    if (this.s0 < 0) this.s0 += 1;
    this.s1 -= mash(seed);
    if (this.s1 < 0) this.s1 += 1;
    this.s2 -= mash(seed);
    if (this.s2 < 0) this.s2 += 1;
  }

  /** A uniform double in [0, 1): two generator steps, 32 + 21 bits. */
  double(): number {
    let t = 2091639 * this.s0 + this.c * 2.3283064365386963e-10; // 2^-32
    this.s0 = this.s1;
    this.s1 = this.s2;
    let c = t | 0;
    const hi = (this.s2 = t - c);
    t = 2091639 * this.s0 + c * 2.3283064365386963e-10;
    this.s0 = this.s1;
    this.s1 = this.s2;
    this.c = c = t | 0;
    const lo = (this.s2 = t - c);
    return hi + ((lo * 0x200000) | 0) * 1.1102230246251565e-16; // 2^-53
  }

  /**
   * Whether the next {@link double} is below `p` (the same draw and comparison). A caller where V8 does not inline
   * the draw got its double back boxed, a heap number per call (17 MB per flagship run for the wire-loss draws,
   * `--trace-deopt`); a boolean comes back unboxed, and the double stays inside this method.
   */
  below(p: number): boolean {
    return this.double() < p;
  }
}

/** Baagoe's Mash, the seeding hash of Alea. */
function masher(): (data: string) => number {
  let n = 0xefc8249d;
  return (data: string): number => {
    for (let i = 0; i < data.length; i++) {
      n += data.charCodeAt(i);
      let h = 0.02519603282416938 * n;
      n = h >>> 0;
      h -= n;
      h *= n;
      n = h >>> 0;
      h -= n;
      n += h * 0x100000000; // 2^32
    }
    return (n >>> 0) * 2.3283064365386963e-10; // 2^-32
  };
}
