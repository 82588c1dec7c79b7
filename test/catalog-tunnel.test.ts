import { describe, expect, it } from 'vitest';
import {
  VPN_GATEWAY_SKUS,
  VPN_PROTOCOLS,
  S2S_IPSEC,
  azureVpnGateway,
  onPremConcentrator,
  vpnGatewayProblems,
  vpnGatewaySku,
} from '../src/catalog/index.js';
import { constant } from '../src/engine/index.js';
import { TunnelGateway, type Flow, type TunnelGatewayOptions } from '../src/net/index.js';
import { Router, Topology, shortest } from '../src/routing/index.js';
import { CbrSource } from '../src/traffic/cbr.js';
import { Mini } from './helpers/mini.js';

/** A gateway node with `clients` client nodes around it (admission needs nodes, not links). */
function gatewayWithClients(options: Omit<TunnelGatewayOptions, 'node'>, clients: number) {
  const m = new Mini({ start: 0, end: 1 });
  m.net.addNode('gw');
  for (let i = 0; i < clients; i++) m.net.addNode(`c${i}`);
  return new TunnelGateway(m.net, { ...options, node: 'gw' });
}

describe('tunnel admission on Azure VPN Gateway SKUs', () => {
  for (const sku of VPN_GATEWAY_SKUS) {
    it(`gen${sku.generation} ${sku.sku} refuses the 129th concurrent SSTP tunnel`, () => {
      const protocols = sku.ikev2OpenVpn > 0 ? (['sstp', 'ikev2'] as const) : (['sstp'] as const);
      const gw = gatewayWithClients(
        azureVpnGateway({ id: 'vpn', node: 'gw', sku: sku.sku, generation: sku.generation, protocols }),
        129,
      );
      const tunnels = Array.from({ length: 129 }, (_, i) => gw.open(`c${i}`, 'sstp'));
      expect(tunnels.slice(0, 128).every((t) => t.admitted)).toBe(true);
      expect(tunnels[128].admitted).toBe(false);
      expect(gw.counts().sstp).toEqual({ requested: 129, admitted: 128, rejected: 1, active: 128, peak: 128 });
      // The slot of a closed tunnel is free again.
      gw.close(tunnels[0]);
      expect(gw.open('c128', 'sstp').admitted).toBe(true);
    });
  }

  it('gen1 VpnGw1 refuses the 251st IKEv2 tunnel; OpenVPN shares that limit, SSTP does not', () => {
    const gw = gatewayWithClients(
      azureVpnGateway({ id: 'vpn', node: 'gw', sku: 'VpnGw1', generation: 1, protocols: ['sstp', 'ikev2'] }),
      400,
    );
    for (let i = 0; i < 128; i++) expect(gw.open(`c${i}`, 'sstp').admitted).toBe(true);
    const ike = Array.from({ length: 251 }, (_, i) => gw.open(`c${128 + i}`, 'ikev2'));
    expect(ike.filter((t) => t.admitted)).toHaveLength(250);
    expect(ike[250].admitted).toBe(false);
    expect(gw.counts()).toEqual({
      sstp: { requested: 128, admitted: 128, rejected: 0, active: 128, peak: 128 },
      ikev2: { requested: 251, admitted: 250, rejected: 1, active: 250, peak: 250 },
      s2s: { requested: 0, admitted: 0, rejected: 0, active: 0, peak: 0 },
    });

    const mixed = gatewayWithClients(
      azureVpnGateway({ id: 'vpn', node: 'gw', sku: 'VpnGw1', generation: 1, protocols: ['ikev2', 'openvpn'] }),
      251,
    );
    for (let i = 0; i < 200; i++) mixed.open(`c${i}`, 'ikev2');
    const ovpn = Array.from({ length: 51 }, (_, i) => mixed.open(`c${200 + i}`, 'openvpn'));
    expect(ovpn.filter((t) => t.admitted)).toHaveLength(50);
    expect(mixed.counts().openvpn.rejected).toBe(1);
  });

  it('admits the SKU limit of site-to-site tunnels', () => {
    const gw = gatewayWithClients(azureVpnGateway({ id: 'vpn', node: 'gw', sku: 'VpnGw4', generation: 2 }), 101);
    const s2s = Array.from({ length: 101 }, (_, i) => gw.open(`c${i}`, 's2s'));
    expect(s2s.filter((t) => t.admitted)).toHaveLength(100);
  });

  it('rejects configurations Azure does not allow, naming the problem', () => {
    expect(vpnGatewayProblems({ sku: 'VpnGw2', protocols: ['sstp', 'openvpn'] })).toEqual([
      { path: ['protocols'], message: 'SSTP and OpenVPN cannot run on the same gateway (both use TLS on TCP 443)' },
    ]);
    expect(vpnGatewayProblems({ sku: 'Basic', protocols: ['ikev2'] })).toEqual([
      { path: ['protocols'], message: 'SKU Basic does not support ikev2 (point-to-site on Basic is SSTP only)' },
    ]);
    expect(vpnGatewayProblems({ sku: 'VpnGw5', generation: 1 })[0]).toEqual({
      path: ['sku'],
      message: expect.stringMatching(/does not exist in generation 1/),
    });
    expect(vpnGatewayProblems({ sku: 'VpnGw9' })[0].message).toMatch(/unknown VPN gateway SKU 'VpnGw9'/);
    expect(vpnGatewayProblems({ sku: 'VpnGw2', protocols: ['ikev2', 'openvpn', 'sstp'] })).toHaveLength(1);
    expect(() => azureVpnGateway({ id: 'g', node: 'gw', sku: 'Basic', protocols: ['openvpn'] })).toThrow(
      /VPN gateway 'g': SKU Basic does not support openvpn/,
    );
    const gw = gatewayWithClients(azureVpnGateway({ id: 'vpn', node: 'gw', sku: 'VpnGw2' }), 1);
    expect(() => gw.open('c0', 'sstp')).toThrow(/does not accept protocol 'sstp'/);
  });

  it('defaults to generation 2 where a SKU exists in both', () => {
    expect(vpnGatewaySku('VpnGw2').throughput).toBe(1.25e9);
    expect(vpnGatewaySku('VpnGw2', 1).throughput).toBe(1e9);
    expect(vpnGatewaySku('vpngw1').generation).toBe(1);
  });
});

