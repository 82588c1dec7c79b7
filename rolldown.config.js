// The `netsim` command as bin/netsim.js runs it: tsc's output (dist/src) bundled with its dependencies into
// dist/cli, one chunk per group of modules the commands import lazily (docs/architecture.md, "Fast start").
// Measured (bench/RESULTS.md, "Fast start"): a short command on Node 20 spends much of its time loading modules
// one by one (300 for `validate`, zod's 60 locales among them); bundled, `validate` takes about a third less CPU.
// The library (dist/src/index.js) stays unbundled. The source maps list each chunk's modules: the startup test
// reads them to see what a command loaded.
import { URL, fileURLToPath } from 'node:url';
import { defineConfig } from 'rolldown';

// yaml's ES module build (the one its package.json gives bundlers for browsers; the same code, warnings go to
// console.warn rather than process.emitWarning): rolldown drops what netsim never calls, where the CommonJS
// build (Node's) is kept whole and run module by module. `validate` about 3% fewer instructions (callgrind;
// bench/RESULTS.md, "Fast start, round two"). The library (dist/src) still imports yaml as Node resolves it.
const resolve = { alias: { yaml: fileURLToPath(new URL('./node_modules/yaml/browser/index.js', import.meta.url)) } };

export default defineConfig([
  {
    // The command, as CommonJS chunks (.cjs): src/cli/bundle.ts compiles them with V8's code cache, which Node 20
    // offers for scripts (vm.Script's cachedData) but not for ES modules, and src/cli/code-cache.ts writes that
    // cache after the build (bench/RESULTS.md, "Fast start, round three"). A lazy `import()` becomes a `require`
    // of the chunk, `import.meta.url` the chunk's file URL (from the __filename the loader gives it).
    input: { main: 'dist/src/cli/main.js' },
    platform: 'node',
    resolve,
    output: {
      dir: 'dist/cli',
      format: 'cjs',
      entryFileNames: '[name].cjs',
      chunkFileNames: '[name]-[hash].cjs',
      sourcemap: true,
      sourcemapExcludeSources: true,
      // Also removes the previous build's code cache, so no cache outlives the chunk it was made from.
      cleanDir: true,
    },
  },
  {
    // The experiment worker stays an ES module (it awaits at top level): a bundle of its own beside the
    // command's chunks, where run-cells.ts finds it as `new URL('./worker.js', import.meta.url)`. Built second,
    // into the same directory, without cleaning it.
    input: { worker: 'dist/src/experiment/worker.js' },
    platform: 'node',
    resolve,
    output: {
      dir: 'dist/cli',
      format: 'esm',
      entryFileNames: '[name].js',
      chunkFileNames: 'worker-[name]-[hash].js',
      sourcemap: true,
      sourcemapExcludeSources: true,
    },
  },
]);
