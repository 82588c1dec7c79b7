import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { median, type BenchFigure } from './figure.js';

/**
 * Fast start (issue 13): the process time of `netsim` commands that do little work, spawned as a user
 * runs them (`node bin/netsim.js ...`, the compiled CLI). Each command runs ITERATIONS times in a
 * fresh process under tinybench (wall time) with bench/startup-probe.ts reporting the child's CPU time
 * (user + system) at exit; CPU is the figure to read on the shared machine, where other processes
 * stretch the wall time. Targets: `--help` ≤ 150 ms and `validate` ≤ 300 ms of process time. One more
 * run per command lists the modules it loads (the probe's load hook), which is what the figures follow, and
 * one more how many of the CLI's chunks ran from their V8 code cache (src/cli/bundle.ts).
 */
const ITERATIONS = 15;

// This module runs compiled (dist/bench/startup.js) in `npm run bench`, and as TypeScript in test/cli-startup.test.ts.
const here = fileURLToPath(new URL('.', import.meta.url));
const checkout = resolve(here, here.endsWith(`${sep}dist${sep}bench${sep}`) ? '../..' : '..');
const probe = join(checkout, 'dist', 'bench', 'startup-probe.js');
/** The checkout whose CLI is measured: this one, or NETSIM_STARTUP_ROOT's (A/B against another build). */
const root = process.env.NETSIM_STARTUP_ROOT ?? checkout;
const netsim = join(root, 'bin', 'netsim.js');

interface Command {
  name: string;
  args: string[];
  target?: number;
}

/** Commands measured; `node -e 0` is the floor: Node's own start, which no change to netsim removes. */
const COMMANDS: Command[] = [
  { name: 'node -e 0 (floor)', args: ['-e', '0'] },
  { name: 'netsim --help', args: [netsim, '--help'], target: 150 },
  { name: 'netsim --version', args: [netsim, '--version'], target: 150 },
  { name: 'netsim run --help', args: [netsim, 'run', '--help'] },
  { name: 'netsim validate remote-work.yaml', args: [netsim, 'validate', 'scenarios/remote-work.yaml'], target: 300 },
  {
    // A run whose simulation is negligible (20 events): what a run costs before it simulates anything.
    name: 'netsim run mm1.yaml, 10 ms simulated',
    args: [netsim, 'run', 'scenarios/mm1.yaml', '--set', 'warmup=0s', '--set', 'duration=10ms', '--set', 'drain=0s'],
  },
];

function spawnNode(args: string[], env: Record<string, string>): void {
  const r = spawnSync(process.execPath, ['--import', probe, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed (exit ${r.status ?? r.signal}): ${r.stderr}`);
}

/** What a process loaded: the files, and the modules in them, as paths from `root` (`node_modules/zod/...`). */
export interface Loaded {
  files: string[];
  /** A bundle chunk stands for the modules its source map lists; any other file for itself. */
  modules: string[];
}

/** What `node ...args` loads (run in `root`; node: built-ins and the probe left out). */
export function modulesLoaded(args: string[], dir: string): Loaded {
  const file = join(dir, 'modules.txt');
  rmSync(file, { force: true });
  spawnNode(args, { NETSIM_PROBE_MODULES: file });
  const paths = readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('node:') && !l.endsWith('/startup-probe.js'))
    .map((l) => (l.startsWith('cjs:') ? l.slice(4) : fileURLToPath(l)));
  const modules = paths.flatMap((p) => {
    const map = `${p}.map`;
    if (!existsSync(map)) return [p];
    const { sources } = JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] };
    return sources.map((s) => resolve(dirname(p), s));
  });
  return { files: paths.map((p) => relative(root, p)), modules: modules.map((p) => relative(root, p)) };
}

/** A chunk of the CLI bundle a process loaded, and what became of its code cache (src/cli/bundle.ts). */
export interface ChunkUse {
  file: string;
  cache: 'accepted' | 'rejected' | 'absent';
}

/**
 * What `node ...flags bin/netsim.js ...args` (run in `root`, without NODE_OPTIONS, whose V8 flags would make
 * V8 refuse every cache) printed, and the chunks it loaded with what became of their code cache.
 */
export function codeCacheUse(
  args: string[],
  dir: string,
  flags: string[] = [],
): { stdout: string; chunks: ChunkUse[] } {
  const file = join(dir, 'cache.json');
  rmSync(file, { force: true });
  const env: NodeJS.ProcessEnv = { ...process.env, NETSIM_PROBE_CACHE: file };
  delete env.NODE_OPTIONS;
  const r = spawnSync(process.execPath, [...flags, '--import', probe, netsim, ...args], {
    cwd: root,
    env,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`netsim ${args.join(' ')} failed (exit ${r.status ?? r.signal}): ${r.stderr}`);
  const chunks = (JSON.parse(readFileSync(file, 'utf8')) as ChunkUse[]).map((c) => ({
    ...c,
    file: relative(root, c.file),
  }));
  return { stdout: r.stdout, chunks };
}

export async function run(): Promise<BenchFigure[]> {
  const dir = mkdtempSync(join(tmpdir(), 'netsim-startup-'));
  const cpuFile = join(dir, 'cpu.json');
  const figures: BenchFigure[] = [];
  try {
    for (const c of COMMANDS) {
      const cpus: number[] = [];
      let warm = true;
      const bench = new Bench({ time: 0, iterations: ITERATIONS, warmupIterations: 1, warmupTime: 0 });
      bench.add(
        c.name,
        () => {
          spawnNode(c.args, { NETSIM_PROBE_CPU: cpuFile });
          const u = JSON.parse(readFileSync(cpuFile, 'utf8')) as NodeJS.CpuUsage;
          if (!warm) cpus.push((u.user + u.system) / 1000);
        },
        { beforeEach: (mode) => void (warm = mode === 'warmup') },
      );
      await bench.run();
      const result = bench.tasks[0].result;
      if (result.state !== 'completed') throw new Error(`benchmark '${c.name}' did not complete (${result.state})`);
      const { files, modules } = modulesLoaded(c.args, dir);
      const ours = modules.filter((m) => !m.split(sep).includes('node_modules')).length;
      const chunks = c.args[0] === netsim ? codeCacheUse(c.args.slice(1), dir).chunks : [];
      const cached = chunks.filter((u) => u.cache === 'accepted').length;
      const cache = chunks.length > 0 ? `; ${cached} of ${chunks.length} chunks from the code cache` : '';
      const verdict =
        c.target === undefined ? '' : `; target ≤ ${c.target} ms: ${median(cpus) <= c.target ? 'met' : 'NOT met'}`;
      figures.push({
        name: `${c.name}: CPU median`,
        value: Math.round(median(cpus) * 10) / 10,
        unit: 'ms',
        note:
          `user + system of the process, ${ITERATIONS} runs: min ${Math.min(...cpus).toFixed(1)} ms, ` +
          `wall median ${result.latency.p50.toFixed(1)} ms; ${files.length} files loaded, holding ${modules.length} ` +
          `modules (${ours} of netsim's)${cache}${verdict}`,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
}