describe('encapsulation overhead, derived from header sizes', () => {
  it('adds 77 B for SSTP, 63.5 B for IKEv2 (NAT-T), 66 B for OpenVPN (TCP), 55.5 B for site-to-site IPsec', () => {
    expect(VPN_PROTOCOLS.sstp.overhead).toBe(20 + 20 + 29 + 4 + 4);
    expect(VPN_PROTOCOLS.ikev2.overhead).toBe(20 + 8 + 8 + 8 + 2 + 1.5 + 16);
    expect(VPN_PROTOCOLS.openvpn.overhead).toBe(20 + 20 + 2 + 4 + 4 + 16);
    expect(S2S_IPSEC.overhead).toBe(VPN_PROTOCOLS.ikev2.overhead - 8);
  });
});

/**
 *   u1 ─┐
 *       isp ── gw ── dc        100 Mbps access, 1 Gbps transit, 10 Gbps in the datacenter
 *   u2 ─┘
 * A gateway admitting one tunnel: u1 gets it, u2 is refused.
 */
function tunnelNetwork(throughput = 1e9) {
  const m = new Mini({ start: 0, end: 1 });
  for (const n of ['u1', 'u2', 'isp', 'gw', 'dc']) m.net.addNode(n);
  const link = (from: string, to: string, rate: number, delay: number) =>
    m.net.addLink({ from, to, forward: { rate, delay }, reverse: { rate, delay } });
  link('u1', 'isp', 100e6, 0.005);
  link('u2', 'isp', 100e6, 0.005);
  link('isp', 'gw', 1e9, 0.01);
  link('gw', 'dc', 10e9, 0.001);
  const gw = new TunnelGateway(m.net, {
    id: 'vpn',
    node: 'gw',
    throughput,
    processingDelay: 0.0001,
    pools: { p2s: 1 },
    protocols: [{ name: 'ikev2', pool: 'p2s', overhead: VPN_PROTOCOLS.ikev2.overhead }],
  });
  const t1 = gw.open('u1', 'ikev2');
  const t2 = gw.open('u2', 'ikev2');
  const router = new Router(m.net, new Topology(m.net), shortest);
  const flows: Record<string, Flow> = {};
  const add = (id: string, from: string, to: string) => {
    const f = m.flow(id, 'business', []);
    router.add({ flow: f, from, to, via: ['gw'], classRouting: 'any' });
    flows[id] = f;
    return f;
  };
  return { m, gw, t1, t2, add, flows };
}

