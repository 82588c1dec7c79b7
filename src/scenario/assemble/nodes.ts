import {
  declarations,
  type DeclaredNode,
  type ExpandContext,
  type NodeKind,
  type NodeSpec,
  type UnreadNode,
} from '../../spec/kind.js';
import type { KeyPath } from '../../spec/key-path.js';
import { closest } from '../../spec/problems.js';
import { readRefused } from './refused.js';
import type { Assembly } from './state.js';

/**
 * Stage 1, expand nodes: each declared node's kind expands it into core nodes, links and flows,
 * reading the other declared nodes (whatever their position) through typed look-ups. A node its
 * kind refused is still declared (refused.ts): read without its refused options, it expands as the
 * others expect it to, its checks of the keys it was read without quiet (their problem is the one
 * reported). One that cannot be read, or whose kind is unknown, is not expanded but known to be
 * there, so that no reference that it could satisfy reports it missing; and the nodes a refused node
 * would have created from keys it was read without (its servers) are not "unknown" either.
 */
export function expandNodes(a: Assembly): void {
  const declared: (DeclaredNode & { path: KeyPath; refusal?: Refusal })[] = [];
  const unread: UnreadNode[] = [];
  const section = a.section('nodes');
  const valid = new Map(section.items.map((i) => [i.key, i.value as NodeSpec & { kind?: string }]));
  const list: unknown[] = Array.isArray(a.raw.nodes) ? a.raw.nodes : [];
  list.forEach((raw, i) => {
    const spec = valid.get(i);
    const name = spec ? spec.kind : isMap(raw) ? raw.kind : undefined;
    const kind = name === undefined ? a.registry.kind('router') : typeof name === 'string' && a.registry.kind(name);
    if (spec && kind) return declared.push({ id: spec.id, kind, spec, path: ['nodes', i] });
    if (!isMap(raw)) return; // the schema reported it
    const id = typeof raw.id === 'string' ? raw.id : undefined;
    if (!kind) {
      // An unknown kind (the schema reports it): the kind its name is a typo of only says which
      // references it may be meant for; expanded as that kind, it would blame a kind never written.
      const near = typeof name === 'string' ? nearKind(a, name) : undefined;
      if (near) a.refusedNames(raw, near.createsNodes ?? []);
      unread.push({ id, kind: near });
      return;
    }
    const read = readRefused(kind, { ...raw, kind: kind.kind });
    // What it would create from what it was read without (a servers list with one bad name) is not "unknown".
    a.refusedNames(
      raw,
      (kind.createsNodes ?? []).filter((k) => !read || read.dropped.has(k)),
    );
    if (!read) return void unread.push({ id, kind });
    const refusal = { raw, dropped: read.dropped };
    declared.push({ id: read.spec.id, kind, spec: read.spec, refused: true, path: ['nodes', i], refusal });
  });
  const lookup = declarations(declared, unread);
  for (const d of declared) {
    if (!d.refused) a.declared.push({ id: d.id, kind: d.kind.kind, spec: d.spec });
    d.kind.expand(d.spec, expandContext(a, d, lookup));
  }
  for (const n of a.nodes) if (n.detached !== undefined) a.detached.set(n.id, n.detached);
}

/** A refused node as written (`raw`) and the keys it was read without (`dropped`). */
interface Refusal {
  raw: Record<string, unknown>;
  dropped: ReadonlySet<string>;
}

/**
 * Whether a refused node's check is told: one at a key it kept, and reading no key it was read
 * without. Its problems at keys it was read without, at keys it does not write, or at the node as a
 * whole are its refused options' doing.
 */
function told({ raw, dropped }: Refusal, relative: KeyPath, reads: readonly string[]): boolean {
  const key = relative[0];
  return typeof key === 'string' && Object.hasOwn(raw, key) && !dropped.has(key) && !reads.some((k) => dropped.has(k));
}

/** The kind an unknown kind name is a typo of (`microsoft-netwrk`), if any. */
function nearKind(a: Assembly, name: string): NodeKind | undefined {
  const near = closest(
    name,
    a.registry.kinds().map((k) => k.kind),
  );
  return near === undefined ? undefined : a.registry.kind(near);
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function expandContext(
  a: Assembly,
  { id, path, refusal }: { id: string; path: KeyPath; refusal?: Refusal },
  declared: ExpandContext['declared'],
): ExpandContext {
  return {
    path,
    seed: a.seed,
    warmup: a.warmup,
    duration: a.duration ?? 0,
    classes: a.classes,
    declared,
    addNode(def) {
      const first = a.nodeAt.get(def.id);
      if (first) a.problems.duplicate('node', def.id, path, first);
      else {
        a.nodeAt.set(def.id, path);
        // Which declared node expanded it: recorded here, once, so no kind has to (a picture collapses by it).
        a.nodes.push(def.id === id || def.declaredBy !== undefined ? def : { ...def, declaredBy: id });
      }
    },
    addLink: (def) => a.links.push({ def, path }),
    addFlow: (def) => a.flows.push({ def, path }),
    // A refused node's checks of what it was read without wait until its options are accepted: it may
    // be missing what they would have said (no regions, no protocols), which is no problem of the file.
    // Its checks of the keys it kept are told as any node's (a misspelled gateway).
    problem: (message, relative = [], reads = []) => {
      if (!refusal || told(refusal, relative, reads)) a.problems.add([...path, ...relative], message);
    },
    warn: (message, relative = []) => {
      if (!refusal) a.warnings.push({ path: [...path, ...relative], message });
    },
  };
}
