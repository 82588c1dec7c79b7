import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { stringify } from 'yaml';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { Registry } from '../../src/scenario/index.js';

/** A small valid scenario: host a - router r - host b, one cbr flow. Tests mutate copies of it. */
export function baseScenario(): Record<string, any> {
  return {
    name: 'tiny',
    warmup: '1s',
    duration: '10s',
    drain: '1s',
    nodes: [{ id: 'a', kind: 'host' }, { id: 'r' }, { id: 'b', kind: 'host' }],
    links: [
      { id: 'ar', from: 'a', to: 'r', rate: '10Mbps', delay: '1ms' },
      { id: 'rb', from: 'r', to: 'b', rate: '10Mbps', delay: '1ms' },
    ],
    flows: [{ id: 'f', from: 'a', to: 'b', traffic: { model: 'cbr', interval: '10ms', size: '100B' } }],
  };
}

const dir = mkdtempSync(join(tmpdir(), 'netsim-test-'));
let n = 0;

/** Writes text (or an object, as YAML) to a fresh temporary file and returns its path. */
export function tempFile(content: string | object, ext = '.yaml'): string {
  const path = join(dir, `s${n++}${ext}`);
  writeFileSync(path, typeof content === 'string' ? content : stringify(content));
  return path;
}

class Capture extends Writable {
  text = '';
  isTTY = false;
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Runs the CLI in this process (fast) and captures what it prints and its exit code. */
export function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return cliWith(Registry.builtins, ...args);
}

/** {@link cli} with the node kinds and policies of `registry`. */
export async function cliWith(
  registry: Registry,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const io: CliIO = { stdout, stderr, exitCode: 0 };
  const code = await main(['node', 'netsim', ...args], io, registry);
  return { code, stdout: stdout.text, stderr: stderr.text };
}
