import { parseDocument } from 'yaml';
import { issuesToProblems, rememberShapes } from './issues.js';
import { formatPath, parseKeyPath, type KeyPath, type KeyPathPattern } from '../spec/key-path.js';
import type { Problem } from '../spec/problems.js';
import { SWEEP_LIMITS, UNSWEPT_KEYS, sweepSchema, sweepValues, type SweepValue } from './schema/sweep.js';
import type { SourceDocument } from './source.js';
import { show } from '../spec/units.js';

export type { SweepValue };

/**
 * Where a swept or set value came from, so that a problem with it is reported where the author
 * wrote it: in the file (`sweep.users.values[2]`, with its line) or on the command line
 * (`--sweep users`, `--set duration`).
 */
export interface Place {
  /** The place as printed: a key path of the file, or a flag. */
  readonly path: string;
  /** The key path in the file, when it is in the file (to find its line). */
  readonly key?: KeyPath;
}

/** One swept key: `sweep.<name>` in the file, or a `--sweep` flag. */
export interface Sweep {
  /** The name results carry (`"sweep": { "<name>": value }`, the column `sweep.<name>`). */
  readonly name: string;
  /** The key path as written. */
  readonly at: string;
  readonly path: KeyPathPattern;
  /** In the order they are run; distinct; of one kind. */
  readonly values: readonly SweepValue[];
  /** Where a problem with the key path is reported. */
  readonly atPlace: Place;
  /** Where a problem with `values[i]` is reported. */
  valuePlace(i: number): Place;
}

/** One point of the grid: one value of every sweep. */
export interface SweepPoint {
  /** Position in the grid order (the first sweep varies slowest). */
  readonly index: number;
  /** Per sweep, the index of its value. */
  readonly coords: readonly number[];
  /** `{ "<sweep name>": value }`, in sweep order: what each cell of this point carries as `sweep`. */
  readonly labels: Readonly<Record<string, SweepValue>>;
}

/** A key set to a value in every cell: a `--set PATH=VALUE`, or one sweep's value at one point. */
export interface Assignment {
  readonly at: string;
  readonly path: KeyPathPattern;
  readonly value: SweepValue;
  readonly atPlace: Place;
  readonly valuePlace: Place;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A problem of a document, placed in its file (with its line when the key is in the text). */
export function placeProblem(doc: SourceDocument, place: Place, message: string): Problem {
  const line = place.key !== undefined ? doc.locate(place.key) : undefined;
  return { file: doc.file, path: place.path, message, ...(line !== undefined ? { line } : {}) };
}

/**
 * The file's `sweep:` block as sweeps, in file order, with every problem of the block's own
 * shape (names, key path syntax, empty lists, repeated values) at its key path.
 */
export function readSweeps(doc: SourceDocument): { sweeps: Sweep[]; problems: Problem[] } {
  const raw = isMap(doc.data) ? doc.data.sweep : undefined;
  if (raw === undefined) return { sweeps: [], problems: [] };
  // jitless, as compile.ts's parse: a generated parser does not pay for the few objects of a sweep block.
  const parsed = sweepSchema.safeParse(raw, { error: rememberShapes, reportInput: true, jitless: true });
  if (!parsed.success) {
    const problems = issuesToProblems(parsed.error.issues, raw, ['sweep']).map((p) =>
      placeProblem(doc, { path: formatPath(p.path), key: p.path }, p.message),
    );
    return { sweeps: [], problems };
  }
  const sweeps = Object.entries(parsed.data).map(([name, s]) => {
    const path = (parseKeyPath(s.at) as { path: KeyPathPattern }).path;
    return fileSweep(name, s.at, path, s.values);
  });
  return { sweeps, problems: [] };
}

function fileSweep(name: string, at: string, path: KeyPathPattern, values: readonly SweepValue[]): Sweep {
  const key = (...rest: (string | number)[]): Place => {
    const k: KeyPath = ['sweep', name, ...rest];
    return { path: formatPath(k), key: k };
  };
  return { name, at, path, values, atPlace: key('at'), valuePlace: (i) => key('values', i) };
}

/** A parsed `--sweep KEY=v1,v2,...`. */
export interface SweepFlag {
  readonly key: string;
  readonly values: SweepValue[];
}

/** A parsed `--set PATH=VALUE`. */
export interface SetFlag {
  readonly at: string;
  readonly path: KeyPathPattern;
  readonly value: SweepValue;
}

/**
 * A parsed flag, or why it does not parse. `warnings`: what the YAML parser said of a value it still read (an
 * unknown tag: `--set 'users=!foo 3'` reads "3"), each naming the flag and the value, for the CLI's stderr.
 */
type FlagResult<T> = { ok: true; value: T; warnings?: string[] } | { ok: false; error: string };

/** Splits `KEY=VALUE` at the first `=` outside brackets and quotes (ids may contain `=`). */
function splitAssignment(text: string): [string, string] | null {
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (c === '=' && depth === 0) return [text.slice(0, i).trim(), text.slice(i + 1)];
  }
  // An unclosed bracket or quote: split at the first "=" so the key path's own error explains it.
  const eq = text.indexOf('=');
  return eq < 0 ? null : [text.slice(0, eq).trim(), text.slice(eq + 1)];
}

