import { describe, expect, it } from 'vitest';
import {
  ACCESS_PROFILES,
  BACKGROUND_MEAN_SIZE,
  bufferBytes,
  nearestPop,
  place,
  planBackbone,
  segmentRates,
  splitByShares,
  pickUsers,
} from '../src/catalog/index.js';
import { RandomStreams } from '../src/engine/random.js';
import { ScenarioError, buildSimulation, parseScenario, withSeed, type Scenario } from '../src/scenario/index.js';

/** Adds the required empty `links`/`flows` lists a test does not write itself. */
const complete = (text: string): string =>
  ['links', 'flows'].reduce((t, key) => (new RegExp(`^${key}:`, 'm').test(t) ? t : `${t}\n${key}: []\n`), text);
const parse = (text: string): Scenario => parseScenario(complete(text), 'test.yaml');

function problems(text: string): string[] {
  try {
    parse(text);
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems.map((p) => `${p.path}: ${p.message}`);
    throw e;
  }
  return [];
}

const head = (duration = '2s') => `name: t\nseed: 1\nduration: ${duration}\ndrain: 1s\n`;

describe('population', () => {
  const text = `${head()}
nodes:
  - id: pop
    kind: population
    users: 50
    profile: dsl
    location: denver
    aqm: true
    apps:
      - { app: teams-audio, share: 30%, to: srv }
      - { app: vdi, to: srv }
  - { id: dc, kind: site, location: denver, servers: [srv] }
links:
  - { from: pop, to: dc, rate: 1Gbps, delay: 1ms }
`;
  const s = parse(text);
  const parse2 = () => parseScenario(complete(text), 'test.yaml', { seed: 2 });

  it('expands into hosts, access links, one shared segment with background, and the ISP router', () => {
    const hosts = s.nodes.filter((n) => n.kind === 'home-user');
    expect(hosts.map((h) => h.id)).toEqual(Array.from({ length: 50 }, (_, i) => `pop-${i + 1}`));
    expect(s.nodes.find((n) => n.id === 'pop')?.kind).toBe('population');
    const access = s.links.find((l) => l.id === 'access:pop-7')!;
    const dsl = ACCESS_PROFILES.dsl;
    expect(access).toMatchObject({
      from: 'pop-7',
      to: 'pop-agg',
      forward: { rate: dsl.up, delay: dsl.idleRtt / 2 },
      reverse: { rate: dsl.down, delay: dsl.idleRtt / 2 },
    });
    // Asymmetric buffers, each its own time at its own rate; aqm: CoDel.
    expect(access.queue).toEqual({ discipline: 'codel', limit: { bytes: bufferBytes(dsl.up, dsl.upBuffer) } });
    expect(access.reverseQueue).toEqual({
      discipline: 'codel',
      limit: { bytes: bufferBytes(dsl.down, dsl.downBuffer) },
    });
    const segments = s.links.filter((l) => l.id.startsWith('segment:'));
    expect(segments).toHaveLength(1);
    const rates = segmentRates(dsl, 50);
    expect(rates).toEqual({ up: (50 * dsl.up) / 20, down: (50 * dsl.down) / 20 });
    expect(segments[0]).toMatchObject({
      from: 'pop-agg',
      to: 'pop',
      forward: { rate: rates.up },
      reverse: { rate: rates.down },
    });
    expect(segments[0].background).toEqual({
      load: dsl.peakLoad,
      size: { dist: 'exponential', mean: BACKGROUND_MEAN_SIZE },
      class: 'bulk',
    });
  });

  it('gives each app to exactly its share of users, chosen from the seed, with seeded start offsets', () => {
    const audio = s.flows.filter((f) => f.id.endsWith('.teams-audio.audio'));
    expect(audio).toHaveLength(15);
    expect(audio.every((f) => f.twoWay === true && f.class === 'realtime')).toBe(true);
    const chosen = audio.map((f) => Number(f.from.slice(4)) - 1);
    expect(chosen).toEqual(pickUsers(50, 15, new RandomStreams(1).stream('population:pop:teams-audio:users')));
    expect(s.flows.filter((f) => f.id.endsWith('.vdi.session'))).toHaveLength(50);
    for (const f of audio) {
      expect(f.start).toBeGreaterThanOrEqual(0);
      expect(f.start).toBeLessThan(1);
    }
    const again = parse(`${head()}
nodes:
  - { id: pop, kind: population, users: 50, profile: dsl, location: denver,
      apps: [ { app: teams-audio, share: 30%, to: srv } ] }
  - { id: dc, kind: site, location: denver, servers: [srv] }
links:
  - { from: pop, to: dc, rate: 1Gbps }
`);
    expect(again.flows.map((f) => [f.id, f.start])).toEqual(audio.map((f) => [f.id, f.start]));
  });

  it("draws the users of each app from the run's seed: --seed and replications vary the assignment too", () => {
    const audioUsers = (seed?: number) =>
      buildSimulation(seed === undefined ? s : withSeed(s, seed))
        .net.flows.filter((f) => f.id.endsWith('.teams-audio.audio'))
        .map((f) => f.id.split('.')[0]);
    const own = audioUsers();
    expect(audioUsers(1)).toEqual(own);
    const other = audioUsers(2);
    expect(other).toHaveLength(15);
    expect(other).toEqual(
      pickUsers(50, 15, new RandomStreams(2).stream('population:pop:teams-audio:users')).map((u) => `pop-${u + 1}`),
    );
    expect(other).not.toEqual(own);
    // Another seed is another compile of the scenario's document, explicitly: the same as parsing with it.
    const parsedWith2 = buildSimulation(parse2())
      .net.flows.filter((f) => f.id.endsWith('.teams-audio.audio'))
      .map((f) => f.id.split('.')[0]);
    expect(parsedWith2).toEqual(other);
  });

  it('spreads users over places by share, one ISP router and segment per place', () => {
    expect(splitByShares(10, [0.5, 0.3, 0.2])).toEqual([5, 3, 2]);
    expect(splitByShares(10, [1, 1, 1])).toEqual([4, 3, 3]);
    const m = parse(`${head()}
nodes:
  - { id: p, kind: population, users: 10, profile: fiber,
      locations: [ { at: seattle, share: 70% }, { at: { lat: 45.5, lon: -122.7, name: portland }, share: 30% } ],
      apps: [ { app: web, to: srv } ] }
  - { id: dc, kind: site, location: seattle, servers: [srv] }
links:
  - { from: p@seattle, to: dc, rate: 1Gbps }
  - { from: p@portland, to: dc, rate: 1Gbps }
`);
    expect(m.links.filter((l) => l.id.startsWith('segment:')).map((l) => l.to)).toEqual(['p@seattle', 'p@portland']);
    expect(m.links.filter((l) => l.to === 'p@seattle-agg')).toHaveLength(7);
    expect(m.links.filter((l) => l.to === 'p@portland-agg')).toHaveLength(3);
  });

  it('reports bad input at the key that is wrong', () => {
    const bad = problems(`${head()}
nodes:
  - { id: p, kind: population, users: 5, profile: satellite, location: atlantis, vpn: { gateway: gw, protocol: sstp },
      apps: [ { app: teams-audio, to: x, classes: { audio: nope } } ] }
  - { id: gw, kind: azure-vpn-gateway, region: eastus, sku: VpnGw1, generation: 1, protocols: [ikev2] }
`);
    expect(bad.some((p) => p.startsWith('nodes[0].profile'))).toBe(true);
    expect(bad.some((p) => p.startsWith('nodes[0].location') && p.includes("unknown place 'atlantis'"))).toBe(true);
    const wrongProtocol = problems(`${head()}
nodes:
  - { id: p, kind: population, users: 5, profile: cable, location: dallas, vpn: { gateway: gw, protocol: sstp },
      apps: [ { app: teams-audio, to: srv } ] }
  - { id: gw, kind: azure-vpn-gateway, region: southcentralus, sku: VpnGw1, generation: 1, protocols: [ikev2] }
  - { id: m, kind: microsoft-network }
  - { id: v, kind: vnet, region: southcentralus, servers: [srv] }
`);
    expect(wrongProtocol).toContain('nodes[0].vpn.protocol: gateway "gw" does not accept sstp (it runs ikev2)');
    const sku = problems(`${head()}
nodes:
  - { id: gw, kind: azure-vpn-gateway, region: eastus, sku: VpnGw9 }
  - { id: h, kind: host }
flows:
  - { id: f, from: h, to: gw, traffic: { model: cbr, interval: 1s, size: 100B } }
links:
  - { from: h, to: gw, rate: 1Gbps }
`);
    expect(sku.some((p) => p.startsWith('nodes[0].sku') && p.includes("unknown VPN gateway SKU 'VpnGw9'"))).toBe(true);
  });

  it('refuses a site-to-site tunnel to a node that is not a site (the run failed building it; issue 14)', () => {
    const s2s = problems(`${head()}
nodes:
  - { id: office, kind: site, location: boston, servers: [pc], apps: [ { app: teams-audio, from: pc, to: vm } ] }
  - { id: msnet, kind: microsoft-network, regions: [eastus] }
  - { id: gw, kind: azure-vpn-gateway, region: eastus, sku: VpnGw1, generation: 1, siteToSite: [office, x, inet] }
  - { id: inet, kind: internet-transit, from: office, to: gw, load: 0, loss: 0 }
  - { id: v, kind: vnet, region: eastus, servers: [vm] }
`);
    expect(s2s).toEqual([
      'nodes[2].siteToSite[1]: "x" is not a declared node: a site-to-site tunnel ends at a node of kind site',
      'nodes[2].siteToSite[2]: "inet" is of kind internet-transit: a site-to-site tunnel ends at a node of kind site',
    ]);
  });

  const users = (vpn: string, extra = '') => `${head()}
nodes:
  - { id: p, kind: population, users: 40, profile: cable, location: denver, vpn: { gateway: ${vpn}, protocol: ikev2 },
      apps: [ { app: web, to: srv } ] }
  - { id: dc, kind: site, location: denver, servers: [srv] }
${extra}links:
  - { from: p, to: dc, rate: 1Gbps }
`;

  it('says once, at vpn.gateway, when the gateway is not one (not once per user at a generated waypoint)', () => {
    const expected = '(expected a vpn-concentrator, an azure-vpn-gateway or a virtual-wan-hub\'s "<hub>-p2s")';
    expect(problems(users('dc'))).toEqual([`nodes[0].vpn.gateway: node "dc" is a site, not a VPN gateway ${expected}`]);
    expect(problems(users('nowhere'))).toEqual([`nodes[0].vpn.gateway: unknown node "nowhere" ${expected}`]);
    const hub = '  - { id: hub, kind: virtual-wan-hub, region: centralus }\n';
    expect(problems(users('hub-p2s', hub))).toEqual([
      'nodes[0].vpn.gateway: virtual-wan-hub "hub" has no point-to-site gateway: give it p2s',
      'nodes[2].region: "centralus" is part of Microsoft\'s network: declare a node of kind microsoft-network ' +
        '(it creates the regions and edge POPs)',
    ]);
  });

  it('points a link to a population spread over places at its ISP routers, and counts a repeated problem', () => {
    const bad = problems(`${head()}
nodes:
  - { id: staff, kind: population, users: 10, profile: cable,
      locations: [ { at: seattle, share: 50% }, { at: denver, share: 50% } ], apps: [ { app: web, to: srv } ] }
  - { id: dc, kind: site, location: denver, servers: [srv] }
links:
  - { from: staff, to: dc, rate: 1Gbps }
`);
    expect(bad).toContain(
      'links[0].from: node "staff" carries no traffic: the users of population "staff" are behind one ISP router ' +
        'per place: link "staff@seattle", "staff@denver"',
    );
    const unreachable = bad.filter((p) => p.startsWith('nodes[0]: '));
    expect(unreachable).toEqual([
      'nodes[0]: no path from "staff-1" to "srv": no chain of links joins them',
      'nodes[0]: no path from "staff-2" to "srv": no chain of links joins them',
      'nodes[0]: no path from "staff-3" to "srv": no chain of links joins them',
      'nodes[0]: ... and 7 more problem(s) here like those above (one per generated user or flow)',
    ]);
  });
});

