import { describe, expect, it } from 'vitest';
import {
  ACCESS_PROFILES,
  APP_GATEWAY,
  BASTION_UNITS,
  appGatewayCapacity,
  accessProfile,
  bastionCapacity,
  bufferBytes,
  firewallSku,
  hubErThroughput,
  hubRouterThroughput,
  hubS2sThroughput,
  p2sScaleUnit,
} from '../src/catalog/index.js';
import { constant } from '../src/engine/index.js';
import { AdmissionPool, SessionLimiter, type Flow } from '../src/net/index.js';
import { Router, Topology, shortest } from '../src/routing/index.js';
import { CbrSource } from '../src/traffic/cbr.js';
import { Mini } from './helpers/mini.js';

describe('admission pool', () => {
  it('admits up to its capacity in units, counts refusals, frees on release', () => {
    const pool = new AdmissionPool('p', 5);
    expect([pool.acquire(2), pool.acquire(2), pool.acquire(2), pool.acquire(1)]).toEqual([true, true, false, true]);
    expect(pool.counts()).toEqual({
      requested: 4,
      admitted: 3,
      rejected: 1,
      active: 3,
      peak: 3,
      activeUnits: 5,
      peakUnits: 5,
    });
    pool.release(2);
    expect(pool.acquire(2)).toBe(true);
    expect(() => new AdmissionPool('bad', 2.5)).toThrow(/integer >= 0/);
    expect(() => new AdmissionPool('q', 1).release()).toThrow(/only 0 sessions/);
  });
});

describe('Bastion sessions', () => {
  it('holds 20 RDP or 40 SSH sessions per instance; Basic (2 instances) refuses the 41st RDP session', () => {
    const pool = new AdmissionPool('bastion', bastionCapacity());
    const rdp = Array.from({ length: 41 }, () => pool.acquire(BASTION_UNITS.rdp));
    expect(rdp.filter(Boolean)).toHaveLength(40);
    expect(rdp[40]).toBe(false);
    const ssh = new AdmissionPool('bastion', bastionCapacity(1));
    expect(Array.from({ length: 41 }, () => ssh.acquire(BASTION_UNITS.ssh)).filter(Boolean)).toHaveLength(40);
    expect(() => bastionCapacity(0)).toThrow(/instances must be an integer >= 1/);
  });

  /**
   *   u1, u2 ── bastion ── vm      one session unit: u1 gets it, u2 is refused
   */
  it('drops a refused session at its client and towards it (reason admission); the admitted one passes', () => {
    const m = new Mini({ start: 0, end: 1 });
    for (const n of ['u1', 'u2', 'bastion', 'vm']) m.net.addNode(n);
    for (const [a, b] of [
      ['u1', 'bastion'],
      ['u2', 'bastion'],
      ['bastion', 'vm'],
    ]) {
      m.net.addLink({ from: a, to: b, forward: { rate: 100e6, delay: 0.001 }, reverse: { rate: 100e6, delay: 0.001 } });
    }
    const bastion = new SessionLimiter(m.net, { id: 'bastion', node: 'bastion', capacity: 1 });
    bastion.attach('u1');
    bastion.attach('u2');
    const router = new Router(m.net, new Topology(m.net), shortest);
    const flow = (id: string, from: string, to: string): Flow => {
      const f = m.flow(id, 'interactive', []);
      router.add({ flow: f, from, to, via: [], classRouting: 'optimal' });
      new CbrSource(
        { net: m.net, flow: f, rng: m.random.stream(id), start: 0, stop: 0.5 },
        0.01,
        constant(500),
      ).start();
      return f;
    };
    const s1 = bastion.open('u1');
    const s2 = bastion.open('u2');
    expect([s1.admitted, s2.admitted]).toEqual([true, false]);
    bastion.carry(s1, flow('up1', 'u1', 'vm'), 'from-client');
    bastion.carry(s1, flow('down1', 'vm', 'u1'), 'to-client');
    bastion.carry(s2, flow('up2', 'u2', 'vm'), 'from-client');
    bastion.carry(s2, flow('down2', 'vm', 'u2'), 'to-client');
    const r = m.run(1);
    expect(r.flows.up1).toMatchObject({ sent: 50, received: 50 });
    expect(r.flows.down1).toMatchObject({ sent: 50, received: 50 });
    expect(r.flows.up2).toMatchObject({ sent: 50, lost: 50, drops: { admission: 50 } });
    expect(r.flows.down2).toMatchObject({ sent: 50, lost: 50, drops: { admission: 50 } });
    expect(r.links['u2-bastion'].forward.packets).toBe(0);
    expect(r.links['u2-bastion'].reverse.packets).toBe(0);
    expect(bastion.pool.counts()).toMatchObject({ requested: 2, admitted: 1, rejected: 1 });
  });
});

describe('Azure component capacities', () => {
  it('Application Gateway v2: 10 capacity units per instance, 2,500 connections and 2.22 Mbps each', () => {
    expect(appGatewayCapacity(2)).toEqual({ instances: 2, connections: 50_000, throughput: 2 * 10 * 2.22e6 });
    expect(() => appGatewayCapacity(126)).toThrow(/from 1 to 125/);
    expect(APP_GATEWAY.scaleOutDelay).toBe(240);
  });

  it('Azure Firewall: throughput by SKU', () => {
    expect(firewallSku('Basic').throughput).toBe(250e6);
    expect(firewallSku('Standard')).toMatchObject({ throughput: 30e9, perConnection: 1.5e9 });
    expect(firewallSku('Premium')).toMatchObject({ throughput: 100e9, perConnection: 9e9 });
    expect(() => firewallSku('Ultra')).toThrow(/known: Basic, Standard, Premium/);
  });

  it('Virtual WAN: hub router 3 Gbps + 1 Gbps per unit up to 50; published P2S scale units only', () => {
    expect(hubRouterThroughput()).toBe(3e9);
    expect(hubRouterThroughput(47)).toBe(50e9);
    expect(() => hubRouterThroughput(48)).toThrow(/from 0 to 47/);
    expect(p2sScaleUnit(7)).toEqual({ units: 7, throughput: 3.5e9, clients: 5000 });
    expect(() => p2sScaleUnit(3)).toThrow(/known: 1, 4, 7, 13, 20, 200/);
    expect(hubS2sThroughput(40)).toBe(20e9);
    expect(hubErThroughput(10)).toBe(20e9);
    expect(() => hubErThroughput(11)).toThrow(/from 1 to 10/);
  });
});

describe('broadband profiles', () => {
  it('are asymmetric, with the FCC idle latencies and bloated buffers by default', () => {
    for (const p of Object.values(ACCESS_PROFILES)) {
      expect(p.down).toBeGreaterThan(p.up);
      expect(p.aqm).toBe(false);
    }
    expect(accessProfile('cable')).toMatchObject({ down: 200e6, up: 15e6 });
    expect(accessProfile('cable').idleRtt).toBeCloseTo(0.018, 12);
    expect(accessProfile('fiber').idleRtt).toBeLessThan(accessProfile('cable').idleRtt);
    expect(accessProfile('cable').idleRtt).toBeLessThan(accessProfile('dsl').idleRtt);
    expect(() => accessProfile('satellite')).toThrow(/known: cable, dsl, fiber, fixed-wireless/);
  });

  it('converts a buffer in time at the line rate to bytes', () => {
    // 250 ms at 15 Mbps: 468,750 bytes, about 312 full-size packets.
    expect(bufferBytes(15e6, 0.25)).toBe(468_750);
    expect(bufferBytes(1e3, 0.001)).toBe(1500);
  });
});
