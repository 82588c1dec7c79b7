import type { z } from 'zod';
import { planFlow } from '../traffic/plan.js';
import type { KeyPath } from '../spec/problems.js';
import { closest, type RawProblem } from './issues.js';
import { nodeKind, type ExpandContext } from './kinds/index.js';
import { LIMITS } from '../spec/limits.js';
import type { FailureDef, FlowDef, LinkDef, NodeDef, RoutingDef, Scenario } from '../spec/model.js';
import type { Section } from './salvage.js';
import { DEFAULT_FLOW_CLASS, mergeClasses, type classesSchema } from '../spec/classes.js';
import type { flowSchema } from './schema/flows.js';
import { BACKGROUND_DEFAULTS, DEFAULT_QUEUE, type linkSchema } from './schema/links.js';
import type { failureSchema, routingSchema } from './schema/routing.js';
import { packetRate } from './schema/traffic.js';
import { distributionMean } from '../spec/unit-schemas.js';
import { formatSeconds } from '../spec/units.js';

type LinkInput = z.output<typeof linkSchema>;
type FlowInput = z.output<ReturnType<typeof flowSchema>>;
type FailureInput = z.output<typeof failureSchema>;
type RoutingInput = z.output<ReturnType<typeof routingSchema>>;

/** The normalized scenario, before it is given its file, variant name and variants. */
export type ScenarioBody = Omit<Scenario, 'file' | 'variant' | 'variants'>;

export interface Parts {
  scalars: Record<string, unknown>;
  sections: Record<string, Section<unknown>>;
}

/** Ids as written in the raw document (valid or not), so a reference to an invalid element is not also "unknown". */
function rawIds(raw: unknown, key: string): Set<string> {
  const out = new Set<string>();
  const list = (raw as Record<string, unknown>)[key];
  if (Array.isArray(list)) {
    for (const item of list) {
      if (item && typeof item === 'object') {
        const o = item as Record<string, unknown>;
        if (typeof o.id === 'string') out.add(o.id);
        else if (key === 'links' && typeof o.from === 'string' && typeof o.to === 'string')
          out.add(`${o.from}-${o.to}`);
      }
    }
  }
  return out;
}

const quote = (s: string): string => JSON.stringify(s);

/** At most this many problems are listed at one key path; a kind's mistake repeats once per generated user. */
const PROBLEMS_PER_PATH = 3;

/**
 * Drops repeated problems and keeps the first few at each key path with a count of the rest: one
 * mistake in a population of 10,000 users (a wrong class override, a duplicate app label) would
 * otherwise be reported once per user and flow.
 */
