// The `netsim` command as bin/netsim.js runs it: tsc's output (dist/src) bundled with its dependencies into
// dist/cli, one chunk per group of modules the commands import lazily (docs/architecture.md, "Fast start").
// Measured (bench/RESULTS.md, "Fast start"): a short command on Node 20 spends much of its time loading modules
// one by one (300 for `validate`, zod's 60 locales among them); bundled, `validate` takes about a third less CPU.
// The library (dist/src/index.js) stays unbundled. The source maps list each chunk's modules: the startup test
// reads them to see what a command loaded.
import { defineConfig } from 'rolldown';

export default defineConfig({
  // The worker is an entry beside the chunks: run-cells.ts finds it as `new URL('./worker.js', import.meta.url)`.
  input: { main: 'dist/src/cli/main.js', worker: 'dist/src/experiment/worker.js' },
  platform: 'node',
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
