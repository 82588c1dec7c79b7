/**
 * VPN gateways as node kinds: an on-premises concentrator, Azure VPN Gateway SKUs, and Virtual WAN
 * hubs with their point-to-site and site-to-site gateways. Their build steps (net/tunnel.ts's gateways)
 * are in build/vpn.ts; figures and sources in src/catalog (vpn-gateway.ts, vpn-protocols.ts, virtual-wan.ts).
 */
import { z } from 'zod';
import type { ExpandContext } from '../../spec/kind.js';
import { bitRate, time } from '../../spec/unit-schemas.js';
import { metroInternetDelay, internetTransitPlan } from '../internet.js';
import { planBackbone } from '../backbone.js';
import { place } from '../places.js';
import { nearestPop } from '../pops.js';
import { HUB_P2S_PROTOCOLS, P2S_SCALE_UNITS, hubProblems } from '../virtual-wan.js';
import { ON_PREM_CONCENTRATOR_DEFAULTS, p2sProtocols, vpnGatewayProblems, vpnGatewaySku } from '../vpn-gateway.js';
import { localLinkId, p2sNode, s2sNode } from './ids.js';
import { site } from './places.js';
import { catalogKind, isKind, requirePlace } from './kind.js';
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
      if (ctx.declared.find(s, site) || ctx.declared.unread(s, isKind(site))) return;
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
});
