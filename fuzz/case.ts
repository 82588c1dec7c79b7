import fc from 'fast-check';
import { stringify } from 'yaml';
import { expandedSize, isMap, locations, get, remove, set, size, type Doc, type Path } from './doc.js';
import type { Corpus } from './corpus.js';
import { applyMutations, mutationArb, type Mutation, type Profile } from './mutations.js';
import { fromSchema, type Schema } from './schema-arb.js';

/**
 * One fuzz case: a scenario document, how it is written to a file, and the command line that
 * reads it. argv holds tokens the worker resolves inside the case's own directory: `@file` (the
 * scenario), and special paths (see SPECIAL_INPUTS, SPECIAL_OUTPUTS). A case never names a path
 * outside its directory except the fixed, harmless ones below.
 */
export interface FuzzCase {
  doc: Doc;
  /** Raw text replacing markers of the document (nesting too deep to build as objects). */
  raw: [string, string][];
  format: 'yaml' | 'json';
  /** The scenario's file name in the case directory. */
  file: string;
  textEdits: TextEdit[];
  argv: string[];
  origin: string;
}

/** Inputs: `@fifo` a FIFO nobody writes, `@dir` a directory, `@devzero` /dev/zero, ... (the worker makes them). */
export const SPECIAL_INPUTS = [
  '@fifo',
  '@dir',
  '@devzero',
  '@devnull',
  '@missing',
  '@empty',
  '@proc-file',
  '@longname',
];
/**
 * Output paths: inside the case directory, or under /proc and /dev/null where nothing can be
 * created. Never an existing device: a rename over /dev/null as root would replace the device.
 */
export const SPECIAL_OUTPUTS = [
  '@dir',
  '@existing-file',
  '@fifo',
  '@under-file',
  '@proc-dir',
  '@devnull-dir',
  '@longname',
];

export interface TextEdit {
  kind: 'truncate' | 'insert' | 'delete-line' | 'duplicate-line' | 'indent-line' | 'crlf' | 'bom';
  /** Position as a fraction of the text, in thousandths. */
  at: number;
  n: number;
}

const INSERTS = [
  '\t',
  '\u0000',
  ':',
  '-',
  '{',
  '[',
  '"',
  "'",
  '&a',
  '*a',
  '!!binary ',
  '%YAML 1.1\n',
  '@',
  '`',
  '\r',
  '#',
  '? ',
  '<<: *a\n',
  '---\n',
  '...\n',
];

const textEditArb: fc.Arbitrary<TextEdit> = fc.record({
  kind: fc.constantFrom('truncate', 'insert', 'delete-line', 'duplicate-line', 'indent-line', 'crlf', 'bom'),
  at: fc.nat({ max: 1000 }),
  n: fc.nat({ max: 1000 }),
});

export function applyTextEdit(text: string, e: TextEdit): string {
  const pos = Math.floor((text.length * e.at) / 1000);
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const lineEnd = text.indexOf('\n', pos) < 0 ? text.length : text.indexOf('\n', pos) + 1;
  switch (e.kind) {
    case 'truncate':
      return text.slice(0, pos);
    case 'insert':
      return text.slice(0, pos) + INSERTS[e.n % INSERTS.length] + text.slice(pos);
    case 'delete-line':
      return text.slice(0, lineStart) + text.slice(lineEnd);
    case 'duplicate-line':
      return text.slice(0, lineEnd) + text.slice(lineStart, lineEnd) + text.slice(lineEnd);
    case 'indent-line':
      return text.slice(0, lineStart) + ' '.repeat(1 + (e.n % 3)) + text.slice(lineStart);
    case 'crlf':
      return text.replace(/\n/g, '\r\n');
    case 'bom':
      return `\uFEFF${text}`;
  }
}

/** The scenario file's text. */
export function render(c: FuzzCase): string {
  let text =
    c.format === 'json'
      ? JSON.stringify(c.doc, null, 1)
      : stringify(c.doc, { aliasDuplicateObjects: true, lineWidth: 0, minContentWidth: 0 });
  for (const [marker, raw] of c.raw) text = text.replace(new RegExp(`"?${marker}"?`), () => raw);
  for (const e of c.textEdits) text = applyTextEdit(text, e);
  return text;
}

const POLICIES = ['shortest', 'class-aware', 'ecmp', 'load-aware'];
const NUMBERS = ['0', '1', '2', '3', '-1', '1.5', '1e3', 'abc', '', ' 1', '+1', '007', '0x10', '4294967296'];
const HUGE = ['9007199254740991', '9007199254740992', '99999999999999999999', '1000000000'];

