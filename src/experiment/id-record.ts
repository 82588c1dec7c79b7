import { z } from 'zod';

/**
 * A map keyed by ids (flows, links, classes of a result). zod's record skips a key `__proto__` (its parsed copy
 * could not hold one), yet an id may be "__proto__" and JSON.parse keeps it as an own key, which the readers of a
 * results file then use unchecked: that entry is checked here, with its own key path.
 */
export function idRecord<T extends z.ZodType>(value: T) {
  return z.preprocess(
    (input, ctx) => {
      if (typeof input === 'object' && input !== null && Object.hasOwn(input, '__proto__')) {
        const own = Object.getOwnPropertyDescriptor(input, '__proto__')!.value as unknown;
        const r = value.safeParse(own, { reportInput: true });
        if (!r.success)
          for (const issue of r.error.issues) ctx.addIssue({ ...issue, path: ['__proto__', ...issue.path] });
      }
      return input;
    },
    z.record(z.string(), value),
  );
}
