import { linkId } from '../net/link.js';
import { closest } from './closest.js';
import { show } from './units.js';

/** A key path inside a scenario document: `['links', 3, 'rate']`. */
export type KeyPath = readonly (string | number)[];

/**
 * A key path as people write it, before it is resolved in one document (SCENARIO-FORMAT.md, Sweeps):
 * `nodes[home].users`, `links[wan].rate`, `links[3].rate`, `classes.realtime.sla.latency`, `duration`.
 *
 * Grammar: a first key, then `.key` or `[...]` segments.
 * - `key` (after a dot, or first): a map key made of letters, digits, `_`, `$`, `-` (not starting
 *   with a digit or `-`), as {@link formatPath} writes keys without quotes.
 * - `[3]`: digits only: the list element at that index.
 * - `[home]`: any other text without `[`, `]` or `"`: in a list, the element whose id it is
 *   (`id`, or a top-level link's default `<from>-<to>`); in a map, that key. Dots are allowed
 *   (`nodes[edge.seattle]`).
 * - `["a]b"]`: a JSON string: the same as `[name]`, for ids or keys with `]`, `[`, `"`, only
 *   digits (`nodes["3"]` is the id "3", `nodes[3]` the fourth node) or spaces at the ends.
 */
export type KeyPathPattern = readonly (string | number | { readonly id: string })[];

export type KeyPathResult<T> = { ok: true; path: T } | { ok: false; error: string };

/** Characters of an error message from this module, at most (ids and key lists are cut to fit). */
export const MAX_MESSAGE = 300;

