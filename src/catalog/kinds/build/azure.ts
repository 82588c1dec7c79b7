/**
 * The build steps of Azure's components (the kinds themselves are ../azure.ts): gateway, capacity and
 * filter stages, and the session limits of Application Gateway and Bastion (net/admission.ts), with
 * the `sessions` entry of the result.
 */
import { SessionLimiter } from '../../../net/admission.js';
import type { BuildContext } from '../../../spec/kind.js';
import { ASSUMED_PROCESSING_DELAY } from '../../appliance.js';
import { appGatewayCapacity } from '../../app-gateway.js';
import { BASTION_UNITS, bastionCapacity } from '../../bastion.js';
import { circuitGateway } from '../../expressroute.js';
import { NVA_DEFAULTS, firewallSku } from '../../firewall.js';
import type { appGateway, bastion, expressRoute, firewall, multicloudInterconnect } from '../azure.js';
import type { SpecOf } from '../kind.js';
import { SERVER_QUEUE } from '../links.js';
import { appFlowsAcross, homeUser } from '../users.js';
import { appProfile } from '../../apps.js';
import { FLUID_ADMISSIONS, eachUser, type Admitter } from './fluid-admission.js';

/** An ExpressRoute circuit's gateway stage (none with FastPath). */
export function buildCircuitGateway(
  c: SpecOf<typeof expressRoute> | SpecOf<typeof multicloudInterconnect>,
  ctx: BuildContext,
): void {
  if (c.fastPath) return;
  ctx.net.addStage(`${c.id}:gateway`, c.id, {
    rate: circuitGateway(c.gateway).throughput,
    delay: c.processingDelay ?? ASSUMED_PROCESSING_DELAY,
  });
}

/**
 * Sessions through a session-limited component: every app of a home user whose waypoints include
 * it opens one session (in node order, when the flows exist), weighing `units(app.session)`.
 */
function limitSessions(ctx: BuildContext, nodeId: string, capacity: number, units: (session: string) => number): void {
  const limiter = new SessionLimiter(ctx.net, { id: nodeId, node: nodeId, capacity });
  // An app (or a fluid group of one) crosses the component: one test for the stages attached now and the sessions.
  const crosses = (app: { via: readonly string[] }) => app.via.includes(nodeId);
  const users = homeUser.in(ctx.scenario.nodes).filter((u) => u.spec.apps.some(crosses));
  for (const u of users) limiter.attach(u.id);
  ctx.addResult('sessions', nodeId, () => ({ capacity, ...limiter.pool.counts() }));
  const admissions = ctx.shared(FLUID_ADMISSIONS);
  const admitter: Admitter = {
    id: nodeId,
    actionsFor: (sample, direction, admitted) => limiter.actionsFor(sample, direction, admitted),
  };
  ctx.afterFlows((flows) => {
    // Every user, packet or fluid (a hybrid population's), in node order; a session per app.
    eachUser(
      ctx.scenario.nodes,
      (u) => {
        for (const app of u.spec.apps) {
          if (!crosses(app)) continue;
          const session = limiter.open(u.id, units(app.session));
          for (const { flow, direction } of appFlowsAcross(app, flows)) limiter.carry(session, flow, direction);
        }
      },
      (_, n, groups) => {
        for (const g of groups) {
          if (!crosses(g)) continue;
          admissions.record(g, n, admitter, limiter.count(units(appProfile(g.app).session)));
        }
      },
    );
  });
}

export function buildAppGateway(g: SpecOf<typeof appGateway>, ctx: BuildContext): void {
  const cap = appGatewayCapacity(g.instances);
  // A reverse proxy holds what it cannot forward yet (ASSUMPTION: no drop, an unlimited queue):
  // overload shows as waiting time, as at a saturated gateway whose clients keep their connections.
  ctx.net.addStage(`${g.id}:capacity`, g.id, {
    rate: cap.throughput,
    delay: g.processingDelay ?? ASSUMED_PROCESSING_DELAY,
    queue: SERVER_QUEUE,
  });
  limitSessions(ctx, g.id, cap.connections, () => 1);
}

export function buildFirewall(f: SpecOf<typeof firewall>, ctx: BuildContext): void {
  const base = f.sku === 'nva' ? NVA_DEFAULTS : firewallSku(f.sku);
  ctx.net.addStage(`${f.id}:filter`, f.id, {
    rate: f.throughput ?? base.throughput,
    delay: f.processingDelay ?? base.processingDelay,
  });
}

export function buildBastion(b: SpecOf<typeof bastion>, ctx: BuildContext): void {
  const units = (s: string) => (s === 'rdp' ? BASTION_UNITS.rdp : BASTION_UNITS.ssh);
  limitSessions(ctx, b.id, bastionCapacity(b.instances), units);
}
