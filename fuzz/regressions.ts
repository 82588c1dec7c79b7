import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { render, type FuzzCase } from './case.js';
import { taskOf } from './campaign.js';
import type { WorkerTask } from './protocol.js';

/**
 * A saved fuzz case: the scenario text (after shrinking), its file name and the command line.
 * test/fuzz-regressions.test.ts replays every file of test/fuzz/regressions/, which must pass every
 * check; test/fuzz/open/ keeps reproducers of classes not fixed yet (see /work/notes/fuzz-findings.md).
 */
export interface Regression {
  class: string;
  found: string;
  argv: string[];
  /**
   * The exit code the command must give (0, or 2 for input it refuses; 1 never passes the checks): pinned, so a
   * case that once ran and now is refused (or the reverse) is seen. Null in a case just saved, whose fix decides it.
   */
  exit: 0 | 2 | null;
  file: string;
  text: string;
}

export function regressionOf(c: FuzzCase, cls: string, found: string): Regression {
  return { class: cls, found, argv: c.argv, exit: null, file: c.file, text: render(c) };
}

function slug(r: Regression): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([r.argv, r.text]))
    .digest('hex')
    .slice(0, 8);
  const name = r.class
    .split(':')
    .slice(0, 2)
    .join(' ')
    .replace(/[^a-z0-9]+/gi, '-')
    .toLowerCase();
  return `${name.slice(0, 40).replace(/-+$/, '')}-${hash}`;
}

/** Writes a regression file (atomically) and returns its path. */
export function saveRegression(dir: string, r: Regression): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${slug(r)}.yaml`);
  const header = [
    '# A fuzz case saved by `npm run fuzz -- --save`: the command must now pass every check of fuzz/oracle.ts.',
    `# Replay: node dist/fuzz/cli.js --replay ${path}`,
    '# Once fixed: set exit to the exit code the command must give (0, or 2 for input it refuses).',
    '',
  ].join('\n');
  writeFileSync(`${path}.tmp`, header + stringify(r, { lineWidth: 0 }));
  renameSync(`${path}.tmp`, path);
  return path;
}

export function loadRegression(path: string): Regression {
  const r = parse(readFileSync(path, 'utf8'), { maxAliasCount: -1, logLevel: 'silent' }) as Regression;
  if (!r || !Array.isArray(r.argv) || typeof r.text !== 'string' || typeof r.file !== 'string')
    throw new Error(`${path}: not a fuzz regression (argv, file, text)`);
  if (r.exit !== 0 && r.exit !== 2 && r.exit !== null)
    throw new Error(`${path}: exit: expected 0, 2 or null (not pinned yet), got ${JSON.stringify(r.exit)}`);
  return r;
}

export function regressionFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}

let id = 1_000_000_000;

export function taskOfRegression(r: Regression): WorkerTask {
  return taskOf(id++, r.file, r.text, r.argv);
}

export const regressionName = (path: string) => basename(path, '.yaml');
