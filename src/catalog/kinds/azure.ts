/**
 * Azure connectivity and appliances as node kinds: `vnet` (with peerings), `expressroute`,
 * `multicloud-interconnect` (Oracle via ExpressRoute and FastConnect), `app-gateway`, `firewall`
 * (Azure Firewall SKUs and third-party NVAs) and `bastion`. Figures and sources: src/catalog.
 */
import { z } from 'zod';
import type { ExpandContext } from '../../spec/kind.js';
import type { RawProblem } from '../../spec/problems.js';
import { bitRate, time } from '../../spec/unit-schemas.js';
import { planBackbone } from '../backbone.js';
import { circuitGateway, circuitProblems } from '../expressroute.js';
import { expressRouteCircuitPlan } from '../internet.js';
import { PEERING } from '../peering.js';
import type { Place } from '../places.js';
import { edgePop } from '../pops.js';
import { localLinkId, popNode } from './ids.js';
import { catalogKind, isKind, requirePlace } from './kind.js';
import { linkFromPlan, localLink, SERVER_QUEUE } from './links.js';
import { inRegion, linkIntoMicrosoft } from './microsoft.js';
import { attachSchema, nodeRef, popSchema, regionSchema } from './schemas.js';

/** A component's links: into its region (when it has one) and to the nodes it is attached to. */
function attach(ctx: ExpandContext, nodeId: string, region: string | undefined, others: readonly string[] = []): void {
  if (region !== undefined) linkIntoMicrosoft(ctx, nodeId, region, ['region']);
  for (const a of others) ctx.addLink(localLink(localLinkId(nodeId, a), nodeId, a));
}

/** A component with an optional region: where it is, and what it is within. */
const optionalRegion = (c: { region?: string }) => (c.region !== undefined ? { region: c.region } : null);

/** ASSUMPTION: a VM's NIC, 10 Gbps (peering adds no limit beyond the VMs' own, peering overview). */
const VM_RATE = 10e9;

const attachedIn = () => attachSchema('the VNet or LAN it sits in');

// ---- VNet ------------------------------------------------------------------------------------

export const vnet = catalogKind({
  kind: 'vnet',
  createsNodes: ['servers'],
  description: 'an Azure VNet in a region with its VMs; VNet peering (same-region latency as inside a VNet)',
  schema: z
    .strictObject({
      id: nodeRef(),
      kind: z.literal('vnet'),
      region: regionSchema(),
      servers: z
        .array(nodeRef('a server (VM) host id'))
        .max(1000)
        .optional()
        .meta({ description: 'VMs in the VNet, each linked to it (10 Gbps, 0 s)' }),
      peerings: z.array(nodeRef('a vnet id')).max(500).optional().meta({
        description: 'VNets peered with this one: same region as inside one VNet, other regions over the backbone',
      }),
    })
    .meta({ description: 'an Azure VNet in a region, its VMs and peerings' }),
  where: (v) => ({ region: v.region }),
  expand(v, ctx) {
    const within = inRegion(ctx, v.region);
    ctx.addNode({ id: v.id, kind: 'vnet', ...within });
    linkIntoMicrosoft(ctx, v.id, v.region, ['region']);
    for (const s of v.servers ?? []) {
      ctx.addNode({ id: s, kind: 'host', ...within });
      ctx.addLink(localLink(localLinkId(v.id, s), s, v.id, VM_RATE, 0, SERVER_QUEUE));
    }
    (v.peerings ?? []).forEach((other, i) => {
      const o = ctx.declared.find(other, vnet);
      if (!o) {
        if (!ctx.declared.unread(other, isKind(vnet)))
          ctx.problem(`${JSON.stringify(other)} is not a vnet`, ['peerings', i]);
        return;
      }
      // A peering both sides list is one link, made by the side whose id sorts first.
      if (o.peerings?.includes(v.id) && other < v.id) return;
      const delay = o.region === v.region ? PEERING.sameRegionDelay : backboneRttMs(v.region, o.region) / 2 / 1000;
      ctx.addLink(localLink(`peering:${v.id}-${other}`, v.id, other, 100e9, delay));
    });
  },
});

/** Idle backbone RTT (ms) between two regions: the published figure, or the distance estimate (backbone.ts). */
function backboneRttMs(a: string, b: string): number {
  const plan = planBackbone({ regions: [a, b], pops: [] });
  return plan.pairs[0]?.modelMs ?? plan.links[0].rttMs;
}

// ---- ExpressRoute ----------------------------------------------------------------------------

