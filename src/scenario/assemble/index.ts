import type { RunEstimate, RunLimits } from '../../spec/estimate.js';
import type { KeyPath } from '../../spec/key-path.js';
import { LIMITS } from '../../spec/limits.js';
import type { Scenario } from '../../spec/model.js';
import type { RawProblem } from '../../spec/problems.js';
import { formatSeconds } from '../../spec/units.js';
import type { RegistryBase } from '../registry-base.js';
import { checkFlows, normalizeFlows } from './flows.js';
import { checkLinks, normalizeLinks } from './links.js';
import { estimateLoad } from './load.js';
import { expandNodes } from './nodes.js';
import { normalizeRecord } from './record.js';
import { normalizeFailures, normalizeRouting } from './routing.js';
import { Assembly, type Parts } from './state.js';

export type { Parts } from './state.js';

/** The limits the run's estimate is checked against, and how many variants the scenario holds beside it. */
export interface AssembleOptions {
  limits: Required<RunLimits>;
  variants: number;
}

/** The normalized scenario, before it is given its file, document, variant name, variants and warnings. */
export type ScenarioBody = Omit<Scenario, 'file' | 'document' | 'variant' | 'variants' | 'warnings'>;

/**
 * Applies the defaults, expands node kinds, and checks what a schema cannot: unique ids, references
 * to nodes, links and classes, timing that makes sense, connectivity, and the resource guards.
 * Works on whatever validated (see salvage.ts), so every problem is found in one pass. Each stage
 * is a function of the shared {@link Assembly}, in this order.
 */
export function assemble(
  raw: Record<string, unknown>,
  parts: Parts,
  registry: RegistryBase,
  options: AssembleOptions,
): { body: ScenarioBody | null; problems: RawProblem[]; warnings: RawProblem[] } {
  const a = new Assembly(raw, parts, registry);
  checkWindowAndClasses(a);
  expandNodes(a);
  normalizeLinks(a);
  checkLinks(a);
  normalizeFlows(a);
  checkFlows(a);
  const routing = normalizeRouting(a);
  const failures = normalizeFailures(a);
  const record = normalizeRecord(a);
  const estimate = estimateLoad(a, { routing, failures, ...options });

  const name = parts.scalars.name;
  const valid =
    a.problems.size === 0 &&
    typeof name === 'string' &&
    a.duration !== undefined &&
    estimate !== null &&
    Object.values(parts.sections).every((s) => s.complete);
  if (!valid) return { body: null, problems: condense(a.problems.list), warnings: a.warnings };
  return {
    problems: a.problems.list,
    warnings: a.warnings,
    body: {
      name: name as string,
      description: (parts.scalars.description as string | undefined) ?? '',
      seed: a.seed,
      warmup: a.warmup,
      duration: a.duration as number,
      drain: a.drain,
      classes: a.classes,
      declared: a.declared,
      nodes: a.nodes,
      links: a.links.map((l) => l.def),
      flows: a.flows.map((f) => f.def),
      routing,
      failures,
      estimate: estimate as RunEstimate,
      record,
    },
  };
}

/** Stage 0: the simulated time and the number of classes, against the resource guards. */
function checkWindowAndClasses(a: Assembly): void {
  if (a.end !== undefined && a.end + a.drain > LIMITS.simulatedSeconds) {
    a.problems.add(
      ['duration'],
      `warmup + duration + drain is ${formatSeconds(a.end + a.drain)}, more than the limit of ` +
        `${formatSeconds(LIMITS.simulatedSeconds)} of simulated time`,
    );
  }
  if (a.classes.length > LIMITS.classes)
    a.problems.add(['classes'], `${a.classes.length} classes: at most ${LIMITS.classes}`);
}

/** At most this many problems are listed at one key path; a kind's mistake repeats once per generated user. */
const PROBLEMS_PER_PATH = 3;

/**
 * Drops repeated problems and keeps the first few at each key path with a count of the rest: one
 * mistake in a kind that generates 10,000 users (a wrong class override, a duplicate app label)
 * would otherwise be reported once per user and flow.
 */
function condense(problems: readonly RawProblem[]): RawProblem[] {
  const seen = new Set<string>();
  const atPath = new Map<string, { first: RawProblem; listed: number; more: number }>();
  const out: RawProblem[] = [];
  for (const p of problems) {
    const key = pathKey(p.path);
    const text = `${key}\u0001${p.message}`;
    if (seen.has(text)) continue;
    seen.add(text);
    const at = atPath.get(key) ?? { first: p, listed: 0, more: 0 };
    atPath.set(key, at);
    if (at.listed < PROBLEMS_PER_PATH) {
      at.listed++;
      out.push(p);
    } else at.more++;
  }
  for (const { first, more } of atPath.values()) {
    if (more > 0)
      out.push({
        path: first.path,
        message: `... and ${more} more problem(s) here like those above (one per generated user or flow)`,
      });
  }
  return out;
}

const pathKey = (path: KeyPath): string => path.join('\u0000');
