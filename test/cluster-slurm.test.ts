import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, netsimBin, root } from './helpers/built.js';
import { startSlurm, type SlurmCluster } from './helpers/slurm.js';
import { TINY } from './helpers/tiny-sweep.js';

// The job array of docs/cluster.md on a real (single-node) Slurm: the scripts and the submit
// commands are taken from the doc as written, so the doc cannot drift from what works. Where Slurm
// cannot be started the test is skipped and says why; with NETSIM_REQUIRE_SLURM=1 (set by .ci/run
// once it has installed Slurm) that is a failure instead, so CI cannot pass without running it.

/** Two variants x 4 replications = 8 cells: one per array task of the doc's --array=1-8. */
const SCENARIO = TINY;

/** The fenced bash blocks of the Slurm section of docs/cluster.md, in order. */
function slurmBlocks(): string[] {
  const doc = readFileSync(join(root, 'docs', 'cluster.md'), 'utf8');
  const start = doc.indexOf('## Slurm');
  const section = doc.slice(start, doc.indexOf('\n## ', start + 1));
  return [...section.matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]);
}

function withoutWall(dir: string): string {
  const c = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
  for (const r of c.runs) delete r.wall;
  return JSON.stringify(c);
}

const tmp = mkdtempSync(join(tmpdir(), 'netsim-cluster-'));
let cluster: SlurmCluster | null = null;
let why = '';

describe('the Slurm job array of docs/cluster.md on a real single-node Slurm', () => {
  beforeAll(async () => {
    ensureBuilt();
    const started = await startSlurm();
    if (started.ok) cluster = started.cluster;
    else why = started.reason;
  }, 60_000);
  afterAll(async () => {
    await cluster?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }, 60_000);

  it('runs the shards and the merge as the doc says; the merge equals one compare outside wall', async (ctx) => {
    if (!cluster) {
      if (process.env.NETSIM_REQUIRE_SLURM === '1') throw new Error(`NETSIM_REQUIRE_SLURM=1 but ${why}`);
      console.warn(`skipped: Slurm cannot be started here: ${why}`);
      ctx.skip(`Slurm cannot be started here: ${why}`);
      return;
    }
    const [shards, merge, submit] = slurmBlocks();
    expect(shards).toContain('#SBATCH --array=1-8');
    expect(merge).toContain('netsim.js merge');
    expect(submit).toContain('sbatch --dependency=afterok');
    // The submit directory is not the checkout (the doc's NETSIM_HOME says where netsim is).
    const submitDir = join(tmp, 'submit');
    mkdirSync(submitDir);
    writeFileSync(join(submitDir, 'netsim-shards.sbatch'), shards);
    writeFileSync(join(submitDir, 'netsim-merge.sbatch'), merge);
    writeFileSync(join(submitDir, 'submit.sh'), submit);
    writeFileSync(join(tmp, 'tiny.yaml'), SCENARIO);
    const env = {
      ...cluster.env,
      NETSIM_HOME: root,
      SCENARIO: join(tmp, 'tiny.yaml'),
      REPLICATIONS: '4',
      OUT: join(tmp, 'results', 'shards'),
      REPORT: join(tmp, 'results', 'merged'),
    };
    const submitted = spawnSync('bash', ['-euo', 'pipefail', 'submit.sh'], {
      cwd: submitDir,
      env,
      encoding: 'utf8',
    });
    expect(submitted.status, submitted.stderr).toBe(0);
    // `sbatch --dependency=... netsim-merge.sbatch` prints "Submitted batch job N".
    const mergeJob = /Submitted batch job (\d+)/.exec(submitted.stdout)?.[1];
    expect(mergeJob, submitted.stdout).toBeDefined();
    const jobs = await cluster.waitForJobs(150_000).catch((e: Error) => {
      throw new Error(`${e.message}\n${cluster!.logs()}\n${logs(submitDir)}`);
    });
    // Eight array tasks and the merge, each completed with exit code 0.
    expect(jobs.length, jobs.join('\n')).toBe(9);
    for (const j of jobs) expect(j, `${j}\n${logs(submitDir)}`).toMatch(/ COMPLETED 0:0$/);
    expect(readdirSync(join(tmp, 'results', 'shards')).sort()).toEqual(
      [1, 2, 3, 4, 5, 6, 7, 8].map((i) => `shard-${i}-of-8.json`),
    );
    const mergeLog = readFileSync(join(submitDir, 'logs', `netsim-merge-${mergeJob}.out`), 'utf8');
    expect(mergeLog).toContain('tiny-sweep: 2 variant(s) x 1 policy x 4 replication(s) (seeds 1..4)');

    // The same comparison on one machine.
    const single = spawnSync(
      process.execPath,
      [netsimBin, 'compare', join(tmp, 'tiny.yaml'), '--replications', '4', '--out', join(tmp, 'single')],
      { encoding: 'utf8' },
    );
    expect(single.status, single.stderr).toBe(0);
    const merged = join(tmp, 'results', 'merged');
    const one = join(tmp, 'single');
    expect(withoutWall(merged)).toBe(withoutWall(one));
    for (const f of ['results.csv', 'report.html'])
      expect(readFileSync(join(merged, f), 'utf8'), f).toBe(readFileSync(join(one, f), 'utf8'));
  }, 240_000);
});

function logs(submitDir: string): string {
  try {
    const dir = join(submitDir, 'logs');
    return readdirSync(dir)
      .map((f) => `--- ${f}\n${readFileSync(join(dir, f), 'utf8')}`)
      .join('\n');
  } catch {
    return '(no job logs)';
  }
}
