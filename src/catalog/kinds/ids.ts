/**
 * The ids catalog kinds give the nodes and links they create, in one place: a kind that names
 * another's node (a population's VPN gateway `<hub>-p2s`, a link to `pop-seattle`) uses these.
 */
export { linkId } from '../../net/link.js';
export { backFlowId } from '../../traffic/plan.js';
export { popNode, popOfNode } from '../pops.js';
export { backboneLinkId } from '../backbone-build.js';

/** A Virtual WAN hub's point-to-site (User VPN) gateway. */
export const p2sNode = (hub: string): string => `${hub}-p2s`;

/** A Virtual WAN hub's site-to-site gateway. */
export const s2sNode = (hub: string): string => `${hub}-s2s`;

/** The hub whose point-to-site gateway `id` would be, or null. */
export function hubOfP2sNode(id: string): string | null {
  return id.endsWith('-p2s') ? id.slice(0, -4) : null;
}

/** The link from a component to a node it sits in or beside (its region, its VNet, its hub): `<from>:<to>`. */
export const localLinkId = (from: string, to: string): string => `${from}:${to}`;

/** Home user `n` (1-based) of a population. */
export const userNode = (population: string, n: number): string => `${population}-${n}`;

/** A population's ISP router at one of several places (at its only place it is the population's own id). */
export const ispNode = (population: string, place: string | number): string => `${population}@${place}`;
