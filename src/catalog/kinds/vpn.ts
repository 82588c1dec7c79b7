/**
 * VPN gateways as node kinds: an on-premises concentrator, Azure VPN Gateway SKUs, and Virtual WAN
 * hubs with their point-to-site and site-to-site gateways. The runtime is net/tunnel.ts; figures
 * and their sources are in src/catalog (vpn-gateway.ts, virtual-wan.ts).
 */
import { z } from 'zod';
import {
  ASSUMED_PROCESSING_DELAY,
  HUB_LIMITS,
  ON_PREM_CONCENTRATOR_DEFAULTS,
  P2S_SCALE_UNITS,
  S2S_IPSEC,
  S2S_PROTOCOL,
  azureVpnGateway,
  hubRouterThroughput,
  hubS2sThroughput,
  internetTransitPlan,
  metroInternetDelay,
  nearestPop,
  place,
  planBackbone,
  onPremConcentrator,
  p2sScaleUnit,
  vpnGatewayProblems,
  vpnGatewaySku,
  vpnProtocol,
  type VpnProtocolName,
} from '../index.js';
import { TunnelGateway, type TunnelCounts, type TunnelGatewayOptions } from '../../net/index.js';
import { bitRate, time } from '../../spec/unit-schemas.js';
import {
  contribute,
  internetOptionsSchema,
  linkFromPlan,
  localLink,
  nodeRef,
  placeSchema,
  regionSchema,
  requirePlace,
  userSpec,
  internetOptions,
  linkIntoMicrosoft,
} from './shared.js';
import { registerNodeKind, type BuildContext, type ExpandContext } from '../../spec/kind.js';

const protocolSchema = z.enum(['sstp', 'ikev2', 'openvpn']).meta({ description: 'a point-to-site VPN protocol' });
const attachSchema = () =>
  z
    .array(nodeRef())
    .max(64)
    .optional()
    .meta({ description: 'nodes it is linked to (0 s, 100 Gbps: the LAN or VNet it sits in)' });

/**
 * Why `gatewayId` cannot terminate users' point-to-site tunnels, or null when it can: a
 * vpn-concentrator, an azure-vpn-gateway, or the `<hub>-p2s` gateway of a virtual-wan-hub with `p2s`.
 */
export function p2sGatewayProblem(ctx: ExpandContext, gatewayId: string): string | null {
  const expected = 'expected a vpn-concentrator, an azure-vpn-gateway or a virtual-wan-hub\'s "<hub>-p2s"';
  const d = ctx.declared.get(gatewayId);
  if (d?.kind === 'vpn-concentrator' || d?.kind === 'azure-vpn-gateway') return null;
  if (d !== undefined)
    return `node ${JSON.stringify(gatewayId)} is a ${String(d.kind ?? 'router')}, not a VPN gateway (${expected})`;
  if (gatewayId.endsWith('-p2s')) {
    const hubId = gatewayId.slice(0, -4);
    const hub = ctx.declared.get(hubId);
    if (hub?.kind === 'virtual-wan-hub')
      return hub.p2s ? null : `virtual WAN hub ${JSON.stringify(hubId)} has no point-to-site gateway: give it p2s`;
  }
  return `unknown node ${JSON.stringify(gatewayId)} (${expected})`;
}