describe('traffic attraction (calibration from scenario files)', () => {
  /** Users near Phoenix (by coordinates); the app is in westus2. */
  const world = (ingress: string) =>
    parse(`${head('1s')}
nodes:
  - { id: users, kind: population, users: 2, profile: fiber, location: { lat: 33.3, lon: -111.9 }, peakLoad: 0,
      apps: [ { app: teams-audio, to: app } ] }
  - { id: msnet, kind: microsoft-network, regions: [westus2, westus, eastus], ingress: ${ingress},
      internet: { load: 10%, rate: 100Mbps } }
  - { id: v, kind: vnet, region: westus2, servers: [app] }
`);

  it("cold potato: the user's traffic enters at the POP nearest the user and rides the backbone", () => {
    expect(nearestPop(place({ lat: 33.3, lon: -111.9 })).name).toBe('phoenix');
    const r = buildSimulation(world('cold-potato')).run();
    const path = r.flows['users-1.teams-audio.audio'].path;
    expect(path.slice(0, 4)).toEqual(['users-1', 'users-agg', 'users', 'pop-phoenix']);
    expect(path.slice(-3)).toEqual(['westus2', 'v', 'app']);
    expect(Object.keys(r.links).some((l) => l.startsWith('internet:'))).toBe(false);
  });

  it("cold potato: the ISP's interconnect runs at peeringRate (default 10 Gbps, the catalog's assumption)", () => {
    const rateOf = (extra: string) =>
      world(`cold-potato${extra}`).links.find((l) => l.id === 'peering:users-phoenix')!.forward.rate;
    expect(rateOf('')).toBe(10e9);
    expect(rateOf(', peeringRate: 25Gbps')).toBe(25e9);
  });

  it('hot potato: it crosses the public internet straight to the hosting region', () => {
    const r = buildSimulation(world('hot-potato')).run();
    expect(r.flows['users-1.teams-audio.audio'].path).toEqual(['users-1', 'users-agg', 'users', 'westus2', 'v', 'app']);
    const internet = r.links['internet:users-westus2'].forward;
    expect(internet.packets).toBeGreaterThan(r.flows['users-1.teams-audio.audio'].received); // cross traffic too
  });
});

