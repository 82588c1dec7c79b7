import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, netsimBin, root } from './helpers/built.js';

// Worker threads run compiled JavaScript, so these tests drive the built CLI (dist/) in child
// processes (helpers/built.ts rebuilds a stale dist/ when the test is run alone).
const netsim = netsimBin;

const SCENARIO = `name: tiny-compare
seed: 1
warmup: 1s
duration: 3s
drain: 1s
classes:
  realtime: { sla: { latency: 40ms, loss: 1% } }
nodes:
  - { id: a, kind: host }
  - { id: r1 }
  - { id: r2 }
  - { id: b, kind: host }
links:
  - { from: a, to: r1, rate: 10Mbps, delay: 1ms }
  - { id: direct, from: r1, to: b, rate: 2Mbps, delay: 10ms, queue: { discipline: fifo, limit: 50 } }
  - { from: r1, to: r2, rate: 10Mbps, delay: 15ms }
  - { from: r2, to: b, rate: 10Mbps, delay: 15ms }
flows:
  - { id: voice, from: a, to: b, class: realtime, traffic: { model: cbr, interval: 20ms, size: 200B } }
  - { id: web, from: a, to: b, class: business,
      traffic: { model: poisson, rate: 120pps, size: { dist: exponential, mean: 1200B } } }
  - { id: backup, from: a, to: b, class: bulk, traffic: { model: poisson, rate: 1Mbps, size: 1500B } }
variants:
  before: {}
  after:
    links:
      - { id: direct, rate: 5Mbps }
`;

