import type { z } from 'zod';
import { runResultSchema } from '../src/experiment/shard-schema.js';
import { formatPath } from '../src/spec/key-path.js';

/**
 * What a fuzz case must never do, checked on what the command printed and wrote. Each failure has
 * a class (what went wrong) and a detail; the class plus a normalized detail groups failures in the
 * summary and decides what shrinking must preserve.
 */
export interface Failure {
  cls: string;
  detail: string;
}

/** Messages of JavaScript itself, never meant for a user (checked outside quoted values). */
const INTERNAL: [string, RegExp][] = [
  ['cannot-read-properties', /Cannot read propert/],
  ['call-stack', /Maximum call stack/],
  ['not-a-function', /is not a function/],
  ['not-iterable', /is not iterable/],
  ['not-defined', /is not defined/],
  ['cannot-convert', /Cannot convert/],
  ['invalid-length', /Invalid (array|string|typed array) length/],
  ['object-object', /\[object Object\]/],
  ['js-error-name', /\b(TypeError|RangeError|ReferenceError|SyntaxError|AssertionError)\b/],
  ['undefined', /\bundefined\b/],
  ['nan', /\bNaN\b/],
  ['heap', /heap out of memory|Allocation failed/],
  // Node's own file-system messages ("EEXIST: file already exists, mkdir ..."): say what is wrong instead.
  ['errno', /\bE[A-Z]{3,}: [^\n]*, (open|mkdir|rename|read|scandir|stat|lstat|access|rmdir|unlink|write|copyfile)\b/],
];

const STACK = /^\s+at (?:.+ \()?(?:file:|node:|\/)[^\n]*:\d+(?::\d+)?\)?$/m;

/** A message with the values it quotes taken out (a user's `rate: NaN` may be quoted back). */
function unquoted(text: string): string {
  return text.replace(/"(?:[^"\\\n]|\\.)*"/g, '""').replace(/'[^'\n]*'/g, "''");
}

/** A message's shape: quoted values, numbers and paths replaced, so that one bug is one class. */
export function shape(message: string): string {
  return unquoted(message)
    .replace(/\S*\/\S*/g, '<path>')
    .replace(/\S{40,}/g, '<long>')
    .replace(/\d+(\.\d+)?(e[+-]?\d+)?/gi, 'N')
    .slice(0, 160);
}

export interface Printed {
  argv: string[];
  code: number;
  stdout: string;
  stderr: string;
}

/** Checks on any command: exit code, no stack trace, no internal message, messages of sane length. */
export function checkPrinted(p: Printed): Failure[] {
  const out: Failure[] = [];
  if (![0, 1, 2].includes(p.code)) out.push({ cls: 'exit-code', detail: `exit code ${p.code}` });
  // Problems go to stdout for `validate`; a run's stdout is the result, which may quote anything.
  const messages = p.argv[0] === 'validate' || p.code !== 0 ? `${p.stderr}\n${p.stdout}` : p.stderr;
  const text = p.argv[0] === 'schema' && p.code === 0 ? p.stderr : messages;
  if (STACK.test(text)) out.push({ cls: 'stack-trace', detail: firstLine(text.slice(text.search(STACK) - 200)) });
  const plain = unquoted(text);
  for (const [name, re] of INTERNAL) {
    if (re.test(plain)) out.push({ cls: `internal-message:${name}`, detail: lineMatching(text, re) });
  }
  const lines = messages.split('\n');
  const long = lines.find((l) => l.length > 2000 || /"(?:[^"\\]|\\.){120,}"/.test(l));
  if (long && (p.code !== 0 || p.argv[0] === 'validate'))
    out.push({ cls: 'long-message', detail: `${long.length} characters: ${long.slice(0, 120)}...` });
  if (p.code === 2 && p.stderr.trim() === '' && p.stdout.trim() === '')
    out.push({ cls: 'silent-error', detail: 'exit code 2 with nothing printed' });
  if (p.code === 1) out.push({ cls: 'exit-1', detail: shape(firstLine(p.stderr)) });
  return out;
}

function firstLine(s: string): string {
  return (
    s
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.slice(0, 300) ?? ''
  );
}

