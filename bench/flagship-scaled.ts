/**
 * The flagship (scenarios/remote-work.yaml) at USERS users as a hybrid population, one process per
 * invocation: process CPU time, peak RSS, events, the concentrator's admission and the per-class figures
 * of the packet users, as one JSON line (bench/RESULTS.md, "Hybrid populations through VPN gateways").
 *
 *   node dist/bench/flagship-scaled.js USERS PACKET_USERS [VARIANT] [PLACES]
 *
 * The file's capacities are scaled with the users so that the question stays the flagship's: the
 * concentrator's tunnels (128 for 160 users) and throughput (1 Gbps) in proportion, the corporate
 * circuit at twice its share (300 Mbps for 160 users; at the flagship's own share it runs at about 95%,
 * where fluid users, which do not back off, overload it: docs/kinds.md), the Teams media relay's link
 * in proportion; the users spread over PLACES places around Seattle (default 20), one shared segment
 * each (a segment is at most 10 Gbps: 100,000 users behind one would overload it). Without scaling,
 * 100,000 users' media alone would offer the 300 Mbps circuit some 70 times its capacity, which the
 * hybrid population refuses (an error at `fidelity`).
 */
import { readFileSync } from 'node:fs';
import { buildSimulation, parseScenario } from '../src/scenario/index.js';

export function flagshipScaledText(users: number, packetUsers: number, places: number): string {
  const f = users / 160;
  const at = Array.from({ length: places }, (_, i) => {
    const lat = (47.3 + (0.6 * i) / places).toFixed(3);
    return `{ at: { lat: ${lat}, lon: -122.3, name: area${i + 1} }, share: 1 }`;
  });
  const swaps: [string, string][] = [
    ['    users: 160\n', `    users: ${users}\n    fidelity: { packetUsers: ${packetUsers} }\n`],
    [
      '    location: seattle\n    peakLoad: 30%',
      `    ${places > 1 ? `locations: [${at.join(', ')}]` : 'location: seattle'}\n    peakLoad: 30%`,
    ],
    ['    tunnels: 128\n', `    tunnels: ${Math.round(128 * f)}\n`],
    ['    throughput: 1Gbps\n', `    throughput: ${f}Gbps\n`],
    ['    rate: 300Mbps\n', `    rate: ${2 * 300 * f}Mbps\n`],
    ['to: pop-seattle, rate: 10Gbps', `to: pop-seattle, rate: ${10 * f}Gbps`],
    ['to: internet, rate: 10Gbps', `to: internet, rate: ${10 * f}Gbps`],
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
  const places = Number(process.argv[5] ?? 20);
  let peak = process.memoryUsage().rss;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const c0 = process.cpuUsage();
  const s = parseScenario(flagshipScaledText(users, k, places), 'remote-work-scaled.yaml');
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
      places,
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