const NAME = /^[A-Za-z_$][A-Za-z0-9_$-]*/;
/** A key written without quotes, as {@link formatPath} writes it. */
const KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;
const DIGITS = /^\d+$/;
const BARE_ID = /^[^[\]"\s](?:[^[\]"]*[^[\]"\s])?$/;

/**
 * The text of a key path or pattern: `links[3].rate`, `nodes[home].users`; keys that are not names and ids that
 * need it are quoted (`classes["a b"]`, `nodes["a]b"]`, `nodes["3"]`). {@link parseKeyPath} reads it back.
 */
export function formatPath(path: KeyPathPattern): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'object')
      out += BARE_ID.test(key.id) && !DIGITS.test(key.id) ? `[${key.id}]` : `[${JSON.stringify(key.id)}]`;
    else if (typeof key === 'number') out += `[${key}]`;
    else if (KEY.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

/** Parses a key path (see {@link KeyPathPattern}); the error names the place in the text that is wrong. */
export function parseKeyPath(text: string): KeyPathResult<KeyPathPattern> {
  const path: (string | number | { id: string })[] = [];
  const fail = (why: string): KeyPathResult<KeyPathPattern> => ({
    ok: false,
    error: cut(`${show(text)} is not a key path: ${why}`),
  });
  if (text.trim() === '') return fail('it is empty (expected something like nodes[home].users)');
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    if (rest.startsWith('[')) {
      const close = bracketEnd(text, i);
      if (close < 0) return fail(`no closing "]" for the "[" at character ${i + 1}`);
      const inner = text.slice(i + 1, close);
      if (inner === '') return fail(`empty brackets at character ${i + 1}`);
      if (DIGITS.test(inner)) {
        const index = Number(inner);
        if (!Number.isSafeInteger(index)) return fail(`index ${inner} is too large`);
        path.push(index);
      } else if (inner.startsWith('"')) {
        let id: unknown;
        try {
          id = JSON.parse(inner);
        } catch {
          id = undefined;
        }
        if (typeof id !== 'string') return fail(`${inner} in brackets is not a JSON string`);
        path.push({ id });
      } else if (/["[]/.test(inner)) {
        return fail(`[${inner}]: an id with "[", "]" or '"' is written as a JSON string, like ["a]b"]`);
      } else path.push({ id: inner });
      i = close + 1;
      continue;
    }
    let start = i;
    if (path.length > 0) {
      if (!rest.startsWith('.')) return fail(`expected "." or "[" at character ${i + 1} (${show(rest)})`);
      start = i + 1;
    }
    const m = NAME.exec(text.slice(start));
    if (!m) {
      const after = text.slice(start);
      const hint = /^\d/.test(after) ? `: list elements are written in brackets, like [${after.split(/[.[]/)[0]}]` : '';
      return fail(`expected a key name at character ${start + 1}${hint}`);
    }
    path.push(m[0]);
    i = start + m[0].length;
  }
  return { ok: true, path };
}

/** The index of the `]` closing the `[` at `open`, skipping a quoted string inside; -1 when none. */
function bracketEnd(text: string, open: number): number {
  let j = open + 1;
  if (text[j] === '"') {
    for (j++; j < text.length; j++) {
      if (text[j] === '\\') j++;
      else if (text[j] === '"') {
        j++;
        break;
      }
    }
  }
  const close = text.indexOf(']', j);
  return close;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Assigns an own property even for `__proto__` (which YAML and JSON parsers produce as an ordinary key). */
export function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * The id of a list element, as variants merge lists (src/scenario/merge.ts) and key paths name
 * elements: its `id`, or for a top-level link without one, the default `<from>-<to>`.
 */
export function elementId(item: unknown, listPath: KeyPath): string | undefined {
  if (!isMap(item)) return undefined;
  if (typeof item.id === 'string') return item.id;
  if (listPath.length === 1 && listPath[0] === 'links' && typeof item.from === 'string' && typeof item.to === 'string')
    return linkId(item.from, item.to);
  return undefined;
}

/**
 * The concrete key path a pattern names in `doc`: ids become indices. Every key before the last
 * must exist; the last may be absent (a key the document leaves to its default can be set), but
 * a list element must exist. The error says which segment names nothing and what is there.
 */
export function resolveKeyPath(doc: unknown, pattern: KeyPathPattern): KeyPathResult<KeyPath> {
  const path: (string | number)[] = [];
  let at: unknown = doc;
  for (let i = 0; i < pattern.length; i++) {
    const key = pattern[i];
    const last = i === pattern.length - 1;
    const where = i === 0 ? 'the scenario' : formatPath(pattern.slice(0, i));
    const fail = (error: string): KeyPathResult<KeyPath> => ({ ok: false, error: cut(error) });
    if (Array.isArray(at)) {
      if (typeof key === 'number') {
        if (key >= at.length)
          return fail(
            `${where} has no element [${key}] ` +
              `(${at.length === 0 ? 'it is empty' : `it has ${at.length}: [0] to [${at.length - 1}]`})`,
          );
        path.push(key);
        at = at[key];
        continue;
      }
      const ids = at.map((item) => elementId(item, path));
      const known = ids.filter((x): x is string => x !== undefined);
      if (typeof key === 'string') {
        const example = known.includes(key) ? formatPath([...pattern.slice(0, i), { id: key }]) : `${where}[0]`;
        return fail(`${where} is a list, so it has no key ${show(key)}: name an element in brackets, like ${example}`);
      }
      const index = ids.indexOf(key.id);
      if (index < 0)
        return fail(`${where} has no element with id ${show(key.id)}${suggest(key.id, known)}${listing('ids', known)}`);
      path.push(index);
      at = at[index];
      continue;
    }
    if (isMap(at)) {
      if (typeof key === 'number') {
        const keys = Object.keys(at);
        return fail(`${where} is a map, not a list: it has no element [${key}]${listing('keys', keys)}`);
      }
      const name = typeof key === 'string' ? key : key.id;
      if (!Object.hasOwn(at, name) && !last) {
        const keys = Object.keys(at);
        return fail(
          `${where} has no key ${show(name)}${suggest(name, keys)}${listing('keys', keys)}; ` +
            'a key path can set a key the file leaves out only as its last key',
        );
      }
      path.push(name);
      at = Object.hasOwn(at, name) ? at[name] : undefined;
      continue;
    }
    const segment =
      typeof key === 'number' ? `element [${key}]` : `key ${show(typeof key === 'string' ? key : key.id)}`;
    return fail(
      `${where} is ${at === undefined ? 'not in the scenario' : `${show(at)}, not a map or a list`}, ` +
        `so it has no ${segment}`,
    );
  }
  return { ok: true, path };
}

/** The value at a concrete key path (undefined when some key is absent). */
export function valueAt(doc: unknown, path: KeyPath): unknown {
  let at = doc;
  for (const key of path) {
    if (Array.isArray(at) && typeof key === 'number') at = at[key];
    else if (isMap(at) && typeof key === 'string') at = Object.hasOwn(at, key) ? at[key] : undefined;
    else return undefined;
  }
  return at;
}

/**
 * A copy of `doc` with `value` at the concrete key path `path`: the maps and lists on the path
 * are copied, everything else is shared, nothing is modified. The path's parents must exist (as
 * {@link resolveKeyPath} ensures); a missing last key is added.
 */
export function setAt(doc: unknown, path: KeyPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const [key, ...rest] = path;
  if (Array.isArray(doc) && typeof key === 'number' && key < doc.length) {
    const copy = doc.slice();
    copy[key] = setAt(doc[key], rest, value);
    return copy;
  }
  if (isMap(doc) && typeof key === 'string') {
    const copy: Record<string, unknown> = { ...doc };
    setOwn(copy, key, setAt(Object.hasOwn(doc, key) ? doc[key] : undefined, rest, value));
    return copy;
  }
  if (doc === undefined && typeof key === 'string' && rest.length === 0) {
    const created: Record<string, unknown> = {};
    setOwn(created, key, value);
    return created;
  }
  throw new RangeError(`setAt: ${formatPath(path)} does not name a key of the document`);
}

/** `; did you mean "home"?` when a known name is one typo away. */
function suggest(name: string, known: readonly string[]): string {
  // The edit distance is at least the difference in length: only names that could be close are
  // compared (10,000 user ids took 0.6 s to compare, about none once filtered).
  const reach = Math.max(1, Math.floor(name.length / 3));
  const candidates = known.filter((k) => Math.abs(k.length - name.length) <= reach);
  const near = candidates.length > 0 ? closest(name, candidates) : undefined;
  return near !== undefined ? `; did you mean ${show(near)}?` : '';
}

/** ` (ids: home, dc, ...)`: at most 8 names, each shown short. */
function listing(what: string, names: readonly string[]): string {
  if (names.length === 0) return '';
  const shown = names.slice(0, 8).map((n) => (n.length > 24 ? `${n.slice(0, 21)}...` : n));
  const more = names.length > 8 ? `, ... (${names.length - 8} more)` : '';
  return ` (${what}: ${shown.join(', ')}${more})`;
}

/** Bounds a message: a key path typed wrong must not print a page. */
function cut(message: string): string {
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 3)}...` : message;
}
