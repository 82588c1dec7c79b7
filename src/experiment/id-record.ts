import { z } from 'zod';
import { idMap } from '../metrics/id-map.js';

/** A parsed id map: every id an own key, `__proto__` included. */
type IdMap<T extends z.ZodType> = Record<string, z.output<T>>;

/**
 * A map keyed by ids (flows, links, classes of a result). An id may be "__proto__": JSON.parse keeps it as an own
 * key, but zod's record skips that key (it builds its copy by assignment, which would set the prototype). So the
 * entries are parsed as a Map, whose keys are plain data: the `__proto__` entry is checked in the same parse as the
 * others, with its key path, and refinements over the parsed value see it.
 *
 * Both the parsed copy and the checked input end as null-prototype maps, as an in-memory run's are (`idMap`), so a
 * reader can index any of them by id: an id absent from the map (a class `constructor` only another variant has)
 * is absent, not Object's member. The input is changed in place because merge and --resume go on with the file's
 * own data, not the parsed copy: zod's copy puts an object's declared keys first, which would reorder the
 * merged file's bytes. Only the prototype changes; the own keys and their values stay as read.
 */
export function idRecord<T extends z.ZodType>(value: T) {
  const entries = z
    .preprocess(
      (input, ctx) => {
        if (z.core.util.isPlainObject(input)) {
          Reflect.setPrototypeOf(input, null); // false, not a throw, for a frozen map: it is still checked
          return new Map(Object.entries(input));
        }
        // What z.record says of a non-map, so the message is the same as for any other map of a result.
        ctx.addIssue({ code: 'invalid_type', expected: 'record', input });
        return input;
      },
      z.map(z.string(), value),
    )
    // An overwrite, not a transform: it runs whenever the entries' checks would (a transform would not run after an
    // issue that lets the enclosing refinements go on, such as a negative count, and they would meet a Map).
    .overwrite((parsed) => {
      // Assignment into a null-prototype object defines `__proto__` as an own key: there is no setter to reach.
      const out = idMap<unknown>();
      for (const [id, v] of parsed) out[id] = v;
      return out as unknown as typeof parsed;
    });
  return entries as unknown as z.ZodType<IdMap<T>, Record<string, z.input<T>>>;
}
