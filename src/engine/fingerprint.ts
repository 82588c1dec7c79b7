/**
 * A running 64-bit FNV-1a-style hash (two 32-bit lanes) over the (time, seq) pairs of processed
 * events. Time is hashed by its exact IEEE-754 bits, so any change in the trajectory shows. The lanes
 * are kept here; the step itself is written once, in the kernel's loop (Simulator.run), where it runs per
 * event without a call.
 */
export class Fingerprint {
  hi = 0x811c9dc5;
  lo = 0x01000193;

  hex(): string {
    return (this.hi >>> 0).toString(16).padStart(8, '0') + (this.lo >>> 0).toString(16).padStart(8, '0');
  }
}
