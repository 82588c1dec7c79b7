/**
 * A running 64-bit FNV-1a-style hash (two 32-bit lanes) over the (time, seq) pairs of processed
 * events. Time is hashed by its exact IEEE-754 bits, so any change in the trajectory shows.
 */
export class Fingerprint {
  hi = 0x811c9dc5;
  lo = 0x01000193;
  private readonly f64 = new Float64Array(1);
  private readonly u32 = new Uint32Array(this.f64.buffer);

  add(time: number, seq: number): void {
    this.f64[0] = time;
    let hi = this.hi;
    let lo = this.lo;
    hi = Math.imul(hi ^ this.u32[0], 0x01000193);
    lo = Math.imul(lo ^ this.u32[1], 0x01000193);
    hi = Math.imul(hi ^ (seq >>> 0), 0x01000193);
    lo = Math.imul(lo ^ ((seq / 4294967296) >>> 0) ^ (hi >>> 7), 0x01000193);
    this.hi = hi;
    this.lo = lo;
  }

  hex(): string {
    return (this.hi >>> 0).toString(16).padStart(8, '0') + (this.lo >>> 0).toString(16).padStart(8, '0');
  }
}
