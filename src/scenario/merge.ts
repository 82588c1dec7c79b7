import { elementId, formatPath, setOwn, type KeyPath } from '../spec/key-path.js';

export { setOwn };

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

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Merges a variant's partial scenario over the base (SCENARIO-FORMAT.md, Variants): maps merge key
 * by key; lists of objects with an `id` merge by id (same id: merged; new id: appended;
 * `{ id, remove: true }`: deleted); other lists and scalars replace. Neither input is modified.
 */
export function mergeVariant(base: unknown, partial: unknown, partialPath: KeyPath): MergeResult {
  const merger = new Merger();
  const [value, root] = merger.merge(base, partial, [], [], partialPath);
  return { value, problems: merger.problems, origin: (path) => originOf(root, path) };
}

/** The file path a merged path came from: the deepest known part's origin, then the rest of the path. */
function originOf(root: Provenance, path: KeyPath): KeyPath {
  let node = root;
  let i = 0;
  for (; i < path.length; i++) {
    const next = node.children?.get(path[i]);
    if (!next) break;
    node = next;
  }
  return [...node.origin, ...path.slice(i)];
}

/** One merge: `b` is the base's value at `bPath` of the file, `o` the variant's at `oPath`; `path` is in the result. */
class Merger {
  readonly problems: MergeResult['problems'] = [];

  merge(b: unknown, o: unknown, path: KeyPath, bPath: KeyPath, oPath: KeyPath): [unknown, Provenance] {
    if (o === undefined) return [b, { origin: bPath }];
    if (isMap(b) && isMap(o)) return this.mergeMaps(b, o, path, bPath, oPath);
    if (Array.isArray(o) && isIdList(o, path) && (b === undefined || Array.isArray(b)))
      return this.mergeList(Array.isArray(b) ? b : [], o, path, bPath, oPath);
    return [o, { origin: oPath }];
  }

  private mergeMaps(
    b: Record<string, unknown>,
    o: Record<string, unknown>,
    path: KeyPath,
    bPath: KeyPath,
    oPath: KeyPath,
  ): [unknown, Provenance] {
    const out: Record<string, unknown> = {};
    const children = new Map<string | number, Provenance>();
    const keys = [...Object.keys(b), ...Object.keys(o).filter((key) => !Object.hasOwn(b, key))];
    for (const key of keys) {
      const theirs = Object.hasOwn(b, key) ? b[key] : undefined;
      const ours = Object.hasOwn(o, key) ? o[key] : undefined;
      const [v, p] = this.merge(theirs, ours, [...path, key], [...bPath, key], [...oPath, key]);
      setOwn(out, key, v);
      children.set(key, p);
    }
    return [out, { origin: oPath, children }];
  }

  /**
   * Merges a list by element id, with an index by id built once (a look-up per element made a
   * variant that re-lists 40,000 nodes take 30 s, issue 14). Removed elements are dropped at the
   * end, so positions stay valid while merging.
   */
  private mergeList(b: unknown[], o: unknown[], path: KeyPath, bPath: KeyPath, oPath: KeyPath): [unknown, Provenance] {
    const entries: { id: string | undefined; value: unknown; prov: Provenance; removed?: true }[] = b.map(
      (value, i) => ({ id: elementId(value, path), value, prov: { origin: [...bPath, i] } }),
    );
    // Each id's positions in order: the first one left is the element an entry of the variant names.
    const positions = new Map<string, number[]>();
    const remember = (id: string | undefined, at: number) => {
      if (id === undefined) return;
      const list = positions.get(id);
      if (list) list.push(at);
      else positions.set(id, [at]);
    };
    entries.forEach((e, i) => remember(e.id, i));
    o.forEach((item, j) => {
      const id = elementId(item, path) as string;
      const list = positions.get(id);
      const at = list && list.length > 0 ? list[0] : -1;
      const itemPath = [...oPath, j];
      if ((item as Record<string, unknown>).remove === true) {
        if (this.removable(item as Record<string, unknown>, id, at, path, itemPath)) {
          entries[at].removed = true;
          list!.shift();
        }
      } else if (at < 0) {
        entries.push({ id, value: item, prov: { origin: itemPath } });
        remember(id, entries.length - 1);
      } else {
        // The index in `path` only tells nested lists apart from top-level ones (elementId): any will do.
        const [value, prov] = this.merge(entries[at].value, item, [...path, at], entries[at].prov.origin, itemPath);
        entries[at] = { id, value, prov };
      }
    });
    const kept = entries.filter((e) => e.removed === undefined);
    const children = new Map<string | number, Provenance>(kept.map((e, i) => [i, e.prov]));
    return [kept.map((e) => e.value), { origin: oPath, children }];
  }

  /** Whether `{ id, remove: true }` removes an element (it takes only an id, which must exist), else says why not. */
  private removable(entry: Record<string, unknown>, id: string, at: number, path: KeyPath, itemPath: KeyPath): boolean {
    const extra = Object.keys(entry).filter((k) => k !== 'id' && k !== 'remove');
    if (extra.length > 0) {
      const also = `${extra.join(', ')} ${extra.length > 1 ? 'are' : 'is'} also given`;
      this.problems.push({ path: itemPath, message: `"remove: true" takes only an id, but ${also}` });
      return false;
    }
    if (at < 0) {
      const message = `nothing to remove: no element with id "${id}" in ${formatPath(path)}`;
      this.problems.push({ path: itemPath, message });
      return false;
    }
    return true;
  }
}

function isIdList(list: unknown[], path: KeyPath): boolean {
  return list.length > 0 && list.every((item) => elementId(item, path) !== undefined);
}