function condense(problems: RawProblem[]): RawProblem[] {
  const seen = new Set<string>();
  const atPath = new Map<string, { first: RawProblem; listed: number; more: number }>();
  const out: RawProblem[] = [];
  for (const p of problems) {
    const key = p.path.join('\u0000');
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

/**
 * Applies the defaults, expands node kinds, and checks what a schema cannot: unique ids, references
 * to nodes, links and classes, timing that makes sense, connectivity, and the resource guards.
 * Works on whatever validated (see salvage.ts), so every problem is found in one pass.
 */
export function assemble(
  raw: Record<string, unknown>,
  parts: Parts,
): { body: ScenarioBody | null; problems: RawProblem[] } {
  const problems: RawProblem[] = [];
  const problem = (path: KeyPath, message: string) => problems.push({ path, message });
  const { scalars, sections } = parts;

  const seed = (scalars.seed as number | undefined) ?? 1;
  const warmup = (scalars.warmup as number | undefined) ?? 0;
  const duration = scalars.duration as number | undefined;
  const drain = (scalars.drain as number | undefined) ?? 10;
  const end = duration === undefined ? undefined : warmup + duration;
  if (end !== undefined && end + drain > LIMITS.simulatedSeconds) {
    problem(
      ['duration'],
      `warmup + duration + drain is ${formatSeconds(end + drain)}, more than the limit of ${formatSeconds(LIMITS.simulatedSeconds)} of simulated time`,
    );
  }

  // Classes: the defaults with the file's merged over them.
  const classes = mergeClasses(scalars.classes as z.output<typeof classesSchema> | undefined);
  if (classes.length > LIMITS.classes) problem(['classes'], `${classes.length} classes: at most ${LIMITS.classes}`);
  const classNames = new Set(classes.map((c) => c.name));
  const rawClasses = (raw.classes && typeof raw.classes === 'object' ? Object.keys(raw.classes) : []) as string[];
  const classKnown = (name: string) => classNames.has(name) || rawClasses.includes(name);
  const classList = () => [...classNames].join(', ');

  // Nodes: each kind expands into core nodes, links and flows.
  const nodes: NodeDef[] = [];
  const nodeAt = new Map<string, KeyPath>();
  const links: { def: LinkDef; path: KeyPath }[] = [];
  const flows: { def: FlowDef; path: KeyPath }[] = [];
  const declared = new Map<string, Readonly<Record<string, unknown>>>();
  for (const { value } of sections.nodes.items) {
    const v = value as { id: string };
    if (!declared.has(v.id)) declared.set(v.id, v as unknown as Record<string, unknown>);
  }
  for (const { key, value } of sections.nodes.items) {
    const node = value as { id: string; kind?: string };
    const path: KeyPath = ['nodes', key];
    const kind = nodeKind(node.kind ?? 'router');
    if (!kind) continue; // the schema reported it
    const ctx: ExpandContext = {
      path,
      seed,
      warmup,
      duration: duration ?? 0,
      classes,
      declared,
      addNode(def) {
        const first = nodeAt.get(def.id);
        if (first) problem(path, `duplicate node id ${quote(def.id)} (first at ${pathText(first)})`);
        else {
          nodeAt.set(def.id, path);
          nodes.push(def);
        }
      },
      addLink: (def) => links.push({ def, path }),
      addFlow: (def) => flows.push({ def, path }),
      problem: (message, relative = []) => problem([...path, ...relative], message),
    };
    kind.expand(node, ctx);
  }
  const rawNodes = rawIds(raw, 'nodes');
  const nodeKnown = (id: string) => nodeAt.has(id) || rawNodes.has(id);

  // Links from the file (kinds may have added theirs already).
  for (const { key, value } of sections.links.items) {
    const l = value as LinkInput;
    const dir = <T>(v: T | { forward: T; reverse: T } | undefined, fallback: T): { forward: T; reverse: T } =>
      v === undefined
        ? { forward: fallback, reverse: fallback }
        : typeof v === 'object' && v !== null && 'forward' in v
          ? v
          : { forward: v as T, reverse: v as T };
    const rate = dir(l.rate, 0);
    const delay = dir(l.delay, 0);
    links.push({
      path: ['links', key],
      def: {
        id: l.id ?? `${l.from}-${l.to}`,
        from: l.from,
        to: l.to,
        forward: { rate: rate.forward, delay: delay.forward },
        reverse: { rate: rate.reverse, delay: delay.reverse },
        loss: l.loss ?? 0,
        queue: l.queue ?? DEFAULT_QUEUE,
        background:
          l.background && l.background.load > 0
            ? {
                load: l.background.load,
                size: l.background.size ?? BACKGROUND_DEFAULTS.size,
                class: l.background.class ?? BACKGROUND_DEFAULTS.class,
              }
            : null,
        cost: l.cost ?? null,
      },
    });
  }
  // Checks run on valid links and on the readable fields of invalid ones, in file order.
  const linkChecks: { path: KeyPath; id?: string; from?: string; to?: string; def?: LinkDef }[] = [
    ...links.map(({ def, path }) => ({ path, id: def.id, from: def.from, to: def.to, def })),
    ...loose(raw, 'links', sections.links).map(({ path, o }) => ({
      path,
      id: str(o.id) ?? (str(o.from) !== undefined && str(o.to) !== undefined ? `${o.from}-${o.to}` : undefined),
      from: str(o.from),
      to: str(o.to),
    })),
  ].sort(byPath);
  const linkAt = new Map<string, KeyPath>();
  const detached = new Map(nodes.filter((n) => n.detached !== undefined).map((n) => [n.id, n.detached as string]));
  for (const { def, path, id, from, to } of linkChecks) {
    for (const [end, node] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (node !== undefined && detached.has(node))
        problem([...path, end], `node ${quote(node)} carries no traffic: ${detached.get(node)}`);
    }
    if (id !== undefined) {
      const first = linkAt.get(id);
      if (first)
        problem(
          path,
          `duplicate link id ${quote(id)} (first at ${pathText(first)})${path[0] === 'links' && !hasExplicitId(raw, path) ? '; give parallel links their own id' : ''}`,
        );
      else linkAt.set(id, path);
    }
    for (const [end, node] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (node !== undefined && !nodeKnown(node))
        problem([...path, end], `unknown node ${quote(node)}${suggest(node, nodeAt.keys())}`);
    }
    if (from !== undefined && from === to)
      problem([...path, 'to'], `a link joins two different nodes, but both ends are ${quote(from)}`);
    if (def?.background && !classKnown(def.background.class))
      problem(
        [...path, 'background', 'class'],
        `unknown class ${quote(def.background.class)} (classes: ${classList()})`,
      );
  }
  const rawLinks = rawIds(raw, 'links');

  // Flows from the file, planned into directed flows to find id clashes (`<id>~back`).
  for (const { key, value } of sections.flows.items) {
    const f = value as FlowInput;
    const def: FlowDef = {
      id: f.id,
      from: f.from,
      to: f.to,
      class: f.class ?? DEFAULT_FLOW_CLASS,
      traffic: f.traffic,
      start: f.start ?? 0,
      stop: f.stop ?? null,
      via: f.via ?? [],
    };
    if (f.twoWay !== undefined) def.twoWay = f.twoWay;
    flows.push({ def, path: ['flows', key] });
  }
  const flowAt = new Map<string, KeyPath>();
  const components = connectivity(
    nodes.map((n) => n.id),
    links.map((l) => l.def),
  );
  let packets = 0;
  const flowChecks: {
    path: KeyPath;
    ids: string[];
    from?: string;
    to?: string;
    via: string[];
    cls?: string;
    def?: FlowDef;
  }[] = [
    ...flows.map(({ def, path }) => ({
      path,
      ids: [def.id],
      from: def.from,
      to: def.to,
      via: def.via,
      cls: def.class,
      def,
    })),
    ...loose(raw, 'flows', sections.flows).map(({ path, o }) => ({
      path,
      ids: str(o.id) !== undefined ? [o.id as string] : [],
      from: str(o.from),
      to: str(o.to),
      via: Array.isArray(o.via) ? o.via.filter((v): v is string => typeof v === 'string') : [],
      cls: str(o.class),
    })),
  ].sort(byPath);
  for (const { def, path, from, to, via, cls, ...rest } of flowChecks) {
    let ids = rest.ids;
    if (def) {
      try {
        // Planned ids include `<id>~back` of two-way flows, which must not clash either.
        ids = planFlow({
          id: def.id,
          from: def.from,
          to: def.to,
          via: def.via,
          twoWay: def.twoWay,
          traffic: def.traffic,
        }).flows.map((p) => p.id);
      } catch (e) {
        problem([...path, 'twoWay'], (e as Error).message.replace(/^flow '[^']*': /, ''));
      }
    }
    for (const id of ids) {
      const first = flowAt.get(id);
      if (first) problem(path, `duplicate flow id ${quote(id)} (first at ${pathText(first)})`);
      else flowAt.set(id, path);
    }
    const ends: [KeyPath, string | undefined][] = [
      [[...path, 'from'], from],
      [[...path, 'to'], to],
      ...via.map((v, i): [KeyPath, string] => [[...path, 'via', i], v]),
    ];
    let known = true;
    for (const [at, id] of ends) {
      if (id !== undefined && !nodeKnown(id)) {
        problem(at, `unknown node ${quote(id)}${suggest(id, nodeAt.keys())}`);
        known = false;
      }
    }
    if (cls !== undefined && !classKnown(cls))
      problem([...path, 'class'], `unknown class ${quote(cls)} (classes: ${classList()})`);
    if (!def) continue;
    if (def.from === def.to)
      problem([...path, 'to'], `a flow goes between two different nodes, but both ends are ${quote(def.from)}`);
    else if (known && sections.links.complete && sections.nodes.complete) {
      const stops = [def.from, ...def.via, def.to];
      for (let i = 0; i + 1 < stops.length; i++) {
        if (components.get(stops[i]) !== components.get(stops[i + 1])) {
          problem(path, `no path from ${quote(stops[i])} to ${quote(stops[i + 1])}: no chain of links joins them`);
          break;
        }
      }
    }
    if (end !== undefined) {
      const stop = Math.min(def.stop ?? end, end);
      if (def.start >= end)
        problem(
          [...path, 'start'],
          `the flow starts at ${formatSeconds(def.start)}, when the measured window (${formatSeconds(warmup)} to ${formatSeconds(end)}) is already over`,
        );
      else if (def.stop !== null && def.stop <= def.start)
        problem(
          [...path, 'stop'],
          `stop (${formatSeconds(def.stop)}) must be after start (${formatSeconds(def.start)})`,
        );
      else if (def.stop !== null && def.stop <= warmup)
        problem(
          [...path, 'stop'],
          `the flow stops at ${formatSeconds(def.stop)}, before the measured window starts (warmup ${formatSeconds(warmup)}): none of its packets would count`,
        );
      const rate = packetRate(def.traffic);
      if (rate !== null && stop > def.start) packets += rate * (stop - def.start) * (def.twoWay ? 2 : 1);
    }
  }

  // Background load adds packets too.
  if (end !== undefined) {
    for (const { def } of links) {
      if (!def.background) continue;
      const size =
        typeof def.background.size === 'number' ? def.background.size : distributionMean(def.background.size);
      packets += ((def.background.load * (def.forward.rate + def.reverse.rate)) / (8 * size)) * end;
    }
  }
  if (packets > LIMITS.packets) {
    problem(
      [],
      `this scenario would generate about ${packets.toExponential(1)} packets, more than the limit of ${LIMITS.packets.toExponential(0)}: shorten the duration or lower the rates`,
    );
  }
  if (nodes.length > LIMITS.nodes) problem(['nodes'], `${nodes.length} nodes after expansion: at most ${LIMITS.nodes}`);
  if (links.length > LIMITS.links) problem(['links'], `${links.length} links after expansion: at most ${LIMITS.links}`);
  if (flowAt.size > LIMITS.flows) problem(['flows'], `${flowAt.size} flows after expansion: at most ${LIMITS.flows}`);
  if (flows.length === 0 && sections.flows.complete && sections.nodes.complete && Array.isArray(raw.flows)) {
    problem(['flows'], 'the scenario has no flows: there would be nothing to measure');
  }

  // Routing.
  const r = scalars.routing as RoutingInput | undefined;
  const routing: RoutingDef = { policy: r?.policy ?? 'shortest', classes: { ...(r?.classes ?? {}) }, options: {} };
  if (r?.k !== undefined) routing.options.k = r.k;
  if (r?.interval !== undefined) routing.options.interval = r.interval;
  if (r?.hysteresis !== undefined) routing.options.hysteresis = r.hysteresis;
  for (const name of Object.keys(routing.classes)) {
    if (!classKnown(name))
      problem(['routing', 'classes', name], `unknown class ${quote(name)} (classes: ${classList()})`);
  }

  // Failures.
  const failures: FailureDef[] = [];
  for (const { key, value } of (sections.failures ?? { items: [] }).items) {
    const f = value as FailureInput;
    const path: KeyPath = ['failures', key];
    const target = f.link !== undefined ? 'link' : 'node';
    const id = (f.link ?? f.node) as string;
    const known = target === 'link' ? linkAt.has(id) || rawLinks.has(id) : nodeKnown(id);
    if (!known)
      problem(
        [...path, target],
        `unknown ${target} ${quote(id)}${suggest(id, (target === 'link' ? linkAt : nodeAt).keys())}`,
      );
    else if (target === 'node' && detached.has(id))
      problem(
        [...path, target],
        `node ${quote(id)} carries no traffic, so its failure would change nothing: ${detached.get(id)}`,
      );
    if (end !== undefined && f.at >= end + drain)
      problem(
        [...path, 'at'],
        `${formatSeconds(f.at)} is after the run ends (${formatSeconds(end + drain)}, drain included)`,
      );
    failures.push({ at: f.at, target, id, for: f.for ?? null });
  }

  const valid =
    problems.length === 0 &&
    typeof scalars.name === 'string' &&
    duration !== undefined &&
    Object.values(sections).every((s) => s.complete);
  if (!valid) return { body: null, problems: condense(problems) };
  return {
    problems,
    body: {
      name: scalars.name as string,
      description: (scalars.description as string | undefined) ?? '',
      seed,
      warmup,
      duration: duration as number,
      drain,
      classes,
      nodes,
      links: links.map((l) => l.def),
      flows: flows.map((f) => f.def),
      routing,
      failures,
    },
  };
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Elements of a raw list that failed validation (maps only), for the checks that only need their ids. */
function loose(
  raw: Record<string, unknown>,
  key: string,
  section: Section<unknown>,
): { path: KeyPath; o: Record<string, unknown> }[] {
  const list = raw[key];
  if (!Array.isArray(list) || section.complete) return [];
  const valid = new Set(section.items.map((i) => i.key));
  const out: { path: KeyPath; o: Record<string, unknown> }[] = [];
  list.forEach((o, i) => {
    if (!valid.has(i) && o && typeof o === 'object' && !Array.isArray(o))
      out.push({ path: [key, i], o: o as Record<string, unknown> });
  });
  return out;
}

/** File order: what node kinds added (under `nodes`) first, then the section's own elements by index. */
function byPath(a: { path: KeyPath }, b: { path: KeyPath }): number {
  const rank = (p: KeyPath) => (p[0] === 'nodes' ? 0 : 1);
  return rank(a.path) - rank(b.path) || Number(a.path[1]) - Number(b.path[1]);
}

function hasExplicitId(raw: Record<string, unknown>, path: KeyPath): boolean {
  const list = raw.links as Record<string, unknown>[] | undefined;
  return typeof list?.[path[1] as number]?.id === 'string';
}

function pathText(path: KeyPath): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

/** `; did you mean "x"?` when a known id is one typo away. */
function suggest(id: string, known: Iterable<string>): string {
  const near = closest(id, [...known]);
  return near ? `; did you mean ${quote(near)}?` : '';
}

/** Connected components of the link graph (links are full duplex), by union-find. */
function connectivity(nodeIds: string[], links: LinkDef[]): Map<string, number> {
  const index = new Map(nodeIds.map((id, i) => [id, i]));
  const parent = nodeIds.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (const l of links) {
    const a = index.get(l.from);
    const b = index.get(l.to);
    if (a !== undefined && b !== undefined) parent[find(a)] = find(b);
  }
  return new Map(nodeIds.map((id, i) => [id, find(i)]));
}
