// The `netsim` command as bin/netsim.js runs it: tsc's output (dist/src) bundled with its dependencies into
// dist/cli, one chunk per group of modules the commands import lazily (docs/architecture.md, "Fast start").
// Measured (bench/RESULTS.md, "Fast start"): a short command on Node 20 spends much of its time loading modules
// one by one (300 for `validate`, zod's 60 locales among them); bundled, `validate` takes about a third less CPU.
// The library (dist/src/index.js) stays unbundled. The source maps list each chunk's modules: the startup test
// reads them to see what a command loaded.
import { URL, fileURLToPath } from 'node:url';
import { defineConfig } from 'rolldown';

export default defineConfig({
  // The worker is an entry beside the chunks: run-cells.ts finds it as `new URL('./worker.js', import.meta.url)`.
  input: { main: 'dist/src/cli/main.js', worker: 'dist/src/experiment/worker.js' },
  platform: 'node',
  // yaml's ES module build (the one its package.json gives bundlers for browsers; the same code, warnings go to
  // console.warn rather than process.emitWarning): rolldown drops what netsim never calls, where the CommonJS
  // build (Node's) is kept whole and run module by module. `validate` about 3% fewer instructions (callgrind;
  // bench/RESULTS.md, "Fast start, round two"). The library (dist/src) still imports yaml as Node resolves it.
  resolve: { alias: { yaml: fileURLToPath(new URL('./node_modules/yaml/browser/index.js', import.meta.url)) } },
  output: {
    dir: 'dist/cli',
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: '[name]-[hash].js',
    sourcemap: true,
    sourcemapExcludeSources: true,
    cleanDir: true,
  },
});
