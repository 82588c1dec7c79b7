import { formatPath, type KeyPath } from '../spec/key-path.js';
import { LIMITS } from '../spec/limits.js';
import type { RunLimits, Scenario } from '../spec/model.js';
import { ScenarioError, type Problem, type RawProblem } from '../spec/problems.js';
import { show } from '../spec/units.js';
import { assemble, type AssembleOptions, type ScenarioBody } from './assemble/index.js';
import { resolveLimits } from './estimate/limits.js';
import { issuesToProblems, rememberShapes } from './issues.js';
import { mergeVariant, setOwn } from './merge.js';
import { BUILTINS_FOR_CHECKING, type RegistryBase } from './registry-base.js';
import { salvage, sectionsOf } from './salvage.js';
import { VARIANT_NAME, scenarioSchema } from './schema/scenario.js';
import type { SourceDocument } from './source.js';

export interface CompileOptions {
  /** The node kinds and routing policies the document may name (default: the built-ins). */
  registry?: RegistryBase;
  /** Replaces the document's seed: node kinds expand with it (which users run which app). */
  seed?: number;
  /**
   * The most events and memory one run may be estimated to need (default: 10⁹ events, 80% of this
   * thread's heap; `--max-events`, `--max-memory`): a scenario past them is refused at the key that
   * makes it expensive.
   */
  limits?: RunLimits;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates one document (the base, or the base with a variant merged over it) and normalizes it. */
function normalize(
  raw: Record<string, unknown>,
  registry: RegistryBase,
  options: AssembleOptions,
): { body: ScenarioBody | null; problems: RawProblem[]; warnings: RawProblem[] } {
  const schema = scenarioSchema(registry);
  // jitless: zod would otherwise generate and compile a parser for each object schema on its first parse,
  // which pays off over many objects of one shape; a file has few, and validate spent 5-10 ms generating
  // them (bench/RESULTS.md, "Fast start, round two").
  const parsed = schema.safeParse(raw, { error: rememberShapes, reportInput: true, jitless: true });
  const problems = parsed.success ? [] : issuesToProblems(parsed.error.issues, raw);
  const parts = parsed.success ? sectionsOf(schema, parsed.data as Record<string, unknown>) : salvage(schema, raw);
  const assembled = assemble(raw, parts, registry, options);
  return {
    body: parsed.success ? assembled.body : null,
    problems: [...problems, ...assembled.problems],
    warnings: assembled.warnings,
  };
}

/** Keys a variant may not change: it would no longer be the same experiment (SCENARIO-FORMAT.md, Variants). */
const FIXED_IN_VARIANTS: Readonly<Record<string, string>> = {
  name: "a variant keeps the scenario's name (results name the variant separately)",
  seed: 'every variant uses the same seed (common random numbers); use --seed to change it for a run',
  variants: 'a variant cannot define variants of its own',
  sweep: 'a sweep applies to the base and every variant alike: give it at the top level',
};

/** The problems of one compile, placed in the file (key path and line). */
class Placed {
  readonly list: Problem[] = [];
  /** Problems reported so far as `path\0message`, so that one a variant inherits is not reported again. */
  private readonly seen = new Set<string>();

  /**
   * @param ownKeys whether a variant's key is told even where the base told the same at the key it
   * overrides: for warnings (each is about its own key's value); not for problems, where that one is
   * as often a knock-on of the base's mistake (a server list the base broke, named again by the variant).
   */
  constructor(
    private readonly doc: SourceDocument,
    private readonly ownKeys = false,
  ) {}

  add(path: KeyPath, message: string): void {
    const line = this.doc.locate(path);
    this.list.push({ file: this.doc.file, path: formatPath(path), message, ...(line !== undefined ? { line } : {}) });
  }

  /** A problem of the base document. */
  base(path: KeyPath, message: string): void {
    this.seen.add(`${formatPath(path)}\u0000${message}`);
    this.add(path, message);
  }

