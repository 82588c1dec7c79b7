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
 * others expect it to, its own checks quiet (its problem is the one reported); one that cannot be
 * read is still known to be there, so that no other node reports it missing; and the names a refused
 * node writes are not "unknown" to the references checked later.
 */
export function expandNodes(a: Assembly): void {
  const declared: (DeclaredNode & { path: KeyPath })[] = [];
  const unread: UnreadNode[] = [];
  const section = a.section('nodes');
  const valid = new Map(section.items.map((i) => [i.key, i.value as NodeSpec & { kind?: string }]));
  const list: unknown[] = Array.isArray(a.raw.nodes) ? a.raw.nodes : [];
  list.forEach((raw, i) => {
    const spec = valid.get(i);
    const name = spec ? spec.kind : isMap(raw) ? raw.kind : undefined;
    const kind = name === undefined ? a.registry.kind('router') : typeof name === 'string' && kindOrNear(a, name);
    if (!kind) return; // the schema reported it
    if (spec) declared.push({ id: spec.id, kind, spec, path: ['nodes', i] });
    else if (isMap(raw)) {
      // What it lists may be what was refused (a servers list with one bad name): not "unknown" either.
      a.refusedNames(raw);
      const read = readRefused(kind, { ...raw, kind: kind.kind });
      if (read) declared.push({ id: read.id, kind, spec: read, refused: true, path: ['nodes', i] });
      else unread.push({ id: typeof raw.id === 'string' ? raw.id : undefined, kind });
    }
  });
  const lookup = declarations(declared, unread);
  for (const d of declared) {
    if (!d.refused) a.declared.push({ id: d.id, kind: d.kind.kind, spec: d.spec });
    d.kind.expand(d.spec, expandContext(a, d, lookup));
  }
  for (const n of a.nodes) if (n.detached !== undefined) a.detached.set(n.id, n.detached);
}

/**
 * The kind of that name; for an unknown name a typo away from a kind's (`microsoft-netwrk`), that kind:
 * the schema reports the name, and the node is refused as one of the kind it was meant to be.
 */
function kindOrNear(a: Assembly, name: string): NodeKind | undefined {
  const known = a.registry.kind(name);
  if (known) return known;
  const near = closest(
    name,
    a.registry.kinds().map((k) => k.kind),
  );
  return near === undefined ? undefined : a.registry.kind(near);
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function expandContext(
  a: Assembly,
  { id, path, refused }: { id: string; path: KeyPath; refused?: boolean },
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
    // A refused node's own checks wait until its options are accepted: read without them, it may be
    // missing what they would have said (no regions, no protocols), which is no problem of the file.
    problem: (message, relative = []) => {
      if (!refused) a.problems.add([...path, ...relative], message);
    },
    warn: (message, relative = []) => {
      if (!refused) a.warnings.push({ path: [...path, ...relative], message });
    },
  };
}
