/**
 * Azure connectivity and appliances as node kinds: `vnet` (with peerings), `expressroute`,
 * `multicloud-interconnect` (Oracle via ExpressRoute and FastConnect), `app-gateway`, `firewall`
 * (Azure Firewall SKUs and third-party NVAs) and `bastion`. Figures and sources: src/catalog.
 */
import { z } from 'zod';
import {
  ASSUMED_PROCESSING_DELAY,
  BASTION_UNITS,
  EXPRESSROUTE_DIRECT_PORTS,
  NVA_DEFAULTS,
  PEERING,
  appGatewayCapacity,
  bastionCapacity,
  edgePop,
  expressRouteBandwidthProblem,
  expressRouteCircuitPlan,
  expressRouteGateway,
  firewallSku,
  planBackbone,
  type Place,
} from '../index.js';
import { SessionLimiter } from '../../net/index.js';
import { bitRate, time } from '../../spec/unit-schemas.js';
import {
  contribute,
  linkFromPlan,
  linkIntoMicrosoft,
  localLink,
  nodeRef,
  popNode,
  popSchema,
  regionSchema,
  requirePlace,
  SERVER_QUEUE,
  userSpec,
} from './shared.js';
import { registerNodeKind, type BuildContext, type ExpandContext } from '../../spec/kind.js';

const attachSchema = () =>
  z
    .array(nodeRef())
    .max(64)
    .optional()
    .meta({ description: 'nodes it is linked to (0 s, 100 Gbps: the VNet or LAN it sits in)' });

function attach(
  ctx: ExpandContext,
  nodeId: string,
  region: string | undefined,
  others: readonly string[] | undefined,
): void {
  if (region !== undefined) linkIntoMicrosoft(ctx, `${nodeId}:${region}`, nodeId, region, ['region']);
  for (const a of others ?? []) ctx.addLink(localLink(`${nodeId}:${a}`, nodeId, a));
}

/** ASSUMPTION: a VM's NIC, 10 Gbps (peering adds no limit beyond the VMs' own, peering overview). */
const VM_RATE = 10e9;

// ---- VNet ------------------------------------------------------------------------------------

const vnetSchema = z
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
  .meta({ description: 'an Azure VNet in a region, its VMs and peerings' });

type VnetInput = z.output<typeof vnetSchema>;

