import { describe, expect, it } from 'vitest';
import {
  BACKBONE_MODEL,
  EDGE_POPS,
  REGION_RTT,
  buildBackbone,
  edgePop,
  greatCircleKm,
  nearestPop,
  nearestRegion,
  planBackbone,
  region,
  REGIONS,
  rttTargets,
} from '../src/catalog/index.js';
import { Router, Topology, shortest } from '../src/routing/index.js';
import { CbrSource } from '../src/traffic/cbr.js';
import { constant } from '../src/engine/index.js';
import { Mini } from './helpers/mini.js';

/** Published pairs whose two directions differ: the symmetric model can match only their mean. */
const DIRECTIONAL_RESIDUAL_MS: Record<string, number> = { 'eastus>westus': 2, 'westus>eastus': 2 };

/**
 * Builds the whole catalog backbone (35 regions, 55 POPs), routes a one-packet flow each way
 * between every published pair, and returns the idle RTT each pair measures in simulation.
 */
function measureBackbone() {
  const plan = planBackbone();
  const m = new Mini({ start: 0, end: 1 });
  buildBackbone(m.net, plan);
  const router = new Router(m.net, new Topology(m.net), shortest);
  const probes = rttTargets().map((t) => {
    const ab = m.flow(`${t.a}>${t.b}`, 'realtime', []);
    const ba = m.flow(`${t.b}>${t.a}`, 'realtime', []);
    router.add({ flow: ab, from: t.a, to: t.b, via: [], classRouting: 'optimal' });
    router.add({ flow: ba, from: t.b, to: t.a, via: [], classRouting: 'optimal' });
    for (const f of [ab, ba])
      new CbrSource({ net: m.net, flow: f, rng: m.random.stream(f.id), start: 0, stop: 0.5 }, 1, constant(64)).start();
    return { t, ab, ba };
  });
  const result = m.run(1);
  return { plan, probes, result };
}

describe('Microsoft backbone calibration', () => {
  const { plan, probes, result } = measureBackbone();

  it('reproduces every published region RTT within 1 ms on an idle path (eastus/westus: 2 ms, documented)', () => {
    for (const { t, ab, ba } of probes) {
      const rtt = result.flows[ab.id].latencyMs.mean! + result.flows[ba.id].latencyMs.mean!;
      for (const pub of t.published) {
        const allowed = DIRECTIONAL_RESIDUAL_MS[`${pub.from}>${pub.to}`] ?? 1;
        expect(Math.abs(rtt - pub.ms), `${pub.from} -> ${pub.to}: ${rtt} vs ${pub.ms}`).toBeLessThanOrEqual(
          allowed + 0.001,
        ); // + the probes' serialization (ns)
      }
      // The simulated RTT is the plan's least-cost RTT plus serialization (2 x 64 B at 100 Gbps per hop).
      const pair = plan.pairs.find((p) => p.a === t.a && p.b === t.b)!;
      expect(rtt).toBeCloseTo(pair.modelMs, 4);
    }
  });

  it('routes every published pair over its direct link: no path through a third region undercuts it', () => {
    for (const { t, ab, ba } of probes) {
      expect(result.flows[ab.id].path).toEqual([t.a, t.b]);
      expect(result.flows[ba.id].path).toEqual([t.b, t.a]);
    }
  });

  it(
    'has exactly the documented residuals: the table mean where both directions are listed, ' +
      '2/3 ms where the table breaks the triangle inequality',
    () => {
      const off = plan.pairs
        .filter((p) => Math.abs(p.modelMs - p.targetMs) > 1e-9)
        .map((p) => `${p.a}-${p.b}:${(p.modelMs - p.targetMs).toFixed(3)}`);
      expect(off.sort()).toEqual([
        'japaneast-southeastasia:0.667',
        'japaneast-westeurope:-0.667',
        'southeastasia-westeurope:0.667',
      ]);
      const eastWest = plan.pairs.find((p) => p.a === 'eastus' && p.b === 'westus')!;
      expect(eastWest.modelMs).toBe(72);
      const eastEurope = plan.pairs.find((p) => p.a === 'eastus' && p.b === 'westeurope')!;
      expect(eastEurope.modelMs).toBe(85);
    },
  );

  it('delivers the probes and nothing else', () => {
    expect(result.classes.realtime.sent).toBe(2 * probes.length);
    expect(result.classes.realtime.received).toBe(2 * probes.length);
  });
});

