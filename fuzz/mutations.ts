import fc from 'fast-check';
import { clone, get, isMap, locations, mapOf, remove, rename, set, setKey, type Doc, type Path } from './doc.js';
import type { Corpus } from './corpus.js';
import { fromSchema, schemasAt, type Schema } from './schema-arb.js';

/**
 * Mutations of a scenario document, as plain data (`{ op, at, n }`): `at` picks a location of the
 * document (modulo the number of locations), `n` picks the payload. Applying is a pure function of
 * the document and the data, so fast-check shrinks a mutation list like any other value (fewer
 * mutations, earlier locations, smaller payload indices) and a saved case replays exactly.
 */
export interface Mutation {
  op: Op;
  at: number;
  n: number;
}

/** `ci` keeps to inputs that must be refused or run cheaply; `full` adds runaway-prone extremes. */
export type Profile = 'ci' | 'full';

export const OPS = [
  'drop',
  'retype',
  'number',
  'odd-id',
  'long-string',
  'deep',
  'alias',
  'alias-bomb',
  'dup',
  'swap',
  'add-key',
  'schema',
  'graft',
  'tiny',
] as const;
export type Op = (typeof OPS)[number];

export const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  op: fc.constantFrom(...OPS),
  at: fc.nat({ max: 100_000 }),
  n: fc.nat({ max: 1_000_000 }),
});

/** Ids that are also names of Object.prototype members, and other odd strings. */
export const ODD_IDS = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'prototype',
  '__defineGetter__',
  '',
  ' ',
  'a b',
  'null',
  'true',
  '0',
  '-1',
  '.',
  '[0]',
  'links[0]',
  'a.b',
  '"',
  "'",
  '\\',
  'a\tb',
  'é',
  '💥',
  '\u202e',
  'x'.repeat(200),
  'y'.repeat(201),
];

/** Numbers that must be refused (or are harmless): out of range, not integers, not numbers at all. */
const NUMBERS_CI: Doc[] = [
  -1,
  -0.5,
  1.5,
  0.1,
  1e21,
  1e308,
  -1e308,
  2 ** 53 + 2,
  2 ** 31,
  'NaN',
  'Infinity',
  '-Infinity',
  '1e400',
  '0x10',
  '1_000',
  '',
];
/** Added in the full profile: zero and tiny magnitudes (the runaway runs the event estimate does not see yet). */
const NUMBERS_FULL: Doc[] = [0, 1e-300, 1e-9, 5e-324, 1, 3, 20000, 1e6];

const UNIT_NUMBERS_CI = ['-5', '-0.000001', '99999999999999999999', '1' + '0'.repeat(400), '1.5.5', '.', '1e3', 'NaN'];
const UNIT_NUMBERS_FULL = ['0', '0.000000001', '1', '0.001', '100000', '1e-9'];

const RETYPES: Doc[] = [null, true, false, 0, 1, -1, '', 'x', [], [null], '1', 1.5, '10', '10ms'];

const UNIT = /^(\s*[+-]?)(\d+(?:\.\d*)?|\.\d+)(\s?[A-Za-zµ%]+\s*)$/;

const NEW_KEYS = [
  'extra',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  '<<',
  'id',
  'kind',
  'remove',
  '$schema',
];

export interface Applied {
  doc: Doc;
  /** Markers in string values that the renderer replaces by raw text (deep nesting too deep to build as objects). */
  raw: Map<string, string>;
}

function pick<T>(list: readonly T[], n: number): T {
  return list[n % list.length];
}

/** Applies mutations in order; a mutation that does not fit its location does nothing. */
export function applyMutations(base: Doc, mutations: readonly Mutation[], corpus: Corpus, profile: Profile): Applied {
  let doc = clone(base);
  const raw = new Map<string, string>();
  for (const m of mutations) doc = applyOne(doc, m, corpus, profile, raw);
  return { doc, raw };
}