describe('ExpressRoute from a scenario file (calibration)', () => {
  const s = parse(`${head('2s')}
nodes:
  - { id: hq, kind: site, location: new-york, servers: [hq-srv], apps: [ { app: teams-audio, from: hq-srv, to: app } ] }
  - { id: branch, kind: site, location: new-york, servers: [br-srv],
      apps: [ { app: teams-audio, from: br-srv, to: app } ] }
  - { id: msnet, kind: microsoft-network, regions: [eastus2] }
  - { id: er, kind: expressroute, site: hq, peeringLocation: new-york, bandwidth: 1Gbps, gateway: ErGw1Az,
      fastPath: true }
  - { id: net, kind: internet-transit, from: branch, to: v, rate: 100Mbps }
  - { id: v, kind: vnet, region: eastus2, servers: [app] }
`);
  const r = buildSimulation(s).run();

  it('carries no internet cross traffic: zero jitter, exactly the idle latency, only the flow on its links', () => {
    const f = r.flows['hq-srv.teams-audio.audio'];
    expect(f.path).toEqual(['hq-srv', 'hq', 'er', 'pop-new-york', 'eastus2', 'v', 'app']);
    expect(f.lost).toBe(0);
    expect(f.jitterMs.mean).toBe(0);
    const idle = ['hq:hq-srv', 'er:circuit', 'er:pop-new-york', 'edge:new-york-eastus2', 'v:eastus2', 'v:app'].map(
      (id) => s.links.find((l) => l.id === id)!,
    );
    const size = 250;
    const ms = 1000 * idle.reduce((sum, l) => sum + l.forward.delay + (size * 8) / l.forward.rate, 0);
    expect(f.latencyMs.mean!).toBeCloseTo(ms, 9);
    expect(r.links['er:circuit'].forward.packets).toBe(f.received);
    expect(r.links['er:circuit'].reverse.packets).toBe(r.flows['hq-srv.teams-audio.audio~back'].received);
  });

  it('while the internet path queues behind cross traffic', () => {
    const f = r.flows['br-srv.teams-audio.audio'];
    expect(f.path).toContain('net');
    expect(f.jitterMs.mean!).toBeGreaterThan(0);
    expect(r.links['net:interconnect'].forward.packets).toBeGreaterThan(10 * f.received);
  });
});