/** The protocols a gateway node accepts from point-to-site clients, or null when it is not a known gateway. */
export function acceptedProtocols(ctx: ExpandContext, gatewayId: string): string[] | null {
  const d = ctx.declared.get(gatewayId);
  if (d?.kind === 'vpn-concentrator')
    return [...((d.protocols as string[] | undefined) ?? ON_PREM_CONCENTRATOR_DEFAULTS.protocols)];
  if (d?.kind === 'azure-vpn-gateway') {
    if (d.protocols) return [...(d.protocols as string[])];
    try {
      return vpnGatewaySku(d.sku as string, d.generation as 1 | 2 | undefined).ikev2OpenVpn === 0
        ? ['sstp']
        : ['ikev2', 'openvpn'];
    } catch {
      return null;
    }
  }
  if (gatewayId.endsWith('-p2s')) {
    const hub = ctx.declared.get(gatewayId.slice(0, -4));
    const p2s = hub?.kind === 'virtual-wan-hub' ? (hub.p2s as { protocols?: string[] } | undefined) : undefined;
    if (p2s) return [...(p2s.protocols ?? ['ikev2', 'openvpn'])];
  }
  return null;
}

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
  const clients = ctx.scenario.nodes.filter((n) => userSpec(n.spec)?.tunnel?.gateway === clientsOf);
  for (const c of clients) gw.attach(c.id);
  for (const s of sites) gw.attach(s);
  contribute(ctx, 'tunnels', options.id, () => tunnelReport(gw));
  ctx.afterFlows((flows, router) => {
    for (const c of clients) {
      const spec = userSpec(c.spec)!;
      const tunnel = gw.open(c.id, spec.tunnel!.protocol);
      for (const app of spec.apps) {
        if (!app.tunnel) continue;
        for (const f of app.flows) {
          const forward = flows.get(f.id);
          const back = flows.get(`${f.id}~back`);
          if (forward) gw.carry(tunnel, forward, f.fromClient ? 'from-client' : 'to-client');
          if (back) gw.carry(tunnel, back, f.fromClient ? 'to-client' : 'from-client');
        }
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
  for (const a of attach ?? []) ctx.addLink(localLink(`${nodeId}:${a}`, nodeId, a));
}

// ---- on-premises concentrator ----------------------------------------------------------------

const concentratorSchema = z
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
  });

registerNodeKind({
  kind: 'vpn-concentrator',
  description: 'an on-premises VPN concentrator (capacity, tunnel limit, per-packet processing)',
  schema: concentratorSchema,
  expand(node: z.output<typeof concentratorSchema>, ctx) {
    if (node.protocols && new Set(node.protocols).size !== node.protocols.length)
      ctx.problem('a protocol is listed twice', ['protocols']);
    ctx.addNode({
      id: node.id,
      kind: 'vpn-concentrator',
      spec: { ...(node.location !== undefined ? { location: node.location } : {}), config: { ...node } },
    });
    attachLinks(ctx, node.id, node.attach);
  },
  build(node, ctx) {
    const c = node.spec.config as z.output<typeof concentratorSchema>;
    buildGateway(
      ctx,
      node.id,
      onPremConcentrator({
        id: node.id,
        node: node.id,
        throughput: c.throughput,
        tunnels: c.tunnels,
        protocols: c.protocols,
        processingDelay: c.processingDelay,
      }),
      [],
    );
  },
});

// ---- Azure VPN Gateway -----------------------------------------------------------------------

const azureGatewaySchema = z
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
  .meta({ description: 'an Azure VPN Gateway: SKU, generation, point-to-site protocols and site-to-site tunnels' });

registerNodeKind({
  kind: 'azure-vpn-gateway',
  description: 'an Azure VPN Gateway (SKU, generation, P2S protocols sstp/ikev2/openvpn, S2S tunnels)',
  schema: azureGatewaySchema,
  expand(node: z.output<typeof azureGatewaySchema>, ctx) {
    for (const p of vpnGatewayProblems(node))
      ctx.problem(p, /SKU|generation/.test(p) && !/support/.test(p) ? ['sku'] : ['protocols']);
    const sku = (() => {
      try {
        return vpnGatewaySku(node.sku, node.generation);
      } catch {
        return null;
      }
    })();
    if (sku && (node.siteToSite?.length ?? 0) > sku.s2sTunnels) {
      ctx.problem(
        `${node.siteToSite!.length} site-to-site tunnels: gen${sku.generation} ${sku.sku} has at most ${sku.s2sTunnels}`,
        ['siteToSite'],
      );
    }
    ctx.addNode({ id: node.id, kind: 'azure-vpn-gateway', spec: { region: node.region, config: { ...node } } });
    linkIntoMicrosoft(ctx, `${node.id}:${node.region}`, node.id, node.region, ['region']);
    attachLinks(ctx, node.id, node.attach);
  },
  build(node, ctx) {
    const c = node.spec.config as z.output<typeof azureGatewaySchema>;
    const options = azureVpnGateway({
      id: node.id,
      node: node.id,
      sku: c.sku,
      generation: c.generation,
      protocols: c.protocols as VpnProtocolName[] | undefined,
      processingDelay: c.processingDelay,
    });
    buildGateway(ctx, node.id, options, c.siteToSite ?? []);
  },
});

// ---- Virtual WAN hub -------------------------------------------------------------------------

const hubSchema = z
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
          .meta({ description: `point-to-site scale units: one of ${P2S_SCALE_UNITS.map((u) => u.units).join(', ')}` }),
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
      'a Virtual WAN hub in a region: hub router capacity, P2S and S2S gateways; hubs reach each other over the backbone',
  });

