/**
 * A stable 32-bit hash of a string: FNV-1a over UTF-16 code units, then murmur3's finalizer so
 * that strings differing in the last character still spread over all bits. Same input, same
 * value, on every machine and run (no seeds, no Math.random).
 */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