describe('VPN gateways in scenarios', () => {
  it('an on-premises concentrator refuses the 129th SSTP user; results count tunnels per gateway and protocol', () => {
    const r = buildSimulation(
      parse(`${head('1s')}
nodes:
  - { id: u, kind: population, users: 130, profile: fiber, location: chicago, peakLoad: 0,
      vpn: { gateway: vpn, protocol: sstp }, apps: [ { app: teams-audio, to: srv } ] }
  - { id: dc, kind: site, location: chicago, servers: [srv] }
  - { id: vpn, kind: vpn-concentrator, location: chicago, attach: [dc] }
  - { id: inet, kind: internet-transit, from: u, to: vpn, load: 0, loss: 0 }
`),
    ).run();
    expect(r.tunnels).toEqual({
      vpn: {
        requested: 130,
        admitted: 128,
        rejected: 2,
        byProtocol: { sstp: { requested: 130, admitted: 128, rejected: 2, active: 128, peak: 128 } },
      },
    });
    // Users are admitted in order: 129 and 130 send nothing through the tunnel, and get nothing back.
    for (const id of ['u-129', 'u-130']) {
      for (const f of [`${id}.teams-audio.audio`, `${id}.teams-audio.audio~back`]) {
        expect(r.flows[f].received).toBe(0);
        expect(r.flows[f].drops).toEqual({ tunnel: r.flows[f].sent });
      }
    }
    expect(r.flows['u-128.teams-audio.audio'].lost).toBe(0);
    // Inside the tunnel each packet carries SSTP's 77 bytes: 250 + 77 on the wire of the internet leg.
    const leg = r.links['inet:u'].forward;
    expect(leg.bytes / leg.packets).toBeCloseTo(250 + 77, 9);
  });

  it('site-to-site: flows between a site and a gateway are carried in the tunnel, both ways', () => {
    const r = buildSimulation(
      parse(`${head('1s')}
nodes:
  - { id: office, kind: site, location: boston, servers: [pc], apps: [ { app: teams-audio, from: pc, to: vm } ] }
  - { id: msnet, kind: microsoft-network, regions: [eastus] }
  - { id: gw, kind: azure-vpn-gateway, region: eastus, sku: VpnGw1, generation: 1, siteToSite: [office] }
  - { id: inet, kind: internet-transit, from: office, to: gw, load: 0, loss: 0 }
  - { id: v, kind: vnet, region: eastus, servers: [vm] }
`),
    ).run();
    expect(
      (r.tunnels as Record<string, { byProtocol: Record<string, { admitted: number }> }>).gw.byProtocol.s2s.admitted,
    ).toBe(1);
    const leg = r.links['inet:office'];
    expect(leg.forward.bytes / leg.forward.packets).toBeCloseTo(250 + 55.5, 9);
    expect(leg.reverse.bytes / leg.reverse.packets).toBeCloseTo(250 + 55.5, 9);
    expect(r.flows['pc.teams-audio.audio'].lost).toBe(0);
  });
});

