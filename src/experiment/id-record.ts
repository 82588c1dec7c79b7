import { z } from 'zod';

/** A parsed id map: every id an own key, `__proto__` included. */
type IdMap<T extends z.ZodType> = Record<string, z.output<T>>;

/**
 * A map keyed by ids (flows, links, classes of a result). An id may be "__proto__": JSON.parse keeps it as an own
 * key, but zod's record skips that key (it builds its copy by assignment, which would set the prototype). So the
 * entries are parsed as a Map, whose keys are plain data: the `__proto__` entry is checked in the same parse as the
 * others, with its key path, and refinements over the parsed value see it. The parsed Map is then turned back into
 * an object by Object.fromEntries, which defines each key as an own property (never through the `__proto__`
 * setter): every id is an own key holding its parsed value, the prototype is Object.prototype as zod's copy has.
 */
export function idRecord<T extends z.ZodType>(value: T) {
  const entries = z
    .preprocess(
      (input, ctx) => {
        if (z.core.util.isPlainObject(input)) return new Map(Object.entries(input));
        // What z.record says of a non-map, so the message is the same as for any other map of a result.
        ctx.addIssue({ code: 'invalid_type', expected: 'record', input });
        return input;
      },
      z.map(z.string(), value),
    )
    // An overwrite, not a transform: it runs whenever the entries' checks would (a transform would not run after an
    // issue that lets the enclosing refinements go on, such as a negative count, and they would meet a Map).
    .overwrite((parsed) => Object.fromEntries(parsed) as unknown as typeof parsed);
  return entries as unknown as z.ZodType<IdMap<T>, Record<string, z.input<T>>>;
}