registerNodeKind({
  kind: 'vnet',
  description: 'an Azure VNet in a region with its VMs; VNet peering (same-region latency as inside a VNet)',
  schema: vnetSchema,
  expand(v: VnetInput, ctx) {
    ctx.addNode({ id: v.id, kind: 'vnet', spec: { region: v.region } });
    linkIntoMicrosoft(ctx, `${v.id}:${v.region}`, v.id, v.region, ['region']);
    for (const s of v.servers ?? []) {
      ctx.addNode({ id: s, kind: 'host', spec: { region: v.region, vnet: v.id } });
      ctx.addLink(localLink(`${v.id}:${s}`, s, v.id, VM_RATE, 0, SERVER_QUEUE));
    }
    (v.peerings ?? []).forEach((other, i) => {
      const o = ctx.declared.get(other);
      if (o?.kind !== 'vnet') {
        ctx.problem(`${JSON.stringify(other)} is not a vnet`, ['peerings', i]);
        return;
      }
      // A peering both sides list is one link, made by the side whose id sorts first.
      if ((o.peerings as string[] | undefined)?.includes(v.id) && other < v.id) return;
      const r = o.region as string;
      const delay = r === v.region ? PEERING.sameRegionDelay : backboneRttMs(v.region, r) / 2 / 1000;
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

const expressRouteSchema = z.strictObject({ ...circuitShape, kind: z.literal('expressroute') }).meta({
  description:
    "an ExpressRoute circuit from a site to Microsoft's edge at a peering location, and its gateway: private, no internet cross traffic",
});

type CircuitInput = z.output<typeof expressRouteSchema>;

function gatewayOf(g: CircuitInput['gateway']) {
  if (g === undefined) return expressRouteGateway('ErGw1Az');
  return typeof g === 'string' ? expressRouteGateway(g) : expressRouteGateway(g.sku, g.units);
}

/**
 * Node `<id>` is the circuit's Microsoft end (the MSEE at the peering location and the VNet
 * gateway behind it): linked to `pop-<peeringLocation>`; its stage is the gateway's throughput
 * (both directions together). The circuit `<id>:circuit` joins it to `from` with no cross traffic.
 */
function expandCircuit(
  c: Omit<CircuitInput, 'kind'>,
  kind: string,
  from: string,
  fromPlace: Place | null,
  ctx: ExpandContext,
): void {
  const problem = expressRouteBandwidthProblem(
    c.bandwidth,
    c.direct as keyof typeof EXPRESSROUTE_DIRECT_PORTS | undefined,
  );
  if (problem) ctx.problem(problem, ['bandwidth']);
  ctx.addNode({ id: c.id, kind, spec: { ...(c.region ? { region: c.region } : {}), config: { ...c } } });
  linkIntoMicrosoft(ctx, `${c.id}:${popNode(c.peeringLocation)}`, c.id, popNode(c.peeringLocation), [
    'peeringLocation',
  ]);
  if (problem || !fromPlace) return;
  ctx.addLink(
    linkFromPlan(
      expressRouteCircuitPlan(`${c.id}:circuit`, from, c.id, fromPlace, edgePop(c.peeringLocation), {
        bandwidth: c.bandwidth,
        direct: c.direct,
      }),
    ),
  );
}

function buildCircuitGateway(nodeId: string, c: Omit<CircuitInput, 'kind'>, ctx: BuildContext): void {
  if (c.fastPath) return;
  ctx.net.addStage(`${nodeId}:gateway`, nodeId, {
    rate: gatewayOf(c.gateway).throughput,
    delay: c.processingDelay ?? ASSUMED_PROCESSING_DELAY,
  });
}

registerNodeKind({
  kind: 'expressroute',
  description:
    'an ExpressRoute circuit (provider or Direct bandwidths) and its gateway SKU: private, no internet cross traffic',
  schema: expressRouteSchema,
  expand(c: CircuitInput, ctx) {
    try {
      gatewayOf(c.gateway);
    } catch (e) {
      ctx.problem((e as Error).message, ['gateway']);
    }
    expandCircuit(c, 'expressroute', c.site, requirePlace(ctx, c.site, ['site']), ctx);
  },
  build(node, ctx) {
    buildCircuitGateway(node.id, node.spec.config as CircuitInput, ctx);
  },
});

// ---- multicloud interconnect -----------------------------------------------------------------

const interconnectSchema = z
  .strictObject({
    ...circuitShape,
    kind: z.literal('multicloud-interconnect'),
    cloud: z.literal('oracle').meta({ description: 'the other cloud (oracle: OCI FastConnect)' }),
  })
  .meta({
    description:
      "Azure to another cloud: an ExpressRoute circuit paired with the other cloud's private circuit (OCI FastConnect) at a shared peering location",
  });

registerNodeKind({
  kind: 'multicloud-interconnect',
  description:
    'Azure <-> Oracle Cloud: ExpressRoute paired with OCI FastConnect at a shared peering location (private)',
  schema: interconnectSchema,
  expand(c: z.output<typeof interconnectSchema>, ctx) {
    try {
      gatewayOf(c.gateway);
    } catch (e) {
      ctx.problem((e as Error).message, ['gateway']);
    }
    // The ExpressRoute circuit ends at the FastConnect edge `<id>-fastconnect` in the same
    // facility (no distance); the FastConnect circuit runs from there to the other cloud's network.
    const pop = edgePop(c.peeringLocation);
    const edge = `${c.id}-fastconnect`;
    ctx.addNode({
      id: edge,
      kind: 'fastconnect-edge',
      spec: { location: { name: pop.name, lat: pop.lat, lon: pop.lon } },
    });
    expandCircuit(c, 'multicloud-interconnect', edge, pop, ctx);
    const sitePlace = requirePlace(ctx, c.site, ['site']);
    if (sitePlace && !expressRouteBandwidthProblem(c.bandwidth, c.direct)) {
      ctx.addLink(
        linkFromPlan(
          expressRouteCircuitPlan(`${c.id}:fastconnect`, c.site, edge, sitePlace, pop, {
            bandwidth: c.bandwidth,
            direct: c.direct,
          }),
        ),
      );
    }
  },
  build(node, ctx) {
    buildCircuitGateway(node.id, node.spec.config as CircuitInput, ctx);
  },
});

// ---- Application Gateway ---------------------------------------------------------------------

const appGatewaySchema = z
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
    attach: attachSchema(),
    processingDelay: time({}, 'per-packet processing latency (default 0.1ms)').optional(),
  })
  .meta({ description: 'an Application Gateway v2: throughput and persistent connections from its instances' });

registerNodeKind({
  kind: 'app-gateway',
  description: 'an Application Gateway v2 (throughput and connections from its instance count)',
  schema: appGatewaySchema,
  expand(g: z.output<typeof appGatewaySchema>, ctx) {
    ctx.addNode({
      id: g.id,
      kind: 'app-gateway',
      spec: { ...(g.region ? { region: g.region } : {}), config: { ...g } },
    });
    attach(ctx, g.id, g.region, g.attach);
  },
  build(node, ctx) {
    const g = node.spec.config as z.output<typeof appGatewaySchema>;
    const cap = appGatewayCapacity(g.instances);
    // A reverse proxy holds what it cannot forward yet (ASSUMPTION: no drop, an unlimited queue):
    // overload shows as waiting time, as at a saturated gateway whose clients keep their connections.
    ctx.net.addStage(`${node.id}:capacity`, node.id, {
      rate: cap.throughput,
      delay: g.processingDelay ?? ASSUMED_PROCESSING_DELAY,
      queue: SERVER_QUEUE,
    });
    limitSessions(ctx, node.id, cap.connections, () => 1);
  },
});

/**
 * Sessions through a session-limited component: every app of a home user whose waypoints include
 * it opens one session (in node order, when the flows exist), weighing `units(app.session)`.
 */
function limitSessions(ctx: BuildContext, nodeId: string, capacity: number, units: (session: string) => number): void {
  const limiter = new SessionLimiter(ctx.net, { id: nodeId, node: nodeId, capacity });
  const users = ctx.scenario.nodes.filter((n) => userSpec(n.spec)?.apps.some((a) => a.via.includes(nodeId)));
  for (const u of users) limiter.attach(u.id);
  contribute(ctx, 'sessions', nodeId, () => ({ capacity, ...limiter.pool.counts() }));
  ctx.afterFlows((flows) => {
    for (const u of users) {
      for (const app of userSpec(u.spec)!.apps) {
        if (!app.via.includes(nodeId)) continue;
        const session = limiter.open(u.id, units(app.session));
        for (const f of app.flows) {
          const forward = flows.get(f.id);
          const back = flows.get(`${f.id}~back`);
          if (forward) limiter.carry(session, forward, f.fromClient ? 'from-client' : 'to-client');
          if (back) limiter.carry(session, back, f.fromClient ? 'to-client' : 'from-client');
        }
      }
    }
  });
}

// ---- Azure Firewall and NVAs -----------------------------------------------------------------

const firewallSchema = z
  .strictObject({
    id: nodeRef(),
    kind: z.literal('firewall'),
    sku: z
      .enum(['Basic', 'Standard', 'Premium', 'nva'])
      .meta({ description: 'Azure Firewall Basic, Standard, Premium, or nva (a third-party appliance)' }),
    throughput: bitRate({}, "aggregate throughput (default: the SKU's; nva 2Gbps)").optional(),
    processingDelay: time({}, 'per-packet processing latency (default 0.1ms)').optional(),
    region: regionSchema().optional(),
    attach: attachSchema(),
  })
  .meta({
    description:
      'an Azure Firewall (throughput by SKU) or a third-party NVA: a processing stage every packet through it crosses',
  });

registerNodeKind({
  kind: 'firewall',
  description:
    'Azure Firewall (Basic/Standard/Premium throughput) or a third-party NVA: throughput and processing delay',
  schema: firewallSchema,
  expand(f: z.output<typeof firewallSchema>, ctx) {
    ctx.addNode({ id: f.id, kind: 'firewall', spec: { ...(f.region ? { region: f.region } : {}), config: { ...f } } });
    attach(ctx, f.id, f.region, f.attach);
  },
  build(node, ctx) {
    const f = node.spec.config as z.output<typeof firewallSchema>;
    const base = f.sku === 'nva' ? NVA_DEFAULTS : firewallSku(f.sku);
    ctx.net.addStage(`${node.id}:filter`, node.id, {
      rate: f.throughput ?? base.throughput,
      delay: f.processingDelay ?? base.processingDelay,
    });
  },
});

// ---- Bastion ---------------------------------------------------------------------------------

const bastionSchema = z
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
    attach: attachSchema(),
  })
  .meta({ description: 'Azure Bastion: concurrent RDP/SSH sessions per instance; refused sessions send nothing' });

registerNodeKind({
  kind: 'bastion',
  description: 'Azure Bastion (concurrent sessions per instance: ~20 RDP or 40 SSH)',
  schema: bastionSchema,
  expand(b: z.output<typeof bastionSchema>, ctx) {
    ctx.addNode({ id: b.id, kind: 'bastion', spec: { ...(b.region ? { region: b.region } : {}), config: { ...b } } });
    attach(ctx, b.id, b.region, b.attach);
  },
  build(node, ctx) {
    const b = node.spec.config as z.output<typeof bastionSchema>;
    limitSessions(ctx, node.id, bastionCapacity(b.instances), (s) =>
      s === 'rdp' ? BASTION_UNITS.rdp : BASTION_UNITS.ssh,
    );
  },
});
