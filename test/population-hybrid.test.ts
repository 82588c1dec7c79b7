/**
 * Hybrid populations (`fidelity: { packetUsers }`, issue 13 direction 3): the schema's errors, the
 * result's `fidelity` section, and a hybrid run against the full packet-level run of the same
 * scenario. The reference is the full run itself (no closed form covers a population's mix).
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ScenarioError, buildSimulation, parseScenario } from '../src/scenario/index.js';
import { tempFile } from './helpers/scenario.js';

function scenario(users: number, packetUsers: number | null, extra = '', duration = '2s'): string {
  return `name: hybrid
seed: 1
warmup: 2s
duration: ${duration}
drain: 1s
nodes:
  - id: city
    kind: population
    users: ${users}
    profile: cable
    location: seattle
${packetUsers === null ? '' : `    fidelity: { packetUsers: ${packetUsers} }\n`}${extra}    apps:
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

function problems(text: string): string[] {
  try {
    parseScenario(text, 'test.yaml');
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems.map((p) => `${p.path}: ${p.message}`);
    throw e;
  }
  return [];
}

describe('population fidelity: errors', () => {
  it('names the key path of packetUsers above users, not an integer, or below 1', () => {
    expect(problems(scenario(10, 11))).toEqual([
      'nodes[0].fidelity.packetUsers: packetUsers (11) must be at most users (10)',
    ]);
    expect(problems(scenario(10, 2.5))[0]).toMatch(/^nodes\[0\]\.fidelity\.packetUsers: .*integer/);
    expect(problems(scenario(10, 0))[0]).toMatch(/^nodes\[0\]\.fidelity\.packetUsers: /);
    expect(problems(scenario(10, 5).replace('packetUsers: 5', 'packetUser: 5'))).toContain(
      'nodes[0].fidelity.packetUsers: missing: a number is required',
    );
  });

  it('refuses what a hybrid population cannot carry as load, at fidelity.packetUsers', () => {
    const elastic = scenario(10, 5).replace(
      '      - { app: web, to: web-server }\n',
      '      - { app: web, to: web-server }\n      - { app: storage-replication, to: web-server }\n',
    );
    expect(problems(elastic)).toContain(
      'nodes[0].fidelity.packetUsers: app storage-replication: its data component is elastic (TCP) and has no ' +
        'mean rate to carry as load',
    );
    // One audio user of 10, not among the first 5: it has no packet user's route to follow.
    expect(problems(scenario(10, 5))).toEqual([
      'nodes[0].fidelity.packetUsers: no packet user at city runs app teams-audio, so its 1 other users there ' +
        'have no route to follow: raise packetUsers',
    ]);
  });
});

describe('population fidelity: results', () => {
  it('states who was simulated how, and the packet users behind each app', () => {
    const r = buildSimulation(parseScenario(scenario(300, 60, '', '1s'), 't.yaml')).run() as unknown as {
      fidelity: Record<string, unknown>;
      apps: Record<string, Record<string, { count: number; sampled: number }>>;
      flows: Record<string, unknown>;
    };
    expect(r.fidelity.city).toMatchObject({ users: 300, packetUsers: 60, fluidUsers: 240 });
    expect(r.apps.city.web).toMatchObject({ count: 300, sampled: 60 });
    expect(r.apps.city['teams-audio'].count).toBe(30);
    expect(r.apps.city['teams-audio'].sampled).toBeGreaterThan(0);
    expect(Object.keys(r.flows).some((id) => id.startsWith('city-61.'))).toBe(false);
    expect(Object.keys(r.flows).some((id) => id.startsWith('city-60.'))).toBe(true);
  });

  it('without fidelity, every user is packets and there is no fidelity section', () => {
    const r = buildSimulation(parseScenario(scenario(20, null, '', '1s'), 't.yaml')).run() as unknown as Record<
      string,
      unknown
    >;
    expect(r.fidelity).toBeUndefined();
  });
});
