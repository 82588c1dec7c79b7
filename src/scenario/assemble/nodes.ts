import { declarations, type DeclaredNode, type ExpandContext, type NodeSpec } from '../../spec/kind.js';
import type { KeyPath } from '../../spec/key-path.js';
import type { Assembly } from './state.js';

/**
 * Stage 1, expand nodes: each declared node's kind expands it into core nodes, links and flows,
 * reading the other declared nodes (whatever their position) through typed look-ups.
 */
export function expandNodes(a: Assembly): void {
  const declared: (DeclaredNode & { path: KeyPath })[] = [];
  for (const { key, value } of a.section('nodes').items) {
    const spec = value as NodeSpec & { kind?: string };
    const kind = a.registry.kind(spec.kind ?? 'router');
    if (kind) declared.push({ id: spec.id, kind, spec, path: ['nodes', key] }); // else: the schema reported it
  }
  const lookup = declarations(declared);
  for (const d of declared) {
    a.declared.push({ id: d.id, kind: d.kind.kind, spec: d.spec });
    d.kind.expand(d.spec, expandContext(a, d.id, d.path, lookup));
  }
  for (const n of a.nodes) if (n.detached !== undefined) a.detached.set(n.id, n.detached);
}

function expandContext(a: Assembly, id: string, path: KeyPath, declared: ExpandContext['declared']): ExpandContext {
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
    problem: (message, relative = []) => a.problems.add([...path, ...relative], message),
  };
}
