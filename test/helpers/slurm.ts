import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { hostname, tmpdir, userInfo } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

/**
 * A throw-away single-node Slurm cluster for tests: its own munge daemon (own key and socket) and
 * its own slurmctld and slurmd on free ports, every file in one temporary directory, nothing
 * read from or written to /etc. Accounting is off (no slurmdbd); the node declares more CPUs and
 * memory than the machine has (SlurmdParameters=config_overrides) so that the job scripts of
 * docs/cluster.md run as written (--cpus-per-task=4, --mem=4G) on a 2-core CI machine.
 */
export interface SlurmCluster {
  /** The environment for Slurm commands (SLURM_CONF) and for the jobs (sbatch exports it). */
  readonly env: NodeJS.ProcessEnv;
  readonly dir: string;
  /** Runs a Slurm client command; throws with its output when it fails. */
  run(command: string, args: string[], cwd?: string): string;
  /** Waits until every job of this (private) cluster is finished; returns `id state exitcode` lines. */
  waitForJobs(timeoutMs: number): Promise<string[]>;
  /** The daemons' logs, last lines (for failure messages). */
  logs(): string;
  /** Cancels what is left and stops the three daemons (the processes this helper started, by id). */
  stop(): Promise<void>;
}

export type Started = { ok: true; cluster: SlurmCluster } | { ok: false; reason: string };

const SBIN = ['/usr/sbin', '/sbin', '/usr/local/sbin'];

/** A command in PATH or in the sbin directories (not in an unprivileged user's PATH on Debian). */
function which(name: string): string | null {
  for (const dir of [...(process.env.PATH ?? '').split(delimiter), ...SBIN]) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function until(what: () => boolean, timeoutMs: number, alive: () => string | null): Promise<string | null> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (what()) return null;
    const dead = alive();
    if (dead) return dead;
    await sleep(200);
  }
  return `timed out after ${timeoutMs / 1000} s`;
}