describe('backbone plan', () => {
  it('covers the published table: 34 published figures, 32 region pairs', () => {
    expect(REGION_RTT).toHaveLength(34);
    expect(rttTargets()).toHaveLength(32);
  });

  it('fits the distance model to the table: about 9.2 ms plus 1.47 times the great-circle fibre RTT', () => {
    expect(BACKBONE_MODEL.interceptMs).toBeCloseTo(9.157, 2);
    expect(BACKBONE_MODEL.slope).toBeCloseTo(1.469, 2);
  });

  it('keeps estimated links at or above their distance estimate; a subset of regions reproduces its pairs', () => {
    const plan = planBackbone({
      regions: ['eastus', 'eastus2', 'westus', 'westus2', 'westeurope', 'uksouth', 'northeurope'],
      pops: ['seattle', 'london'],
    });
    for (const l of plan.links) expect(l.raisedMs).toBeGreaterThanOrEqual(0);
    expect(plan.pairs.map((p) => `${p.a}-${p.b}`).sort()).toEqual(
      [
        'eastus-eastus2',
        'eastus-northeurope',
        'eastus-uksouth',
        'eastus-westeurope',
        'eastus-westus',
        'northeurope-westeurope',
        'uksouth-westeurope',
        'westeurope-westus',
        'westus-westus2',
      ].sort(),
    );
    for (const p of plan.pairs) expect(p.modelMs).toBeCloseTo(p.targetMs, 9);
  });

  it('attaches each POP to its nearest region, or to its k nearest with popLinks', () => {
    const one = planBackbone({ pops: ['seattle', 'amsterdam', 'tokyo'] });
    expect(one.pops.map((p) => [p.pop.name, p.regions])).toEqual([
      ['seattle', ['westus2']],
      ['amsterdam', ['westeurope']],
      ['tokyo', ['japaneast']],
    ]);
    const two = planBackbone({ pops: ['seattle'], popLinks: 2 });
    expect(two.pops[0].regions).toEqual(['westus2', 'westus']);
    // A second attachment must not open a shortcut between published pairs.
    for (const p of two.pairs) expect(Math.abs(p.modelMs - p.targetMs)).toBeLessThanOrEqual(1);
  });
});

describe('nearest POP and region (cold-potato ingress)', () => {
  it('picks the POP of the metro a user is in, or the closest one', () => {
    expect(nearestPop({ lat: 47.674, lon: -122.121 }).name).toBe('seattle'); // Redmond
    expect(nearestPop({ lat: 45.5152, lon: -122.6784 }).name).toBe('seattle'); // Portland, OR
    expect(nearestPop({ lat: 52.2053, lon: 0.1218 }).name).toBe('london'); // Cambridge, UK
    expect(nearestPop({ lat: 35.0116, lon: 135.7681 }).name).toBe('osaka'); // Kyoto
    expect(nearestPop({ lat: -37.8136, lon: 144.9631 }).name).toBe('melbourne');
  });

  it('is the argmin of great-circle distance over every POP and region', () => {
    for (let lat = -60; lat <= 70; lat += 13) {
      for (let lon = -180; lon < 180; lon += 20) {
        const place = { lat, lon };
        const pop = nearestPop(place);
        for (const other of EDGE_POPS)
          expect(greatCircleKm(place, pop)).toBeLessThanOrEqual(greatCircleKm(place, other));
        const reg = nearestRegion(place);
        for (const other of REGIONS) expect(greatCircleKm(place, reg)).toBeLessThanOrEqual(greatCircleKm(place, other));
      }
    }
  });

  it('measures great-circle distance correctly (London–New York about 5,570 km)', () => {
    expect(greatCircleKm(edgePop('london'), edgePop('new-york'))).toBeCloseTo(5570, -1);
    expect(greatCircleKm(region('eastus'), region('eastus'))).toBe(0);
  });
});
