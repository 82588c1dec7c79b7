import fc from 'fast-check';
import { isMap, mapOf, type Doc, type Path } from './doc.js';

/**
 * fast-check arbitraries from the JSON Schema that `netsim schema` prints (the subset it uses:
 * type, enum, const, anyOf/oneOf, properties/required/additionalProperties, items, min/max,
 * minLength/maxLength, pattern, examples). Strings that are ids come from a small pool, so that
 * generated references often resolve and a generated scenario gets past validation into a run;
 * unit strings get sensible magnitudes (or extreme ones in the full profile).
 */
export type Schema = { [key: string]: Doc };

/** Ids the generator uses; odd ones on purpose (object-key names, dots, brackets, unicode). */
export const ID_POOL = ['a', 'b', 'c', 'r1', 'hub', '__proto__', 'constructor', 'toString', 'a.b', 'x[0]', 'ü-1'];

/** Keys whose strings are ids or references to ids. */
const ID_KEYS = /^(id|from|to|node|link|via|region|hub|gateway|site|vnet|pop|peer|server|target)$/;

export interface SchemaArbOptions {
  /** Allow tiny and enormous unit magnitudes (runaway runs); the CI profile keeps them moderate. */
  extremeUnits: boolean;
  /** Depth of nested objects and lists generated (the schema is finite, but generous). */
  maxDepth: number;
}

const MODERATE: Record<string, number[]> = {
  time: [0, 1, 2, 5, 10, 20, 50, 100, 200, 500],
  rate: [1, 2, 5, 10, 20, 50, 100, 500],
  size: [40, 64, 200, 576, 1200, 1500],
};

function unitsOf(pattern: string): string[] | null {
  const m = /\\s\?\(([^()]+)\)\\s\*\$$/.exec(pattern);
  return m ? m[1].split('|') : null;
}

function unitString(units: string[], options: SchemaArbOptions): fc.Arbitrary<string> {
  const kind = units.includes('ms') ? 'time' : units.includes('B') ? 'size' : 'rate';
  // Moderate: times in ms or s only (1ns intervals are runaway runs), sizes in B, rates in k/M units.
  const moderateUnits =
    kind === 'time'
      ? units.filter((u) => u === 'ms' || u === 's')
      : kind === 'size'
        ? ['B']
        : units.filter((u) => /^[kKM]/.test(u));
  const moderate = fc
    .tuple(fc.constantFrom(...MODERATE[kind]), fc.constantFrom(...moderateUnits))
    .map(([n, u]) => `${n}${u}`);
  if (!options.extremeUnits) return moderate;
  const extreme = fc
    .tuple(
      fc.oneof(fc.double({ min: 0, max: 1e12, noNaN: true }), fc.constantFrom(0, 1e-9, 0.001, 1e9, 1e15)),
      fc.constantFrom(...units),
    )
    .map(([n, u]) => `${n}${u}`);
  return fc.oneof({ weight: 4, arbitrary: moderate }, { weight: 1, arbitrary: extreme });
}

/** Sub-schemas that may describe the value at `path` (through anyOf/oneOf branches, items, properties). */
export function schemasAt(schema: Schema, path: Path): Schema[] {
  let current: Schema[] = [schema];
  for (const key of path) {
    const next: Schema[] = [];
    for (const s of current.flatMap(branches)) {
      if (typeof key === 'number' && isMap(s.items)) next.push(s.items as Schema);
      if (typeof key === 'string') {
        const props = s.properties;
        if (isMap(props) && Object.hasOwn(props, key) && isMap(props[key])) next.push(props[key] as Schema);
        else if (isMap(s.additionalProperties)) next.push(s.additionalProperties as Schema);
      }
    }
    current = next;
    if (current.length === 0) return [];
  }
  return current;
}

/** A schema and every alternative it lists, flattened. */
function branches(s: Schema): Schema[] {
  const alts = [...(Array.isArray(s.anyOf) ? s.anyOf : []), ...(Array.isArray(s.oneOf) ? s.oneOf : [])];
  if (alts.length === 0) return [s];
  return alts.filter(isMap).flatMap((a) => branches(a as Schema));
}

