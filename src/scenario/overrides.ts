import { elementId, formatPath, resolveKeyPath, setAt, valueAt, type KeyPath } from '../spec/key-path.js';
import { mergeVariant, setOwn } from './merge.js';
import type { Assignment, Place } from './sweep.js';
import { show } from '../spec/units.js';

/**
 * Sets keys of a scenario document for one run: `--set PATH=VALUE` and the values of a sweep point
 * (SCENARIO-FORMAT.md, Sweeps). A value is applied over the base and over every variant *after*
 * the variant is merged: a variant says what the design is, the point says how hard it is pushed,
 * so the point wins over a variant that sets the same key.
 *
 * The output is again a raw document (base keys plus `variants:` partials), so the ordinary
 * compile validates it: the value is set in the base, and written into each variant's partial at
 * the element the key path names in the merged variant (lists of objects with ids merge by id, so
 * `{ id: home, users: 160 }` is added to the partial's `nodes`; a list without ids is copied into
 * the partial whole, which replaces the base's). `written` records every place a value went, so
 * problems the compile finds there are reported where the value came from ({@link Place}).
 */

export interface Written {
  readonly assignment: Assignment;
  /** Where the value is in the output document: the base's key, then each variant's (in its partial). */
  readonly paths: readonly KeyPath[];
  /** The last key of the path was absent in the base: an "unknown key" there is the path's fault, not the value's. */
  readonly created: boolean;
}

export interface AppliedDocument {
  /** The document with every assignment applied and without `sweep` (the point is concrete). */
  readonly data: unknown;
  readonly written: readonly Written[];
  /** Key paths that name nothing (in the base or in a variant), and assignments that collide. */
  readonly problems: readonly { place: Place; message: string }[];
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keys of a variant's partial that compile refuses (src/scenario/compile.ts): not merged here either. */
const FIXED_IN_VARIANTS = new Set(['name', 'seed', 'variants']);

const formatted = (path: KeyPath) => formatPath(path);
const within = (inner: string, outer: string) =>
  inner === outer || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);

/**
 * Applies assignments, in order, to a raw scenario document (see the module comment). Neither the
 * document nor anything in it is modified.
 */
export function applyAssignments(data: unknown, assignments: readonly Assignment[]): AppliedDocument {
  if (!isMap(data)) return { data, written: [], problems: [] }; // compile reports the document itself
  const problems: { place: Place; message: string }[] = [];
  const { variants: rawVariants, sweep: _sweep, ...rest } = data;
  let base: unknown = rest;
  const accepted: { assignment: Assignment; path: KeyPath; created: boolean }[] = [];

  for (const a of assignments) {
    const r = resolveKeyPath(base, a.path);
    if (!r.ok) {
      problems.push({ place: a.atPlace, message: r.error });
      continue;
    }
    const key = formatted(r.path);
    const clash = accepted.find((b) => within(key, formatted(b.path)) || within(formatted(b.path), key));
    if (clash) {
      problems.push({
        place: a.atPlace,
        message:
          `${clash.assignment.atPlace.path} sets ` +
          `${formatted(clash.path) === key ? 'the same key' : 'a key inside or around it'} ` +
          `(${clash.assignment.at}): one key, one value`,
      });
      continue;
    }
    const created = valueAt(base, r.path) === undefined;
    base = setAt(base, r.path, a.value);
    accepted.push({ assignment: a, path: r.path, created });
  }

  const variantPaths = accepted.map((): KeyPath[] => []);
  let variants = rawVariants;
  if (isMap(rawVariants) && accepted.length > 0) {
    const out: Record<string, unknown> = {};
    for (const [name, partial] of Object.entries(rawVariants)) {
      if (!isMap(partial)) {
        setOwn(out, name, partial); // compile reports it
        continue;
      }
      const allowed: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(partial)) if (!FIXED_IN_VARIANTS.has(k)) setOwn(allowed, k, v);
      const merged = mergeVariant(base, allowed, ['variants', name]);
      if (merged.problems.length > 0) {
        setOwn(out, name, partial); // compile reports the merge problem; nothing to apply over
        continue;
      }
      let next: unknown = partial;
      accepted.forEach((acc, k) => {
        const r = resolveKeyPath(merged.value, acc.assignment.path);
        if (!r.ok) {
          problems.push({ place: acc.assignment.atPlace, message: `in variant ${show(name)}: ${r.error}` });
          return;
        }
        // The merged value comes from the base, which has the point's value already.
        if (merged.origin(r.path)[0] !== 'variants') return;
        const w = writeInto(next, merged.value, r.path, acc.assignment.value, []);
        next = w.partial;
        variantPaths[k].push(['variants', name, ...w.at]);
      });
      setOwn(out, name, next);
    }
    variants = out;
  }

  const output: Record<string, unknown> = {};
  for (const key of Object.keys(data)) {
    if (key === 'sweep') continue;
    setOwn(output, key, key === 'variants' ? variants : (base as Record<string, unknown>)[key]);
  }
  for (const key of Object.keys(base as Record<string, unknown>))
    if (!Object.hasOwn(output, key)) setOwn(output, key, (base as Record<string, unknown>)[key]);
  const written = accepted.map((acc, k) => ({
    assignment: acc.assignment,
    paths: [acc.path, ...variantPaths[k]],
    created: acc.created,
  }));
  return { data: output, written, problems };
}

