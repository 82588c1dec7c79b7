/**
 * Hybrid populations through a VPN gateway (issue 13, direction 3), measured outside the test suite:
 * the flagship's "before" variant (scenarios/remote-work.yaml) scaled to USERS users, run full packet
 * level and hybrid with the same seed, one process per run, and compared as
 * test/population-hybrid-vpn.test.ts compares them (the same scenario; there at 480 users):
 *
 *   node dist/bench/hybrid-vpn.js USERS SECONDS TUNNELS PACKET_USERS [SEED]
 *
 * prints one JSON line: each run's CPU seconds and peak RSS, the refused shares (the population's and
 * the sample's), the admitted sample users' per-class p50/p95/p99 and loss in both runs, and the
 * circuit's and the segment's utilization in both. CPU time, not wall time: the machine is shared.
 */
import { spawnSync } from 'node:child_process';
import { buildSimulation, parseScenario } from '../src/scenario/index.js';

/**
 * The flagship's "before" variant at `users` users, its capacities scaled with them: a concentrator of
 * `tunnels` SSTP tunnels and users / 160 Gbps, the corporate circuit at 3.75 Mbps per user (twice the
 * flagship's 300 Mbps for 160, so that the circuit, at about 75% with its 50% cross traffic, is loaded
 * but not saturated), with the flagship's random loss on it (0.1%).
 */
export function flagshipText(
  users: number,
  tunnels: number,
  packetUsers: number | null,
  duration: string,
  seed = 1,
): string {
  return `name: remote-work-scaled
seed: ${seed}
warmup: 2s
duration: ${duration}
drain: 1s
nodes:
  - id: home
    kind: population
    users: ${users}
    profile: cable
    location: seattle
    peakLoad: 30%
${packetUsers === null ? '' : `    fidelity: { packetUsers: ${packetUsers} }\n`}\
    vpn: { gateway: onprem-vpn, protocol: sstp }
    apps:
      - { app: teams-audio, to: teams-chicago }
      - { app: vdi, to: vdi-farm }
      - { app: teams-call, name: video-call, share: 3%, to: teams-chicago, start: 0.5s }
  - { id: dc, kind: site, location: chicago, servers: [vdi-farm] }
  - { id: onprem-vpn, kind: vpn-concentrator, attach: [dc], protocols: [sstp], tunnels: ${tunnels},
      throughput: ${users / 160}Gbps }
  - { id: internet, kind: internet-transit, from: home, to: dc, rate: ${users * 3.75}Mbps, load: 50% }
  - { id: teams-chicago, kind: site, location: chicago }
links:
  - { id: teams-chicago-uplink, from: teams-chicago, to: internet, rate: 100Gbps, delay: 1ms }
flows: []
`;
}

type FlowStats = {
  class: string;
  sent: number;
  received: number;
  lost: number;
  refusedFlows: number;
  latencyMs: Record<string, number | null>;
};
export type HybridRun = {
  flows: Record<string, FlowStats>;
  links: Record<string, Record<string, { utilization: number }>>;
  tunnels?: Record<string, unknown>;
  sessions?: Record<string, unknown>;
};

/** Users (by number) of population `pop` with flows in the run, and whether each was refused (any flow refused). */
export function usersOf(r: HybridRun, pop: string): Map<number, boolean> {
  const out = new Map<number, boolean>();
  for (const [id, f] of Object.entries(r.flows)) {
    const m = new RegExp(`^${pop}-(\\d+)\\.`).exec(id);
    if (m) out.set(Number(m[1]), (out.get(Number(m[1])) ?? false) || f.refusedFlows > 0);
  }
  return out;
}

/** The share of `users` refused. */
export const refusedShare = (users: ReadonlyMap<number, boolean>): number =>
  [...users.values()].filter(Boolean).length / users.size;

/**
 * The admitted users' figures per class, over the users of population `pop` in `only` that were
 * admitted: per flow p50/p95/p99 averaged over the flows with packets (the runs hold no per-packet
 * record to pool them), and the loss over all their flows' packets. A refused user's flows are left out
 * whole: those sent to it can lose a packet on the circuit before the gateway drops the rest, which
 * makes them connected flows with 100% loss in the class figures (stats.ts `refused`), in both runs alike.
 */
