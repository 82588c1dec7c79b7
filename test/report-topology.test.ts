import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import {
  MAX_TOPOLOGY_NODES,
  UTILIZATION_BINS,
  collapseTopology,
  layoutTopology,
  shortLabel,
  topologySvg,
  type TopologyInput,
  type TopologyLink,
} from '../src/report/topology.js';

/** Parses SVG strictly: any XML error or warning fails the test. */
function parse(svg: string): Document {
  const doc = new DOMParser({
    onError: (level, message) => {
      throw new Error(`SVG ${level}: ${message}`);
    },
  }).parseFromString(svg, 'image/svg+xml');
  expect(doc.documentElement?.tagName).toBe('svg');
  expect(doc.documentElement?.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
  return doc;
}

const all = (doc: Document, tag: string): Element[] => Array.from(doc.getElementsByTagName(tag));
const num = (e: Element, a: string) => Number(e.getAttribute(a));

const link = (id: string, from: string, to: string, fwd: number | null, rev: number | null): TopologyLink => ({
  id,
  from,
  to,
  forward: { utilization: fwd },
  reverse: { utilization: rev },
});

/** The remote-work "after" design, declared nodes only (ASCII of the intent: home -> {internet, pop} -> ... -> dc). */
const SMALL: TopologyInput = {
  nodes: [
    { id: 'home', kind: 'population', users: 160 },
    { id: 'internet', kind: 'internet-transit' },
    { id: 'pop-seattle', kind: 'edge-pop' },
    { id: 'westus2', kind: 'region' },
    { id: 'centralus', kind: 'region' },
    { id: 'azure-vpn', kind: 'azure-vpn-gateway' },
    { id: 'er', kind: 'expressroute' },
    { id: 'dc', kind: 'site' },
    { id: 'onprem-vpn', kind: 'vpn-concentrator' },
    { id: 'teams-seattle-media-relay-at-the-edge', kind: 'site' },
  ],
  links: [
    link('internet:home', 'home', 'internet', 0.3, 0.2),
    link('peering:home-seattle', 'home', 'pop-seattle', 0.6, 0.4),
    link('edge:seattle-westus2', 'pop-seattle', 'westus2', 0.1, 0.1),
    link('backbone', 'westus2', 'centralus', 0.2, 0.85),
    link('azure-vpn:centralus', 'azure-vpn', 'centralus', 0.97, 0.5),
    link('er:circuit', 'dc', 'er', 0.4, null),
    link('er:pop', 'er', 'centralus', 0.4, 0.3),
    link('internet:interconnect', 'internet', 'dc', 0.99, 0.2),
    link('onprem-vpn:dc', 'onprem-vpn', 'dc', 0.1, 0.1),
    link('teams-edge', 'teams-seattle-media-relay-at-the-edge', 'pop-seattle', 0.05, 0.05),
  ],
  hotspots: ['internet:interconnect/forward', 'azure-vpn:centralus/forward', 'home/stage', 'backbone/reverse'],
};

describe('topology picture', () => {
  it('is the same bytes for the same input, and valid SVG', () => {
    const a = topologySvg(SMALL, { title: 'after' });
    const b = topologySvg(JSON.parse(JSON.stringify(SMALL)), { title: 'after' });
    expect(b).toBe(a);
    parse(a);
    expect(topologySvg(SMALL, { title: 'after' })).toBe(a);
  });

  it('draws every node inside the view box, without overlaps', () => {
    const doc = parse(topologySvg(SMALL));
    const [, , w, h] = doc.documentElement!.getAttribute('viewBox')!.split(' ').map(Number);
    const nodes = all(doc, 'g')
      .filter((g) => g.getAttribute('data-node') !== null)
      .map((g) => {
        const c = all(g as unknown as Document, 'circle')[0];
        return { id: g.getAttribute('data-node'), x: num(c, 'cx'), y: num(c, 'cy'), r: num(c, 'r') };
      });
    expect(nodes.map((n) => n.id)).toEqual(SMALL.nodes.map((n) => n.id));
    for (const n of nodes) {
      expect(n.x - n.r).toBeGreaterThanOrEqual(0);
      expect(n.y - n.r).toBeGreaterThanOrEqual(0);
      expect(n.x + n.r).toBeLessThanOrEqual(w);
      expect(n.y + n.r).toBeLessThanOrEqual(h);
    }
    for (const [i, a] of nodes.entries())
      for (const b of nodes.slice(i + 1)) expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThan(a.r + b.r);
    for (const line of all(doc, 'line')) {
      for (const [x, y] of [
        ['x1', 'y1'],
        ['x2', 'y2'],
      ]) {
        expect(num(line, x)).toBeGreaterThanOrEqual(0);
        expect(num(line, x)).toBeLessThanOrEqual(w);
        expect(num(line, y)).toBeGreaterThanOrEqual(0);
        expect(num(line, y)).toBeLessThanOrEqual(h);
      }
    }
  });

  it('reads left to right from the users: each node is in a column by its hops from them', () => {
    const pos = layoutTopology(SMALL);
    const x = (id: string) => pos.get(id)!.x;
    expect(x('home')).toBeLessThan(x('internet'));
    expect(x('home')).toBeLessThan(x('pop-seattle'));
    expect(x('pop-seattle')).toBeLessThan(x('westus2'));
    expect(x('westus2')).toBeLessThan(x('centralus'));
    expect(x('centralus')).toBeLessThan(x('azure-vpn'));
  });

  it('colours each direction by its utilization, and numbers the hot spots on links and nodes', () => {
    const doc = parse(topologySvg(SMALL));
    const direction = (id: string, dir: string) =>
      all(doc, 'line').find((l) => l.getAttribute('data-link') === id && l.getAttribute('data-direction') === dir)!;
    const colour = (u: number) => UTILIZATION_BINS.find((b) => u < b.below)!.color;
    expect(direction('internet:interconnect', 'forward').getAttribute('stroke')).toBe(colour(0.99));
    expect(direction('internet:interconnect', 'reverse').getAttribute('stroke')).toBe(colour(0.2));
    expect(direction('backbone', 'reverse').getAttribute('stroke')).toBe(colour(0.85));
    expect(direction('peering:home-seattle', 'forward').getAttribute('stroke')).toBe(colour(0.6));
    expect(direction('er:circuit', 'reverse').getAttribute('stroke-dasharray')).toBe('4 3'); // not measured
    expect(new Set(UTILIZATION_BINS.map((b) => b.color)).size).toBe(UTILIZATION_BINS.length);
    const badges = all(doc, 'g').filter((g) => g.getAttribute('data-hotspot') !== null);
    const badge = (rank: number) =>
      badges.find((g) => g.getAttribute('data-hotspot') === String(rank))!.getElementsByTagName('title')[0].textContent;
    expect(badges).toHaveLength(4);
    expect(badge(1)).toBe('internet:interconnect: internet → dc (forward), utilization 99%, hot spot 1');
    expect(badge(2)).toBe('azure-vpn:centralus: azure-vpn → centralus (forward), utilization 97%, hot spot 2');
    expect(badge(3)).toBe('home (population, 160 users), hot spot 3');
    expect(badge(4)).toBe('backbone: centralus → westus2 (reverse), utilization 85%, hot spot 4');
    // A link hot spot is drawn with a halo under its line.
    expect(all(doc, 'line').filter((l) => l.getAttribute('stroke') === '#000')).toHaveLength(3);
    const legend = all(doc, 'text').map((t) => t.textContent);
    for (const b of UTILIZATION_BINS) expect(legend).toContain(b.label);
  });

  it('shortens long ids under their node and keeps the whole id in the tooltip; escapes names', () => {
    expect(shortLabel('teams-seattle-media-relay-at-the-edge')).toBe('teams-seatt…e-edge');
    expect(shortLabel('teams-seattle-media-relay-at-the-edge').length).toBe(18);
    expect(shortLabel('dc')).toBe('dc');
    const evil = '<script>alert(1)</script>';
    const doc = parse(
      topologySvg({
        nodes: [
          { id: evil, kind: 'host' },
          { id: 'b', kind: 'host' },
        ],
        links: [link(evil, evil, 'b', 0.5, 0.5)],
      }),
    );
    expect(all(doc, 'script')).toHaveLength(0);
    const svg = topologySvg(SMALL);
    expect(svg).toContain('>teams-seatt…e-edge</text>');
    expect(svg).toContain('<title>teams-seattle-media-relay-at-the-edge (site)</title>');
  });

  it('draws a 10,000-user population as one node, its busiest access link and hot spots on it', () => {
    const USERS = 10_000;
    const nodes = [
      { id: 'home', kind: 'population' },
      { id: 'home-agg', kind: 'access-aggregation' },
      ...Array.from({ length: USERS }, (_, i) => ({ id: `home-${i + 1}`, kind: 'home-user' })),
      { id: 'internet', kind: 'internet-transit' },
      { id: 'dc', kind: 'site' },
      { id: 'vdi-farm', kind: 'host' },
    ];
    const links = [
      ...Array.from({ length: USERS }, (_, i) =>
        link(`access:home-${i + 1}`, `home-${i + 1}`, 'home-agg', i === 17 ? 0.99 : 0.1, 0.2),
      ),
      link('segment:home', 'home-agg', 'home', 0.7, 0.4),
      link('internet:home', 'home', 'internet', 0.3, 0.5),
      link('internet:backup', 'internet', 'dc', 0.4, 0.1),
      // Declared the other way round: its directions swap when it joins internet -> dc.
      link('internet:interconnect', 'dc', 'internet', 0.2, 0.96),
      link('dc:vdi-farm', 'vdi-farm', 'dc', 0.2, 0.2),
    ];
    const owner = (id: string) => (/^home-/.test(id) ? 'home' : id === 'vdi-farm' ? 'dc' : undefined);
    const declared = [
      { id: 'home', kind: 'population', users: USERS },
      { id: 'internet', kind: 'internet-transit' },
      { id: 'dc', kind: 'site' },
    ];
    const hotspots = [
      'internet:interconnect/reverse',
      'access:home-18/forward',
      'home-agg/stage',
      'internet:backup/forward',
    ];
    const c = collapseTopology({ nodes, links, hotspots }, declared, owner);
    expect(c.nodes).toEqual(declared);
    expect(c.links).toEqual([
      {
        id: 'internet:home',
        from: 'home',
        to: 'internet',
        forward: { utilization: 0.3 },
        reverse: { utilization: 0.5 },
        members: 1,
      },
      {
        id: 'internet—dc',
        from: 'internet',
        to: 'dc',
        forward: { utilization: 0.96 },
        reverse: { utilization: 0.2 },
        members: 2,
      },
    ]);
    expect(c.hotspots).toEqual(['internet—dc/forward', 'home']);
    const doc = parse(topologySvg(c));
    const drawn = all(doc, 'g').filter((g) => g.getAttribute('data-node') !== null);
    expect(drawn.map((g) => g.getAttribute('data-node'))).toEqual(['home', 'internet', 'dc']);
    expect(all(doc, 'text').map((t) => t.textContent)).toContain('10,000 users');
    expect(all(doc, 'line').filter((l) => l.getAttribute('data-link') === 'internet—dc')).toHaveLength(2);
  });

  it('refuses to lay out an expanded scenario that was not collapsed, saying what to do', () => {
    const many = Array.from({ length: MAX_TOPOLOGY_NODES + 1 }, (_, i) => ({ id: `n${i}`, kind: 'host' }));
    const svg = topologySvg({ nodes: many, links: [] });
    parse(svg);
    expect(svg).toContain(
      `${MAX_TOPOLOGY_NODES + 1} nodes: too many to draw; draw the declared nodes (collapseTopology)`,
    );
  });
});
