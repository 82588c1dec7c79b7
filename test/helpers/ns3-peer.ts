import { execFile, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BulkCell, BulkOutcome } from './bulk-dumbbell.js';

/**
 * test/peers/ns3-bulk.cc, built against Debian's libns3-dev (ns-3.37) and run. The binary and the
 * results of each run are cached in a directory of the system's temp dir named after a hash of the
 * source, the build command and the ns-3 and compiler versions, so a second run of the test (or of
 * another test file using it) neither rebuilds nor re-runs ns-3.
 */
export const PEER_SOURCE = 'test/peers/ns3-bulk.cc';
const LIBS = ['core', 'network', 'internet', 'point-to-point', 'applications', 'traffic-control'];
const FLAGS = ['-O2', '-std=c++17', '-w'];

export type Peer = { ok: true; binary: string; dir: string } | { ok: false; reason: string };

function version(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : `none (${cmd})`;
}

/** Builds the peer (or finds it built); says why not when it cannot. */
export function preparePeer(): Peer {
  if (spawnSync('g++', ['--version']).status !== 0) return { ok: false, reason: 'g++ is not installed' };
  const header = '/usr/include/ns3/core-module.h';
  if (!existsSync(header)) return { ok: false, reason: `ns-3 headers not found (${header}): install libns3-dev` };
  const source = readFileSync(PEER_SOURCE, 'utf8');
  const key = createHash('sha256')
    .update(source)
    .update(FLAGS.join(' '))
    .update(LIBS.join(' '))
    .update(version('g++', ['-dumpfullversion']))
    .update(version('pkg-config', ['--modversion', 'ns3-core']))
    .digest('hex')
    .slice(0, 16);
  const dir = join(tmpdir(), 'netsim-ns3-peer', key);
  const binary = join(dir, 'ns3-bulk');
  if (existsSync(binary)) return { ok: true, binary, dir };
  mkdirSync(join(dir, 'results'), { recursive: true });
  const partial = `${binary}.${process.pid}.tmp`;
  const build = spawnSync('g++', [...FLAGS, '-o', partial, PEER_SOURCE, ...LIBS.map((l) => `-lns3-${l}`)], {
    encoding: 'utf8',
  });
  if (build.status !== 0) {
    const why = (build.stderr || build.error?.message || '').split('\n').slice(0, 5).join(' / ');
    return { ok: false, reason: `building ${PEER_SOURCE} failed: ${why}` };
  }
  renameSync(partial, binary);
  return { ok: true, binary, dir };
}

/** The peer's command-line arguments for a cell. */
export function peerArgs(c: BulkCell): string[] {
  const args = [`--cc=${c.cc}`, `--flows=${c.flows}`, `--buffer=${c.buffer}`];
  if (c.rate !== undefined) args.push(`--rate=${c.rate}`);
  if (c.rtt !== undefined) args.push(`--rtt=${c.rtt}`);
  if (c.warmup !== undefined) args.push(`--warmup=${c.warmup}`);
  if (c.duration !== undefined) args.push(`--duration=${c.duration}`);
  if (c.spread !== undefined) args.push(`--spread=${c.spread}`);
  return args;
}

/** Runs a cell in ns-3 (or reads its cached result). */
export function runPeer(peer: { binary: string; dir: string }, c: BulkCell): Promise<BulkOutcome> {
  const args = peerArgs(c);
  const cached = join(peer.dir, 'results', `${args.map((a) => a.replace(/^-+/, '')).join('_')}.json`);
  if (existsSync(cached)) return Promise.resolve(JSON.parse(readFileSync(cached, 'utf8')) as BulkOutcome);
  return new Promise((resolve, reject) => {
    execFile(peer.binary, args, { encoding: 'utf8', timeout: 300_000 }, (err, stdout, stderr) => {
      if (err) {
        reject(new Error(`ns-3 peer ${args.join(' ')} failed: ${err.message} ${stderr}`));
        return;
      }
      const out = JSON.parse(stdout) as BulkOutcome;
      const partial = `${cached}.${process.pid}.tmp`;
      writeFileSync(partial, JSON.stringify(out));
      renameSync(partial, cached);
      resolve(out);
    });
  });
}

/** Runs cells with at most `parallel` ns-3 processes at a time; results in the order of `cells`. */
export async function runPeerCells(
  peer: { binary: string; dir: string },
  cells: readonly BulkCell[],
  parallel = 2,
): Promise<BulkOutcome[]> {
  const out: BulkOutcome[] = new Array<BulkOutcome>(cells.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < cells.length) {
      const i = next++;
      out[i] = await runPeer(peer, cells[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, cells.length) }, worker));
  return out;
}