/**
 * One value as YAML reads a scalar (core schema): `160` a number, `300Mbps` and `5%` strings, `true`. `warnings`:
 * what the parser said of a value it still read (an unknown tag), with the value it read; the flag's parser
 * prefixes each with the flag.
 */
export function parseScalar(text: string): FlagResult<SweepValue> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'the value is empty' };
  // parseDocument keeps the warnings on the document, where `parse` would log them (process.emitWarning in Node's
  // build of yaml, console.warn in the ES build the CLI bundles): they are returned, for the caller to print.
  // logLevel 'error': nothing else is logged behind the CLI's back.
  const doc = parseDocument(trimmed, { schema: 'core', prettyErrors: false, logLevel: 'error' });
  let v: unknown;
  try {
    if (doc.errors.length > 0) throw doc.errors[0];
    v = doc.toJS();
  } catch {
    return { ok: false, error: `${show(trimmed)} is not a YAML scalar` };
  }
  if (typeof v === 'number' && !Number.isFinite(v)) return { ok: false, error: `${show(trimmed)} is not finite` };
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
    if (doc.warnings.length === 0) return { ok: true, value: v };
    const said = doc.warnings.map((w) => w.message).join('; ');
    return { ok: true, value: v, warnings: [`${show(trimmed)}: ${said} (YAML); the value is read as ${show(v)}`] };
  }
  return { ok: false, error: `expected one value like 160, 300Mbps or 5%, got ${show(trimmed)}` };
}

/** Splits `v1,v2,...` at commas outside double quotes. */
function splitValues(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

/** Parses `--set PATH=VALUE` (the path must parse; whether it names a key is checked on the document). */
export function parseSetFlag(text: string): FlagResult<SetFlag> {
  const parts = splitAssignment(text);
  if (parts === null)
    return { ok: false, error: `--set ${show(text)}: expected PATH=VALUE, like nodes[home].users=320` };
  const [at, valueText] = parts;
  const path = parseKeyPath(at);
  if (!path.ok) return { ok: false, error: `--set ${at}: ${path.error}` };
  const head = path.path[0];
  if (typeof head === 'string' && Object.hasOwn(UNSWEPT_KEYS, head))
    return {
      ok: false,
      error: `--set ${at}: ${head === 'seed' ? 'use --seed to change the seed' : UNSWEPT_KEYS[head]}`,
    };
  const value = parseScalar(valueText);
  if (!value.ok) return { ok: false, error: `--set ${at}: ${value.error}` };
  const set = { at, path: path.path, value: value.value };
  return value.warnings
    ? { ok: true, value: set, warnings: value.warnings.map((w) => `--set ${at}: ${w}`) }
    : { ok: true, value: set };
}

/** Parses `--sweep KEY=v1,v2,...`: values are YAML scalars; empty and repeated values are errors. */
export function parseSweepFlag(text: string): FlagResult<SweepFlag> {
  const parts = splitAssignment(text);
  if (parts === null || parts[0] === '')
    return { ok: false, error: `--sweep ${show(text)}: expected KEY=v1,v2,..., like users=40,80,160` };
  const [key, list] = parts;
  if (list.trim() === '') return { ok: false, error: `--sweep ${key}: no values (expected ${key}=v1,v2,...)` };
  const values: SweepValue[] = [];
  const warnings: string[] = [];
  const items = splitValues(list);
  for (const [i, item] of items.entries()) {
    const v = parseScalar(item);
    if (!v.ok) return { ok: false, error: `--sweep ${key}: value ${i + 1} of ${items.length}: ${v.error}` };
    values.push(v.value);
    for (const w of v.warnings ?? []) warnings.push(`--sweep ${key}: value ${i + 1} of ${items.length}: ${w}`);
  }
  const checked = sweepValues.safeParse(values, { jitless: true });
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const at = typeof issue.path[0] === 'number' ? `value ${issue.path[0] + 1}: ` : '';
    return { ok: false, error: `--sweep ${key}: ${at}${issue.message}` };
  }
  return warnings.length > 0 ? { ok: true, value: { key, values }, warnings } : { ok: true, value: { key, values } };
}

/**
 * The sweeps of a run: the file's, with `--sweep` flags applied in order. A flag whose KEY names
 * a sweep of the file replaces its values; otherwise KEY is a key path and the flag adds a sweep
 * named by that path (after the file's sweeps). Problems name the flag.
 */
