/**
 * A map from ids to values: a null-prototype object, so that every id is an ordinary key (`__proto__` is stored,
 * `constructor` and `toString` are absent until set) and the result still serializes as a plain JSON object. Every
 * id-keyed map of a run is one, in memory and read back from a file alike (the results schema gives a file's maps
 * this prototype as it checks them: experiment/id-record.ts), so readers index them by id with no guard.
 */
export function idMap<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