/** Variant names of a document. */
function variantsOf(doc: Doc): string[] {
  return isMap(doc) && isMap(doc.variants) ? Object.keys(doc.variants) : [];
}

const ODD_VARIANTS = ['before', 'nope', '__proto__', 'constructor', ''];

const maybe = <T>(arb: fc.Arbitrary<T>, freq = 3): fc.Arbitrary<T | null> => fc.option(arb, { freq, nil: null });

/** Mostly valid values, sometimes odd ones: most cases should get past the flags to the scenario. */
function mostly(valid: readonly string[], odd: readonly string[]): fc.Arbitrary<string> {
  return valid.length === 0
    ? fc.constantFrom(...odd)
    : fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: fc.constantFrom(...odd) });
}

/**
 * `--max-events` and `--max-memory` as a case passes them: mostly limits that fit the per-case
 * budget (about 2×10⁷ events take 5-10 s on the shared machine), so that a case the estimate lets
 * through and that still runs out of time is a finding (the estimate missed something), not a
 * large scenario. Sometimes absent or odd, to fuzz the flags themselves.
 */
const LIMIT_FLAGS = fc.oneof(
  { weight: 12, arbitrary: fc.constant(['--max-events', '2e7', '--max-memory', '600MB']) },
  { weight: 1, arbitrary: fc.constant([] as string[]) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        fc.constantFrom('--max-events', '--max-memory'),
        fc.constantFrom('0', '-1', '1e400', 'abc', '', '1.5', '1e15', '1e16', '10GB', '1TB', '1kB', '100', '5e9'),
      )
      .map((pair) => [...pair]),
  },
);

/** A command line for a document (the document is known when the command is chosen). */
function commandArb(doc: Doc, profile: Profile): fc.Arbitrary<string[]> {
  const own = variantsOf(doc);
  const variant = mostly(own, ODD_VARIANTS);
  const file = fc.oneof(
    { weight: 30, arbitrary: fc.constant('@file') },
    { weight: 1, arbitrary: fc.constantFrom(...SPECIAL_INPUTS) },
  );
  const out = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('out/result.json', 'out', 'deeper/a/b') },
    { weight: 1, arbitrary: fc.constantFrom(...SPECIAL_OUTPUTS) },
  );
  const seed = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('1', '2', '7') },
    { weight: 1, arbitrary: fc.constantFrom(...NUMBERS, ...HUGE) },
  );
  const flag = <T extends string>(name: string, v: fc.Arbitrary<T>) => maybe(v.map((x) => [name, x]));
  const run = fc
    .tuple(
      file,
      fc.boolean().map((b) => (b || profile === 'ci' ? ['--json'] : [])),
      flag('--variant', variant),
      flag('--policy', mostly(POLICIES, ['fastest', '', 'Shortest'])),
      flag('--seed', seed),
      maybe(
        out.map((o) => ['--out', o]),
        1,
      ),
      LIMIT_FLAGS,
    )
    .map(([f, json, ...opts]) => ['run', f, ...json, ...opts.flatMap((o) => o ?? [])]);
  const validate = fc
    .array(
      fc.oneof(
        { weight: 5, arbitrary: fc.constant('@file') },
        { weight: 1, arbitrary: fc.constantFrom(...SPECIAL_INPUTS) },
      ),
      {
        minLength: 1,
        maxLength: 3,
      },
    )
    .chain((files) => LIMIT_FLAGS.map((limits) => ['validate', ...files, ...limits]));
  // Replications stay small (or are refused): a valid 1000 would be a long case, not a finding.
  const replications = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom('1', '2') },
    {
      weight: 1,
      arbitrary: fc.constantFrom('0', '-1', '1.5', 'abc', '', '1000000000', '99999999999999999999', '100001'),
    },
  );
  const compare = fc
    .tuple(
      file,
      replications,
      flag(
        '--variants',
        own.length > 0
          ? fc.oneof(
              { weight: 6, arbitrary: fc.subarray(own.slice(0, 3), { minLength: 1 }).map((l) => l.join(',')) },
              { weight: 1, arbitrary: fc.constantFrom(...ODD_VARIANTS, `${own[0]},${own[0]}`, `${own[0]},`) },
            )
          : fc.constantFrom(...ODD_VARIANTS),
      ),
      flag(
        '--policies',
        fc.subarray(POLICIES, { minLength: 1, maxLength: 2 }).map((l) => l.join(',')),
      ),
      flag('--seed', seed),
      flag('--jobs', mostly(['1', '2'], ['0', '-1', '100', '1000000', 'abc'])),
      flag(
        '--shard',
        mostly(['1/1', '1/2', '2/2'], ['3/2', '0/1', '1/0', 'a/b', '1/99999999999999999999', '1/1000000']),
      ),
      LIMIT_FLAGS,
      fc.oneof(
        { weight: 4, arbitrary: fc.constant('cmp') },
        { weight: 1, arbitrary: fc.constantFrom(...SPECIAL_OUTPUTS) },
      ),
    )
    .map(([f, reps, ...rest]) => {
      const outDir = rest.pop() as string;
      return [
        'compare',
        f,
        '--replications',
        reps,
        ...(rest as (string[] | null)[]).flatMap((o) => o ?? []),
        '--out',
        outDir,
      ];
    });
  const other = fc.constantFrom<string[]>(
    ['schema'],
    ['schema', 'extra'],
    ['--help'],
    ['-V'],
    [],
    ['bogus'],
    ['run'],
    ['run', '@file', '--seed'],
    ['run', '@file', '--unknown-flag'],
    ['run', '@file', '--json', '--json'],
    ['run', '--', '@file'],
    ['validate'],
    ['compare', '@file', '--replications'],
    ['merge'],
    ['merge', '@file'],
    ['merge', '@fifo'],
    ['run', '@file', '--seed', '1', '--seed', '2', '--json'],
  );
  return fc.oneof(
    { weight: 12, arbitrary: run },
    { weight: 4, arbitrary: validate },
    { weight: 2, arbitrary: compare },
    { weight: 1, arbitrary: other },
  );
}

