import { lstatSync, mkdirSync, rmdirSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { writeAtomically } from '../experiment/atomic-write.js';
import { createReason, fileKind as kind, fsReason } from '../spec/fs-errors.js';
import { UsageError } from './io.js';

/**
 * Output paths are checked before any work (SCENARIO-FORMAT.md: nothing half-written, exit 2 for
 * bad usage): the directories are created now, one level at a time (Node 20's recursive mkdirSync
 * never returns under /proc), a file is written and removed to prove the directory writable, and a
 * path that exists must be what will be written: a regular file (never a device, a FIFO or a
 * directory to be renamed over) or, for an output directory, a directory. If the command then
 * fails, `abandon()` removes the directories this made (empty ones only).
 */
export interface Output {
  /** Removes the directories created for this output, if they are still empty. */
  abandon(): void;
}

type Problem = (what: string) => UsageError;

function stat(path: string): Stats | null {
  try {
    return statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ENOTDIR') return null; // a parent is a file: found when walking up
    throw e;
  }
}

/** Makes `dir` and its missing parents; returns those it created (outermost first). */
function makeDirectories(dir: string, problem: Problem): string[] {
  const missing: string[] = [];
  let d = dir;
  for (;;) {
    let s: Stats | null;
    try {
      s = stat(d);
    } catch (e) {
      throw problem(`cannot use ${d}: ${fsReason(e)}`);
    }
    if (s) {
      if (!s.isDirectory()) throw problem(`${d} is ${kind(s)}, not a directory`);
      break;
    }
    missing.unshift(d);
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  const created: string[] = [];
  for (const m of missing) {
    try {
      mkdirSync(m);
      created.push(m);
    } catch (e) {
      // Another process (a shard of the same job array) made it first: as good.
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && stat(m)?.isDirectory()) continue;
      for (const c of created.reverse()) rmdirSync(c);
      throw problem(`cannot create the directory ${m}: ${createReason(e)}`);
    }
  }
  return created;
}

/** Writes and removes a small file in `dir`: the only reliable test that it is writable (root, read-only mounts). */
function probe(dir: string, created: string[], problem: Problem): void {
  // Unique among processes that share the directory, on several hosts (a cluster's shared file system).
  const test = join(dir, `.netsim-write-test-${hostname()}-${process.pid}-${process.hrtime.bigint()}`);
  try {
    writeFileSync(test, '');
    rmSync(test, { force: true });
  } catch (e) {
    for (const c of [...created].reverse()) rmdirSync(c);
    throw problem(`cannot write in ${dir}: ${createReason(e)}`);
  }
}

function abandoner(created: string[]): Output {
  return {
    abandon() {
      for (const c of [...created].reverse()) {
        try {
          rmdirSync(c);
        } catch {
          // not empty any more: something was written there on purpose
        }
      }
    },
  };
}

/** `--out FILE`: FILE, if it exists, is a regular file; its directory exists or is made, and is writable. */
export function prepareOutputFile(path: string, flag = '--out'): Output {
  const problem: Problem = (what) => new UsageError(`${flag} ${path}: ${what}`);
  if (path === '') throw problem('expected a file name');
  const existing = safeLstat(path, problem);
  if (existing?.isDirectory()) throw problem('is a directory; give the name of the file to write');
  if (existing && !existing.isFile() && !existing.isSymbolicLink())
    throw problem(`is ${kind(existing)}; the result is written to a new or regular file`);
  const dir = dirname(path);
  const created = makeDirectories(dir, problem);
  probe(dir, created, problem);
  return abandoner(created);
}

/**
 * `--out DIR`: DIR is a directory (made if missing) where files can be written; each of `files` in it, if it
 * exists, is a regular file.
 */
export function prepareOutputDir(dir: string, files: readonly string[], flag = '--out'): Output {
  const problem: Problem = (what) => new UsageError(`${flag} ${dir}: ${what}`);
  if (dir === '') throw problem('expected a directory name');
  const existing = safeLstat(dir, problem);
  const target = existing?.isSymbolicLink() ? (stat(dir) ?? existing) : existing;
  if (target && !target.isDirectory()) throw problem(`exists and is ${kind(target)}; the reports go into a directory`);
  const created = makeDirectories(dir, problem);
  for (const f of files) {
    const s = safeLstat(join(dir, f), problem);
    if (s && !s.isFile()) throw problem(`${join(dir, f)} is ${kind(s)}; it would be replaced by a report file`);
  }
  probe(dir, created, problem);
  return abandoner(created);
}

function safeLstat(path: string, problem: Problem): Stats | null {
  try {
    return lstatSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw problem(`cannot use it: ${fsReason(e)}`);
  }
}

/**
 * Writes a file atomically: a temporary file in the same directory, then a rename, so a reader
 * never sees half a result and an interrupted run leaves the old file intact. A path that exists
 * and is not a regular file is refused (a rename would replace a FIFO or a device such as
 * /dev/null).
 */
export function writeFileAtomic(path: string, text: string): void {
  const problem: Problem = (what) => new UsageError(`cannot write ${path}: ${what}`);
  const existing = safeLstat(path, problem);
  if (existing && !existing.isFile() && !existing.isSymbolicLink()) throw problem(`it is ${kind(existing)}`);
  makeDirectories(dirname(path), problem);
  try {
    writeAtomically(path, text);
  } catch (e) {
    throw problem(createReason(e));
  }
}
