/**
 * The VPN gateways' build steps (the kinds themselves are ../vpn.ts): each gateway is a
 * net/tunnel.ts TunnelGateway with its point-to-site clients and site-to-site branches, and the
 * `tunnels` entry of the result.
 */
import { TunnelGateway, type TunnelCounts, type TunnelGatewayOptions } from '../../../net/tunnel.js';
import type { BuildContext } from '../../../spec/kind.js';
import { ASSUMED_PROCESSING_DELAY } from '../../appliance.js';
import {
  HUB_LIMITS,
  HUB_P2S_PROTOCOLS,
  hubRouterThroughput,
  hubS2sThroughput,
  p2sScaleUnit,
} from '../../virtual-wan.js';
import { S2S_PROTOCOL, azureVpnGateway, onPremConcentrator } from '../../vpn-gateway.js';
import { S2S_IPSEC, vpnProtocol } from '../../vpn-protocols.js';
import { p2sNode, s2sNode } from '../ids.js';
import type { SpecOf } from '../kind.js';
import { appFlowsAcross, homeUser } from '../users.js';
import { FLUID_ADMISSIONS, eachUser, type Admitter } from './fluid-admission.js';
import type { azureVpnGatewayKind, virtualWanHub, vpnConcentrator } from '../vpn.js';

/** The `tunnels` result entry of a gateway: totals over its protocols, and the counts by protocol. */
function tunnelReport(gw: TunnelGateway): Record<string, unknown> {
  const byProtocol = gw.counts();
  const sum = (k: keyof TunnelCounts) => Object.values(byProtocol).reduce((s, c) => s + c[k], 0);
  return { requested: sum('requested'), admitted: sum('admitted'), rejected: sum('rejected'), byProtocol };
}

/**
 * The runtime gateway of a node, with its clients: home users whose VPN names `clientsOf`
 * (point-to-site) and the sites of `sites` (site-to-site). Client stages are attached now, before
 * any flow is routed (a stage is copied into a route when the route is installed); tunnels open
 * when every flow exists, in node order, so the (limit + 1)-th user is the first refused. A
 * site-to-site tunnel carries every flow whose path crosses both the site and the gateway.
 */
function buildGateway(
  ctx: BuildContext,
  clientsOf: string,
  options: TunnelGatewayOptions,
  sites: readonly string[],
): void {
  const gw = new TunnelGateway(ctx.net, options);
  // A user's or population's VPN names this gateway: one test for the stages attached now and the tunnels
  // opened later.
  const ours = <T extends { gateway: string }>(vpn: T | null | undefined): vpn is T => vpn?.gateway === clientsOf;
  const clients = homeUser.in(ctx.scenario.nodes).filter((u) => ours(u.spec.tunnel));
  for (const c of clients) gw.attach(c.id);
  for (const s of sites) gw.attach(s);
  ctx.addResult('tunnels', options.id, () => tunnelReport(gw));
  const admissions = ctx.shared(FLUID_ADMISSIONS);
  // One per protocol, made once (not per fluid user): a fluid user's answer depends on it (the overhead).
  const admitters = new Map<string, Admitter>();
  const admitter = (protocol: string): Admitter => {
    const known = admitters.get(protocol);
    if (known) return known;
    const a: Admitter = {
      id: options.id,
      actionsFor: (sample, direction, admitted) => gw.actionsFor(sample, protocol, direction, admitted),
    };
    admitters.set(protocol, a);
    return a;
  };
  ctx.afterFlows((flows, router) => {
    // Every user, packet or fluid (a hybrid population's), in node order.
    eachUser(
      ctx.scenario.nodes,
      (c) => {
        if (!ours(c.spec.tunnel)) return;
        const tunnel = gw.open(c.id, c.spec.tunnel.protocol);
        for (const app of c.spec.apps) {
          if (!app.tunnel) continue;
          for (const { flow, direction } of appFlowsAcross(app, flows)) gw.carry(tunnel, flow, direction);
        }
      },
      (population, n, groups) => {
        if (!ours(population.vpn)) return;
        const admitted = gw.count(population.vpn.protocol);
        for (const g of groups) if (g.tunnel) admissions.record(g, n, admitter(population.vpn.protocol), admitted);
      },
    );
    for (const site of sites) {
      const tunnel = gw.open(site, S2S_PROTOCOL);
      for (const flow of flows.values()) {
        const nodes = router.current(flow)?.nodes;
        const i = nodes?.indexOf(site) ?? -1;
        const j = nodes?.indexOf(options.node) ?? -1;
        if (i >= 0 && j >= 0) gw.carry(tunnel, flow, i < j ? 'from-client' : 'to-client');
      }
    }
  });
}

export function buildConcentrator(c: SpecOf<typeof vpnConcentrator>, ctx: BuildContext): void {
  const { id, throughput, tunnels, protocols, processingDelay } = c;
  buildGateway(ctx, id, onPremConcentrator({ id, node: id, throughput, tunnels, protocols, processingDelay }), []);
}

export function buildAzureVpnGateway(g: SpecOf<typeof azureVpnGatewayKind>, ctx: BuildContext): void {
  const { id, sku, generation, protocols, processingDelay } = g;
  const options = azureVpnGateway({ id, node: id, sku, generation, protocols, processingDelay });
  buildGateway(ctx, id, options, g.siteToSite ?? []);
}

export function buildVirtualWanHub(h: SpecOf<typeof virtualWanHub>, ctx: BuildContext): void {
  ctx.net.addStage(`${h.id}:router`, h.id, {
    rate: hubRouterThroughput(h.routingUnits ?? 0),
    delay: ASSUMED_PROCESSING_DELAY,
  });
  if (h.p2s) {
    const unit = p2sScaleUnit(h.p2s.scaleUnits);
    const id = p2sNode(h.id);
    const protocols = (h.p2s.protocols ?? HUB_P2S_PROTOCOLS).map((name) => ({
      name,
      pool: 'ikev2-openvpn',
      overhead: vpnProtocol(name).overhead,
    }));
    const pools = { 'ikev2-openvpn': unit.clients };
    const options = { id, node: id, throughput: unit.throughput, processingDelay: ASSUMED_PROCESSING_DELAY };
    buildGateway(ctx, id, { ...options, pools, protocols }, []);
  }
  if (h.s2s) {
    const id = s2sNode(h.id);
    buildGateway(
      ctx,
      id,
      {
        id,
        node: id,
        throughput: hubS2sThroughput(h.s2s.scaleUnits ?? 1),
        processingDelay: ASSUMED_PROCESSING_DELAY,
        pools: { [S2S_PROTOCOL]: HUB_LIMITS.branchConnections },
        protocols: [{ name: S2S_PROTOCOL, pool: S2S_PROTOCOL, overhead: S2S_IPSEC.overhead }],
      },
      h.s2s.sites,
    );
  }
}
