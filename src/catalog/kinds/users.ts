/**
 * Home users, as the population kind expands them and the gateways and session limiters on their
 * paths read them when they build (a tunnel per user, a session per app).
 */
import type { Flow } from '../../net/index.js';
import { NodeType } from '../../spec/kind.js';
import type { AppProfile } from '../apps.js';
import { backFlowId } from './ids.js';

/** What a home user's node tells the components on its paths. */
export interface UserSpec {
  population: string;
  /** Its point-to-site VPN client: the gateway node and protocol; null without VPN. */
  tunnel: { gateway: string; protocol: string } | null;
  apps: UserApp[];
}

export interface UserApp {
  /** The assignment's label (the app's name unless renamed). */
  label: string;
  app: string;
  /** How a session-limited component counts it. */
  session: AppProfile['session'];
  /** Whether its flows go through the user's VPN tunnel. */
  tunnel: boolean;
  /** Waypoints of its flows (gateway first when tunnelled), user side first. */
  via: string[];
  /** Declared flows; `fromClient`: the declared direction leaves the user (its back flow, if any, comes back). */
  flows: { id: string; fromClient: boolean }[];
}

/** The home users of populations: nodes of kind `home-user`. */
export const homeUser = new NodeType<UserSpec>('home-user');

/**
 * The flows of a user's app as they cross a component between the user and the server: each
 * declared flow and its back flow, with the way each goes (`from-client` leaves the user).
 */
export function appFlowsAcross(
  app: UserApp,
  flows: ReadonlyMap<string, Flow>,
): { flow: Flow; direction: 'from-client' | 'to-client' }[] {
  const out: { flow: Flow; direction: 'from-client' | 'to-client' }[] = [];
  for (const f of app.flows) {
    const forward = flows.get(f.id);
    const back = flows.get(backFlowId(f.id));
    if (forward) out.push({ flow: forward, direction: f.fromClient ? 'from-client' : 'to-client' });
    if (back) out.push({ flow: back, direction: f.fromClient ? 'to-client' : 'from-client' });
  }
  return out;
}
