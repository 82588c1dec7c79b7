import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** netsim's version, from the package.json above this module (src/ and dist/src/ both reach it). */
export function netsimVersion(): string {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'netsim' && pkg.version) return (cached = pkg.version);
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('netsim: package.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}