export function admittedFigures(
  r: HybridRun,
  pop: string,
  only: ReadonlyMap<number, boolean>,
): Record<string, Record<string, number>> {
  const out: Record<string, { n: number; p50: number; p95: number; p99: number; sent: number; lost: number }> = {};
  for (const [id, f] of Object.entries(r.flows)) {
    const user = Number(new RegExp(`^${pop}-(\\d+)\\.`).exec(id)?.[1]);
    if (only.get(user) !== false) continue;
    const c = (out[f.class] ??= { n: 0, p50: 0, p95: 0, p99: 0, sent: 0, lost: 0 });
    c.sent += f.sent;
    c.lost += f.lost;
    if (f.received === 0) continue;
    c.n++;
    c.p50 += f.latencyMs.p50!;
    c.p95 += f.latencyMs.p95!;
    c.p99 += f.latencyMs.p99!;
  }
  return Object.fromEntries(
    Object.entries(out).map(([cls, c]) => [
      cls,
      { p50: c.p50 / c.n, p95: c.p95 / c.n, p99: c.p99 / c.n, loss: c.lost / c.sent },
    ]),
  );
}

/** Shared link directions compared: the corporate circuit (both legs) and the cable segment. */
export const SHARED_LINKS = ['internet:interconnect', 'internet:home', 'segment:home'];

/** One run in this process (the child side): the result, CPU seconds and peak RSS. */
function runHere(text: string): void {
  let peak = process.memoryUsage().rss;
  const c0 = process.cpuUsage();
  const r = buildSimulation(parseScenario(text, 'hybrid-vpn.yaml')).run({
    onProgress: () => {
      peak = Math.max(peak, process.memoryUsage().rss);
    },
  });
  const c = process.cpuUsage(c0);
  peak = Math.max(peak, process.memoryUsage().rss);
  process.stdout.write(JSON.stringify({ cpuSeconds: (c.user + c.system) / 1e6, peakRssMiB: peak / 2 ** 20, r }));
}

function runChild(args: string[]): { cpuSeconds: number; peakRssMiB: number; r: HybridRun } {
  const out = spawnSync(process.execPath, [process.argv[1], 'child', ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout);
}

function main(): void {
  const argv = process.argv.slice(2);
  if (argv[0] === 'child') {
    const [users, seconds, tunnels, k, seed] = argv.slice(1).map(Number);
    runHere(flagshipText(users, tunnels, Number.isFinite(k) ? k : null, `${seconds}s`, seed));
    return;
  }
  const [users, seconds, tunnels, k, seed = 1] = argv.map(Number);
  const full = runChild([users, seconds, tunnels, '-', seed].map(String));
  const hybrid = runChild([users, seconds, tunnels, k, seed].map(String));
  const sample = usersOf(hybrid.r, 'home');
  const round = (x: number) => Math.round(x * 1e5) / 1e5;
  const figures = (r: HybridRun) =>
    Object.fromEntries(
      Object.entries(admittedFigures(r, 'home', sample)).map(([c, f]) => [
        c,
        Object.fromEntries(Object.entries(f).map(([q, v]) => [q, round(v)])),
      ]),
    );
  const utilization = (r: HybridRun) =>
    Object.fromEntries(
      SHARED_LINKS.flatMap((id) =>
        ['forward', 'reverse'].map((d) => [`${id}/${d}`, round(r.links[id][d].utilization)]),
      ),
    );
  console.log(
    JSON.stringify({
      users,
      seconds,
      tunnels,
      packetUsers: k,
      seed,
      cpuSeconds: { full: full.cpuSeconds, hybrid: hybrid.cpuSeconds },
      peakRssMiB: { full: Math.round(full.peakRssMiB), hybrid: Math.round(hybrid.peakRssMiB) },
      tunnelsEqual: JSON.stringify(full.r.tunnels) === JSON.stringify(hybrid.r.tunnels),
      refused: { population: refusedShare(usersOf(full.r, 'home')), sample: refusedShare(sample) },
      admitted: { full: figures(full.r), hybrid: figures(hybrid.r) },
      utilization: { full: utilization(full.r), hybrid: utilization(hybrid.r) },
    }),
  );
}

if (process.argv[1]?.endsWith('hybrid-vpn.js')) main();