interface Recipe {
  source: { kind: 'seed'; index: number } | { kind: 'foreign'; index: number } | { kind: 'schema'; doc: Doc };
  mutations: Mutation[];
  format: 'yaml' | 'json';
  textEdits: TextEdit[];
  argv: string[];
}

function recipeArb(corpus: Corpus, profile: Profile): fc.Arbitrary<Recipe> {
  const schemaDoc = fromSchema(corpus.schema as Schema, { extremeUnits: profile === 'full', maxDepth: 5 });
  const source = fc.oneof(
    {
      weight: 12,
      arbitrary: fc.nat({ max: corpus.seeds.length - 1 }).map((index) => ({ kind: 'seed' as const, index })),
    },
    { weight: 2, arbitrary: schemaDoc.map((doc) => ({ kind: 'schema' as const, doc })) },
    ...(corpus.foreign.length > 0
      ? [
          {
            weight: 1,
            arbitrary: fc.nat({ max: corpus.foreign.length - 1 }).map((index) => ({ kind: 'foreign' as const, index })),
          },
        ]
      : []),
  );
  return fc
    .tuple(
      source,
      // Half of the cases unmutated or with one rename to an odd id: they get past validation into runs.
      fc.oneof(
        { weight: 3, arbitrary: fc.constant([] as Mutation[]) },
        {
          weight: 2,
          arbitrary: fc
            .tuple(fc.nat({ max: 100_000 }), fc.nat({ max: 6 }))
            .map(([at, n]) => [{ op: 'odd-id' as const, at, n }]),
        },
        { weight: 5, arbitrary: fc.array(mutationArb, { minLength: 1, maxLength: 3 }) },
      ),
      fc.constantFrom<'yaml' | 'json'>('yaml', 'yaml', 'yaml', 'json'),
      fc.oneof(
        { weight: 6, arbitrary: fc.constant([] as TextEdit[]) },
        { weight: 1, arbitrary: fc.array(textEditArb, { minLength: 1, maxLength: 2 }) },
      ),
    )
    .chain(([source, mutations, format, textEdits]) =>
      commandArb(sourceDoc(corpus, source), profile).map((argv) => ({ source, mutations, format, textEdits, argv })),
    );
}

function sourceDoc(corpus: Corpus, source: Recipe['source']): Doc {
  if (source.kind === 'seed') return corpus.seeds[source.index].doc;
  if (source.kind === 'foreign') return corpus.foreign[source.index].doc;
  return source.doc;
}

function sourceName(corpus: Corpus, source: Recipe['source']): string {
  if (source.kind === 'seed') return corpus.seeds[source.index].name;
  if (source.kind === 'foreign') return corpus.foreign[source.index].name;
  return 'generated from the JSON Schema';
}

