import { describe, expect, it } from 'vitest';
import {
  addPlannedLinks,
  buildBackbone,
  edgePop,
  expressRouteBandwidthProblem,
  expressRouteCircuitPlan,
  expressRouteGateway,
  internetTransitPlan,
  planBackbone,
  region,
} from '../src/catalog/index.js';
import { constant } from '../src/engine/index.js';
import { Router, Topology, shortest } from '../src/routing/index.js';
import { CbrSource } from '../src/traffic/cbr.js';
import { Mini } from './helpers/mini.js';

/**
 *   hq ══ ExpressRoute 1 Gbps ══ pop-new-york ── eastus2 (its nearest region)
 *   branch ── internet transit (peak cross traffic) ── eastus2
 * Both offices sit in New York; the datacenter is the eastus2 region node.
 */
describe('ExpressRoute vs internet transit', () => {
  const newYork = edgePop('new-york');
  const m = new Mini({ start: 0.1, end: 2.1 });
  buildBackbone(m.net, planBackbone({ regions: ['eastus', 'eastus2'], pops: ['new-york'] }));
  m.net.addNode('hq');
  m.net.addNode('branch');
  const circuit = expressRouteCircuitPlan('er', 'hq', 'pop-new-york', newYork, newYork, { bandwidth: 1e9 });
  const transit = internetTransitPlan('inet', 'branch', 'eastus2', newYork, region('eastus2'), {
    peak: true,
    rate: 100e6,
  });
  const { background } = addPlannedLinks(m.net, [circuit, transit]);
  const router = new Router(m.net, new Topology(m.net), shortest);
  const er = m.flow('er', 'realtime', []);
  const inet = m.flow('inet', 'realtime', []);
  router.add({ flow: er, from: 'hq', to: 'eastus2', via: [], classRouting: 'optimal' });
  router.add({ flow: inet, from: 'branch', to: 'eastus2', via: [], classRouting: 'optimal' });
  for (const f of [er, inet])
    new CbrSource(
      { net: m.net, flow: f, rng: m.random.stream(f.id), start: 0, stop: 2.1 },
      0.02,
      constant(200),
    ).start();
  background.forEach((b) => b.stopAt(2.1));
  const r = m.run(1);

  it('takes the private circuit into the nearest edge, then the backbone', () => {
    expect(r.flows.er.path).toEqual(['hq', 'pop-new-york', 'eastus2']);
    expect(r.flows.inet.path).toEqual(['branch', 'eastus2']);
  });

  it('carries no cross traffic on the ExpressRoute path: constant latency, zero jitter, only the flow on it', () => {
    const s = r.flows.er;
    expect(s).toMatchObject({ sent: 100, received: 100, lost: 0 });
    expect(s.jitterMs.mean).toBe(0);
    // Exactly serialization plus propagation: 200 B at 1 Gbps and at 100 Gbps, plus both delays.
    const edge = m.net.link('edge:new-york-eastus2').forward.spec.delay;
    const expected = (200 * 8) / 1e9 + circuit.forward.delay + (200 * 8) / 100e9 + edge;
    expect(s.latencyMs.mean! / 1000).toBeCloseTo(expected, 12);
    expect(r.links.er.forward.packets).toBe(100);
    expect(r.links['edge:new-york-eastus2'].forward.packets).toBe(100);
    expect(r.links.er.reverse.packets).toBe(0);
  });

  it('sees cross traffic and its queueing on the internet path', () => {
    const s = r.flows.inet;
    expect(s.jitterMs.mean!).toBeGreaterThan(0);
    expect(s.latencyMs.max!).toBeGreaterThan(s.latencyMs.p50!);
    // Background at half of 100 Mbps in 1000-byte packets: about 6,250 packets/s besides the flow's 50.
    expect(r.links.inet.forward.packets).toBeGreaterThan(100 * 50);
    expect(r.links.inet.forward.utilization).toBeGreaterThan(0.4);
  });
});

describe('ExpressRoute figures', () => {
  it('accepts only the bandwidths Microsoft sells', () => {
    expect(expressRouteBandwidthProblem(50e6)).toBeNull();
    expect(expressRouteBandwidthProblem(10e9)).toBeNull();
    expect(expressRouteBandwidthProblem(40e9)).toMatch(/not a bandwidth of a provider ExpressRoute circuit/);
    expect(expressRouteBandwidthProblem(40e9, '100Gbps')).toBeNull();
    expect(expressRouteBandwidthProblem(100e9, '10Gbps')).toMatch(/ExpressRoute Direct 10Gbps port/);
    expect(() =>
      expressRouteCircuitPlan('x', 'a', 'b', edgePop('london'), edgePop('london'), { bandwidth: 3e9 }),
    ).toThrow(/ExpressRoute circuit 'x': 3000 Mbps/);
  });

  it('sizes gateways by SKU and scale units', () => {
    expect(expressRouteGateway('ErGw3Az')).toEqual({ sku: 'ErGw3Az', throughput: 10e9, pps: 1e6 });
    expect(expressRouteGateway('ErGwScale', 40)).toEqual({ sku: 'ErGwScale', throughput: 40e9, pps: 4e6 });
    expect(() => expressRouteGateway('ErGwScale', 41)).toThrow(/from 1 to 40/);
    expect(() => expressRouteGateway('ErGw9')).toThrow(/unknown ExpressRoute gateway SKU/);
  });
});
