import { mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Worker threads run compiled JavaScript: tests of parallel runs drive the built CLI (dist/).
 * `npm test` builds first (pretest); run alone, {@link ensureBuilt} rebuilds a stale dist/, one
 * test process at a time (a lock directory), as test/experiment-parallel.test.ts does.
 */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function newest(dir: string, ext: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p, ext));
    else if (e.name.endsWith(ext)) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

function stale(): boolean {
  try {
    statSync(join(root, 'dist', 'src', 'cli', 'main.js'));
    return newest(join(root, 'src'), '.ts') > newest(join(root, 'dist', 'src'), '.js');
  } catch {
    return true;
  }
}

export function ensureBuilt(): void {
  if (!stale()) return;
  const lock = join(tmpdir(), `netsim-build-${Buffer.from(root).toString('hex').slice(-32)}.lock`);
  for (let i = 0; ; i++) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (i > 600) throw new Error(`build lock ${lock} held for 10 minutes`);
      spawnSync('sleep', ['1']);
    }
  }
  try {
    if (stale())
      spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', root], {
        stdio: 'ignore',
      });
  } finally {
    rmdirSync(lock);
  }
}

/** The built CLI in a child process, as a user runs it. */
export function builtCli(cwd: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'netsim.js'), ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
