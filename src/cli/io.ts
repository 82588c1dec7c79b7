import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { ScenarioError } from '../spec/problems.js';

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
        io.stderr.write(`${e.format()}\n`);
        if (e.problems.length > 1) io.stderr.write(`${e.problems.length} problems\n`);
        io.exitCode = EXIT.usage;
      } else if (e instanceof UsageError) {
        io.stderr.write(`netsim: ${e.message}\n`);
        io.exitCode = EXIT.usage;
      } else {
        const err = e as Error;
        io.stderr.write(`netsim: the run failed: ${err?.message ?? String(e)}\n`);
        if (process.env.NETSIM_DEBUG) io.stderr.write(`${err?.stack ?? ''}\n`);
        io.exitCode = EXIT.failed;
      }
    }
  };
}

/**
 * Writes a file atomically: a temporary file in the same directory, then a rename, so a reader
 * never sees half a result and an interrupted run leaves the old file intact.
 */
export function writeFileAtomic(path: string, text: string): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new UsageError(`cannot write ${path}: ${(e as Error).message}`);
  }
}

/** Parses `--seed`: an integer >= 0. */
export function parseSeed(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n))
    throw new UsageError(`--seed expects an integer >= 0, got ${JSON.stringify(text)}`);
  return n;
}

/** Commander's collector for a repeatable option: every occurrence, in order. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