function build(corpus: Corpus, profile: Profile, r: Recipe): FuzzCase {
  const { doc, raw } = applyMutations(sourceDoc(corpus, r.source), r.mutations, corpus, profile);
  const muts = r.mutations.map((m) => `${m.op}@${m.at}/${m.n}`).join(' ');
  // JSON has no aliases: a document that shares large subtrees (an alias bomb) is written as YAML.
  const format = r.format === 'json' && expandedSize(doc) > 100_000 ? 'yaml' : r.format;
  return {
    doc,
    raw: [...raw],
    format,
    file: format === 'json' ? 'scenario.json' : 'scenario.yaml',
    textEdits: r.textEdits,
    argv: r.argv,
    origin: `${sourceName(corpus, r.source)}${muts ? `; ${muts}` : ''}${r.textEdits.length ? '; text edits' : ''}`,
  };
}

/**
 * Structural reductions of a case, smallest first in spirit: drop text edits, then halves of lists,
 * list elements and map keys (parents first), then halve long strings. Lazy: shrinking takes the
 * first reduction that still fails and starts again from it.
 */
function* reductions(c: FuzzCase): Generator<FuzzCase> {
  for (let i = 0; i < c.textEdits.length; i++) yield { ...c, textEdits: c.textEdits.filter((_, k) => k !== i) };
  const all = locations(c.doc, 2000, 12);
  for (const at of all) {
    const v = get(c.doc, at);
    if (Array.isArray(v) && v.length > 3) {
      const half = Math.floor(v.length / 2);
      yield { ...c, doc: set(c.doc, at, v.slice(half)) };
      yield { ...c, doc: set(c.doc, at, v.slice(0, half)) };
    }
  }
  for (const at of all.slice(1)) yield { ...c, doc: remove(c.doc, at) };
  for (const at of all) {
    const v = get(c.doc, at);
    if (typeof v === 'string' && v.length > 16 && !v.startsWith('DEEPMARKER'))
      yield { ...c, doc: set(c.doc, at, v.slice(0, Math.ceil(v.length / 2))) };
  }
}

type Context = { recipe: fc.Value<Recipe> | null };

/** Cases from a recipe (seed or schema document, mutations, format, command), shrinking to smaller documents. */
class CaseArbitrary extends fc.Arbitrary<FuzzCase> {
  constructor(
    private readonly recipes: fc.Arbitrary<Recipe>,
    private readonly make: (r: Recipe) => FuzzCase,
  ) {
    super();
  }

  generate(mrng: fc.Random, biasFactor: number | undefined): fc.Value<FuzzCase> {
    const r = this.recipes.generate(mrng, biasFactor);
    return new fc.Value(this.make(r.value), { recipe: r } satisfies Context);
  }

  /** Without its recipe a case shrinks only by reductions, and fast-check never asks that. */
  canShrinkWithoutContext(_value: unknown): _value is FuzzCase {
    return false;
  }

  shrink(value: FuzzCase, context: unknown): fc.Stream<fc.Value<FuzzCase>> {
    const ctx = context as Context | undefined;
    const recipe = ctx?.recipe;
    const fromRecipe = recipe
      ? this.recipes
          .shrink(recipe.value, recipe.context)
          .map((r) => new fc.Value(this.make(r.value), { recipe: r } satisfies Context))
      : fc.Stream.nil<fc.Value<FuzzCase>>();
    const smaller = fc
      .stream(reductions(value))
      .filter(
        (c) =>
          size(c.doc) < size(value.doc) ||
          c.textEdits.length < value.textEdits.length ||
          render(c).length < render(value).length,
      )
      .map((c) => new fc.Value(c, { recipe: null } satisfies Context));
    return fromRecipe.join(smaller);
  }
}

export function caseArb(corpus: Corpus, profile: Profile): fc.Arbitrary<FuzzCase> {
  return new CaseArbitrary(recipeArb(corpus, profile), (r) => build(corpus, profile, r));
}

/** The path of the document's declared flows and links, for the "every id is in the result" check. */
export function declaredIds(doc: Doc): { flows: string[]; links: string[] } {
  const list = (key: string): Doc[] => (isMap(doc) && Array.isArray(doc[key]) ? (doc[key] as Doc[]) : []);
  const flows = list('flows').flatMap((f) => (isMap(f) && typeof f.id === 'string' ? [f.id] : []));
  const links = list('links').flatMap((l) =>
    isMap(l)
      ? typeof l.id === 'string'
        ? [l.id]
        : typeof l.from === 'string' && typeof l.to === 'string'
          ? [`${l.from}-${l.to}`]
          : []
      : [],
  );
  return { flows, links };
}

export type { Path };
