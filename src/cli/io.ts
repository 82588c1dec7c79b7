import { formatProblem, ScenarioError, type Problem } from '../spec/problems.js';
import { clip } from '../spec/clip.js';

export { clip };

/** Exit codes of the contract: 0 success, 1 the run failed, 2 bad usage or an invalid scenario. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** Where a command writes, and the exit code it leaves (tests pass their own). */
export interface CliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  exitCode: number;
}

export function processIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, exitCode: EXIT.ok };
}

/** A mistake on the command line: printed without a stack trace, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Wraps a command's action: user errors (an invalid scenario, bad usage) print their message and
 * exit 2; anything else is a failed run, exit 1, with the stack only when NETSIM_DEBUG is set.
 */
export function action<A extends unknown[]>(
  io: CliIO,
  fn: (...args: A) => void | Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (e) {
      if (e instanceof ScenarioError) {
        io.stderr.write(`${clip(e.format())}\n`);
        if (e.problems.length > 1) io.stderr.write(`${e.problems.length} problems\n`);
        io.exitCode = EXIT.usage;
      } else if (e instanceof UsageError) {
        io.stderr.write(`netsim: ${clip(e.message)}\n`);
        io.exitCode = EXIT.usage;
      } else {
        const err = e as Error;
        io.stderr.write(`netsim: the run failed: ${clip(String(err?.message ?? e))}\n`);
        if (process.env.NETSIM_DEBUG) io.stderr.write(`${err?.stack ?? ''}\n`);
        io.exitCode = EXIT.failed;
      }
    }
  };
}

/**
 * A scenario's warnings (valid keys that have no effect, `Scenario.warnings`) on stderr, one line
 * each as a problem's, after `netsim: warning: `; a warning several sweep points share, once.
 */
export function writeWarnings(io: Pick<CliIO, 'stderr'>, warnings: Iterable<Problem>): void {
  const seen = new Set<string>();
  for (const w of warnings) {
    const line = formatProblem(w);
    if (seen.has(line)) continue;
    seen.add(line);
    io.stderr.write(`netsim: warning: ${line}\n`);
  }
}

/** An integer flag within [min, max], or a usage error that says the range. */
export function integerFlag(flag: string, text: string, min: number, max: number, why = ''): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min || n > max)
    throw new UsageError(
      `${flag} expects an integer from ${min} to ${max}${why ? ` (${why})` : ''}, got ${JSON.stringify(text)}`,
    );
  return n;
}

/** Parses `--seed`: an integer >= 0 that stays exact in JavaScript (seed + replications included). */
export function parseSeed(text: string): number {
  return integerFlag('--seed', text, 0, Number.MAX_SAFE_INTEGER);
}

/** Commander's collector for a repeatable option: every occurrence, in order. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
