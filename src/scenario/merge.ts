import { elementId, formatPath, type KeyPath } from '../spec/key-path.js';

/**
 * Where each part of a merged document came from, so a problem found in a variant points at the
 * key the author wrote (`variants.after.links[0].rate`), not at a position in the merged result.
 */
interface Provenance {
  origin: KeyPath;
  children?: Map<string | number, Provenance>;
}

export interface MergeResult {
  value: unknown;
  /** Maps a path in the merged value to the path of the key in the file it came from. */
  origin(path: KeyPath): KeyPath;
  /** Problems with the merge itself (removing an id that does not exist, ...), at file paths. */
  problems: { path: KeyPath; message: string }[];
}

/** Assigns an own property even for `__proto__` (which YAML and JSON parsers produce as an ordinary key). */
export function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Merges a variant's partial scenario over the base (SCENARIO-FORMAT.md, Variants): maps merge key
 * by key; lists of objects with an `id` merge by id (same id: merged; new id: appended;
 * `{ id, remove: true }`: deleted); other lists and scalars replace. Neither input is modified.
 */
export function mergeVariant(base: unknown, partial: unknown, partialPath: KeyPath): MergeResult {
  const problems: MergeResult['problems'] = [];

  function merge(b: unknown, o: unknown, path: KeyPath, bPath: KeyPath, oPath: KeyPath): [unknown, Provenance] {
    if (o === undefined) return [b, { origin: bPath }];
    if (isMap(b) && isMap(o)) {
      const out: Record<string, unknown> = {};
      const children = new Map<string | number, Provenance>();
      for (const key of Object.keys(b)) {
        const [v, p] = merge(
          b[key],
          Object.hasOwn(o, key) ? o[key] : undefined,
          [...path, key],
          [...bPath, key],
          [...oPath, key],
        );
        setOwn(out, key, v);
        children.set(key, p);
      }
      for (const key of Object.keys(o)) {
        if (Object.hasOwn(b, key)) continue;
        const [v, p] = merge(undefined, o[key], [...path, key], [...bPath, key], [...oPath, key]);
        setOwn(out, key, v);
        children.set(key, p);
      }
      return [out, { origin: oPath, children }];
    }
    if (Array.isArray(o) && isIdList(o, path) && (b === undefined || Array.isArray(b))) {
      return mergeList(Array.isArray(b) ? b : [], o, path, bPath, oPath);
    }
    return [o, { origin: oPath }];
  }

  function isIdList(list: unknown[], path: KeyPath): boolean {
    return list.length > 0 && list.every((item) => elementId(item, path) !== undefined);
  }

  function mergeList(b: unknown[], o: unknown[], path: KeyPath, bPath: KeyPath, oPath: KeyPath): [unknown, Provenance] {
    const entries: { id: string | undefined; value: unknown; prov: Provenance }[] = b.map((value, i) => ({
      id: elementId(value, path),
      value,
      prov: { origin: [...bPath, i] },
    }));
    o.forEach((item, j) => {
      const id = elementId(item, path) as string;
      const at = entries.findIndex((e) => e.id === id);
      const itemPath = [...oPath, j];
      const entry = item as Record<string, unknown>;
      if (entry.remove === true) {
        const extra = Object.keys(entry).filter((k) => k !== 'id' && k !== 'remove');
        if (extra.length > 0)
          problems.push({
            path: itemPath,
            message:
              `"remove: true" takes only an id, but ${extra.join(', ')} ${extra.length > 1 ? 'are' : 'is'} ` +
              `also given`,
          });
        else if (at < 0)
          problems.push({
            path: itemPath,
            message: `nothing to remove: no element with id "${id}" in ${formatPath(path)}`,
          });
        else entries.splice(at, 1);
        return;
      }
      if (at < 0) {
        entries.push({ id, value: item, prov: { origin: itemPath } });
        return;
      }
      const [value, prov] = merge(entries[at].value, item, [...path, at], entries[at].prov.origin, itemPath);
      entries[at] = { id, value, prov };
    });
    const children = new Map<string | number, Provenance>(entries.map((e, i) => [i, e.prov]));
    return [entries.map((e) => e.value), { origin: oPath, children }];
  }

  const [value, root] = merge(base, partial, [], [], partialPath);
  return {
    value,
    problems,
    origin(path) {
      let node = root;
      let i = 0;
      for (; i < path.length; i++) {
        const next = node.children?.get(path[i]);
        if (!next) break;
        node = next;
      }
      return [...node.origin, ...path.slice(i)];
    },
  };
}
