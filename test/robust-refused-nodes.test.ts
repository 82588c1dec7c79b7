import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseScenario, ScenarioError } from '../src/scenario/index.js';
import { cli, tempFile } from './helpers/scenario.js';

// A node its kind refuses for one option is still declared: the nodes that plan with it (components
// in a region need Microsoft's network, a population its VPN gateway, an ExpressRoute circuit its
// site, flows the servers a site lists) must not report it missing. One mistake, exactly one
// problem, at its key (src/scenario/assemble/refused.ts).

type Doc = Record<string, any>;

const scenario = (name: string): Doc => parse(readFileSync(`scenarios/${name}.yaml`, 'utf8')) as Doc;

/** The problems of a document, as `path: message`. */
function problemsOf(doc: Doc): string[] {
  try {
    parseScenario(JSON.stringify(doc), 's.json');
  } catch (e) {
    if (e instanceof ScenarioError) return e.problems.map((p) => `${p.path}: ${p.message}`);
    throw e;
  }
  throw new Error('the scenario was valid');
}

const node = (doc: Doc, id: string): Doc => {
  const n = (doc.nodes as Doc[]).find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id}`);
  return n;
};

const badRate =
  'unknown unit "furlongs" in "10furlongs": expected a bit rate like "100Mbps" (units: bps, kbps, Mbps, Gbps, Tbps)';

describe('a node refused for an option is still declared: one mistake, one problem', () => {
  it('microsoft-network with a bad peeringRate: the VNet and circuit in its regions say nothing', async () => {
    const doc = scenario('region-failure');
    node(doc, 'msnet').peeringRate = '10furlongs';
    // Before: also nodes[2].peeringLocation and nodes[4].region ("declare a node of kind microsoft-network")
    // and failures[0].node (unknown node "northcentralus", a region it creates).
    expect(problemsOf(doc)).toEqual([`nodes[3].peeringRate: ${badRate}`]);
    const file = tempFile(doc);
    const r = await cli('validate', file);
    expect(r.code).toBe(2);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0].startsWith(`${file}:`) && lines[0].endsWith(`: nodes[3].peeringRate: ${badRate}`)).toBe(true);
    expect(r.stderr).toBe('1 problem found\n');
  });

  it('microsoft-network with a bad rate', () => {
    const doc = scenario('telemedicine-vs-replication');
    node(doc, 'msnet').rate = '10furlongs';
    expect(problemsOf(doc)).toEqual([`nodes[1].rate: ${badRate}`]);
  });

  it('microsoft-network refused in a variant: the variant components in its regions say nothing', () => {
    const doc = scenario('remote-work');
    node({ nodes: doc.variants.after.nodes }, 'msnet').rate = '10furlongs';
    expect(problemsOf(doc)).toEqual([`variants.after.nodes[1].rate: ${badRate}`]);
  });

  it('a vpn-concentrator with a bad throughput: its users do not call it unknown', () => {
    const doc = scenario('remote-work');
    node(doc, 'onprem-vpn').throughput = '10furlongs';
    expect(problemsOf(doc)).toEqual([`nodes[2].throughput: ${badRate}`]);
  });

  it('an azure-vpn-gateway with a bad option: its users do not call it unknown', () => {
    const doc = scenario('remote-work');
    node({ nodes: doc.variants.after.nodes }, 'azure-vpn').processingDelay = '3furlongs';
    expect(problemsOf(doc)).toEqual([
      'variants.after.nodes[2].processingDelay: unknown unit "furlongs" in "3furlongs": expected a time like "20ms" ' +
        '(units: ns, us, ms, s, min, h)',
    ]);
  });

  it('a site with an unknown key: its servers exist, and it has its place', () => {
    const doc = scenario('remote-work');
    node(doc, 'dc').bogus = 1;
    expect(problemsOf(doc)).toEqual([
      'nodes[1].bogus: unknown key (expected one of: id, kind, location, servers, lan, apps)',
    ]);
  });

  it('a population with a bad peakLoad: the internet transit from it finds its place', () => {
    const doc = scenario('remote-work');
    node(doc, 'home').peakLoad = '30furlongs';
    expect(problemsOf(doc)).toEqual([
      'nodes[0].peakLoad: expected a ratio: a number in [0, 1] or a percentage like "1%", got "30furlongs"',
    ]);
  });

  it('a vnet with an unknown key: its VMs exist', () => {
    const doc = scenario('region-failure');
    node(doc, 'apps-vnet').bogus = 1;
    expect(problemsOf(doc)).toEqual([
      'nodes[4].bogus: unknown key (expected one of: id, kind, region, servers, peerings)',
    ]);
  });

  it('a site with a bad name in its servers: the good ones are not unknown', () => {
    const doc = scenario('remote-work');
    node(doc, 'dc').servers = ['vdi-farm', 3];
    expect(problemsOf(doc)).toEqual(['nodes[1].servers[1]: expected a server host id (a string), got 3']);
  });
});

describe('a node refused for a key it cannot do without: still there, never reported missing', () => {
  it('a site at an unknown place: no "no location", and the servers it lists are not unknown', () => {
    const doc = scenario('remote-work');
    node(doc, 'dc').location = 'atlantis';
    const found = problemsOf(doc);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^nodes\[1\]\.location: unknown place 'atlantis'/);
  });

  it('a vnet in an unknown region: the VMs it lists are not unknown', () => {
    const doc = scenario('region-failure');
    node(doc, 'apps-vnet').region = 'marsus';
    const found = problemsOf(doc);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^nodes\[4\]\.region: unknown Azure region "marsus"/);
  });

  it('microsoft-network with a bad id: the components in its regions say nothing', () => {
    const doc = scenario('region-failure');
    node(doc, 'msnet').id = 5;
    expect(problemsOf(doc)).toEqual(['nodes[3].id: expected a node id (a string), got 5']);
  });

  it('a kind one typo from microsoft-network: the components in its regions say nothing', () => {
    const doc = scenario('region-failure');
    node(doc, 'msnet').kind = 'microsoft-netwrk';
    const found = problemsOf(doc);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^nodes\[3\]\.kind: unknown kind "microsoft-netwrk"/);
  });

  it('a population that names a missing VPN gateway is still reported', () => {
    const doc = scenario('remote-work');
    node(doc, 'home').vpn.gateway = 'nowhere-vpn';
    expect(problemsOf(doc)).toEqual([
      'nodes[0].vpn.gateway: unknown node "nowhere-vpn" (expected a vpn-concentrator, an azure-vpn-gateway or a ' +
        'virtual-wan-hub\'s "<hub>-p2s")',
    ]);
  });
});

/**
 * Users at home with a VPN to an Azure VPN gateway and an app on a datacenter's server, Microsoft's
 * network, ExpressRoute from the datacenter (remote-work's 'after', in one document).
 */
function base(): Doc {
  return {
    name: 'base',
    duration: '5s',
    nodes: [
      {
        id: 'home',
        kind: 'population',
        users: 10,
        profile: 'cable',
        location: 'seattle',
        vpn: { gateway: 'azure-vpn', protocol: 'ikev2' },
        apps: [{ app: 'vdi', to: 'vdi-farm' }],
      },
      { id: 'msnet', kind: 'microsoft-network', regions: ['centralus', 'westus2'], ingress: 'cold-potato' },
      {
        id: 'azure-vpn',
        kind: 'azure-vpn-gateway',
        region: 'centralus',
        sku: 'VpnGw2',
        generation: 2,
        protocols: ['ikev2', 'openvpn'],
      },
      {
        id: 'er',
        kind: 'expressroute',
        site: 'dc',
        peeringLocation: 'chicago',
        bandwidth: '1Gbps',
        gateway: 'ErGw1Az',
        region: 'centralus',
      },
      { id: 'dc', kind: 'site', location: 'chicago', servers: ['vdi-farm'] },
    ],
    links: [],
    flows: [],
  };
}

const badPeakLoad =
  'nodes[0].peakLoad: expected a ratio: a number in [0, 1] or a percentage like "1%", got "30furlongs"';
const gatewayExpected = 'expected a vpn-concentrator, an azure-vpn-gateway or a virtual-wan-hub\'s "<hub>-p2s"';

describe('a refused node mutes only what it would create or check with the keys it was read without', () => {
  it('the base document is valid', () => {
    expect(() => parseScenario(JSON.stringify(base()), 'b.json')).not.toThrow();
  });

  it("a refused node's place and kind are no names of nodes: a link to an undeclared node is reported", () => {
    const doc = base();
    node(doc, 'home').peakLoad = '30furlongs';
    doc.links.push({ id: 'l1', from: 'dc', to: 'seattle', rate: '1Gbps', delay: '1ms' });
    // Before: only the peakLoad problem (its location "seattle" was taken for a node it may create).
    expect(problemsOf(doc)).toEqual([badPeakLoad, 'links[0].to: unknown node "seattle"']);
  });

  it('the servers a site refused for its servers list are still not unknown, those of a kept list are created', () => {
    const doc = base();
    node(doc, 'dc').servers = ['vdi-farm', 3];
    doc.links.push({ id: 'l1', from: 'vdi-farm', to: 'chicago', rate: '1Gbps', delay: '1ms' });
    expect(problemsOf(doc)).toEqual([
      'nodes[4].servers[1]: expected a server host id (a string), got 3',
      'links[0].to: unknown node "chicago"',
    ]);
  });

  it("a site's app from a server is not checked against the servers list it was read without", () => {
    const doc = base();
    node(doc, 'dc').servers = ['vdi-farm', 3];
    node(doc, 'dc').apps = [{ app: 'vdi', from: 'vdi-farm', to: 'home' }];
    expect(problemsOf(doc)).toEqual(['nodes[4].servers[1]: expected a server host id (a string), got 3']);
  });

  it("a site refused for another key still checks its apps' servers against the list it kept", () => {
    const doc = base();
    node(doc, 'dc').bogus = 1;
    node(doc, 'dc').apps = [{ app: 'vdi', from: 'vdi-farn', to: 'home' }];
    const asValid = [
      'nodes[4].apps[0].from: "vdi-farn" is not a server of this site (servers: vdi-farm)',
      'nodes[4].from: unknown node "vdi-farn"',
    ];
    expect(problemsOf(doc)).toEqual([
      'nodes[4].bogus: unknown key (expected one of: id, kind, location, servers, lan, apps)',
      ...asValid,
    ]);
    delete node(doc, 'dc').bogus;
    expect(problemsOf(doc)).toEqual(asValid);
  });

  it('an unread site named as the VPN gateway is still not a VPN gateway', () => {
    const doc = base();
    node(doc, 'home').vpn.gateway = 'dc';
    node(doc, 'dc').location = 'atlantis';
    const found = problemsOf(doc);
    // Before: only atlantis (any unread node muted every reference to its id).
    expect(found).toHaveLength(2);
    expect(found[0]).toMatch(/^nodes\[4\]\.location: unknown place 'atlantis'/);
    expect(found[1]).toBe(`nodes[0].vpn.gateway: unknown node "dc" (${gatewayExpected})`);
  });

  it('an unread VPN gateway named as the VPN gateway is still muted', () => {
    const doc = base();
    node(doc, 'azure-vpn').region = 'marsus';
    const found = problemsOf(doc);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^nodes\[2\]\.region: unknown Azure region "marsus"/);
  });

  it("a refused population's misspelled gateway is reported (its vpn key is kept)", () => {
    const doc = base();
    node(doc, 'home').peakLoad = '30furlongs';
    node(doc, 'home').vpn.gateway = 'azure-vpnn';
    // Before: only the peakLoad problem.
    expect(problemsOf(doc)).toEqual([
      badPeakLoad,
      `nodes[0].vpn.gateway: unknown node "azure-vpnn" (${gatewayExpected})`,
    ]);
  });

  it("a refused microsoft-network's unknown population is reported (its populations key is kept)", () => {
    const doc = base();
    node(doc, 'msnet').peeringRate = '10furlongs';
    node(doc, 'msnet').populations = ['nobody'];
    expect(problemsOf(doc)).toEqual([
      `nodes[1].peeringRate: ${badRate}`,
      'nodes[1].populations[0]: "nobody" is not a population',
    ]);
  });
});

describe('an unknown kind a typo away from a kind', () => {
  it('is not expanded as the near kind: no problem blames a kind never written, and the kind has a suggestion', () => {
    const doc = base();
    node(doc, 'azure-vpn').kind = 'vpn-gateway';
    // Before: read as an app-gateway, the population said 'node "azure-vpn" is a app-gateway, not a VPN gateway'.
    expect(problemsOf(doc)).toEqual([
      'nodes[2].kind: unknown kind "vpn-gateway"; did you mean "app-gateway"?',
      `nodes[0].vpn.gateway: unknown node "azure-vpn" (${gatewayExpected})`,
    ]);
  });

  it('mutes the references it could satisfy as the near kind', () => {
    const doc = base();
    node(doc, 'azure-vpn').kind = 'azure-vpn-gatewy';
    expect(problemsOf(doc)).toEqual([
      'nodes[2].kind: unknown kind "azure-vpn-gatewy"; did you mean "azure-vpn-gateway"?',
    ]);
  });

  it('without a near kind, names the kinds', () => {
    const doc = base();
    node(doc, 'er').kind = 'zzz';
    const found = problemsOf(doc);
    expect(found[0]).toMatch(/^nodes\[3\]\.kind: unknown kind "zzz" \(expected one of: router, host, /);
  });
});