describe('session limits and peering', () => {
  it('Bastion admits 20 RDP sessions per instance: 41 VDI users on 2 instances, 40 admitted', () => {
    const r = buildSimulation(
      parse(`${head('1s')}
nodes:
  - { id: admins, kind: population, users: 41, profile: fiber, location: amsterdam, peakLoad: 0,
      apps: [ { app: vdi, to: vm, via: [bastion] } ] }
  - { id: msnet, kind: microsoft-network, regions: [westeurope] }
  - { id: bastion, kind: bastion, region: westeurope, attach: [v] }
  - { id: v, kind: vnet, region: westeurope, servers: [vm] }
`),
    ).run();
    expect(r.sessions).toEqual({
      bastion: {
        capacity: 80,
        requested: 41,
        admitted: 40,
        rejected: 1,
        active: 40,
        peak: 40,
        activeUnits: 80,
        peakUnits: 80,
      },
    });
    expect(r.flows['admins-41.vdi.session'].received).toBe(0);
    expect(r.flows['admins-41.vdi.session'].drops).toEqual({ admission: r.flows['admins-41.vdi.session'].sent });
  });

  it('VNet peering: same region as inside one VNet; across regions the backbone RTT', () => {
    const s = parse(`${head('1s')}
nodes:
  - { id: a, kind: vnet, region: westeurope, servers: [x], peerings: [b, c] }
  - { id: b, kind: vnet, region: westeurope, servers: [y], peerings: [a] }
  - { id: c, kind: vnet, region: northeurope, servers: [z] }
  - { id: msnet, kind: microsoft-network }
flows:
  - { id: f, from: x, to: y, traffic: { model: cbr, interval: 100ms, size: 100B } }
`);
    expect(s.links.filter((l) => l.id.startsWith('peering:')).map((l) => [l.id, l.forward.delay])).toEqual([
      ['peering:a-b', 0],
      ['peering:a-c', planBackbone({ regions: ['westeurope', 'northeurope'], pops: [] }).pairs[0].modelMs / 2000],
    ]);
    expect(s.links.find((l) => l.id === 'peering:a-c')!.forward.delay).toBeCloseTo(0.0095, 12); // 19 ms RTT, published
  });
});