function lineMatching(text: string, re: RegExp): string {
  return (text.split('\n').find((l) => re.test(unquoted(l))) ?? '').slice(0, 300);
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const isObj = (v: unknown): v is { [k: string]: Json } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A run result as the schema reads it (the merge's and the journal's check): what is left to check is semantics. */
type RunJson = z.infer<typeof runResultSchema>;
type StatsJson = RunJson['classes'][string];

/** Entries of a result map, `__proto__` included (JSON.parse makes it an own key). */
const entries = <T>(v: Record<string, T>): [string, T][] =>
  Object.keys(v).map((k) => [k, Object.getOwnPropertyDescriptor(v, k)!.value as T]);

/** At most this many schema problems per result: one bug usually breaks the same key in every flow. */
const SHOWN = 5;

/** A schema problem as a failure: a null or a string where a number goes is a NaN or an Infinity JSON wrote. */
function schemaFailure(where: string, issue: z.core.$ZodIssue): Failure {
  const nonFinite = issue.code === 'invalid_type' && issue.expected === 'number' && issue.input !== undefined;
  const at = issue.path.length > 0 ? formatPath(issue.path as (string | number)[]) : '(the result)';
  return { cls: nonFinite ? 'non-finite' : 'contract', detail: `${where}.${at}: ${issue.message}` };
}

/** What the schema cannot say: conservation, whole counts, a ratio within 1, latencies where packets arrived. */
function checkStats(where: string, s: StatsJson, out: Failure[]): void {
  const { sent, received, lost, inFlight } = s;
  if (sent !== received + lost + inFlight)
    out.push({
      cls: 'conservation',
      detail: `${where}: sent ${sent} != received ${received} + lost ${lost} + inFlight ${inFlight}`,
    });
  if (![sent, received, lost, inFlight].every(Number.isInteger))
    out.push({
      cls: 'conservation',
      detail: `${where}: a fractional count (${sent}, ${received}, ${lost}, ${inFlight})`,
    });
  if (s.lossRatio > 1) out.push({ cls: 'contract', detail: `${where}.lossRatio = ${s.lossRatio}` });
  if (received > 0)
    for (const k of ['mean', 'p50', 'p95', 'p99', 'max'] as const)
      if (s.latencyMs[k] === null)
        out.push({ cls: 'non-finite', detail: `${where}.latencyMs.${k} = null with ${received} received` });
}

/**
 * Checks on one run result (netsim-result/1): the run schema (`runResultSchema`, what `merge` and `--resume`
 * accept), then conservation and the declared ids present.
 */
export function checkResult(
  r: unknown,
  declared: { flows: string[]; links: string[] } | null,
  where = 'result',
): Failure[] {
  if (!isObj(r) || r.format !== 'netsim-result/1')
    return [{ cls: 'contract', detail: `${where}: not a netsim-result/1` }];
  const parsed = runResultSchema.safeParse(r, { reportInput: true });
  if (!parsed.success) return parsed.error.issues.slice(0, SHOWN).map((i) => schemaFailure(where, i));
  // The result's own objects, not the schema's copy: a flow id `__proto__` stays an own key only there.
  const run = r as RunJson;
  const out: Failure[] = [];
  for (const [name, s] of entries(run.classes)) checkStats(`classes[${JSON.stringify(name)}]`, s, out);
  for (const [id, s] of entries(run.flows)) checkStats(`flows[${JSON.stringify(id)}]`, s, out);
  if (declared) {
    const flows = new Set(Object.keys(run.flows));
    const links = new Set(Object.keys(run.links));
    const missingFlows = declared.flows.filter((f) => !flows.has(f));
    const missingLinks = declared.links.filter((l) => !links.has(l));
    if (missingFlows.length > 0)
      out.push({ cls: 'missing-id', detail: `flows ${JSON.stringify(missingFlows)} not in the result` });
    if (missingLinks.length > 0)
      out.push({ cls: 'missing-id', detail: `links ${JSON.stringify(missingLinks)} not in the result` });
  }
  const bad = findNonFinite(r);
  if (bad) out.push({ cls: 'non-finite', detail: bad });
  return out;
}

/**
 * JSON cannot hold NaN or Infinity; a result that was built with them carries strings or nulls in number places we
 * know.
 */
function findNonFinite(r: Json): string | null {
  const stack: [Json, string][] = [[r, '']];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string' && /^(NaN|-?Infinity)$/.test(v)) return `${path} = "${v}"`;
    if (Array.isArray(v)) v.forEach((x, i) => stack.push([x, `${path}[${i}]`]));
    else if (isObj(v)) for (const [k, x] of entries(v)) stack.push([x, `${path}.${k}`]);
  }
  return null;
}

/** Normalizes what may differ between identical runs: wall times and the case's own directory. */
export function normalize(text: string, caseDir: string): string {
  return text
    .split(caseDir)
    .join('<case>')
    .replace(/"wall":\s*\{\s*"seconds":\s*[\d.e+-]+\s*\}/g, '"wall":{}')
    .replace(/, [\d.e+-]+ s wall/g, ', - s wall');
}
