import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchFigure } from './figure.js';
import type { PeerDumbbellOutcome } from './peers/dumbbell.js';

/**
 * netsim beside ns-3.37 (Debian's libns3-dev) on the same dumbbell (bench/peers/dumbbell.cc and
 * bench/peers/dumbbell.ts: the topology, rates, queues and traffic are described there), at 200
 * users with the bottleneck at 83% load (2,000: see CASES). Each side is a whole process (start, build, run,
 * exit) timed from outside by /usr/bin/time: user + system CPU seconds, which other load on the
 * shared machine stretches less than wall time, and peak memory. Runs alternate (netsim, ns-3,
 * netsim) and netsim's figure is the faster of its two. The realtime class's mean one-way delay of
 * the two must agree within 1% (issue 13); it is dominated by the 12.035 ms of propagation and
 * serialization, so the queueing part (the mean less that) is reported too, which is where two
 * models of the same queues could differ.
 *
 * ns-3's build (cached in the temp dir under a hash of the source, flags and versions):
 *   g++ -O2 -std=c++17 -w bench/peers/dumbbell.cc -o ns3-dumbbell -lns3-core -lns3-network
 *     -lns3-internet -lns3-point-to-point -lns3-traffic-control -lns3-applications
 *     -lns3-nix-vector-routing
 * (`pkg-config --libs` of these modules names libgsl.so, which Debian's libns3-dev does not pull
 * in: the libraries are given directly.)
 */
const SOURCE = 'bench/peers/dumbbell.cc';
const LIBS = ['core', 'network', 'internet', 'point-to-point', 'traffic-control', 'applications', 'nix-vector-routing'];
const FLAGS = ['-O2', '-std=c++17', '-w'];
/** Fixed part of every packet's delay: 1 + 10 + 1 ms propagation, 200 B at 100, rate, 100 Mb/s. */
const fixedMs = (bottleneck: number) => 12 + ((2 * 200 * 8) / 100e6) * 1e3 + ((200 * 8) / bottleneck) * 1e3;

/**
 * 200 users only. At 2,000 users ns-3.37's setup alone ran past 4 CPU minutes without finishing
 * (perf: Nix-vector routing's breadth-first search scans every device of a node at each visit,
 * Node::GetDevice and NetDeviceIsBridged, and the routers have 2,001 devices; with FlowMonitor,
 * InstallAll's Config paths scanned the node list per node as well), so that size is not run.
 */
const CASES = [{ users: 200, seconds: 2, bottleneck: 5e8 }];

interface Timed<T> {
  out: T;
  cpu: number;
  wall: number;
  rssMiB: number;
}

function timedProcess<T>(cmd: string, args: string[]): Timed<T> {
  const r = spawnSync('/usr/bin/time', ['-f', '@@time %U %S %e %M', cmd, ...args], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const mark = /@@time (\S+) (\S+) (\S+) (\S+)/.exec(r.stderr ?? '');
  if (r.status !== 0 || !mark) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr ?? r.error?.message}`);
  return {
    out: JSON.parse(r.stdout) as T,
    cpu: Number(mark[1]) + Number(mark[2]),
    wall: Number(mark[3]),
    rssMiB: Number(mark[4]) / 1024,
  };
}

function version(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : `none (${cmd})`;
}

/** Builds the ns-3 program (or finds it built); throws saying why it cannot. */
export function buildPeer(): string {
  if (!existsSync('/usr/include/ns3/core-module.h')) throw new Error('ns-3 headers not found: install libns3-dev');
  const key = createHash('sha256')
    .update(readFileSync(SOURCE, 'utf8'))
    .update(FLAGS.join(' ') + LIBS.join(' '))
    .update(version('g++', ['-dumpfullversion']) + version('pkg-config', ['--modversion', 'ns3-core']))
    .digest('hex')
    .slice(0, 16);
  const dir = join(tmpdir(), 'netsim-ns3-dumbbell', key);
  const binary = join(dir, 'ns3-dumbbell');
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const partial = `${binary}.${process.pid}.tmp`;
  const build = spawnSync('g++', [...FLAGS, SOURCE, '-o', partial, ...LIBS.map((l) => `-lns3-${l}`)], {
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`building ${SOURCE} failed: ${build.stderr || build.error?.message}`);
  renameSync(partial, binary);
  return binary;
}

export async function run(): Promise<BenchFigure[]> {
  const binary = buildPeer();
  const script = fileURLToPath(new URL('./peers/dumbbell.js', import.meta.url));
  const figures: BenchFigure[] = [];
  for (const c of CASES) {
    const args = [`--users=${c.users}`, `--seconds=${c.seconds}`, `--bottleneck=${c.bottleneck}`, '--seed=1'];
    const ours1 = timedProcess<PeerDumbbellOutcome>(process.execPath, [script, ...args]);
    const theirs = timedProcess<PeerDumbbellOutcome>(binary, args);
    const ours2 = timedProcess<PeerDumbbellOutcome>(process.execPath, [script, ...args]);
    const ours = ours1.cpu <= ours2.cpu ? ours1 : ours2;
    const fixed = fixedMs(c.bottleneck);
    const a = ours.out.realtime.meanDelayMs;
    const b = theirs.out.realtime.meanDelayMs;
    const setup = `${c.users} users, ${c.seconds} simulated s (+1 s drain), bottleneck ${c.bottleneck / 1e6} Mb/s`;
    figures.push(
      {
        name: `peer ${c.users} users: ns-3 / netsim whole-process CPU`,
        value: theirs.cpu / ours.cpu,
        unit: 'x',
        note:
          `${setup}: netsim ${ours.cpu.toFixed(2)} s CPU (${ours1.cpu.toFixed(2)}, ${ours2.cpu.toFixed(2)}), ` +
          `${ours.rssMiB.toFixed(0)} MiB; ns-3 ${theirs.cpu.toFixed(2)} s CPU, ${theirs.rssMiB.toFixed(0)} MiB; ` +
          `wall ${ours.wall.toFixed(2)} and ${theirs.wall.toFixed(2)} s`,
      },
      {
        name: `peer ${c.users} users: realtime mean delay, netsim vs ns-3`,
        value: (100 * (a - b)) / b,
        unit: '%',
        note:
          `netsim ${a.toFixed(4)} ms, ns-3 ${b.toFixed(4)} ms; queueing part (less ${fixed.toFixed(4)} ms) ` +
          `${((a - fixed) * 1e3).toFixed(2)} and ${((b - fixed) * 1e3).toFixed(2)} us; business ` +
          `${ours.out.business.meanDelayMs.toFixed(4)} and ${theirs.out.business.meanDelayMs.toFixed(4)} ms; ` +
          `sent ${ours.out.realtime.sent + ours.out.business.sent} and ` +
          `${theirs.out.realtime.sent + theirs.out.business.sent} packets`,
      },
      {
        name: `peer ${c.users} users: netsim packet-hops per whole-process CPU second`,
        value: (ours.out.packetHops ?? 0) / ours.cpu,
        unit: 'hops/s',
        note: `${ours.out.packetHops} hops, ${ours.out.events} events; process start, build and run included`,
      },
    );
  }
  return figures;
}
