/**
 * The flagship (scenarios/remote-work.yaml) at USERS users as a hybrid population, one process per
 * invocation: process CPU time, peak RSS, events, the concentrator's admission and the per-class figures
 * of the packet users, as one JSON line (bench/RESULTS.md, "Hybrid populations through VPN gateways").
 *
 *   node dist/bench/flagship-scaled.js USERS PACKET_USERS [VARIANT] [CIRCUIT]
 *
 * The file's capacities are scaled with the users so that the question stays the flagship's: the
 * concentrator's tunnels (128 for 160 users) and throughput (1 Gbps) in proportion, the corporate
 * circuit at CIRCUIT times its share (default 1: 300 Mbps for 160 users, where it runs at about 95%
 * and fluid users, which do not back off, load it some 2 points more than the full run: docs/kinds.md),
 * the Teams media relays' links, the VDI farm's LAN and the 'after' variant's ISP interconnect
 * (`peeringRate`; each 10 Gbps) in proportion (the Azure VPN gateway's SKU is not scaled: VpnGw2's
 * 500 P2S tunnels are a real limit, and the 'after' variant at 2,000 users refuses 1,500 of them), the users' shared
 * segment at 2 Mbps down and 0.5 Mbps up per user (the contention rule caps a segment at 10 Gbps,
 * which 20,000 users' VDI alone would fill; the flagship's own segment has 10 and 0.75 Mbps per user,
 * whose busy-hour background would cost more draws than the rest of the run). One place: the
 * flagship's internet transit starts at the population's own router, which a population over several
 * places does not have. Without scaling, 100,000 users' media alone would offer the 300 Mbps circuit
 * some 70 times its capacity, which the hybrid population refuses (an error at `fidelity`).
 */
import { readFileSync } from 'node:fs';
import { buildSimulation, parseScenario } from '../src/scenario/index.js';

export function flagshipScaledText(users: number, packetUsers: number, circuit = 1): string {
  const f = users / 160;
  const swaps: [string, string][] = [
    ['    users: 160\n', `    users: ${users}\n    fidelity: { packetUsers: ${packetUsers} }\n`],
    [
      '    location: seattle\n    peakLoad: 30%',
      `    location: seattle\n    segment: { up: ${users * 0.5}Mbps, down: ${users * 2}Mbps }\n    peakLoad: 30%`,
    ],
    ['    values: [160]\n', `    values: [${users}]\n`],
    ['    servers: [vdi-farm]\n', `    servers: [vdi-farm]\n    lan: ${10 * f}Gbps\n`],
    ['    tunnels: 128\n', `    tunnels: ${Math.round(128 * f)}\n`],
    ['    throughput: 1Gbps\n', `    throughput: ${f}Gbps\n`],
    ['    rate: 300Mbps\n', `    rate: ${circuit * 300 * f}Mbps\n`],
    ['to: pop-seattle, rate: 10Gbps', `to: pop-seattle, rate: ${10 * f}Gbps`],
    ['to: internet, rate: 10Gbps', `to: internet, rate: ${10 * f}Gbps`],
    ['ingress: cold-potato }', `ingress: cold-potato, peeringRate: ${10 * f}Gbps }`],
  ];
  let text = readFileSync('scenarios/remote-work.yaml', 'utf8');
  for (const [from, to] of swaps) {
    if (!text.includes(from)) throw new Error(`scenarios/remote-work.yaml no longer has ${JSON.stringify(from)}`);
    text = text.replace(from, to);
  }
  return text;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- result JSON read loosely by a bench script
type Json = Record<string, any>;

function main(): void {
  const [users, k] = process.argv.slice(2, 4).map(Number);
  const variant = process.argv[4] ?? 'before';
  const circuit = Number(process.argv[5] ?? 1);
  let peak = process.memoryUsage().rss;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const c0 = process.cpuUsage();
  const s = parseScenario(flagshipScaledText(users, k, circuit), 'remote-work-scaled.yaml');
  const r = buildSimulation(s, { variant }).run({ onProgress: sample }) as unknown as Json;
  sample();
  const c = process.cpuUsage(c0);
  const classes = Object.fromEntries(
    Object.entries(r.classes as Json)
      .filter(([, v]) => v.received > 0)
      .map(([name, v]) => [
        name,
        { p50: v.latencyMs.p50, p99: v.latencyMs.p99, refusedFlows: v.refusedFlows, loss: v.connectedLossRatio },
      ]),
  );
  const busiest = Object.entries(r.links as Json)
    .flatMap(([id, l]) => ['forward', 'reverse'].map((d) => [`${id}/${d}`, l[d]?.utilization ?? 0] as const))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4);
  console.log(
    JSON.stringify({
      users,
      packetUsers: k,
      variant,
      circuit,
      simulatedSeconds: s.warmup + s.duration + s.drain,
      cpuSeconds: (c.user + c.system) / 1e6,
      peakRssMiB: Math.round(peak / 2 ** 20),
      events: r.simulated?.events,
      tunnels: Object.fromEntries(
        Object.entries((r.tunnels ?? {}) as Json).map(([id, t]) => [
          id,
          { requested: t.requested, rejected: t.rejected },
        ]),
      ),
      classes,
      busiest,
    }),
  );
}

if (process.argv[1]?.endsWith('flagship-scaled.js')) main();
