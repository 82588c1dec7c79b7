#!/usr/bin/env node
// The `netsim` command: a thin shim over the compiled, bundled CLI (npm install builds dist/ via `prepare`:
// tsc, then rolldown.config.js bundles dist/src/cli into dist/cli, which starts faster).
import { main } from '../dist/cli/main.js';

process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0); // `netsim ... | head` closed the pipe: not an error
  throw e;
});
process.exitCode = await main(process.argv);
