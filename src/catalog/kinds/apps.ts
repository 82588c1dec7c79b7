/**
 * Apps of the catalog (src/catalog/apps.ts) as scenario flows: an assignment of an app to users of
 * a population or to a site expands into one flow per component, and the owner reports each app's
 * figures, judged against the app's own targets, in the result's `apps` section (build/apps.ts).
 */
import { z } from 'zod';
import { className } from '../../spec/classes.js';
import type { ExpandContext } from '../../spec/kind.js';
import type { KeyPath } from '../../spec/key-path.js';
import type { FlowDef } from '../../spec/model.js';
import { ratio, time } from '../../spec/unit-schemas.js';
import { appNames, type AppProfile } from '../apps.js';
import { nodeRef } from './schemas.js';

const label = () =>
  z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, {
      error: 'an app label is a letter or digit then letters, digits, "_" or "-"',
    })
    .meta({ description: 'names the assignment in flow ids and results (default: the app name)' });

const common = {
  app: z.enum(appNames() as [string, ...string[]]).meta({ description: `a catalog app: ${appNames().join(', ')}` }),
  name: label().optional(),
  to: nodeRef('the server node').meta({ description: 'the node the app talks to (a server, a relay)' }),
  via: z
    .array(nodeRef())
    .max(16)
    .optional()
    .meta({ description: 'waypoints its flows must pass (an application gateway, a firewall), client side first' }),
  start: time({}, 'when the app starts (default 0s; users add a seeded offset of up to 1 s)').optional(),
  stop: time({}, 'when it stops (default: the end of the measured window)').optional(),
  classes: z
    .record(z.string(), className())
    .optional()
    .meta({ description: "component -> class, replacing the app's default class of that component" }),
};

/** An app given to a share of a population's users. */
export const userAppSchema = () =>
  z
    .strictObject({
      ...common,
      share: ratio('fraction of the users who run it (default 100%)').optional(),
      tunnel: z.boolean().optional().meta({
        description:
          "through the population's VPN tunnel (default: true when the population has `vpn`); false: split tunnel",
      }),
    })
    .meta({ description: 'an app run by a share of the users (chosen per user from the seed)' });

/** An app run by a site (from one of its servers, or the site router). */
export const siteAppSchema = () =>
  z
    .strictObject({
      ...common,
      from: nodeRef('a server of the site')
        .optional()
        .meta({ description: 'the sending node (default: the site router)' }),
      instances: z
        .number()
        .int()
        .min(1)
        .max(10_000)
        .optional()
        .meta({ description: 'how many copies run (default 1)' }),
    })
    .meta({ description: 'an app run by the site' });

export type UserAppInput = z.output<ReturnType<typeof userAppSchema>>;
export type SiteAppInput = z.output<ReturnType<typeof siteAppSchema>>;

/** The flows of one instance of an app between a client and a server. */
export interface AppFlows {
  defs: FlowDef[];
  /** Declared flows; `fromClient` says the declared direction leaves the client. */
  flows: { id: string; component: string; fromClient: boolean }[];
}

/**
 * Flow definitions of one app instance: `<base>.<component>` per component; `up` leaves the client,
 * `down` comes to it, `both` is a two-way flow from the client. `via` is client side first.
 */
export function appFlows(
  app: AppProfile,
  base: string,
  client: string,
  server: string,
  via: readonly string[],
  classes: Readonly<Record<string, string>>,
  start: number,
  stop: number | null,
): AppFlows {
  const out: AppFlows = { defs: [], flows: [] };
  for (const c of app.components) {
    const flowId = `${base}.${c.name}`;
    const down = c.direction === 'down';
    const def: FlowDef = {
      id: flowId,
      from: down ? server : client,
      to: down ? client : server,
      class: classes[c.name] ?? c.class,
      traffic: c.traffic,
      start,
      stop,
      via: down ? [...via].reverse() : [...via],
    };
    if (c.direction === 'both') def.twoWay = true;
    if (c.codec) def.codec = c.codec.name;
    out.defs.push(def);
    out.flows.push({ id: flowId, component: c.name, fromClient: !down });
  }
  return out;
}

/** Checks an assignment's class overrides: components of the app, classes of the scenario. */
export function checkAppClasses(
  ctx: ExpandContext,
  app: AppProfile,
  classes: Readonly<Record<string, string>> | undefined,
  at: KeyPath,
): void {
  const known = new Set(ctx.classes.map((c) => c.name));
  for (const c of app.components) {
    const cls = classes?.[c.name] ?? c.class;
    if (!known.has(cls))
      ctx.problem(
        `app ${app.name}: class ${JSON.stringify(cls)} of component ${c.name} is not a class of the scenario ` +
          `(classes: ${[...known].join(', ')})`,
        [...at, 'classes'],
      );
  }
  for (const name of Object.keys(classes ?? {})) {
    if (!app.components.some((c) => c.name === name))
      ctx.problem(
        `app ${app.name} has no component ${JSON.stringify(name)} ` +
          `(components: ${app.components.map((c) => c.name).join(', ')})`,
        [...at, 'classes', name],
      );
  }
}

/** What an owner (population, site) reports per app assignment. */
export interface AppReport {
  label: string;
  app: string;
  /** Users (population) or instances (site) running it. */
  count: number;
  /** Hybrid population: the packet users among them, whose figures these are. */
  sampled?: number;
  /** Declared flow ids per component. */
  flows: Record<string, string[]>;
  /** Class overrides of the assignment (component -> class). */
  classes: Readonly<Record<string, string>>;
}
