/**
 * The population's build step (the kind itself is ../population.ts): the `apps` entry of its users'
 * apps and, for a hybrid population, its fluid users as load on the shared links and the `fidelity` entry.
 */
import type { BuildContext } from '../../../spec/kind.js';
import { carryFluidUsers } from '../population-fluid.js';
import { populationNode, type PopulationSpec } from '../population.js';
import { reportApps } from './apps.js';

export function buildPopulation(p: PopulationSpec, ctx: BuildContext): void {
  const node = ctx.node(p.id);
  const own = node && populationNode.specOf(node);
  if (!own) return;
  reportApps(ctx, p.id, own.reports);
  if (own.fluid === null) return;
  carryFluidUsers(ctx, p.id, own.fluid);
  const packetUsers = own.packetUsers;
  const sample = own.fluid.spread
    ? 'users spread evenly over each place (a gateway or session limit admits them in order), in proportion to ' +
      'the place; the others are load on shared links, counted by the gateways and session limits'
    : 'the first users at each place, in proportion to the place; the others are load on shared links';
  ctx.addResult('fidelity', p.id, () => ({
    users: p.users,
    packetUsers,
    fluidUsers: p.users - packetUsers,
    sample,
    perUser: 'from the packet users',
  }));
}