function applyOne(doc: Doc, m: Mutation, corpus: Corpus, profile: Profile, raw: Map<string, string>): Doc {
  const all = locations(doc);
  const at: Path = all[m.at % all.length];
  const value = get(doc, at);
  switch (m.op) {
    case 'drop':
      return at.length === 0 ? doc : remove(doc, at);
    case 'retype': {
      const options: Doc[] = [...RETYPES, [value ?? null], mapOf([['value', value ?? null]])];
      if (typeof value === 'string') options.push(Number(value.replace(/[^\d.]/g, '')) || 0);
      if (typeof value === 'number') options.push(String(value), `${value}`);
      return set(doc, at, pick(options, m.n));
    }
    case 'number': {
      const numbers = profile === 'full' ? [...NUMBERS_CI, ...NUMBERS_FULL] : NUMBERS_CI;
      const unitNumbers = profile === 'full' ? [...UNIT_NUMBERS_CI, ...UNIT_NUMBERS_FULL] : UNIT_NUMBERS_CI;
      const u = typeof value === 'string' ? UNIT.exec(value) : null;
      if (u) return set(doc, at, `${u[1]}${pick(unitNumbers, m.n)}${u[3]}`);
      return set(doc, at, pick(numbers, m.n));
    }
    case 'odd-id': {
      // Rename the id (and every reference to it); on a non-string, rename the first id found below.
      const from = typeof value === 'string' ? value : firstId(value);
      if (from === null) return doc;
      return rename(doc, from, pick(ODD_IDS, m.n));
    }
    case 'long-string': {
      const lengths = profile === 'full' ? [300, 5000, 100_000, 1_000_000] : [300, 5000, 100_000];
      const length = pick(lengths, m.n);
      const unit = typeof value === 'string' ? value : 'x';
      return set(doc, at, unit.repeat(Math.ceil(length / Math.max(1, unit.length))).slice(0, length));
    }
    case 'deep': {
      const depth = pick([20, 100, 600, 3000, 20_000], m.n);
      const marker = `DEEPMARKER${raw.size}X`;
      const inner = JSON.stringify(typeof value === 'object' ? null : (value ?? null));
      raw.set(
        marker,
        m.n % 2 === 0
          ? '['.repeat(depth) + inner + ']'.repeat(depth)
          : '{"a":'.repeat(depth) + inner + '}'.repeat(depth),
      );
      return set(doc, at, marker);
    }
    case 'alias': {
      const other = get(doc, all[m.n % all.length]);
      return other === undefined || typeof other !== 'object' || other === null ? doc : set(doc, at, other);
    }
    case 'alias-bomb': {
      // Billion laughs: each level lists the level below ten times; YAML writes each level once.
      const levels = 3 + (m.n % 7);
      let level: Doc = Array.from({ length: 10 }, () => 'lol');
      for (let i = 1; i < levels; i++) level = Array.from({ length: 10 }, () => level);
      return set(doc, at, level);
    }
    case 'dup': {
      const parent = get(doc, at.slice(0, -1));
      const i = at[at.length - 1];
      if (!Array.isArray(parent) || typeof i !== 'number') return doc;
      const copy = [...parent];
      copy.splice(i, 0, clone(parent[i]));
      return set(doc, at.slice(0, -1), copy);
    }
    case 'swap': {
      const otherAt = all[m.n % all.length];
      const other = get(doc, otherAt);
      if (other === undefined || value === undefined || isPrefix(at, otherAt) || isPrefix(otherAt, at)) return doc;
      return set(set(doc, at, other), otherAt, value);
    }
    case 'add-key': {
      if (!isMap(value)) return doc;
      const copy = mapOf(Object.entries(value));
      setKey(copy, pick(NEW_KEYS, m.n), pick(RETYPES, Math.floor(m.n / NEW_KEYS.length)));
      return set(doc, at, copy);
    }
    case 'schema': {
      const schemas = schemasAt(corpus.schema as Schema, at);
      if (schemas.length === 0) return doc;
      const sub = pick(schemas, m.n);
      const key = typeof at[at.length - 1] === 'string' ? (at[at.length - 1] as string) : '';
      const arb = fromSchema(sub, { extremeUnits: profile === 'full', maxDepth: 6 }, key);
      return set(doc, at, fc.sample(arb, { seed: m.n, numRuns: 1 })[0]);
    }
    case 'tiny': {
      // Full profile: a tiny time or size, a huge rate, a tiny number, where one is (the runaway-run
      // makers: think 0s, 1ns timers, 1B background packets, fps 0.001). Profile ci: as 'number'.
      if (profile === 'ci') return applyOne(doc, { ...m, op: 'number' }, corpus, profile, raw);
      const quantities = all.filter((p) => {
        const v = get(doc, p);
        return (typeof v === 'string' && UNIT.test(v)) || (typeof v === 'number' && p.length > 1);
      });
      if (quantities.length === 0) return doc;
      const where = quantities[m.at % quantities.length];
      const v = get(doc, where);
      if (typeof v === 'number') return set(doc, where, pick([0, 0.001, 1e-9, 1e6], m.n));
      const unit = UNIT.exec(v as string)![3].trim();
      const tiny: Record<string, string[]> = {
        time: ['0s', '1ns', '1us'],
        size: ['1B', '0B'],
        rate: ['1Tbps', '10Mpps', '1bps'],
      };
      const kind = /^(ns|us|µs|ms|s|min|h)$/.test(unit) ? 'time' : /B$/.test(unit) ? 'size' : 'rate';
      return set(doc, where, pick(tiny[kind], m.n));
    }
    case 'graft': {
      if (corpus.fragments.length === 0 || !isMap(doc) || !Array.isArray(doc.flows)) return doc;
      const fragment = pick(corpus.fragments, m.n);
      const flows = doc.flows;
      if (fragment.key === 'traffic') {
        if (flows.length === 0) return doc;
        return set(doc, ['flows', m.at % flows.length, 'traffic'], clone(fragment.value));
      }
      // Flows of the docs, between nodes of this document.
      const nodes = Array.isArray(doc.nodes) ? doc.nodes.filter(isMap).map((x) => x.id) : [];
      const ids = nodes.filter((x): x is string => typeof x === 'string');
      if (ids.length === 0) return doc;
      const added = (clone(fragment.value) as Doc[]).filter(isMap).map((f, k) => {
        const g = mapOf(Object.entries(f));
        g.from = ids[(m.at + k) % ids.length];
        g.to = ids[(m.at + k + 1) % ids.length];
        return g;
      });
      return set(doc, ['flows'], [...flows, ...added]);
    }
  }
}

function isPrefix(a: Path, b: Path): boolean {
  return a.length <= b.length && a.every((k, i) => b[i] === k);
}

function firstId(v: Doc | undefined): string | null {
  const stack: (Doc | undefined)[] = [v];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const x = stack.pop();
    if (typeof x !== 'object' || x === null || seen.has(x)) continue;
    seen.add(x);
    if (isMap(x) && typeof x.id === 'string') return x.id;
    for (const y of Array.isArray(x) ? x : Object.values(x)) stack.push(y);
  }
  return null;
}
