import { describe, expect, it } from 'vitest';
import { appResult, runVariant, shortScenario, type Tunnels } from './helpers/catalog-scenario.js';

/**
 * The flagship and the SSTP limit, on shortened windows (the same users and paths as the files;
 * `netsim run` on the files gives the full figures quoted in their descriptions and docs/catalog.md).
 */
describe("remote-work.yaml: moving remote access onto Microsoft's network", () => {
  const s = shortScenario('scenarios/remote-work.yaml', { warmup: 1, duration: 4 });
  const before = runVariant(s, 'before');
  const after = runVariant(s, 'after');

  it('before refuses the users beyond 128 (SSTP on the concentrator); after admits all 160 (IKEv2)', () => {
    const b = before.tunnels as Tunnels;
    const a = after.tunnels as Tunnels;
    expect(b['onprem-vpn']).toMatchObject({ requested: 160, admitted: 128, rejected: 32 });
    expect(a['azure-vpn']).toMatchObject({ requested: 160, admitted: 160, rejected: 0 });
    expect(a['azure-vpn'].byProtocol.ikev2.admitted).toBe(160);
    // A refused user sends nothing through the tunnel: a fifth of realtime is lost, by refusal.
    const drops = before.classes.realtime.drops as Record<string, number>;
    expect(drops.tunnel / before.classes.realtime.sent).toBeCloseTo(32 / 160, 2);
    expect(after.classes.realtime.lost).toBe(0);
  });

  it('after improves realtime p99 latency and jitter, and meets the Teams targets where before does not', () => {
    const b = before.classes.realtime;
    const c = after.classes.realtime;
    expect(c.latencyMs.p99!).toBeLessThan(0.5 * b.latencyMs.p99!);
    expect(c.jitterMs.mean!).toBeLessThan(0.5 * b.jitterMs.mean!);
    expect(after.sla.realtime.met).toBe(true);
    expect(before.sla.realtime.met).toBe(false);
  });

  it('takes the paths the variants describe: a full-tunnel hairpin before; edge, gateway, ExpressRoute after', () => {
    expect(before.flows['home-1.teams-audio.audio'].path).toEqual([
      'home-1',
      'home-agg',
      'home',
      'internet',
      'dc',
      'onprem-vpn',
      'dc',
      'internet',
      'teams-chicago',
    ]);
    expect(after.flows['home-1.teams-audio.audio'].path).toEqual([
      'home-1',
      'home-agg',
      'home',
      'pop-seattle',
      'teams-seattle',
    ]);
    const vdi = after.flows['home-1.vdi.session'].path;
    expect(vdi.slice(0, 4)).toEqual(['home-1', 'home-agg', 'home', 'pop-seattle']);
    expect(vdi).toContain('azure-vpn');
    expect(vdi.slice(-4)).toEqual(['pop-chicago', 'er', 'dc', 'vdi-farm']);
    expect(appResult(after, 'home', 'teams-audio', 'audio').sla?.met).toBe(true);
  });
});

describe('sstp-limit.yaml: 200 users on SSTP vs IKEv2, same SKU', () => {
  const s = shortScenario('scenarios/sstp-limit.yaml', { warmup: 0.5, duration: 2 });
  const sstp = runVariant(s, 'sstp');
  const ikev2 = runVariant(s, 'ikev2');

  it('SSTP admits 128 of 200 on VpnGw2; IKEv2 admits every user', () => {
    expect((sstp.tunnels as Tunnels).vpngw.byProtocol.sstp).toEqual({
      requested: 200,
      admitted: 128,
      rejected: 72,
      active: 128,
      peak: 128,
    });
    expect((ikev2.tunnels as Tunnels).vpngw.byProtocol.ikev2).toEqual({
      requested: 200,
      admitted: 200,
      rejected: 0,
      active: 200,
      peak: 200,
    });
  });

  it("the refused users' calls carry nothing; the admitted ones lose nothing", () => {
    const drops = sstp.classes.realtime.drops as Record<string, number>;
    expect(Object.keys(drops)).toEqual(['tunnel']);
    expect(drops.tunnel / sstp.classes.realtime.sent).toBeCloseTo(72 / 200, 2);
    expect(ikev2.classes.realtime.lost).toBe(0);
    for (const id of ['dallas-129', 'dallas-200']) expect(sstp.flows[`${id}.teams-audio.audio`].received).toBe(0);
    expect(sstp.flows['dallas-128.teams-audio.audio'].lost).toBe(0);
  });
});