describe('region failure', () => {
  it('takes down every node placed in the region, and brings it back with the region', () => {
    const s = parse(`${head('4s')}
nodes:
  - { id: msnet, kind: microsoft-network, regions: [eastus, eastus2] }
  - { id: v, kind: vnet, region: eastus, servers: [vm] }
  - { id: gw, kind: azure-vpn-gateway, region: eastus, sku: VpnGw1, generation: 1 }
  - { id: w, kind: vnet, region: eastus2, servers: [other] }
flows:
  - { id: f, from: other, to: vm, traffic: { model: cbr, interval: 10ms, size: 100B } }
failures:
  - { at: 1s, node: eastus, for: 2s }
`);
    const sim = buildSimulation(s);
    const up = (id: string) => sim.net.node(id).up;
    sim.sim.run(1.5);
    expect(['eastus', 'v', 'vm', 'gw'].map(up)).toEqual([false, false, false, false]);
    expect(['eastus2', 'w', 'other'].map(up)).toEqual([true, true, true]);
    sim.sim.run(3.5);
    expect(['eastus', 'v', 'vm', 'gw'].map(up)).toEqual([true, true, true, true]);
    const r = sim.run();
    // 2 s down at 100 packets/s: 200 packets lost, the rest arrive.
    expect(r.flows.f.lost).toBe(200);
    expect(r.flows.f.received).toBe(200);
  });

  it('refuses to fail the microsoft-network node itself (it carries nothing), naming what to fail instead', () => {
    expect(
      problems(`${head('4s')}
nodes:
  - { id: msnet, kind: microsoft-network, regions: [eastus] }
  - { id: v, kind: vnet, region: eastus, servers: [vm, vm2] }
flows:
  - { id: f, from: vm2, to: vm, traffic: { model: cbr, interval: 10ms, size: 100B } }
failures:
  - { at: 1s, node: msnet }
`),
    ).toEqual([
      'failures[0].node: node "msnet" carries no traffic, so its failure would change nothing: ' +
        "Microsoft's network is its regions and edge POPs: use a region's node (e.g. eastus) or an edge POP's " +
        '(pop-<metro>)',
    ]);
  });
});