/** An arbitrary of values valid (in shape) for `schema`; `key` is the property it is generated for. */
export function fromSchema(schema: Schema, options: SchemaArbOptions, key = '', depth = 0): fc.Arbitrary<Doc> {
  const alts = branches(schema);
  if (alts.length > 1)
    return fc.constantFrom(...alts).chain((s) => fromSchema(s, options, key, depth)) as fc.Arbitrary<Doc>;
  const s = alts[0];
  if (s.const !== undefined) return fc.constant(s.const);
  if (Array.isArray(s.enum) && s.enum.length > 0) return fc.constantFrom(...(s.enum as Doc[]));
  const types = Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === 'string' ? [s.type] : ['string'];
  const byType = types.map((t) => ofType(t, s, options, key, depth));
  const examples =
    Array.isArray(s.examples) && s.examples.length > 0 ? [fc.constantFrom(...(s.examples as Doc[]))] : [];
  return fc.oneof(...byType, ...examples);
}

function ofType(type: string, s: Schema, options: SchemaArbOptions, key: string, depth: number): fc.Arbitrary<Doc> {
  switch (type) {
    case 'integer': {
      const min = typeof s.minimum === 'number' ? s.minimum : -1000;
      const max = typeof s.maximum === 'number' ? s.maximum : 1000;
      const lo = Math.max(Math.min(min, 2e9), -2e9);
      const hi = Math.max(lo, Math.min(options.extremeUnits ? max : Math.min(max, min + 1000), 2e9));
      return fc.oneof(fc.integer({ min: lo, max: hi }), fc.constantFrom(min, options.extremeUnits ? max : hi));
    }
    case 'number': {
      const lo =
        typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum : -1e6;
      const hi = typeof s.maximum === 'number' ? s.maximum : 1e6;
      const top = Math.max(lo, options.extremeUnits ? hi : Math.min(hi, lo + 100));
      return fc.double({ min: lo, max: top, noNaN: true, noDefaultInfinity: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array': {
      if (depth >= options.maxDepth) return fc.constant([]);
      const items = isMap(s.items) ? (s.items as Schema) : {};
      const minLength = typeof s.minItems === 'number' ? s.minItems : 0;
      const maxLength = Math.max(minLength, Math.min(typeof s.maxItems === 'number' ? s.maxItems : 4, 4));
      return fc.array(fromSchema(items, options, key, depth + 1), { minLength, maxLength });
    }
    case 'object': {
      if (depth >= options.maxDepth) return fc.constant(mapOf([]));
      const props = isMap(s.properties) ? (s.properties as { [k: string]: Schema }) : {};
      const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
      const names = Object.keys(props);
      const entries = names.map((k) =>
        fc.option(
          fromSchema(props[k], options, k, depth + 1).map((v) => [k, v] as [string, Doc]),
          { freq: required.has(k) ? 100 : 2, nil: null },
        ),
      );
      const extra = isMap(s.additionalProperties)
        ? fc.array(
            fc.tuple(
              fc.constantFrom('realtime', 'bulk', 'before', 'after', 'x', '__proto__', 'constructor'),
              fromSchema(s.additionalProperties as Schema, options, '', depth + 1),
            ),
            { maxLength: 2 },
          )
        : fc.constant([] as [string, Doc][]);
      return fc
        .tuple(fc.tuple(...entries), extra)
        .map(([es, more]) => mapOf([...(es.filter((e) => e !== null) as [string, Doc][]), ...more]));
    }
    default: {
      if (ID_KEYS.test(key)) return fc.constantFrom(...ID_POOL);
      const pattern = typeof s.pattern === 'string' ? s.pattern : null;
      const units = pattern ? unitsOf(pattern) : null;
      if (units) return unitString(units, options);
      const maxLength = typeof s.maxLength === 'number' ? Math.min(s.maxLength, 40) : 20;
      if (pattern) {
        try {
          return fc
            .stringMatching(new RegExp(pattern))
            .filter((x) => x.length <= (s.maxLength as number) || !s.maxLength);
        } catch {
          // a pattern fast-check cannot generate from: plain strings
        }
      }
      return fc.string({ minLength: typeof s.minLength === 'number' ? s.minLength : 0, maxLength });
    }
  }
}
