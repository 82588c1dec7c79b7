import { appendFileSync, writeFileSync } from 'node:fs';
import { createRequire, register, type LoadHook } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';

/**
 * A preload for measuring how a `netsim` process starts: `node --import dist/bench/startup-probe.js
 * bin/netsim.js ...`. With NETSIM_PROBE_CPU=FILE it writes the process's CPU time (user and system
 * microseconds, `process.cpuUsage()`) to FILE when the process exits; with NETSIM_PROBE_MODULES=FILE
 * it appends to FILE the URL of every ES module the process loads (a load hook, which runs on Node's
 * hooks thread) and, at exit, the path of every CommonJS module in the require cache (`cjs:` then the
 * path); with NETSIM_PROBE_CACHE=FILE (and `bin/netsim.js` as the script) it writes to FILE, at exit, the CLI
 * bundle's chunks the process loaded and whether each ran from its V8 code cache (src/cli/bundle.ts). Used by
 * bench/startup.ts and test/cli-startup.test.ts. The module hook slows loading down, so
 * the two are never measured in the same process.
 */

const cpuFile = process.env.NETSIM_PROBE_CPU;
const modulesFile = process.env.NETSIM_PROBE_MODULES;
const cacheFile = process.env.NETSIM_PROBE_CACHE;

// The hooks thread imports this module again (to find `initialize` and `load`): only the process's
// main thread registers and reports. Worker threads of `netsim compare` are not probed either.
if (isMainThread) {
  if (modulesFile) {
    register(import.meta.url, { data: modulesFile });
    const cache = createRequire(import.meta.url).cache;
    process.on('exit', () =>
      appendFileSync(
        modulesFile,
        Object.keys(cache)
          .map((p) => `cjs:${p}\n`)
          .join(''),
      ),
    );
  }
  if (cpuFile) process.on('exit', () => writeFileSync(cpuFile, JSON.stringify(process.cpuUsage())));
  if (cacheFile && process.argv[1]) {
    // The loader bin/netsim.js imports (the same URL, so the same module): which chunks ran from their cache.
    const url = new URL('../dist/src/cli/bundle.js', pathToFileURL(process.argv[1]));
    const { chunksLoaded } = (await import(url.href)) as typeof import('../src/cli/bundle.js');
    process.on('exit', () => writeFileSync(cacheFile, JSON.stringify(chunksLoaded())));
  }
}

let log: string | undefined;

/** Hooks thread: where to write the module URLs. */
export function initialize(file: string): void {
  log = file;
}

/** Hooks thread: every ES module the process loads passes here once. */
export const load: LoadHook = (url, context, next) => {
  if (log) appendFileSync(log, `${url}\n`);
  return next(url, context);
};
