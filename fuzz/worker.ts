/**
 * A long-lived fuzz worker process: runs cases one at a time by calling the CLI's entry function
 * (`main(argv, io)`) in this process with captured stdout and stderr, each case in a fresh
 * directory, and sends back its exit code, the checks that failed and a digest of what it printed
 * and wrote (for the determinism check across processes). The parent enforces the time and memory
 * budgets by killing this process; nothing here can interrupt a runaway simulation.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { main } from '../src/cli/main.js';
import { checkPrinted, checkResult, normalize, type Failure } from './oracle.js';
import type { WorkerReply, WorkerTask } from './protocol.js';

/** Absolute paths a case may name; the first three only as inputs (never after --out). */
const INPUT_ONLY = new Set(['/dev/zero', '/dev/null', '/proc/self/status']);
const ALLOWED_ABSOLUTE = new Set([...INPUT_ONLY, '/proc/netsim-fuzz/out', '/dev/null/out']);

const home = mkdtempSync(join(tmpdir(), 'netsim-fuzz-worker-'));
let current: { id: number; failures: Failure[] } | null = null;

process.on('uncaughtException', (e) => {
  current?.failures.push({ cls: 'uncaught', detail: String((e as Error)?.message ?? e).slice(0, 300) });
});
process.on('unhandledRejection', (e) => {
  current?.failures.push({ cls: 'uncaught', detail: String((e as Error)?.message ?? e).slice(0, 300) });
});
process.on('exit', () => rmSync(home, { recursive: true, force: true }));
// The parent is gone (killed, or done without closing the pool): nothing more will come.
process.on('disconnect', () => process.exit(0));

function resolveToken(token: string, file: string, dir: string): string {
  const at = (name: string) => join(dir, name);
  switch (token) {
    case '@file':
      return file;
    case '@fifo':
      if (spawnSync('mkfifo', [at('pipe')]).status !== 0 && !exists(at('pipe'))) throw new Error('mkfifo failed');
      return 'pipe';
    case '@dir':
      mkdirSync(at('adir'), { recursive: true });
      writeFileSync(at('adir/keep.txt'), 'keep\n');
      return 'adir';
    case '@devzero':
      return '/dev/zero';
    case '@devnull':
      return '/dev/null';
    case '@missing':
      return 'missing/nothing.yaml';
    case '@empty':
      writeFileSync(at('empty.yaml'), '');
      return 'empty.yaml';
    case '@proc-file':
      return '/proc/self/status';
    case '@longname':
      return `${'n'.repeat(300)}.yaml`;
    case '@existing-file':
      writeFileSync(at('existing.txt'), 'existing\n');
      return 'existing.txt';
    case '@under-file':
      writeFileSync(at('existing.txt'), 'existing\n');
      return 'existing.txt/sub/x.json';
    case '@proc-dir':
      return '/proc/netsim-fuzz/out';
    case '@devnull-dir':
      return '/dev/null/out';
    default:
      return token;
  }
}

function exists(p: string): boolean {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

/** Every file the command wrote in the case directory, with its content (normalized for the digest only). */
function written(dir: string, inputs: Set<string>): [string, string][] {
  const out: [string, string][] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      const rel = relative(dir, p);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && !inputs.has(rel)) {
        const size = statSync(p).size;
        out.push([rel, size > 20e6 ? `${size} bytes` : readFileSync(p, 'utf8')]);
      }
    }
  };
  walk(dir);
  return out.sort(([a], [b]) => a.localeCompare(b));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function runCase(task: WorkerTask): Promise<WorkerReply> {
  const dir = join(home, `case-${task.id}`);
  mkdirSync(dir);
  const failures: Failure[] = [];
  current = { id: task.id, failures };
  for (const [name, text] of task.files) writeFileSync(join(dir, name), text);
  const argv = task.argv.map((t, i) => {
    const p = resolveToken(t, task.file, dir);
    if (p.startsWith('/') && !ALLOWED_ABSOLUTE.has(p)) throw new Error(`fuzz case names ${p}`);
    if (task.argv[i - 1] === '--out' && INPUT_ONLY.has(p)) throw new Error(`fuzz case writes to ${p}`);
    return p;
  });
  const inputs = new Set<string>(readdirSync(dir, { recursive: true }) as string[]);
  let stdout = '',
    stderr = '';
  const io = {
    stdout: { write: (s: string | Uint8Array) => ((stdout += String(s)), true) } as unknown as NodeJS.WritableStream,
    stderr: { write: (s: string | Uint8Array) => ((stderr += String(s)), true) } as unknown as NodeJS.WritableStream,
    exitCode: 0,
  };
  const cwd = process.cwd();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let code: number;
  process.chdir(dir);
  try {
    code = await main(['node', 'netsim', ...argv], io);
  } catch (e) {
    code = -1;
    failures.push({ cls: 'uncaught', detail: `main() threw: ${String((e as Error)?.message ?? e).slice(0, 300)}` });
  } finally {
    process.chdir(cwd);
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  failures.push(...checkPrinted({ argv, code, stdout, stderr }));
  const files = code === -1 ? [] : written(dir, inputs);
  if (code === 0 && argv[0] === 'run' && argv.includes('--json')) {
    failures.push(...checkResult(parseJson(stdout), argv.includes('--variant') ? null : task.declared));
  }
  if (code === 0 && argv[0] === 'compare') {
    for (const [name, text] of files) {
      if (!name.endsWith('.json') || name.startsWith('.')) continue;
      const c = parseJson(text) as { runs?: unknown[] } | undefined;
      for (const [k, r] of (c?.runs ?? []).entries()) failures.push(...checkResult(r, null, `${name} runs[${k}]`));
    }
  }
  const digest = createHash('sha256')
    .update(
      JSON.stringify([
        code,
        normalize(stdout, dir),
        normalize(stderr, dir),
        files.map(([n, t]) => [n, normalize(t, dir)]),
      ]),
    )
    .digest('hex');
  rmSync(dir, { recursive: true, force: true });
  current = null;
  return {
    type: 'done',
    id: task.id,
    code,
    stdout: stdout.slice(0, 4000),
    stderr: stderr.slice(0, 4000),
    stdoutBytes: stdout.length,
    stderrBytes: stderr.length,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    failures,
    digest,
  };
}

process.on('message', (task: WorkerTask) => {
  runCase(task).then(
    (reply) => process.send!(reply),
    (e) =>
      process.send!({
        type: 'error',
        id: task.id,
        message: String((e as Error)?.stack ?? e),
      } satisfies WorkerReply),
  );
});
process.send!({ type: 'ready', home } satisfies WorkerReply);
