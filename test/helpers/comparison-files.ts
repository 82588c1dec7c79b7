import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A comparison's three files (results.json, results.csv, report.html) with every run's `wall` taken out, the only
 * thing that may differ between two runs: what merged shards and a resumed comparison must equal.
 */
export function comparisonOutputs(dir: string): string[] {
  const json = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { runs: { wall?: unknown }[] };
  for (const r of json.runs) delete r.wall;
  const rows = readFileSync(join(dir, 'results.csv'), 'utf8').trimEnd().split('\n');
  const wall = rows[0].split(',').findIndex((h) => /^wall/.test(h));
  const csv = rows.map((l) =>
    l
      .split(',')
      .filter((_, i) => i !== wall)
      .join(','),
  );
  return [JSON.stringify(json), csv.join('\n'), readFileSync(join(dir, 'report.html'), 'utf8')];
}
