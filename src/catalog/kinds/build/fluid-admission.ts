/**
 * Admission of hybrid populations' fluid users (docs/kinds.md, "Hybrid populations"): a VPN gateway
 * or a session limit counts every user, packet or fluid, in the order the full packet run opens
 * them, so it admits and refuses the very users the full run does and reports the same counts. What
 * it decides for a fluid user is written here (one record per build, ctx.shared), and the
 * population's fluid load follows it (population-fluid.ts): an admitted user's traffic through the
 * tunnel with its overhead, a refused user's only as far as the full run would carry it.
 */
import type { Direction } from '../../../net/admission.js';
import type { StageAction } from '../../../net/flow-stage.js';
import { BuildShared } from '../../../spec/kind.js';
import type { NodeDef } from '../../../spec/model.js';
import type { FluidGroup, FluidPopulation } from '../population-fluid.js';
import { populationNode } from '../population.js';
import { userNode } from '../ids.js';
import { homeUser, type UserSpec } from '../users.js';

/** A gateway or session limit as a fluid user's traffic meets it. */
export interface Admitter {
  /**
   * The component's id. A gateway makes one admitter per protocol, all with its id; a group meets it with one
   * protocol (its population's), so within a group the id is unique, as {@link FluidAdmissions.record} keys it.
   */
  readonly id: string;
  /**
   * The stage actions a user gets on one of its flows that follows `sample`'s flow (a packet user of
   * the same app and place, attached to the component) in `direction`, admitted or refused.
   */
  actionsFor(sample: string, direction: Direction, admitted: boolean): StageAction[];
}

/** The members of a fluid group that share an outcome: the components that refused them (none: admitted). */
export interface FluidOutcome {
  refusedBy: ReadonlySet<string>;
  /** `refused:<id>+<id>` (empty when admitted everywhere): names the load's random streams. */
  key: string;
  users: number;
}

/** What the components decided for each fluid group's members, in one build. */
class FluidAdmissions {
  private readonly byGroup = new Map<FluidGroup, { counted: Map<string, Admitter>; refused: Map<number, string[]> }>();

  /** `admitter` admitted or refused member `user` of `group`. */
  record(group: FluidGroup, user: number, admitter: Admitter, admitted: boolean): void {
    let g = this.byGroup.get(group);
    if (!g) this.byGroup.set(group, (g = { counted: new Map(), refused: new Map() }));
    g.counted.set(admitter.id, admitter);
    if (admitted) return;
    const by = g.refused.get(user);
    if (by) by.push(admitter.id);
    else g.refused.set(user, [admitter.id]);
  }

  /** The components that counted the group's users, and its members by outcome (admitted everywhere first). */
  of(group: FluidGroup): { counted: Admitter[]; outcomes: FluidOutcome[] } {
    const g = this.byGroup.get(group);
    if (!g) return { counted: [], outcomes: [{ refusedBy: new Set(), key: '', users: group.users }] };
    const counts = new Map<string, FluidOutcome>();
    for (const by of g.refused.values()) {
      const key = `refused:${by.join('+')}`;
      const o = counts.get(key);
      if (o) o.users++;
      else counts.set(key, { refusedBy: new Set(by), key, users: 1 });
    }
    const admitted = group.users - g.refused.size;
    const everywhere: FluidOutcome[] = admitted > 0 ? [{ refusedBy: new Set(), key: '', users: admitted }] : [];
    return { counted: [...g.counted.values()], outcomes: [...everywhere, ...counts.values()] };
  }
}

export const FLUID_ADMISSIONS = new BuildShared('fluid-admissions', () => new FluidAdmissions());

/**
 * Every home user in the order the full packet run would have their nodes: the scenario's nodes in
 * order, and a hybrid population's users, packet and fluid, all where its own node is (before its
 * users' nodes, which follow it in number order), by number. `packet` gets a user that has a node;
 * `fluid` a fluid user: its population, its number and its groups (in app order).
 */
export function eachUser(
  nodes: readonly NodeDef[],
  packet: (user: { id: string; spec: UserSpec }) => void,
  fluid: (population: FluidPopulation, user: number, groups: readonly FluidGroup[]) => void,
): void {
  const byId = new Map<string, { id: string; spec: UserSpec }>();
  for (const u of homeUser.in(nodes)) byId.set(u.id, u);
  const hybrid = new Set<string>();
  for (const node of nodes) {
    const own = populationNode.specOf(node)?.fluid;
    if (own && !hybrid.has(node.id)) {
      hybrid.add(node.id);
      eachUserOf(node.id, own, byId, packet, fluid);
      continue;
    }
    const user = homeUser.specOf(node);
    if (user && !hybrid.has(user.population)) packet({ id: node.id, spec: user });
  }
}

function eachUserOf(
  population: string,
  own: FluidPopulation,
  byId: ReadonlyMap<string, { id: string; spec: UserSpec }>,
  packet: (user: { id: string; spec: UserSpec }) => void,
  fluid: (population: FluidPopulation, user: number, groups: readonly FluidGroup[]) => void,
): void {
  let s = 0;
  for (const [i, place] of own.places.entries()) {
    const groups = own.groups.filter((g) => g.place === i);
    const next = groups.map(() => 0);
    const of: FluidGroup[] = [];
    for (let n = place.first; n < place.first + place.users; n++) {
      if (own.sample[s] === n) {
        s++;
        const user = byId.get(userNode(population, n));
        if (!user) throw new Error(`population ${population}: packet user ${n} has no node`);
        packet(user);
        continue;
      }
      of.length = 0;
      groups.forEach((g, k) => {
        if (g.members[next[k]] === n) {
          next[k]++;
          of.push(g);
        }
      });
      fluid(own, n, of);
    }
  }
}
