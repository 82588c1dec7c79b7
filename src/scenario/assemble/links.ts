import type { z } from 'zod';
import { linkId } from '../../net/link.js';
import { DEFAULT_QUEUE } from '../../net/queue/spec.js';
import type { KeyPath } from '../../spec/key-path.js';
import type { LinkDef } from '../../spec/model.js';
import { BACKGROUND_DEFAULTS, type linkSchema } from '../schema/links.js';
import { byPath, loose, str, type Assembly } from './state.js';

type LinkInput = z.output<typeof linkSchema>;

/** `value` or `{ forward, reverse }` as both directions. */
function directions<T>(v: T | { forward: T; reverse: T } | undefined, fallback: T): { forward: T; reverse: T } {
  if (v === undefined) return { forward: fallback, reverse: fallback };
  return typeof v === 'object' && v !== null && 'forward' in v ? v : { forward: v as T, reverse: v as T };
}

/** Stage 2, normalize links: the file's links with their defaults, after those node kinds added. */
export function normalizeLinks(a: Assembly): void {
  for (const { key, value } of a.section('links').items) {
    const l = value as LinkInput;
    const rate = directions(l.rate, 0);
    const delay = directions(l.delay, 0);
    const background =
      l.background && l.background.load > 0
        ? {
            load: l.background.load,
            size: l.background.size ?? BACKGROUND_DEFAULTS.size,
            class: l.background.class ?? BACKGROUND_DEFAULTS.class,
          }
        : null;
    a.links.push({
      path: ['links', key],
      def: {
        id: l.id ?? linkId(l.from, l.to),
        from: l.from,
        to: l.to,
        forward: { rate: rate.forward, delay: delay.forward },
        reverse: { rate: rate.reverse, delay: delay.reverse },
        loss: l.loss ?? 0,
        queue: l.queue ?? DEFAULT_QUEUE,
        background,
        cost: l.cost ?? null,
      },
    });
  }
}

interface LinkCheck {
  path: KeyPath;
  id?: string;
  from?: string;
  to?: string;
  def?: LinkDef;
}

/**
 * Stage 3, check links: unique ids, known ends that carry traffic, two different ends, a known
 * background class. Runs on valid links and on the readable fields of invalid ones, in file order.
 */
export function checkLinks(a: Assembly): void {
  const checks: LinkCheck[] = [
    ...a.links.map(({ def, path }) => ({ path, id: def.id, from: def.from, to: def.to, def })),
    ...loose(a.raw, 'links', a.section('links')).map(({ path, o }) => {
      const from = str(o.from);
      const to = str(o.to);
      const id = str(o.id) ?? (from !== undefined && to !== undefined ? linkId(from, to) : undefined);
      return { path, id, from, to };
    }),
  ].sort(byPath);
  for (const { def, path, id, from, to } of checks) {
    for (const [end, node] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (node !== undefined && a.detached.has(node))
        a.problems.add([...path, end], `node ${JSON.stringify(node)} carries no traffic: ${a.detached.get(node)}`);
    }
    if (id !== undefined) {
      const first = a.linkAt.get(id);
      const implicit = path[0] === 'links' && !hasExplicitId(a.raw, path);
      if (first) a.problems.duplicate('link', id, path, first, implicit ? 'give parallel links their own id' : '');
      else a.linkAt.set(id, path);
    }
    for (const [end, node] of [
      ['from', from],
      ['to', to],
    ] as const) {
      if (node !== undefined && !a.nodeKnown(node)) a.unknownNode([...path, end], node);
    }
    if (from !== undefined && from === to)
      a.problems.add([...path, 'to'], `a link joins two different nodes, but both ends are ${JSON.stringify(from)}`);
    if (def?.background && !a.classKnown(def.background.class))
      a.unknownClass([...path, 'background', 'class'], def.background.class);
  }
}

function hasExplicitId(raw: Record<string, unknown>, path: KeyPath): boolean {
  const list = raw.links as Record<string, unknown>[] | undefined;
  return typeof list?.[path[1] as number]?.id === 'string';
}
