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

function convert(issue: Issue, root: unknown, base: KeyPath, out: RawProblem[]): void {
  const path = [...base, ...(issue.path as (string | number)[])];
  const found = valueAt(root, issue.path as KeyPath);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = allowedKeys(found, issue);
      for (const key of issue.keys) {
        const near = known.length ? closest(key, known) : undefined;
        const hint = near ? `; did you mean "${near}"?` : known.length ? ` (expected one of: ${known.join(', ')})` : '';
        out.push({ path: [...path, key], message: `unknown key${hint}` });
      }
      return;
    }
    case 'invalid_union': {
      const note = (issue as { note?: string }).note;
      if (note === 'No matching discriminator') {
        const options = ((issue as unknown as { options?: unknown[] }).options ?? []).filter(
          (o) => typeof o === 'string',
        ) as string[];
        const key = String(path[path.length - 1]);
        const value = found;
        out.push({
          path,
          message:
            value === undefined
              ? `missing: expected ${key} to be one of ${options.join(', ')}`
              : `unknown ${key} ${show(value)} (expected one of: ${options.join(', ')})`,
        });
        return;
      }
      if (found === undefined && !hasKey(root, issue.path as KeyPath)) {
        out.push({ path, message: `missing: ${issue.message.replace(/, got nothing.*$/, '')}` });
        return;
      }
      const branches = (issue.errors ?? []).filter((errs) => !errs.some(isShapeMismatch));
      if (branches.length === 1) {
        for (const sub of branches[0]) convert(sub, found, path, out);
        return;
      }
      out.push({ path, message: issue.message });
      return;
    }
    case 'invalid_type':
      if (found === undefined && !hasKey(root, issue.path as KeyPath)) {
        const custom = !isDefaultMessage(issue.message) && /, got nothing/.test(issue.message);
        out.push({
          path,
          message: custom
            ? `missing: ${issue.message.replace(/, got nothing.*$/, '')}`
            : `missing: ${describeExpected(issue)} is required`,
        });
        return;
      }
      out.push({
        path,
        message: isDefaultMessage(issue.message)
          ? `expected ${describeExpected(issue)}, got ${show(found)}`
          : issue.message,
      });
      return;
    case 'too_small':
    case 'too_big': {
      if (!isDefaultMessage(issue.message)) {
        out.push({ path, message: issue.message });
        return;
      }
      const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
      const inclusive = issue.inclusive !== false;
      const rel =
        issue.code === 'too_small' ? (inclusive ? 'at least' : 'greater than') : inclusive ? 'at most' : 'less than';
      const origin = issue.origin;
      const what =
        origin === 'array'
          ? `a list with ${rel} ${bound} item${Number(bound) === 1 ? '' : 's'}`
          : origin === 'string'
            ? `a string of ${rel} ${bound} characters`
            : `a number ${rel} ${bound}`;
      out.push({
        path,
        message: `expected ${what}, got ${Array.isArray(found) ? `${found.length} items` : show(found)}`,
      });
      return;
    }
    case 'invalid_value':
      out.push({ path, message: `expected one of ${issue.values.map((v) => show(v)).join(', ')}, got ${show(found)}` });
      return;
    case 'not_multiple_of':
      out.push({ path, message: `expected a multiple of ${issue.divisor}, got ${show(found)}` });
      return;
    case 'invalid_key':
      out.push({ path, message: `invalid key: ${issue.issues.map((i) => i.message).join('; ')}` });
      return;
    default:
      out.push({ path, message: issue.message });
  }
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
