import { describe, expect, it } from 'vitest';
import { appResult, runVariant, shortScenario, type Tunnels } from './helpers/catalog-scenario.js';
import { buildSimulation } from '../src/scenario/index.js';

/** The catalog's example scenarios answer their questions (shortened windows; same users and paths). */

describe('telemedicine-vs-replication.yaml', () => {
  const s = shortScenario('scenarios/telemedicine-vs-replication.yaml', { warmup: 2, duration: 4 });
  const shortest = runVariant(s, 'shortest');
  const aware = runVariant(s, 'class-aware');

  it('class-aware keeps telemedicine within its SLA; shortest does not', () => {
    for (const c of ['audio', 'video']) {
      expect(appResult(aware, 'hospital', 'telemedicine', c).sla?.met).toBe(true);
      expect(appResult(shortest, 'hospital', 'telemedicine', c).sla?.latency).toBe(false);
    }
    expect(aware.sla.interactive.met).toBe(true);
    expect(shortest.sla.interactive.met).toBe(false);
  });

  it('replication takes the longer path (VPN over the internet) under class-aware, the circuit under shortest', () => {
    const id = 'records.storage-replication-1.data';
    expect(aware.flows[id].path).toEqual([
      'records',
      'hospital',
      'internet',
      'vpngw',
      'eastus',
      'health-vnet',
      'storage',
    ]);
    expect(shortest.flows[id].path).toEqual([
      'records',
      'hospital',
      'er',
      'pop-boston',
      'eastus',
      'health-vnet',
      'storage',
    ]);
    expect(aware.flows['clinic.telemedicine-1.video'].path).toContain('er');
    expect((aware.tunnels as Tunnels).vpngw.byProtocol.s2s.admitted).toBe(1);
    // Off the circuit, replication is no longer held to what the consults leave of 50 Mbps.
    expect(appResult(aware, 'hospital', 'storage-replication', 'data').throughputBps).toBeGreaterThan(
      2 * appResult(shortest, 'hospital', 'storage-replication', 'data').throughputBps,
    );
  });
});

describe('global-vwan.yaml', () => {
  const s = shortScenario('scenarios/global-vwan.yaml', { warmup: 0.5, duration: 2 });
  const vwan = runVariant(s, 'vwan');
  const internet = runVariant(s, 'internet');
  const calls = [
    'london-srv.teams-audio-1.audio',
    'newyork-srv.teams-audio-1.audio',
    'singapore-srv.teams-audio-1.audio',
  ];

  it('any-to-any through the hubs: every tunnel admitted, office calls cross both hubs and the backbone', () => {
    for (const t of Object.values(vwan.tunnels as Tunnels)) expect(t.rejected).toBe(0);
    expect(vwan.flows[calls[0]].path).toEqual([
      'london-srv',
      'london',
      'hub-weu-s2s',
      'hub-weu',
      'westeurope',
      'eastus',
      'hub-eus',
      'hub-eus-s2s',
      'newyork',
      'newyork-srv',
    ]);
    for (const users of ['london-users', 'newyork-users', 'singapore-users']) {
      const f = vwan.flows[`${users}-1.teams-audio.audio`];
      expect(f.received).toBeGreaterThan(0);
      expect(f.path.some((n) => n.endsWith('-p2s'))).toBe(true);
    }
  });

  it('every office pair is faster over the hubs than over the internet mesh', () => {
    for (const id of calls) expect(vwan.flows[id].latencyMs.p50!).toBeLessThan(internet.flows[id].latencyMs.p50!);
    // New York to Singapore: the published eastus-southeastasia 223 ms RTT vs a 1.3x stretched public path.
    expect(internet.flows[calls[1]].latencyMs.p50! - vwan.flows[calls[1]].latencyMs.p50!).toBeGreaterThan(20);
  });
});

describe('region-failure.yaml', () => {
  const r = buildSimulation(shortScenario('scenarios/region-failure.yaml', { warmup: 1, duration: 12 })).run();

  it('calls to New York fail over at once: only the packets in flight are lost, once each way', () => {
    for (let u = 1; u <= 40; u++) {
      for (const f of [`chicago-${u}.call-ny.audio`, `chicago-${u}.call-ny.audio~back`]) {
        expect(r.flows[f].reroutes).toBe(2); // away from northcentralus, and back
        expect(r.flows[f].lost).toBeLessThanOrEqual(2);
        expect(Object.keys(r.flows[f].drops as object).every((k) => k === 'down')).toBe(true);
      }
    }
  });

  it('calls through the relay in the failed region lose all 4 s of the outage, and resume', () => {
    const relay = appResult(r, 'chicago', 'call-relay', 'audio');
    expect(relay.lost / relay.sent).toBeCloseTo(4 / 12, 2);
    expect(relay.received / relay.sent).toBeCloseTo(8 / 12, 2);
  });
});

describe('app-gateway-peak.yaml', () => {
  const s = shortScenario('scenarios/app-gateway-peak.yaml', { warmup: 1, duration: 8 });
  const base = runVariant(s, 'base');
  const scaled = runVariant(s, 'scaled');

  it('the surge saturates 2 instances (responses wait for seconds); 10 instances stay within 150 ms', () => {
    expect(base.classes.business.latencyMs.p99!).toBeGreaterThan(1000);
    expect(base.sla.business.met).toBe(false);
    expect(scaled.classes.business.latencyMs.p99!).toBeLessThan(150);
    expect(scaled.sla.business.met).toBe(true);
    expect(scaled.sessions).toMatchObject({ appgw: { capacity: 250_000, admitted: 500, rejected: 0 } });
    expect(base.flows['customers-1.web.page'].path).toContain('appgw');
  });
});

describe('multicloud-oracle.yaml', () => {
  const s = shortScenario('scenarios/multicloud-oracle.yaml', { warmup: 1, duration: 2 });
  const ic = runVariant(s, 'interconnect');
  const vpn = runVariant(s, 'vpn');

  it('the interconnect is private and faster; the VPN crosses the lossy internet', () => {
    const q = (r: typeof ic) => appResult(r, 'oci', 'queries', 'session');
    expect(q(ic).latencyMs.p50!).toBeLessThan(q(vpn).latencyMs.p50!);
    expect(ic.flows['oci-app.queries-1.session'].path).toEqual([
      'oci-app',
      'oci',
      'oci-link-fastconnect',
      'oci-link',
      'pop-ashburn',
      'eastus',
      'db-vnet',
      'azure-db',
    ]);
    expect(vpn.flows['oci-app.queries-1.session'].path).toContain('vpngw');
    const wire = (r: typeof ic) => (r.classes.bulk.drops as Record<string, number>).wire ?? 0;
    expect(wire(ic)).toBe(0);
    expect(wire(vpn)).toBeGreaterThan(0);
    const repl = (r: typeof ic) => appResult(r, 'oci', 'replication', 'data').throughputBps;
    expect(repl(ic)).toBeGreaterThan(5 * repl(vpn));
  });
});