export function combineSweeps(
  doc: SourceDocument,
  fileSweeps: readonly Sweep[],
  flags: readonly SweepFlag[],
): { sweeps: Sweep[]; problems: Problem[] } {
  const sweeps = [...fileSweeps];
  const problems: Problem[] = [];
  const given = new Set<string>();
  const flagProblem = (key: string, message: string) =>
    problems.push(placeProblem(doc, { path: `--sweep ${key}` }, message));
  for (const flag of flags) {
    if (given.has(flag.key)) {
      flagProblem(flag.key, 'given twice');
      continue;
    }
    given.add(flag.key);
    const existing = sweeps.findIndex((s) => s.name === flag.key);
    if (existing >= 0) {
      const s = sweeps[existing];
      sweeps[existing] = { ...s, values: flag.values, valuePlace: () => ({ path: `--sweep ${flag.key}` }) };
      continue;
    }
    const path = parseKeyPath(flag.key);
    if (!path.ok) {
      const names = fileSweeps.map((s) => s.name);
      flagProblem(
        flag.key,
        `${show(flag.key)} is neither a sweep of the file ` +
          `(${names.length ? `sweeps: ${names.join(', ')}` : 'it has no sweep block'}) ` +
          `nor a key path: ${path.error.replace(/^.*? is not a key path: /, '')}`,
      );
      continue;
    }
    const head = path.path[0];
    if (typeof head === 'string' && Object.hasOwn(UNSWEPT_KEYS, head)) {
      flagProblem(flag.key, UNSWEPT_KEYS[head]);
      continue;
    }
    const normalized = formatPath(path.path);
    const same = sweeps.find((s) => formatPath(s.path) === normalized);
    if (same) {
      flagProblem(
        flag.key,
        `sweep ${show(same.name)} already sweeps ${normalized}: give its values with --sweep ${same.name}=...`,
      );
      continue;
    }
    sweeps.push({
      name: flag.key,
      at: flag.key,
      path: path.path,
      values: flag.values,
      atPlace: { path: `--sweep ${flag.key}` },
      valuePlace: () => ({ path: `--sweep ${flag.key}` }),
    });
  }
  if (sweeps.length > SWEEP_LIMITS.sweeps)
    problems.push(
      placeProblem(doc, { path: '' }, `${sweeps.length} sweeps: at most ${SWEEP_LIMITS.sweeps} form a grid`),
    );
  const points = sweeps.reduce((n, s) => n * s.values.length, 1);
  if (points > SWEEP_LIMITS.points)
    problems.push(
      placeProblem(
        doc,
        { path: '' },
        `the sweep grid has ${points} points (${sweeps.map((s) => `${s.name}: ${s.values.length}`).join(' x ')}); ` +
          `at most ${SWEEP_LIMITS.points}`,
      ),
    );
  return { sweeps, problems };
}

/**
 * Every point of the grid, in a fixed order: the first sweep varies slowest, the last fastest
 * (`users=40,wan=100Mbps`, `users=40,wan=300Mbps`, `users=80,wan=100Mbps`, ...). No sweep: one
 * point with no labels (a plain comparison is a grid of one point).
 */
export function sweepGrid(sweeps: readonly Sweep[]): SweepPoint[] {
  const points: SweepPoint[] = [];
  const coords = sweeps.map(() => 0);
  if (sweeps.some((s) => s.values.length === 0)) return points;
  for (;;) {
    const labels: Record<string, SweepValue> = {};
    sweeps.forEach((s, k) => (labels[s.name] = s.values[coords[k]]));
    points.push({ index: points.length, coords: [...coords], labels });
    let k = sweeps.length - 1;
    while (k >= 0 && ++coords[k] === sweeps[k].values.length) coords[k--] = 0;
    if (k < 0) return points;
  }
}

/** The assignments of one point: each sweep's value there. */
export function pointAssignments(sweeps: readonly Sweep[], point: SweepPoint): Assignment[] {
  return sweeps.map((s, k) => ({
    at: s.at,
    path: s.path,
    value: s.values[point.coords[k]],
    atPlace: s.atPlace,
    valuePlace: s.valuePlace(point.coords[k]),
  }));
}

/** `--set` flags as assignments (problems with them are reported at `--set PATH`). */
export function setAssignments(flags: readonly SetFlag[]): Assignment[] {
  return flags.map((f) => ({
    at: f.at,
    path: f.path,
    value: f.value,
    atPlace: { path: `--set ${f.at}` },
    valuePlace: { path: `--set ${f.at}` },
  }));
}

/** `users = 160, wan = 300Mbps`: a point in words, for messages. */
export function describePoint(point: SweepPoint): string {
  return Object.entries(point.labels)
    .map(([k, v]) => `${k} = ${String(v)}`)
    .join(', ');
}