const gatewaySchema = () =>
  z
    .union([
      z.enum(['ErGw1Az', 'ErGw2Az', 'ErGw3Az', 'ErGwScale']),
      z.strictObject({
        sku: z.literal('ErGwScale').meta({ description: 'the scalable gateway' }),
        units: z.number().int().min(1).max(40).meta({ description: 'scale units, 1 Gbps and 100k pps each (1 to 40)' }),
      }),
    ])
    .meta({ description: 'the VNet gateway SKU: ErGw1Az, ErGw2Az, ErGw3Az, or { sku: ErGwScale, units }' });

const circuitShape = {
  id: nodeRef(),
  site: nodeRef('the customer-side node (a site)'),
  peeringLocation: popSchema(),
  bandwidth: bitRate({}, 'circuit bandwidth: 50Mbps..10Gbps, or an ExpressRoute Direct size'),
  direct: z.enum(['10Gbps', '100Gbps']).optional().meta({ description: 'an ExpressRoute Direct port pair' }),
  gateway: gatewaySchema().optional(),
  fastPath: z.boolean().optional().meta({ description: 'FastPath: traffic bypasses the gateway (no gateway stage)' }),
  region: regionSchema().optional().meta({ description: 'the region of the gateway (it fails with the region)' }),
  processingDelay: time({}, 'gateway per-packet processing latency (default 0.1ms)').optional(),
};

/** What both circuit kinds share: the circuit, the peering location, the gateway. */
interface Circuit {
  id: string;
  site: string;
  peeringLocation: string;
  bandwidth: number;
  direct?: '10Gbps' | '100Gbps';
  gateway?: Parameters<typeof circuitGateway>[0];
  fastPath?: boolean;
  region?: string;
  processingDelay?: number;
}

/** A circuit's problems: those of its gateway, and those of its bandwidth (reported at different moments). */
function circuitChecks(c: Circuit): { gateway: RawProblem[]; bandwidth: RawProblem[] } {
  const problems = circuitProblems(c);
  return {
    gateway: problems.filter((p) => p.path[0] === 'gateway'),
    bandwidth: problems.filter((p) => p.path[0] === 'bandwidth'),
  };
}

/**
 * Node `<id>` is the circuit's Microsoft end (the MSEE at the peering location and the VNet
 * gateway behind it): linked to `pop-<peeringLocation>`; its stage is the gateway's throughput
 * (both directions together). The circuit `<id>:circuit` joins it to `from` with no cross traffic.
 * Returns whether its bandwidth is one Microsoft sells (its problems reported at `bandwidth`).
 */
function expandCircuit(
  c: Circuit,
  kind: string,
  from: string,
  fromPlace: Place | null,
  bandwidthProblems: readonly RawProblem[],
  ctx: ExpandContext,
): boolean {
  for (const p of bandwidthProblems) ctx.problem(p.message, p.path);
  ctx.addNode({ id: c.id, kind, ...(c.region ? inRegion(ctx, c.region) : {}) });
  linkIntoMicrosoft(ctx, c.id, popNode(c.peeringLocation), ['peeringLocation']);
  const bandwidthOk = bandwidthProblems.length === 0;
  if (!bandwidthOk || !fromPlace) return bandwidthOk;
  const { bandwidth, direct } = c;
  const pop = edgePop(c.peeringLocation);
  ctx.addLink(
    linkFromPlan(expressRouteCircuitPlan(`${c.id}:circuit`, from, c.id, fromPlace, pop, { bandwidth, direct })),
  );
  return true;
}

export const expressRoute = catalogKind({
  kind: 'expressroute',
  description:
    'an ExpressRoute circuit (provider or Direct bandwidths) and its gateway SKU: private, no internet cross traffic',
  schema: z.strictObject({ ...circuitShape, kind: z.literal('expressroute') }).meta({
    description:
      "an ExpressRoute circuit from a site to Microsoft's edge at a peering location, and its gateway: " +
      'private, no internet cross traffic',
  }),
  where: (c) => optionalRegion(c),
  edgePop: (c) => c.peeringLocation,
  expand(c, ctx) {
    const checks = circuitChecks(c);
    for (const p of checks.gateway) ctx.problem(p.message, p.path);
    expandCircuit(c, 'expressroute', c.site, requirePlace(ctx, c.site, ['site']), checks.bandwidth, ctx);
  },
});

// ---- multicloud interconnect -----------------------------------------------------------------

