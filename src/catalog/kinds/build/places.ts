/** The site's build step: the `apps` entry of the apps it runs (the kind itself is ../places.ts). */
import type { BuildContext } from '../../../spec/kind.js';
import { siteNode } from '../places.js';
import { reportApps } from './apps.js';

export function buildSite(s: { id: string }, ctx: BuildContext): void {
  const own = ctx.node(s.id);
  reportApps(ctx, s.id, (own && siteNode.specOf(own)?.reports) ?? []);
}
