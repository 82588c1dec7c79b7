/**
 * Hybrid populations (issue 13, direction 3), measured outside the test suite: the scale scenario
 * (bench/scale.ts: cable users in Seattle, web for everyone, audio calls for 10%) run in one process
 * per invocation, full packet level or with `fidelity: { packetUsers }`, printing process CPU time,
 * peak RSS and the per-class and segment figures as one JSON line (compare two lines for agreement).
 *
 *   node dist/bench/hybrid.js USERS SECONDS [PACKET_USERS|-] [SEED] [PLACES] [SAMPLE]
 *
 * At one place, `sample` is the first SAMPLE users' figures (default PACKET_USERS; bench/sample-figures.ts): a
 * full run (`-`) and a hybrid run with PACKET_USERS = SAMPLE report the very same users, for a paired comparison.
 *
 * CPU time, not wall time: the machine is shared (docs in bench/RESULTS.md).
 */
import { buildSimulation, parseScenario } from '../src/scenario/index.js';
import { sampleFigures, type SampleRun } from './sample-figures.js';
import { scenarioText } from './scale.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- result JSON read loosely by a bench script
type Json = Record<string, any>;

export function hybridText(users: number, seconds: number, packetUsers: number | null, seed = 1, places = 1): string {
  let text = scenarioText(users, seconds).replace('seed: 1\n', `seed: ${seed}\n`);
  const fidelity = (k: number | null) => (k === null ? '' : `    fidelity: { packetUsers: ${k} }\n`);
  if (places === 1) return text.replace('    profile: cable\n', `    profile: cable\n${fidelity(packetUsers)}`);
  // Several places (ISP areas around Seattle, one shared segment each, at most 10 Gbps per direction), as 100,000
  // users would be: one population per area, each browsing a web server of its own. Behind one 10 Gbps segment,
  // or served by one 10 Gbps VM, 100,000 users' web load would overload it (and their first pages, all within the
  // second they start, would fill the VM's link for the whole run), which is the scenario, not the method.
  const area = (i: number) => {
    const lat = (47.3 + (0.6 * i) / places).toFixed(3);
    const share = (n: number) => Math.floor((n * (i + 1)) / places) - Math.floor((n * i) / places);
    return [
      `  - id: city${i + 1}`,
      '    kind: population',
      `    users: ${share(users)}`,
      '    profile: cable',
      `    location: { lat: ${lat}, lon: -122.3, name: area${i + 1} }`,
      fidelity(packetUsers === null ? null : share(packetUsers)).trimEnd(),
      '    apps:',
      `      - { app: web, to: web-server-${i + 1} }`,
      '      - { app: teams-audio, share: 10%, to: relay }',
    ]
      .filter((l) => l !== '')
      .join('\n');
  };
  const population = / {2}- id: city\n(?: {4}.*\n)+/.exec(text)![0];
  const servers = Array.from({ length: places }, (_, i) => `web-server-${i + 1}`).join(', ');
  text = text.replace(population, `${Array.from({ length: places }, (_, i) => area(i)).join('\n')}\n`);
  return text.replace('servers: [web-server]', `servers: [${servers}]`);
}

function main(): void {
  const [users, seconds, k, seed, places, sampled] = process.argv.slice(2).map(Number);
  const sampleSize = Number.isFinite(sampled) ? sampled : k;
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
    ...((places || 1) === 1 && Number.isFinite(sampleSize)
      ? { sample: { users: sampleSize, classes: sampleFigures(r as SampleRun, sampleSize) } }
      : {}),
    links,
  };
  console.log(JSON.stringify(out));
}

if (process.argv[1]?.endsWith('hybrid.js')) main();
