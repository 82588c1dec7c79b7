#!/usr/bin/env node
// The `netsim` command: a thin shim over the compiled, bundled CLI (npm install builds dist/ via `prepare`: tsc,
// then rolldown.config.js bundles dist/src/cli into dist/cli, and dist/src/cli/code-cache.js writes the chunks'
// V8 code cache, which dist/src/cli/bundle.js compiles them with: docs/architecture.md, "Fast start").
import { URL, fileURLToPath } from 'node:url';
import { loadChunk } from '../dist/src/cli/bundle.js';

const { main } = loadChunk(fileURLToPath(new URL('../dist/cli/main.cjs', import.meta.url)));
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0); // `netsim ... | head` closed the pipe: not an error
  throw e;
});
process.exitCode = await main(process.argv);
