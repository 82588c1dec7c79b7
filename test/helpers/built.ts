import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Worker threads, child processes and cluster jobs run compiled JavaScript (dist/), so tests that
// drive them need an up-to-date build. `npm test` builds first (pretest); a test run alone
// rebuilds a stale dist/ itself.

/** The repository root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The `netsim` command as a user runs it. */
export const netsimBin = join(root, 'bin', 'netsim.js');

function newest(dir: string, ext: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p, ext));
    else if (e.name.endsWith(ext)) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/** Compiled directories and their sources: the CLI and the fuzz workers. */
const BUILT = ['src', 'fuzz'];

function stale(): boolean {
  try {
    // The bundle (dist/cli, what bin/netsim.js runs) is built last, from dist/src: its chunks (.cjs), then the worker.
    statSync(join(root, 'dist', 'cli', 'main.cjs'));
    statSync(join(root, 'dist', 'fuzz', 'worker.js'));
    const sources = Math.max(...BUILT.map((d) => newest(join(root, d), '.ts')));
    return sources > newest(join(root, 'dist', 'fuzz'), '.js') || sources > newest(join(root, 'dist', 'cli'), '.js');
  } catch {
    return true;
  }
}

/** Builds dist/ if a source is newer, one test process at a time (a lock directory). */
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
    if (stale()) {
      spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', root], {
        stdio: 'ignore',
      });
      spawnSync(
        process.execPath,
        [join(root, 'node_modules', 'rolldown', 'bin', 'cli.mjs'), '-c', 'rolldown.config.js'],
        { cwd: root, stdio: 'ignore' },
      );
      // The chunks' V8 code cache (src/cli/code-cache.ts), as `npm run build` writes it.
      spawnSync(process.execPath, [join(root, 'dist', 'src', 'cli', 'code-cache.js')], { cwd: root, stdio: 'ignore' });
    }
  } finally {
    rmdirSync(lock);
  }
}

/** The built CLI in a child process, as a user runs it. */
export function builtCli(cwd: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [netsimBin, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 300_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
