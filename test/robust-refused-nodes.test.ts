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
