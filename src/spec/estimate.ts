import type { KeyPath } from './key-path.js';

/**
 * What a run will cost, estimated from the normalized scenario before it starts (issue 14): the
 * events it will process and the memory it will hold. A scenario past the limits is refused at
 * the key that makes it expensive; a run that goes far past its estimate is stopped (the watchdog).
 */
export interface RunEstimate {
  /**
   * Simulation events: each packet generated and crossing each link (serialization and arrival),
   * timers (retransmission timeouts, request deadlines, failures), and a route re-evaluation or
   * load sample per flow and channel. Infinity when nothing bounds them (a zero think time on
   * links without delay).
   */
  events: number;
  /** Bytes of JavaScript heap the built run holds: network, flows and their recorders, the scenario. */
  memoryBytes: number;
  /** Where the cost comes from, largest first (a few): what messages name. */
  sources: CostSource[];
}

/** One key of the scenario and what it costs. */
export interface CostSource {
  /** The key (`flows[2]`, `nodes[0]` for what a kind generated, `links[3].background`, `routing.interval`). */
  path: KeyPath;
  events: number;
  memoryBytes: number;
  /** Why so many events, in a few words: `request-response, think 1ns: up to 6.3×10⁵ exchanges/s`. */
  what: string;
  /** What holds the memory: `20,000 nodes, 20,001 links, 40,000 flows`. */
  holds: string;
}

/** Overrides of the resource limits (`--max-events`, `--max-memory`; absent: the defaults). */
export interface RunLimits {
  events?: number;
  memoryBytes?: number;
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/**
 * An integer with commas between groups of three digits: `640,000`, as `toLocaleString('en-US')` writes
 * it. By hand because the first `toLocaleString` (or `localeCompare`) of a process starts ICU: 15–30 ms
 * of CPU, a tenth of what `netsim validate` may take (bench/RESULTS.md, "Fast start, round two").
 */
function formatInteger(n: number): string {
  const digits = String(Math.abs(n));
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) out = digits.slice(Math.max(0, end - 3), end) + (out && `,${out}`);
  return n < 0 ? `-${out}` : out;
}

/** A count for a message: `640,000`, or `2.5×10¹¹` from a million up; `unbounded` for Infinity. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return 'unbounded';
  if (n < 1e6) return formatInteger(Math.round(n));
  let exponent = Math.floor(Math.log10(n));
  let mantissa = Math.round((n / 10 ** exponent) * 10) / 10;
  if (mantissa >= 10) {
    mantissa /= 10;
    exponent++;
  }
  const power = `10${[...String(exponent)].map((d) => SUPERSCRIPT[Number(d)]).join('')}`;
  return mantissa === 1 ? power : `${mantissa}×${power}`;
}

/** Bytes for a message: `820 MB`, `6.1 GB`. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return 'unbounded';
  if (n >= 1e9) return `${+(n / 1e9).toPrecision(3)} GB`;
  if (n >= 1e6) return `${+(n / 1e6).toPrecision(3)} MB`;
  return `${Math.max(1, Math.round(n / 1e3))} kB`;
}