function cbr(m: Mini, flow: Flow, interval: number, size: number, stop = 0.5) {
  new CbrSource({ net: m.net, flow, rng: m.random.stream(flow.id), start: 0, stop }, interval, constant(size)).start();
}

describe('VPN tunnel at packet level', () => {
  it('carries an admitted user with overhead inside the tunnel only, and drops a refused user at both ends', () => {
    const { m, gw, t1, t2, add } = tunnelNetwork();
    expect([t1.admitted, t2.admitted]).toEqual([true, false]);
    const up1 = add('up1', 'u1', 'dc');
    const up2 = add('up2', 'u2', 'dc');
    const down1 = add('down1', 'dc', 'u1');
    const down2 = add('down2', 'dc', 'u2');
    gw.carry(t1, up1, 'from-client');
    gw.carry(t2, up2, 'from-client');
    gw.carry(t1, down1, 'to-client');
    gw.carry(t2, down2, 'to-client');
    for (const f of [up1, up2, down1, down2]) cbr(m, f, 0.01, 1000);
    const r = m.run(1);
    const n = 50;
    const over = VPN_PROTOCOLS.ikev2.overhead;
    // Admitted: everything arrives with its own size; the tunnel's links carried the overhead.
    expect(r.flows.up1).toMatchObject({ sent: n, received: n, lost: 0 });
    expect(r.flows.down1).toMatchObject({ sent: n, received: n, lost: 0 });
    expect(r.flows.up1.throughputBps).toBeCloseTo((n * 1000 * 8) / 1, 6);
    expect(r.links['u1-isp'].forward.bytes).toBe(n * (1000 + over));
    expect(r.links['u1-isp'].reverse.bytes).toBe(n * (1000 + over));
    expect(r.links['isp-gw'].forward.bytes).toBe(n * (1000 + over));
    expect(r.links['gw-dc'].forward.bytes).toBe(n * 1000);
    expect(r.links['gw-dc'].reverse.bytes).toBe(2 * n * 1000); // down1 and down2 reach the gateway
    // Refused: u2 sends nothing into the network; what the datacenter sends it dies at the gateway.
    expect(r.flows.up2).toMatchObject({ sent: n, received: 0, lost: n, drops: { tunnel: n } });
    expect(r.flows.down2).toMatchObject({ sent: n, received: 0, lost: n, drops: { tunnel: n } });
    expect(r.links['u2-isp'].forward.packets).toBe(0);
    expect(r.links['u2-isp'].reverse.packets).toBe(0);
    expect(r.links['isp-gw'].reverse.packets).toBe(n);
    expect(m.net.pool.live).toBe(0);
  });

  it("drops a closed tunnel's traffic from then on and gives its slot to the next user", () => {
    const { m, gw, t1, add } = tunnelNetwork();
    const up1 = add('up1', 'u1', 'dc');
    const up2 = add('up2', 'u2', 'dc');
    gw.carry(t1, up1, 'from-client');
    cbr(m, up1, 0.01, 1000);
    cbr(m, up2, 0.01, 1000);
    m.sim.at(0.255, () => {
      gw.close(t1);
      const t3 = gw.open('u2', 'ikev2');
      expect(t3.admitted).toBe(true);
      gw.carry(t3, up2, 'from-client');
    });
    // Before 0.255 s up2 had no tunnel at all (not carried): it passes unencapsulated.
    const r = m.run(1);
    expect(r.flows.up1).toMatchObject({ sent: 50, received: 26, lost: 24, drops: { tunnel: 24 } });
    expect(r.flows.up2).toMatchObject({ sent: 50, received: 50, lost: 0 });
    expect(gw.counts().ikev2).toEqual({ requested: 3, admitted: 2, rejected: 1, active: 1, peak: 1 });
  });

  it('saturates at the SKU throughput: gen1 VpnGw1 serves 650 Mbps of tunnel bytes however much is offered', () => {
    // The stage's 1000-packet queue fills by 0.07 s (150 Mbps excess): measure after that.
    const m = new Mini({ start: 0.1, end: 0.3 });
    for (const n of ['u', 'gw', 'dc']) m.net.addNode(n);
    m.net.addLink({
      from: 'u',
      to: 'gw',
      forward: { rate: 10e9, delay: 0.001 },
      reverse: { rate: 10e9, delay: 0.001 },
    });
    m.net.addLink({
      from: 'gw',
      to: 'dc',
      forward: { rate: 10e9, delay: 0.001 },
      reverse: { rate: 10e9, delay: 0.001 },
    });
    const gw = new TunnelGateway(
      m.net,
      azureVpnGateway({ id: 'vpn', node: 'gw', sku: 'VpnGw1', generation: 1, processingDelay: 0 }),
    );
    const tunnel = gw.open('u', 'ikev2');
    const router = new Router(m.net, new Topology(m.net), shortest);
    const f = m.flow('bulk', 'bulk', []);
    router.add({ flow: f, from: 'u', to: 'dc', via: [], classRouting: 'any' });
    gw.carry(tunnel, f, 'from-client');
    const size = 1250;
    const wire = size + VPN_PROTOCOLS.ikev2.overhead;
    cbr(m, f, (wire * 8) / 800e6, size, 0.35); // 800 Mbps offered on the tunnel
    const r = m.run(0.05);
    const stage = gw.stage.counters;
    // The stage never idles once its queue has built up, and serializes exactly 650 Mbps.
    expect(stage.busyTime / stage.window).toBeCloseTo(1, 9);
    const stageBps = (stage.bytes * 8) / stage.window;
    expect(Math.abs(stageBps - 650e6)).toBeLessThan((wire * 8) / stage.window); // within one packet
    // What reaches the datacenter is the same packets without their overhead.
    // Packets sent in the window leave the full queue one service time apart: within one packet.
    expect(Math.abs(r.flows.bulk.throughputBps - 650e6 * (size / wire))).toBeLessThanOrEqual((size * 8) / 0.2);
    expect(r.flows.bulk.drops.queue).toBeGreaterThan(0);
  });
});

