/**
 * Hybrid populations (issue 13, direction 3), measured outside the test suite: the scale scenario
 * (bench/scale.ts: cable users in Seattle, web for everyone, audio calls for 10%) run in one process
 * per invocation, full packet level or with `fidelity: { packetUsers }`, printing process CPU time,
 * peak RSS and the per-class and segment figures as one JSON line (compare two lines for agreement).
 *
 *   node dist/bench/hybrid.js USERS SECONDS [PACKET_USERS|-] [SEED] [PLACES]
 *
 * CPU time, not wall time: the machine is shared (docs in bench/RESULTS.md).
 */
import { buildSimulation, parseScenario } from '../src/scenario/index.js';
import { scenarioText } from './scale.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- result JSON read loosely by a bench script
type Json = Record<string, any>;

export function hybridText(users: number, seconds: number, packetUsers: number | null, seed = 1, places = 1): string {
  let text = scenarioText(users, seconds).replace('seed: 1\n', `seed: ${seed}\n`);
  // Several places (ISP areas around Seattle, one shared segment each, at most 10 Gbps per direction):
  // 100,000 users behind one 10 Gbps segment would overload it, which is the scenario, not the method.
  if (places > 1) {
    const at = Array.from({ length: places }, (_, i) => {
      const lat = (47.3 + (0.6 * i) / places).toFixed(3);
      return `{ at: { lat: ${lat}, lon: -122.3, name: area${i + 1} }, share: 1 }`;
    });
    text = text.replace('    location: seattle\n', `    locations: [${at.join(', ')}]\n`);
  }
  if (packetUsers !== null)
    text = text.replace('    profile: cable\n', `    profile: cable\n    fidelity: { packetUsers: ${packetUsers} }\n`);
  return text;
}

function main(): void {
  const [users, seconds, k, seed, places] = process.argv.slice(2).map(Number);
  let peak = process.memoryUsage().rss;
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss);
  };
  const c0 = process.cpuUsage();
  const s = parseScenario(
    hybridText(users, seconds, Number.isFinite(k) ? k : null, seed || 1, places || 1),
    'hybrid.yaml',
  );
  const r = buildSimulation(s).run({ onProgress: sample }) as unknown as Json;
  sample();
  const c = process.cpuUsage(c0);
  const classes = Object.fromEntries(
    Object.entries(r.classes as Json)
      .filter(([, v]) => v.received > 0)
      .map(([name, v]) => [name, { received: v.received, lossRatio: v.lossRatio, ...v.latencyMs }]),
  );
  const links = Object.fromEntries(
    Object.entries(r.links as Json)
      .filter(([id]) => id.startsWith('segment:') || id.startsWith('pop-') || id.includes('relay'))
      .map(([id, v]) => [id, v]),
  );
  const out = {
    users,
    seconds,
    packetUsers: Number.isFinite(k) ? k : users,
    cpuSeconds: (c.user + c.system) / 1e6,
    peakRssMiB: peak / 2 ** 20,
    events: r.simulated?.events,
    fidelity: r.fidelity,
    classes,
    links,
  };
  console.log(JSON.stringify(out));
}

if (process.argv[1]?.endsWith('hybrid.js')) main();
