import { buildSimulation, parseScenario } from '../src/scenario/index.js';
import type { BenchFigure } from './figure.js';

/**
 * Scale: one population of 10,000 cable users in Seattle, expanded by the catalog and run for 60
 * simulated seconds. Everyone browses (web, request-response) an app in a VNet in westus2, entering
 * Microsoft's network at the Seattle edge POP; 10% hold a Teams-like audio call with a relay at the
 * edge. The shared segment carries the neighbours' background load at the cable profile's busy-hour
 * 50%, capped at 10 Gbps per direction, as the catalog does by default.
 *
 * Measured: wall and CPU time of validation + expansion, of building the network and routing every
 * flow, and of the run; peak memory as the highest `process.memoryUsage().rss` sampled at every
 * progress step of the run (200 per run) and after each phase.
 */
export const USERS = 10_000;
export const SECONDS = 60;

export function scenarioText(users: number, seconds: number): string {
  return `
name: scale
description: ${users} cable users, web for everyone and audio calls for 10%, ${seconds} simulated seconds
seed: 1
duration: ${seconds}s
drain: 2s
nodes:
  - id: city
    kind: population
    users: ${users}
    profile: cable
    location: seattle
    apps:
      - { app: web, to: web-server }
      - { app: teams-audio, share: 10%, to: relay }
  - { id: msnet, kind: microsoft-network, regions: [westus2] }
  - { id: app-vnet, kind: vnet, region: westus2, servers: [web-server] }
  - { id: relay, kind: site, location: seattle }
links:
  - { id: relay-edge, from: relay, to: pop-seattle, rate: 100Gbps, delay: 0.1ms }
flows: []
`;
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1e6;
}

function clock<T>(fn: () => T): { value: T; wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const value = fn();
  return { value, wall: Number(process.hrtime.bigint() - t0) / 1e9, cpu: cpuSeconds(c0) };
}

export async function run(): Promise<BenchFigure[]> {
  let peak = process.memoryUsage().rss;
  const sample = () => {
    const rss = process.memoryUsage().rss;
    if (rss > peak) peak = rss;
  };
  const parsed = clock(() => parseScenario(scenarioText(USERS, SECONDS), 'scale.yaml'));
  sample();
  const built = clock(() => buildSimulation(parsed.value));
  sample();
  const sim = built.value;
  const ran = clock(() => sim.run({ onProgress: sample }));
  sample();
  const r = ran.value;
  const s = parsed.value;
  const flows = Object.keys(r.flows).length;
  const size = `${s.nodes.length} nodes, ${s.links.length} links, ${flows} flows`;
  const setup = `${USERS} users, ${size}, ${SECONDS} simulated s`;
  return [
    {
      name: 'scale: validate + expand',
      value: parsed.wall,
      unit: 's',
      note: `${setup}; CPU ${parsed.cpu.toFixed(2)} s`,
    },
    {
      name: 'scale: build + route',
      value: built.wall,
      unit: 's',
      note: `network, stages, ${flows} routed flows; CPU ${built.cpu.toFixed(2)} s`,
    },
    {
      name: 'scale: run',
      value: ran.wall,
      unit: 's',
      note:
        `${r.simulated.events} events (${(r.simulated.events / ran.wall / 1e6).toFixed(2)} M/s); CPU ` +
        `${ran.cpu.toFixed(2)} s`,
    },
    {
      name: 'scale: peak memory (sampled rss)',
      value: Math.round((peak / 2 ** 20) * 10) / 10,
      unit: 'MiB',
      note: 'highest process.memoryUsage().rss at 200 progress steps and after each phase',
    },
  ];
}
