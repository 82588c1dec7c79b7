/**
 * VPN gateways as node kinds: an on-premises concentrator, Azure VPN Gateway SKUs, and Virtual WAN
 * hubs with their point-to-site and site-to-site gateways. The runtime is net/tunnel.ts; figures
 * and their sources are in src/catalog (vpn-gateway.ts, vpn-protocols.ts, virtual-wan.ts).
 */
import { z } from 'zod';
import { TunnelGateway, type TunnelCounts, type TunnelGatewayOptions } from '../../net/tunnel.js';
import type { BuildContext, ExpandContext } from '../../spec/kind.js';
import { bitRate, time } from '../../spec/unit-schemas.js';
import { ASSUMED_PROCESSING_DELAY } from '../appliance.js';
import { metroInternetDelay, internetTransitPlan } from '../internet.js';
import { planBackbone } from '../backbone.js';
import { place } from '../places.js';
import { nearestPop } from '../pops.js';
import {
  HUB_LIMITS,
  HUB_P2S_PROTOCOLS,
  P2S_SCALE_UNITS,
  hubProblems,
  hubRouterThroughput,
  hubS2sThroughput,
  p2sScaleUnit,
} from '../virtual-wan.js';
import {
  ON_PREM_CONCENTRATOR_DEFAULTS,
  S2S_PROTOCOL,
  azureVpnGateway,
  onPremConcentrator,
  p2sProtocols,
  vpnGatewayProblems,
  vpnGatewaySku,
} from '../vpn-gateway.js';
import { S2S_IPSEC, vpnProtocol } from '../vpn-protocols.js';
import { localLinkId, p2sNode, s2sNode } from './ids.js';
import { site } from './places.js';
import { catalogKind, requirePlace } from './kind.js';
import { linkFromPlan, localLink } from './links.js';
import { inRegion, linkIntoMicrosoft } from './microsoft.js';
import {
  attachSchema,
  internetOptions,
  internetOptionsSchema,
  nodeRef,
  placeSchema,
  protocolSchema,
  regionSchema,
} from './schemas.js';
import { appFlowsAcross, homeUser } from './users.js';

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
  const clients = homeUser.in(ctx.scenario.nodes).filter((u) => u.spec.tunnel?.gateway === clientsOf);
  for (const c of clients) gw.attach(c.id);
  for (const s of sites) gw.attach(s);
  ctx.addResult('tunnels', options.id, () => tunnelReport(gw));
  ctx.afterFlows((flows, router) => {
    for (const c of clients) {
      const tunnel = gw.open(c.id, c.spec.tunnel!.protocol);
      for (const app of c.spec.apps) {
        if (!app.tunnel) continue;
        for (const { flow, direction } of appFlowsAcross(app, flows)) gw.carry(tunnel, flow, direction);
      }
    }
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

function attachLinks(ctx: ExpandContext, nodeId: string, attach: readonly string[] | undefined): void {
  for (const a of attach ?? []) ctx.addLink(localLink(localLinkId(nodeId, a), nodeId, a));
}

// ---- on-premises concentrator ----------------------------------------------------------------

export const vpnConcentrator = catalogKind({
  kind: 'vpn-concentrator',
  description: 'an on-premises VPN concentrator (capacity, tunnel limit, per-packet processing)',
  schema: z
    .strictObject({
      id: nodeRef(),
      kind: z.literal('vpn-concentrator'),
      location: placeSchema().optional(),
      attach: attachSchema(),
      protocols: z
        .array(protocolSchema)
        .min(1)
        .max(3)
        .optional()
        .meta({ description: 'protocols it runs (default [sstp])' }),
      tunnels: z
        .number()
        .int()
        .min(0)
        .max(1_000_000)
        .optional()
        .meta({ description: 'concurrent tunnels, every protocol together (default 128)' }),
      throughput: bitRate({}, 'aggregate crypto throughput (default 1Gbps)').optional(),
      processingDelay: time({}, 'per-packet processing latency (default 0.1ms)').optional(),
    })
    .meta({
      description:
        'an on-premises remote-access VPN concentrator: tunnel limit, aggregate throughput, per-packet processing',
    }),
  where: (c) => (c.location !== undefined ? { place: c.location } : null),
  p2sGateway: (c) => ({ node: c.id, protocols: c.protocols ?? ON_PREM_CONCENTRATOR_DEFAULTS.protocols }),
  expand(c, ctx) {
    if (c.protocols && new Set(c.protocols).size !== c.protocols.length)
      ctx.problem('a protocol is listed twice', ['protocols']);
    ctx.addNode({ id: c.id, kind: 'vpn-concentrator' });
    attachLinks(ctx, c.id, c.attach);
  },
  build(c, ctx) {
    const { id, throughput, tunnels, protocols, processingDelay } = c;
    buildGateway(ctx, id, onPremConcentrator({ id, node: id, throughput, tunnels, protocols, processingDelay }), []);
  },
});

// ---- Azure VPN Gateway -----------------------------------------------------------------------

export const azureVpnGatewayKind = catalogKind({
  kind: 'azure-vpn-gateway',
  description: 'an Azure VPN Gateway (SKU, generation, P2S protocols sstp/ikev2/openvpn, S2S tunnels)',
  schema: z
    .strictObject({
      id: nodeRef(),
      kind: z.literal('azure-vpn-gateway'),
      region: regionSchema(),
      sku: z.string().meta({ description: 'Basic, VpnGw1..VpnGw5', examples: ['VpnGw2'] }),
      generation: z
        .union([z.literal(1), z.literal(2)])
        .optional()
        .meta({ description: 'generation 1 or 2 (default: 2 where the SKU has both)' }),
      protocols: z
        .array(protocolSchema)
        .min(1)
        .max(3)
        .optional()
        .meta({ description: 'point-to-site protocols (default [ikev2, openvpn]; Basic: [sstp])' }),
      siteToSite: z
        .array(nodeRef('a site node id'))
        .max(100)
        .optional()
        .meta({ description: 'sites (on-premises VPN devices) with a site-to-site tunnel to it' }),
      attach: attachSchema(),
      processingDelay: time({}, 'per-packet processing latency (default 0.1ms)').optional(),
    })
    .meta({
      description: 'an Azure VPN Gateway: SKU, generation, point-to-site protocols and site-to-site tunnels',
    }),
  where: (g) => ({ region: g.region }),
  p2sGateway(g) {
    if (g.protocols) return { node: g.id, protocols: g.protocols };
    const sku = skuOf(g);
    return { node: g.id, protocols: sku ? p2sProtocols(sku) : null };
  },
  expand(g, ctx) {
    for (const p of vpnGatewayProblems(g)) ctx.problem(p.message, p.path);
    const sku = skuOf(g);
    // A tunnel ends at a site's VPN device: anything else would only fail when the run builds the tunnel.
    (g.siteToSite ?? []).forEach((s, i) => {
      if (ctx.declared.find(s, site)) return;
      const what = ctx.declared.get(s) ? `of kind ${ctx.declared.get(s)!.kind.kind}` : 'not a declared node';
      ctx.problem(`${JSON.stringify(s)} is ${what}: a site-to-site tunnel ends at a node of kind site`, [
        'siteToSite',
        i,
      ]);
    });
    if (sku && (g.siteToSite?.length ?? 0) > sku.s2sTunnels) {
      ctx.problem(
        `${g.siteToSite!.length} site-to-site tunnels: gen${sku.generation} ${sku.sku} has at most ${sku.s2sTunnels}`,
        ['siteToSite'],
      );
    }
    ctx.addNode({ id: g.id, kind: 'azure-vpn-gateway', ...inRegion(ctx, g.region) });
    linkIntoMicrosoft(ctx, g.id, g.region, ['region']);
    attachLinks(ctx, g.id, g.attach);
  },
  build(g, ctx) {
    const { id, sku, generation, protocols, processingDelay } = g;
    const options = azureVpnGateway({ id, node: id, sku, generation, protocols, processingDelay });
    buildGateway(ctx, id, options, g.siteToSite ?? []);
  },
});

/** The gateway's SKU, or null when it names none (its problem is reported at `sku`). */
function skuOf(g: { sku: string; generation?: 1 | 2 }) {
  try {
    return vpnGatewaySku(g.sku, g.generation);
  } catch {
    return null;
  }
}

// ---- Virtual WAN hub -------------------------------------------------------------------------

export const virtualWanHub = catalogKind({
  kind: 'virtual-wan-hub',
  description: 'a Virtual WAN hub (hub router capacity, P2S scale units, S2S branches; any-to-any over the backbone)',
  schema: z
    .strictObject({
      id: nodeRef(),
      kind: z.literal('virtual-wan-hub'),
      region: regionSchema(),
      routingUnits: z.number().int().min(0).max(47).optional().meta({
        description: 'routing infrastructure units beyond the default (hub router 3 Gbps + 1 Gbps each, up to 50 Gbps)',
      }),
      p2s: z
        .strictObject({
          scaleUnits: z
            .number()
            .int()
            .meta({
              description: `point-to-site scale units: one of ${P2S_SCALE_UNITS.map((u) => u.units).join(', ')}`,
            }),
          protocols: z
            .array(z.enum(['ikev2', 'openvpn']))
            .min(1)
            .max(2)
            .optional()
            .meta({ description: 'default [ikev2, openvpn]' }),
        })
        .optional()
        .meta({ description: "the hub's point-to-site (User VPN) gateway: node <id>-p2s" }),
      s2s: z
        .strictObject({
          scaleUnits: z
            .number()
            .int()
            .min(1)
            .max(40)
            .optional()
            .meta({ description: 'site-to-site scale units, 500 Mbps each (default 1)' }),
          sites: z
            .array(nodeRef('a site node id'))
            .max(1000)
            .meta({ description: 'branch sites: each gets an internet path to the hub and a site-to-site tunnel' }),
          internet: internetOptionsSchema().optional(),
        })
        .optional()
        .meta({ description: "the hub's site-to-site gateway: node <id>-s2s" }),
      attach: attachSchema(),
    })
    .meta({
      description:
        'a Virtual WAN hub in a region: hub router capacity, P2S and S2S gateways; ' +
        'hubs reach each other over the backbone',
    }),
  where: (h) => ({ region: h.region }),
  p2sGateway: (h) => (h.p2s ? { node: p2sNode(h.id), protocols: h.p2s.protocols ?? HUB_P2S_PROTOCOLS } : null),
  expand(h, ctx) {
    for (const p of hubProblems(h)) ctx.problem(p.message, p.path);
    const within = inRegion(ctx, h.region);
    ctx.addNode({ id: h.id, kind: 'virtual-wan-hub', ...within });
    linkIntoMicrosoft(ctx, h.id, h.region, ['region']);
    attachLinks(ctx, h.id, h.attach);
    if (h.p2s) {
      const p2s = p2sNode(h.id);
      ctx.addNode({ id: p2s, kind: 'vwan-p2s-gateway', ...within });
      linkIntoMicrosoft(ctx, p2s, h.region, ['region']);
      ctx.addLink(localLink(localLinkId(p2s, h.id), p2s, h.id));
    }
    if (h.s2s) {
      const s2s = s2sNode(h.id);
      ctx.addNode({ id: s2s, kind: 'vwan-s2s-gateway', ...within });
      ctx.addLink(localLink(localLinkId(s2s, h.id), s2s, h.id));
      // A branch's tunnel goes to the hub's public address. Microsoft routing carries it in at the
      // edge POP nearest the branch (cold potato): the public internet within the branch's metro
      // (cross traffic, loss), then the backbone from that POP to the hub's region.
      const hub = place(h.region);
      h.s2s.sites.forEach((site, i) => {
        const at = requirePlace(ctx, site, ['s2s', 'sites', i]);
        if (!at) return;
        const pop = nearestPop(at);
        const backbone = planBackbone({ regions: [h.region], pops: [pop.name] }).links[0].rttMs / 2 / 1000;
        const leg = internetTransitPlan(localLinkId(s2s, site), site, s2s, at, hub, internetOptions(h.s2s!.internet));
        const delay = metroInternetDelay(at, pop) + backbone;
        ctx.addLink(linkFromPlan({ ...leg, forward: { ...leg.forward, delay }, reverse: { ...leg.reverse, delay } }));
      });
    }
  },
  build(h, ctx) {
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
  },
});
