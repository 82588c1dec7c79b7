/** Lookups over a catalog table keyed by `name`, with an error that lists the known names. */
export interface NamedTable<T> {
  names(): string[];
  has(name: string): boolean;
  /** The entry of that name; throws naming `what` and the known names otherwise. */
  get(name: string): T;
}

export function namedTable<T extends { readonly name: string }>(entries: readonly T[], what: string): NamedTable<T> {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const names = (): string[] => entries.map((e) => e.name);
  return {
    names,
    has: (name) => byName.has(name),
    get(name) {
      const e = byName.get(name);
      if (!e) throw new Error(`unknown ${what} '${name}' (known: ${names().join(', ')})`);
      return e;
    },
  };
}