export const multicloudInterconnect = catalogKind({
  kind: 'multicloud-interconnect',
  description:
    'Azure <-> Oracle Cloud: ExpressRoute paired with OCI FastConnect at a shared peering location (private)',
  schema: z
    .strictObject({
      ...circuitShape,
      kind: z.literal('multicloud-interconnect'),
      cloud: z.literal('oracle').meta({ description: 'the other cloud (oracle: OCI FastConnect)' }),
    })
    .meta({
      description:
        "Azure to another cloud: an ExpressRoute circuit paired with the other cloud's private circuit " +
        '(OCI FastConnect) at a shared peering location',
    }),
  where: (c) => optionalRegion(c),
  edgePop: (c) => c.peeringLocation,
  expand(c, ctx) {
    // The ExpressRoute circuit ends at the FastConnect edge `<id>-fastconnect` in the same
    // facility (no distance); the FastConnect circuit runs from there to the other cloud's network.
    const checks = circuitChecks(c);
    for (const p of checks.gateway) ctx.problem(p.message, p.path);
    const pop = edgePop(c.peeringLocation);
    const edge = `${c.id}-fastconnect`;
    ctx.addNode({ id: edge, kind: 'fastconnect-edge' });
    const valid = expandCircuit(c, 'multicloud-interconnect', edge, pop, checks.bandwidth, ctx);
    const sitePlace = requirePlace(ctx, c.site, ['site']);
    if (sitePlace && valid) {
      const { bandwidth, direct } = c;
      const plan = expressRouteCircuitPlan(`${c.id}:fastconnect`, c.site, edge, sitePlace, pop, { bandwidth, direct });
      ctx.addLink(linkFromPlan(plan));
    }
  },
});

// ---- Application Gateway ---------------------------------------------------------------------

export const appGateway = catalogKind({
  kind: 'app-gateway',
  description: 'an Application Gateway v2 (throughput and connections from its instance count)',
  schema: z
    .strictObject({
      id: nodeRef(),
      kind: z.literal('app-gateway'),
      region: regionSchema().optional(),
      instances: z
        .number()
        .int()
        .min(1)
        .max(125)
        .meta({ description: 'instances (about 10 capacity units each: 25,000 connections, 22.2 Mbps)' }),
      attach: attachedIn(),
      processingDelay: time({}, 'per-packet processing latency (default 0.1ms)').optional(),
    })
    .meta({ description: 'an Application Gateway v2: throughput and persistent connections from its instances' }),
  where: (c) => optionalRegion(c),
  expand(g, ctx) {
    ctx.addNode({ id: g.id, kind: 'app-gateway', ...(g.region ? inRegion(ctx, g.region) : {}) });
    attach(ctx, g.id, g.region, g.attach);
  },
});

// ---- Azure Firewall and NVAs -----------------------------------------------------------------

export const firewall = catalogKind({
  kind: 'firewall',
  description:
    'Azure Firewall (Basic/Standard/Premium throughput) or a third-party NVA: throughput and processing delay',
  schema: z
    .strictObject({
      id: nodeRef(),
      kind: z.literal('firewall'),
      sku: z
        .enum(['Basic', 'Standard', 'Premium', 'nva'])
        .meta({ description: 'Azure Firewall Basic, Standard, Premium, or nva (a third-party appliance)' }),
      throughput: bitRate({}, "aggregate throughput (default: the SKU's; nva 2Gbps)").optional(),
      processingDelay: time({}, 'per-packet processing latency (default 0.1ms)').optional(),
      region: regionSchema().optional(),
      attach: attachedIn(),
    })
    .meta({
      description:
        'an Azure Firewall (throughput by SKU) or a third-party NVA: a processing stage every packet through it ' +
        'crosses',
    }),
  where: (c) => optionalRegion(c),
  expand(f, ctx) {
    ctx.addNode({ id: f.id, kind: 'firewall', ...(f.region ? inRegion(ctx, f.region) : {}) });
    attach(ctx, f.id, f.region, f.attach);
  },
});

// ---- Bastion ---------------------------------------------------------------------------------

export const bastion = catalogKind({
  kind: 'bastion',
  description: 'Azure Bastion (concurrent sessions per instance: ~20 RDP or 40 SSH)',
  schema: z
    .strictObject({
      id: nodeRef(),
      kind: z.literal('bastion'),
      instances: z
        .number()
        .int()
        .min(1)
        .max(50)
        .optional()
        .meta({ description: 'instances (default 2, the Basic SKU): about 20 RDP or 40 SSH sessions each' }),
      region: regionSchema().optional(),
      attach: attachedIn(),
    })
    .meta({
      description: 'Azure Bastion: concurrent RDP/SSH sessions per instance; refused sessions send nothing',
    }),
  where: (c) => optionalRegion(c),
  expand(b, ctx) {
    ctx.addNode({ id: b.id, kind: 'bastion', ...(b.region ? inRegion(ctx, b.region) : {}) });
    attach(ctx, b.id, b.region, b.attach);
  },
});