type HubInput = z.output<typeof hubSchema>;

registerNodeKind({
  kind: 'virtual-wan-hub',
  description: 'a Virtual WAN hub (hub router capacity, P2S scale units, S2S branches; any-to-any over the backbone)',
  schema: hubSchema,
  expand(node: HubInput, ctx) {
    const check = (fn: () => unknown, at: string[]) => {
      try {
        fn();
      } catch (e) {
        ctx.problem((e as Error).message, at);
      }
    };
    check(() => hubRouterThroughput(node.routingUnits ?? 0), ['routingUnits']);
    if (node.p2s) check(() => p2sScaleUnit(node.p2s!.scaleUnits), ['p2s', 'scaleUnits']);
    if (node.s2s) check(() => hubS2sThroughput(node.s2s!.scaleUnits ?? 1), ['s2s', 'scaleUnits']);
    ctx.addNode({ id: node.id, kind: 'virtual-wan-hub', spec: { region: node.region, config: { ...node } } });
    linkIntoMicrosoft(ctx, `${node.id}:${node.region}`, node.id, node.region, ['region']);
    attachLinks(ctx, node.id, node.attach);
    if (node.p2s) {
      const p2s = `${node.id}-p2s`;
      ctx.addNode({ id: p2s, kind: 'vwan-p2s-gateway', spec: { region: node.region } });
      linkIntoMicrosoft(ctx, `${p2s}:${node.region}`, p2s, node.region, ['region']);
      ctx.addLink(localLink(`${p2s}:${node.id}`, p2s, node.id));
    }
    if (node.s2s) {
      const s2s = `${node.id}-s2s`;
      ctx.addNode({ id: s2s, kind: 'vwan-s2s-gateway', spec: { region: node.region } });
      ctx.addLink(localLink(`${s2s}:${node.id}`, s2s, node.id));
      // A branch's tunnel goes to the hub's public address. Microsoft routing carries it in at the
      // edge POP nearest the branch (cold potato): the public internet within the branch's metro
      // (cross traffic, loss), then the backbone from that POP to the hub's region.
      const hub = place(node.region);
      node.s2s.sites.forEach((site, i) => {
        const at = requirePlace(ctx, site, ['s2s', 'sites', i]);
        if (!at) return;
        const pop = nearestPop(at);
        const backbone = planBackbone({ regions: [node.region], pops: [pop.name] }).links[0].rttMs / 2 / 1000;
        const leg = internetTransitPlan(`${s2s}:${site}`, site, s2s, at, hub, internetOptions(node.s2s!.internet));
        const delay = metroInternetDelay(at, pop) + backbone;
        ctx.addLink(linkFromPlan({ ...leg, forward: { ...leg.forward, delay }, reverse: { ...leg.reverse, delay } }));
      });
    }
  },
  build(node, ctx) {
    const c = node.spec.config as HubInput;
    ctx.net.addStage(`${node.id}:router`, node.id, {
      rate: hubRouterThroughput(c.routingUnits ?? 0),
      delay: ASSUMED_PROCESSING_DELAY,
    });
    if (c.p2s) {
      const unit = p2sScaleUnit(c.p2s.scaleUnits);
      const id = `${node.id}-p2s`;
      const protocols = (c.p2s.protocols ?? ['ikev2', 'openvpn']).map((name) => ({
        name,
        pool: 'ikev2-openvpn',
        overhead: vpnProtocol(name).overhead,
      }));
      buildGateway(
        ctx,
        id,
        {
          id,
          node: id,
          throughput: unit.throughput,
          processingDelay: ASSUMED_PROCESSING_DELAY,
          pools: { 'ikev2-openvpn': unit.clients },
          protocols,
        },
        [],
      );
    }
    if (c.s2s) {
      const id = `${node.id}-s2s`;
      buildGateway(
        ctx,
        id,
        {
          id,
          node: id,
          throughput: hubS2sThroughput(c.s2s.scaleUnits ?? 1),
          processingDelay: ASSUMED_PROCESSING_DELAY,
          pools: { [S2S_PROTOCOL]: HUB_LIMITS.branchConnections },
          protocols: [{ name: S2S_PROTOCOL, pool: S2S_PROTOCOL, overhead: S2S_IPSEC.overhead }],
        },
        c.s2s.sites,
      );
    }
  },
});
