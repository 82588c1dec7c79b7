import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { writeAtomically } from '../experiment/atomic-write.js';
import { codeCaches, loadChunk } from './bundle.js';
import type { CliIO } from './io.js';

/**
 * The build's last step (`npm run build`, after rolldown): `node dist/src/cli/code-cache.js` runs the
 * commands that must start fast, in this process, from the bundle, then writes every loaded chunk's V8
 * code cache beside it (bundle.ts reads them). V8 compiles a function when it is first called, and a
 * script's cache holds the functions compiled so far: made after these commands ran, it spares them
 * compiling what they call, not only the chunks' top level. Each file is written atomically.
 *
 * The cache carries the V8 flags of the process that made it and V8 refuses it under others
 * (`--max-old-space-size` among them), so it is made with none: what `netsim` and `npx netsim` run with.
 * Under other flags a command compiles from source, as without a cache.
 */

const root = fileURLToPath(new URL('../../..', import.meta.url));

const scenarios = join(root, 'scenarios');

/**
 * The commands run before the caches are written: the help, checking every example scenario, and a run of
 * 20 events (what a run does before it simulates). Measured with callgrind: the run adds its chunks' caches
 * (`run` starts 7% fewer instructions) and costs `validate` nothing measurable (+0.6%, within the noise).
 */
const TRAINING: readonly (readonly string[])[] = [
  ['--help'],
  ['run', '--help'],
  [
    'validate',
    ...readdirSync(scenarios)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => join(scenarios, f)),
  ],
  ['run', join(scenarios, 'mm1.yaml'), '--set', 'warmup=0s', '--set', 'duration=10ms', '--set', 'drain=0s'],
];

const sink = (): Writable => new Writable({ write: (_chunk, _encoding, done) => done() });

async function train(): Promise<void> {
  const { main } = loadChunk(join(root, 'dist', 'cli', 'main.cjs')) as typeof import('./main.js');
  for (const args of TRAINING) {
    const io: CliIO = { stdout: sink(), stderr: sink(), exitCode: 0 };
    const code = await main(['node', 'netsim', ...args], io);
    if (code !== 0) throw new Error(`code cache: netsim ${args.join(' ')} exited ${code}`);
  }
  for (const { file, data } of codeCaches()) writeAtomically(file, data);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.execArgv.length > 0 || process.env.NODE_OPTIONS) {
    // Made again in a process without flags, for the reason above.
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url)], { stdio: 'inherit', env });
    process.exitCode = r.status ?? 1;
  } else {
    await train();
  }
}
