/**
 * Scenario documents as plain JSON-like values, and the few operations the mutations and the
 * reducer need: list every location, read, replace and delete at a location. Locations are key
 * paths (`['links', 3, 'rate']`). Everything is iterative or depth-bounded: a fuzz document may be
 * nested thousands of levels deep on purpose.
 */
export type Doc = null | boolean | number | string | Doc[] | { [key: string]: Doc };
export type Path = (string | number)[];

export const isMap = (v: unknown): v is { [key: string]: Doc } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A deep copy that keeps shared references shared (they render as YAML aliases) and survives deep nesting. */
export function clone(doc: Doc): Doc {
  const copies = new Map<object, Doc>();
  const copyOf = (v: Doc): Doc => {
    if (typeof v !== 'object' || v === null) return v;
    const seen = copies.get(v);
    if (seen !== undefined) return seen;
    const c: Doc = Array.isArray(v) ? new Array(v.length) : (Object.create(null) as { [key: string]: Doc });
    copies.set(v, c);
    stack.push([v, c]);
    return c;
  };
  const stack: [Doc, Doc][] = [];
  const top = copyOf(doc);
  while (stack.length > 0) {
    const [from, to] = stack.pop()!;
    if (Array.isArray(from)) from.forEach((x, i) => ((to as Doc[])[i] = copyOf(x)));
    else
      for (const k of Object.keys(from as object))
        setKey(to as { [key: string]: Doc }, k, copyOf((from as { [key: string]: Doc })[k]));
  }
  return top;
}

/** Sets an own key, `__proto__` included (an assignment would set the prototype instead). */
export function setKey(map: { [key: string]: Doc }, key: string, value: Doc): void {
  Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Every location in the document, parents before children, at most `limit` of them and `depth` deep. */
export function locations(doc: Doc, limit = 5000, depth = 40): Path[] {
  const out: Path[] = [];
  const queue: [Doc, Path][] = [[doc, []]];
  const seen = new Set<object>();
  for (let i = 0; i < queue.length && out.length < limit; i++) {
    const [v, path] = queue[i];
    out.push(path);
    if (typeof v !== 'object' || v === null || path.length >= depth || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) v.forEach((x, k) => queue.push([x, [...path, k]]));
    else for (const k of Object.keys(v)) queue.push([v[k], [...path, k]]);
  }
  return out;
}

export function get(doc: Doc, path: Path): Doc | undefined {
  let v: Doc | undefined = doc;
  for (const k of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = Array.isArray(v) ? (typeof k === 'number' ? v[k] : undefined) : Object.hasOwn(v, k) ? v[k] : undefined;
  }
  return v;
}

/** The document with the value at `path` replaced (the root when the path is empty); copies along the path only. */
export function set(doc: Doc, path: Path, value: Doc): Doc {
  if (path.length === 0) return value;
  const [k, ...rest] = path;
  if (Array.isArray(doc) && typeof k === 'number' && k < doc.length) {
    const copy = [...doc];
    copy[k] = set(doc[k], rest, value);
    return copy;
  }
  if (isMap(doc) && typeof k === 'string') {
    const copy = shallow(doc);
    setKey(copy, k, Object.hasOwn(doc, k) ? set(doc[k], rest, value) : value);
    return copy;
  }
  return doc;
}

/** The document without the value at `path` (a list element is removed, a key deleted). */
export function remove(doc: Doc, path: Path): Doc {
  if (path.length === 0) return doc;
  const parentPath = path.slice(0, -1);
  const last = path[path.length - 1];
  const parent = get(doc, parentPath);
  if (Array.isArray(parent) && typeof last === 'number')
    return set(
      doc,
      parentPath,
      parent.filter((_, i) => i !== last),
    );
  if (isMap(parent) && typeof last === 'string') {
    const copy = shallow(parent);
    delete copy[last];
    return set(doc, parentPath, copy);
  }
  return doc;
}

function shallow(map: { [key: string]: Doc }): { [key: string]: Doc } {
  const copy = Object.create(null) as { [key: string]: Doc };
  for (const k of Object.keys(map)) setKey(copy, k, map[k]);
  return copy;
}

/** A map from entries, `__proto__` included as an ordinary key. */
export function mapOf(entries: [string, Doc][]): { [key: string]: Doc } {
  const m = Object.create(null) as { [key: string]: Doc };
  for (const [k, v] of entries) setKey(m, k, v);
  return m;
}

/**
 * Replaces every string equal to `from` by `to`, and the keys of second-level maps (class and variant
 * names): renames an id or a name together with its references.
 */
export function rename(doc: Doc, from: string, to: string): Doc {
  const copies = new Map<object, Doc>();
  const walk = (v: Doc, depth: number): Doc => {
    if (v === from) return to;
    if (typeof v !== 'object' || v === null || depth > 200) return v;
    const seen = copies.get(v);
    if (seen !== undefined) return seen;
    if (Array.isArray(v)) {
      const c: Doc[] = [];
      copies.set(v, c);
      for (const x of v) c.push(walk(x, depth + 1));
      return c;
    }
    const c = Object.create(null) as { [key: string]: Doc };
    copies.set(v, c);
    for (const k of Object.keys(v)) setKey(c, k === from && depth === 1 ? to : k, walk(v[k], depth + 1));
    return c;
  };
  return walk(doc, 0);
}

/** Number of values in the document, shared subtrees counted once (a cost measure for reductions). */
export function size(doc: Doc): number {
  let n = 0;
  const seen = new Set<object>();
  const stack: Doc[] = [doc];
  while (stack.length > 0) {
    const v = stack.pop()!;
    n++;
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    for (const x of Array.isArray(v) ? v : Object.values(v)) stack.push(x);
  }
  return n;
}

/** Number of values once every shared reference is written out in full (what JSON would print), capped. */
export function expandedSize(doc: Doc, cap = 1e7): number {
  const memo = new Map<object, number>();
  const sizeOf = (v: Doc, depth: number): number => {
    if (typeof v !== 'object' || v === null) return 1;
    const known = memo.get(v);
    if (known !== undefined) return known;
    if (depth > 500) return cap;
    let n = 1;
    for (const x of Array.isArray(v) ? v : Object.values(v)) {
      n += sizeOf(x, depth + 1);
      if (n >= cap) break;
    }
    memo.set(v, Math.min(n, cap));
    return Math.min(n, cap);
  };
  return sizeOf(doc, 0);
}