const tmp = mkdtempSync(join(tmpdir(), 'netsim-parallel-'));
const scenario = join(tmp, 'tiny.yaml');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The built CLI in a child process (as a user runs it). */
function cli(args: string[]) {
  const r = spawnSync(process.execPath, [netsim, ...args], { cwd: tmp, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The built CLI in this process (no process start: for the quick error cases); paths relative to tmp. */
async function cliHere(args: string[]) {
  const { main } = (await import(pathToFileURL(join(root, 'dist', 'src', 'cli', 'main.js')).href)) as {
    main: (argv: string[], io: object) => Promise<number>;
  };
  let stdout = '',
    stderr = '';
  const io = {
    stdout: { write: (s: string) => ((stdout += s), true) },
    stderr: { write: (s: string) => ((stderr += s), true) },
    exitCode: 0,
  };
  const cwd = process.cwd();
  process.chdir(tmp);
  try {
    const code = await main(['node', 'netsim', ...args], io);
    return { code, stdout, stderr };
  } finally {
    process.chdir(cwd);
  }
}

/** results.json without the one part allowed to differ: each run's wall time. */
function withoutWall(dir: string): string {
  const c = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
  for (const r of c.runs) delete r.wall;
  return JSON.stringify(c);
}

function sameReports(a: string, b: string): void {
  expect(withoutWall(b)).toBe(withoutWall(a));
  expect(readFileSync(join(b, 'results.csv'), 'utf8')).toBe(readFileSync(join(a, 'results.csv'), 'utf8'));
  expect(readFileSync(join(b, 'report.html'), 'utf8')).toBe(readFileSync(join(a, 'report.html'), 'utf8'));
}

/** A fenced block of docs/cluster.md: the `n`-th bash block under the heading that starts with `heading`. */
function docBlock(heading: string, n: number): string {
  const doc = readFileSync(join(root, 'docs', 'cluster.md'), 'utf8');
  const section = doc.slice(doc.indexOf(`## ${heading}`));
  return [...section.matchAll(/```bash\n([\s\S]*?)```/g)][n][1];
}

const base = ['compare', 'tiny.yaml', '--replications', '3', '--policies', 'shortest,class-aware'];

describe('compare in worker threads, shards and merge (built CLI)', () => {
  beforeAll(() => {
    ensureBuilt();
    writeFileSync(scenario, SCENARIO);
  });

  it('serial and parallel runs write the same bytes outside wall', () => {
    const serial = cli([...base, '--jobs', '1', '--out', 'serial']);
    expect(serial.code, serial.stderr).toBe(0);
    expect(serial.stderr).toBe('');
    expect(serial.stdout).toMatch(/^tiny-compare: 2 variant\(s\) x 2 policies x 3 replication\(s\) \(seeds 1\.\.3\)/);
    expect(serial.stdout).toContain('report: serial/report.html');
    const parallel = cli([...base, '--jobs', '2', '--out', 'parallel']);
    expect(parallel.code).toBe(0);
    expect(parallel.stdout).toBe(serial.stdout.replaceAll('serial/', 'parallel/'));
    sameReports(join(tmp, 'serial'), join(tmp, 'parallel'));
    const runs = JSON.parse(readFileSync(join(tmp, 'serial', 'results.json'), 'utf8')).runs;
    expect(
      runs.map((r: { variant: string; policy: string; seed: number }) => `${r.variant}/${r.policy}/${r.seed}`),
    ).toEqual([
      'before/shortest/1',
      'before/shortest/2',
      'before/shortest/3',
      'before/class-aware/1',
      'before/class-aware/2',
      'before/class-aware/3',
      'after/shortest/1',
      'after/shortest/2',
      'after/shortest/3',
      'after/class-aware/1',
      'after/class-aware/2',
      'after/class-aware/3',
    ]);
  });

  it('every cell is the result `netsim run` gives for it', () => {
    const one = JSON.parse(
      cli(['run', 'tiny.yaml', '--variant', 'after', '--policy', 'class-aware', '--seed', '2', '--json']).stdout,
    );
    const cell = JSON.parse(readFileSync(join(tmp, 'serial', 'results.json'), 'utf8')).runs[10];
    delete one.wall;
    delete cell.wall;
    expect(cell).toEqual(one);
  });

  it('shards in separate processes (the Slurm script of docs/cluster.md), merged, equal the single run', async () => {
    const shards = docBlock('Slurm', 0);
    const merge = docBlock('Slurm', 1);
    expect(shards).toContain('--shard "${SLURM_ARRAY_TASK_ID}/${SHARDS}"');
    const env = {
      ...process.env,
      NETSIM_HOME: root,
      SCENARIO: relative(root, scenario),
      REPLICATIONS: '3',
      SHARDS: '3',
      OUT: join(tmp, 'shards'),
      REPORT: join(tmp, 'merged'),
      SLURM_SUBMIT_DIR: root,
      SLURM_CPUS_PER_TASK: '1',
    };
    // The array tasks, at the same time, as a scheduler would start them.
    const codes = await Promise.all(
      [1, 2, 3].map(
        (task) =>
          new Promise<number | null>((resolve) => {
            const p = spawn(
              'bash',
              ['-c', shards.replace('compare "$SCENARIO"', 'compare "$SCENARIO" --policies shortest,class-aware')],
              { env: { ...env, SLURM_ARRAY_TASK_ID: String(task) }, stdio: 'ignore' },
            );
            p.on('exit', resolve);
          }),
      ),
    );
    expect(codes).toEqual([0, 0, 0]);
    expect(readdirSync(join(tmp, 'shards')).sort()).toEqual([
      'shard-1-of-3.json',
      'shard-2-of-3.json',
      'shard-3-of-3.json',
    ]);
    const out = execFileSync('bash', ['-c', merge], { env, encoding: 'utf8' });
    expect(out).toContain('tiny-compare: 2 variant(s) x 2 policies x 3 replication(s)');
    sameReports(join(tmp, 'serial'), join(tmp, 'merged'));
  });

  it("a worker's run reaches onResult and the caller with the id maps a run made in this thread has", async () => {
    // Structured cloning gives every object Object's prototype; a class `constructor` would then be found in every
    // run. Checked on arrival (run-cells.ts), the id maps are null-prototype maps again, before onResult sees them.
    const dist = (path: string) => import(pathToFileURL(join(root, 'dist', 'src', path)).href);
    const { runCells } = await dist('experiment/run-cells.js');
    const source = { text: readFileSync(scenario, 'utf8'), file: scenario, sweeps: [], sets: [] };
    const cells = [0, 1].map((k) => ({ index: k, variant: null, policy: null, seed: 1 + k, point: 0 }));
    const seen: unknown[] = [];
    const runs = await runCells(source, cells, { jobs: 2, onResult: (_: unknown, r: unknown) => seen.push(r) });
    expect(seen).toHaveLength(2);
    for (const r of [...seen, ...runs] as Record<string, object>[])
      for (const map of ['classes', 'flows', 'links', 'sla', 'experience'])
        expect(Object.getPrototypeOf(r[map]), map).toBe(null);
  });

  it('workers build the same registry: a routing policy from a module travels by its URL', async () => {
    const factories = pathToFileURL(join(root, 'dist', 'src', 'routing', 'factories.js')).href;
    const plugin = join(tmp, 'plugin.mjs');
    writeFileSync(
      plugin,
      `import { createPolicy } from ${JSON.stringify(factories)};\n` +
        `export const policies = { 'via-plugin': (o) => createPolicy('shortest', o) };\n`,
    );
    const dist = (path: string) => import(pathToFileURL(join(root, 'dist', 'src', path)).href);
    const { compareScenario } = await dist('experiment/compare.js');
    const { Registry } = await dist('scenario/registry.js');
    const registry = await Registry.builtins.withModule(pathToFileURL(plugin).href);
    expect(registry.modules).toEqual([pathToFileURL(plugin).href]);
    const options = { policies: ['via-plugin'], variants: ['after'], replications: 2, jobs: 2 };
    const c = await compareScenario(scenario, { ...options, registry });
    expect(c.runs.map((r: { policy: string }) => r.policy)).toEqual(['via-plugin', 'via-plugin']);
    // Extended in code, it cannot reach the workers: said plainly, before any run.
    const local = Registry.builtins.with({
      policies: { 'in-code': (o: object) => registry.createPolicy('shortest', o) },
    });
    await expect(compareScenario(scenario, { ...options, policies: ['in-code'], registry: local })).rejects.toThrow(
      /a registry extended in code cannot reach worker threads/,
    );
  });

  it('merge refuses shards that do not belong together (exit 2, the file named)', async () => {
    const other = await cliHere([...base, '--replications', '4', '--jobs', '1', '--shard', '2/3', '--out', 'other']);
    expect(other.code).toBe(0);
    const mixed = await cliHere([
      'merge',
      'shards/shard-1-of-3.json',
      'other/shard-2-of-3.json',
      'shards/shard-3-of-3.json',
      '--out',
      'bad',
    ]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(
      /^netsim: other\/shard-2-of-3.json: replications \(matrix.replications\) 4 differs from \d+ in shards\//,
    );
    expect(mixed.stderr).not.toMatch(/\n\s+at /);
    const missing = await cliHere(['merge', 'shards/shard-1-of-3.json', 'shards/shard-3-of-3.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('netsim: merge: missing shard 2/3\n');
  });

  it('bad usage exits 2 with one clear line', async () => {
    for (const [args, message] of [
      [['compare', 'tiny.yaml', '--shard', '4/3'], /--shard: expected i\/n with 1 <= i <= n/],
      [
        ['compare', 'tiny.yaml', '--variants', 'before,later'],
        /tiny.yaml: no variant 'later' \(the scenario has before, after\)/,
      ],
      [['compare', 'tiny.yaml', '--policies', 'shortest,fastest'], /--policies: unknown routing policy "fastest"/],
      [['compare', 'tiny.yaml', '--replications', '0'], /--replications expects an integer from 1 to 10000/],
      [['compare', 'missing.yaml'], /missing.yaml/],
    ] as const) {
      const r = await cliHere([...args]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
