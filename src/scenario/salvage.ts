import { z } from 'zod';

/** An element of a list (or an entry of a map) that passed validation, with where it was. */
export interface Indexed<T> {
  key: string | number;
  value: T;
}

/**
 * What could be read from a top-level section. `items` holds the elements that validated on their
 * own; `complete` is false when some did not (so checks such as "no flows" stay quiet).
 */
export interface Section<T> {
  items: Indexed<T>[];
  complete: boolean;
}

type Shape = Record<string, z.ZodType>;

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema as z.ZodType & { unwrap?: () => z.ZodType };
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault) s = (s as z.ZodOptional<z.ZodType>).unwrap();
  return s;
}

/**
 * Reads every top-level key of a document on its own, and lists and maps element by element, so
 * that when part of a scenario is invalid the rest can still be checked (unknown references,
 * duplicates, timing) and every problem is reported in one go.
 */
export function salvage(
  schema: z.ZodObject<Shape>,
  raw: Record<string, unknown>,
): { scalars: Record<string, unknown>; sections: Record<string, Section<unknown>> } {
  const scalars: Record<string, unknown> = {};
  const sections: Record<string, Section<unknown>> = {};
  for (const [key, fieldSchema] of Object.entries(schema.shape)) {
    const value = raw[key];
    const inner = unwrap(fieldSchema);
    if (inner instanceof z.ZodArray) {
      if (!Array.isArray(value)) {
        sections[key] = { items: [], complete: value === undefined };
        continue;
      }
      const element = inner.element as z.ZodType;
      const items: Indexed<unknown>[] = [];
      value.forEach((v, i) => {
        const r = element.safeParse(v);
        if (r.success) items.push({ key: i, value: r.data });
      });
      sections[key] = { items, complete: items.length === value.length };
      continue;
    }
    const r = fieldSchema.safeParse(value);
    if (r.success) scalars[key] = r.data;
    else if (inner instanceof z.ZodRecord && value && typeof value === 'object' && !Array.isArray(value)) {
      // A map of classes: keep the entries that validate.
      const entries: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const one = inner.safeParse({ [k]: v });
        if (one.success) Object.assign(entries, one.data);
      }
      scalars[key] = entries;
    }
  }
  return { scalars, sections };
}

/** The same shape as {@link salvage} for a document that validated as a whole. */
export function sectionsOf(
  schema: z.ZodObject<Shape>,
  data: Record<string, unknown>,
): { scalars: Record<string, unknown>; sections: Record<string, Section<unknown>> } {
  const scalars: Record<string, unknown> = {};
  const sections: Record<string, Section<unknown>> = {};
  for (const [key, fieldSchema] of Object.entries(schema.shape)) {
    if (unwrap(fieldSchema) instanceof z.ZodArray) {
      const list = (data[key] as unknown[] | undefined) ?? [];
      sections[key] = { items: list.map((value, i) => ({ key: i, value })), complete: true };
    } else if (data[key] !== undefined) scalars[key] = data[key];
  }
  return { scalars, sections };
}
