#!/usr/bin/env node
// The `netsim` command: a thin shim over the compiled CLI (npm install builds dist/ via `prepare`).
import { main } from '../dist/src/cli/main.js';

process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0); // `netsim ... | head` closed the pipe: not an error
  throw e;
});
process.exitCode = await main(process.argv);