  /**
   * A problem of a variant, found at `path` of the merged document, which came from `origin` in the
   * file: reported there as `shown`, unless reported there already, or reported by the base at
   * `path` (with `ownKeys`, only when it is inherited: its origin is not in the variant).
   */
  variant(path: KeyPath, origin: KeyPath, message: string, shown: string, inVariant: boolean): void {
    const keys = [`${formatPath(origin)}\u0000${message}`];
    if (!inVariant || !this.ownKeys) keys.push(`${formatPath(path)}\u0000${message}`);
    if (keys.some((k) => this.seen.has(k))) return;
    this.seen.add(keys[0]);
    this.add(origin, shown);
  }
}

/**
 * Validates and normalizes a parsed document and each of its variants. Every problem of the base
 * and of every variant is collected, placed at the key the author wrote (a problem inherited from
 * the base is reported once), and thrown together.
 */
export function compile(doc: SourceDocument, options: CompileOptions = {}): Scenario {
  // Parsing needs the kinds and policies, not the build steps (registry-base.ts): the built-ins without them.
  const registry = options.registry ?? BUILTINS_FOR_CHECKING;
  const data = options.seed === undefined || !isMap(doc.data) ? doc.data : { ...doc.data, seed: options.seed };
  const problems = new Placed(doc);
  const warnings = new Placed(doc, true);
  if (!isMap(data)) {
    const keys = '(name, duration, nodes, links, flows, ...)';
    problems.add([], `expected a map of scenario keys ${keys} at the top level, got ${show(data)}`);
    throw new ScenarioError(problems.list);
  }
  const { variants: rawVariants, ...base } = data;
  // Every variant is held beside the base while a run of any one of them goes on.
  const assembly: AssembleOptions = {
    limits: resolveLimits(options.limits),
    variants: isMap(rawVariants) ? Math.min(Object.keys(rawVariants).length, LIMITS.variants) : 0,
  };
  const baseResult = normalize(base, registry, assembly);
  for (const p of baseResult.problems) problems.base(p.path, p.message);
  for (const w of baseResult.warnings) warnings.base(w.path, w.message);
  const variants = compileVariants(base, baseResult.body, rawVariants, registry, { problems, warnings }, assembly);
  if (problems.list.length > 0 || baseResult.body === null) {
    if (problems.list.length === 0) problems.add([], 'the scenario is incomplete');
    throw new ScenarioError(sortByLine(problems.list));
  }
  const file = doc.file;
  const scenario: Scenario = {
    ...baseResult.body,
    file,
    document: doc.data,
    variant: null,
    variants: {},
    warnings: sortByLine(warnings.list),
  };
  for (const [name, body] of variants)
    scenario.variants[name] = { ...body, file, document: doc.data, variant: name, variants: {}, warnings: [] };
  return scenario;
}

/** Each variant merged over the base and normalized, in file order (those with problems left out). */
function compileVariants(
  base: Record<string, unknown>,
  baseBody: ScenarioBody | null,
  rawVariants: unknown,
  registry: RegistryBase,
  placed: { problems: Placed; warnings: Placed },
  assembly: AssembleOptions,
): [string, ScenarioBody][] {
  const { problems } = placed;
  if (rawVariants === undefined) return [];
  if (!isMap(rawVariants)) {
    problems.add(['variants'], `expected a map of variant name -> partial scenario, got ${show(rawVariants)}`);
    return [];
  }
  const names = Object.keys(rawVariants);
  if (names.length > LIMITS.variants)
    problems.add(['variants'], `${names.length} variants: at most ${LIMITS.variants}`);
  const out: [string, ScenarioBody][] = [];
  for (const name of names.slice(0, LIMITS.variants)) {
    const body = compileVariant(base, baseBody, name, rawVariants[name], registry, placed, assembly);
    if (body) out.push([name, body]);
  }
  return out;
}

/** One variant: its name, the keys it may change, the merge, and its own problems at the keys it wrote. */
function compileVariant(
  base: Record<string, unknown>,
  baseBody: ScenarioBody | null,
  name: string,
  partial: unknown,
  registry: RegistryBase,
  { problems, warnings }: { problems: Placed; warnings: Placed },
  assembly: AssembleOptions,
): ScenarioBody | null {
  const at: KeyPath = ['variants', name];
  if (!VARIANT_NAME.test(name)) {
    const rule = 'a letter or digit then letters, digits, "_", "." or "-" (no spaces or commas)';
    problems.add(at, `a variant name is ${rule}, got ${show(name)}`);
  }
  if (!isMap(partial)) {
    problems.add(at, `expected a partial scenario (a map of keys to change), got ${show(partial)}`);
    return null;
  }
  const allowed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(partial)) {
    if (Object.hasOwn(FIXED_IN_VARIANTS, key)) problems.add([...at, key], FIXED_IN_VARIANTS[key]);
    else setOwn(allowed, key, value);
  }
  // A variant that changes nothing (`before: {}`, the usual as-is side of a comparison) is the base: the
  // same document normalizes to the same body, and every problem it could have is the base's, reported
  // once already. Compiling it again took a third of `netsim validate` on the flagship, and a deep copy
  // (structuredClone) 5-10 ms more (bench/RESULTS.md, "Fast start, round two"): it shares the base's
  // nodes, links and flows, as every run of a scenario does (nothing changes a scenario once compiled: the
  // same one is built for each policy of a comparison, and its document is shared by all its variants).
  if (Object.keys(allowed).length === 0) return baseBody;
  const merged = mergeVariant(base, allowed, at);
  for (const p of merged.problems) problems.add(p.path, p.message);
  const result = normalize(merged.value as Record<string, unknown>, registry, assembly);
  // A problem (or warning) inherited from the base is reported once, at the base key.
  const place = (to: Placed, p: RawProblem) => {
    const origin = merged.origin(p.path);
    const inVariant = origin[0] === 'variants' && origin[1] === name;
    const shown = inVariant ? p.message : `in variant ${JSON.stringify(name)}: ${p.message}`;
    to.variant(p.path, origin, p.message, shown, inVariant);
  };
  for (const p of result.problems) place(problems, p);
  for (const w of result.warnings) place(warnings, w);
  return result.body && merged.problems.length === 0 ? result.body : null;
}

/** Problems in file order (stable; problems without a line first). */
function sortByLine(problems: Problem[]): Problem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.line ?? 0) - (b.p.line ?? 0) || a.i - b.i)
    .map(({ p }) => p);
}
