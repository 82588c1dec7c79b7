/**
 * The known key nearest to `key` by edit distance, if it is close enough to be a typo. Keys whose
 * length alone puts them too far are skipped without computing a distance (validation stays linear
 * when a file names thousands of ids).
 */
export function closest(key: string, known: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(key.length / 3));
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const gap = Math.abs(k.length - key.length); // a lower bound of the distance
    if (gap > limit || gap >= bestDistance) continue;
    const d = distance(lower, k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}
