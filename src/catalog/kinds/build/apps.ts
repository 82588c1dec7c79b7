/**
 * The `apps` result section: what a population or a site reports per app assignment (the
 * assignments are expanded in ../apps.ts). Build time only: it reads the flows' recorders.
 */
import { ExperienceTally, judgeFlow } from '../../../metrics/flow-experience.js';
import type { FlowRecorder } from '../../../metrics/flow-recorder.js';
import { recorderOf } from '../../../metrics/recorder-of.js';
import { judgeSla } from '../../../metrics/sla.js';
import { summarize } from '../../../metrics/stats.js';
import type { Flow } from '../../../net/index.js';
import type { BuildContext } from '../../../spec/kind.js';
import { appProfile } from '../../apps.js';
import type { AppReport } from '../apps.js';
import { backFlowId } from '../ids.js';

/**
 * Adds the owner's entry to the `apps` result section: per assignment, per component, the pooled
 * Stats of its flows (both directions; elastic ACKs left out, as in class figures), the verdict
 * against the app's targets, and the `experience` of its flows, each judged on its own packets
 * against the app's targets (docs/experience.md).
 */
export function reportApps(ctx: BuildContext, owner: string, reports: readonly AppReport[]): void {
  if (reports.length === 0) return;
  /** Per assignment and component: each flow's recorder and the other direction's (null for one-way flows). */
  const flowsOf = new Map<string, [FlowRecorder, FlowRecorder | null][]>();
  ctx.afterFlows((flows) => {
    const recorder = (f: Flow | undefined) => (f ? recorderOf(f.observer) : null);
    for (const r of reports) {
      const app = appProfile(r.app);
      for (const c of app.components) {
        const list: [FlowRecorder, FlowRecorder | null][] = [];
        for (const id of r.flows[c.name] ?? []) {
          const there = recorder(flows.get(id));
          const back = c.traffic.model !== 'elastic' ? recorder(flows.get(backFlowId(id))) : null;
          if (there) list.push([there, back]);
          if (back) list.push([back, there]);
        }
        flowsOf.set(`${r.label}\u0000${c.name}`, list);
      }
    }
  });
  const seconds = ctx.window.end - ctx.window.start;
  ctx.addResult('apps', owner, () => {
    const out: Record<string, unknown> = {};
    for (const r of reports) {
      const app = appProfile(r.app);
      const entry: Record<string, unknown> = { app: r.app, count: r.count };
      if (r.sampled !== undefined) entry.sampled = r.sampled;
      for (const c of app.components) {
        const pairs = flowsOf.get(`${r.label}\u0000${c.name}`) ?? [];
        const stats = summarize(
          pairs.map(([f]) => f),
          seconds,
        );
        const judged = Object.keys(c.sla).length > 0 ? { sla: judgeSla(stats, c.sla) } : {};
        const tally = new ExperienceTally();
        tally.open(c.name);
        for (const [f, back] of pairs) tally.add(c.name, judgeFlow(f, summarize([f], seconds), c.sla, back));
        entry[c.name] = {
          class: r.classes[c.name] ?? c.class,
          ...stats,
          ...judged,
          experience: tally.experience(c.name),
        };
      }
      out[r.label] = entry;
    }
    return out;
  });
}
