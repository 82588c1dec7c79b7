import type { Command } from 'commander';
import { HEAP_SHARE, heapLimitBytes, LIMITS } from '../spec/limits.js';
import { formatBytes } from '../spec/estimate.js';
import { parseUnit } from '../spec/units.js';
import type { RunLimits } from '../scenario/index.js';
import { UsageError } from './io.js';

/** Flags that raise (or lower) the resource limits of a run. */
export interface LimitFlags {
  maxEvents?: string;
  maxMemory?: string;
}

/** More than a few years of one core: a typo, not a study. */
const MOST_EVENTS = 1e15;
const LEAST_MEMORY = 1e6;

/** Adds `--max-events` and `--max-memory` to a command (validate, run, compare). */
export function limitOptions(cmd: Command): Command {
  return cmd
    .option(
      '--max-events <n>',
      `the most events one run may be estimated to take (default ${LIMITS.events.toExponential(0).replace('+', '')}; ` +
        'e.g. 5e9): raises the limit and the watchdog',
    )
    .option(
      '--max-memory <size>',
      `the most memory one run may be estimated to hold (default ${HEAP_SHARE * 100}% of the heap: ` +
        `${formatBytes(HEAP_SHARE * heapLimitBytes())} here; e.g. 8GB, with NODE_OPTIONS=--max-old-space-size=8192)`,
    );
}

/** The limits the flags give (absent ones keep their defaults). */
export function parseLimits(flags: LimitFlags): RunLimits {
  const limits: RunLimits = {};
  if (flags.maxEvents !== undefined) {
    const text = flags.maxEvents.trim();
    const n = Number(text);
    if (!/^\d+(\.\d+)?(e\d+)?$/i.test(text) || !(n >= 1 && n <= MOST_EVENTS))
      throw new UsageError(
        '--max-events expects a number of events from 1 to 1e15 (e.g. 5e9 or 2000000000), ' +
          `got ${JSON.stringify(flags.maxEvents)}`,
      );
    limits.events = Math.floor(n);
  }
  if (flags.maxMemory !== undefined) {
    const r = parseUnit('size', flags.maxMemory);
    if (!r.ok) throw new UsageError(`--max-memory: ${r.error}`);
    if (r.value < LEAST_MEMORY)
      throw new UsageError(`--max-memory: at least 1MB, got ${JSON.stringify(flags.maxMemory)}`);
    const heap = heapLimitBytes();
    if (r.value > heap) {
      const mb = Math.ceil(r.value / 1e6 / HEAP_SHARE);
      throw new UsageError(
        `--max-memory ${flags.maxMemory} is more than this Node process's heap (${formatBytes(heap)}): a run that ` +
          `large would end in an out-of-memory abort; start netsim with NODE_OPTIONS=--max-old-space-size=${mb}`,
      );
    }
    limits.memoryBytes = r.value;
  }
  return limits;
}
