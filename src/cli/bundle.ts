import { readFileSync } from 'node:fs';
import { Module, createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';

/**
 * Runs the CLI bundle (dist/cli: CommonJS chunks, rolldown.config.js) with V8's code cache. Node 20
 * compiles every ES module and CommonJS file from source on each start, and `module.enableCompileCache`
 * came only in Node 22.1; but `vm.Script` takes `cachedData`, V8's serialized bytecode of a script.
 * `code-cache.ts` writes one per chunk after the build (`X.cjs` → `X.cjs.cache`), made after a training
 * run so that it holds the functions the short commands call, not only the chunk's top level. Measured
 * (bench/RESULTS.md, "Fast start, round three"): `validate` about a fifth fewer instructions, `--help` a
 * third fewer above Node's own start.
 *
 * Without a cache file, or when V8 refuses it (another Node or V8 version, other V8 flags, a chunk of
 * another length), the chunk is compiled from source as any script: the same program, started slower.
 * Nothing is written at run time.
 */

/** What happened to a chunk's code cache when it was loaded. */
type CacheUse = 'accepted' | 'rejected' | 'absent';

/** The chunks loaded so far, by absolute path, and what became of their caches. */
const loaded = new Map<string, { script: Script; cache: CacheUse }>();

/** The code cache file of a chunk. */
const cacheFileOf = (chunk: string): string => `${chunk}.cache`;

/** A chunk compiles as Node's CommonJS wrapper does: a function of its module's variables. */
type Wrapper = (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;

function readCache(file: string): Buffer | undefined {
  try {
    return readFileSync(cacheFileOf(file));
  } catch {
    return undefined;
  }
}

/**
 * Loads a chunk of the bundle (an absolute path) and returns its exports; the chunks it requires by a
 * relative path (`./x-hash.cjs`) are loaded the same way, anything else (`node:fs`) by Node's require.
 * Each chunk is also entered in Node's require cache, where a `require` of its path finds it and a tool
 * can list it (bench/startup-probe.ts).
 */
export function loadChunk(file: string): unknown {
  const nodeRequire = createRequire(file);
  const cached = nodeRequire.cache[file];
  if (cached) return cached.exports;
  const source = readFileSync(file, 'utf8');
  const cachedData = readCache(file);
  // The wrapper on the chunk's first line, as Node's CommonJS loader puts it: line numbers stay the chunk's.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData,
  });
  loaded.set(file, {
    script,
    cache: cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted',
  });
  const module = new Module(file);
  module.filename = file;
  nodeRequire.cache[file] = module;
  const dir = dirname(file);
  // A whole require: its resolve, cache and main are Node's, so that code in a chunk reading them works.
  const require: NodeJS.Require = Object.assign(
    (id: string) => (id.startsWith('./') ? loadChunk(join(dir, id)) : nodeRequire(id)),
    {
      resolve: nodeRequire.resolve,
      cache: nodeRequire.cache,
      main: nodeRequire.main,
      extensions: nodeRequire.extensions,
    },
  );
  (script.runInThisContext() as Wrapper)(module.exports, require, module, file, dir);
  module.loaded = true;
  return module.exports;
}

/** The chunks this process loaded and whether each ran from its code cache. */
export function chunksLoaded(): { file: string; cache: CacheUse }[] {
  return [...loaded].map(([file, { cache }]) => ({ file, cache }));
}

/**
 * The code cache of every chunk this process loaded, as it stands now: V8 includes every function compiled
 * so far, so after a training run the cache holds what the commands called (code-cache.ts writes them).
 */
export function codeCaches(): { file: string; data: Buffer }[] {
  return [...loaded].map(([file, { script }]) => ({ file: cacheFileOf(file), data: script.createCachedData() }));
}