/** Merges lists of objects by id when every element has one (src/scenario/merge.ts does the same). */
function isIdList(list: readonly unknown[], path: KeyPath): boolean {
  return list.length > 0 && list.every((item) => elementId(item, path) !== undefined);
}

/**
 * Writes `value` into a variant's partial so that merging the partial over the base puts it at
 * `path` of the merged document `merged`. Returns the new partial (copied along the way) and the
 * key path of the value inside it.
 */
function writeInto(
  partial: unknown,
  merged: unknown,
  path: KeyPath,
  value: unknown,
  mergedPath: KeyPath,
): { partial: unknown; at: KeyPath } {
  if (path.length === 0) return { partial: value, at: [] };
  const [key, ...rest] = path;
  if (typeof key === 'string') {
    const p = isMap(partial) ? partial : {};
    const child = writeInto(
      Object.hasOwn(p, key) ? p[key] : undefined,
      (merged as Record<string, unknown>)[key],
      rest,
      value,
      [...mergedPath, key],
    );
    const copy: Record<string, unknown> = { ...p };
    setOwn(copy, key, child.partial);
    return { partial: copy, at: [key, ...child.at] };
  }
  const list = merged as unknown[];
  const item = list[key];
  const id = rest.length > 0 ? elementId(item, mergedPath) : undefined;
  const elementPath = [...mergedPath, key];
  if (Array.isArray(partial) && !isIdList(partial, mergedPath)) {
    // The partial's list replaces the base's: the merged list is the partial's.
    const child = writeInto(partial[key], item, rest, value, elementPath);
    const copy = partial.slice();
    copy[key] = child.partial;
    return { partial: copy, at: [key, ...child.at] };
  }
  if (id !== undefined) {
    // Lists of objects with ids merge by id: change (or add) the partial's element with that id.
    const p = Array.isArray(partial) ? partial : [];
    let j = p.findIndex((e) => elementId(e, mergedPath) === id);
    const copy = p.slice();
    if (j < 0) {
      j = copy.length;
      copy.push({ id });
    }
    const child = writeInto(copy[j], item, rest, value, elementPath);
    copy[j] = child.partial;
    return { partial: copy, at: [j, ...child.at] };
  }
  // Elements without ids (or the element itself): the partial takes the merged list whole.
  const copy = list.slice();
  const child = writeInto(item, item, rest, value, elementPath);
  copy[key] = child.partial;
  return { partial: copy, at: [key, ...child.at] };
}