describe('component ordering', () => {
  it('refuses to carry a flow routed before its client was attached (its packets would bypass the tunnel)', () => {
    const m = new Mini({ start: 0, end: 1 });
    for (const n of ['u', 'gw', 'dc']) m.net.addNode(n);
    m.net.addLink({ from: 'u', to: 'gw', forward: { rate: 1e9, delay: 0 }, reverse: { rate: 1e9, delay: 0 } });
    m.net.addLink({ from: 'gw', to: 'dc', forward: { rate: 1e9, delay: 0 }, reverse: { rate: 1e9, delay: 0 } });
    const gw = new TunnelGateway(m.net, azureVpnGateway({ id: 'vpn', node: 'gw', sku: 'VpnGw1', generation: 1 }));
    const router = new Router(m.net, new Topology(m.net), shortest);
    const f = m.flow('f', 'business', []);
    router.add({ flow: f, from: 'u', to: 'dc', via: [], classRouting: 'any' });
    expect(() => gw.carry(gw.open('u', 'ikev2'), f, 'from-client')).toThrow(
      /flow 'f' was routed before the tunnel stage of client 'u' existed/,
    );
  });
});

describe('on-premises concentrator', () => {
  it('shares one tunnel limit across its protocols (default: SSTP, 128 tunnels, 1 Gbps)', () => {
    const opts = onPremConcentrator({ id: 'conc', node: 'gw', protocols: ['sstp', 'ikev2'], tunnels: 3 });
    expect(opts.pools).toEqual({ tunnels: 3 });
    const gw = gatewayWithClients(opts, 4);
    const admitted = ['sstp', 'ikev2', 'sstp', 'ikev2'].map((p, i) => gw.open(`c${i}`, p).admitted);
    expect(admitted).toEqual([true, true, true, false]);
    expect(onPremConcentrator({ id: 'c', node: 'gw' })).toMatchObject({ throughput: 1e9, pools: { tunnels: 128 } });
  });
});
