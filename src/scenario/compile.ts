import { formatPath, type KeyPath } from '../spec/key-path.js';
import { LIMITS } from '../spec/limits.js';
import type { Scenario } from '../spec/model.js';
import { ScenarioError, type Problem, type RawProblem } from '../spec/problems.js';
import { show } from '../spec/units.js';
import { assemble, type ScenarioBody } from './assemble/index.js';
import { issuesToProblems, rememberShapes } from './issues.js';
import { mergeVariant, setOwn } from './merge.js';
import { Registry } from './registry.js';
import { salvage, sectionsOf } from './salvage.js';
import { VARIANT_NAME, scenarioSchema } from './schema/scenario.js';
import type { SourceDocument } from './source.js';

export interface CompileOptions {
  /** The node kinds and routing policies the document may name (default: the built-ins). */
  registry?: Registry;
  /** Replaces the document's seed: node kinds expand with it (which users run which app). */
  seed?: number;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates one document (the base, or the base with a variant merged over it) and normalizes it. */
function normalize(
  raw: Record<string, unknown>,
  registry: Registry,
): { body: ScenarioBody | null; problems: RawProblem[] } {
  const schema = scenarioSchema(registry);
  const parsed = schema.safeParse(raw, { error: rememberShapes, reportInput: true });
  const problems = parsed.success ? [] : issuesToProblems(parsed.error.issues, raw);
  const parts = parsed.success ? sectionsOf(schema, parsed.data as Record<string, unknown>) : salvage(schema, raw);
  const assembled = assemble(raw, parts, registry);
  return { body: parsed.success ? assembled.body : null, problems: [...problems, ...assembled.problems] };
}

/** Keys a variant may not change: it would no longer be the same experiment (SCENARIO-FORMAT.md, Variants). */
const FIXED_IN_VARIANTS: Readonly<Record<string, string>> = {
  name: "a variant keeps the scenario's name (results name the variant separately)",
  seed: 'every variant uses the same seed (common random numbers); use --seed to change it for a run',
  variants: 'a variant cannot define variants of its own',
};

/**
 * Validates and normalizes a parsed document and each of its variants. Every problem of the base
 * and of every variant is collected, placed at the key the author wrote (a problem inherited from
 * the base is reported once), and thrown together.
 */
export function compile(doc: SourceDocument, options: CompileOptions = {}): Scenario {
  const registry = options.registry ?? Registry.builtins;
  const { file } = doc;
  const data = options.seed === undefined || !isMap(doc.data) ? doc.data : { ...doc.data, seed: options.seed };
  const problems: Problem[] = [];
  const place = (path: KeyPath, message: string): Problem => {
    const line = doc.locate(path);
    return { file, path: formatPath(path), message, ...(line !== undefined ? { line } : {}) };
  };
  if (!isMap(data)) {
    throw new ScenarioError([
      place(
        [],
        `expected a map of scenario keys (name, duration, nodes, links, flows, ...) at the top level, got ` +
          `${show(data)}`,
      ),
    ]);
  }
  const { variants: rawVariants, ...base } = data;
  const baseResult = normalize(base, registry);
  const seen = new Set<string>();
  for (const p of baseResult.problems) {
    seen.add(`${formatPath(p.path)}\u0000${p.message}`);
    problems.push(place(p.path, p.message));
  }

  const variants: Record<string, Scenario> = {};
  if (rawVariants !== undefined) {
    if (!isMap(rawVariants))
      problems.push(
        place(['variants'], `expected a map of variant name -> partial scenario, got ${show(rawVariants)}`),
      );
    else {
      const names = Object.keys(rawVariants);
      if (names.length > LIMITS.variants)
        problems.push(place(['variants'], `${names.length} variants: at most ${LIMITS.variants}`));
      for (const name of names.slice(0, LIMITS.variants)) {
        const at: KeyPath = ['variants', name];
        const partial = rawVariants[name];
        if (!VARIANT_NAME.test(name)) {
          const rule = 'a letter or digit then letters, digits, "_", "." or "-" (no spaces or commas)';
          problems.push(place(at, `a variant name is ${rule}, got ${show(name)}`));
        }
        if (!isMap(partial)) {
          problems.push(place(at, `expected a partial scenario (a map of keys to change), got ${show(partial)}`));
          continue;
        }
        const allowed: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(partial)) {
          if (Object.hasOwn(FIXED_IN_VARIANTS, key)) problems.push(place([...at, key], FIXED_IN_VARIANTS[key]));
          else setOwn(allowed, key, value);
        }
        const merged = mergeVariant(base, allowed, at);
        for (const p of merged.problems) problems.push(place(p.path, p.message));
        const result = normalize(merged.value as Record<string, unknown>, registry);
        for (const p of result.problems) {
          const origin = merged.origin(p.path);
          const keys = [`${formatPath(origin)}\u0000${p.message}`, `${formatPath(p.path)}\u0000${p.message}`];
          if (keys.some((k) => seen.has(k))) continue; // inherited from the base: already reported
          seen.add(keys[0]);
          const inVariant = origin[0] === 'variants' && origin[1] === name;
          problems.push(place(origin, inVariant ? p.message : `in variant ${JSON.stringify(name)}: ${p.message}`));
        }
        if (result.body && merged.problems.length === 0)
          variants[name] = { ...result.body, file, document: doc.data, variant: name, variants: {} };
      }
    }
  }

  if (problems.length > 0 || baseResult.body === null) {
    if (problems.length === 0) problems.push(place([], 'the scenario is incomplete'));
    throw new ScenarioError(sortByLine(problems));
  }
  return { ...baseResult.body, file, document: doc.data, variant: null, variants };
}

/** Problems in file order (stable; problems without a line first). */
function sortByLine(problems: Problem[]): Problem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.line ?? 0) - (b.p.line ?? 0) || a.i - b.i)
    .map(({ p }) => p);
}
