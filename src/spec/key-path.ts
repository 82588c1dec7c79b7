import { linkId } from '../net/link.js';

/** A key path inside a scenario document: `['links', 3, 'rate']`. */
export type KeyPath = readonly (string | number)[];

/**
 * A key path as people write it (`links[wan].rate`, `nodes[home].users`, `links[3].rate`,
 * `classes.realtime.sla.latency`): a list element may be named by its id (`{ id }`) as well as by
 * its index. {@link resolveKeyPath} turns it into a {@link KeyPath} of one document.
 */
export type KeyPathPattern = readonly (string | number | { readonly id: string })[];

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `['links', 3, 'rate']` -> `links[3].rate`; keys that are not identifiers are quoted: `classes["a b"]`. */
export function formatPath(path: KeyPathPattern): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'object') out += `[${key.id}]`;
    else if (IDENTIFIER.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

/** One bracketed segment: a quoted key, an index, or an element id (anything else up to `]`). */
const BRACKET = /^\[(?:"((?:[^"\\]|\\.)*)"|(\d+)|([^\]"]+))\]/;
const NAME = /^[A-Za-z_$][A-Za-z0-9_$-]*/;

/**
 * Parses a key path written as {@link formatPath} writes it, with ids in brackets
 * (`links[wan].rate`). Returns the pattern, or the problem with the text.
 */
export function parseKeyPath(text: string): { ok: true; path: KeyPathPattern } | { ok: false; error: string } {
  const path: (string | number | { id: string })[] = [];
  let rest = text.trim();
  const fail = (why: string) => ({ ok: false as const, error: `${JSON.stringify(text)} is not a key path: ${why}` });
  if (rest === '') return fail('it is empty');
  while (rest !== '') {
    const first = path.length === 0;
    if (rest.startsWith('[')) {
      const m = BRACKET.exec(rest);
      if (!m) return fail(`expected [index], [id] or ["key"] at ${JSON.stringify(rest)}`);
      if (m[1] !== undefined) path.push(JSON.parse(`"${m[1]}"`) as string);
      else if (m[2] !== undefined) path.push(Number(m[2]));
      else path.push({ id: m[3] });
      rest = rest.slice(m[0].length);
      continue;
    }
    if (!first) {
      if (!rest.startsWith('.')) return fail(`expected "." or "[" at ${JSON.stringify(rest)}`);
      rest = rest.slice(1);
    }
    const m = NAME.exec(rest);
    if (!m) return fail(`expected a key name at ${JSON.stringify(rest)}`);
    path.push(m[0]);
    rest = rest.slice(m[0].length);
  }
  return { ok: true, path };
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The id of a list element that lists merge by (variants) and key paths name (`links[wan]`): its
 * `id`, or for a top-level link without one, the default `<from>-<to>`.
 */
export function elementId(item: unknown, listPath: KeyPath): string | undefined {
  if (!isMap(item)) return undefined;
  if (typeof item.id === 'string') return item.id;
  if (listPath.length === 1 && listPath[0] === 'links' && typeof item.from === 'string' && typeof item.to === 'string')
    return linkId(item.from, item.to);
  return undefined;
}

/**
 * The concrete key path a pattern names in `doc`: ids become indices. The last key may be absent
 * (a key path may set a key the document leaves to its default); every key before it must exist.
 */
export function resolveKeyPath(
  doc: unknown,
  pattern: KeyPathPattern,
): { ok: true; path: KeyPath } | { ok: false; error: string } {
  const path: (string | number)[] = [];
  let at: unknown = doc;
  for (let i = 0; i < pattern.length; i++) {
    const key = pattern[i];
    const last = i === pattern.length - 1;
    const where = path.length === 0 ? 'the top level' : formatPath(path);
    if (typeof key === 'string') {
      if (!isMap(at)) return { ok: false, error: `${where} is not a map, so it has no key ${JSON.stringify(key)}` };
      if (!Object.hasOwn(at, key) && !last) return { ok: false, error: `${where} has no key ${JSON.stringify(key)}` };
      path.push(key);
      at = at[key];
      continue;
    }
    if (!Array.isArray(at)) return { ok: false, error: `${where} is not a list` };
    const index = typeof key === 'number' ? key : at.findIndex((item) => elementId(item, path) === key.id);
    if (index < 0 || index >= at.length) {
      const what = typeof key === 'number' ? `no element [${key}]` : `no element with id ${JSON.stringify(key.id)}`;
      return { ok: false, error: `${where} has ${what}` };
    }
    path.push(index);
    at = at[index];
  }
  return { ok: true, path };
}
