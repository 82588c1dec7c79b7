import type { z } from 'zod';
import type { KeyPath } from '../spec/key-path.js';
import { closest, type RawProblem } from '../spec/problems.js';
import { show } from '../spec/units.js';

type Issue = z.core.$ZodIssue;

/**
 * Turns zod issues into one readable problem each: what was expected, what was found, at which key.
 * Unknown keys get one problem per key (with a "did you mean" when a known key is close); a union
 * whose input matches one alternative's shape reports that alternative's own problems.
 */
export function issuesToProblems(issues: readonly Issue[], input: unknown, base: KeyPath = []): RawProblem[] {
  const out: RawProblem[] = [];
  for (const issue of issues) convert(issue, input, base, out);
  return out;
}

/** Where an issue is: its path (under `base`), the value found there, and whether the key is there at all. */
interface At {
  path: KeyPath;
  found: unknown;
  present: boolean;
}

function convert(issue: Issue, root: unknown, base: KeyPath, out: RawProblem[]): void {
  const at: At = {
    path: [...base, ...(issue.path as (string | number)[])],
    found: valueAt(root, issue.path as KeyPath),
    present: hasKey(root, issue.path as KeyPath),
  };
  const add = (message: string, path: KeyPath = at.path): void => {
    out.push({ path, message });
  };
  switch (issue.code) {
    case 'unrecognized_keys':
      return unknownKeys(issue, at, add);
    case 'invalid_union':
      return invalidUnion(issue, at, add, out);
    case 'invalid_type':
      return add(invalidType(issue, at));
    case 'too_small':
    case 'too_big':
      return add(outOfBounds(issue, at));
    case 'invalid_value':
      return add(`expected one of ${issue.values.map((v) => show(v)).join(', ')}, got ${show(at.found)}`);
    case 'not_multiple_of':
      return add(`expected a multiple of ${issue.divisor}, got ${show(at.found)}`);
    case 'invalid_key':
      return add(`invalid key: ${issue.issues.map((i) => i.message).join('; ')}`);
    default:
      return add(issue.message);
  }
}

type Add = (message: string, path?: KeyPath) => void;

/** One problem per unknown key, with a "did you mean" when a known key is close, else the keys it may be. */
function unknownKeys(issue: Issue & { code: 'unrecognized_keys' }, at: At, add: Add): void {
  const known = allowedKeys(at.found, issue);
  for (const key of issue.keys) {
    const near = known.length ? closest(key, known) : undefined;
    const hint = near ? `; did you mean "${near}"?` : known.length ? ` (expected one of: ${known.join(', ')})` : '';
    add(`unknown key${hint}`, [...at.path, key]);
  }
}

/**
 * A union: an unknown discriminator names the accepted values; a missing key says it is missing;
 * when the input has the shape of one alternative only, that alternative's own problems.
 */
function invalidUnion(issue: Issue & { code: 'invalid_union' }, at: At, add: Add, out: RawProblem[]): void {
  if ((issue as { note?: string }).note === 'No matching discriminator') {
    const options = ((issue as unknown as { options?: unknown[] }).options ?? []).filter(
      (o): o is string => typeof o === 'string',
    );
    const key = String(at.path[at.path.length - 1]);
    if (at.found === undefined) return add(`missing: expected ${key} to be one of ${options.join(', ')}`);
    const near = typeof at.found === 'string' ? closest(at.found, options) : undefined;
    const hint = near !== undefined ? `; did you mean ${show(near)}?` : ` (expected one of: ${options.join(', ')})`;
    return add(`unknown ${key} ${show(at.found)}${hint}`);
  }
  if (at.found === undefined && !at.present) return add(`missing: ${issue.message.replace(/, got nothing.*$/, '')}`);
  const branches = (issue.errors ?? []).filter((errs) => !errs.some(isShapeMismatch));
  if (branches.length === 1) for (const sub of branches[0]) convert(sub, at.found, at.path, out);
  else add(issue.message);
}

/** A value of the wrong type, or a required key that is missing. */
function invalidType(issue: Issue & { code: 'invalid_type' }, at: At): string {
  if (at.found === undefined && !at.present) {
    const custom = !isDefaultMessage(issue.message) && /, got nothing/.test(issue.message);
    return custom
      ? `missing: ${issue.message.replace(/, got nothing.*$/, '')}`
      : `missing: ${describeExpected(issue)} is required`;
  }
  return isDefaultMessage(issue.message) ? `expected ${describeExpected(issue)}, got ${show(at.found)}` : issue.message;
}

/** A number, string or list out of its bounds, unless the schema words it itself. */
function outOfBounds(issue: Issue & { code: 'too_small' | 'too_big' }, at: At): string {
  if (!isDefaultMessage(issue.message)) return issue.message;
  const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
  const inclusive = issue.inclusive !== false;
  const rel =
    issue.code === 'too_small' ? (inclusive ? 'at least' : 'greater than') : inclusive ? 'at most' : 'less than';
  const what =
    issue.origin === 'array'
      ? `a list with ${rel} ${bound} item${Number(bound) === 1 ? '' : 's'}`
      : issue.origin === 'string'
        ? `a string of ${rel} ${bound} characters`
        : `a number ${rel} ${bound}`;
  return `expected ${what}, got ${Array.isArray(at.found) ? `${at.found.length} items` : show(at.found)}`;
}

/** An alternative of a union failed because the input has another shape altogether (a string, not a map). */
function isShapeMismatch(issue: Issue): boolean {
  return issue.path.length === 0 && issue.code === 'invalid_type';
}

const isDefaultMessage = (m: string): boolean => /^(Invalid input|Too (small|big)|Invalid )/.test(m);

function describeExpected(issue: Issue & { code: 'invalid_type' }): string {
  const e = issue.expected as string;
  if (e === 'object') return 'a map';
  if (e === 'array') return 'a list';
  if (e === 'int') return 'an integer';
  return /^[aeiou]/.test(e) ? `an ${e}` : `a ${e}`;
}

function valueAt(root: unknown, path: KeyPath): unknown {
  let v = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

function hasKey(root: unknown, path: KeyPath): boolean {
  if (path.length === 0) return root !== undefined;
  const parent = valueAt(root, path.slice(0, -1));
  return (
    parent !== null && typeof parent === 'object' && Object.prototype.hasOwnProperty.call(parent, path[path.length - 1])
  );
}

/** The keys the strict object that raised an unknown-key issue accepts (zod keeps its schema on the issue). */
function allowedKeys(input: unknown, issue: Issue): string[] {
  const inst = (issue as { inst?: { _zod?: { def?: { shape?: Record<string, unknown> } } } }).inst;
  const shape = inst?._zod?.def?.shape ?? knownShapes.get(input as object);
  return shape ? Object.keys(shape).filter((k) => k !== '$schema') : [];
}

/** Shapes recorded by the error map while parsing (zod drops `inst` from finalized issues). */
const knownShapes = new WeakMap<object, Record<string, unknown>>();

/** Error map for `safeParse`: remembers which keys an object with unknown keys accepts. */
export function rememberShapes(iss: z.core.$ZodRawIssue): undefined {
  if (iss.code === 'unrecognized_keys' && iss.input && typeof iss.input === 'object') {
    const shape = (iss.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape;
    if (shape) knownShapes.set(iss.input as object, shape);
  }
  return undefined;
}
