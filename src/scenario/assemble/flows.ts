import type { z } from 'zod';
import { DEFAULT_FLOW_CLASS } from '../../spec/classes.js';
import type { KeyPath } from '../../spec/key-path.js';
import type { FlowDef, LinkDef } from '../../spec/model.js';
import { formatSeconds } from '../../spec/units.js';
import { planFlow } from '../../traffic/plan.js';
import type { flowSchema } from '../schema/flows.js';
import { byPath, loose, str, type Assembly } from './state.js';

type FlowInput = z.output<ReturnType<typeof flowSchema>>;

/** Stage 4, normalize flows: the file's flows with their defaults, after those node kinds added. */
export function normalizeFlows(a: Assembly): void {
  for (const { key, value } of a.section('flows').items) {
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
    if (f.codec !== undefined) def.codec = f.codec;
    a.flows.push({ def, path: ['flows', key] });
  }
}

interface FlowCheck {
  path: KeyPath;
  ids: string[];
  from?: string;
  to?: string;
  via: string[];
  cls?: string;
  def?: FlowDef;
}

/**
 * Stage 5, check flows: unique ids (the planned `<id>~back` flows included), known ends, waypoints
 * and class, ends that links join, and timing inside the measured window. Runs on valid flows and
 * on the readable fields of invalid ones, in file order.
 */
export function checkFlows(a: Assembly): void {
  const checks: FlowCheck[] = [
    ...a.flows.map(({ def, path }) => ({
      path,
      ids: [def.id],
      from: def.from,
      to: def.to,
      via: def.via,
      cls: def.class,
      def,
    })),
    ...loose(a.raw, 'flows', a.section('flows')).map(({ path, o }) => ({
      path,
      ids: str(o.id) !== undefined ? [o.id as string] : [],
      from: str(o.from),
      to: str(o.to),
      via: Array.isArray(o.via) ? o.via.filter((v): v is string => typeof v === 'string') : [],
      cls: str(o.class),
    })),
  ].sort(byPath);
  const components = connectivity(
    a.nodes.map((n) => n.id),
    a.links.map((l) => l.def),
  );
  for (const check of checks) {
    const ids = check.def ? plannedIds(a, check.def, check.path) : check.ids;
    for (const id of ids) {
      const first = a.flowAt.get(id);
      if (first) a.problems.duplicate('flow', id, check.path, first);
      else a.flowAt.set(id, check.path);
    }
    const known = checkEnds(a, check);
    if (check.cls !== undefined && !a.classKnown(check.cls)) a.unknownClass([...check.path, 'class'], check.cls);
    if (check.def) checkRoute(a, check.def, check.path, known, components);
    if (check.def && a.end !== undefined) checkTiming(a, check.def, check.path, a.end);
  }
}

/** The flow's planned ids: `<id>~back` of two-way, request-response and elastic flows must not clash either. */
function plannedIds(a: Assembly, def: FlowDef, path: KeyPath): string[] {
  try {
    const { id, from, to, via, twoWay, traffic } = def;
    return planFlow({ id, from, to, via, twoWay, traffic }).flows.map((p) => p.id);
  } catch (e) {
    a.problems.add([...path, 'twoWay'], (e as Error).message.replace(/^flow '[^']*': /, ''));
    return [def.id];
  }
}

/** Reports unknown ends and waypoints; whether every one is known. */
function checkEnds(a: Assembly, check: FlowCheck): boolean {
  const ends: [KeyPath, string | undefined][] = [
    [[...check.path, 'from'], check.from],
    [[...check.path, 'to'], check.to],
    ...check.via.map((v, i): [KeyPath, string] => [[...check.path, 'via', i], v]),
  ];
  let known = true;
  for (const [at, id] of ends) {
    if (id !== undefined && !a.nodeKnown(id)) {
      a.unknownNode(at, id);
      known = false;
    }
  }
  return known;
}

/** Two different ends, and links joining each consecutive pair of stops (when nodes and links are all valid). */
function checkRoute(a: Assembly, def: FlowDef, path: KeyPath, known: boolean, components: Map<string, number>): void {
  if (def.from === def.to) {
    a.problems.add(
      [...path, 'to'],
      `a flow goes between two different nodes, but both ends are ${JSON.stringify(def.from)}`,
    );
    return;
  }
  if (!known || !a.section('links').complete || !a.section('nodes').complete) return;
  const stops = [def.from, ...def.via, def.to];
  for (let i = 0; i + 1 < stops.length; i++) {
    if (components.get(stops[i]) !== components.get(stops[i + 1])) {
      const [x, y] = [JSON.stringify(stops[i]), JSON.stringify(stops[i + 1])];
      a.problems.add(path, `no path from ${x} to ${y}: no chain of links joins them`);
      return;
    }
  }
}

/** The flow starts before the measured window ends, stops after it starts and after the warmup. */
function checkTiming(a: Assembly, def: FlowDef, path: KeyPath, end: number): void {
  // Worded only for a problem: formatting every flow's times showed in validate's profile.
  const start = () => formatSeconds(def.start);
  const warmup = () => formatSeconds(a.warmup);
  if (def.start >= end)
    a.problems.add(
      [...path, 'start'],
      `the flow starts at ${start()}, when the measured window (${warmup()} to ${formatSeconds(end)}) is already over`,
    );
  else if (def.stop !== null && def.stop <= def.start)
    a.problems.add([...path, 'stop'], `stop (${formatSeconds(def.stop)}) must be after start (${start()})`);
  else if (def.stop !== null && def.stop <= a.warmup)
    a.problems.add(
      [...path, 'stop'],
      `the flow stops at ${formatSeconds(def.stop)}, before the measured window starts (warmup ${warmup()}): ` +
        'none of its packets would count',
    );
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
    const x = index.get(l.from);
    const y = index.get(l.to);
    if (x !== undefined && y !== undefined) parent[find(x)] = find(y);
  }
  return new Map(nodeIds.map((id, i) => [id, find(i)]));
}