/** Ids of this user's processes whose environment holds `entry` (Linux /proc; none elsewhere). */
function processesWithEnv(entry: string): number[] {
  const out: number[] = [];
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return out;
  }
  for (const p of pids) {
    if (Number(p) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${p}/environ`, 'latin1').split('\0').includes(entry)) out.push(Number(p));
    } catch {
      // another user's process, or gone
    }
  }
  return out;
}

/** Terminal states of a job (squeue stops listing it; scontrol keeps it for MinJobAge). */
const DONE = /^(COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|PREEMPTED|BOOT_FAIL|DEADLINE)$/;

/**
 * Starts the cluster, or says why it cannot (Slurm or munge not installed, a daemon that does not
 * start or a node that does not come up: the daemon's log tail is in the reason).
 */
export async function startSlurm(): Promise<Started> {
  const tools = ['munged', 'slurmctld', 'slurmd', 'sbatch', 'scontrol', 'scancel', 'squeue'];
  const paths = Object.fromEntries(tools.map((t) => [t, which(t)]));
  const missing = tools.filter((t) => !paths[t]);
  if (missing.length > 0)
    return {
      ok: false,
      reason: `Slurm is not installed here (no ${missing.join(', ')}); on Debian: apt-get install slurm-wlm munge`,
    };

  // munged checks permissions: the key private to its owner, the socket's directory (and every
  // parent) searchable by all.
  const dir = mkdtempSync(join(tmpdir(), 'netsim-slurm-'));
  chmodSync(dir, 0o711);
  const keyDir = join(dir, 'munge');
  const runDir = join(dir, 'run');
  mkdirSync(keyDir, { mode: 0o700 });
  mkdirSync(runDir, { mode: 0o755 });
  mkdirSync(join(dir, 'state'), { mode: 0o700 });
  mkdirSync(join(dir, 'spool'), { mode: 0o755 });
  const key = join(keyDir, 'munge.key');
  writeFileSync(key, randomBytes(128), { mode: 0o600 });
  const socket = join(runDir, 'munge.sock');
  const user = userInfo().username;
  const node = hostname().split('.')[0];
  const conf = join(dir, 'slurm.conf');
  const children: { name: string; proc: ChildProcess; log: string }[] = [];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SLURM_CONF: conf,
    // The jobs run `node`: the one running this test.
    PATH: [dirname(process.execPath), process.env.PATH ?? '', ...SBIN].join(delimiter),
  };
  const daemon = (name: string, args: string[], log: string) => {
    const proc = spawn(paths[name]!, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    proc.stderr!.on('data', (d) => (stderr += String(d)));
    proc.on('error', (e) => (stderr += String(e)));
    children.push({ name, proc, log });
    return () => (proc.exitCode !== null || proc.signalCode !== null ? `${name} exited: ${stderr.trim()}` : null);
  };

  const cluster: SlurmCluster = {
    env,
    dir,
    run(command, args, cwd = dir) {
      const r = spawnSync(which(command) ?? command, args, { env, cwd, encoding: 'utf8', timeout: 30_000 });
      if (r.status !== 0)
        throw new Error(`${command} ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr}${r.stdout}`);
      return r.stdout;
    },
    async waitForJobs(timeoutMs) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        // One line per job or array task: JobId=.. ArrayJobId=.. JobState=.. Reason=.. ExitCode=..
        const lines = cluster
          .run('scontrol', ['show', 'job', '-o'])
          .trim()
          .split('\n')
          .filter((l) => l.startsWith('JobId='));
        const field = (l: string, k: string) => new RegExp(`\\b${k}=(\\S+)`).exec(l)?.[1] ?? '?';
        const states = lines.map((l) => ({
          id:
            field(l, 'ArrayTaskId') === '?'
              ? field(l, 'JobId')
              : `${field(l, 'ArrayJobId')}_${field(l, 'ArrayTaskId')}`,
          state: field(l, 'JobState'),
          reason: field(l, 'Reason'),
          exit: field(l, 'ExitCode'),
        }));
        const stuck = states.find((s) => s.reason === 'DependencyNeverSatisfied');
        if (stuck) throw new Error(`job ${stuck.id} can never start (a job it depends on failed)`);
        if (states.length > 0 && states.every((s) => DONE.test(s.state)))
          return states.map((s) => `${s.id} ${s.state} ${s.exit}`);
        if (Date.now() > end)
          throw new Error(`jobs not done after ${timeoutMs / 1000} s: ${states.map((s) => `${s.id} ${s.state}`)}`);
        await sleep(500);
      }
    },
    logs() {
      return children.map((c) => `--- ${c.name} (${c.log})\n${tail(c.log)}`).join('\n');
    },
    async stop() {
      // Cancel what is left and let it end while slurmd is still there to clean up its job steps.
      spawnSync(which('scancel')!, ['--user', user], { env, timeout: 10_000 });
      for (let i = 0; i < 30; i++) {
        const q = spawnSync(which('squeue')!, ['-h'], { env, encoding: 'utf8', timeout: 5000 });
        if (q.status !== 0 || q.stdout.trim() === '') break;
        await sleep(500);
      }
      // slurmd first (it reports to slurmctld), munge last (both authenticate through it).
      for (const c of [...children].reverse()) {
        if (c.proc.exitCode !== null || c.proc.signalCode !== null) continue;
        const exited = new Promise((r) => c.proc.once('exit', r));
        c.proc.kill('SIGTERM');
        const killed = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
        if (!killed) {
          c.proc.kill('SIGKILL');
          await exited;
        }
      }
      // A job step whose slurmd is gone outlives it: end the processes of this cluster's jobs (by their
      // SLURM_CONF, this cluster's own file) by id.
      for (const pid of processesWithEnv(`SLURM_CONF=${conf}`)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const fail = async (reason: string): Promise<Started> => {
    const logs = cluster.logs();
    await cluster.stop();
    return { ok: false, reason: `${reason}\n${logs}` };
  };

  const mungeLog = join(keyDir, 'munged.log');
  const mungeDead = daemon(
    'munged',
    [
      '--foreground',
      `--key-file=${key}`,
      `--socket=${socket}`,
      `--pid-file=${join(runDir, 'munged.pid')}`,
      `--log-file=${mungeLog}`,
      `--seed-file=${join(keyDir, 'munged.seed')}`,
    ],
    mungeLog,
  );
  const mungeProblem = await until(() => existsSync(socket), 10_000, mungeDead);
  if (mungeProblem) return fail(`munged did not start: ${mungeProblem}`);

  const [ctldPort, slurmdPort] = [await freePort(), await freePort()];
  writeFileSync(
    conf,
    [
      'ClusterName=netsimtest',
      `SlurmctldHost=${node}(127.0.0.1)`,
      `SlurmctldPort=${ctldPort}`,
      `SlurmdPort=${slurmdPort}`,
      `SlurmUser=${user}`,
      `SlurmdUser=${user}`,
      'AuthType=auth/munge',
      'CredType=cred/munge',
      `AuthInfo=socket=${socket}`,
      `StateSaveLocation=${join(dir, 'state')}`,
      `SlurmdSpoolDir=${join(dir, 'spool')}`,
      `SlurmctldPidFile=${join(runDir, 'slurmctld.pid')}`,
      `SlurmdPidFile=${join(runDir, 'slurmd.pid')}`,
      `SlurmctldLogFile=${join(dir, 'slurmctld.log')}`,
      `SlurmdLogFile=${join(dir, 'slurmd.log')}`,
      // No cgroups in a container: plain process tracking, no task binding.
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core',
      'SchedulerType=sched/builtin',
      // Schedule every second (default 60 s), keep finished jobs visible to scontrol for 10 minutes.
      'SchedulerParameters=sched_interval=1',
      'MinJobAge=600',
      'AccountingStorageType=accounting_storage/none',
      'JobAcctGatherType=jobacct_gather/none',
      'JobCompType=jobcomp/none',
      'SwitchType=switch/none',
      'MpiDefault=none',
      'ReturnToService=2',
      'SlurmdParameters=config_overrides',
      `NodeName=${node} NodeAddr=127.0.0.1 CPUs=8 RealMemory=8192 State=UNKNOWN`,
      `PartitionName=test Nodes=${node} Default=YES MaxTime=INFINITE State=UP`,
      '',
    ].join('\n'),
  );
  const ctldDead = daemon('slurmctld', ['-D', '-f', conf], join(dir, 'slurmctld.log'));
  const slurmdDead = daemon('slurmd', ['-D', '-f', conf, '-N', node], join(dir, 'slurmd.log'));
  const idle = () => {
    const r = spawnSync(paths.scontrol!, ['show', 'node', node, '-o'], { env, encoding: 'utf8', timeout: 5000 });
    return r.status === 0 && /\bState=IDLE\b/.test(r.stdout);
  };
  const nodeProblem = await until(idle, 30_000, () => ctldDead() ?? slurmdDead());
  if (nodeProblem) return fail(`the Slurm node did not come up: ${nodeProblem}`);
  return { ok: true, cluster };
}
